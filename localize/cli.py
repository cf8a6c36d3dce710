"""Command-line interface: the only click importer.  Parses options, calls the library, formats
output.  Library errors become one-line messages and exit code 2 here and nowhere else."""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__

EXIT_OK, EXIT_CHECKS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"localize: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import LocalizeError
        try:
            return fn(*args, **kwargs)
        except LocalizeError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            click.echo("localize: interrupted; translations finished so far are kept in the memory (not with "
                       "--dry-run or --no-memory), files were not half-written", err=True)
            sys.exit(130)
    return wrapper


def config_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--config", "-c", "config_path", type=click.Path(dir_okay=False),
                      help="localize.toml to use (default: ./localize.toml if present).")(fn)
    return fn


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--json", "as_json", is_flag=True, help="Print a machine-readable JSON summary.")(fn)
    fn = click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary (check: and the errors).")(fn)
    return fn


def _annotate(findings: Any, as_json: bool, base: Path | None = None) -> None:
    """Under GitHub Actions every finding is also a workflow command (`::error file=po/de.po,line=42::...`),
    shown on the pull request's diff; on stderr with --json, so stdout stays JSON.  `base`: what the
    findings' paths are relative to (default: the working directory)."""
    from .ci import in_github_actions, workflow_commands
    if in_github_actions():
        for line in workflow_commands(findings, cwd=base):
            click.echo(line, err=as_json)


def _settings(config_path: str | None) -> Any:
    from .config import load
    return load(config_path)


def _locales(to: str | None) -> list[str] | None:
    if not to:
        return None
    from .plurals import normalize
    return [normalize(x.strip()) for x in to.split(",") if x.strip()]


def _spellings(to: str | None) -> dict[str, str]:
    """--to as written ("pt-BR"), by normalized locale: the spelling of files a template implies."""
    from .plurals import normalize
    return {normalize(x.strip()): x.strip() for x in (to or "").split(",") if x.strip()}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="localize")
def main() -> None:
    """localize: translate gettext PO and JSON string resources with CTranslate2 models,
    protecting placeholders, enforcing glossaries and checking every result.

    \b
    Example:
      localize translate                 # everything localize.toml names
      localize translate po/de.po        # one catalog, locale from its header
      localize check po/*.po --json      # QA checks for CI
    """


# ---------------------------------------------------------------------------------------- translate

@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@config_option
@click.option("--to", help="Comma-separated target locales (default: [project] targets).")
@click.option("--overwrite", is_flag=True, help="Also re-translate entries a human translated.")
@click.option("--final", is_flag=True, help="Write entries that pass every error-level check and reach [output] "
              "min_confidence as final (not fuzzy); the rest stay fuzzy with the reason.")
@click.option("--dry-run", is_flag=True, help="Show what would be translated and the diff; write nothing.")
@click.option("--keep-going", is_flag=True, help="Go on with the other files when one cannot be read.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False), help="Write report.md/.html/.json here.")
@click.option("--ci", is_flag=True, help="Exit 1 when a check or a quality gate fails.")
@click.option("--model", help="Model directory (default: the configured or embedded model).")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), help="Where the engine runs.")
@click.option("--min-chrf", type=float, help="Quality gate: minimum chrF on held-out human strings.")
@click.option("--min-bleu", type=float, help="Quality gate: minimum BLEU on held-out human strings.")
@click.option("--no-memory", is_flag=True, help="Neither read nor write the translation memory.")
@click.option("--n-best", type=click.IntRange(min=1), default=None,
              help="Hypotheses per string for the checks to choose from (default: [engine] num_hypotheses, 4).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
              help="With --final: the confidence an entry needs to be final (default: [output] min_confidence, "
                   "else the calibrated default).")
@click.option("--cluster", "cluster", metavar="ADDRESS", default=None,
              help="Translate on a Ray cluster (pip install 'localize[cluster]'): auto (RAY_ADDRESS or a running "
                   "`ray start`), ray://HOST:PORT, or local:N (a private Ray with N workers on 127.0.0.1); "
                   "default: [engine] cluster.")
