#!/usr/bin/env python3
"""Measure the reader and the headline checks on documents written blind, against their writers' truth.

Each document ``NAME.EXT`` has ``NAME.EXT.truth.json`` beside it, written by the
helper who wrote the document without seeing this project's code, word lists or
fixtures (see ``tests/fixtures/blind/README.md``): its kind; for a plan, the first
and last content sentence of each section, the sections it lacks, whether the
child's own voice is there, and every need, outcome and provision statement with
the writer's judgement of whether it is weak.

Reports, by layout style and overall:
- kind right;
- sections right: found, holding its first and last sentence, holding no other
  section's first or last sentence (of six words and 30 letters or more: a school's
  name may rightly appear in several sections), and no section found that the plan lacks;
- headline flag precision: the share of ``need.vague``, ``outcome.not_smart``,
  ``provision.*`` (but ``provision.unlinked_need``, which the records cannot judge),
  ``child_voice.missing`` and ``social_care.unevidenced_no_needs`` flags whose evidence is a statement the writer marked weak (for
  ``child_voice.missing``: a plan the writer says has no child's voice); and
  recall, the share of weak statements some headline flag rests on.

Usage: python scripts/evaluate_blind.py DIR [DIR ...] [--verbose] [--json]
(--verbose lists wrong kinds, sections and flags, and the weak statements no flag rests on)
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ehcp_nlp.sections.golden import compare_anchors, squash  # noqa: E402

HEADLINE = ("need.vague", "outcome.not_smart", "provision.", "child_voice.missing",
            "social_care.unevidenced_no_needs")
#: Headline codes the writers' records cannot judge: whether a need has provision somewhere was not recorded.
UNJUDGED = ("provision.unlinked_need",)
#: Which statements a flag may rest on: its section's (an outcome flag on an outcome, and so on).
FLAG_SECTION = {"need.vague": "B", "outcome.not_smart": "E", "provision.": "F",
                "social_care.unevidenced_no_needs": "D"}
_SUFFIXES = (".pdf", ".docx", ".txt", ".md")


def documents(folders: list[Path]) -> list[tuple[Path, dict]]:
    found = []
    for folder in folders:
        for truth_path in sorted(folder.rglob("*.truth.json")):
            path = truth_path.with_name(truth_path.name.removesuffix(".truth.json"))
            if path.suffix.lower() in _SUFFIXES and path.exists():
                found.append((path, json.loads(truth_path.read_text(encoding="utf-8"))))
    return found


def judge(path: Path, truth: dict) -> dict:
    from ehcp_nlp.pipeline import assess
    from ehcp_nlp.errors import InputError

    row: dict = {"file": str(path), "style": truth.get("style", path.parent.name), "want": truth["kind"]}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = assess(path)
    except InputError as exc:
        row.update(got="error", error=str(exc))
        return row
    row["got"] = result.review.kind
    row["rated"] = bool(result.rating)
    flags = [f for f in result.review.flags if f.code.startswith(HEADLINE) and f.code not in UNJUDGED]
    if truth["kind"] != "plan":
        row["headline_flags"] = len(flags)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            row["rated_as_plan"] = assess(path, kind="plan").rating is not None  # as --kind plan would
        return row
    row["sections"] = compare_anchors(result.plan, truth)
    row["flags"] = [_flag_verdict(f, truth) for f in flags]
    weak = [s for s in truth.get("statements", []) if s.get("weak")]
    hit = {id(s) for f in flags for s in _statements_under(f, truth) if s.get("weak")}
    row["weak_found"] = sum(id(s) in hit for s in weak)
    row["weak_total"] = len(weak)
    row["weak_missed"] = [f"{s['section']}: {s['text'][:100]}" for s in weak if id(s) not in hit]
    return row


def _statements_under(flag, truth: dict) -> list[dict]:
    """The writer's statements a flag's evidence overlaps (in the flag's own section)."""
    section = next((s for code, s in FLAG_SECTION.items() if flag.code.startswith(code)), None)
    evidence = squash(flag.evidence)
    if not evidence or section is None:
        return []
    under = []
    for statement in truth.get("statements", []):
        if statement["section"] != section:
            continue
        text = squash(statement["text"])
        if text and (text in evidence or evidence in text or _overlap(text, evidence) >= 0.6):
            under.append(statement)
    return under


def _overlap(a: str, b: str) -> float:
    """Share of the shorter string covered by its longest common piece (cheap: by 12-letter grams)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    grams = {short[i:i + 12] for i in range(0, max(len(short) - 11, 1))}
    return sum(g in long_ for g in grams) / max(len(grams), 1)


def _flag_verdict(flag, truth: dict) -> dict:
    if flag.code == "child_voice.missing":
        right = truth.get("child_voice") == "absent"
        return {"code": flag.code, "right": right, "why": f"child's voice {truth.get('child_voice')}",
                "evidence": flag.evidence[:100]}
    under = _statements_under(flag, truth)
    right = any(s.get("weak") for s in under)
    why = "weak statement" if right else ("a statement the writer judged sound" if under else "not a listed statement")
    return {"code": flag.code, "right": right, "why": why, "evidence": flag.evidence[:100]}


def summarise(rows: list[dict]) -> dict:
    by_style: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for row in rows + [dict(r, style="all") for r in rows]:
        tally = by_style[row["style"]]
        tally["documents"] += 1
        tally["kind_right"] += row["want"] == row["got"]
        tally["sections_right"] += sum(row.get("sections", {}).values())
        tally["sections"] += len(row.get("sections", {}))
        tally["flags_right"] += sum(f["right"] for f in row.get("flags", []))
        tally["flags"] += len(row.get("flags", []))
        tally["weak_found"] += row.get("weak_found", 0)
        tally["weak_total"] += row.get("weak_total", 0)
        tally["non_plans_rated"] += row["want"] != "plan" and row.get("rated", False)
        tally["non_plans_rated_as_plan"] += row["want"] != "plan" and row.get("rated_as_plan", False)
        tally["non_plans"] += row["want"] != "plan"
        tally["headline_flags_on_non_plans"] += row.get("headline_flags", 0) if row["want"] != "plan" else 0
    return {k: dict(v) for k, v in by_style.items()}


def _share(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.1%})" if b else "–"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+", help="folders of documents with .truth.json files")
    parser.add_argument("--verbose", action="store_true",
                        help="list wrong kinds, sections and flags, and missed weak statements")
    parser.add_argument("--json", action="store_true", help="print every row and the summary as JSON")
    args = parser.parse_args()
    rows = [judge(path, truth) for path, truth in documents(args.folders)]
    summary = summarise(rows)
    if args.json:
        print(json.dumps({"rows": rows, "summary": summary}, indent=2, ensure_ascii=False))
        return 0
    if args.verbose:
        for row in rows:
            wrong_sections = [k for k, ok in row.get("sections", {}).items() if not ok]
            wrong_flags = [f for f in row.get("flags", []) if not f["right"]]
            if row["want"] != row["got"] or wrong_sections or wrong_flags or row.get("weak_missed"):
                print(f"{row['file']}: kind {row['got']} (want {row['want']})"
                      + (f"; sections wrong {wrong_sections}" if wrong_sections else ""))
                for f in wrong_flags:
                    print(f"    {f['code']}: {f['why']}: {f['evidence']!r}")
                for text in row.get("weak_missed", []):
                    print(f"    missed weak statement in {text!r}")
    print(f"{'style':<22}{'kind':>16}{'sections':>20}{'flag precision':>20}{'weak found':>18}")
    for style, t in sorted(summary.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        print(f"{style:<22}{_share(t['kind_right'], t['documents']):>16}{_share(t['sections_right'], t['sections']):>20}"
              f"{_share(t['flags_right'], t['flags']):>20}{_share(t['weak_found'], t['weak_total']):>18}")
    a = summary.get("all", {})
    print(f"non-plans: {a.get('non_plans', 0)}; rated: {a.get('non_plans_rated', 0)}; rated when forced to be read "
          f"as plans (--kind plan): {a.get('non_plans_rated_as_plan', 0)}; headline flags on non-plans: "
          f"{a.get('headline_flags_on_non_plans', 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
