"""Stage 2: split a Document's blocks into the statutory sections of a plan.

Example:
    >>> from ehcp_nlp.model import Block, Document
    >>> doc = Document("x.txt", "text", (Block("heading", "Section E: Outcomes"),
    ...                                  Block("paragraph", "By July 2027 Ola will ...")))
    >>> segment(doc).sections["E"].text
    'By July 2027 Ola will ...'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import SECTION_KEYS, Area, Block, Document, ExtractionWarning, Plan, Section
from .headings import area_of, clean, heading_like, is_appendix, match_heading, table_columns

_AREA_SECTIONS = ("B", "E", "F")
_TABLE_TITLES = {"B": "Special educational needs", "E": "Outcomes", "F": "Special educational provision"}


@dataclass
class _Draft:
    """A section while it is being filled."""

    key: str
    title: str
    first_block: int | None
    blocks: list[Block] = field(default_factory=list)
    areas: list[tuple[str, list[Block]]] = field(default_factory=list)

    def add(self, block: Block) -> None:
        self.blocks.append(block)
        if self.areas:
            self.areas[-1][1].append(block)

    def start_area(self, name: str, heading: Block) -> None:
        self.blocks.append(heading)
        self.areas.append((name, []))

    def build(self) -> Section:
        pages = [b.page for b in self.blocks if b.page is not None]
        areas = tuple(Area(name, "\n".join(b.text for b in blocks)) for name, blocks in self.areas)
        return Section(self.key, self.title, tuple(self.blocks), self.first_block,
                       min(pages) if pages else None, max(pages) if pages else None, areas)


@dataclass
class _OutcomeTable:
    """A Need | Outcome | Provision table being distributed into B, E and F."""

    table: int | None
    columns: dict[int, str]
    width: int
    area: str = ""
    page: int | None = None


class _Segmenter:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.drafts: dict[str, _Draft] = {}
        self.preamble = _Draft("preamble", "", 0 if doc.blocks else None)
        self.appendices: list[_Draft] = []
        self.current: _Draft = self.preamble
        self.table: _OutcomeTable | None = None
        self.from_table: set[str] = set()
        self.pending_area = ""

    def feed(self, index: int, block: Block) -> None:
        if self.table and block.kind == "table_row" and (block.table == self.table.table
                                                          or self._continues_table(block)):
            self.table.table, self.table.page = block.table, block.page
            self._distribute(block)
            return
        self.table = None
        if self._titles_next_table(index, block):
            self.pending_area = clean(block.text)
            return
        columns = table_columns(block)
        if columns:
            self._open_table(index, block, columns)
        elif not self._open_section(index, block):
            self._add(block)

    def _open_section(self, index: int, block: Block) -> bool:
        in_appendix = self.current in self.appendices
        match = match_heading(block)
        if match and (match.strong or (not in_appendix and self._unheaded(match.keys[0]))):
            key = match.keys[0]
            self.current = self._draft(key, match.title, index)
            if key in self.from_table:
                self.from_table.discard(key)
                self.current.title, self.current.first_block = match.title, index
            if match.rest:
                self.current.add(Block("paragraph", match.rest, page=block.page))
            return True
        if is_appendix(block):
            self.current = _Draft(f"appendix-{len(self.appendices) + 1}", clean(block.text), index)
            self.appendices.append(self.current)
            return True
        return False

    def _unheaded(self, key: str) -> bool:
        """No heading has opened ``key`` yet (at most a Need | Outcome | Provision table has)."""
        return key not in self.drafts or key in self.from_table

    def _draft(self, key: str, title: str, index: int | None) -> _Draft:
        if key not in self.drafts:
            self.drafts[key] = _Draft(key, title, index)
        return self.drafts[key]

    def _add(self, block: Block) -> None:
        area = area_of(block.text) if self.current.key in _AREA_SECTIONS and heading_like(block) else None
        if area:
            self.current.start_area(area, Block("heading", clean(block.text), page=block.page, level=2))
        else:
            self.current.add(block)

    def _continues_table(self, row: Block) -> bool:
        """A PDF table broken by a page: the next page's rows arrive as a new table without a header."""
        assert self.table is not None
        return (row.page is not None and self.table.page is not None and row.page == self.table.page + 1
                and len(row.cells) == self.table.width and table_columns(row) is None)

    def _titles_next_table(self, index: int, block: Block) -> bool:
        """A one-cell row just above a Need | Outcome | Provision header row of the same table is its area title."""
        following = self.doc.blocks[index + 1] if index + 1 < len(self.doc.blocks) else None
        return (block.kind == "table_row" and following is not None and following.table == block.table
                and sum(1 for c in block.cells if c.strip()) == 1 and table_columns(following) is not None)

    def _open_table(self, index: int, block: Block, columns: dict[int, str]) -> None:
        self.table = _OutcomeTable(block.table, columns, len(block.cells), page=block.page)
        for cell, role in columns.items():
            if role in _TABLE_TITLES and role not in self.drafts:
                self.from_table.add(role)
                self._draft(role, clean(block.cells[cell]) or _TABLE_TITLES[role], index)
        if self.pending_area:
            self._start_table_area(self.pending_area, block.page)
            self.pending_area = ""

    def _distribute(self, row: Block) -> None:
        """Send one data row's cells to B, E and F; a one-cell row is an area sub-heading."""
        assert self.table is not None
        filled = [c for c in row.cells if c.strip()]
        if table_columns(row) or not filled:
            return
        area_cell = next((row.cells[i] for i, r in self.table.columns.items()
                          if r == "area" and i < len(row.cells)), "")
        spanning = len(filled) == 1 and (len(row.cells) < self.table.width or area_of(filled[0]))
        if spanning:
            area_cell = filled[0]
        if area_cell.strip() and clean(area_cell) != self.table.area:
            self._start_table_area(clean(area_cell), row.page)
        if spanning:
            return
        for cell, role in self.table.columns.items():
            if role in _TABLE_TITLES and cell < len(row.cells) and row.cells[cell].strip():
                self.drafts[role].add(Block("paragraph", row.cells[cell].strip(), page=row.page))

    def _start_table_area(self, title: str, page: int | None) -> None:
        """An area-of-need title for a Need | Outcome | Provision table: a sub-heading in B, E and F."""
        assert self.table is not None
        self.table.area = title
        heading = Block("heading", title, page=page, level=2)
        for key in _AREA_SECTIONS:
            if key in self.drafts:
                self.drafts[key].start_area(area_of(title) or title, heading)

    def finish(self) -> Plan:
        sections = {key: draft.build() for key, draft in self.drafts.items()}
        warnings = list(self.doc.warnings)
        if "H" in sections and ("H1" in sections or "H2" in sections) and not sections["H"].text.strip():
            del sections["H"]
        if "H" in sections:
            warnings.append(ExtractionWarning(
                "sections.h_not_split", "Section H is not split into H1 and H2 social care provision"))
        if not sections:
            warnings.append(ExtractionWarning(
                "sections.none_found", "no statutory section headings were recognised"))
        preamble = self.preamble.build() if self.preamble.blocks else None
        return Plan(
            source=self.doc.source, format=self.doc.format, sections=sections, preamble=preamble,
            appendices=tuple(d.build() for d in self.appendices), missing=_missing(sections),
            warnings=tuple(warnings), pages=self.doc.pages,
        )


def _missing(sections: dict[str, Section]) -> tuple[str, ...]:
    present = {k for k, s in sections.items() if s.text.strip()}
    if "H" in present:
        present |= {"H1", "H2"}
    return tuple(k for k in SECTION_KEYS if k not in present)


def segment(doc: Document) -> Plan:
    """Split ``doc`` into statutory sections, noting any that are missing or empty."""
    segmenter = _Segmenter(doc)
    for index, block in enumerate(doc.blocks):
        segmenter.feed(index, block)
    return segmenter.finish()