@output_options
@handle_errors
def translate(paths: tuple[str, ...], config_path: str | None, to: str | None, overwrite: bool, final: bool,
              dry_run: bool, keep_going: bool, report_dir: str | None, ci: bool, model: str | None,
              device: str | None, min_chrf: float | None, min_bleu: float | None, no_memory: bool,
              n_best: int | None, min_confidence: float | None, cluster: str | None, as_json: bool,
              quiet: bool) -> None:
    """Translate what is missing or stale, in one batched pass over all files and locales.

    \b
    Examples:
      localize translate                       # as localize.toml says
      localize translate --to de,fr --dry-run  # preview the diff
      localize translate po/pl.po --final      # one catalog; checked, confident entries not fuzzy
      localize translate --ci --min-chrf 40 --report out/
      localize translate --cluster auto        # on the Ray cluster RAY_ADDRESS names
    """
    from .memory import Memory
    from .pipeline import Options, Pipeline

    settings = _settings(config_path)
    if min_chrf is not None:
        settings.quality.min_chrf = {"*": min_chrf}
    if min_bleu is not None:
        settings.quality.min_bleu = {"*": min_bleu}
    if min_confidence is not None:
        settings.min_confidence = min_confidence
    if not paths and not settings.resources:
        _fail("nothing to translate: give PATHs or a localize.toml with [[resources]]")
    opts = Options(locales=_locales(to), spellings=_spellings(to), overwrite=overwrite, final=final or settings.final, dry_run=dry_run,
                   keep_going=keep_going, n_best=n_best or settings.engine.num_hypotheses, ci=ci)
    glossary = _glossary(settings)
    address = cluster or settings.engine.cluster
    if address:
        from .cluster import LazyExecutor, parse_address, require_ray
        parse_address(address)
        require_ray()  # without the extra: one line naming it, exit 2, before anything is read
    from .engine.lazy import LazyEngine
    engine = LazyEngine(settings, device, model, address)

    # a dry run reads the memory into a private copy: it writes nothing, not even .localize/
    memory = None if no_memory else Memory(settings.resolve(settings.memory), readonly=dry_run)
    bar: Any = None
    show = not quiet and not as_json and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not show:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="translating", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        pipe = Pipeline(settings, engine, opts, memory=memory, glossary=glossary, progress=progress,
                        on_wait=lambda message: click.echo(f"localize: {message}", err=True),
                        executor=LazyExecutor(lambda: engine.executor) if address else None)
        result = pipe.run(list(paths))
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
        if memory is not None:
            memory.close()
        engine.close()
    known = engine.known
    result.model = known.model_id if known is not None else "(engine not needed)"
    report_dir = report_dir or (None if dry_run else settings.report)  # a dry run writes only an asked-for report
    if report_dir:
        from .report import write_reports
        write_reports(result, Path(report_dir))
    _annotate(result.issues, as_json, settings.root)  # the run's paths are relative to the project root
    _print_translate(result, as_json, dry_run, report_dir)
    if result.errors:  # files that could not be read or written (listed above), or locales without a model
        sys.exit(EXIT_USAGE)
    if ci and result.error_count:  # a quality gate or an error-level check failed (those entries stayed fuzzy)
        sys.exit(EXIT_CHECKS)


def _glossary(settings: Any) -> Any:
    from .glossary import Glossary, expand
    paths = [settings.resolve(p) for p in settings.glossaries]  # default: glossaries/*.csv
    if not expand(paths):
        return None
    return Glossary.load(paths, settings.source)


def _print_translate(result: Any, as_json: bool, dry_run: bool, report_dir: str | None) -> None:
    from . import report
    if as_json:
        click.echo(report.run_json(result, dry_run))
        return
    diffs, lines = report.run_summary(result, dry_run, report_dir)
    for diff in diffs:
        click.echo(diff, nl=False)
    for text, to_stderr in lines:
        click.echo(text, err=to_stderr)


