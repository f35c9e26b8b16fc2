"""Draft auditor comments for one reviewed plan: strengths first, then areas for improvement.

Each point quotes the plan text it rests on, says what would fix it and cites the Code of Practice
where a paragraph applies. The wording comes from templates in ``data/comments.json`` (no language
model; nothing leaves the machine). Each template has several wordings; the one used is chosen by a
stable hash of the evidence, so the same plan always gets the same draft while different plans do
not read identically. Everything is marked "DRAFT – for auditor confirmation".

Example:
    >>> from ehcp_nlp.pipeline import assess                                  # doctest: +SKIP
    >>> comments = assess("corpus/sample/sample_plan.docx").comments          # doctest: +SKIP
    >>> comments.sections[0].points[0].kind                                   # doctest: +SKIP
    'strength'
"""
from __future__ import annotations

import re
import zlib
from collections import Counter
from datetime import date
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Sequence

from .frontpage import FrontPage, read_front_page
from .model import Comments, Flag, Point, Review, SectionComment, home_section, section_rank
from .resources import load_json

if TYPE_CHECKING:  # pragma: no cover
    from .rating.scores import Scores
    from .rating.suggest import RatingSuggestion

_SEVERITY = {"major": 0, "minor": 1, "info": 2}
_QUOTE_CHARS = 160
_QUOTES = 2
_STRONG_SHARE = 0.75  # a section's items at least this clean count as a strength
_CORE = {"needs": ("B", "need.vague"), "outcomes": ("E", "outcome.not_smart"),
         "provision": ("F", ("provision.unquantified", "provision.vague_wording", "provision.qft_only"))}
_SMART = {"S": "a specific behaviour", "M": "a measurable criterion", "T": "a time frame"}
_UNQUANTIFIED = {"how_often": "how often and for how long", "who": "who delivers it"}
_ITEMS = {"B": "needs", "E": "outcomes", "F": "provision items", "K": "pieces of advice"}


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    return load_json("comments.json")


def _pick(options: Sequence[str], key: str) -> str:
    """One of ``options``, chosen by a stable hash of ``key`` (the evidence, or :func:`_named`)."""
    return options[zlib.crc32(key.encode("utf-8", "surrogateescape")) % len(options)] if options else ""


def _named(review: Review) -> str:
    """The document's file name, not its folder: the same document gets the same wording wherever, and in
    whichever process, it is read (a batch reads a private copy in a folder of its own)."""
    return review.source.replace("\\", "/").rsplit("/", 1)[-1]


