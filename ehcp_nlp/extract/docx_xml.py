"""Walk the body of a WordprocessingML document into blocks, with lxml only.

python-docx's own object model skips content controls, tracked insertions,
text boxes and nested tables, which council EHCP templates are full of, so
this module walks ``w:body`` itself. Tags are compared with ``{namespace}local``
constants rather than XPath, so one pass over the tree is enough.

Example:
    >>> from lxml import etree
    >>> xml = (f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Hello</w:t></w:r>'
    ...        '</w:p></w:body></w:document>')
    >>> walker = BodyWalker(Styles(None))
    >>> [b.text for b in walker.walk(etree.fromstring(xml).find(W_BODY))]
    ['Hello']
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from lxml import etree

from ..model import Block
from .docx_styles import (  # noqa: F401 - W, W_BODY, Styles, MAX_GRID_SPAN and _int are imported from here
    _child_val, _int, _num_on, _w, is_on, M_MATH, M_PARA, M_T, MAX_GRID_SPAN, MAX_OUTLINE, MC_ALT,
    MC_CHOICE, MC_FALLBACK, ParaStyle, Styles, W, W_ALTCHUNK, W_B, W_BODY, W_BR, W_CAPS, W_CHAR,
    W_CR, W_CUSTOMXML, W_DEL, W_DRAWING, W_HMERGE, W_INS, W_MOVE_FROM, W_MOVE_TO, W_NBHYPHEN,
    W_NUMPR, W_OUTLINE, W_P, W_PICT, W_PLACEHOLDER, W_PPR, W_PSTYLE, W_PTAB, W_R, W_RPR, W_RSTYLE,
    W_SDT, W_SDTCONTENT, W_SDTPR, W_SYM, W_T, W_TAB, W_TBL, W_TC, W_TCPR, W_TR, W_TRPR, W_TXBX,
    W_VAL, W_VANISH, W_VMERGE,
)
from .furniture import is_furniture


#: Elements whose children are read as if the wrapper were not there.
_INLINE_WRAPPERS = frozenset(map(_w, ("hyperlink", "smartTag", "fldSimple", "customXml", "dir", "bdo",
                                      "rubyBase")))
_BLOCK_WRAPPERS = frozenset({W_CUSTOMXML})
_TRACKED_KEEP = frozenset({W_INS, W_MOVE_TO})
_TRACKED_DROP = frozenset({W_DEL, W_MOVE_FROM})
_RUN_TEXT = {W_TAB: "\t", W_PTAB: "\t", W_BR: "\n", W_CR: "\n", W_NBHYPHEN: "-"}
#: Symbol-font (Wingdings) characters used for tick boxes and bullets in forms.
_SYMBOLS = {0xF0FE: "☒", 0xF078: "☒", 0xF0FD: "☒", 0xF0A8: "☐", 0xF06F: "☐", 0xF0FC: "✓",
            0xF0B7: "•", 0xF0A7: "▪", 0xF09F: "•"}



def _showing_placeholder(sdt: etree._Element) -> bool:
    sdt_pr = sdt.find(W_SDTPR)
    return sdt_pr is not None and is_on(sdt_pr.find(W_PLACEHOLDER))


def _placeholder_mark(sdt: etree._Element) -> str:
    """An unfilled content control, kept as «its prompt text» so it is known for an empty field, not content."""
    content = sdt.find(W_SDTCONTENT)
    prompt = " ".join("".join(content.itertext(W_T)).split()) if content is not None else ""
    return f"«{prompt[:80] or 'empty field'}»"


_Run = tuple[str, "etree._Element | None"]


class BodyWalker:
    """Turns body content into Blocks, counting what the user should be warned about.

    Attributes:
        counts: ``tracked_changes``, ``text_boxes``, ``placeholders``,
            ``hidden_text`` and ``alt_chunks`` found while walking.
    """

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.counts: Counter[str] = Counter()
        self._tables = 0

    def walk(self, body: etree._Element) -> list[Block]:
        """Blocks for every child of ``body`` (or of any block container), in order."""
        out: list[Block] = []
        for child in body:
            self._block(child, out, False)
        return out

    # -- block level -------------------------------------------------------
    def _block(self, el: etree._Element, out: list[Block], in_cell: bool) -> None:
        tag = el.tag
        if tag == W_P:
            self._paragraph(el, out, in_cell)
        elif tag == W_TBL:
            self._table(el, out)
        elif tag == W_SDT and _showing_placeholder(el):
            self.counts["placeholders"] += 1
            out.append(Block(kind="paragraph", text=_placeholder_mark(el)))
        elif tag == W_SDT or tag in _BLOCK_WRAPPERS or tag in _TRACKED_KEEP or tag == MC_ALT:
            for child in self._unwrap(el):
                self._block(child, out, in_cell)
        elif tag in _TRACKED_DROP:
            self.counts["tracked_changes"] += 1
        elif tag == W_ALTCHUNK:
            self.counts["alt_chunks"] += 1

    def _unwrap(self, el: etree._Element) -> etree._Element | tuple[()]:
        """The element whose children stand in for a wrapper (content control, mc, w:ins)."""
        tag = el.tag
        if tag == W_SDT:
            sdt_pr = el.find(W_SDTPR)
            if sdt_pr is not None and is_on(sdt_pr.find(W_PLACEHOLDER)):
                self.counts["placeholders"] += 1
                return ()
            content = el.find(W_SDTCONTENT)
            return content if content is not None else ()
        if tag == MC_ALT:
            chosen = el.find(MC_CHOICE)
            chosen = chosen if chosen is not None else el.find(MC_FALLBACK)
            return chosen if chosen is not None else ()
        if tag in _TRACKED_KEEP:
            self.counts["tracked_changes"] += 1
        return el

    def _paragraph(self, p: etree._Element, out: list[Block], in_cell: bool) -> None:
        runs: list[_Run] = []
        boxes: list[etree._Element] = []
        self._inline(p, runs, boxes)
        text = "".join(t for t, _ in runs).strip()
        if text and (in_cell or not is_furniture(text)):
            out.append(self._paragraph_block(p, text, runs))
        for box in boxes:
            self.counts["text_boxes"] += 1
            for child in box:
                self._block(child, out, in_cell)

    def _paragraph_block(self, p: etree._Element, text: str, runs: list[_Run]) -> Block:
        ppr = p[0] if len(p) and p[0].tag == W_PPR else None
        style_id = _child_val(ppr, W_PSTYLE)
        style = self.styles.para(style_id)
        level = style.level
        outline = _int(_child_val(ppr, W_OUTLINE))
        outline = outline if outline is not None and outline <= MAX_OUTLINE else None
        if outline is not None:
            level = outline + 1 if outline < 9 else level
        numpr = ppr.find(W_NUMPR) if ppr is not None else None
        is_list = style.is_list if numpr is None else _num_on(numpr)
        kind = "heading" if level else "list_item" if is_list else "paragraph"
        return Block(kind=kind, text=text, level=level if level else None,
                     emphasis=self._emphasis(text, runs, style))

    def _emphasis(self, text: str, runs: list[_Run], style: ParaStyle) -> bool:
        visible = [(t, rpr) for t, rpr in runs if t.strip()]
        if visible and all(self._run_flag(rpr, W_B, "bold", style.bold) for _, rpr in visible):
            return True
        shown = "".join(t.upper() if self._run_flag(rpr, W_CAPS, "caps", style.caps) else t
                        for t, rpr in runs)
        return shown.isupper() and (len(text.split()) >= 2 or sum(c.isalpha() for c in shown) >= 6)

    def _run_flag(self, rpr: etree._Element | None, tag: str, attr: str, inherited: bool) -> bool:
        if rpr is not None:
            direct = rpr.find(tag)
            if direct is not None:
                return is_on(direct)
            rstyle = _child_val(rpr, W_RSTYLE)
            from_style = self.styles.lookup(rstyle, attr) if rstyle else None
            if from_style is not None:
                return from_style
        return inherited

    # -- inline level ------------------------------------------------------
    def _inline(self, el: etree._Element, runs: list[_Run], boxes: list[etree._Element]) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                self._run(child, runs, boxes)
            elif tag == W_SDT and _showing_placeholder(child):
                self.counts["placeholders"] += 1
                runs.append((f"\n{_placeholder_mark(child)}\n", None))  # a line of its own: roles mark it
            elif tag in _INLINE_WRAPPERS or tag in _TRACKED_KEEP or tag == W_SDT or tag == MC_ALT:
                self._inline(self._unwrap(child), runs, boxes)
            elif tag in _TRACKED_DROP:
                self.counts["tracked_changes"] += 1
            elif tag == M_PARA or tag == M_MATH:
                runs.append(("".join(child.itertext(M_T)), None))

    def _run(self, r: etree._Element, runs: list[_Run], boxes: list[etree._Element]) -> None:
        rpr = r[0] if len(r) and r[0].tag == W_RPR else None
        if rpr is not None and is_on(rpr.find(W_VANISH)):
            self.counts["hidden_text"] += 1
            return
        parts: list[str] = []
        self._run_content(r, parts, boxes)
        if parts:
            runs.append(("".join(parts), rpr))

    def _run_content(self, el: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
        for child in el:
            tag = child.tag
            if tag == W_T:
                parts.append(child.text or "")
            elif tag in _RUN_TEXT:
                parts.append(_RUN_TEXT[tag])
            elif tag == W_SYM:
                parts.append(_symbol(child.get(W_CHAR)))
            elif tag == W_DRAWING or tag == W_PICT:
                _find_text_boxes(child, boxes)
            elif tag == MC_ALT:
                self._run_content(self._unwrap(child), parts, boxes)

    # -- tables ------------------------------------------------------------
    def _table(self, tbl: etree._Element, out: list[Block]) -> None:
        """Rows in order; ``row`` counts every row kept by accepting changes, empty or not."""
        index = self._tables
        self._tables += 1
        for row_no, tr in enumerate(self._rows(tbl)):
            self._row(tr, index, row_no, out)

    def _rows(self, el: etree._Element) -> Iterator[etree._Element]:
        for child in el:
            if child.tag == W_TR:
                trpr = child.find(W_TRPR)
                if trpr is not None and (trpr.find(W_DEL) is not None or trpr.find(W_INS) is not None):
                    self.counts["tracked_changes"] += 1
                    if trpr.find(W_DEL) is not None:
                        continue  # a deleted row: gone once changes are accepted
                yield child
            elif child.tag == W_SDT or child.tag == W_CUSTOMXML:
                yield from self._rows(self._unwrap(child))

    def _cells(self, el: etree._Element) -> Iterator[etree._Element | None]:
        for child in el:
            if child.tag == W_TC:
                yield child
            elif child.tag == W_SDT or child.tag == W_CUSTOMXML:
                content = self._unwrap(child)
                yield from (self._cells(content) if len(content) else [None])

    def _row(self, tr: etree._Element, table: int, row_no: int, out: list[Block]) -> None:
        cells: list[str] = []
        lines: list[Block] = []
        nested: list[Block] = []
        for tc in self._cells(tr):
            merge = _cell_merge(tc)
            cells.append("" if merge != "keep" else self._cell(tc, lines, nested))
            cells.extend([""] * (_grid_span(tc) - 1))  # a merged cell's text once; its columns kept
        if any(cells):
            out.append(Block(kind="table_row", text=" | ".join(c for c in cells if c),
                             cells=tuple(cells), table=table, row=row_no,
                             emphasis=all(b.emphasis for b in lines)))
        out.extend(nested)

    def _cell(self, tc: etree._Element, lines: list[Block], nested: list[Block]) -> str:
        sub: list[Block] = []
        for child in tc:
            self._block(child, sub, True)
        own = [b for b in sub if b.kind != "table_row"]
        lines.extend(own)
        nested.extend(b for b in sub if b.kind == "table_row")
        return "\n".join(b.text for b in own)


def _grid_span(tc: etree._Element | None) -> int:
    """How many grid columns a cell spans (``w:gridSpan``), at least 1."""
    tcpr = tc.find(W_TCPR) if tc is not None else None
    span = tcpr.find(_w("gridSpan")) if tcpr is not None else None
    return min(MAX_GRID_SPAN, max(1, _int(span.get(W_VAL)) or 1)) if span is not None else 1


def _cell_merge(tc: etree._Element | None) -> str:
    """``keep`` for an ordinary cell, ``empty`` for a vertical continuation, ``skip`` for a legacy one."""
    if tc is None:
        return "empty"
    tcpr = tc.find(W_TCPR)
    if tcpr is None:
        return "keep"
    vmerge = tcpr.find(W_VMERGE)
    if vmerge is not None and vmerge.get(W_VAL) != "restart":
        return "empty"
    hmerge = tcpr.find(W_HMERGE)
    return "skip" if hmerge is not None and hmerge.get(W_VAL) != "restart" else "keep"


def _find_text_boxes(el: etree._Element, boxes: list[etree._Element]) -> None:
    """Collect the outermost ``w:txbxContent`` under a drawing, reading only ``mc:Choice``."""
    for child in el:
        tag = child.tag
        if tag == W_TXBX:
            boxes.append(child)
        elif tag == MC_ALT:
            chosen = child.find(MC_CHOICE)
            if chosen is not None:
                _find_text_boxes(chosen, boxes)
        elif isinstance(tag, str):
            _find_text_boxes(child, boxes)


def _symbol(code: str | None) -> str:
    value = int(code, 16) if code and re.fullmatch(r"[0-9A-Fa-f]{1,6}", code) else None
    if value is None or value > 0x10FFFF:
        return ""
    if value in _SYMBOLS:
        return _SYMBOLS[value]
    return "" if 0xE000 <= value <= 0xF8FF or 0xD800 <= value <= 0xDFFF else chr(value)


