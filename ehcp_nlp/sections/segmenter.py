"""Stage 2: split a Document's blocks into the statutory sections of a plan.

Headings are scored (:mod:`.headings`) and the most plausible sequence is
chosen for the whole document (:mod:`.sequence`). Tables that carry several
sections at once — Need | Outcome | Provision, the DfE national template's
B | F | E, C | G | E and D | H1 | H2 | E tables — are split by column, E
gathering the outcomes of every table. A section's ``text`` is its content;
headings, prompts and other template text stay in its blocks with their roles.

Example:
    >>> from ehcp_nlp.model import Block, Document
    >>> doc = Document("x.txt", "text", (Block("heading", "Section E: Outcomes"),
    ...                                  Block("paragraph", "By July 2027 Ola will ...")))
    >>> segment(doc).sections["E"].text
    'By July 2027 Ola will ...'
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..extract.roles import TemplateText, assign_roles, is_column_header
from ..extract.roles import rules as role_rules
from ..model import CUE_ROLES, SECTION_KEYS, Area, Block, Document, ExtractionWarning, Plan, Section
from .headings import HeadingMatch, area_of, clean, heading_like, is_appendix, rules, score_heading, table_columns
from .kind import classify
from .sequence import Candidate, choose

_AREA_SECTIONS = ("B", "C", "D", "E", "F", "G", "H", "H1", "H2")
_PROVISION = ("F", "G", "H", "H1", "H2")


@dataclass
class _Draft:
    """A section while it is being filled."""

    key: str
    title: str
    first_block: int | None
    blocks: list[Block] = field(default_factory=list)
    areas: list[tuple[str, list[Block]]] = field(default_factory=list)
    lettered: bool = False

    def add(self, block: Block) -> None:
        self.blocks.append(block)
        if self.areas:
            self.areas[-1][1].append(block)

    def start_area(self, name: str, heading: Block) -> None:
        if self.areas and self.areas[-1][0] == name and not self.areas[-1][1]:
            return
        self.blocks.append(heading)
        self.areas.append((name, []))

    def build(self) -> Section:
        pages = [b.page for b in self.blocks if b.page is not None]
        areas = tuple(Area(name, "\n".join(c for c in (b.content for b in blocks) if c))
                      for name, blocks in self.areas)
        return Section(self.key, self.title, tuple(self.blocks), self.first_block,
                       min(pages) if pages else None, max(pages) if pages else None, areas)


@dataclass
class _Table:
    """A table whose columns belong to different sections, being distributed row by row."""

    table: int | None
    columns: dict[int, str]
    width: int
    area: str = ""
    page: int | None = None


def _heading(text: str, page: int | None, level: int = 2) -> Block:
    return Block("heading", text, page=page, level=level, roles=("heading",) * len([t for t in text.split("\n") if t.strip()]))


def _content(text: str, page: int | None) -> Block:
    return Block("paragraph", text, page=page, roles=("content",) * len([t for t in text.split("\n") if t.strip()]))


class _Segmenter:
    def __init__(self, doc: Document, chosen: dict[int, HeadingMatch], headings: set[int]) -> None:
        self.doc = doc
        self.chosen = chosen
        self.headings = headings  # blocks that read as section headings but open nothing (contents lines, repeats)
        self.drafts: dict[str, _Draft] = {}
        self.preamble = _Draft("preamble", "", 0 if doc.blocks else None)
        self.appendices: list[_Draft] = []
        self.current: _Draft = self.preamble
        self.table: _Table | None = None

    def feed(self, index: int, block: Block) -> None:
        if self.table and block.kind == "table_row" and (block.table == self.table.table
                                                          or self._continues_table(block)):
            self.table.table, self.table.page = block.table, block.page
            self._distribute(block)
            return
        self.table = None
        columns = table_columns(block)
        if columns:
            self._open_table(index, block, columns)
        elif index in self.chosen and not (self.current in self.appendices and not self.chosen[index].strong):
            self._open_section(index, block, self.chosen[index])
        elif is_appendix(block):
            self.current = _Draft(f"appendix-{len(self.appendices) + 1}", clean(block.text), index)
            self.appendices.append(self.current)
        elif _signs_off(block):
            self.current = _Draft("signoff", clean(block.text), index)  # a signature block ends the section
        else:
            self._add(_as_heading(block) if index in self.headings else block)

    # -- sections -----------------------------------------------------------------------------
    def _open_section(self, index: int, block: Block, match: HeadingMatch) -> None:
        key = match.keys[0]
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = _Draft(key, match.title, index, lettered=match.strong)
        elif match.strong and not draft.lettered and not match.field:
            draft.title, draft.first_block, draft.lettered = match.title, index, True
        self.current = draft
        area = next((a for _, t in block.parts() if (a := area_of(t))), None) if key in _AREA_SECTIONS else None
        if area:  # "… (B-F-E) / Cognition and learning / …", "Outcome 1 | Communication and interaction"
            self.current.start_area(area, _heading(area, block.page))
        if match.rest:
            rest = _as_heading(_without_label(block)) if area_of(match.rest) else _without_label(block)
            if rest.content.strip() or any(r in CUE_ROLES for r in rest.part_roles()):
                self._add(rest)

    def _add(self, block: Block) -> None:
        area = area_of(block.text) if self.current.key in _AREA_SECTIONS and heading_like(block) else None
        if area:
            self.current.start_area(area, _heading(clean(block.text), block.page))
            return
        row_area = _row_area(block) if self.current.key in _AREA_SECTIONS else None
        if row_area:  # "Cognition and learning | Jacob will …": the first cell names the area
            if not self.current.areas or self.current.areas[-1][0] != row_area:
                self.current.start_area(row_area, _heading(row_area, block.page))
            block = _as_heading(block)
        self.current.add(block)

    # -- tables carrying several sections ------------------------------------------------------
    def _continues_table(self, row: Block) -> bool:
        """A PDF table broken by a page: the next page's rows arrive as a new table without a header."""
        assert self.table is not None
        return (row.page is not None and self.table.page is not None and row.page == self.table.page + 1
                and len(row.cells) == self.table.width and table_columns(row) is None)

    def _open_table(self, index: int, block: Block, columns: dict[int, str]) -> None:
        self.table = _Table(block.table, columns, len(block.cells), page=block.page)
        for cell, key in columns.items():
            if key not in ("area", "extra") and key not in self.drafts:
                self.drafts[key] = _Draft(key, clean(block.cells[cell].split("\n")[0]), index)
        area = self._title_area(index, block)
        if area:
            self._start_table_area(area, block.page)

    def _title_area(self, index: int, header: Block) -> str | None:
        """An area of need named in the rows of the same table above its header row."""
        for earlier in reversed(self.doc.blocks[:index]):
            if earlier.kind != "table_row" or earlier.table != header.table:
                break
            for _, text in earlier.parts():
                if area_of(text):
                    return area_of(text)
        return None

    def _distribute(self, row: Block) -> None:
        """Send one data row's cells to their sections; a one-cell row is an area title or a note."""
        assert self.table is not None
        filled = [(i, c) for i, c in enumerate(row.cells) if c.strip()]
        if table_columns(row) or not filled:
            return
        cols = self.table.columns
        area_cell = next((row.cells[i] for i, k in cols.items() if k == "area" and i < len(row.cells)), "")
        spanning = len(filled) == 1 and (len(row.cells) < self.table.width or bool(area_of(filled[0][1]))
                                         or filled[0][0] not in cols)
        if spanning and area_of(filled[0][1]):
            area_cell = filled[0][1]
        if area_cell.strip() and clean(area_cell) != self.table.area:
            self._start_table_area(clean(area_cell), row.page)
        if spanning:
            if not area_of(filled[0][1]):
                first = next((k for k in cols.values() if k not in ("area", "extra")), None)
                if first and row.content.strip():
                    self.drafts[first].add(_content(row.content, row.page))
            return
        extras = [_cell_content(row, i) for i, k in sorted(cols.items()) if k == "extra" and i < len(row.cells)]
        extras = [e for e in extras if e]
        for cell, key in cols.items():
            if key in ("area", "extra") or cell >= len(row.cells):
                continue
            text = _cell_content(row, cell)
            if not text:
                continue
            if key in _PROVISION and extras:
                self.drafts[key].add(_content(" | ".join([text.replace("\n", "; ")] + extras), row.page))
            else:
                for line in text.split("\n"):
                    self.drafts[key].add(_content(line, row.page))

    def _start_table_area(self, title: str, page: int | None) -> None:
        """An area-of-need title for a table carrying several sections: a sub-heading in each of them."""
        assert self.table is not None
        self.table.area = title
        for key in self.table.columns.values():
            if key in self.drafts:
                self.drafts[key].start_area(area_of(title) or title, _heading(title, page))

    # -- result -------------------------------------------------------------------------------
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


