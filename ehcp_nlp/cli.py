"""The ``ehcp-nlp`` command line: a thin layer that parses options and calls the library.

Heavy libraries are imported inside commands, so ``ehcp-nlp --help`` is instant.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_errors import fail, reports_errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ehcp-nlp")
def main() -> None:
    """First-pass quality assurance for Education, Health and Care Plans.

    Reads plans (PDF, Word .docx, text) into the statutory sections A-K so
    that auditors spend their time on judgement, not on hunting. Nothing is
    sent anywhere: everything runs on this computer.
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="JSON for other tools, text for reading.")
@click.option("--blocks", is_flag=True, help="Include every block (paragraph, table row) with its page.")
@reports_errors
def extract(file: str, fmt: str, blocks: bool) -> None:
    """Split one plan into its statutory sections A-K.

    Reports the sections found, their text, any that are missing, and
    anything lost or guessed while reading the file.

    Example: ehcp-nlp extract corpus/sample/sample_plan.docx --format text
    """
    from .outputs.extract_view import plan_as_json, plan_as_text
    from .plan import read_plan

    plan = read_plan(file)
    if fmt == "json":
        click.echo(json.dumps(plan_as_json(plan, blocks), indent=2, ensure_ascii=False))
    else:
        click.echo(plan_as_text(plan))


SECTION_CHOICES = ["A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K", "advice", "review"]


def _load_language_model() -> None:
    """Load the spaCy model now; if it is missing, say so once on stderr (checks still run)."""
    import warnings

    from .nlp import get_nlp, has_model, model_warning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        get_nlp()
    if not has_model():
        click.echo(f"warning: {model_warning()}", err=True)


def _section(value: str) -> str:
    return value if value in ("advice", "review") else value.upper()


@main.command()
@click.option("--section", "-s", "section", default=None, callback=lambda c, p, v: _section(v) if v else None,
              type=click.Choice(SECTION_CHOICES, case_sensitive=False),
              help="Statutory section A-K, or 'advice' (professional advice) or 'review' (annual-review paperwork). "
                   "Needed for TEXT; with --jsonl, the section of lines that do not name their own.")
@click.option("--jsonl", "jsonl", type=click.Path(dir_okay=False, allow_dash=True),
              help="Read statements from a JSON Lines file ('-' for standard input): one "
                   '{"id", "text", "section"?} object a line, each checked as its own section (--section if it '
                   'names none). Writes one {"id", "flags"} line each.')
@click.argument("text", required=False)
@reports_errors
def check(section: str | None, jsonl: str | None, text: str | None) -> None:
    """Flag weak wording in loose statements of one section.

    Give the text as an argument, or many statements with --jsonl.

    Example: ehcp-nlp check --section F "Access to a small group as required."
    """
    from .outputs.check_view import check_jsonl, flags_as_text

    if (text is None) == (jsonl is None):
        raise click.UsageError("give either TEXT or --jsonl FILE")
    if text is not None and section is None:
        raise click.UsageError("say which section TEXT is from with --section (for example --section F)")
    _load_language_model()
    if jsonl is not None:
        failures = check_jsonl(jsonl, section, click.echo)
        if failures:
            fail(f"{jsonl}: {failures} line(s) could not be read (see their \"error\" fields); "
                  "fix them and run again")
        return
    from .checks import check_text

    click.echo(flags_as_text(check_text(section, text)))


@main.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md", "html", "docx"]), default="text",
              show_default=True,
              help="text for reading here, json for other tools; md, html (one self-contained page) or docx "
                   "(an audit form) for the auditor.")
@click.option("--kind", type=click.Choice(["plan", "advice", "review"]), default=None,
              help="What the document is; read from its structure when not given (a blank template or a "
                   "document of unknown kind is then not reviewed).")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Rating model folder (default: the model shipped in the package, or EHCP_NLP_MODEL).")
@click.option("--no-redact", is_flag=True,
              help="Keep names, dates of birth and other identifiers in md/html/docx exports (internal use only).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of the screen (required for docx).")
@reports_errors
def review(file: str, fmt: str, kind: str | None, model_dir: str | None, no_redact: bool,
           output: str | None) -> None:
    """Review one plan, EP advice report or annual-review form: every check, with evidence.

    For a plan it also scores each section out of 5, suggests a rating with
    its probability and reasons, and drafts auditor comments, all for an
    auditor to confirm. The md, html and docx exports redact the child's and
    family's names and other identifiers unless --no-redact is given.

    Example: ehcp-nlp review corpus/sample/sample_plan.docx --format html -o review.html
    """
    from .pipeline import assess

    if fmt == "docx" and output is None:
        raise click.UsageError("--format docx writes a Word file: give -o FILE.docx")
    _load_language_model()
    result = assess(file, kind, model_dir)
    if fmt in ("md", "html", "docx") and not result.review.checked:
        fail(f"{file}: {result.unrated_reason}; no report was written")
    if fmt in ("md", "html", "docx"):
        _export(result, fmt, not no_redact, output)
        return
    from .outputs.check_view import assessment_as_text

    body = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if fmt == "json" \
        else assessment_as_text(result)
    _write(body, output)


