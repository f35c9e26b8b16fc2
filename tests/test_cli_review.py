"""The check and review commands: output contracts, --jsonl, kinds, and the model-missing fallback."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ehcp_nlp.cli import main

PLANS = Path(__file__).parent / "fixtures" / "plans"


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input)


def test_check_text_output():
    result = run("check", "--section", "F", "Access to a small group as required.")
    assert result.exit_code == 0
    assert "[major] provision.vague_wording" in result.output and "“Access to a small group as required.”" in result.output


def test_check_jsonl_contract_and_bad_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "Sam will improve his reading."}\n'
                    "not json\n"
                    '{"id": "b", "text": "Daily phonics for 20 minutes with a trained TA.", "section": "F"}\n',
                    encoding="utf-8")
    result = run("check", "--section", "E", "--jsonl", path)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["a", None, "b"]
    assert lines[0]["flags"][0] == {"code": "outcome.not_smart", "severity": "major",
                                    "message": lines[0]["flags"][0]["message"],
                                    "evidence": "Sam will improve his reading.", "start": 0, "end": 29}
    assert lines[1]["line"] == 2 and "error" in lines[1]
    assert lines[2]["flags"] == []
    assert result.exit_code == 1 and result.stderr.startswith("error: ")


def test_check_needs_text_or_jsonl():
    assert run("check", "--section", "F").exit_code == 2


def test_review_json_keys_and_evidence_offsets():
    result = run("review", PLANS / "secondary_classic.docx", "--format", "json")
    data = json.loads(result.stdout)
    assert {"source", "kind", "sections", "statements", "flags", "missing", "warnings"} <= set(data)
    assert data["kind"] == "plan"
    codes = {f["code"] for f in data["flags"]}
    assert {"child_voice.missing", "outcome.not_smart", "provision.qft_only", "advice.out_of_date"} <= codes
    for flag in data["flags"]:
        assert {"code", "section", "severity", "message", "evidence", "start", "end"} <= set(flag)
        if flag["evidence"] and flag["code"] not in ("section.missing",):
            text = data["sections"][flag["section"]]["text"]
            assert text[flag["start"]:flag["end"]] == flag["evidence"], flag


def test_strong_plan_has_fewer_flags_than_weak_plan():
    def count(name):
        return len(json.loads(run("review", PLANS / name, "--format", "json").stdout)["flags"])

    assert count("early_years_classic.docx") * 2 < count("secondary_classic.docx")


def test_review_kinds_detected_and_forced(tmp_path):
    advice = tmp_path / "ep.txt"
    advice.write_text("Educational Psychology Advice\n\nRecommendations\nSam would benefit from a visual "
                      "timetable. Staff should consider movement breaks.\n", encoding="utf-8")
    review = tmp_path / "ar.txt"
    review.write_text("Annual Review of EHC plan\n\nSam has had a good year. No changes needed.\n", encoding="utf-8")
    advice_out = json.loads(run("review", advice, "--format", "json").stdout)
    review_out = json.loads(run("review", review, "--format", "json").stdout)
    # one flag for each weak recommendation, each with that recommendation as its evidence
    assert advice_out["kind"] == "advice" and [f["code"] for f in advice_out["flags"]] == ["advice.weak"] * 2
    assert [f["evidence"] for f in advice_out["flags"]] == ["Sam would benefit from a visual timetable.",
                                                            "Staff should consider movement breaks."]
    assert review_out["kind"] == "review" and [f["code"] for f in review_out["flags"]] == ["review.no_amendments"]
    forced = json.loads(run("review", review, "--kind", "advice", "--format", "json").stdout)
    assert forced["kind"] == "advice"


def test_review_writes_output_file(tmp_path):
    out = tmp_path / "review.json"
    result = run("review", PLANS / "primary_lettered.md", "--format", "json", "-o", out)
    assert result.exit_code == 0 and json.loads(out.read_text())["source"].endswith("primary_lettered.md")


def test_rule_only_fallback_warns_and_still_flags(monkeypatch):
    import spacy

    from ehcp_nlp import nlp
    from ehcp_nlp.checks.rules import outcomes

    real_load = spacy.load

    def missing(name, *args, **kwargs):
        if name == nlp.MODEL_PACKAGE:
            raise OSError("[E050] Can't find model")
        return real_load(name, *args, **kwargs)

    monkeypatch.setattr(spacy, "load", missing)
    nlp.get_nlp.cache_clear()
    nlp._CACHE.clear()
    try:
        result = run("check", "--section", "E", "Sam will improve his reading.")
        assert "warning: the spaCy English model" in result.stderr
        assert "outcome.not_smart" in result.stdout
        assert outcomes.smart_missing("By July 2027 Ava will read 50 words accurately.") == []
    finally:
        nlp.get_nlp.cache_clear()
        nlp._CACHE.clear()


def test_check_jsonl_missing_or_not_utf8_file(tmp_path):
    missing = run("check", "--section", "F", "--jsonl", tmp_path / "nope.jsonl")
    assert missing.exit_code == 1 and missing.stderr.startswith("error: ") and "nope.jsonl" in missing.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\xff\xfe\x00bad")
    result = run("check", "--section", "F", "--jsonl", bad)
    assert result.exit_code == 1 and "is not UTF-8 text" in result.stderr and "Traceback" not in result.output


BLANK_FORM = ("Education, Health and Care Plan\n\nName: {{ name }}\nDate of birth: {{ date_of_birth }}\n"
              "School: {{ school }}\n\nSection A: Views, interests and aspirations\n{{ child_views }}\n\n"
              "Section B: Special educational needs\n{{ needs }}\n\nSection E: Outcomes\n{{ outcomes }}\n\n"
              "Section F: Special educational provision\n{{ provision }}\n")


def test_a_blank_template_is_one_line_not_a_review(tmp_path):
    path = tmp_path / "template.txt"
    path.write_text(BLANK_FORM, encoding="utf-8")
    text = run("review", path)
    assert text.exit_code == 0 and len(text.stdout.strip().splitlines()) == 1
    assert "looks like an unfilled template" in text.stdout and "--kind plan" in text.stdout
    data = json.loads(run("review", path, "--format", "json").stdout)
    assert data["kind"] == "template" and data["flags"] == [] and data["scores"] is None
    assert data["rating"]["suggested"] is None and "unfilled template" in data["rating"]["reason"]
    export = run("review", path, "--format", "html")
    assert export.exit_code == 1 and export.stderr.startswith("error:") and "Traceback" not in export.output
    forced = json.loads(run("review", path, "--kind", "plan", "--format", "json").stdout)
    assert forced["kind"] == "plan" and forced["kind_evidence"] == ["named with --kind plan"]


def test_a_document_of_unknown_kind_says_so_and_suggests_kind(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text("Minutes of the parish council meeting\n\nThe hall roof will be repaired in May.\n", encoding="utf-8")
    result = run("review", path)
    assert result.exit_code == 0 and "not recognised as a plan" in result.stdout and "--kind" in result.stdout


def test_extract_shows_kind_evidence_and_block_roles(tmp_path):
    path = tmp_path / "template.txt"
    path.write_text(BLANK_FORM, encoding="utf-8")
    data = json.loads(run("extract", path, "--blocks").stdout)
    assert data["kind"] == "template" and data["kind_evidence"]
    roles = {b["role"] for s in data["sections"].values() for b in s["blocks"]}
    assert "placeholder" in roles and all(not s["text"] for s in data["sections"].values())


def test_check_jsonl_takes_each_lines_section(tmp_path):
    """Every line names its own section: no --section needed; --section is the default for lines without one."""
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "e", "text": "Sam will improve his reading.", "section": "e"}\n'
                    '{"id": "f", "text": "Access to a small group as required.", "section": "F"}\n',
                    encoding="utf-8")
    result = run("check", "--jsonl", path)
    assert result.exit_code == 0, result.output
    lines = {line["id"]: line for line in map(json.loads, result.stdout.splitlines())}
    assert lines["e"]["flags"][0]["code"] == "outcome.not_smart"
    assert "provision.vague_wording" in {flag["code"] for flag in lines["f"]["flags"]}


def test_check_jsonl_line_without_a_section(tmp_path):
    path = tmp_path / "partly.jsonl"
    path.write_text('{"id": "a", "text": "Access to a small group as required."}\n'
                    '{"id": "b", "text": "Access to a small group as required.", "section": "F"}\n'
                    '{"id": "c", "text": "Some text.", "section": "Z"}\n', encoding="utf-8")
    result = run("check", "--jsonl", path)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert "no section" in lines[0]["error"] and lines[1]["flags"] and "unknown section" in lines[2]["error"]
    assert result.exit_code == 1
    defaulted = run("check", "--section", "F", "--jsonl", path)
    assert "provision.vague_wording" in {f["code"] for f in json.loads(defaulted.stdout.splitlines()[0])["flags"]}


def test_check_text_needs_a_section():
    result = run("check", "Access to a small group as required.")
    assert result.exit_code == 2 and "--section" in result.output