def _cell_content(row: Block, cell: int) -> str:
    return "\n".join(t for (c, t), r in zip(row.parts(), row.part_roles()) if c == cell and r == "content")


def _without_label(block: Block) -> Block:
    """A block without the label that opened a section: a row's first filled cell, or the first line
    of a one-cell row or paragraph."""
    filled = [i for i, c in enumerate(block.cells) if c.strip()]
    if block.kind == "table_row" and len(filled) > 1:
        first = filled[0]
        keep = [(c, r) for (c, _), r in zip(block.parts(), block.part_roles()) if c != first]
        cells = tuple("" if i == first else c for i, c in enumerate(block.cells))
        return Block("table_row", " | ".join(c for c in cells if c.strip()), page=block.page, cells=cells,
                     table=block.table, row=block.row, emphasis=block.emphasis, roles=tuple(r for _, r in keep))
    lines = [t for _, t in block.parts()][1:]
    roles = tuple("heading" if r == "content" and _title_tail(t) else r for t, r in zip(lines, block.part_roles()[1:]))
    return Block("paragraph", "\n".join(lines), page=block.page, roles=roles)


def _title_tail(text: str) -> bool:
    """A heading's second line ("(Personal Budget)"): short, in brackets or without a full stop."""
    return len(text.split()) <= 6 and (text.startswith("(") or not text.rstrip().endswith((".", "!", "?"))
                                       and not role_rules().answer.match(text))


