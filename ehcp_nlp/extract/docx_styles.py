"""WordprocessingML's names (namespaces and tags, as ``{namespace}local`` constants) and its paragraph
styles: what a style means for a block's kind (heading level, list) and emphasis, following ``basedOn``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


W_BODY, W_P, W_R, W_T, W_TBL, W_TR, W_TC = map(_w, ("body", "p", "r", "t", "tbl", "tr", "tc"))
W_PPR, W_RPR, W_TCPR, W_TRPR = map(_w, ("pPr", "rPr", "tcPr", "trPr"))
W_SDT, W_SDTPR, W_SDTCONTENT, W_PLACEHOLDER = map(_w, ("sdt", "sdtPr", "sdtContent", "showingPlcHdr"))
W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM = map(_w, ("ins", "del", "moveTo", "moveFrom"))
W_TAB, W_PTAB, W_BR, W_CR, W_NBHYPHEN, W_SYM = map(_w, ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym"))
W_DRAWING, W_PICT, W_TXBX, W_ALTCHUNK = map(_w, ("drawing", "pict", "txbxContent", "altChunk"))
W_PSTYLE, W_RSTYLE, W_OUTLINE = map(_w, ("pStyle", "rStyle", "outlineLvl"))
W_NUMPR, W_NUMID = _w("numPr"), _w("numId")
W_B, W_CAPS, W_VANISH, W_VAL = _w("b"), _w("caps"), _w("vanish"), _w("val")
W_VMERGE, W_HMERGE, W_CUSTOMXML, W_CHAR = map(_w, ("vMerge", "hMerge", "customXml", "char"))
W_STYLE, W_NAME, W_BASED_ON = _w("style"), _w("name"), _w("basedOn")
W_STYLE_ID, W_TYPE, W_DEFAULT = _w("styleId"), _w("type"), _w("default")
MC_ALT, MC_CHOICE, MC_FALLBACK = (f"{{{MC}}}{n}" for n in ("AlternateContent", "Choice", "Fallback"))
M_PARA, M_MATH, M_T = (f"{{{M}}}{n}" for n in ("oMathPara", "oMath", "t"))
_OFF = frozenset({"0", "false", "off"})
_HEADING_NAME = re.compile(r"heading\s*([1-9])\b", re.IGNORECASE)
_LIST_NAME = re.compile(r"^list\b|bullet", re.IGNORECASE)


def is_on(el: etree._Element | None) -> bool:
    """True when an on/off property element is present and not switched off."""
    return el is not None and (el.get(W_VAL) or "1").lower() not in _OFF



#: Word's own limits, and what a hostile file may not exceed: a cell spans at most 63 grid columns,
#: outline levels run 0-9, and a style's ``basedOn`` chain is followed this far.
MAX_GRID_SPAN, MAX_OUTLINE, MAX_STYLE_DEPTH = 63, 9, 32
_DIGITS = re.compile(r"[0-9]{1,9}")


def _int(value: str | None) -> int | None:
    """A whole number from an attribute: ASCII digits only ("²" and 5,000-digit strings are not numbers)."""
    value = value.strip() if value else ""
    return int(value) if _DIGITS.fullmatch(value) else None


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    numbered: bool | None
    bold: bool | None
    caps: bool | None


@dataclass(frozen=True)
class ParaStyle:
    """What a paragraph style means for block kind and emphasis."""

    level: int | None = None
    is_list: bool = False
    bold: bool = False
    caps: bool = False


def _parse_style(el: etree._Element) -> _Style:
    ppr, rpr = el.find(W_PPR), el.find(W_RPR)
    name, based = el.find(W_NAME), el.find(W_BASED_ON)
    outline = ppr.find(W_OUTLINE) if ppr is not None else None
    numpr = ppr.find(W_NUMPR) if ppr is not None else None
    numbered = None if numpr is None else _num_on(numpr)
    bold = None if rpr is None or rpr.find(W_B) is None else is_on(rpr.find(W_B))
    caps = None if rpr is None or rpr.find(W_CAPS) is None else is_on(rpr.find(W_CAPS))
    return _Style(name=(name.get(W_VAL) or "") if name is not None else el.get(W_STYLE_ID, ""),
                  based_on=based.get(W_VAL) if based is not None else None,
                  outline=_int(outline.get(W_VAL)) if outline is not None else None,
                  numbered=numbered, bold=bold, caps=caps)


def _num_on(numpr: etree._Element) -> bool:
    num_id = numpr.find(W_NUMID)
    return num_id is None or (num_id.get(W_VAL) or "0").strip() != "0"


class Styles:
    """Paragraph and character styles from ``styles.xml``, resolved through ``w:basedOn``.

    Args:
        root: the parsed ``w:styles`` element, or ``None`` when the package
            has no styles part (style ids are then used as names).
    """

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_para: str | None = None
        self._para_cache: dict[str | None, ParaStyle] = {}
        for el in (root.iterchildren(W_STYLE) if root is not None else ()):
            style_id = el.get(W_STYLE_ID)
            if style_id:
                self._styles[style_id] = _parse_style(el)
                if el.get(W_TYPE) == "paragraph" and (el.get(W_DEFAULT) or "").lower() in ("1", "true", "on"):
                    self.default_para = style_id

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < MAX_STYLE_DEPTH:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                yield _Style(style_id, None, None, None, None, None)
                return
            yield style
            style_id = style.based_on

    def _first(self, style_id: str | None, attr: str) -> bool:
        return bool(self.lookup(style_id, attr))

    def para(self, style_id: str | None) -> ParaStyle:
        """The resolved meaning of paragraph style ``style_id`` (``None``: the default style)."""
        style_id = style_id or self.default_para
        if style_id not in self._para_cache:
            self._para_cache[style_id] = ParaStyle(
                level=self._level(style_id),
                is_list=self._first(style_id, "numbered") or any(
                    _LIST_NAME.search(s.name) for s in self._chain(style_id)),
                bold=self._first(style_id, "bold"), caps=self._first(style_id, "caps"))
        return self._para_cache[style_id]

    def _level(self, style_id: str | None) -> int | None:
        for style in self._chain(style_id):
            match = _HEADING_NAME.match(style.name)
            if match:
                return int(match.group(1))
            if style.name.lower() == "title":
                return 1
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else None
        return None

    def lookup(self, style_id: str | None, attr: str) -> bool | None:
        """A style property (``bold``, ``caps``, ``numbered``) through ``w:basedOn``; ``None`` if unset."""
        return next((v for s in self._chain(style_id) if (v := getattr(s, attr)) is not None), None)


def _child_val(parent: etree._Element | None, tag: str) -> str | None:
    child = parent.find(tag) if parent is not None else None
    return child.get(W_VAL) if child is not None else None
