"""Benchmark the PDF and DOCX readers against raw pypdfium2 text extraction.

Generates a plan-like PDF (reportlab) and a DOCX of the same content
(python-docx), then times, best of three in one run:

* raw pypdfium2 text extraction of the PDF (the floor);
* ``ehcp_nlp.extract.extract()`` on the PDF;
* pdfplumber ``extract_text()`` on the first 20 pages, scaled up (context);
* ``extract()`` on the DOCX (skipped if the DOCX reader is not available).

The target is ``extract()`` on the PDF at most 5 times raw pypdfium2.

Example:
    python scripts/bench_extract.py --pages 400 --out /tmp/bench
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECTIONS = [
    "Section A: The views, interests and aspirations of the child and their parents",
    "Section B: Special educational needs",
    "Section C: Health needs related to SEN",
    "Section D: Social care needs related to SEN",
    "Section E: Outcomes",
    "Section F: Special educational provision",
    "Section G: Health provision",
    "Section H1: Social care provision",
    "Section I: Placement",
    "Section J: Personal budget",
    "Section K: Advice and information",
]
SENTENCES = [
    "Sam enjoys football, drawing and spending time with his older sister at weekends.",
    "He finds it hard to follow spoken instructions that contain more than two key words.",
    "Staff report that he becomes anxious during unstructured times such as lunch and break.",
    "The speech and language therapist assessed Sam in March and found a moderate receptive language delay.",
    "Sam will be able to ask an adult for help using a visual prompt card in three out of five lessons.",
    "A teaching assistant will provide daily pre-teaching of key vocabulary for 20 minutes in a small group.",
    "The educational psychologist recommends a structured, multi-sensory approach to reading and spelling.",
    "Sam's parents would like him to make friends and to feel safe and happy at school.",
    "He uses a writing slope and a pencil grip to support his fine motor skills.",
    "Progress will be reviewed each term by the class teacher and the SENCo with Sam and his parents.",
]
BULLETS = [
    "Visual timetable reviewed with Sam at the start of each day",
    "Access to a quiet space when he feels overwhelmed",
    "Weekly social communication group led by a trained adult",
    "Instructions broken into short steps and checked for understanding",
    "Movement breaks every 30 minutes",
]


def plan_items(units: int, table_every: int = 20, seed: int = 1) -> Iterator[tuple[str, object]]:
    """Yield ``(kind, content)`` items: ``units`` groups of about a third of a page each.

    Kinds are ``heading``, ``para``, ``bullet`` and ``table`` (a list of rows).
    A ruled table comes about once every ``table_every`` pages (0: never).
    """
    rng = random.Random(seed)
    for group in range(units):
        if group % 12 == 0:
            yield "heading", SECTIONS[(group // 12) % len(SECTIONS)]
        for _ in range(3):
            yield "para", " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 5)))
        for _ in range(3):
            yield "bullet", rng.choice(BULLETS)
        if table_every and group % (3 * table_every) == 3 * table_every // 2:
            rows = [["Need", "Outcome", "Provision"]]
            rows += [[rng.choice(SENTENCES), rng.choice(SENTENCES), rng.choice(BULLETS)] for _ in range(3)]
            yield "table", rows


def make_pdf(path: Path, units: int, table_every: int = 20) -> int:
    """Write a plan-like PDF of ``units`` content groups; return its page count."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    count = {"pages": 0}

    def furniture(canvas, doc) -> None:
        count["pages"] = doc.page
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 28, "OFFICIAL-SENSITIVE")
        canvas.drawString(50, 24, "EHCP for Sam Example - final plan")
        canvas.drawRightString(A4[0] - 50, 24, f"Page {doc.page}")
        canvas.restoreState()

    story = []
    for kind, content in plan_items(units, table_every):
        if kind == "heading":
            story.append(Paragraph(str(content), styles["Heading2"]))
        elif kind == "para":
            story.append(Paragraph(str(content), styles["BodyText"]))
        elif kind == "bullet":
            story.append(Paragraph(f"\u2022 {content}", styles["BodyText"]))
        else:
            rows = [[Paragraph(text, cell) for text in row] for row in content]  # type: ignore[union-attr]
            story.append(Table(rows, colWidths=[160, 160, 160],
                               style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)])))
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(
        story, onFirstPage=furniture, onLaterPages=furniture)
    return count["pages"]


