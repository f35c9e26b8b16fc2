"""The audit report as a Word document (python-docx), laid out like a council's audit form.

Summary (suggested rating, confidence, reasons), a table of section scores, the draft comments
section by section, every flag with its evidence, and an "Auditor's judgement" table whose empty
cells the auditor fills in Word. Text from the plan goes through
:func:`~ehcp_nlp.outputs.safe_text.show_controls`: bidirectional controls are shown (``[U+202E]``), not obeyed.
"""
from __future__ import annotations

import io

from ..drafting import Point
from .report import Report, RATING_NOTE
from .safe_text import show_controls as _shown

_JUDGEMENT_ROWS = ("Auditor's rating (Outstanding / Good / Requires Improvement / Inadequate)",
                   "Do you agree with the suggested rating? If not, why not?",
                   "Auditor's comments to the EHC coordinator",
                   "Actions required and by when",
                   "Auditor (name and role)", "Date of audit", "Moderated by (name) and moderation outcome")


def report_docx(report: Report) -> bytes:
    """The Word document, as bytes (write them with :func:`~ehcp_nlp.outputs.files.write_atomic`)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Pt, RGBColor

    doc = Document()
    doc.core_properties.title = _shown(report.title)
    doc.core_properties.author = "ehcp_nlp (draft for auditor confirmation)"
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)

    doc.add_heading("EHCP quality assurance audit", level=0)
    marker = doc.add_paragraph()
    run = marker.add_run(_shown(report.marker))
    run.bold = True
    run.font.color.rgb = RGBColor(0xA4, 0x26, 0x2C)
    doc.add_paragraph(_shown(f"Document: {report.source}    Reviewed as: {report.kind}    "
                             f"Generated: {report.generated}"))
    doc.add_paragraph("Identifiers are redacted (placeholders such as [CHILD] are listed at the end)."
                      if report.redacted else "NOT REDACTED – for internal use only.")

    doc.add_heading("Summary", level=1)
    summary = doc.add_table(rows=0, cols=2)
    summary.style = "Table Grid"
    r = report.rating
    if r is not None:
        _row(summary, "Suggested rating", f"{r.suggested} (probability {r.confidence:.0%})"
             + (" – needs an auditor's closer look" if r.needs_closer_look else ""))
        _row(summary, "Probabilities", ", ".join(f"{k} {v:.0%}" for k, v in r.probabilities.items()))
        _row(summary, "Reasons", "\n".join(f"• {x}" for x in r.reasons))
        _row(summary, "Note", RATING_NOTE)
    else:
        _row(summary, "Suggested rating", report.rating_error or "not applicable to this document")
    _row(summary, "Flags", f"{len(report.flags)}" + (f"; missing sections: {', '.join(report.missing)}"
                                                      if report.missing else ""))
    _row(summary, "Overall comment (draft)", report.comments.summary)

    if report.scores is not None:
        doc.add_heading("Section scores", level=1)
        scores = doc.add_table(rows=1, cols=2)
        scores.style = "Table Grid"
        scores.alignment = WD_TABLE_ALIGNMENT.LEFT
        scores.rows[0].cells[0].text, scores.rows[0].cells[1].text = "Section", "Score (out of 5)"
        for view in report.sections:
            if view.score is not None:
                _row(scores, view.name, str(view.score))
        _row(scores, "Total", f"{report.scores.total} / {report.scores.out_of}")
        for cell in scores.rows[0].cells + scores.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True

    c = report.comments
    doc.add_heading("Draft comments", level=1)
    doc.add_paragraph(_shown(c.summary))
    for heading, points in ((c.headings[0], c.strengths), (c.headings[1], c.improvements)):
        if points:
            doc.add_heading(_shown(heading), level=2)
            for p in points:
                _point(doc, p)
    for view in report.sections:
        if view.comment is None or not view.comment.points:
            continue
        doc.add_heading(_shown(view.name) + (f" ({view.score}/5)" if view.score is not None else ""), level=2)
        for p in view.comment.strengths + view.comment.improvements:
            _point(doc, p)

    doc.add_heading("Flags and evidence", level=1)
    if report.flags:
        flags = doc.add_table(rows=1, cols=4)
        flags.style = "Table Grid"
        for cell, text in zip(flags.rows[0].cells, ("No.", "Flag", "Section", "Evidence")):
            cell.text = text
        for f in report.flags:
            cells = flags.add_row().cells
            cells[0].text, cells[1].text = str(f.number), _shown(f"{f.code} ({f.severity}): {f.message}")
            cells[2].text, cells[3].text = _shown(f.section), _shown(" ".join(f.evidence.split())[:400])
    else:
        doc.add_paragraph("No flags.")

    doc.add_heading("Auditor's judgement", level=1)
    doc.add_paragraph("To be completed by the auditor. The suggested rating and comments above are drafts.")
    judgement = doc.add_table(rows=0, cols=2)
    judgement.style = "Table Grid"
    for label in _JUDGEMENT_ROWS:
        _row(judgement, label, "")
    if report.legend:
        doc.add_heading("Placeholders", level=2)
        for placeholder, kind in report.legend.items():
            doc.add_paragraph(_shown(f"{placeholder} – {kind.replace('_', ' ')}"), style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _row(table, label: str, value: str) -> None:
    cells = table.add_row().cells
    cells[0].text = _shown(label)
    lines = _shown(value).split("\n")
    cells[1].text = lines[0]
    for line in lines[1:]:
        cells[1].add_paragraph(line)


def _point(doc, p: Point) -> None:
    para = doc.add_paragraph(style="List Bullet")
    para.add_run(("Strength: " if p.kind == "strength" else "")).bold = True
    para.add_run(_shown(p.text))
    if p.quotes and not all(q in p.text for q in p.quotes):
        para.add_run(" For example: ")
        para.add_run(_shown("; ".join(f"“{q}”" for q in p.quotes))).italic = True
        para.add_run(".")
    if p.fix:
        para.add_run(_shown(" " + p.fix))
    if p.reference:
        para.add_run(_shown(f" ({p.reference})"))
