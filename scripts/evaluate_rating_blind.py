#!/usr/bin/env python3
"""The suggested rating against auditors' holistic ratings, beside the auditors' agreement with each other.

Reads the plans in ``--plans`` and two raters' ``ratings.csv`` files (columns ``file`` and
``rating``; more columns are ignored), plus a third rater's file that settles the plans on which
the two disagree (``--settled``). The reference rating of a plan is the two raters' rating where
they agree, else the third rater's where it matches either, else the middle grade of the three;
a file a rater calls ``not a plan`` is left out of the agreement and listed with what the tool did
with it. Then it suggests a rating for every plan with the model in ``--model`` (default: the
shipped one) and reports, as a council's moderation would:

- the raters' agreement with each other (exact, within one grade, Cohen's κ, quadratic κ);
- the tool's agreement with the reference on the plans it rated, with a 95% bootstrap interval for
  quadratic κ, and how many plans it declined to rate (and why);
- a most-frequent-rating baseline, and the confusion matrix.

Every figure is printed to three places, cut rather than rounded (0.9997 is 0.999).

Usage: python scripts/evaluate_rating_blind.py --plans DIR --raters A.csv B.csv[,B2.csv] [--settled C.csv]
       [--model DIR] [--json]
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ehcp_nlp.rating.card import exact  # noqa: E402
from ehcp_nlp.model import RATINGS  # noqa: E402

_SHORT = {"Outstanding": "O", "Good": "G", "Requires Improvement": "RI", "Inadequate": "I"}


NOT_A_PLAN = "not a plan"


def read_ratings(paths: str | Path) -> dict[str, str]:
    """One rater's ratings from one CSV, or from several joined by commas (a rater who read in parts)."""
    aliases = {r.lower(): r for r in RATINGS} | {"ri": "Requires Improvement", NOT_A_PLAN: NOT_A_PLAN}
    ratings = {}
    for path in str(paths).split(","):
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            # keyed by the name without its extension: raters write "r01" or "r01.docx"
            ratings |= {Path(row["file"].strip()).stem: aliases[row["rating"].strip().lower()]
                        for row in csv.DictReader(handle)}
    return ratings


def settle(a: str, b: str, c: str | None) -> str | None:
    """The reference rating: the two raters' where they agree, else the third's where it matches either,
    else the middle of the three grades (None when there is no third rating)."""
    if a == b:
        return a
    if c is None:
        return None
    if c in (a, b) or NOT_A_PLAN in (a, b, c):
        return c
    return sorted((a, b, c), key=RATINGS.index)[1]


def agreement(a: list[str], b: list[str], seed: int = 0, intervals: bool = False) -> dict:
    """Exact and within-one agreement, Cohen's κ and quadratic κ of two raters' ratings of the same plans."""
    from sklearn.metrics import cohen_kappa_score

    x, y = np.array([RATINGS.index(r) for r in a]), np.array([RATINGS.index(r) for r in b])
    labels = list(range(len(RATINGS)))
    figures = {"n": int(len(x)), "exact": float(np.mean(x == y)), "within_one": float(np.mean(abs(x - y) <= 1)),
               "kappa": float(cohen_kappa_score(x, y, labels=labels)),
               "quadratic_kappa": float(cohen_kappa_score(x, y, labels=labels, weights="quadratic"))}
    if intervals and len(x) > 1:
        rng = np.random.default_rng(seed)
        draws = []
        for _ in range(2000):
            pick = rng.integers(0, len(x), len(x))
            if len(set(x[pick]) | set(y[pick])) > 1:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    value = cohen_kappa_score(x[pick], y[pick], labels=labels, weights="quadratic")
                if not np.isnan(value):
                    draws.append(value)
        figures["quadratic_kappa_95"] = [float(np.percentile(draws, 2.5)), float(np.percentile(draws, 97.5))]
    return figures


def confusion(truth: list[str], suggested: list[str]) -> list[list[int]]:
    grid = [[0] * len(RATINGS) for _ in RATINGS]
    for t, s in zip(truth, suggested):
        grid[RATINGS.index(t)][RATINGS.index(s)] += 1
    return grid


