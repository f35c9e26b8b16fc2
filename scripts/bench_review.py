#!/usr/bin/env python3
"""Benchmark the review layer: a cold review, a whole plan, and loose statements through ``check --jsonl``.

0. Cold start, side by side in one run: loading the spaCy pipeline alone in a
   new process (the project's own loader, ``ehcp_nlp.nlp.get_nlp``), and a whole
   ``ehcp-nlp review corpus/sample/sample_plan.docx`` in a new process, each
   ``--cold-runs`` times, interleaved, after one unmeasured run of each (so the
   files are in the disk cache). Reports the medians and their ratio. Target:
   ratio <= 1.5 (a cold review costs little more than its language model).
1. Builds an ~8,000-word plan (DOCX, sections A-K, statements drawn from the
   labelled bank in ``corpus/statements``), then times extraction plus every
   check on it, pinned to one CPU core, after one warm-up run (so process
   start-up and loading the language model are excluded). Target: <= 1 s.
2. Writes the whole statement bank, repeated to ``--statements`` lines, as
   JSON Lines and times ``check --jsonl`` on it in-process. Target: >= 500
   statements/s.

Usage: python scripts/bench_review.py [--words 8000] [--statements 5000] [--runs 5] [--cold-runs 7]
       python scripts/bench_review.py --cold-only      (part 0 alone)
"""
from __future__ import annotations

import argparse
import io
import itertools
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLES = {"A": "Section A: The views, interests and aspirations of the child and their parents",
          "B": "Section B: Special educational needs", "C": "Section C: Health needs",
          "D": "Section D: Social care needs", "E": "Section E: Outcomes",
          "F": "Section F: Special educational provision", "G": "Section G: Health provision",
          "H1": "Section H1: Social care provision under section 2 of the CSDPA 1970",
          "H2": "Section H2: Other social care provision", "I": "Section I: Placement",
          "J": "Section J: Personal budget", "K": "Section K: Advice and information"}
AREAS = ["Communication and interaction", "Cognition and learning", "Social, emotional and mental health",
         "Sensory and/or physical"]