def make_docx(path: Path, units: int, table_every: int = 20) -> None:
    """Write a DOCX with the same content as :func:`make_pdf`."""
    import docx

    document = docx.Document()
    for kind, content in plan_items(units, table_every):
        if kind == "heading":
            document.add_heading(str(content), level=2)
        elif kind == "para":
            document.add_paragraph(str(content))
        elif kind == "bullet":
            document.add_paragraph(str(content), style="List Bullet")
        else:
            rows = content  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=3)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    document.save(str(path))


def best_of(runs: int, func: Callable[[], object]) -> float:
    """Return the shortest wall-clock time of ``runs`` calls to ``func``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def raw_pdfium(path: Path) -> None:
    """Extract all text with pypdfium2 and nothing else (the speed floor)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
    finally:
        pdf.close()


def plumber_first(path: Path, pages: int) -> None:
    """Run pdfplumber ``extract_text()`` on the first ``pages`` pages."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages[:pages]:
            page.extract_text()
            page.close()


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def help_time() -> float:
    """Wall time of ``ehcp-nlp --help`` in a new process (start-up included), best of 5."""
    import subprocess
    import sys

    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ehcp_nlp.cli", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400, help="pages of plan text to generate")
    parser.add_argument("--out", type=Path, default=None, help="folder for the generated files")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (best is kept)")
    parser.add_argument("--table-every", type=int, default=20, help="a ruled table every N pages (0: none)")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="ehcp_bench_"))
    out.mkdir(parents=True, exist_ok=True)
    pdf_path, docx_path = out / "bench_plan.pdf", out / "bench_plan.docx"

    from ehcp_nlp.extract import extract

    start = time.perf_counter()
    units = args.pages * 3
    pages = make_pdf(pdf_path, units, args.table_every)
    if pages != args.pages:  # scale the content once to land near the asked page count
        units = max(1, round(units * args.pages / pages))
        pages = make_pdf(pdf_path, units, args.table_every)
    make_docx(docx_path, units, args.table_every)
    print(f"generated {pages}-page PDF and DOCX in {out} ({time.perf_counter() - start:.1f} s)")
    rss = [("generating the files", peak_rss_mb())]

    raw = best_of(args.runs, lambda: raw_pdfium(pdf_path))
    ours = best_of(args.runs, lambda: extract(pdf_path))
    rss.append(("raw pypdfium2 and extract() on the PDF", peak_rss_mb()))
    sample = min(20, pages)
    plumber = best_of(args.runs, lambda: plumber_first(pdf_path, sample)) * pages / sample
    doc = extract(pdf_path)
    tables = {b.table for b in doc.blocks if b.table is not None}
    print(f"PDF blocks: {len(doc.blocks)}, tables: {len(tables)}")
    print(f"raw pypdfium2        {raw:7.3f} s  {pages / raw:8.1f} pages/s")
    print(f"extract() PDF        {ours:7.3f} s  {pages / ours:8.1f} pages/s")
    print(f"pdfplumber (scaled)  {plumber:7.3f} s  {pages / plumber:8.1f} pages/s")
    try:
        docx_time = best_of(args.runs, lambda: extract(docx_path))
        print(f"extract() DOCX       {docx_time:7.3f} s  {pages / docx_time:8.1f} pages/s"
              f"  ({len(extract(docx_path).blocks)} blocks; pages = the PDF's page count)")
    except ImportError as exc:
        print(f"extract() DOCX       skipped ({exc})")
    ratio = ours / raw
    print(f"ratio extract()/raw pypdfium2 on PDF: {ratio:.2f} (target <= 5.0)")
    rss.append(("pdfplumber and the DOCX", peak_rss_mb()))
    print("peak RSS after " + "; after ".join(f"{what}: {mb:.0f} MB" for what, mb in rss))
    print(f"ehcp-nlp --help      {help_time():7.3f} s  (best of 5; target < 0.5 s)")
    return 0 if ratio <= 5.0 else 1


if __name__ == "__main__":
    sys.exit(main())
