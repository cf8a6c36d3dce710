"""Reports a person reads: markdown, one self-contained HTML page, and JSON for machines."""
from __future__ import annotations

import html
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .formats._io import atomic_write

CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:70rem;
color:#1d2330;padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #dde}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #dde;padding:.35rem .6rem;
text-align:left;vertical-align:top}th{background:#f3f5fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.err{color:#b00020;font-weight:600}.warn{color:#8a5a00}.ok{color:#1b7f3b}code{background:#f3f5fa;padding:0 .2rem}
.small{color:#667;font-size:.85rem}ins{background:#dff5e3;text-decoration:none}del{background:#fde2e1}
"""


def by_risk(review: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Review rows, lowest confidence (highest risk) first; rows without one (stale human translations)
    after the machine translations."""
    return sorted(review, key=lambda r: r.get("confidence", 2.0))


def summary(result: Any) -> dict[str, Any]:
    return {
        "model": result.model,
        "engine_calls": result.engine_calls,
        "locales": {loc: asdict(st) for loc, st in sorted(result.stats.items())},
        "scores": result.scores,
        "timings_s": {k: round(v, 3) for k, v in result.timings.items()},
        "written": result.written,
        "errors": result.errors,
        "issues": [asdict(i) for i in result.issues],
        "review": by_risk(result.review),
    }


def _rate(ok: int, n: int) -> str:
    return f"{100.0 * ok / n:.1f}% ({ok}/{n})" if n else "-"


def markdown(data: dict[str, Any]) -> str:
    lines = ["# localize translation report", "", f"Model: `{data['model']}`, engine calls: {data['engine_calls']}", ""]
    lines += ["| locale | translated | from memory (units) | final | fuzzy / review | failed checks | glossary compliance |",
              "|---|---:|---:|---:|---:|---:|---|"]
    for loc, st in data["locales"].items():
        lines.append(f"| {loc} | {st['translated']} | {st['from_memory']} | {st['final']} | {st['fuzzy']} | "
                     f"{st['failed_checks']} | {_rate(st['glossary_compliant'], st['glossary_strings'])} |")
    if data["scores"]:
        lines += ["", "## Quality (held-out human strings)", "", "| locale | chrF | BLEU | strings | mean confidence |",
                  "|---|---:|---:|---:|---:|"]
        for loc, sc in data["scores"].items():
            conf = f"{sc['confidence']:.2f}" if "confidence" in sc else ""
            lines.append(f"| {loc} | {sc['chrf']:.1f} | {sc['bleu']:.1f} | {int(sc['n'])} | {conf} |")
    lines += ["", "## Time per stage", "", "| stage | seconds |", "|---|---:|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in data["timings_s"].items()]
    errors = [i for i in data["issues"] if i["severity"] == "error"]
    warnings = [i for i in data["issues"] if i["severity"] == "warning"]
    lines += ["", f"## Top issues ({len(errors)} errors, {len(warnings)} warnings)", ""]
    for i in (errors + warnings)[:50]:
        lines.append(f"- `{i['path']}:{i['location']}` [{i['locale']}] **{i['severity']}** {i['check']}: {i['message']}")
    lines += ["", f"## For review ({len(data['review'])}, lowest confidence first)", "",
              "| confidence | file | locale | key/line | source | translation | why |", "|---:|---|---|---|---|---|---|"]
    for r in data["review"][:200]:
        conf = f"{r['confidence']:.2f}" if "confidence" in r else ""
        cells = [conf, r["file"], r["locale"], r["key"], r["source"], r["target"], r["reason"]]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", "⏎") for c in cells) + " |")
    if data["errors"]:
        lines += ["", "## Files that failed", ""] + [f"- {e}" for e in data["errors"]]
    return "\n".join(lines) + "\n"


def page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><style>{CSS}</style></head>"
            f"<body>{body}</body></html>\n")


def html_report(data: dict[str, Any]) -> str:
    e = html.escape
    out = [f"<h1>localize translation report</h1><p class=small>Model <code>{e(data['model'])}</code> · "
           f"engine calls: {data['engine_calls']}</p>", "<h2>Per locale</h2><table><tr><th>locale</th><th>translated</th>"
           "<th>from memory</th><th>final</th><th>for review</th><th>failed checks</th><th>glossary</th></tr>"]
    for loc, st in data["locales"].items():
        cls = "err" if st["failed_checks"] else "ok"
        out.append(f"<tr><td>{e(loc)}</td><td class=num>{st['translated']}</td><td class=num>{st['from_memory']}</td>"
                   f"<td class=num>{st['final']}</td><td class=num>{st['fuzzy']}</td><td class='num {cls}'>"
                   f"{st['failed_checks']}</td><td>{_rate(st['glossary_compliant'], st['glossary_strings'])}</td></tr>")
    out.append("</table>")
    if data["scores"]:
        out.append("<h2>Quality on held-out human strings</h2><table><tr><th>locale</th><th>chrF</th><th>BLEU</th><th>n</th>"
                   "<th>mean confidence</th></tr>")
        for loc, sc in data["scores"].items():
            conf = f"{sc['confidence']:.2f}" if "confidence" in sc else ""
            out.append(f"<tr><td>{e(loc)}</td><td class=num>{sc['chrf']:.1f}</td><td class=num>{sc['bleu']:.1f}</td>"
                       f"<td class=num>{int(sc['n'])}</td><td class=num>{conf}</td></tr>")
        out.append("</table>")
    out.append("<h2>Time per stage</h2><table><tr><th>stage</th><th>seconds</th></tr>")
    out += [f"<tr><td>{e(k)}</td><td class=num>{v:.2f}</td></tr>" for k, v in data["timings_s"].items()]
    out.append("</table>")
    issues = sorted(data["issues"], key=lambda i: i["severity"] != "error")[:100]
    out.append("<h2>Top issues</h2><table><tr><th>where</th><th>locale</th><th>severity</th><th>check</th><th>message</th></tr>")
    for i in issues:
        cls = "err" if i["severity"] == "error" else "warn"
        out.append(f"<tr><td><code>{e(i['path'])}:{e(str(i['location']))}</code></td><td>{e(i['locale'])}</td>"
                   f"<td class={cls}>{e(i['severity'])}</td><td>{e(i['check'])}</td><td>{e(i['message'])}</td></tr>")
    out.append("</table>")
    out.append(f"<h2>For review ({len(data['review'])}, lowest confidence first)</h2><table><tr><th>confidence</th>"
               "<th>file</th><th>locale</th><th>key</th><th>source</th><th>machine translation</th><th>why</th></tr>")
    for r in data["review"][:500]:
        conf = f"{r['confidence']:.2f}" if "confidence" in r else ""
        cls = "err" if "confidence" in r and r["confidence"] < 0.5 else ""
        out.append(f"<tr><td class='num {cls}'>{conf}</td>"
                   + "".join(f"<td>{e(str(r[k]))}</td>" for k in ("file", "locale", "key", "source", "target", "reason"))
                   + "</tr>")
    out.append("</table>")
    return page("localize translation report", "".join(out))


def write_reports(result: Any, out_dir: Path) -> dict[str, Path]:
    data = summary(result)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"md": out_dir / "report.md", "html": out_dir / "report.html", "json": out_dir / "report.json"}
    atomic_write(paths["md"], markdown(data).encode("utf-8"))
    atomic_write(paths["html"], html_report(data).encode("utf-8"))
    atomic_write(paths["json"], (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return paths


def run_json(result: Any, dry_run: bool) -> str:
    """`translate --json`: the run's summary for machines."""
    return json.dumps({
        "model": result.model, "engine_calls": result.engine_calls, "workers": result.workers,
        "locales": {k: asdict(v) for k, v in sorted(result.stats.items())},
        "written": result.written, "errors": result.errors,
        "issues": [asdict(i) for i in result.issues if i.severity == "error"],
        "review": len(result.review), "scores": result.scores,
        "review_items": by_risk(result.review),  # each with its confidence, lowest first
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
        "diffs": result.diffs if dry_run else {},
    }, ensure_ascii=False, indent=2)


def run_summary(result: Any, dry_run: bool, report_dir: str | None) -> tuple[list[str], list[tuple[str, bool]]]:
    """`translate`'s output for a person: a dry run's diffs (printed as they are), then the summary's
    (line, goes to stderr)."""
    diffs = list(result.diffs.values()) if dry_run else []
    out: list[tuple[str, bool]] = []
    if not result.stats:
        skipped = any(i.check == "skipped" for i in result.issues)
        out.append(("Nothing translated: the files named are not in the languages asked for (see the warnings)."
                    if skipped else "Nothing to translate: every entry is translated and up to date (0 engine calls).",
                    False))
    for loc, st in sorted(result.stats.items()):
        cldr = f", {st.from_cldr} day/month names, date formats and number settings from CLDR" if getattr(st, "from_cldr", 0) else ""
        near = f", {st.near_memory} of them near matches" if getattr(st, "near_memory", 0) else ""
        out.append((f"{loc}: {st.translated} translated ({st.from_memory} units from memory{near}{cldr}), "
                    f"{st.final} final, {st.fuzzy} fuzzy for review, {st.failed_checks} failed checks"
                    + (f", {st.promoted} earlier fuzzy made final (no engine)" if st.promoted else "")
                    + (f", {st.low_confidence} below min_confidence" if getattr(st, "low_confidence", 0) else "")
                    + (f", {st.stale_human} stale human translation(s): source changed" if st.stale_human else ""),
                    False))
    errors = [i for i in result.issues if i.severity == "error"]
    out += [(f"  {issue}", False) for issue in errors[:10]]
    if len(errors) > 10:
        out.append((f"  ... and {len(errors) - 10} more error-level issues", False))
    out += [(f"failed: {e}", True) for e in result.errors]
    out += [(f"warning: {i.message}", True) for i in result.issues
            if i.check in ("quality-gate", "provenance", "skipped") and i.severity != "error"]
    verb = "would change" if dry_run else "wrote"
    files = list(result.diffs) if dry_run else result.written
    if files:  # a long list is cut like the issues above (the report and --json list them all)
        shown = ", ".join(files[:10]) + (f", ... and {len(files) - 10} more" if len(files) > 10 else "")
        out.append((f"{verb} {len(files)} file(s): " + shown, False))
    if report_dir:
        out.append((f"report: {Path(report_dir) / 'report.html'}", False))
    return diffs, out
