"""Commands for the QA team's side of a batch: choose plans to moderate, record decisions, export labels,
and check the audit trail.

``moderation-sample``, ``confirm``, ``export-labels`` and ``audit-verify`` are added to the ``ehcp-nlp``
group in :mod:`ehcp_nlp.cli`. Like the other commands they are thin: the work is done in
:mod:`ehcp_nlp.batch.audit`, :mod:`~ehcp_nlp.batch.moderation` and :mod:`~ehcp_nlp.batch.labels`.
Heavy libraries are imported inside the commands, so ``ehcp-nlp --help`` stays instant.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .cli_errors import fail, reports_errors

ROLES = ("auditor", "moderator")
TARGET_SHARE = 0.2


def _batch_folder(outdir: str) -> list[Any]:
    """The records of a batch output folder, or one clear error."""
    from .batch.records import load_records

    if not Path(outdir).is_dir():
        fail(f"{outdir}: no such folder; give the output folder of 'ehcp-nlp batch' (its -o)")
    records = load_records(outdir)
    if not records:
        fail(f"{outdir}: no reviewed documents found; run 'ehcp-nlp batch FOLDER -o {outdir}' first")
    return records


@click.command("moderation-sample")
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--share", type=float, default=TARGET_SHARE, show_default=True,
              help="The least share of plans to draw, more than 0 and at most 1 (rounded up to whole plans).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Fixes the draw: the same folder and seed give the same sample; change it for a fresh one.")
@reports_errors
def moderation_sample(outdir: str, share: float, seed: int) -> None:
    """Choose which plans of a batch a moderator re-rates.

    Draws a stratified sample of the reviewed plans: at least one from each
    suggested rating and audit month, and at least --share of them overall.
    Plans already moderated are only drawn when nothing else is left. Writes
    OUTDIR/moderation_sample.csv (id, file, suggested rating, auditor rating,
    month, reason).

    Example: ehcp-nlp moderation-sample qa/autumn-2025 --share 0.2 --seed 1
    """
    if not 0 < share <= 1:
        fail(f"--share {share:g} is outside 0 to 1; give a share such as 0.2 for 20% of plans")
    records = _batch_folder(outdir)
    if share < TARGET_SHARE:
        click.echo(f"warning: a share of {share:.0%} is below the {TARGET_SHARE:.0%} of plans the QA team "
                   "committed to moderate", err=True)
    from .batch.moderation import write_moderation_sample

    sample = write_moderation_sample(outdir, share=share, seed=seed, records=records)
    if not sample.population:
        fail(f"{outdir}: no successfully reviewed plans to sample; check failed.csv and run the batch again")
    click.echo(f"drew {len(sample.plans)} of {sample.population} plans ({sample.share:.0%}) from "
               f"{sample.strata} strata; wrote {sample.path}")


@click.command("confirm")
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--from", "sheet", type=click.Path(dir_okay=False), default=None,
              help="plans.xlsx or plans.csv with the 'Auditor rating' and 'Moderator rating' columns filled in.")
@click.option("--plan", "plan", default=None,
              help="One plan: its id (or its first 6 or more characters) or its file as in plans.csv.")
@click.option("--rating", default=None,
              help="With --plan: Outstanding, Good, Requires Improvement (or RI) or Inadequate.")
@click.option("--role", default=None, metavar="auditor|moderator",
              help="With --plan: who is deciding (default: auditor).")
@click.option("--by", default=None,
              help="Who decided (required with --plan; with --from, for rows with no name in the sheet).")
@click.option("--note", default=None, help="With --plan: a note kept with the decision.")
@reports_errors
def confirm(outdir: str, sheet: str | None, plan: str | None, rating: str | None, role: str | None,
            by: str | None, note: str | None) -> None:
    """Record auditors' and moderators' ratings of a batch's plans.

    Either read them from the batch's spreadsheet after auditors have filled
    in its Auditor / Moderator columns (--from; rows already recorded are
    skipped, so the sheet can be imported again as it fills up; a cell holding
    a formula is listed as skipped, never evaluated), or record one plan's
    rating (--plan, --rating, --by). Decisions are kept in OUTDIR/audit.db;
    none is ever overwritten, and the latest one counts. An audit.db that was
    emptied or truncated since the last decision is refused: restore it from
    a backup. Check the trail with 'ehcp-nlp audit-verify OUTDIR'.

    \b
    Example: ehcp-nlp confirm qa/autumn-2025 --from qa/autumn-2025/plans.xlsx
    Example: ehcp-nlp confirm qa/autumn-2025 --plan plan_007.docx --rating RI --by "A. Patel"
    """
    if sheet and plan:
        fail("give either --from FILE or --plan ID (with --rating and --by), not both")
    if not sheet and not plan:
        fail("give --from plans.xlsx, or --plan ID --rating R --by NAME")
    if sheet:
        extra = [name for name, value in (("--rating", rating), ("--role", role), ("--note", note)) if value]
        if extra:
            fail(f"{', '.join(extra)} go with --plan; with --from the ratings and notes come from the sheet")
        _import(outdir, sheet, by)
        _refresh_report(outdir)
        return
    role = (role or "auditor").strip().lower()
    if role not in ROLES:
        fail(f"unknown --role {role!r}; use auditor or moderator")
    if not rating:
        fail("--plan needs --rating: Outstanding, Good, Requires Improvement (or RI) or Inadequate")
    if not by or not by.strip():
        fail("--plan needs --by NAME: who made the decision")
    _batch_folder(outdir)
    from .batch.audit import record_decision

    decision = record_decision(outdir, plan, role, rating, by=by, note=note or "")
    was = f" (was {decision.previous_rating})" if decision.previous_rating else ""
    click.echo(f"recorded {role} rating {decision.rating} for {decision.file}{was}")
    _refresh_report(outdir)


def _refresh_report(outdir: str) -> None:
    """Rewrite report.html so its agreement figures include the decisions just recorded."""
    from .batch.cohort_report import write_cohort_report

    path = write_cohort_report(outdir)
    click.echo(f"updated: {path}", err=True)


def _import(outdir: str, sheet: str, by: str | None) -> None:
    _batch_folder(outdir)
    from .batch.audit import import_sheet

    result = import_sheet(outdir, sheet, by=by)
    click.echo(result.summary())
    if len(result.skipped) > 3:
        for row in result.skipped:
            click.echo(f"skipped: {row}", err=True)


@click.command("export-labels")
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The labels CSV to write (file, rating, audit_date, auditor).")
@reports_errors
def export_labels(outdir: str, output: str) -> None:
    """Write the confirmed ratings of a batch as labels for training.

    One row per rated plan: the moderator's latest rating where the plan was
    moderated, else the auditor's, with the date and who decided. The file
    is what 'ehcp-nlp train --labels' reads, with --plans the batch's folder.

    Example: ehcp-nlp export-labels qa/autumn-2025 -o qa/autumn-2025/labels.csv
    """
    _batch_folder(outdir)
    from .batch.labels import export_labels as write_labels, label_rows

    rows = label_rows(outdir)
    if not rows:
        fail(f"{outdir}: no confirmed ratings yet; record them with 'ehcp-nlp confirm {outdir} --from "
              f"{Path(outdir) / 'plans.xlsx'}' first")
    count = write_labels(outdir, output)
    moderated = sum(row["role"] == "moderator" for row in rows)
    click.echo(f"wrote {count} label{'' if count == 1 else 's'} ({moderated} moderated, {count - moderated} "
               f"audited only) to {output}")


@click.command("audit-verify")
@click.argument("outdir", type=click.Path(file_okay=False))
@reports_errors
def audit_verify(outdir: str) -> None:
    """Check that a batch's audit trail is complete and unaltered.

    Recomputes the hash chain over the decisions in OUTDIR/audit.db and
    compares its end with OUTDIR/audit.db.head.json, so that a decision
    changed, deleted or back-dated, a trail emptied or truncated, and a
    trigger that refuses changes dropped or altered are each reported on one
    line (exit status 1). An intact trail gives "audit trail verified: N
    decisions" and its last hash (exit status 0). Nothing is written.

    Example: ehcp-nlp audit-verify qa/autumn-2025
    """
    if not Path(outdir).is_dir():
        fail(f"{outdir}: no such folder; give the output folder of 'ehcp-nlp batch' (its -o)")
    from .batch.audit import verify

    result = verify(outdir)
    for note in result.notes:
        click.echo(f"note: {' '.join(note.split())}", err=True)
    if result.problems:
        for problem in result.problems:
            click.echo(f"problem: {' '.join(problem.split())}")
        sys.exit(1)
    click.echo(f"audit trail verified: {result.decisions} decision{'' if result.decisions == 1 else 's'}")
    if result.last_hash:
        click.echo(f"last hash: {result.last_hash} (keep a note of it elsewhere to detect a rewritten trail later)")