def _export(result, fmt: str, redact: bool, output: str | None) -> None:
    """Write the auditor's report for one assessment as Markdown, HTML or Word."""
    from .outputs.report import build_report

    report = build_report(result, redact=redact)
    if fmt == "docx":
        from .outputs.files import write_atomic
        from .outputs.word import report_docx

        write_atomic(output, report_docx(report))
        click.echo(f"written: {output}", err=True)
        return
    if fmt == "md":
        from .outputs.markdown import report_markdown

        body = report_markdown(report)
    else:
        from .outputs.html import report_html

        body = report_html(report)
    _write(body.rstrip("\n"), output)


@main.command()
@click.option("--labels", required=True, multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV with columns file, rating (optionally audit_date, auditor, split, group, weight); "
                   "give it more than once to pool several.")
@click.option("--plans", default=None, type=click.Path(exists=True, file_okay=False),
              help="Folder holding the plan files named in the CSV (default: the CSV's own folder).")
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the model to, e.g. models/our-council-2026.")
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds for the reported figures.")
@reports_errors
def train(labels: tuple[str, ...], plans: str | None, out: str, folds: int) -> None:
    """Fit the rating model to your own audited plans and write it with a model card.

    Example: ehcp-nlp train --labels corpus/plans/labels.csv --labels corpus/holistic/labels.csv -o ehcp_nlp/data/models/default
    """
    from .outputs.rating_view import figures_as_text
    from .rating.training import train as fit

    _load_language_model()
    data = _load_with_progress(labels, plans)
    meta = fit(data, out, source=plans or ", ".join(str(Path(f).parent) for f in labels), folds=folds)
    click.echo(figures_as_text(meta["cross_validation"]))
    click.echo(f"written: {out} (model.skops, meta.json, model_card.md)", err=True)


@main.command()
@click.option("--labels", required=True, multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV with columns file, rating (optionally audit_date, auditor, split, group, weight); "
                   "give it more than once to pool several.")
@click.option("--plans", default=None, type=click.Path(exists=True, file_okay=False),
              help="Folder holding the plan files named in the CSV (default: the CSV's own folder).")
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def evaluate(labels: tuple[str, ...], plans: str | None, folds: int, fmt: str) -> None:
    """Cross-validate the rating model on audited plans: accuracy, within one grade, macro-F1, kappa.

    If the labels CSV has a ``split`` column, the model is also fitted on the
    ``train`` rows and scored on the held-out ``test`` rows.

    Example: ehcp-nlp evaluate --labels corpus/plans/labels.csv --plans corpus/plans
    """
    from .outputs.rating_view import figures_as_text
    from .rating.training import evaluate as measure

    _load_language_model()
    figures = measure(_load_with_progress(labels, plans), folds)
    click.echo(json.dumps(figures, indent=2) if fmt == "json" else figures_as_text(figures))


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False),
              help="Folder for the results (created if needed); run again with the same folder to resume.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Plans reviewed in parallel (default: the number of cores).")
@click.option("--time-limit", type=click.FloatRange(min=0), default=120.0, show_default=True,
              help="Seconds allowed for one plan before it is recorded as failed (0: no limit).")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False), default=None,
              help="CSV with a 'file' column and any of audit_month, key_stage, setting, caseworker, ep_service, "
                   "kind (plan, advice or review).")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Rating model folder (default: the model shipped in the package, or EHCP_NLP_MODEL).")
@click.option("--learn-template/--no-learn-template", "learn", default=True, show_default=True,
              help="Learn text that recurs in most of the folder's documents as the council's template "
                   "(never judged as content; listed in the cohort report).")
@click.option("--scheduler", default=None, metavar="local|tcp://HOST:PORT", callback=lambda c, p, v: _scheduler(v),
              help="Run the reviews on Dask: 'local' starts a cluster of --jobs workers on this computer; "
                   "tcp://HOST:PORT uses a running scheduler, whose workers must see FOLDER and OUTDIR at the "
                   "same paths. Default: this computer's own processes.")