def _as_heading(block: Block) -> Block:
    """A block that reads as a section heading (a contents line, a repeat) is never content; in a table
    row only its first filled cell is (the rest may be an answer)."""
    first = next((c for c, _ in block.parts()), None)
    return block.with_roles(tuple("heading" if r == "content" and (block.kind != "table_row" or c == first) else r
                                  for (c, _), r in zip(block.parts(), block.part_roles())))


def _row_area(block: Block) -> str | None:
    """The area of need a table row's first cell names, when the row has more cells with content."""
    filled = [c for c in block.cells if c.strip()]
    return area_of(filled[0]) if block.kind == "table_row" and len(filled) > 1 else None


def _signs_off(block: Block) -> bool:
    """A heading or one-line row that opens the signature block ("Signed", "Signed on behalf of …")."""
    parts = block.parts()
    return len(parts) == 1 and block.role == "signoff"


def _missing(sections: dict[str, Section]) -> tuple[str, ...]:
    present = {k for k, s in sections.items() if s.text.strip()}
    if "H" in present:
        present |= {"H1", "H2"}
    return tuple(k for k in SECTION_KEYS if k not in present)


def candidates(doc: Document) -> list[Candidate]:
    """Every block that scores as a section heading, in order (table header rows are splits, not headings)."""
    threshold, field_threshold = rules().threshold, rules().field_threshold
    found = []
    for index, block in enumerate(doc.blocks):
        if table_columns(block):
            continue
        match = score_heading(block)
        if match and match.keys and match.score >= (field_threshold if match.field and match.rest else threshold):
            found.append(Candidate(index, match))
    return found


def _headers_under_headings(doc: Document, chosen: set[int]) -> Document:
    """A table that opens with a section's label row ("Section K | Advice and information") may head
    its columns in the next row ("Advice | Provided by | Date"): mark that row a column header."""
    blocks = list(doc.blocks)
    for index in sorted(chosen):
        block = blocks[index]
        if block.kind != "table_row" or block.row != 0:
            continue
        rows = [i for i in range(index + 1, len(blocks)) if blocks[i].table == block.table]
        if len(rows) >= 2 and is_column_header(blocks[rows[0]], [blocks[i] for i in rows[1:]]):
            header = blocks[rows[0]]
            blocks[rows[0]] = header.with_roles(tuple("column_header" if r in ("content", "prompt", "heading")
                                                      else r for r in header.part_roles()))
    return replace(doc, blocks=tuple(blocks))


def segment(doc: Document, template: TemplateText | None = None) -> Plan:
    """Split ``doc`` into statutory sections, noting any that are missing or empty, and say what kind it is.

    Blocks without roles (a Document built by hand) are given them first.
    """
    if template is not None or not any(b.roles for b in doc.blocks):
        doc = assign_roles(doc, template)
    found = candidates(doc)
    choice = choose(doc.blocks, found)
    doc = _headers_under_headings(doc, {c.index for c in choice.chosen})
    segmenter = _Segmenter(doc, {c.index: c.match for c in choice.chosen},
                           {c.index for c in choice.rejected if not c.match.field})
    for index, block in enumerate(doc.blocks):
        segmenter.feed(index, block)
    plan = segmenter.finish()
    return classify(plan, doc, choice)
