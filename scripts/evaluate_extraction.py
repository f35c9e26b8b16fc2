#!/usr/bin/env python3
"""Measure section boundaries on the golden fixture plans.

For every ``tests/fixtures/plans/*.expected.json`` this reads the plan beside
it, segments it, and checks each section's first and last sentence. Prints a
table by template and format and the overall share of sections right.

Usage: python scripts/evaluate_extraction.py [--fixtures DIR] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ehcp_nlp.plan import read_plan  # noqa: E402
from ehcp_nlp.sections.golden import compare  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "plans")
    parser.add_argument("--verbose", action="store_true", help="list every section that is wrong")
    args = parser.parse_args()
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for expected_path in sorted(args.fixtures.glob("*.expected.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        plan_path = expected_path.with_name(expected_path.name.removesuffix(".expected.json"))
        results = compare(read_plan(plan_path), expected)
        row = tally[(expected.get("template", "?"), expected.get("format", plan_path.suffix[1:]))]
        row[0] += sum(r.ok for r in results)
        row[1] += len(results)
        if args.verbose:
            for r in results:
                if not r.ok:
                    print(f"  wrong: {plan_path.name} {r.key} found={r.found} first={r.first_ok} last={r.last_ok}")
    print(f"{'template':<14}{'format':<10}{'right':>7}{'of':>5}{'share':>9}")
    for (template, fmt), (right, total) in sorted(tally.items()):
        print(f"{template:<14}{fmt:<10}{right:>7}{total:>5}{right / total:>9.1%}")
    right = sum(r for r, _ in tally.values())
    total = sum(t for _, t in tally.values())
    print(f"{'all':<24}{right:>7}{total:>5}{(right / total if total else 0):>9.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
