"""The section-heading rules (``data/section_headings.json``) and the small helpers every heading
reader shares: tidying a heading, reading a section letter as a key, ordering keys."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import DataFileError
from ..resources import check_keys, compile_pattern, load_json

_DATA = "section_headings.json"
#: The needs-outcomes-provision family: form fields may switch among these sections.
FAMILY = frozenset({"B", "C", "D", "E", "F", "G", "H", "H1", "H2"})
_SECTION_ORDER = ("A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K")


@dataclass(frozen=True)
class _Rules:
    key: str
    numbered: re.Pattern[str]
    contents_line: re.Pattern[str]
    continued: re.Pattern[str]
    labels: tuple[re.Pattern[str], ...]
    multi: re.Pattern[str]
    bracket: re.Pattern[str]
    bare_cell: re.Pattern[str]
    facets: dict[str, re.Pattern[str]]
    stopwords: frozenset[str]
    known: tuple[tuple[str, re.Pattern[str]], ...]
    areas: tuple[tuple[str, re.Pattern[str]], ...]
    appendix: re.Pattern[str]
    columns: dict[str, re.Pattern[str]]
    max_heading_words: int
    max_title_words: int
    threshold: float
    field_threshold: float


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The compiled heading rules (validated on first use)."""
    data = load_json(_DATA)
    check_keys(_DATA, data, {"_comment", "labels", "max_heading_words", "max_title_words", "threshold", "field_threshold",
                             "stopwords", "facets", "known_titles", "h_combined_split", "areas", "area_label", "appendix",
                             "table_columns"},
               {"labels", "facets", "known_titles", "areas", "appendix", "table_columns"})
    unknown = set(data["known_titles"]) - set(_SECTION_ORDER)
    if unknown:
        raise DataFileError(f"data file {_DATA}: unknown section key(s) {sorted(unknown)}")
    facets = {"voice", "need", "outcome", "provision", "education", "health", "social", "csdpa", "other",
              "placement", "budget", "advice"}
    if set(data["facets"]) != facets:
        raise DataFileError(f"data file {_DATA}: facets must be exactly {sorted(facets)}")
    labels = data["labels"]
    key = labels["key"]
    sep = r"\s*(?:,|&|\band\b|/|-|–)\s*"
    key = rf"{key}(?![A-Za-z0-9])"
    return _Rules(
        key=key,
        numbered=compile_pattern(_DATA, labels["numbered"]),
        contents_line=compile_pattern(_DATA, labels["contents_line"]),
        continued=compile_pattern(_DATA, labels["continued"]),
        labels=(
            re.compile(rf"^(?:sections?|part)\s*(?P<key>{key})(?![A-Za-z0-9])", re.I),  # Section F, Part F
            re.compile(rf"^(?P<key>{key})\s*(?:[.:)|]|\s[-–—]|[-–—]\s|[-–—](?=[A-Z]))(?![a-z])"),  # F. / F: / F) / F –
            re.compile(rf"^\((?P<key>{key})\)\s*"),  # (F)
            re.compile(rf"^(?P<key>{key})\s+(?=[A-Z])"),  # A1 Summary, H1 Social care provision
        ),
        multi=re.compile(rf"^sections?\s+(?P<keys>{key}(?:\s*\([^)]{{0,160}}\))?(?:{sep}{key}(?:\s*\([^)]{{0,160}}\))?)+)",
                         re.I),
        bracket=re.compile(rf"\((?:sections?\s+)?(?P<keys>{key}(?:{sep}{key})*)\)|[-–—:]\s*sections?\s+(?P<tail>{key})\s*$",
                           re.I),
        bare_cell=re.compile(rf"^(?:section\s*)?(?P<key>{key})\s*[.:]?$", re.I),
        facets={name: compile_pattern(_DATA, "(?<![a-z])(?:" + "|".join(f"(?:{p})" for p in patterns) + ")(?![a-z])")
                for name, patterns in data["facets"].items()},
        stopwords=frozenset(data.get("stopwords", ())),
        known=_compile_titles(data["known_titles"]),
        areas=_compile_titles(data["areas"], data.get("area_label", "")),
        appendix=compile_pattern(_DATA, data["appendix"]),
        columns={k: compile_pattern(_DATA, v) for k, v in data["table_columns"].items()},
        max_heading_words=int(data.get("max_heading_words", 30)),
        max_title_words=int(data.get("max_title_words", 16)),
        threshold=float(data.get("threshold", 3.0)),
        field_threshold=float(data.get("field_threshold", 1.5)),
    )


def _compile_titles(table: dict[str, list[str]], label: str = "") -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Title patterns by key, each anchored at the start, after an optional ``label`` ("Area of need:")."""
    compiled = []
    prefix = f"(?:{label})?" if label else ""
    for key, patterns in table.items():
        joined = "|".join(f"(?:{p})" for p in patterns)
        compiled.append((key, compile_pattern(_DATA, rf"^{prefix}(?:{joined})(?![A-Za-z])")))
    return tuple(compiled)


def normalise_key(raw: str) -> str:
    """'h 1' -> 'H1'; 'b' -> 'B'; 'A2' -> 'A' (the DfE template's parts of A); 'B3' -> 'B'."""
    key = re.sub(r"\s+", "", raw).upper()
    if len(key) == 2 and not (key[0] == "H" and key[1] in "12"):
        return key[0]
    return key


def clean(text: str) -> str:
    """Collapse white space and strip bullets, quotes and trailing colons from a heading."""
    text = " ".join(text.replace("\u00a0", " ").split())
    return text.strip(" \t*•#:–—-").strip()


def section_rank(key: str) -> int:
    return _SECTION_ORDER.index(key) if key in _SECTION_ORDER else len(_SECTION_ORDER)