# ---------------------------------------------------------------------------------------- check

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--source-file", type=click.Path(dir_okay=False), help="Source-language bundle for JSON targets.")
@click.option("--to", help="Locale of the files (default: from the PO header or the file name).")
@click.option("--include-fuzzy", is_flag=True, help="Check fuzzy entries too (gettext ignores them at run time).")
@output_options
@handle_errors
def check(paths: tuple[str, ...], source_file: str | None, to: str | None, include_fuzzy: bool,
          as_json: bool, quiet: bool) -> None:
    """Run the QA checks on catalogs and bundles, human or machine translated.

    Exit code 1 when an error-level check fails, 2 when a file cannot be read (the others are still
    checked and reported).

    \b
    Examples:
      localize check po/*.po
      localize check locales/            (every resource file under it)
      localize check --source-file i18n/en.json i18n/de.json --json
    """
    from .audit import audit_files, is_source_file
    from .errors import LocalizeError, ParseError
    from .formats import expand
    expanded = expand(list(paths))
    if not expanded:
        raise ParseError(paths[0], "no string resource files here (PO, JSON, XLIFF, .ts, .properties, ...)")
    sources = {p for p in expanded if is_source_file(p, source_file)}  # checked against, not checked
    if sources and len(sources) == len(expanded):
        raise ParseError(expanded[0], "the source-language file: check its translations (or name the "
                                      "source with --source-file)")
    paths = tuple(p for p in expanded if p not in sources)
    unreadable: list[LocalizeError] = []  # one broken file does not hide the others' issues
    issues = audit_files(list(paths), source_file, _locales(to), include_fuzzy, unreadable)
    errors = [i for i in issues if i.severity == "error"]
    _annotate(issues, as_json)
    if as_json:
        from dataclasses import asdict
        click.echo(json.dumps({"errors": len(errors), "warnings": len(issues) - len(errors),
                               "issues": [asdict(i) for i in issues], "unreadable": [str(e) for e in unreadable]},
                              ensure_ascii=False, indent=2))
    else:
        for i in (errors if quiet else issues):  # --quiet: the errors and the summary, not the warnings
            click.echo(str(i))
        click.echo(f"{len(errors)} error(s), {len(issues) - len(errors)} warning(s) in {len(paths)} file(s)"
                   + (f", {len(unreadable)} unreadable" if unreadable else ""))
    for exc in unreadable:
        click.echo(f"localize: error: {exc}", err=True)
    sys.exit(EXIT_USAGE if unreadable else EXIT_CHECKS if errors else EXIT_OK)


# ---------------------------------------------------------------------------------------- detect

@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--lines", "lines_file", type=click.File("r", encoding="utf-8"),
              help="Detect each line of FILE ('-' for stdin): prints lang<TAB>confidence<TAB>text.")
@click.option("--candidates", help="Comma-separated languages to choose from.")
@click.option("--source-lang", default="en", show_default=True, help="Declared source language.")
@click.option("--backend", type=click.Choice(["builtin", "lingua", "py3langid", "langdetect"]),
              help="Statistical detector (default: builtin, the in-domain model shipped in the package, "
                   "chosen by scripts/bench_langid.py).")
