#!/usr/bin/env python3
"""Benchmark ``ehcp-nlp batch``: N generated plans of about 10 pages, end to end, with peak memory.

Writes N different plans (about 4,500 words each — roughly 10 pages — with sections A-K and
statements drawn from the labelled bank; three in four as Word files, one in four as PDF) into a
temporary folder, then runs ``ehcp-nlp batch FOLDER -o OUT --jobs J`` as a separate process and
reports the wall time, plans per second and the peak memory of the whole process tree (the batch
and its workers and their reading children, summed, sampled every 0.2 s from /proc: proportional set
size, so that pages a forked child shares with its parent count once; resident size too). Targets: 1,000 plans in under 5 minutes
on 2 cores, memory under 1.5 GB. A second run over the same folder measures resuming (everything
skipped).

With ``--engines pool,local`` each engine (this computer's process pool, or a local Dask cluster) runs on
its own output folder, and their results are compared field for field (all but the time taken);
``--workers 1,2`` repeats the run for each number of workers (throughput against workers).

Usage: python scripts/bench_batch.py [-n 1000] [--jobs 2] [--words 4500] [--keep DIR]
                                     [--engines pool,local] [--workers 1,2]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_review import AREAS, TITLES, bank  # noqa: E402

FIRST = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Harun", "Isla", "Jay", "Kofi", "Lena", "Milo",
         "Nia", "Owen", "Priya", "Reuben", "Sana", "Theo", "Usha", "Vik", "Wren", "Yusuf", "Zara"]
LAST = ["Adams", "Begum", "Carter", "Doyle", "Evans", "Fofana", "Green", "Hughes", "Iqbal", "Jones", "Khan",
        "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Quinn", "Reid", "Shah", "Taylor"]


def plan_paragraphs(seed: int, words: int, texts: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(style, text) paragraphs of one plan: 'title', 'h1', 'h2', 'bullet' or 'body'."""
    rng = random.Random(seed)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    out = [("title", "Education, Health and Care Plan"), ("body", f"Name: {name}"),
           ("body", f"Date of birth: {rng.randint(1, 28)} {rng.choice(['March', 'June', 'October'])} "
                    f"{rng.randint(2008, 2020)}"),
           ("body", f"NHS number: 999 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"),
           ("body", f"Date of plan: {rng.randint(1, 28)} May 2026"), ("body", f"Plan reference: BENCH-{seed:06d}")]
    fillers = {"C": texts.get("C", ["No health needs."])[:3], "D": texts.get("D", ["No social care needs."])[:3],
               "G": ["Physiotherapy programme reviewed by the NHS physiotherapist every 6 weeks."],
               "H1": ["Short breaks: 6 hours a month at a local centre, funded by social care."],
               "H2": ["None."], "I": ["Oak Primary School, a mainstream maintained primary school."],
               "J": ["A personal budget has not been requested."],
               "K": ["Educational psychology advice, 3 March 2026", "Parental advice, 1 March 2025"]}
    share = {"A": 0.1, "B": 0.3, "E": 0.25, "F": 0.35}
    for key, title in TITLES.items():
        out.append(("h1", title))
        if key not in share:
            out += [("body", t) for t in fillers[key]]
            continue
        pool, target, written, area = texts[key], int(words * share[key]), 0, 0
        while written < target:
            if key in "BEF" and written // 400 >= area:
                out.append(("h2", AREAS[area % len(AREAS)]))
                area += 1
            text = rng.choice(pool)
            out.append(("bullet" if key in "EF" else "body", text))
            written += len(text.split())
    return out


def write_docx(path: Path, paragraphs: list[tuple[str, str]]) -> None:
    import docx

    document = docx.Document()
    styles = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "bullet": "List Bullet", "body": None}
    for style, text in paragraphs:
        document.add_paragraph(text, style=styles[style])
    document.save(path)


def write_pdf(path: Path, paragraphs: list[tuple[str, str]]) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    sheet = getSampleStyleSheet()
    styles = {"title": sheet["Title"], "h1": sheet["Heading1"], "h2": sheet["Heading2"], "bullet": sheet["Normal"],
              "body": sheet["Normal"]}
    story = [Paragraph(("• " if style == "bullet" else "") + escape(text), styles[style]) for style, text in paragraphs]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def generate(folder: Path, n: int, words: int) -> float:
    texts = bank()
    pages = []
    for i in range(n):
        paragraphs = plan_paragraphs(i, words, texts)
        sub = folder / f"term{i % 3 + 1}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 4 == 3:
            write_pdf(sub / f"plan_{i:04d}.pdf", paragraphs)
            import pypdfium2

            pages.append(len(pypdfium2.PdfDocument(sub / f"plan_{i:04d}.pdf")))
        else:
            write_docx(sub / f"plan_{i:04d}.docx", paragraphs)
    return sum(pages) / len(pages) if pages else 0.0


