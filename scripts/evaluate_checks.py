#!/usr/bin/env python3
"""Precision, recall and F1 of each check on the labelled statement bank.

Reads ``corpus/statements/*.jsonl``, runs the same code as ``ehcp-nlp check``
on every statement of the chosen split, and compares the flag codes raised
with the labels. ``parent_view.missing`` and ``aspirations.missing`` are only
scored on passages labelled as a whole Section A (their ``note`` says so).

With ``--external PATH`` it scores any file of labelled statements in the shared format instead
(one JSON object a line: ``category`` outcome | provision | need | child_voice | ep_advice,
``text``, ``label``), by category, as an auditor would read them: an outcome is positive when
labelled ``not_smart`` and flagged ``outcome.not_smart``; provision when labelled ``vague`` or
``qft_only`` and given any ``provision.*`` flag of the three; ``qft`` counts only ``qft_only``
against ``specific`` items and ``provision.qft_only``; a need when labelled ``vague`` (``not_a_need``
items are negatives); child voice when labelled ``absent``; advice when labelled ``weak``.

Usage: python scripts/evaluate_checks.py [--split test|train|all] [--errors CODE] [--markdown]
       python scripts/evaluate_checks.py --external PATH [--errors CATEGORY] [--markdown]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ehcp_nlp.checks import check_many  # noqa: E402

SCORED = {
    "A": ["child_voice.missing", "parent_view.missing", "aspirations.missing"],
    "B": ["need.vague"],
    "C": ["health.unevidenced_no_needs"],
    "D": ["social_care.unevidenced_no_needs"],
    "E": ["outcome.not_smart", "outcome.is_provision"],
    "F": ["provision.unquantified", "provision.vague_wording", "provision.qft_only"],
    "advice": ["advice.weak"],
    "review": ["review.no_amendments"],
}
WHOLE_SECTION_ONLY = {"parent_view.missing", "aspirations.missing"}


def load(corpus: Path, split: str) -> list[dict]:
    items = []
    for path in sorted(corpus.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if split == "all" or item["split"] == split:
                    items.append(item)
    return items


def score(items: list[dict]) -> tuple[dict[str, Counter], list[tuple[str, str, dict, set]]]:
    predictions = check_many([(i["section"], i["text"]) for i in items])
    counts: dict[str, Counter] = {}
    errors = []
    for item, flags in zip(items, predictions):
        raised = {f.code for f in flags}
        for code in SCORED.get(item["section"], []):
            if code in WHOLE_SECTION_ONLY and not (item.get("note") or "").lower().startswith("whole section"):
                continue
            gold, pred = code in item["labels"], code in raised
            c = counts.setdefault(code, Counter())
            c["tp" if gold and pred else "fp" if pred else "fn" if gold else "tn"] += 1
            if gold != pred:
                errors.append((code, "FN" if gold else "FP", item, raised))
    return counts, errors


def table(counts: dict[str, Counter], markdown: bool, order: list[str] | None = None) -> str:
    rows = []
    for code in [c for c in (order or [c for codes in SCORED.values() for c in codes]) if c in counts]:
        c = counts[code]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((code, sum(c.values()), c["tp"] + c["fn"], p, r, f1))
    if markdown:
        lines = ["| flag code | statements | labelled | precision | recall | F1 |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
        lines += [f"| `{a}` | {n} | {pos} | {p:.2f} | {r:.2f} | {f:.2f} |" for a, n, pos, p, r, f in rows]
    else:
        lines = [f"{'flag code':<36}{'n':>5}{'pos':>5}{'prec':>7}{'recall':>8}{'F1':>7}"]
        lines += [f"{a:<36}{n:>5}{pos:>5}{p:>7.2f}{r:>8.2f}{f:>7.2f}" for a, n, pos, p, r, f in rows]
    return "\n".join(lines)


#: category -> (section, labels that are positive, flag codes that mean positive) for --external files
EXTERNAL = {
    "outcome": ("E", {"not_smart"}, {"outcome.not_smart"}),
    "provision": ("F", {"vague", "qft_only"}, {"provision.unquantified", "provision.vague_wording",
                                               "provision.qft_only"}),
    "qft": ("F", {"qft_only"}, {"provision.qft_only"}),
    "child_voice": ("A", {"absent"}, {"child_voice.missing"}),
    "need": ("B", {"vague"}, {"need.vague"}),
    "ep_advice": ("advice", {"weak"}, {"advice.weak"}),
}


def score_external(path: Path) -> tuple[dict[str, Counter], list[tuple[str, str, dict, set]]]:
    """Precision and recall by category on a shared-format file (see the module's docstring)."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [(c, i) for i in items for c in (["provision", "qft"] if i["category"] == "provision"
                                             and i["label"] in ("qft_only", "specific") else [i["category"]])
            if c in EXTERNAL]
    flags = check_many([(EXTERNAL[c][0], i["text"]) for c, i in rows])
    counts: dict[str, Counter] = {}
    errors = []
    for (category, item), raised in zip(rows, flags):
        _, positive, flag_codes = EXTERNAL[category]
        gold, got = item["label"] in positive, {f.code for f in raised} & flag_codes
        counts.setdefault(category, Counter())["tp" if gold and got else "fp" if got else "fn" if gold else "tn"] += 1
        if gold != bool(got):
            errors.append((category, "FN" if gold else "FP", item, got))
    return counts, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "statements")
    parser.add_argument("--split", choices=["test", "train", "all"], default="test")
    parser.add_argument("--errors", metavar="CODE", help="list the statements a code gets wrong")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table for the README")
    parser.add_argument("--external", type=Path, metavar="PATH",
                        help="score a file of labelled statements in the shared format instead of the bank")
    args = parser.parse_args()
    if args.external:
        counts, errors = score_external(args.external)
        print(f"{sum(sum(c.values()) for c in counts.values())} rows from {args.external}")
        print(table(counts, args.markdown, list(EXTERNAL)))
        for category, kind, item, raised in errors:
            if args.errors and category == args.errors:
                print(f"{kind} {item.get('id', '?')} [{item['label']}]: {item['text'][:200]}  raised={sorted(raised)}")
        return 0
    items = load(args.corpus, args.split)
    counts, errors = score(items)
    print(f"{len(items)} statements, split: {args.split}")
    print(table(counts, args.markdown))
    for code, kind, item, raised in errors:
        if args.errors and code.startswith(args.errors):
            print(f"{kind} {item['id']}: {item['text']}\n    labels={item['labels']} raised={sorted(raised)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