@output_options
@handle_errors
def detect(paths: tuple[str, ...], lines_file: Any, candidates: str | None, source_lang: str,
           backend: str | None, as_json: bool, quiet: bool) -> None:
    """Detect languages; report sources not in the source language and translations not in theirs.

    \b
    Examples:
      localize detect po/*.po
      printf 'Datei öffnen\\nOK\\n' | localize detect --lines -
    """
    from . import langid
    cands = _locales(candidates)
    if lines_file is not None:
        rows = []
        for line in lines_file:
            text = line.rstrip("\n")
            g = langid.detect(text, cands, None, backend)
            if as_json:
                rows.append({"lang": g.lang, "confidence": round(g.confidence, 4), "text": text})
            else:
                click.echo(f"{g.lang or ''}\t{g.confidence:.2f}\t{text}")
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not paths:
        _fail("give PATHs or --lines FILE")
    from .audit import detect_files
    findings = detect_files(list(paths), source_lang, cands, backend)
    _annotate(findings, as_json)
    if as_json:
        click.echo(json.dumps([f.__dict__ for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            click.echo(str(f))
        click.echo(f"{len(findings)} suspicious string(s)")
    sys.exit(EXIT_CHECKS if findings else EXIT_OK)


# ---------------------------------------------------------------------------------------- score

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--against", "ref_dir", type=click.Path(file_okay=False),
              help="Folder of reference translations with the same file names.")
@click.option("--limit", type=int, default=300, show_default=True, help="Held-out strings per file.")
@config_option
@output_options
@handle_errors
def score(paths: tuple[str, ...], ref_dir: str | None, limit: int, config_path: str | None,
          as_json: bool, quiet: bool) -> None:
    """Score translations with BLEU, chrF, chrF++ and TER (sacrebleu, with signatures).

    Without --against, the human translations in PATHs are held out, machine-translated and scored
    against the human text (a regression canary for the model on your own strings).

    \b
    Examples:
      localize score po/de.po po/fr.po
      localize score --against reference/ out/de.po
    """
    from .audit import score_files
    settings = _settings(config_path)
    rows = score_files(list(paths), ref_dir, settings, limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['file']} [{r['locale']}] n={r['n']}: " +
                   ", ".join(f"{k} {v['score']:.1f}" for k, v in r["scores"].items())
                   + (f", mean confidence {r['confidence']:.2f}" if "confidence" in r else ""))
        for low in r.get("lowest_confidence", [])[:3]:
            click.echo(f"  lowest confidence {low['confidence']:.2f} (chrF {low['chrf']:.0f}): "
                       f"{low['source']!r} -> {low['machine']!r}")
    for sig in sorted({v["signature"] for r in rows for v in r["scores"].values()}):
        click.echo(f"  signature: {sig}")


# ---------------------------------------------------------------------------------------- glossary

@main.group()
def glossary() -> None:
    """Glossaries: terms per locale, do-not-translate words, regional variants.

    \b
    Example:
      localize glossary check
      localize glossary diff --html diff.html
    """


@glossary.command("check")
@config_option
@output_options
@handle_errors
def glossary_check(config_path: str | None, as_json: bool, quiet: bool) -> None:
    """Glossary compliance per locale on the project's translated strings.

    \b
    Example:
      localize glossary check --json
    """
    settings = _settings(config_path)
    g = _glossary(settings)
    if g is None:
        _fail("no glossary found (glossaries/*.csv, or [glossary] paths in localize.toml)")
    from .glossary import compliance_report
    rows = compliance_report(settings, g)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for loc, r in sorted(rows.items()):
        click.echo(f"{loc}: {r['compliant']}/{r['with_terms']} strings with glossary terms comply ({r['rate']:.1f}%)")


@glossary.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--markdown", "md_out", type=click.Path(dir_okay=False), help="Write the markdown here.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), help="Write the HTML page here.")
@config_option
@handle_errors
def glossary_diff(old: str | None, new: str | None, md_out: str | None, html_out: str | None,
                  config_path: str | None) -> None:
    """What a glossary change does to the product's strings (default: git HEAD vs working tree).

    \b
    Examples:
      localize glossary diff --html glossary-diff.html
      localize glossary diff old.csv glossaries/terms.csv
    """
    settings = _settings(config_path)
    from .glossary_diff import run_diff
    md, html = run_diff(settings, old, new)
    if md_out:
        Path(md_out).write_text(md, "utf-8")
    if html_out:
        Path(html_out).write_text(html, "utf-8")
    if not md_out:
        click.echo(md)


# ---------------------------------------------------------------------------------------- model

@main.group()
def model() -> None:
    """Models: list, import Hugging Face checkpoints, train the default, adapt.

    \b
    Example:
      localize model list
    """


@model.command("list")
@config_option
@output_options
@handle_errors
def model_list(config_path: str | None, as_json: bool, quiet: bool) -> None:
    """Show the models available and their languages.

    \b
    Example:
      localize model list --json
    """
    from .engine import embedded_models, resolve_model
    from .engine.ct2 import list_models
    settings = _settings(config_path)
    dirs = [*embedded_models(), settings.resolve(".localize/models")]
    dirs += [resolve_model(p, {}, settings.root) for p in settings.engine.models.values()]
    cards = list_models(dirs)
    if as_json:
        click.echo(json.dumps([{"name": c.name, "path": str(c.path), "source": c.source_languages,
                                "targets": c.target_languages, "embedded": c.path.parent == embedded_models()[0].parent
                                if embedded_models() else False,
                                "size_bytes": c.raw.get("size_bytes"), "parameters": c.raw.get("parameters"),
                                "scores": c.raw.get("scores", {}), "scores_web": c.raw.get("scores_web", {})}
                               for c in cards], indent=2))
        return
    for c in cards:
        click.echo(f"{c.name}\t{','.join(c.source_languages)} -> {','.join(c.target_languages)}\t{c.path}")
        for label, key in (("gettext test", "scores"), ("web-app test", "scores_web")):
            sc = c.raw.get(key) or {}
            if sc:
                cells = ", ".join(f"{lang} {v['chrf']:.1f}" for lang, v in sc.items() if "chrf" in v)
                click.echo(f"\t  chrF on the {label} split: {cells}")


