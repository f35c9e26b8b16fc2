#!/usr/bin/env python3
"""Measure the reader on documents written outside the project: kind, sections, and what is judged.

The documents are not in the repository (they belong to their authors); give
their folder. ``corpus/outside/truth.json`` holds this project's own reading of
each: its kind, for plans the sections it has, and fingerprints (short hashes)
of one sentence near the start and one near the end of each section, and of
lines that are template or machine text rather than content. No sentence of
the documents is stored.

Reports:
- kind right, document by document and overall;
- for plans, sections right: found, holding its first and last anchor
  sentence, and holding no other section's anchors;
- flags, scores and ratings given to documents that are not filled plans (and ratings given to them
  even when forced to be read as plans, as ``--kind plan`` does), and
  flags whose evidence is a placeholder or nothing but recorded template lines.

Usage: python scripts/evaluate_outside.py DIR [--truth FILE] [--json] [--verbose]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADLINE = ("need.vague", "outcome.not_smart", "provision.", "child_voice.missing",
            "social_care.unevidenced_no_needs")
PLACEHOLDER = re.compile(r"\{\{.*?\}\}|«[^»]*»|click or tap here|click here to enter|\[(?:enter|insert)[^\]]*\]",
                         re.I)
_SENTENCE = re.compile(r"(?<=[.!?:])[\"”’')]?\s+(?=[\"“‘(]?[A-Z0-9])")
_NOISE = re.compile(r"[*_`#>•▪◦·\uf0b7]|^\s*(?:\d{1,2}[.)]|[-–])\s+")


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\u00a0", " ")
    return " ".join(_NOISE.sub(" ", text).split()).lower()


def fingerprint(sentence: str) -> str:
    """A short hash of a normalised sentence: enough to recognise it, not to recover it."""
    return hashlib.sha1(normalise(sentence).encode("utf-8")).hexdigest()[:12]


def fingerprints(text: str) -> set[str]:
    """Fingerprints of every line and every sentence of ``text``."""
    found = set()
    for line in text.split("\n"):
        found.add(fingerprint(line))
        found |= {fingerprint(s) for s in _SENTENCE.split(line)}
    return found


def _on_template(evidence: str, template_lines: set[str]) -> bool:
    """Evidence that is a placeholder, or nothing but recorded template lines (labels, machine talk)."""
    if PLACEHOLDER.search(evidence):
        return True
    pieces = [p for line in evidence.split("\n") for p in _SENTENCE.split(line) if normalise(p)]
    return bool(pieces) and all(fingerprint(p) in template_lines or len(normalise(p).split()) < 2 for p in pieces)


def evaluate(folder: Path, truth: dict, verbose: bool = False) -> dict:
    from ehcp_nlp.pipeline import assess
    from ehcp_nlp.errors import InputError

    rows = []
    for name, want in truth["documents"].items():
        path = folder / name
        if not path.exists():
            rows.append({"file": name, "missing": True})
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = assess(path)
        except InputError as exc:
            rows.append({"file": name, "want": want["kind"], "got": "error", "error": str(exc)})
            continue
        data = result.to_dict()
        row = {"file": name, "want": want["kind"], "got": data["kind"]}
        flags = data.get("flags", [])
        headline = [f for f in flags if f["code"].startswith(HEADLINE)]
        template_lines = set(want.get("template_lines", ()))
        on_template = [f for f in flags if _on_template(f["evidence"], template_lines)]
        row["flags_on_template_text"] = len(on_template)
        if want["kind"] != "plan":
            row["headline_flags"] = len(headline)
            row["scored"] = bool(data.get("scores"))
            row["rated"] = bool((data.get("rating") or {}).get("suggested"))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                forced = assess(path, kind="plan")  # as if the user had said --kind plan
            row["rated_as_plan"] = forced.rating is not None
        else:
            row["sections"] = _sections(result.plan, want)
        if verbose:
            row["flag_evidence"] = [(f["code"], f["evidence"][:90]) for f in on_template]
        rows.append(row)
    return {"rows": rows, "summary": _summary(rows)}


def _sections(plan, want: dict) -> dict[str, bool]:
    texts = {k: s.text for k, s in plan.sections.items()}
    prints = {k: fingerprints(t) for k, t in texts.items()}
    anchors = want["sections"]
    results = {}
    for key, (first, last) in anchors.items():
        own = prints.get(key, set())
        others = {a for k, pair in anchors.items() if k != key for a in pair}
        results[key] = bool(texts.get(key, "").strip()) and first in own and last in own and not (own & others)
    for key, text in texts.items():
        if key not in anchors and text.strip() and key != "H":
            results[f"{key} (not in the plan)"] = False
    return results


def _summary(rows: list[dict]) -> dict:
    judged = [r for r in rows if not r.get("missing")]
    sections = [ok for r in judged for ok in r.get("sections", {}).values()]
    non_plans = [r for r in judged if r["want"] != "plan"]
    return {
        "documents": len(judged),
        "kind_right": sum(r["want"] == r["got"] for r in judged),
        "sections_right": sum(sections), "sections": len(sections),
        "non_plans": len(non_plans),
        "non_plans_rated": sum(r.get("rated", False) for r in non_plans),
        "non_plans_scored": sum(r.get("scored", False) for r in non_plans),
        "non_plans_rated_with_kind_plan": sum(r.get("rated_as_plan", False) for r in non_plans),
        "headline_flags_on_non_plans": sum(r.get("headline_flags", 0) for r in non_plans),
        "flags_on_template_text": sum(r.get("flags_on_template_text", 0) for r in judged),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the folder of outside documents (see corpus/outside/README.md)")
    parser.add_argument("--truth", type=Path, default=ROOT / "corpus" / "outside" / "truth.json")
    parser.add_argument("--json", action="store_true", help="print every row as JSON")
    parser.add_argument("--verbose", action="store_true", help="show the evidence of flags on template text")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder; give the folder of outside documents", file=sys.stderr)
        return 2
    truth = json.loads(args.truth.read_text(encoding="utf-8"))
    result = evaluate(args.folder, truth, args.verbose)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for row in result["rows"]:
        if row.get("missing"):
            print(f"  missing: {row['file']}")
            continue
        mark = "ok " if row["want"] == row["got"] else "BAD"
        extra = ""
        if "sections" in row:
            wrong = [k for k, ok in row["sections"].items() if not ok]
            extra = f" sections {sum(row['sections'].values())}/{len(row['sections'])}" + (f" wrong {wrong}" if wrong else "")
        else:
            extra = f" headline flags {row['headline_flags']}, scored {row['scored']}, rated {row['rated']}"
        print(f"{mark} {row['file']:<70} want {row['want']:<8} got {row['got']:<8}{extra}"
              f" template-text flags {row['flags_on_template_text']}")
        for code, evidence in row.get("flag_evidence", ()):
            print(f"      {code}: {evidence!r}")
    s = result["summary"]
    print(f"kind right: {s['kind_right']}/{s['documents']} ({s['kind_right'] / max(s['documents'], 1):.1%})")
    print(f"sections right (plans): {s['sections_right']}/{s['sections']}")
    print(f"documents that are not filled plans: {s['non_plans']}; rated {s['non_plans_rated']}, "
          f"scored {s['non_plans_scored']}, headline flags on them {s['headline_flags_on_non_plans']}; "
          f"rated when forced to be read as plans (--kind plan) {s['non_plans_rated_with_kind_plan']}")
    print(f"flags on placeholders or recorded template lines: {s['flags_on_template_text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
