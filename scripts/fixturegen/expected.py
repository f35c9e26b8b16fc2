"""What the segmenter should find in a plan laid out in a style: the one home of the conventions.

The conventions (also in tests/fixtures/plans/README.md):

* Keys "A".."G", "H1", "H2", "I", "J", "K"; a combined Section H that is not
  split is "H" (and then H1/H2 are not missing). Appendices are not sections.
* A section's text is the body under its heading (or label row), excluding
  the heading, up to the next heading. Sub-headings (area of need or not) are
  body lines. A text box's lines follow the paragraph that anchors it.
* A table row's text is its non-empty cells joined by " | "; a table's column
  header row ("Advice | Provided by | Date") is template text, not content, and
  is left out (since the block roles of issue 10); an empty content
  control's placeholder text and a vertically merged continuation cell count
  as empty. In a Needs | Outcomes | Provision table each data row's Needs cell
  goes to B, Outcomes to E, Provision to F (one line per paragraph); the header
  row goes nowhere; a row whose one non-empty cell spans the table is an area
  title, a sub-heading line in each of B, E and F; an "Area of need" column
  value is such a sub-heading line whenever it changes.
* Tracked changes are read as accepted: insertions kept, deletions dropped.
* ``first``/``last``: the first sentence of the first body line and the last
  sentence of the last one; a sub-heading or table row without a full stop is
  one sentence; bullets carry no glyph.
"""
from __future__ import annotations

import re

from .layout import Heading, Line, Table, TextBox, grid
from .plans import Plan
from .styles import STATUTORY, STYLES

_KEY_ORDER = ("A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z0-9\u201c\u2018\"(])|(?<=[.!?][\u201d\u2019\")])\s+(?=[A-Z0-9\u201c\u2018\"(])")


def sentences(line: str) -> list[str]:
    """Split one line into sentences after ., ! or ? (and a closing quote) before a capital."""
    return [s for s in _SENTENCE_END.split(" ".join(line.split())) if s]


class _Collector:
    """Walks a layout, gathering each section's body lines, title and area sub-headings."""

    def __init__(self):
        self.sections: dict[str, dict] = {}
        self.current: str | None = None

    def start(self, key: str, title: str) -> None:
        self.current = key or None
        if key:
            self._entry(key)["title"] = title

    def add(self, key: str | None, text: str, area: bool = False) -> None:
        if key is None or not text.strip():
            return
        entry = self._entry(key)
        entry["lines"] += [t for t in text.split("\n") if t.strip()]
        if area:
            entry["areas"].append(text)

    def _entry(self, key: str) -> dict:
        return self.sections.setdefault(key, {"lines": [], "areas": []})

    def block(self, block) -> None:
        if isinstance(block, Heading):
            self.start(block.key, block.text)
        elif isinstance(block, Line):
            self.add(self.current, block.text, area=block.kind == "area")
        elif isinstance(block, TextBox):
            for text in (block.anchor,) + block.lines:
                self.add(self.current, text)
        elif isinstance(block, Table):
            self.table(block)

    def table(self, table: Table) -> None:
        rows = table.rows
        if table.label is not None:
            self.start(table.label, " | ".join(c.text for c in rows[0].cells if c.text))
            rows = rows[1:]
        if table.roles:
            self.nop_rows(table, rows)
            return
        for row in rows:
            if row.role != "header":  # a column header is the form's own text, not content
                self.add(self.current, " | ".join(c.text for c in row.cells if c.text))

    def nop_rows(self, table: Table, rows) -> None:
        """Needs | Outcomes | Provision rows: each cell to its section, area titles to all three."""
        last_area = None
        for row in rows:
            if row.role == "header":
                continue
            filled = [c for c in row.cells if c.text]
            if len(filled) == 1 and filled[0].span == len(table.widths):
                self.add_area(filled[0].text)
                continue
            for col, c in grid(row):
                role = table.roles[col]
                if role != "area":
                    self.add(role, c.text)
                elif c.text and c.text != last_area:
                    last_area = c.text
                    self.add_area(c.text)

    def add_area(self, name: str) -> None:
        for key in ("B", "E", "F"):
            self.add(key, name, area=True)


def expected_for(plan: Plan, style: str) -> dict:
    """The expected sections, missing keys and areas of need for ``plan`` in ``style``.

    Example:
        >>> from .plans import PLANS
        >>> expected_for(PLANS["primary"], "lettered")["missing"]
        ['J']
    """
    collector = _Collector()
    for block in STYLES[style].layout(plan):
        collector.block(block)
    found = {k: v for k, v in collector.sections.items() if v["lines"]}
    sections = {}
    for key in (k for k in _KEY_ORDER if k in found):
        lines = found[key]["lines"]
        sections[key] = {"first": sentences(lines[0])[0], "last": sentences(lines[-1])[-1]}
        if "title" in found[key]:
            sections[key]["title"] = found[key]["title"]
    missing = [k for k in STATUTORY if k not in sections and not (k in ("H1", "H2") and "H" in sections)]
    areas = {k: found[k]["areas"] for k in ("B", "E", "F") if k in found}
    return {"sections": sections, "missing": missing, "areas": areas}
