"""scripts/evaluate_rating_blind.py: reference ratings settled from two raters and a third, agreement beside
the tool's."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "evaluate_rating_blind.py"
PLANS = ROOT / "tests" / "fixtures" / "plans"


def _csv(path: Path, rows: list[tuple[str, str]]) -> str:
    path.write_text("file,rating,reason\n" + "".join(f"{f},{r},because\n" for f, r in rows), encoding="utf-8")
    return str(path)


def test_agreement_settling_and_the_tool_side_by_side(tmp_path):
    for name in ("early_years_classic.docx", "secondary_classic.docx", "primary_lettered.docx", "post16_pfa.docx"):
        (tmp_path / name).write_bytes((PLANS / name).read_bytes())
    (tmp_path / "blank.docx").write_bytes(b"not really a document")
    a = _csv(tmp_path / "a.csv", [("early_years_classic", "Outstanding"), ("secondary_classic.docx", "Inadequate"),
                                   ("primary_lettered.docx", "Good"), ("post16_pfa.docx", "Good"),
                                   ("blank.docx", "not a plan")])
    b = _csv(tmp_path / "b.csv", [("early_years_classic.docx", "Outstanding"), ("secondary_classic.docx", "Inadequate"),
                                   ("primary_lettered.docx", "Requires Improvement"), ("post16_pfa.docx", "Inadequate"),
                                   ("blank.docx", "not a plan")])
    c = _csv(tmp_path / "c.csv", [("primary_lettered.docx", "Requires Improvement"),
                                   ("post16_pfa.docx", "Outstanding")])
    out = subprocess.run([sys.executable, str(SCRIPT), "--plans", str(tmp_path), "--raters", a, b, "--settled", c,
                          "--json"], capture_output=True, text=True, check=True).stdout
    r = json.loads(out)
    assert r["plans"] == 5 and r["raters_agree_exactly"] == 2 and r["settled_by_third"] == 2
    assert r["raters"]["n"] == 4 and r["raters"]["exact"] == 0.5 and r["raters"]["within_one"] == 0.75
    assert list(r["not_a_plan"]) == ["blank"] and r["not_a_plan"]["blank"]["tool"].startswith("error: ")
    # the third matched one rater on primary_lettered; on post16_pfa (G / I / O) the middle grade, Good, stands
    assert r["reference"] == {"early_years_classic": "Outstanding", "secondary_classic": "Inadequate",
                              "primary_lettered": "Requires Improvement", "post16_pfa": "Good"}
    assert r["tool"]["n"] + len(r["tool_declined"]) == 4
    assert sum(map(sum, r["confusion"])) == r["tool"]["n"]
