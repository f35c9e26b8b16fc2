#!/usr/bin/env python3
"""Mutate plan files as an attacker or an unlucky council would, and hold the readers to their contract.

Each input is a seeded mutation of a fixture plan (PDF, DOCX, text, Markdown) — flipped bits, a
truncation, a zeroed, deleted, repeated or inserted run of bytes — or one of a set of hand-built
hostile files (a page of a million text operators, a Word cell spanning 100,000,000 columns, a
20,000-deep style chain, a Markdown heading followed by 20,000 spaces, UTF-32 text, NUL bytes).
Every input goes through ``ehcp-nlp extract`` and ``ehcp-nlp review`` (in this process, through the
command line's own entry point) and the run counts:

- tracebacks (an exception escaping the command, or "Traceback" in its output);
- runs over ``--seconds`` (default 30) or whose reading child or this process grew past ``--mb``
  (default 2,048 MB);
- exit statuses other than 0 (read) and 1 (refused with one ``error:`` line);
- damaged files read with no warning: a mutated PDF or Word file read with exit 0, whose text lost
  more than 10% of the original's words, with no warning in the output. (A text file has no
  structure to show damage: one cut short is a shorter text file. Such losses are counted apart.)

Usage: python scripts/fuzz_inputs.py [-n 1000] [--seed 0] [--seconds 30] [--mb 2048] [--keep DIR]
(not part of the test suite; ``tests/extract/test_fuzz.py`` runs a small seeded sample of it)
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = sorted((ROOT / "tests" / "fixtures" / "plans").glob("*_*.*"))
SOURCES = [p for p in SOURCES if p.suffix in (".pdf", ".docx", ".txt", ".md") and ".expected" not in p.name]


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One seeded mutation of ``data`` and its description."""
    data = bytearray(data)
    kind = rng.choice(["flip", "flip", "flip", "truncate", "zero", "delete", "repeat", "insert"])
    at = rng.randrange(len(data))
    if kind == "flip":
        flips = rng.randint(1, 8)
        for _ in range(flips):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
        return bytes(data), f"{flips} bit(s) flipped"
    if kind == "truncate":
        return bytes(data[:at]), f"cut at {at}"
    size = rng.randint(1, 4096)
    if kind == "zero":
        data[at:at + size] = bytes(min(size, len(data) - at))
    elif kind == "delete":
        del data[at:at + size]
    elif kind == "repeat":
        data[at:at] = data[at:at + size] * rng.randint(2, 50)
    else:
        data[at:at] = bytes(rng.randrange(256) for _ in range(size))
    return bytes(data), f"{kind} {size} byte(s) at {at}"


def hostile(folder: Path) -> list[tuple[Path, str]]:
    """Hand-built hostile files."""
    sys.path.insert(0, str(ROOT / "tests"))
    import badfiles

    made = [(badfiles.text_heavy_pdf(folder / "million_ops.pdf", 1_000_000), "a page of a million text operators"),
            (badfiles.docx_with_attribute(folder / "span.docx", '<w:gridSpan w:val="100000000"/>'),
             "a cell spanning 100,000,000 columns"),
            (badfiles.docx_with_attribute(folder / "span_digits.docx", f'<w:gridSpan w:val="{"9" * 5000}"/>'),
             "a 5,000-digit gridSpan")]
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    chain = folder / "chain.docx"
    with zipfile.ZipFile(chain, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<w:document {ns}><w:body><w:p><w:pPr><w:pStyle w:val="s0"/></w:pPr>'
                                        "<w:r><w:t>Section A: About me</w:t></w:r></w:p></w:body></w:document>")
        z.writestr("word/styles.xml", f"<w:styles {ns}>" + "".join(
            f'<w:style w:type="paragraph" w:styleId="s{i}"><w:basedOn w:val="s{i + 1}"/></w:style>'
            for i in range(20_000)) + "</w:styles>")
    made.append((chain, "a 20,000-deep style chain"))
    spaces = folder / "spaces.md"
    spaces.write_text("# Section A" + " " * 20_000 + "x\n\nI like trains.\n", encoding="utf-8")
    wide = folder / "wide.txt"
    wide.write_bytes("Section A: About me\nI like trains.\n".encode("utf-32"))
    nul = folder / "nul.txt"
    nul.write_bytes(b"\x00" * 10_000)
    return made + [(spaces, "a heading and 20,000 spaces"), (wide, "UTF-32 text"), (nul, "10,000 NUL bytes")]


