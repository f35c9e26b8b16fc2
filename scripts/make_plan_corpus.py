#!/usr/bin/env python3
"""Write the whole-plan corpus: fictional EHC plans composed from the statement bank, each rated.

Run from anywhere::

    python scripts/make_plan_corpus.py            # writes corpus/plans/
    python scripts/make_plan_corpus.py --dry-run  # composes and rates, prints the tables, writes nothing

Writes ``corpus/plans/plan_NNN.{docx,pdf,txt}``, ``corpus/plans/labels.csv`` (file, rating,
audit_date, auditor, notes, split), ``corpus/plans/manifest.jsonl`` (per plan: the design, the
facts and the ids of the bank statements used) and ``corpus/plans/README.md``. The same seed and
the same statement bank give byte-identical files. Needs python-docx and reportlab.

How a plan is composed is in ``plancorpus/compose.py``; the rating rubric in
``plancorpus/rubric.py`` (``rate``); the layouts reuse ``fixturegen`` (template styles and
renderers) unchanged.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixturegen.render_docx import render_docx  # noqa: E402
from fixturegen.render_pdf import render_pdf  # noqa: E402
from fixturegen.render_text import render_text  # noqa: E402
from plancorpus.bank import load  # noqa: E402
from plancorpus.compose import TIERS, compose  # noqa: E402
from plancorpus.layouts import STYLES  # noqa: E402
from plancorpus.readme import readme  # noqa: E402
from plancorpus.rubric import RATINGS, add_noise, rate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "corpus" / "statements"
OUT = ROOT / "corpus" / "plans"
SEED = 20250131
N_PLANS = 160
TEST_SHARE = 0.3
#: intended quality tiers (the composer's aim; the rating is the rubric's, from the content)
TIER_WEIGHTS = {"Outstanding": 11, "Good": 28, "Requires Improvement": 50, "Inadequate": 11}
NOISE_SHARE = 0.05
AUDITORS = ("Helen Marsh", "Tariq Aziz", "Joanne Pryor", "Sam Whitlock", "Priya Nair")


def tiers_and_splits(n: int, seed: int) -> list[tuple[str, str]]:
    """Intended tier and split for each plan: exact shares, deterministically shuffled."""
    rng = random.Random(f"{seed}:tiers")
    total = sum(TIER_WEIGHTS.values())
    counts = {t: round(n * w / total) for t, w in TIER_WEIGHTS.items()}
    counts["Requires Improvement"] += n - sum(counts.values())
    tiers = [t for t in TIERS for _ in range(counts[t])]
    rng.shuffle(tiers)
    # the test split is stratified by tier
    out = []
    seen = Counter()
    test_every = 1 / TEST_SHARE
    for t in tiers:
        seen[t] += 1
        split = "test" if int(seen[t] / test_every) != int((seen[t] - 1) / test_every) else "train"
        out.append((t, split))
    return out


def render(plan, style: str, fmt: str, when: date) -> bytes:
    layout = STYLES[style].layout(plan)
    if fmt == "txt":
        return render_text(layout)
    title = f"Education, Health and Care Plan - {dict(plan.front)['Name']} (fictional)"
    pdf, pages = render_pdf(layout, title)
    if fmt == "pdf":
        return pdf
    return render_docx(layout, title, pages, datetime(when.year, when.month, when.day, 9, 0, 0))


def bank_digest(directory: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.jsonl")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def build(seed: int, n: int):
    statements = load(BANK)
    bank = defaultdict(list)
    for st in statements:
        bank[st.section].append(st)
    usage: Counter = Counter()
    used_names: set = set()
    plans = []
    for i, (tier, split) in enumerate(tiers_and_splits(n, seed), start=1):
        plan, facts, design, record = compose(i, tier, split, bank, usage, seed, used_names)
        rating, notes = rate(facts)
        plans.append({"plan": plan, "facts": facts, "design": design, "record": record,
                      "rubric": rating, "rubric_notes": notes})
    noisy = add_noise([p["rubric"] for p in plans], seed=seed + 1, share=NOISE_SHARE)
    rng = random.Random(f"{seed}:audit")
    for p, (rating, noise) in zip(plans, noisy):
        p["rating"], p["noise"] = rating, noise
        pd = date.fromisoformat(p["record"]["plan_date"])
        p["audit_date"] = pd + timedelta(days=rng.randint(14, 63))
        p["auditor"] = rng.choice(AUDITORS)
        p["file"] = f"{p['plan'].slug}.{p['design'].fmt}"
    return plans, statements, usage


def notes_for(p) -> str:
    f, d = p["facts"], p["design"]
    yn = lambda b: "yes" if b else "no"  # noqa: E731
    parts = [
        f"rubric={p['rubric']}", *p["rubric_notes"],
        f"child_voice={yn(f.child_voice)}", f"parent_view={yn(f.parent_view)}", f"aspirations={yn(f.aspirations)}",
        f"needs_specific={f.needs_specific}/{f.needs}", f"outcomes_smart={f.outcomes_smart}/{f.outcomes}",
        f"outcomes_as_provision={f.outcomes_as_provision}", f"provision_firm={f.provision_firm}/{f.provision}",
        f"qft_only_areas={f.qft_only_areas}", f"areas={f.areas}", f"thread_breaks={f.thread_breaks}",
        f"health_evidenced={yn(f.health_evidenced)}", f"social_care_evidenced={yn(f.social_care_evidenced)}",
        f"missing={'/'.join(f.missing) or 'none'}", f"empty={'/'.join(f.empty) or 'none'}",
        f"advice_over_12_months={f.advice_over_12_months}/{f.advice_items}", f"pasted={f.pasted}",
        f"other_child_name={yn(f.other_child_name)}", f"combined_h={yn(f.combined_h)}",
        f"style={d.style}", f"format={d.fmt}",
        f"noise={p['noise']}" if p["noise"] else "noise=none",
    ]
    return "; ".join(parts)


def tables(plans) -> str:
    """Plain-text distribution tables (printed and checked by hand)."""
    lines = []
    for key in ("style", "fmt", "split"):
        by = defaultdict(Counter)
        for p in plans:
            by[getattr(p["design"], key)][p["rating"]] += 1
        lines.append(f"{'by ' + key:<22}" + "".join(f"{r[:12]:>14}" for r in RATINGS) + f"{'total':>8}")
        for k in sorted(by):
            lines.append(f"  {k:<20}" + "".join(f"{by[k][r]:>14}" for r in RATINGS) + f"{sum(by[k].values()):>8}")
    total = Counter(p["rating"] for p in plans)
    lines.append(f"{'all':<22}" + "".join(f"{total[r]:>14}" for r in RATINGS) + f"{len(plans):>8}")
    tiers = defaultdict(Counter)
    for p in plans:
        tiers[p["design"].tier][p["rubric"]] += 1
    lines.append("intended tier -> rubric rating (before noise)")
    for t in TIERS:
        lines.append(f"  {t:<20}" + "".join(f"{tiers[t][r]:>14}" for r in RATINGS))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="compose and rate only; write nothing")
    ap.add_argument("-n", type=int, default=N_PLANS, help=f"number of plans (default {N_PLANS})")
    args = ap.parse_args()
    plans, statements, usage = build(SEED, args.n)
    print(tables(plans))
    if args.dry_run:
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("plan_*.*"):
        old.unlink()
    size = 0
    for p in plans:
        data = render(p["plan"], p["design"].style, p["design"].fmt, date.fromisoformat(p["record"]["plan_date"]))
        (OUT / p["file"]).write_bytes(data)
        size += len(data)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file", "rating", "audit_date", "auditor", "notes", "split"])
    for p in plans:
        w.writerow([p["file"], p["rating"], p["audit_date"].isoformat(), p["auditor"], notes_for(p),
                    p["record"]["split"]])
    (OUT / "labels.csv").write_text(buf.getvalue(), encoding="utf-8")
    with (OUT / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        for p in plans:
            rec = dict(p["record"], file=p["file"], rating=p["rating"], rubric_rating=p["rubric"],
                       noise=p["noise"], facts=asdict(p["facts"]))
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    (OUT / "README.md").write_text(readme(plans, statements, usage, SEED, bank_digest(BANK), size), encoding="utf-8")
    print(f"wrote {len(plans)} plans ({size / 1e6:.1f} MB) and labels.csv, manifest.jsonl, README.md "
          f"to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