@model.command("import")
@click.argument("src", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Model directory to create.")
@click.option("--quantization", default="int8", show_default=True, help="int8, int8_float16, float16 or none.")
@click.option("--name", help="Model name for the card (default: the folder name).")
@handle_errors
def model_import(src: str, out_dir: str, quantization: str, name: str | None) -> None:
    """Convert a local Hugging Face checkpoint (OPUS-MT/Marian, NLLB, M2M100) with CTranslate2's
    converter, copy its tokenizer and write the model card.  Needs the [convert] extra.

    \b
    Example:
      localize model import ./opus-mt-en-de --out models/opus-en-de
    """
    from .convert import import_model
    card = import_model(Path(src), Path(out_dir), None if quantization == "none" else quantization, name)
    click.echo(f"imported {card['name']}: {','.join(card['source_languages'])} -> "
               f"{','.join(card['target_languages'])} in {out_dir}")


@model.command("train")
@click.option("--corpora", default="corpora", show_default=True, type=click.Path(file_okay=False))
@click.option("--group", default="default", show_default=True,
              help="Which embedded model (default: de, fr, es, it, pt_BR, nl, pl, ru, ja, zh_CN).")
@click.option("--langs", help="Target languages (default: the group's).")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Model directory (default: the group's embedded model inside the package).")
@click.option("--minutes", type=float, default=88.0, show_default=True, help="This run's training time budget.")
@click.option("--resume", is_flag=True, help="Continue from the last checkpoint in the cache (same vocabulary, "
              "architecture and schedule).")
@click.option("--preset", type=click.Choice(["cpu", "gpu"]), default=None,
              help="Model size: cpu (10.5M parameters) or gpu (48M); default: from --device.")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)
@click.option("--precision", type=click.Choice(["bf16", "fp32"]), default="bf16", show_default=True,
              help="bf16 autocast (AMX on CPU) or fp32.")
@click.option("--lr", type=float, default=None, help="Peak learning rate (new runs).")
@click.option("--warmup", type=int, default=None, help="Warm-up steps (new runs).")
@click.option("--max-steps", type=int, default=None, help="Schedule length (new runs).")
@click.option("--save-minutes", type=float, default=None, help="Checkpoint period (default 5, gpu preset 2).")
@click.option("--no-eval", is_flag=True, help="Skip the evaluation (scores are left out of the card).")
@handle_errors
def model_train(corpora: str, group: str, langs: str | None, out_dir: str | None, minutes: float, resume: bool,
                preset: str | None, device: str, precision: str, lr: float | None, warmup: int | None,
                max_steps: int | None, save_minutes: float | None, no_eval: bool) -> None:
    """Train an embedded model from corpora/ (transformers MarianMT -> CTranslate2 int8), checkpointing to
    the cache ($LOCALIZE_CACHE or ~/.cache/localize/train/<group>) every few minutes, so an interrupted
    run loses at most that much: `--resume` continues it.  Needs the [train] extra.

    \b
    Example:
      localize model train --device cuda --minutes 8 --out build/gpu-model
      localize model train --langs it,pt_BR --minutes 120 --out models/it-pt
      localize model train --langs it,pt_BR --out models/it-pt --resume --minutes 60
    """
    from .engine import EMBEDDED_DIR
    from .train import GROUPS, PRESETS, Recipe, build_default
    if group not in GROUPS:
        raise click.BadParameter(f"unknown group {group!r}; choose from {', '.join(GROUPS)}")
    chosen = langs.split(",") if langs else GROUPS[group]
    fields = dict(PRESETS[preset or ("gpu" if device == "cuda" else "cpu")])
    for key, value in (("lr", lr), ("warmup", warmup), ("max_steps", max_steps), ("save_minutes", save_minutes)):
        if value is not None:
            fields[key] = value
    recipe = Recipe(minutes=minutes, langs=chosen, precision=precision, **{"max_tokens": 3072, **fields})
    card = build_default(Path(corpora), Path(out_dir) if out_dir else EMBEDDED_DIR / group, recipe,
                         resume=resume, device=device, evaluate_model=not no_eval)
    click.echo(json.dumps(card, indent=2, ensure_ascii=False))


@model.command("adapt")
@click.argument("checkpoint")
@click.option("--memory", "memory_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Translation memory with the project's human translations (localize memory import).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Adapted model directory.")
@click.option("--to", "locale", help="Only this target locale's translations.")
@click.option("--epochs", type=float, default=None, help="Passes over the pairs (default 2; embedded models 6).")
@click.option("--no-lora", is_flag=True, help="Full fine-tuning instead of LoRA.")
@handle_errors
def model_adapt(checkpoint: str, memory_path: str, out_dir: str, locale: str | None, epochs: float | None,
                no_lora: bool) -> None:
    """Fine-tune a model on the project's human translations (domain adaptation, LoRA through peft), then
    convert it for CTranslate2.  CHECKPOINT is a Hugging Face checkpoint you imported, or the name of an
    embedded model (default: its training checkpoint must be in the cache).  Needs [train].

    \b
    Example:
      localize memory import po/*.po
      localize model adapt default --memory .localize/memory.sqlite --to it --out models/it-mine
      localize model adapt ./opus-mt-en-de --memory .localize/memory.sqlite --to de --out models/en-de-tasklight
    """
    from .engine import EMBEDDED_DIR
    from .plurals import normalize
    loc = normalize(locale) if locale else None
    embedded = EMBEDDED_DIR / checkpoint
    if "/" not in checkpoint and (embedded / "localize-model.json").exists():
        from .adapt import adapt_embedded
        from .memory import human_pairs
        card = adapt_embedded(embedded, human_pairs(memory_path, loc), Path(out_dir), epochs or 6.0,
                              use_lora=not no_lora)
    elif Path(checkpoint).is_dir():
        from .adapt import adapt_checkpoint
        card = adapt_checkpoint(Path(checkpoint), Path(memory_path), Path(out_dir), loc, epochs or 2.0, not no_lora)
    else:
        raise click.BadParameter(f"{checkpoint}: neither a checkpoint directory nor an embedded model", param_hint="CHECKPOINT")
    click.echo(f"adapted {card['name']} on {card['adaptation']['pairs']} human translations "
               f"({card['adaptation']['method']}) -> {out_dir}")


# ---------------------------------------------------------------------------------------- memory

@main.group()
def memory() -> None:
    """Translation memory: import human translations, show statistics.

    \b
    Example:
      localize memory import po/*.po
    """


@memory.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--source-file", type=click.Path(dir_okay=False), help="Source-language bundle for JSON files.")
@click.option("--to", help="Locale of the files (default: PO header or file name).")
@config_option
@handle_errors
def memory_import(paths: tuple[str, ...], source_file: str | None, to: str | None, config_path: str | None) -> None:
    """Load human translations (non-fuzzy) from catalogs, .mo files or bundles into the memory.

    \b
    Example:
      localize memory import ../other-product/po/*.po
    """
    from .audit import import_memory
    settings = _settings(config_path)
    n = import_memory(settings, list(paths), source_file, _locales(to))
    click.echo(f"imported {n} human translation(s) into {settings.resolve(settings.memory)}")


@memory.command("stats")
@config_option
@handle_errors
def memory_stats(config_path: str | None) -> None:
    """Entries in the memory per locale and origin.

    \b
    Example:
      localize memory stats
    """
    from .memory import Memory
    settings = _settings(config_path)
    with Memory(settings.resolve(settings.memory), readonly=True) as m:
        for k, v in sorted(m.stats().items()):
            click.echo(f"{k}\t{v}")


if __name__ == "__main__":  # pragma: no cover
    main()
