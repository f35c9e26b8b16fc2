"""The command line: output contracts and one-line errors for every kind of bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from ehcp_nlp.cli import main

from . import badfiles

PLAN_TEXT = ("Education, Health and Care Plan\n\nSection A: About me\nI like trains.\n\n"
             "Section B: Special educational needs\nTom reads 12 words.\n")


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_extract_json_contract(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    result = run("extract", path)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"source", "kind", "sections", "missing", "warnings"} <= set(data)
    assert data["sections"]["A"]["text"] == "I like trains."
    assert data["sections"]["B"]["title"] == "Section B: Special educational needs"
    assert "K" in data["missing"] and "A" not in data["missing"]


def test_extract_text_format(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    result = run("extract", path, "--format", "text")
    assert "== A: Section A: About me ==" in result.output and "Missing sections: C, D" in result.output


BAD_INPUTS = {
    "unsupported type": (lambda d: _write(d / "plan.xlsx", b"PK\x03\x04junk"), "not a Word document"),
    "unknown extension": (lambda d: _write(d / "plan.bin", b"hello"), "unsupported file type"),
    "image": (lambda d: _write(d / "scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "OCR it first"),
    "zero bytes": (lambda d: _write(d / "plan.pdf", b""), "is empty"),
    "empty text": (lambda d: _write(d / "plan.txt", b"\n\n  \n"), "contains no text"),
    "missing file": (lambda d: d / "nowhere.pdf", "does not exist"),
    "corrupt pdf": (lambda d: _write(d / "plan.pdf", b"%PDF-1.7\n" + b"\x13garbage" * 50), "damaged"),
    "truncated pdf": (lambda d: badfiles.truncated(badfiles.text_pdf(d / "full.pdf", ["Section A"] * 40),
                                                   d / "cut.pdf"), "damaged"),
    "password pdf": (lambda d: badfiles.text_pdf(d / "locked.pdf", ["Section A: About me"], encrypt="secret"),
                     "password"),
    "scanned pdf": (lambda d: badfiles.scanned_pdf(d / "scan.pdf"), "OCR it first"),
    "pdf named docx": (lambda d: badfiles.text_pdf(d / "plan.docx", ["Section A: About me"]), None),
    "truncated docx": (lambda d: badfiles.truncated(badfiles.minimal_docx(d / "full.docx", "<w:p/>" * 4000),
                                                    d / "cut.docx", 0.5), "damaged"),
    "docx without document.xml": (lambda d: badfiles.docx_without_document_xml(d / "plan.docx"), "document.xml"),
    "legacy doc renamed": (lambda d: badfiles.legacy_doc(d / "plan.docx"), "legacy Word 97-2003"),
    "zip bomb": (lambda d: badfiles.zip_bomb_docx(d / "bomb.docx"), "limit"),
    "malformed docx xml": (lambda d: badfiles.minimal_docx(d / "bad.docx", "<w:p><w:r>"), "damaged"),
}


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_error_line(tmp_path, case):
    make, phrase = BAD_INPUTS[case]
    path = make(tmp_path)
    result = run("extract", path)
    if phrase is None:  # a real PDF with the wrong extension is read by its content
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert path.name in lines[0] and phrase in lines[0]
    assert "Traceback" not in result.output


def test_real_process_prints_no_traceback(tmp_path):
    path = badfiles.legacy_doc(tmp_path / "old.docx")
    proc = subprocess.run([sys.executable, "-m", "ehcp_nlp.cli", "extract", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1


def test_cli_import_is_light():
    """--help must be instant: importing the CLI loads no parser, PDF or NLP library."""
    code = ("import sys, ehcp_nlp.cli; heavy = {'spacy', 'pdfplumber', 'pypdfium2', 'lxml', 'sklearn', 'pandas'};"
            "print(sorted(heavy & set(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
