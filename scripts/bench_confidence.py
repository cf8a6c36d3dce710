#!/usr/bin/env python3
"""How well the confidence decides final vs review, on the package-disjoint test split (issue 13).

Every embedded model translates up to --n test strings of 3+ words per language (gettext and web sets)
through the pipeline's own path; each output gets the confidence `translate` would give it, and is scored
against the human reference with sentence chrF.  A string is made final by `--final` when no error-level
check fails and its confidence reaches the threshold; garbage := sentence chrF < 25.

Prints markdown: the curve (final share vs garbage share among final, at several thresholds), the figures
per language at the shipped default threshold, and the calibration per tenth of predicted confidence;
writes the curve as an SVG plot (--svg, default docs/confidence_curve.svg).

Usage: python scripts/bench_confidence.py [--n 2000] [--svg docs/confidence_curve.svg] [--readme README.md]
--readme replaces the text between <!-- confidence:begin --> and <!-- confidence:end --> with the tables.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from pathlib import Path

from confidence_data import GARBAGE, ROOT, collect, row_errors, row_features

from localize import confidence

THRESHOLDS = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.925, 0.94, 0.95, 0.96, 0.97, 0.98)


def curve(rows: list[dict], scores: list[float], errors: list[bool], t: float) -> tuple[float, float, float, int]:
    """(final share, garbage share among final, acceptable share among final, final count) at threshold t."""
    final = [r for r, s, e in zip(rows, scores, errors) if s >= t and not e]
    n = len(final)
    acc = confidence.model().meta.get("acceptable", "") if confidence.model() else ""
    thr = float(acc.split(">=")[1].split()[0]) if ">=" in acc else GARBAGE
    return (n / len(rows) if rows else 0.0, sum(r["chrf"] < GARBAGE for r in final) / n if n else 0.0,
            sum(r["chrf"] >= thr for r in final) / n if n else 0.0, n)


def svg(points: list[tuple[float, float, float]], default: tuple[float, float], path: Path) -> None:
    """A small line plot: x = share of strings made final, y = garbage share among them."""
    w, h, left, bottom, top, right = 560, 360, 60, 45, 20, 20
    xmax, ymax = 1.0, max(0.08, max(p[1] for p in points) * 1.1)

    def xy(x: float, y: float) -> tuple[float, float]:
        return left + x / xmax * (w - left - right), h - bottom - y / ymax * (h - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>']
    for i in range(11):  # grid and x labels
        x, _ = xy(i / 10, 0)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{h - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{h - bottom + 16}" text-anchor="middle">{i * 10}%</text>')
    steps = 8
    for i in range(steps + 1):
        y = ymax * i / steps
        _, yy = xy(0, y)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{w - right}" y2="{yy:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{y * 100:.1f}%</text>')
    _, y1 = xy(0, 0.01)
    out.append(f'<line x1="{left}" y1="{y1:.1f}" x2="{w - right}" y2="{y1:.1f}" stroke="#b00020" stroke-dasharray="4 3"/>')
    x60, _ = xy(0.6, 0)
    out.append(f'<line x1="{x60:.1f}" y1="{top}" x2="{x60:.1f}" y2="{h - bottom}" stroke="#b00020" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{w - right - 4}" y="{y1 - 4:.1f}" text-anchor="end" fill="#b00020">target: garbage &#8804; 1%, final &#8805; 60%</text>')
    pts = " ".join(f"{xy(x, y)[0]:.1f},{xy(x, y)[1]:.1f}" for x, y, _t in sorted(points))
    out.append(f'<polyline points="{pts}" fill="none" stroke="#1d4ed8" stroke-width="2"/>')
    for x, y, t in points:
        px, py = xy(x, y)
        out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="#1d4ed8"/>')
        if t in (0.0, 0.8, 0.9, 0.95, 0.98):
            out.append(f'<text x="{px + 5:.1f}" y="{py - 6:.1f}" fill="#1d4ed8">{t:g}</text>')
    dx, dy = xy(*default)
    out.append(f'<circle cx="{dx:.1f}" cy="{dy:.1f}" r="6" fill="none" stroke="#1b7f3b" stroke-width="2"/>')
    out.append(f'<text x="{dx + 8:.1f}" y="{dy + 16:.1f}" fill="#1b7f3b">default min_confidence</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 8}" text-anchor="middle">share of strings made final '
               '(test split, 3+ words)</text>')
    out.append(f'<text x="14" y="{(top + h - bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 '
               f'{(top + h - bottom) / 2})">garbage among final (chrF &lt; 25)</text>')
    out.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n", "utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000, help="test strings per language")
    ap.add_argument("--svg", default=str(ROOT / "docs" / "confidence_curve.svg"))
    ap.add_argument("--readme", default="", help="put the tables into this file between the markers")
    args = ap.parse_args()
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = report(args)
    print(buf.getvalue(), end="")
    if args.readme and code == 0:
        path = Path(args.readme)
        text = path.read_text("utf-8")
        new = re.sub(r"(<!-- confidence:begin -->\n).*?(<!-- confidence:end -->)",
                     lambda m: m.group(1) + buf.getvalue() + m.group(2), text, flags=re.S)
        path.write_text(new, "utf-8")
    return code


def report(args: argparse.Namespace) -> int:
    m = confidence.model()
    if m is None:
        print("no fitted model: run scripts/fit_confidence.py first", file=sys.stderr)
        return 2
    rows = collect("test", args.n, log=lambda msg: print(msg, file=sys.stderr))
    scores = [m.score(row_features(r)) for r in rows]
    errors = [row_errors(r) for r in rows]
    acc_thr = float(m.meta["acceptable"].split(">=")[1].split()[0])
    default = m.min_confidence
    print(f"Test split, strings of 3+ words: {len(rows)} (models: {', '.join(sorted({r['model'] for r in rows}))}; "
          f"{', '.join(sorted({r['lang'] for r in rows}))}); error-level check failures: {sum(errors)}; "
          f"garbage overall: {100 * sum(r['chrf'] < GARBAGE for r in rows) / len(rows):.1f}%\n")
    print("| min_confidence | final | garbage among final | acceptable among final |")
    print("|---:|---:|---:|---:|")
    points = []
    for t in sorted(set(THRESHOLDS) | {default}):
        share, garbage, acc, n = curve(rows, scores, errors, t)
        points.append((share, garbage, t))
        mark = " (default)" if t == default else ""
        print(f"| {t:g}{mark} | {100 * share:.1f}% ({n}) | {100 * garbage:.2f}% | {100 * acc:.1f}% |")
    print("\nPer language at the default threshold:\n")
    print("| model | language | strings | final | garbage among final |")
    print("|---|---|---:|---:|---:|")
    for model, lang in sorted({(r["model"], r["lang"]) for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang and r["model"] == model]
        share, garbage, _acc, n = curve([rows[i] for i in idx], [scores[i] for i in idx], [errors[i] for i in idx], default)
        print(f"| {model} | {lang} | {len(idx)} | {100 * share:.1f}% | {100 * garbage:.2f}% |")
    print(f"\nCalibration (acceptable := sentence chrF >= {acc_thr:g}):\n")
    print("| predicted confidence | strings | mean predicted | observed acceptable | difference |")
    print("|---|---:|---:|---:|---:|")
    worst = 0.0
    for b in range(10):
        lo, hi = b / 10, (b + 1) / 10
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == 9 and s == 1.0)]
        if not idx:
            print(f"| {lo:.1f}-{hi:.1f} | 0 | | | |")
            continue
        pred = sum(scores[i] for i in idx) / len(idx)
        obs = sum(rows[i]["chrf"] >= acc_thr for i in idx) / len(idx)
        if len(idx) >= 30:
            worst = max(worst, abs(pred - obs))
        print(f"| {lo:.1f}-{hi:.1f} | {len(idx)} | {100 * pred:.1f}% | {100 * obs:.1f}% | {100 * (obs - pred):+.1f} |")
    print(f"\nLargest calibration gap (tenths with 30+ strings): {100 * worst:.1f} points")
    svg(points, curve(rows, scores, errors, default)[:2], Path(args.svg))
    print(f"\nplot: {args.svg}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
