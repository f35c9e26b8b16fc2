"""Rules and their word lists are linked by declaration: ``uses`` in rules.json, checked on load and while rules run."""
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from ehcp_nlp.checks import check_text
from ehcp_nlp.checks.base import RuleInfo, WordListRule, load_rules
from ehcp_nlp.checks.lexicon import lexicon, load_lexicon, using
from ehcp_nlp.errors import DataFileError

DATA = resources.files("ehcp_nlp").joinpath("data")


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """Temporary copies of lexicons.json and rules.json, to edit."""
    lex, rules = tmp_path / "lexicons.json", tmp_path / "rules.json"
    shutil.copyfile(DATA.joinpath("lexicons.json"), lex)
    shutil.copyfile(DATA.joinpath("rules.json"), rules)
    return lex, rules


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rule_id)


def test_the_shipped_copies_load(copies):
    assert set(load_lexicon(*copies).names()) == set(lexicon().names())


def test_a_rule_naming_an_unknown_entry_fails_to_load(copies):
    lex, rules = copies
    _edit(rules, lambda d: _rule(d, "need.vague")["uses"].append("no_such_list"))
    with pytest.raises(DataFileError, match=r"rules\.json.*need\.vague.*no_such_list.*lexicons\.json"):
        load_lexicon(lex, rules)


def test_a_module_naming_an_unknown_entry_fails_to_load(copies):
    lex, rules = copies
    _edit(rules, lambda d: d["modules"][0]["uses"].append("no_such_list"))
    with pytest.raises(DataFileError, match="no_such_list"):
        load_lexicon(lex, rules)


def test_an_entry_no_one_uses_fails_to_load(copies):
    lex, rules = copies
    _edit(lex, lambda d: d.__setitem__("child_cue", ["child", "pupil"]))
    with pytest.raises(DataFileError, match=r"lexicons\.json.*child_cue.*used by no rule or module"):
        load_lexicon(lex, rules)


def test_a_pattern_no_one_uses_fails_to_load(copies):
    lex, rules = copies
    _edit(rules, lambda d: _rule(d, "health.chc_unrecorded")["uses"].remove("chc_named"))
    with pytest.raises(DataFileError, match="chc_named"):
        load_lexicon(lex, rules)


def test_an_entry_used_only_by_a_module_must_be_declared_by_it(copies):
    lex, rules = copies
    _edit(rules, lambda d: [m for m in d["modules"] if m["module"] == "ehcp_nlp.checks.dates"][0]["uses"]
          .remove("plan_date"))
    with pytest.raises(DataFileError, match="plan_date"):
        load_lexicon(lex, rules)


def test_a_bad_pattern_names_the_file(copies):
    lex, rules = copies
    _edit(lex, lambda d: d["patterns"].__setitem__("after_quote", "(unclosed"))
    with pytest.raises(DataFileError, match=r"lexicons\.json.*bad pattern"):
        load_lexicon(lex, rules)


def test_a_rule_asking_for_a_list_it_did_not_declare_is_an_error():
    with using("rule 'example'", frozenset({"time_frame"})):
        assert lexicon().search("time_frame", "by the end of Year 4")
        with pytest.raises(DataFileError, match=r"'example' uses 'frequency'.*does not declare"):
            lexicon().search("frequency", "twice a week")


def test_a_running_rule_is_held_to_its_declaration():
    rule = next(r for r in load_rules() if r.info.id == "provision.unquantified")
    narrowed = type(rule)(RuleInfo(**{**rule.info.__dict__, "uses": frozenset({"frequency"})}))
    statement = next(iter(_statements("F", "Weekly speech therapy from a therapist.")))
    with pytest.raises(DataFileError, match="provision.unquantified.*who_delivers|delegated_design"):
        narrowed.run(statement, None)
    assert rule.run(statement, None) == []


def test_a_module_is_held_to_its_declaration():
    with pytest.raises(DataFileError, match="ehcp_nlp.checks.base.*time_frame"):
        lexicon().module("ehcp_nlp.checks.base").search("time_frame", "by July")


def test_every_rule_declares_what_it_uses():
    for rule in load_rules():
        assert isinstance(rule.info.uses, frozenset)
    assert "child_cue" not in lexicon().names()


def test_word_list_rules_have_no_class():
    rules = {r.info.id: r for r in load_rules()}
    for rule_id in ("provision.vague_wording", "placement.missing", "personal_budget.missing"):
        assert type(rules[rule_id]) is WordListRule, rule_id
    flags = check_text("F", "Access to a small group as required.")
    vague = next(f for f in flags if f.code == "provision.vague_wording")
    assert vague.detail == {"words": ["access to", "a small group", "as required"]}
    assert vague.message.endswith("('access to', 'a small group', 'as required').")
    assert [f.code for f in check_text("J", "A personal budget has not been requested.")] == []
    assert [f.code for f in check_text("J", "To be confirmed.")] == ["personal_budget.missing"]


def test_a_word_list_rule_must_declare_its_list(copies):
    from ehcp_nlp.checks import base

    lex, rules = copies
    _edit(rules, lambda d: _rule(d, "placement.missing")["uses"].remove("placement_pending"))
    data = json.loads(rules.read_text(encoding="utf-8"))
    with pytest.raises(DataFileError, match="placement.missing.*placement_pending"):
        base._info(_rule(data, "placement.missing"))


def _statements(section: str, text: str):
    from ehcp_nlp.checks.engine import unit_for

    return unit_for(section, text).items
