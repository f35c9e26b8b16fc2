#!/usr/bin/env python3
"""Benchmark the auditor's workspace (``ehcp-nlp serve``) over a 1,000-plan batch folder.

1. Builds an OUTDIR of 1,000 plan records: an ~8,000-word plan (``bench_review.build_plan``) and a
   fixture plan are reviewed by the batch for real; the fixture plan's stored result is then copied
   999 times under new ids and file names, with varied suggested ratings, probabilities, key stages
   and audit months (much faster than reviewing 1,000 files, and the same work for the web app).
2. With Starlette's TestClient (in-process, no network) times the median of ``--views`` views of the
   plans page and ``GET /api/plans``, with and without filters (target < 0.3 s), the audit page of the
   ~8,000-word plan (target < 0.5 s), and the median of ``--saves`` saves of a rating decision and of
   a flag decision (target < 50 ms). The first view, which reads every stored record, is printed too.

Usage: python scripts/bench_web.py [--plans 1000] [--words 8000] [--views 20] [--saves 50]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

RATINGS = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
HOST, PORT = "127.0.0.1", 8765


def build_outdir(outdir: Path, plans: int, words: int, work: Path) -> str:
    """Review the big plan and one fixture plan, then fill ``outdir`` up to ``plans`` records; the big plan's id."""
    from bench_review import build_plan

    from ehcp_nlp.batch.records import file_id, results_folder
    from ehcp_nlp.batch.runner import run_batch

    folder = work / "plans"
    folder.mkdir()
    big = folder / "long_plan.docx"
    print(f"  built an ~{build_plan(big, words)}-word plan")
    shutil.copy(ROOT / "tests" / "fixtures" / "plans" / "secondary_classic.docx", folder / "secondary_classic.docx")
    start = time.perf_counter()
    run_batch(folder, outdir, jobs=1, learn=False)
    print(f"  reviewed 2 plans in {time.perf_counter() - start:.1f} s")
    big_id = file_id(big)[0]
    template = json.loads((results_folder(outdir) / f"{file_id(folder / 'secondary_classic.docx')[0]}.json")
                          .read_text(encoding="utf-8"))
    rng = random.Random(11)
    for n in range(plans - 2):
        sha = hashlib.sha256(f"synthetic plan {n}".encode()).hexdigest()
        weights = [rng.random() for _ in RATINGS]
        total = sum(weights)
        probabilities = {r: round(w / total, 4) for r, w in zip(RATINGS, weights)}
        suggested = max(probabilities, key=probabilities.get)
        record = dict(template["record"], id=sha[:16], sha256=sha, file=f"plans/area-{n % 7}/plan-{n:04d}.docx",
                      suggested=suggested, confidence=probabilities[suggested], probabilities=probabilities,
                      needs_closer_look=probabilities[suggested] < 0.5,
                      meta={"audit_month": f"2026-{1 + n % 6:02d}", "key_stage": f"KS{1 + n % 5}",
                            "setting": rng.choice(("mainstream", "special school", "resourced provision"))})
        review = dict(template["review"], source=record["file"])
        if isinstance(review.get("rating"), dict):
            review["rating"] = dict(review["rating"], suggested=suggested, confidence=probabilities[suggested],
                                    probabilities=probabilities)
        (results_folder(outdir) / f"{record['id']}.json").write_text(json.dumps({"record": record, "review": review},
                                                                          ensure_ascii=False), encoding="utf-8")
    return big_id


def median_time(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def get(client, url: str):
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
        return response
    return call


def post(client, url: str, body: dict):
    def call():
        response = client.post(url, json=body)
        assert response.status_code == 201, (url, response.status_code, response.text[:200])
    return call


def line(label: str, seconds: float, target: float, unit: str = "s") -> None:
    value = seconds * 1000 if unit == "ms" else seconds
    mark = "ok" if seconds < target else "OVER TARGET"
    shown_target = f"{target * 1000:.0f} ms" if unit == "ms" else f"{target} s"
    print(f"  {label:<46} {value:8.3f} {unit}   (target < {shown_target}) {mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--views", type=int, default=20)
    parser.add_argument("--saves", type=int, default=50)
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from ehcp_nlp.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        outdir = Path(tmp) / "out"
        print(f"Building a batch folder of {args.plans} plans…")
        big_id = build_outdir(outdir, args.plans, args.words, Path(tmp))
        app = create_app(outdir, HOST, PORT)
        with TestClient(app, base_url=f"http://{HOST}:{PORT}") as client:
            client.headers["X-CSRF-Token"] = app.state.web.token
            start = time.perf_counter()
            count = get(client, "/api/plans")().json()["count"]
            first = time.perf_counter() - start
            print(f"\n{count} documents; first view (reads every stored record): {first:.3f} s")
            print(f"Median of {args.views} views:")
            filters = "key_stage=KS2&audit_status=not%20audited"
            line("plans page /", median_time(get(client, "/"), args.views), 0.3)
            line(f"plans page /?{filters}", median_time(get(client, f"/?{filters}"), args.views), 0.3)
            line("GET /api/plans", median_time(get(client, "/api/plans"), args.views), 0.3)
            line(f"GET /api/plans?{filters}", median_time(get(client, f"/api/plans?{filters}"), args.views), 0.3)
            line(f"audit page of the {args.words}-word plan", median_time(get(client, f"/plans/{big_id}"), args.views),
                 0.5)
            flags = len(client.get(f"/api/plans/{big_id}").json().get("flags", []))
            print(f"Median of {args.saves} saves (the {args.words}-word plan has {flags} flags):")
            line("rating decision", median_time(post(client, f"/api/plans/{big_id}/rating",
                                                     {"rating": "Good", "by": "Bench", "role": "auditor",
                                                      "note": "benchmark"}), args.saves), 0.05, "ms")
            line("flag decision", median_time(post(client, f"/api/plans/{big_id}/flags/0",
                                                   {"verdict": "dismiss", "reason": "wrong", "by": "Bench",
                                                    "note": "benchmark"}), args.saves), 0.05, "ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