def run(path: Path, command: str) -> dict:
    """One command on one file: exit status, time, traceback, output."""
    from click.testing import CliRunner

    from ehcp_nlp.cli import main

    args = [command, str(path), "--format", "json"]
    start = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = CliRunner().invoke(main, args, catch_exceptions=True)
    seconds = time.monotonic() - start
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    output = result.stdout + (result.stderr if hasattr(result, "stderr") else "")
    return {"status": result.exit_code, "seconds": seconds, "traceback": escaped or "Traceback" in output,
            "stdout": result.stdout, "stderr": getattr(result, "stderr", "")}


def words(extracted: str) -> int:
    try:
        data = json.loads(extracted)
    except ValueError:
        return 0
    return sum(len(s.get("text", "").split()) for s in data.get("sections", {}).values()) + \
        len((data.get("preamble") or {}).get("text", "").split() if isinstance(data.get("preamble"), dict) else [])


def warned(extracted: str) -> bool:
    try:
        return bool(json.loads(extracted).get("warnings"))
    except ValueError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="how many inputs (mutations and hostile files)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--mb", type=int, default=2048)
    parser.add_argument("--keep", type=Path, default=None, help="keep the inputs that broke a rule here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="ehcp-fuzz-"))
    baseline = {p: words(run(p, "extract")["stdout"]) for p in SOURCES}
    inputs = hostile(folder)
    while len(inputs) < args.n:
        source = rng.choice(SOURCES)
        data, how = mutate(source.read_bytes(), rng)
        path = folder / f"m{len(inputs):04d}{source.suffix}"
        path.write_bytes(data)
        inputs.append((path, f"{source.name}: {how}"))
    tally = {"inputs": len(inputs), "tracebacks": 0, "slow": 0, "too_much_memory": 0, "odd_status": 0,
             "silent_loss": 0, "text_files_shortened": 0, "read": 0, "refused": 0}
    broken = []
    for path, how in inputs:
        source = next((s for s in SOURCES if how.startswith(s.name + ":")), None)
        for command in ("extract", "review"):
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result = run(path, command)
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
            problems = []
            if result["traceback"]:
                problems.append("traceback")
                tally["tracebacks"] += 1
            if result["seconds"] > args.seconds:
                problems.append(f"{result['seconds']:.0f} s")
                tally["slow"] += 1
            if grew > args.mb or children / 1024 > args.mb:
                problems.append("memory")
                tally["too_much_memory"] += 1
            if result["status"] not in (0, 1):
                problems.append(f"status {result['status']}")
                tally["odd_status"] += 1
            if command == "extract":
                tally["read" if result["status"] == 0 else "refused"] += 1
                if (result["status"] == 0 and source is not None and baseline.get(source)
                        and words(result["stdout"]) < 0.9 * baseline[source] and not warned(result["stdout"])):
                    if source.suffix in (".pdf", ".docx"):
                        problems.append("text lost without a warning")
                        tally["silent_loss"] += 1
                    else:
                        tally["text_files_shortened"] += 1
            if problems:
                broken.append({"input": how, "command": command, "problems": problems,
                               "stderr": result["stderr"][-300:]})
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, args.keep / path.name)
    shutil.rmtree(folder, ignore_errors=True)
    report = {"tally": tally, "broken": broken[:50]}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(", ".join(f"{k} {v}" for k, v in tally.items()))
        for b in broken[:50]:
            print(f"  {b['command']}: {b['input']}: {', '.join(b['problems'])}  {b['stderr'][-160:]!r}")
    return 0 if not broken else 1


if __name__ == "__main__":
    sys.exit(main())