@reports_errors
def batch(folder: str, outdir: str, jobs: int | None, time_limit: float, manifest: str | None,
          model_dir: str | None, learn: bool, scheduler: str | None) -> None:
    """Pre-screen every plan, EP advice report and review form in a folder.

    Reviews every PDF, Word (.docx) and text file under FOLDER (recursively),
    in parallel, and writes into OUTDIR one result per file (results/), the
    tables plans.csv, plans.xlsx (with empty Auditor columns to fill in) and
    flags.csv, and the cohort report report.html. Text that recurs in most of
    the folder's documents is learnt as the council's template first
    (template.json). A run that is stopped can be started again: finished files
    are skipped (known by their content) and files that failed are tried again.

    Example: ehcp-nlp batch plans/autumn-2025 -o qa/autumn-2025 --manifest plans/autumn-2025/manifest.csv
    """
    from .batch.runner import read_manifest, run_batch

    read_manifest(manifest)  # a bad manifest fails before any work starts
    state: dict[str, Any] = {}

    def start(todo: int, skipped: int) -> None:
        click.echo(f"{todo} file(s) to review" + (f", {skipped} already done" if skipped else ""), err=True)
        state["bar"] = click.progressbar(length=max(todo, 1), label="reviewing", show_eta=True, show_pos=True,
                                         file=sys.stderr, item_show_func=lambda r: r.file[-40:] if r else None)
        state["bar"].__enter__()

    def step(record: Any) -> None:
        state["bar"].update(1, record)

    try:
        result = run_batch(folder, outdir, jobs, time_limit, manifest, model_dir, progress=step, on_start=start,
                           learn=learn, scheduler=scheduler)
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
    written = _batch_outputs(outdir)
    extra = (f", {len(result.unlisted)} folder(s) not read" if result.unlisted else "") + \
        (f", {result.retired} row(s) of edited or deleted files set aside" if result.retired else "")
    wrote = f"wrote {', '.join(written)} in {outdir}" if written else f"the tables and report in {outdir} are up to date"
    click.echo(f"reviewed {result.reviewed}, skipped {result.skipped} already done, failed {len(result.failed)}"
               f"{extra} in {result.seconds:.1f} s; {wrote}", err=True)
    for file, reason in result.failed:
        click.echo(f"failed: {reason}", err=True)
    for folder_name, reason in result.unlisted:
        click.echo(f"not read: {reason}", err=True)
    if result.interrupted:
        click.echo("stopped: finished reviews are kept; run the same command again to carry on", err=True)
        sys.exit(130)


@main.command()
@click.argument("outdir", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (only this computer by default).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="The port.")
@click.option("--open", "open_browser", is_flag=True, help="Open the workspace in the web browser.")
@click.option("--source", type=click.Path(exists=True, file_okay=False), default=None,
              help="The folder the batch reviewed, for downloading a plan's Word audit form (uploads need none).")
@reports_errors
def serve(outdir: str, host: str, port: int, open_browser: bool, source: str | None = None) -> None:
    """Start the auditor's workspace: a local web app over a batch folder.

    Lists OUTDIR's plans, audits them one by one (flags confirmed or
    dismissed, ratings confirmed or overridden, all kept in OUTDIR/audit.db),
    adds plans by upload, and shows moderation, the dashboard and the checks'
    precision. OUTDIR is created if new. Stop it with Ctrl-C.

    Example: ehcp-nlp serve qa/autumn-2025 --open
    """
    import uvicorn

    from .web import create_app

    app = create_app(outdir, host, port)
    if source:
        from pathlib import Path as _Path

        app.state.web.source_dir = _Path(source)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    click.echo(f"the auditor's workspace for {outdir} is at {url} (Ctrl-C to stop)", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _scheduler(value: str | None) -> str | None:
    if value is None or value == "local" or value.startswith("tcp://") and ":" in value[6:]:
        return value
    raise click.BadParameter(f"{value!r}: give 'local' or a scheduler address such as tcp://10.0.0.5:8786")


def _batch_outputs(outdir: str) -> list[str]:
    """Rewrite the tables, failure list and cohort report from everything reviewed so far, if anything changed."""
    from .batch.outputs import write_outputs

    return write_outputs(outdir)


def _load_with_progress(labels: tuple[str, ...], plans: str | None) -> Any:
    from .rating.training import load_dataset, read_labels

    for source in labels:
        read_labels(source)  # a bad labels file fails before the progress bar starts
    with click.progressbar(length=1, label="reviewing plans", file=sys.stderr) as bar:
        def step(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)
        data = load_dataset(list(labels), plans, progress=step)
    for path, reason in data.failed:
        click.echo(f"skipped: {reason}", err=True)
    return data


def _write(body: str, output: str | None) -> None:
    """Print ``body``, or write it atomically to ``output`` (a partial file never replaces a good one)."""
    if output is None:
        click.echo(body)
        return
    from .outputs.files import write_atomic

    write_atomic(output, body + "\n")
    click.echo(f"written: {output}", err=True)


def _register_audit_commands() -> None:
    from . import cli_audit

    for command in (cli_audit.moderation_sample, cli_audit.confirm, cli_audit.export_labels, cli_audit.audit_verify):
        main.add_command(command)


_register_audit_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