def _quote(text: str) -> str:
    text = " ".join(text.split()).replace("“", "‘").replace("”", "’").replace('"', "'")  # quotes inside quotes
    if len(text) <= _QUOTE_CHARS:
        return text
    return text[:_QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def draft_comments(review: Review, scores: "Scores | None" = None, rating: "RatingSuggestion | None" = None,
                   front: FrontPage | None = None) -> Comments:
    """Draft comments for a reviewed document (a plan, or advice / review paperwork), from its review, section
    scores, suggested rating and front page (the child's first name)."""
    drafter = _Drafter(review, front or read_front_page(""))
    sections = tuple(drafter.section(key, scores) for key in _keys(review))
    strengths = tuple(p for p in drafter.core_strengths)
    improvements = tuple(sorted((p for s in sections for p in s.improvements),
                                key=lambda p: (drafter.severity(p), section_rank(p.section))))
    t = templates()["overall"]
    leads = (_pick(t["strengths_lead"], _named(review)), _pick(t["improvements_lead"], _named(review))) \
        if review.kind == "plan" else ("Strengths", "Areas for improvement")
    return Comments(templates()["marker"], drafter.summary(rating), strengths, improvements[:_TOP],
                    sections, leads)


_TOP = 5


def _keys(review: Review) -> list[str]:
    keys = {home_section(k) for k in review.sections} | {home_section(f.section) for f in review.flags}
    return sorted(keys, key=section_rank)


class _Drafter:
    def __init__(self, review: Review, front: FrontPage) -> None:
        self.review = review
        self.child = front.first_name or "the child"
        self.flags: dict[str, list[Flag]] = {}
        for flag in review.flags:
            self.flags.setdefault(home_section(flag.section), []).append(flag)
        self.items = Counter(s.section for s in review.statements)
        self.front = front
        year = re.search(r"\b(?:Year|Y)\s?(\d{1,2})\b", front.get("year_group"))
        self.by_when = f"the end of Year {year.group(1)}" if year else "the end of the school year"

    # -- the overall summary ----------------------------------------------------------------

    def summary(self, rating: "RatingSuggestion | None") -> str:
        t = templates()["overall"]
        if rating:
            parts = [_pick(t["opening"][rating.suggested], _named(self.review)).format(
                child=self.child, confidence=f"{rating.confidence:.0%} confidence")]
            if rating.needs_closer_look:
                parts.append(_pick(t["closer_look"], _named(self.review)))
        else:
            parts = [_pick(t["no_rating"], _named(self.review))]
        if self.review.kind == "plan":
            broken = [f for f in self.review.flags if f.code in ("provision.unlinked_need", "outcome.unlinked_need")]
            if broken:
                detail = "; ".join(sorted({f"{f.detail.get('area', 'an area of need')} has no "
                                           + ("provision" if f.code == "provision.unlinked_need" else "outcome")
                                           for f in broken}))
                parts.append(_pick(t["thread_broken"], detail).format(n=len(broken), detail=detail))
            elif "B" in self.review.sections and "E" in self.review.sections and "F" in self.review.sections:
                parts.append(_pick(t["thread_intact"], _named(self.review)))
        return " ".join(parts)

    # -- strengths --------------------------------------------------------------------------

    @cached_property
    def core_strengths(self) -> list[Point]:
        """The strengths that matter most to a rating: voice, family, needs, outcomes, provision."""
        points = [self._voice(), self._family()] + [self._share_strength(name) for name in _CORE]
        return [p for p in points if p]

    def _voice(self) -> Point | None:
        a = self.review.text_of("A")
        if self.review.kind != "plan" or not a.strip() or self._has("A", "child_voice.missing"):
            return None
        from .checks.rules.voice import child_voice_evidence

        span = child_voice_evidence(a, self.front)
        quote = ""
        if span:
            line = a[span[0]:span[1]]
            if line.rstrip().endswith(":"):  # a lead-in ("Jacob said:"): the words are on the next line
                line += " " + a[span[1]:].lstrip("\n").split("\n", 1)[0]
            quote = _quote(line)
        return self._strength("voice", "A", quote)

    def _family(self) -> Point | None:
        a = self.review.text_of("A")
        if self.review.kind != "plan" or not a.strip() or self._has("A", "parent_view.missing") \
                or self._has("A", "aspirations.missing"):
            return None
        return self._strength("family", "A", "")

    def _share_strength(self, name: str) -> Point | None:
        section, codes = _CORE[name]
        codes = (codes,) if isinstance(codes, str) else codes
        statements = [s for s in self.review.statements if s.section == section]
        if self.review.kind != "plan" or not statements:
            return None
        flagged = {f.start for f in self.flags.get(section, []) if f.code in codes}
        good = [s for s in statements if s.start not in flagged]
        if len(good) / len(statements) < _STRONG_SHARE:
            return None
        example = max(good[:6], key=lambda s: len(s.text))
        return self._strength(name, section, _quote(example.text), good=len(good), total=len(statements))

    def _strength(self, name: str, section: str, quote: str, **slots: Any) -> Point:
        entry = templates()["strengths"][name]
        wording = _pick(entry["text"], quote or _named(self.review))
        if "{quote}" in wording and not quote:
            wording = wording.split(",")[0].rstrip(":") + "."
        text = wording.format(child=self.child, quote=f"“{quote}”", section_name=_name(section), **slots)
        return Point("strength", section, text, (quote,) if quote else (), "", entry.get("reference", ""), ())

    # -- per section ------------------------------------------------------------------------

    def section(self, key: str, scores: Any) -> SectionComment:
        flags = self.flags.get(key, [])
        by_code: dict[str, list[Flag]] = {}
        for flag in sorted(flags, key=lambda f: (_SEVERITY.get(f.severity, 3), f.start)):
            by_code.setdefault(flag.code, []).append(flag)
        strengths = [p for p in self.core_strengths if p.section == key]
        text = self.review.text_of(key)
        if not strengths and not by_code and text.strip() and not key.startswith("appendix-"):
            strengths = [self._strength("section", key, "")]
        improvements = [self._improvement(key, code, group) for code, group in by_code.items()]
        score = None
        if scores is not None and key in getattr(scores, "sections", {}):
            score = scores.sections[key].score
        return SectionComment(key, _name(key, self.review), score, tuple(strengths + improvements))

    def _improvement(self, key: str, code: str, flags: list[Flag]) -> Point:
        t = templates()
        entry = t["improvements"].get(code) or t["fallback"]
        quotes = tuple(dict.fromkeys(_quote(f.evidence) for f in flags if f.evidence.strip()))[:_QUOTES]
        evidence_key = code + "|" + "|".join(quotes)
        slots = {"child": self.child, "n": len(flags), "total": max(self.items.get(key, 0), len(flags)),
                 "items": _ITEMS.get(key, "items"), "detail": _detail(code, flags), "section": key,
                 "section_name": _name(key, self.review), "message": flags[0].message, "by_when": self.by_when}
        text = _pick(entry["issue"], evidence_key).format(**slots)
        fix = _pick(entry["fix"], evidence_key[::-1]).format(**slots)
        return Point("improvement", key, text, quotes, fix, flags[0].reference, (code,))

    def _has(self, section: str, code: str) -> bool:
        return any(f.code == code for f in self.flags.get(section, []))

    def severity(self, point: Point) -> int:
        ranks = [_SEVERITY.get(f.severity, 3) for f in self.flags.get(point.section, []) if f.code in point.codes]
        return min(ranks, default=3)


def _name(key: str, review: Review | None = None) -> str:
    names = templates()["section_names"]
    if key in names:
        return names[key]
    title = (review.title_of(key) if review else "") or key
    return title


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _long_date(iso: str) -> str:
    when = date.fromisoformat(iso)
    return f"{when.day} {when:%B %Y}"


def _detail(code: str, flags: list[Flag]) -> str:
    """The specifics a check found, in words ("3 have no time frame", "'as required', 'regular'")."""
    if code == "outcome.not_smart":
        letters = Counter(letter for f in flags for letter in f.detail.get("missing", []))
        return ", ".join(f"{n} without {_SMART[k]}" for k, n in letters.most_common() if k in _SMART) or "not SMART"
    if code == "provision.unquantified":
        missing = Counter(m for f in flags for m in f.detail.get("missing", []))
        return ", or ".join(_UNQUANTIFIED.get(m, m) for m, _ in missing.most_common()) or "quantities"
    if code == "provision.vague_wording":
        words = Counter(w for f in flags for w in f.detail.get("words", []))
        return ", ".join(f"'{w}'" for w, _ in words.most_common(4)) or "hedged words"
    if code == "provision.qft_only":
        return ", ".join(dict.fromkeys(_lower_first(str(f.detail["strategy"])) for f in flags if f.detail.get("strategy"))) \
            or "ordinarily available strategies"
    if code in ("provision.unlinked_need", "outcome.unlinked_need"):
        return ", ".join(dict.fromkeys(str(f.detail.get("area", "")).lower() for f in flags)) or "an area of need"
    if code in ("advice.out_of_date", "plan.dates_out_of_order"):
        return ", ".join(dict.fromkeys(f"dated {_long_date(f.detail['advice_date'])}" for f in flags
                                       if "advice_date" in f.detail)) or flags[0].message
    if code == "plan.other_child_name":
        return ", ".join(f"'{f.detail.get('name')}'" for f in flags)
    return ""
