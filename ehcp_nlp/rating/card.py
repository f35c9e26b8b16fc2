"""Write the model card that sits beside a trained rating model."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..model import RATINGS

_TEMPLATE = """# Rating model card: {name}

**What it does.** Suggests one of Outstanding / Good / Requires Improvement / Inadequate for an EHC
plan, with calibrated probabilities and the reasons that pushed it, for a human auditor to confirm
or override. It never replaces the auditor's judgement.

**Trained on.** {plans} plans from `{source}` ({ratings}). {failed}

**How.** An ordinal classifier (one logistic regression per threshold between ratings, Frank and Hall,
with sigmoid-calibrated probabilities) over interpretable features of each plan's review: the 12
section scores and their total, missing sections, child's voice / parent views / aspirations, the
shares of vague needs, non-SMART outcomes (and which letters are missing), provision that is
unquantified, hedged or Quality First Teaching only, unlinked needs, out-of-date advice, flag counts
and length. Each training plan is also seen twice as the checks might misread it (5% of the
statement-level judgements behind the shares flipped at random), so one stray flag does not cost a
strong plan its grade. Saved with skops; loading refuses any object type outside scikit-learn's
defaults and its two calibration classes.

**Cross-validated figures** ({folds}-fold, stratified{grouped}, on the training plans; three places,
cut rather than rounded, so 0.9997 shows as 0.999; the per-split columns score the same
predictions on each kind of plan):

{table}

Confusion matrix (rows: auditor's rating; columns: suggested), in the order {order}:

{confusion}
{held_out}
**Limits.** {limits}

**Retrain on your own audits.** Every council rates a little differently. Fit the model to your own
audited plans with `ehcp-nlp train --labels LABELS.csv --plans DIR -o models/NAME` and check it with
`ehcp-nlp evaluate` before relying on its suggestions.
"""

_SYNTHETIC = ("The default model is trained mostly on synthetic plans composed for this project from a "
              "labelled statement bank, rated by their author's rubric (see corpus/plans/README.md). "
              "Real plans are messier and real auditors weigh things differently, so expect lower "
              "agreement on a council's plans until it is retrained on them.")
_HOLISTIC = (" Part of the training is holistic: plans written blind by independent writers and rated "
             "whole by two readers against the audit criteria, a third settling disagreements "
             "(corpus/holistic/README.md); each counts as many times as its weight.")


def exact(value: float) -> str:
    """A figure to three places, cut not rounded: a within-one rate of 0.9997 is not 1.000."""
    if math.isnan(value):
        return "n/a"
    return f"{math.floor(value * 1000 + 1e-9) / 1000:.3f}"


def _table(cv: dict[str, Any]) -> str:
    m, b = cv["model"], cv["baseline_most_frequent"]
    parts = cv.get("scored_by_split") or {}
    head = "| | model | most-frequent baseline |" + "".join(f" model, '{k}' plans ({v['n']}) |"
                                                          for k, v in parts.items())
    rows = [head, "| --- | ---: | ---: |" + " ---: |" * len(parts)]
    for key, name in (("accuracy", "accuracy"), ("within_one", "within one grade"), ("macro_f1", "macro-F1"),
                      ("qwk", "quadratic weighted kappa")):
        rows.append(f"| {name} | {exact(m[key])} | {exact(b[key])} |"
                    + "".join(f" {exact(v[key])} |" for v in parts.values()))
    return "\n".join(rows)


def write_model_card(folder: Path, meta: dict[str, Any]) -> Path:
    """Write ``model_card.md`` in ``folder`` from the training record ``meta``."""
    cv = meta["cross_validation"]
    rows = ["| | " + " | ".join(RATINGS) + " |", "| --- |" + " ---: |" * len(RATINGS)]
    rows += [f"| {RATINGS[i]} | " + " | ".join(str(v) for v in row) + " |"
             for i, row in enumerate(cv["model"]["confusion"])]
    failed = meta.get("failed_files") or []
    held = cv.get("held_out")
    held_text = "" if not held else (
        f"\n**Held-out figures.** Fitted on the {held['train']} plans marked `train` and scored on the "
        f"{held['model']['n']} marked `test` (for the default corpus these are composed only of held-out "
        f"statements, so the checks are less sure of them): accuracy {exact(held['model']['accuracy'])}, within "
        f"one grade {exact(held['model']['within_one'])}, macro-F1 {exact(held['model']['macro_f1'])}, quadratic "
        f"weighted kappa {exact(held['model']['qwk'])} (baseline {exact(held['baseline_most_frequent']['qwk'])}).\n")
    text = _TEMPLATE.format(
        name=folder.name, plans=meta["plans"], source=meta["trained_on"],
        ratings=", ".join(f"{k}: {v}" for k, v in meta["ratings"].items()),
        failed=f"{len(failed)} file(s) could not be read and were left out." if failed else "",
        folds=cv["folds"], grouped=", grouped" if cv.get("grouped") else "", table=_table(cv), order=", ".join(RATINGS),
        confusion="\n".join(rows), held_out=held_text,
        limits=(_SYNTHETIC if "corpus/plans" in meta["trained_on"] else "Trained on the plans named above only.")
        + (_HOLISTIC if "holistic" in meta["trained_on"] else ""),
    )
    path = folder / "model_card.md"
    path.write_text(text, encoding="utf-8")
    return path