def bank() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for path in sorted((ROOT / "corpus" / "statements").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                texts.setdefault(item["section"], []).append(item["text"])
    return texts


def build_plan(path: Path, words: int) -> int:
    """Write a DOCX plan of about ``words`` words; return its word count."""
    import docx

    texts, rng = bank(), random.Random(7)
    document = docx.Document()
    document.add_paragraph("Education, Health and Care Plan").style = "Title"
    document.add_paragraph("Date of plan: 12 May 2026")
    count = 0
    fillers = {"C": texts.get("C", ["No health needs."])[:2], "D": texts.get("D", ["No social care needs."])[:2],
               "G": ["Physiotherapy programme reviewed by the NHS physiotherapist every 6 weeks."],
               "H1": ["Short breaks: 6 hours a month at a local centre, funded by social care."],
               "H2": ["None."], "I": ["Oak Primary School, a mainstream maintained primary school."],
               "J": ["A personal budget has not been requested."],
               "K": ["Educational psychology advice, 3 March 2026", "Parental advice, 1 March 2025"],
               "F": ["30 minutes of 1:1 phonics daily with a trained teaching assistant.",
                     "Access to a small group as required.", "Visual timetable and movement breaks."]}
    share = {"A": 0.1, "B": 0.3, "E": 0.25, "F": 0.35}
    for key, title in TITLES.items():
        document.add_heading(title, level=1)
        if key in share:
            pool = texts.get(key) or fillers[key]
            target, written = int(words * share[key]), 0
            areas = itertools.cycle(AREAS)
            while written < target:
                if key in "BEF" and written % 400 < 40:
                    document.add_heading(next(areas), level=2)
                text = rng.choice(pool)
                if written and written + len(text.split()) > target:
                    break
                document.add_paragraph(text, style="List Bullet" if key in "EF" else None)
                written += len(text.split())
            count += written
        else:
            for text in fillers[key]:
                document.add_paragraph(text)
                count += len(text.split())
    document.save(path)
    return count


SAMPLE = ROOT / "corpus" / "sample" / "sample_plan.docx"
#: Part 0's first command: the language model alone, loaded as the review loads it.
LOAD_SPACY = "from ehcp_nlp.nlp import get_nlp; get_nlp()"


def cut3(value: float) -> str:
    """``value`` to three significant places, cut not rounded (0.9187 -> 0.918), as the README quotes figures."""
    digits = 2 - math.floor(math.log10(abs(value))) if value else 2
    scaled = math.floor(value * 10 ** digits + 1e-9) / 10 ** digits
    return f"{scaled:.{max(digits, 0)}f}"


def review_command() -> list[str]:
    """The ``ehcp-nlp`` console script beside this Python (as a user runs it), else ``python -m ehcp_nlp.cli``."""
    script = Path(sys.executable).parent / "ehcp-nlp"
    found = str(script) if script.is_file() else shutil.which("ehcp-nlp")
    return [found] if found else [sys.executable, "-m", "ehcp_nlp.cli"]


def time_process(command: list[str]) -> float:
    """Wall-clock seconds of one new process running ``command`` (its output discarded)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def time_cold(runs: int) -> tuple[float, float]:
    """Medians of ``runs`` interleaved cold starts: (spaCy pipeline alone, whole review of the sample plan)."""
    spacy_alone = [sys.executable, "-c", LOAD_SPACY]
    review = review_command() + ["review", str(SAMPLE.relative_to(ROOT))]
    time_process(spacy_alone), time_process(review)  # warm-up: the files into the disk cache
    alone, whole = [], []
    for _ in range(runs):
        alone.append(time_process(spacy_alone))
        whole.append(time_process(review))
    print(f"  spaCy pipeline alone: {', '.join(f'{t:.3f}' for t in alone)} s")
    print(f"  review of the sample: {', '.join(f'{t:.3f}' for t in whole)} s")
    return statistics.median(alone), statistics.median(whole)


def pin_to_one_core() -> str:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def time_plan(path: Path, runs: int) -> float:
    from ehcp_nlp.checks import review_plan
    from ehcp_nlp.plan import read_plan

    from ehcp_nlp.checks.engine import clear_caches

    review_plan(read_plan(path))  # warm-up: loads the language model and the rules
    best = float("inf")
    for _ in range(runs):
        clear_caches()  # every statement parsed and scored afresh, as for a new plan
        start = time.perf_counter()
        review = review_plan(read_plan(path))
        best = min(best, time.perf_counter() - start)
    print(f"  {len(review.statements)} statements, {len(review.flags)} flags")
    print(f"  scores + suggested rating on top of the review: {cut3(time_rating(review) * 1000)} ms "
          "(median of 200; target <= 5 ms)")
    return best


def time_rating(review) -> float:
    """Median time of section scores + rating suggestion for one reviewed plan (model already loaded)."""
    from ehcp_nlp.rating.plain import ModelError
    from ehcp_nlp.rating.scores import score_review
    from ehcp_nlp.rating.suggest import suggest

    try:
        suggest(review, score_review(review))
    except ModelError:
        return float("nan")
    times = []
    for _ in range(200):
        start = time.perf_counter()
        suggest(review, score_review(review))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_jsonl(path: Path, runs: int) -> float:
    from ehcp_nlp.checks.engine import clear_caches
    from ehcp_nlp.outputs.check_view import check_jsonl

    best = float("inf")
    for _ in range(runs):
        clear_caches()  # no help from an earlier run
        sink = io.StringIO()
        start = time.perf_counter()
        check_jsonl(str(path), "F", lambda line: sink.write(line + "\n"))
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--statements", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=7, help="new processes of each kind for part 0 (0: skip it)")
    parser.add_argument("--cold-only", action="store_true", help="measure the cold start (part 0) only")
    args = parser.parse_args()
    if args.cold_runs > 0 or args.cold_only:  # before pinning: a user's process is not pinned
        runs = max(1, args.cold_runs)
        alone, whole = time_cold(runs)
        print(f"cold start: spaCy pipeline alone {cut3(alone)} s, review of {SAMPLE.name} {cut3(whole)} s "
              f"(medians of {runs}, interleaved): ratio {cut3(whole / alone)} (target <= 1.5)")
        if args.cold_only:
            return 0
    print(pin_to_one_core())
    out = Path(tempfile.mkdtemp(prefix="ehcp_bench_review_"))
    plan = out / "plan.docx"
    words = build_plan(plan, args.words)
    seconds = time_plan(plan, args.runs)
    print(f"plan of {words} words: extraction + all checks {seconds:.3f} s (best of {args.runs}; target <= 1 s)")
    items = [{"id": i, "text": t, "section": s} for i, (s, t) in
             enumerate(itertools.islice(itertools.cycle([(s, t) for s, ts in bank().items() for t in ts]),
                                        args.statements))]
    jsonl = out / "statements.jsonl"
    jsonl.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    seconds = time_jsonl(jsonl, max(1, args.runs // 2))
    print(f"check --jsonl: {len(items)} statements in {seconds:.2f} s = {len(items) / seconds:.0f} statements/s "
          "(target >= 500)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
