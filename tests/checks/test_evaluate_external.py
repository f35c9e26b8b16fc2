"""scripts/evaluate_checks.py --external scores any file of labelled statements in the shared format."""
import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "evaluate_checks.py"


def test_external_file_is_scored_by_category(tmp_path):
    rows = [
        {"id": "1", "category": "outcome", "text": "Sam will improve his reading.", "label": "not_smart"},
        {"id": "2", "category": "outcome", "text": "By July 2027 Sam will read 50 words accurately.",
         "label": "smart"},
        {"id": "3", "category": "provision", "text": "Visual timetable.", "label": "qft_only"},
        {"id": "4", "category": "provision", "text": "30 minutes of 1:1 phonics daily with a trained TA.",
         "label": "specific"},
        {"id": "5", "category": "need", "text": "Ava loves horses and swimming.", "label": "not_a_need"},
        {"id": "6", "category": "need", "text": "Ava has ADHD.", "label": "vague"},
    ]
    path = tmp_path / "statements.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCRIPT), "--external", str(path)], capture_output=True, text=True,
                         check=True).stdout
    lines = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
    assert lines["outcome"][1:] == ["2", "1", "1.00", "1.00", "1.00"]
    assert lines["qft"][1:] == ["2", "1", "1.00", "1.00", "1.00"]
    assert lines["need"][1:] == ["2", "1", "1.00", "1.00", "1.00"]
    assert "8 rows" in out.splitlines()[0]  # each provision item also counts once for qft
