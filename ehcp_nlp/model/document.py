"""Typed result objects shared by every stage of the pipeline.

``extract`` turns a file into a :class:`Document` (blocks in reading order);
``sections`` turns a Document into a :class:`Plan` (statutory sections A-K).
Every object has ``to_dict()`` and a matching ``from_dict()`` so results
survive a JSON round trip unchanged.

Example:
    >>> b = Block(kind="heading", text="Section A: About me", page=1, level=1)
    >>> Block.from_dict(b.to_dict()) == b
    True
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

#: The kinds of block an extractor may produce.
BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_row")

#: Statutory section keys in their usual order. ``H`` is used only when a plan
#: has one combined Section H that it does not split into H1 and H2.
SECTION_KEYS = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")
#: The four ratings of an EHC plan audit, best first (one definition for the whole package).
RATINGS = ("Outstanding", "Good", "Requires Improvement", "Inadequate")

#: The order reports show a document's parts in: the front page, the sections (a combined H where
#: H1 and H2 would be), whole advice or review documents; appendices come after Section K.
DISPLAY_ORDER = ("front", "A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K", "advice", "review")


def home_section(key: str) -> str:
    """The section a part belongs with: an appendix (usually the list of advice) with Section K."""
    return "K" if key.startswith("appendix-") else key


def section_rank(key: str) -> tuple[int, str]:
    """A sort key putting parts in :data:`DISPLAY_ORDER` (appendices after K, anything else last)."""
    home = home_section(key)
    if home in DISPLAY_ORDER:
        return DISPLAY_ORDER.index(home), "" if home == key else key
    return len(DISPLAY_ORDER), key

#: The four broad areas of need (Code of Practice 6.28) and the preparing for
#: adulthood areas some councils use from Year 9 onwards.
AREAS_OF_NEED = (
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical",
    "Employment",
    "Independent living",
    "Community participation",
    "Health",
)


#: What a piece of a block is for (CoP templates mix the child's content with the form's own text).
#: Only ``content`` is checked, scored or quoted.
ROLES = ("heading", "prompt", "guidance", "column_header", "placeholder", "blank", "content", "signoff")
#: Roles that structure the content (kept beside it as cues, never judged): the rest is dropped.
CUE_ROLES = frozenset({"heading", "prompt"})


@dataclass(frozen=True)
class Block:
    """One unit of text in reading order.

    Attributes:
        kind: ``heading``, ``paragraph``, ``list_item`` or ``table_row``.
        text: the text; for a table row, its cells joined by `` | ``.
        page: 1-based page number where known (PDF), else ``None``.
        level: heading level (1 = top) for headings, else ``None``.
        cells: the cell texts of a table row (each merged cell once).
        table: index of the table in the document (table rows only).
        row: index of the row within its table (table rows only).
        emphasis: ``True`` when the whole block is bold or all capitals,
            which makes it a candidate heading even without a heading style.
        roles: the role of each of :meth:`parts` (see :data:`ROLES`); empty
            until roles are assigned, and then every part is content.
    """

    kind: str
    text: str
    page: int | None = None
    level: int | None = None
    cells: tuple[str, ...] = ()
    table: int | None = None
    row: int | None = None
    emphasis: bool = False
    roles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if any(role not in ROLES for role in self.roles):
            raise ValueError(f"unknown block role in {self.roles!r}")

    def parts(self) -> tuple[tuple[int | None, str], ...]:
        """The block's pieces in order: each non-empty line of each cell (with the cell's index) or of the text.

        Example:
            >>> Block("table_row", "Views | I like trains.", cells=("Views", "I like trains.")).parts()
            ((0, 'Views'), (1, 'I like trains.'))
        """
        if self.kind == "table_row" and self.cells:
            return tuple((i, line.strip()) for i, cell in enumerate(self.cells)
                         for line in cell.split("\n") if line.strip())
        return tuple((None, line.strip()) for line in self.text.split("\n") if line.strip())

    def part_roles(self) -> tuple[str, ...]:
        """The role of each part (all ``content`` when no roles were assigned)."""
        count = len(self.parts())
        return self.roles if len(self.roles) == count else ("content",) * count

    @property
    def role(self) -> str:
        """``content`` if any part is content, else the role of most of its parts."""
        roles = self.part_roles()
        if not roles or "content" in roles:
            return "content"
        return max(ROLES, key=roles.count)

    def text_of(self, keep: frozenset[str] | set[str] = frozenset({"content"})) -> str:
        """The text of the parts whose role is in ``keep``: cells joined by `` | ``, lines by new lines."""
        if self.kind != "table_row" or not self.cells:
            return "\n".join(t for (_, t), r in zip(self.parts(), self.part_roles()) if r in keep)
        cells: dict[int, list[str]] = {}
        for (cell, text), role in zip(self.parts(), self.part_roles()):
            if role in keep:
                cells.setdefault(cell or 0, []).append(text)
        return " | ".join("\n".join(lines) for _, lines in sorted(cells.items()))

    @property
    def content(self) -> str:
        """The block's content: what it says about the child, without the form's own text."""
        return self.text_of()

    def with_roles(self, roles: tuple[str, ...]) -> "Block":
        return replace(self, roles=roles)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["cells"] = list(self.cells)
        data["roles"] = list(self.roles)
        data = {k: v for k, v in data.items() if v is not None and v is not False and v != []}
        if self.roles:
            data["role"] = self.role
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Block":
        data = {k: v for k, v in data.items() if k != "role"}
        return cls(**{**data, "cells": tuple(data.get("cells", ())), "roles": tuple(data.get("roles", ()))})


#: Warnings that mean part of the document's text was not read (a page unreadable or damaged, a
#: duplicated main part, NUL bytes dropped): a section found missing may be there after all.
LOST_TEXT = frozenset({"pdf.pages_without_text", "pdf.damaged_pages", "pdf.damaged_content", "pdf.repaired",
                       "pdf.damaged_structure",
                       "docx.duplicate_part", "text.nul"})


@dataclass(frozen=True)
class ExtractionWarning:
    """Something a reader should know about how the text was obtained."""

    code: str
    message: str
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ExtractionWarning":
        return cls(**data)


@dataclass(frozen=True)
class Document:
    """A file's text as blocks in reading order, before segmentation.

    Attributes:
        source: the path the document was read from.
        format: ``pdf``, ``docx``, ``text`` or ``markdown``.
        blocks: the blocks in reading order.
        pages: number of pages (PDF), else ``None``.
        warnings: anything lost or guessed during extraction.
    """

    source: str
    format: str
    blocks: tuple[Block, ...]
    pages: int | None = None
    warnings: tuple[ExtractionWarning, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "pages": self.pages,
            "blocks": [b.to_dict() for b in self.blocks],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        return cls(
            source=data["source"],
            format=data["format"],
            pages=data.get("pages"),
            blocks=tuple(Block.from_dict(b) for b in data["blocks"]),
            warnings=tuple(ExtractionWarning.from_dict(w) for w in data.get("warnings", ())),
        )


@dataclass(frozen=True)
class Area:
    """A sub-heading for an area of need inside Section B, E or F."""

    name: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Section:
    """One statutory section (or an appendix) of a plan.

    Attributes:
        key: ``A`` ... ``K``, ``H1``/``H2`` (``H`` if not split), or
            ``appendix-N``.
        title: the heading as it appears in the plan.
        blocks: the blocks under the heading, in reading order.
        first_block: index in ``Document.blocks`` of the heading (or first
            block) this section was found at; ``None`` for sections built
            only from Need | Outcome | Provision table cells.
        page_start, page_end: pages the section spans, where known.
        areas: area-of-need sub-headings found inside the section.
    """

    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    first_block: int | None = None
    page_start: int | None = None
    page_end: int | None = None
    areas: tuple[Area, ...] = ()

    @property
    def text(self) -> str:
        """The section's content, one block a line, without headings, prompts or other template text."""
        return "\n".join(c for c in (b.content for b in self.blocks) if c)

    @property
    def full_text(self) -> str:
        """Content with its headings and form labels ("Name: | Kai Jones" keeps "Name:"), without
        placeholders, guidance or other template text: a front page as it reads."""
        return self.reading()[0]

    def reading(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        """The section as it reads: content with its sub-headings and form labels, and where those cues are.

        Guidance, placeholders, blank numbering, column headers and sign-off lines
        are left out. Checks use the cues (whose words follow; which area of need)
        but never judge them.

        Example:
            >>> row = Block("table_row", "Views | I like trains.", cells=("Views", "I like trains."),
            ...             roles=("prompt", "content"))
            >>> Section("A", "About me", (row,)).reading()
            ('Views | I like trains.', ((0, 5),))
        """
        return reading_text(self.blocks)

    def to_dict(self, with_blocks: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "text": self.text}
        location = {"first_block": self.first_block, "page_start": self.page_start,
                    "page_end": self.page_end}
        data["location"] = {k: v for k, v in location.items() if v is not None}
        if self.areas:
            data["areas"] = [a.to_dict() for a in self.areas]
        if with_blocks:
            data["blocks"] = [b.to_dict() for b in self.blocks]
        return data

    @classmethod
    def from_dict(cls, key: str, data: dict[str, Any]) -> "Section":
        location = data.get("location", {})
        return cls(
            key=key,
            title=data["title"],
            blocks=tuple(Block.from_dict(b) for b in data.get("blocks", ())),
            first_block=location.get("first_block"),
            page_start=location.get("page_start"),
            page_end=location.get("page_end"),
            areas=tuple(Area(**a) for a in data.get("areas", ())),
        )


@dataclass(frozen=True)
class Plan:
    """A document segmented into statutory sections.

    ``sections`` keeps the plan's own order. ``preamble`` holds what came
    before the first section (front page: names, dates, plan type).
    ``missing`` lists statutory sections not found (or found empty). ``kind`` is
    ``plan``, ``advice``, ``review``, ``template`` or ``unknown``, read from the
    document's structure, with ``kind_evidence`` saying why.
    """

    source: str
    format: str
    sections: dict[str, Section]
    preamble: Section | None = None
    appendices: tuple[Section, ...] = ()
    missing: tuple[str, ...] = ()
    warnings: tuple[ExtractionWarning, ...] = ()
    kind: str = "plan"
    pages: int | None = None
    kind_evidence: tuple[str, ...] = ()

    def to_dict(self, with_blocks: bool = True) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "kind_evidence": list(self.kind_evidence),
            "format": self.format,
            "pages": self.pages,
            "sections": {k: s.to_dict(with_blocks) for k, s in self.sections.items()},
            "preamble": self.preamble.to_dict(with_blocks) if self.preamble else None,
            "appendices": [s.to_dict(with_blocks) | {"key": s.key} for s in self.appendices],
            "missing": list(self.missing),
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Plan":
        preamble = data.get("preamble")
        return cls(
            source=data["source"],
            kind=data.get("kind", "plan"),
            kind_evidence=tuple(data.get("kind_evidence", ())),
            format=data["format"],
            pages=data.get("pages"),
            sections={k: Section.from_dict(k, s) for k, s in data["sections"].items()},
            preamble=Section.from_dict("preamble", preamble) if preamble else None,
            appendices=tuple(Section.from_dict(a["key"], a) for a in data.get("appendices", ())),
            missing=tuple(data.get("missing", ())),
            warnings=tuple(ExtractionWarning.from_dict(w) for w in data.get("warnings", ())),
        )


def reading_text(blocks: tuple[Block, ...] | list[Block]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Blocks as they read (content and cues, one block a line) and the spans of the cues in that text."""
    out: list[str] = []
    cues: list[tuple[int, int]] = []
    size = 0
    for block in blocks:
        line, spans = _reading_line(block)
        if not line:
            continue
        if out:
            size += 1  # the new line before this block
        cues += [(size + a, size + b) for a, b in spans]
        out.append(line)
        size += len(line)
    return "\n".join(out), tuple(cues)


def _reading_line(block: Block) -> tuple[str, list[tuple[int, int]]]:
    keep = CUE_ROLES | {"content"}
    pieces: list[tuple[int | None, str, bool]] = [
        (cell, text, role in CUE_ROLES) for (cell, text), role in zip(block.parts(), block.part_roles()) if role in keep]
    line, spans, last_cell = "", [], object()
    for cell, text, cue in pieces:
        if line:
            line += " | " if (block.kind == "table_row" and cell != last_cell) else "\n"
        if cue:
            spans.append((len(line), len(line) + len(text)))
        line += text
        last_cell = cell
    return line, spans
