"""Write the model card that sits beside a trained rating model."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import RATINGS

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

**Cross-validated figures** ({folds}-fold, stratified, on the training plans):

| | model | most-frequent baseline |
| --- | ---: | ---: |
| accuracy | {m[accuracy]:.2f} | {b[accuracy]:.2f} |
| within one grade | {m[within_one]:.2f} | {b[within_one]:.2f} |
| macro-F1 | {m[macro_f1]:.2f} | {b[macro_f1]:.2f} |
| quadratic weighted kappa | {m[qwk]:.2f} | {b[qwk]:.2f} |

Confusion matrix (rows: auditor's rating; columns: suggested), in the order {order}:

{confusion}
{held_out}
**Limits.** {limits}

**Retrain on your own audits.** Every council rates a little differently. Fit the model to your own
audited plans with `ehcp-nlp train --labels LABELS.csv --plans DIR -o models/NAME` and check it with
`ehcp-nlp evaluate` before relying on its suggestions.
"""

_SYNTHETIC = ("The default model is trained on synthetic plans composed for this project from a "
              "labelled statement bank, rated by their author's rubric (see corpus/plans/README.md). "
              "Real plans are messier and real auditors weigh things differently, so expect lower "
              "agreement on a council's plans until it is retrained on them.")


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
        f"statements, so the checks are less sure of them): accuracy {held['model']['accuracy']:.2f}, within "
        f"one grade {held['model']['within_one']:.2f}, macro-F1 {held['model']['macro_f1']:.2f}, quadratic "
        f"weighted kappa {held['model']['qwk']:.2f} (baseline {held['baseline_most_frequent']['qwk']:.2f}).\n")
    text = _TEMPLATE.format(
        name=folder.name, plans=meta["plans"], source=meta["trained_on"],
        ratings=", ".join(f"{k}: {v}" for k, v in meta["ratings"].items()),
        failed=f"{len(failed)} file(s) could not be read and were left out." if failed else "",
        folds=cv["folds"], m=cv["model"], b=cv["baseline_most_frequent"], order=", ".join(RATINGS),
        confusion="\n".join(rows), held_out=held_text,
        limits=_SYNTHETIC if "corpus/plans" in meta["trained_on"] else "Trained on the plans named above only.",
    )
    path = folder / "model_card.md"
    path.write_text(text, encoding="utf-8")
    return path
