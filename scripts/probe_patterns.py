#!/usr/bin/env python3
"""Feed every regular expression of the package adversarial text, and report the slow ones.

A pattern that backtracks badly ("# Section A" followed by 3,000 spaces and a letter took 25 s
against the old Markdown heading pattern) turns one hostile line into a hang. This collects every
compiled pattern it can reach — module-level patterns of every module, the checks' lexicon
entries, the section-heading and block-role rules — and searches and matches each against long
runs built to make nested or adjacent quantifiers explode: spaces before a letter, repeated words,
repeated punctuation, table separators, half-finished phrases.

Exit status 1 if any pattern takes longer than ``--limit`` seconds over all the samples. A pattern
that never returns makes the script itself hang, so run it under a time limit (the test suite
does, in a child process).

Usage: python scripts/probe_patterns.py [--length 2000] [--limit 5] [--top 10]
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def patterns() -> dict[str, re.Pattern[str]]:
    """Every text pattern reachable in the package, by a readable name."""
    import ehcp_nlp

    found: dict[str, re.Pattern[str]] = {}
    for module in pkgutil.walk_packages(ehcp_nlp.__path__, "ehcp_nlp."):
        try:
            loaded = importlib.import_module(module.name)
        except Exception:  # an optional dependency missing: its patterns are not reachable either
            continue
        for name, value in vars(loaded).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{module.name}.{name}"] = value
    from ehcp_nlp.checks.lexicon import lexicon
    from ehcp_nlp.extract.roles import rules as role_rules
    from ehcp_nlp.sections.headings import rules as heading_rules

    lex = lexicon()
    for name in lex.names():
        found[f"lexicon:{name}"] = lex.pattern(name)
    for source, rules in (("headings", heading_rules()), ("roles", role_rules())):
        for name in dir(rules):
            value = getattr(rules, name, None)
            if isinstance(value, re.Pattern):
                found[f"{source}:{name}"] = value
            elif isinstance(value, (tuple, list)):
                for i, item in enumerate(value):
                    item = item[1] if isinstance(item, tuple) and len(item) == 2 else item
                    if isinstance(item, re.Pattern):
                        found[f"{source}:{name}[{i}]"] = item
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, re.Pattern):
                        found[f"{source}:{name}[{key}]"] = item
    return found


def samples(length: int) -> list[str]:
    """Long runs that make badly nested or adjacent quantifiers backtrack."""
    n = length
    return ["# Section A" + " " * n + "x", "a" * n, " " * n + "x", "a " * (n // 2) + "!", "1" * n, "(" * n,
            "Section " * (n // 8), "by the end of " * (n // 14), "\t" * n + ":", ". " * (n // 2), "-" * n + "a",
            "A1 " * (n // 3), "|" * n, " | " * (n // 3) + "x", "will " * (n // 5) + "?", "Mr " * (n // 3) + "x",
            "'" * n, ", " * (n // 2) + "said", "x" + "\n" * n + "y", "ab" * (n // 2) + "\u202e"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=2000, help="length of each adversarial sample")
    parser.add_argument("--limit", type=float, default=5.0, help="seconds a pattern may take over all samples")
    parser.add_argument("--top", type=int, default=10, help="how many of the slowest patterns to list")
    args = parser.parse_args()
    texts = samples(args.length)
    timings = []
    for name, pattern in sorted(patterns().items()):
        start = time.perf_counter()
        for text in texts:
            pattern.search(text)
            pattern.match(text)
        timings.append((time.perf_counter() - start, name))
    timings.sort(reverse=True)
    print(f"{len(timings)} patterns, {len(texts)} samples of {args.length} characters")
    for seconds, name in timings[:args.top]:
        print(f"{seconds:8.3f} s  {name}")
    slow = [name for seconds, name in timings if seconds > args.limit]
    if slow:
        print(f"over the {args.limit:g} s limit: {', '.join(slow)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
