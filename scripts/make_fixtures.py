#!/usr/bin/env python3
"""Write the golden test plans: fictional EHCPs in several council template styles.

Run from anywhere::

    python scripts/make_fixtures.py

Writes ``tests/fixtures/plans/PLAN_STYLE.EXT`` with ``PLAN_STYLE.EXT.expected.json``
beside each, and ``corpus/sample/sample_plan.{docx,pdf}`` (the README's demo
input). Re-running gives byte-identical files. Needs python-docx and reportlab.

The content lives in ``fixturegen/plans.py``; ``fixturegen/styles.py`` lays a
plan out per template style; ``fixturegen/render_*.py`` draw a layout per
format; ``fixturegen/expected.py`` (``expected_for``) derives the expected
sections from the same layout.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixturegen.expected import expected_for  # noqa: E402
from fixturegen.plans import PLANS, Plan  # noqa: E402
from fixturegen.render_docx import render_docx  # noqa: E402
from fixturegen.render_pdf import render_pdf  # noqa: E402
from fixturegen.render_text import render_text  # noqa: E402
from fixturegen.styles import STYLES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "plans"
SAMPLE = ROOT / "corpus" / "sample"
FIXED_DATE = datetime(2025, 7, 31, 9, 0, 0)

#: (plan, template style, file formats) -> tests/fixtures/plans/PLAN_STYLE.EXT
RENDERS = (
    ("early_years", "classic", ("docx", "pdf", "md")),
    ("early_years", "table_form", ("docx", "pdf")),
    ("primary", "part_caps", ("docx", "pdf")),
    ("primary", "lettered", ("docx", "pdf", "md")),
    ("secondary", "classic", ("docx", "pdf", "txt")),
    ("secondary", "table_form", ("docx", "pdf")),
    ("secondary", "part_caps", ("docx", "pdf")),
    ("post16", "pfa", ("docx", "pdf")),
    ("post16", "table_form", ("docx", "pdf")),
    ("nonverbal", "lettered", ("docx", "pdf", "txt")),
    ("nonverbal", "part_caps", ("docx", "pdf")),
    ("nonverbal", "classic", ("docx", "pdf")),
)
#: The README's demo plan: moderate quality, classic style.
SAMPLE_RENDER = ("primary", "classic")
FORMAT_NAMES = {"docx": "docx", "pdf": "pdf", "txt": "text", "md": "markdown"}


def render(plan: Plan, style: str, fmt: str) -> bytes:
    """One plan in one style and format, as file bytes."""
    layout = STYLES[style].layout(plan)
    if fmt in ("txt", "md"):
        return render_text(layout, markdown=fmt == "md")
    title = f"Education, Health and Care Plan - {dict(plan.front)['Name']} (fictional)"
    pdf, pages = render_pdf(layout, title)
    return pdf if fmt == "pdf" else render_docx(layout, title, pages, FIXED_DATE)


def expectation(plan: Plan, style: str, fmt: str) -> bytes:
    meta = {"template": style, "format": FORMAT_NAMES[fmt], "plan": plan.slug, "quality": plan.quality}
    return (json.dumps(meta | expected_for(plan, style), indent=2, ensure_ascii=False) + "\n").encode()


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main() -> int:
    count = 0
    for slug, style, formats in RENDERS:
        for fmt in formats:
            path = FIXTURES / f"{slug}_{style}.{fmt}"
            write(path, render(PLANS[slug], style, fmt))
            write(path.with_name(path.name + ".expected.json"), expectation(PLANS[slug], style, fmt))
            count += 1
    slug, style = SAMPLE_RENDER
    for fmt in ("docx", "pdf"):
        write(SAMPLE / f"sample_plan.{fmt}", render(PLANS[slug], style, fmt))
    print(f"wrote {count} fixtures to {FIXTURES.relative_to(ROOT)} and the sample plan to "
          f"{SAMPLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
