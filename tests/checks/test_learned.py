"""The trained second opinion: shipped models load safely, override only when confident, and are optional."""
import skops.io as sio

from ehcp_nlp.checks import check_text, learned
from ehcp_nlp.checks.engine import clear_caches


def test_shipped_models_have_no_untrusted_types():
    for code in learned.settings():
        path = learned.model_path(code)
        assert path.is_file(), code
        assert sio.get_untrusted_types(file=str(path)) == []


def test_verdict_is_none_between_thresholds(monkeypatch):
    monkeypatch.setattr(learned, "probability", lambda code, text: 0.5)
    assert learned.verdict("provision.qft_only", "anything") is None
    monkeypatch.setattr(learned, "probability", lambda code, text: 0.95)
    assert learned.verdict("provision.qft_only", "anything") is True


def test_a_check_without_clear_below_is_never_withdrawn(monkeypatch):
    monkeypatch.setattr(learned, "probability", lambda code, text: 0.01)
    assert learned.settings()["provision.qft_only"]["clear_below"] is None
    assert learned.verdict("provision.qft_only", "anything") is None
    assert learned.verdict("child_voice.missing", "anything") is False


def test_confident_classifier_adds_and_withdraws_flags(monkeypatch):
    text = "A list of helpers will hang by the door."
    monkeypatch.setattr(learned, "verdict", lambda code, t: True if code == "provision.qft_only" else None)
    monkeypatch.setattr(learned, "probability", lambda code, t: 0.93)
    added = [f for f in check_text("F", text) if f.code == "provision.qft_only"]
    assert added and "trained check" in added[0].message and added[0].detail["second_opinion"] == 0.93
    monkeypatch.setattr(learned, "verdict", lambda code, t: False if code == "provision.qft_only" else None)
    assert not [f for f in check_text("F", "Visual timetable.") if f.code == "provision.qft_only"]


def test_rule_alone_decides_without_a_model(monkeypatch):
    clear_caches()
    monkeypatch.setattr(learned, "_model", lambda code: None)
    assert learned.probability("provision.qft_only", "Visual timetable.") is None
    assert "provision.qft_only" in {f.code for f in check_text("F", "Visual timetable.")}
    clear_caches()