class TreeMemory(threading.Thread):
    """Peak memory of a process and all its descendants (Linux /proc): the summed resident size, and
    the summed proportional size (PSS), which counts a page shared by several processes — such as the
    parent's memory a forked reading child has not changed — once in all, not once in each."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.peak_pss, self.running = pid, 0, 0, True

    def run(self) -> None:
        while self.running:
            tree = self._tree()
            self.peak = max(self.peak, sum(self._rss.get(pid, 0) for pid in tree))
            self.peak_pss = max(self.peak_pss, sum(_pss(pid) for pid in tree))
            time.sleep(0.2)

    def _tree(self) -> set[int]:
        self._tree_rss()
        return self._last_tree

    def _tree_rss(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(stat[1])
                rss[int(entry)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        tree, frontier = {self.pid}, [self.pid]
        while frontier:
            parent = frontier.pop()
            for pid, ppid in parents.items():
                if ppid == parent and pid not in tree:
                    tree.add(pid)
                    frontier.append(pid)
        self._rss, self._last_tree = rss, tree
        return sum(rss.get(pid, 0) for pid in tree)


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (0 where /proc/PID/smaps_rollup cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run_batch(folder: Path, out: Path, jobs: int, engine: str = "pool") -> tuple[float, tuple[int, int], str]:
    command = [sys.executable, "-m", "ehcp_nlp.cli", "batch", str(folder), "-o", str(out), "--jobs", str(jobs)]
    if engine != "pool":
        command += ["--scheduler", engine]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    memory.start()
    _, err = process.communicate()
    memory.running = False
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"batch failed ({process.returncode}): {err[-2000:]}")
    summary = next((line for line in err.splitlines() if line.startswith("reviewed ")), "")
    return elapsed, (memory.peak, memory.peak_pss), summary


def results(out: Path) -> dict[str, str]:
    """Every stored record and review of ``out`` by file, without the time taken and with ``out``'s folder
    taken out (it differs between engines)."""
    import json

    found = {}
    for path in sorted((out / "results").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in ("reviewed_at", "seconds"):
            data["record"].pop(key, None)
        found[data["record"]["file"]] = json.dumps(data, sort_keys=True).replace(str(out.parent), "<root>")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--words", type=int, default=4500)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    parser.add_argument("--engines", default="pool", help="pool, local (Dask) or a tcp:// scheduler, comma-separated")
    parser.add_argument("--workers", default="", help="numbers of workers to run with, comma-separated "
                                                      "(default: --jobs)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ehcp-bench-"))
    folder = work / "plans"
    started = time.perf_counter()
    if not folder.exists():
        pdf_pages = generate(folder, args.n, args.words)
        print(f"generated {args.n} plans of ~{args.words} words (PDFs average {pdf_pages:.1f} pages) "
              f"in {time.perf_counter() - started:.0f} s")
    counts = [int(w) for w in args.workers.split(",") if w.strip()] or [args.jobs]
    compared: dict[str, dict[str, str]] = {}
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        for jobs in counts:
            out = work / f"out-{engine.replace('://', '-').replace(':', '-')}-{jobs}"
            if out.exists():
                shutil.rmtree(out)
            elapsed, (peak, pss), summary = run_batch(folder, out, jobs, engine)
            print(f"batch, {engine}, {jobs} worker(s): {elapsed:.1f} s for {args.n} plans = {args.n / elapsed:.2f} "
                  f"plans/s (target: 1,000 in <= 60 s with 2); peak memory of the process tree {pss / 2**20:.0f} MB "
                  f"proportional (target <= 1,024 MB; {peak / 2**20:.0f} MB resident, which counts pages a forked "
                  "child shares with its parent twice)")
            print(f"  {summary}")
            again, _, summary = run_batch(folder, out, jobs, engine)
            print(f"  re-run (all done): {again:.2f} s (target <= 2 s for 1,000); {summary}")
            compared[f"{engine}, {jobs}"] = results(out)
    names = list(compared)
    for name in names[1:]:
        same = compared[name] == compared[names[0]]
        differing = sum(compared[name].get(k) != v for k, v in compared[names[0]].items())
        print(f"results of {name} against {names[0]}: {'the same, field for field' if same else f'{differing} differ'}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
