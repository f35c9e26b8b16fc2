"""Render rating figures and suggestions as text."""
from __future__ import annotations

from typing import Any

from ..rating.card import exact
from ..model import RATINGS

_SHORT = {"Outstanding": "O", "Good": "G", "Requires Improvement": "RI", "Inadequate": "I"}


def figures_as_text(figures: dict[str, Any]) -> str:
    """Cross-validation (and held-out, if any) figures for the model and the baseline."""
    grouped = " (folds grouped)" if figures.get("grouped") else ""
    text = _block(f"{figures['folds']}-fold cross-validation on {figures['model']['n']} plans{grouped}", figures)
    for name, part in (figures.get("scored_by_split") or {}).items():
        text += (f"\n  the same predictions on the '{name}' plans only ({part['n']}): "
                 f"accuracy {exact(part['accuracy'])}, within one grade {exact(part['within_one'])}, "
                 f"quadratic weighted kappa {exact(part['qwk'])}")
    for name, part in (figures.get("by_split") or {}).items():
        text += "\n\n" + _block(f"{part['folds']}-fold cross-validation within the '{name}' plans only "
                                f"({part['model']['n']} plans)", part)
    held = figures.get("held_out")
    if held:
        text += "\n\n" + _block(f"held out: fitted on {held['train']} 'train' plans, "
                                f"scored on {held['model']['n']} 'test' plans", held)
    return text


def _block(title: str, figures: dict[str, Any]) -> str:
    m, b = figures["model"], figures["baseline_most_frequent"]
    lines = [title, f"{'':28}{'model':>8}{'baseline':>10}"]
    for key, name in (("accuracy", "accuracy"), ("within_one", "within one grade"), ("macro_f1", "macro-F1"),
                      ("qwk", "quadratic weighted kappa")):
        lines.append(f"{name:28}{exact(m[key]):>8}{exact(b[key]):>10}")  # cut, not rounded: 0.9997 is not 1.000
    lines += ["", "confusion (rows: auditor, columns: suggested)",
              f"{'':6}" + "".join(f"{_SHORT[r]:>5}" for r in RATINGS)]
    lines += [f"{_SHORT[RATINGS[i]]:6}" + "".join(f"{v:>5}" for v in row) for i, row in enumerate(m["confusion"])]
    return "\n".join(lines)
