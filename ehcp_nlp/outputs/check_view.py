"""Render flags and reviews as text or JSON (the ``check`` and ``review`` output contracts)."""
from __future__ import annotations

import json
import textwrap
from typing import Any, Callable, Iterator

from ..model import Flag, Review
from ..model import section_rank

_CHUNK = 2000
_CONTRACT_KEYS = ("code", "severity", "message", "evidence", "start", "end")


def flag_contract(flag: Flag) -> dict[str, Any]:
    """A flag as ``check --jsonl`` writes it: code, severity, message, evidence, start, end."""
    return {k: getattr(flag, k) for k in _CONTRACT_KEYS}


def flags_as_text(flags: list[Flag]) -> str:
    if not flags:
        return "No flags."
    lines = []
    for f in flags:
        where = f.section.replace("-", " ") if f.section.startswith("appendix-") else f"section {f.section}"
        lines.append(f"[{f.severity}] {f.code} ({where}): {f.message}")
        if f.evidence:
            lines.append(textwrap.indent(textwrap.fill(f"“{f.evidence}”", 96), "    "))
        if f.reference:
            lines.append(f"    Reference: {f.reference}")
    return "\n".join(lines)


def _read_jsonl(path: str) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    import io
    import sys

    from ..errors import InputError

    try:
        # "-" is standard input (kept open for the caller), as click.open_file would give
        handle = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8") if path == "-" else open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"could not be opened ({exc.strerror or exc})", "check the path and try again") from None
    try:
        yield from _jsonl_lines(handle)
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text", "save it as UTF-8 JSON Lines, one object a line") from None
    finally:
        if path == "-":
            handle.detach()
        else:
            handle.close()


def _jsonl_lines(handle: Any) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, object or None, error) for each non-blank line."""
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('each line needs an object with a "text" string')
            yield number, item, ""
        except ValueError as exc:
            yield number, None, f"line {number}: {exc}"


def check_jsonl(path: str, section: str | None, emit: Callable[[str], None]) -> int:
    """Check every statement of a JSON Lines file as the section its line names (``section`` for a line that
    names none), writing one result line each; return failures (unreadable lines, lines with no section or
    an unknown one)."""
    from ..checks import check_many

    failures = 0
    batch: list[tuple[int, dict[str, Any]]] = []

    def flush() -> None:
        results = check_many([(_item_section(item, section), item["text"]) for _, item in batch])
        for (_, item), flags in zip(batch, results):
            emit(json.dumps({"id": item.get("id"), "flags": [flag_contract(f) for f in flags]},
                            ensure_ascii=False))
        batch.clear()

    for number, item, error in _read_jsonl(path):
        error = error if item is None else _section_problem(item, section, number)
        if error:
            flush()
            failures += 1
            emit(json.dumps({"id": item.get("id") if item else None, "line": number, "error": error},
                            ensure_ascii=False))
            continue
        batch.append((number, item))
        if len(batch) >= _CHUNK:
            flush()
    flush()
    return failures


_SECTIONS = ("A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K", "advice", "review")


def _item_section(item: dict[str, Any], default: str | None) -> str:
    value = str(item.get("section") or default or "").strip()
    return value.lower() if value.lower() in ("advice", "review") else value.upper()


def _section_problem(item: dict[str, Any], default: str | None, number: int) -> str:
    """Why a line cannot be checked for want of a section ('' if it can)."""
    given = item.get("section")
    if given is not None and not isinstance(given, str):
        return f"line {number}: \"section\" must be text such as \"F\""
    if not (given or "").strip() and not default:
        return f"line {number}: no section; give \"section\" on the line or --section for every line"
    if _item_section(item, default) not in _SECTIONS:
        return (f"line {number}: unknown section {given!r}; use A to K, H1, H2, advice or review")
    return ""


def review_as_text(review: Review) -> str:
    """A readable review: flags grouped by section, most serious first (or one line saying why
    a template or a document of unknown kind was not reviewed)."""
    if not review.checked:
        from ..model import not_rated

        return f"{review.source}: {not_rated(review)}"
    order = {"major": 0, "minor": 1, "info": 2}
    lines = [f"{review.source} — reviewed as {review.kind}", f"{len(review.flags)} flag(s)"]
    if review.missing:
        lost = any(flag.code == "section.missing" and "could not be read" in flag.message for flag in review.flags)
        lines.append("Missing sections: " + ", ".join(review.missing)
                     + (" (some text could not be read, so they may be there: see the warnings)" if lost else ""))
    by_section: dict[str, list[Flag]] = {}
    for flag in sorted(review.flags, key=lambda f: order[f.severity]):
        by_section.setdefault(flag.section, []).append(flag)
    for section in sorted(by_section, key=section_rank):
        lines += ["", f"== {_section_label(review, section)} ==", flags_as_text(by_section[section])]
    lines += [f"Warning: {w}" for w in review.warnings]
    return "\n".join(lines)


def _section_label(review: Review, key: str) -> str:
    """"Section B", "advice", or an appendix's own title ("Appendix 1: List of advice received")."""
    if key.startswith("appendix-"):
        return review.title_of(key) or key
    return key if key in ("advice", "review") else f"Section {key}"


def assessment_as_text(result: Any) -> str:
    """The review as text, headed by the suggested rating and the section scores (for a plan)."""
    lines = []
    if result.rating:
        r = result.rating
        lines += [f"Suggested rating: {r.suggested} (probability {r.confidence:.0%})"
                  + ("  — needs an auditor's closer look" if r.needs_closer_look else ""),
                  "  " + ", ".join(f"{k} {v:.0%}" for k, v in r.probabilities.items())]
        lines += [f"  - {reason}" for reason in r.reasons]
        lines.append(f"  {r.note}")
    if result.scores:
        s = result.scores
        lines.append("Section scores (out of 5): " + "  ".join(f"{k} {v.score}" for k, v in s.sections.items())
                     + f"  | total {s.total}/{s.out_of}")
    if result.rating_error:
        lines.append(f"Rating not available: {result.rating_error.split(': ', 1)[-1]}")
    return "\n".join(lines + ([""] if lines else []) + [review_as_text(result.review)])
