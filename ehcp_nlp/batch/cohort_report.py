"""Write the cohort report of a batch output folder: figures from the stored reviews and decisions."""
from __future__ import annotations

import os
from pathlib import Path

from ..outputs.files import write_atomic
from .records import PlanRecord, load_records

REPORT = "report.html"


def write_cohort_report(outdir: str | os.PathLike[str], records: list[PlanRecord] | None = None) -> Path:
    """(Re)write ``OUTDIR/report.html``; agreement figures are included once decisions are recorded."""
    from ..outputs.cohort_html import cohort_html
    from .agreement import agreement_figures
    from .audit import db_path
    from .cohort import cohort_figures

    from .template import load_template

    records = load_records(outdir) if records is None else records
    agreement = agreement_figures(outdir, records) if db_path(outdir).is_file() else None
    path = Path(outdir) / REPORT
    write_atomic(path, cohort_html(cohort_figures(records, agreement, load_template(outdir))))
    return path