def evaluate(plans: Path, first: str, second: str, settled: str | None, model: Path | None) -> dict:
    from ehcp_nlp.pipeline import assess
    from ehcp_nlp.errors import EhcpNlpError

    a, b, c = read_ratings(first), read_ratings(second), read_ratings(settled) if settled else {}
    files = sorted(set(a) & set(b))
    not_plans = [f for f in files if NOT_A_PLAN in (a[f], b[f])]
    rated = [f for f in files if f not in not_plans]
    raters = agreement([a[f] for f in rated], [b[f] for f in rated], intervals=True)
    settled_all = {f: settle(a[f], b[f], c.get(f)) for f in files}
    unsettled = [f for f in files if settled_all[f] is None]
    reference = {f: r for f, r in settled_all.items() if r not in (None, NOT_A_PLAN)}
    both = [f for f in rated if f in reference]  # rated as plans by both raters
    def run(f: str):
        path = next(plans.glob(f"{f}.*"), plans / f)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return assess(path, model_dir=str(model) if model else None)
        except EhcpNlpError as exc:  # a file that cannot be read is recorded as declined, and the run goes on
            return exc

    rows, declined, not_plans_seen = [], [], {}
    for f in sorted(reference):
        result = run(f)
        if isinstance(result, EhcpNlpError):
            declined.append({"file": f, "reason": f"error: {result}"})
        elif result.rating is None:
            declined.append({"file": f, "reason": result.unrated_reason})
        else:
            rows.append((f, reference[f], result.rating.suggested, result.rating.confidence))
    for f in not_plans:
        result = run(f)
        tool = (f"error: {result}" if isinstance(result, EhcpNlpError) else result.rating.suggested if result.rating
                else f"no rating: {result.unrated_reason}")
        not_plans_seen[f] = tool
    truth, suggested = [r[1] for r in rows], [r[2] for r in rows]
    most = max(RATINGS, key=lambda r: list(reference.values()).count(r))
    return {
        "plans": len(files), "raters_agree_exactly": sum(a[f] == b[f] for f in rated),
        "settled_by_third": sum(a[f] != b[f] and f in c for f in files), "unsettled": unsettled,
        "not_a_plan": {f: {"raters": [a[f], b[f], c.get(f)], "tool": not_plans_seen[f]} for f in not_plans},
        "reference_counts": {r: list(reference.values()).count(r) for r in RATINGS},
        "reference": reference,
        "raters": raters,
        "rater_a_vs_reference": agreement([a[f] for f in both], [reference[f] for f in both]),
        "rater_b_vs_reference": agreement([b[f] for f in both], [reference[f] for f in both]),
        "tool": agreement(truth, suggested, intervals=True) if rows else None,
        "tool_declined": declined,
        "baseline_most_frequent": agreement(truth, [most] * len(truth)) if rows else None,
        "confusion": confusion(truth, suggested),
        "rows": [{"file": f, "reference": t, "suggested": s, "confidence": round(p, 3)} for f, t, s, p in rows],
    }


def as_text(r: dict) -> str:
    def line(name: str, f: dict | None) -> str:
        if not f:
            return f"{name:34}–"
        ci = f.get("quadratic_kappa_95")
        ci = f" [{exact(ci[0])}, {exact(ci[1])}]" if ci else ""
        return (f"{name:34}{f['n']:>4}{exact(f['exact']):>8}{exact(f['within_one']):>9}{exact(f['kappa']):>8}"
                f"{exact(f['quadratic_kappa']):>9}{ci}")

    out = [f"{r['plans']} files; {len(r['not_a_plan'])} called not a plan by a rater; the two raters agree exactly "
           f"on {r['raters_agree_exactly']} of the rest, a third settled {r['settled_by_third']}, "
           f"unsettled {len(r['unsettled'])}",
           "reference ratings: " + ", ".join(f"{k} {v}" for k, v in r["reference_counts"].items()), "",
           f"{'':34}{'n':>4}{'exact':>8}{'within1':>9}{'kappa':>8}{'qw-kappa':>9}  (95% interval)",
           line("rater A vs rater B", r["raters"]), line("rater A vs reference", r["rater_a_vs_reference"]),
           line("rater B vs reference", r["rater_b_vs_reference"]), line("tool vs reference", r["tool"]),
           line("most-frequent baseline", r["baseline_most_frequent"]),
           f"tool declined to rate {len(r['tool_declined'])} plan(s)"]
    out += [f"  {d['file']}: {d['reason']}" for d in r["tool_declined"]]
    out += [f"called not a plan by a rater: {f} (raters {', '.join(x or '-' for x in v['raters'])}; tool: {v['tool']})"
            for f, v in r["not_a_plan"].items()]
    out += ["", "confusion (rows: reference, columns: tool)", f"{'':6}" + "".join(f"{_SHORT[x]:>5}" for x in RATINGS)]
    out += [f"{_SHORT[RATINGS[i]]:6}" + "".join(f"{v:>5}" for v in row) for i, row in enumerate(r["confusion"])]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=Path, required=True)
    parser.add_argument("--raters", nargs=2, required=True, metavar="CSV[,CSV]",
                        help="the two raters' ratings.csv (a rater who read in parts: files joined by commas)")
    parser.add_argument("--settled", default=None, metavar="CSV[,CSV]")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.plans, args.raters[0], args.raters[1], args.settled, args.model)
    print(json.dumps(result, indent=2) if args.json else as_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
