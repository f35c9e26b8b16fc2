"""Choose, among a document's heading candidates, the most plausible sequence of sections.

Every block that scores as a heading is a candidate (:mod:`.headings`). Not all
of them start a section: a contents page or an "Understanding this plan" table
lists every section with nothing between; a title without a letter may only be a
sub-heading where the plan labels that section elsewhere; a lettered section is
opened once unless it says it continues. Among what is left, a beam search keeps
the sequence with the best total: each heading's score, a small bonus for
following the statutory order and a penalty for going back (CoP 9.62 lets a
council order sections as it likes, so order only breaks ties).

Form fields ("Identified special educational need(s):", "Provision relating
to that need:", a golden-thread table's "Outcome (Section E) | …" row) are
switches, not headings: they may recur, once per area of need or per outcome.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import Block
from .headings import FAMILY, HeadingMatch, section_rank

_BEAM = 24
_IN_ORDER, _OUT_OF_ORDER, _REOPEN = 0.5, -1.0, -4.0
_ALTERNATIVE = -0.5  # taking a title's second reading ("family support" as D rather than H)
_CONTENTS_RUN = 3  # distinct sections listed with nothing between them: a contents page
_LIST_GAP = 2  # ... one after another (a blank line or a page header between them at most)


@dataclass(frozen=True)
class Candidate:
    """A block that scored as a heading, at ``index`` in the document."""

    index: int
    match: HeadingMatch

    @property
    def keys(self) -> tuple[str, ...]:
        return self.match.keys


@dataclass(frozen=True)
class _State:
    total: float = 0.0
    last: int = -1  # rank of the last section opened by a heading
    current: str = ""  # the section being filled
    region: tuple[str, ...] = ()  # the sections named by the last heading (not a field): "Sections B, E and F"
    opened: tuple[tuple[str, str], ...] = ()  # (key, how): strong, weak, field, announced
    chosen: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (candidate index, the reading taken)

    def how(self, key: str) -> str | None:
        return dict(self.opened).get(key)


@dataclass
class Choice:
    """The candidates that open sections, and those rejected (contents lines, duplicates)."""

    chosen: list[Candidate] = field(default_factory=list)
    rejected: list[Candidate] = field(default_factory=list)


def choose(blocks: tuple[Block, ...], candidates: list[Candidate]) -> Choice:
    """The most plausible sequence of section openings among ``candidates`` (in document order)."""
    listed = _contents_runs(blocks, candidates)
    kept = [c for c in candidates if c.index not in listed]
    lettered = {k for c in kept if c.match.strong and not c.match.field for k in c.keys}
    beam = [_State()]
    for cand in kept:
        grown = list(beam)
        for state in beam:
            for reading, cost in [(cand.keys, 0.0)] + [(alt, _ALTERNATIVE) for alt in cand.match.alternatives]:
                taken = _take(state, Candidate(cand.index, replace(cand.match, keys=reading)), lettered, cost)
                if taken is not None:
                    grown.append(taken)
        beam = _prune(grown)
    best = max(beam, key=lambda s: s.total)
    readings = dict(best.chosen)
    chosen = [Candidate(c.index, replace(c.match, keys=readings[c.index])) for c in kept if c.index in readings]
    return Choice(chosen, [c for c in candidates if c.index not in readings])


def _prune(states: list[_State]) -> list[_State]:
    """Keep the best state for each situation (section being filled, part, sections opened, last rank),
    then the best few overall."""
    best: dict[tuple, _State] = {}
    for state in states:
        sig = (state.current, state.region, state.opened, state.last)
        if sig not in best or state.total > best[sig].total:
            best[sig] = state
    return sorted(best.values(), key=lambda s: -s.total)[:_BEAM]


def _take(state: _State, cand: Candidate, lettered: set[str], cost: float = 0.0) -> _State | None:
    """The state after ``cand`` opens its section(s), or ``None`` if it cannot."""
    match = cand.match
    started = bool(state.chosen)
    if match.field:
        if not match.strong and (not started or state.current not in FAMILY or not set(cand.keys) <= FAMILY | {"A"}
                                 or set(cand.keys) & (lettered - set(state.region) - {"A"})):
            return None  # a label switches only among the needs-outcomes-provision sections (or to views),
            # and not into a section the plan labels with its letter elsewhere (views and aspirations may
            # go to A wherever they are: CoP 9.65)
        how, bonus = "field", 0.0
    else:
        if not match.strong and set(cand.keys) & lettered:
            return None  # a title the plan also labels with a letter: a sub-heading there
        for key in cand.keys:
            if not _may_open(state, key, match):
                return None
        how = "strong" if match.strong else "weak"
        rank = section_rank(cand.keys[0])
        bonus = _IN_ORDER if rank > state.last else _OUT_OF_ORDER if rank < state.last else 0.0
        if match.continued or _outcomes_of_part(state, cand):
            bonus = 0.0  # "Section B (continued)", or the outcomes of a health or social care part
        elif any(state.how(k) in ("strong", "weak", "field") for k in cand.keys):
            bonus += _REOPEN
    opened = dict(state.opened)
    multi = len(cand.keys) > 1
    for key in cand.keys:
        if multi:
            opened.setdefault(key, "announced")
        elif opened.get(key) != "strong":
            opened[key] = how
    last = state.last if match.field else max(section_rank(k) for k in cand.keys)
    region = state.region if match.field else cand.keys
    return _State(state.total + match.score + bonus + cost, last, cand.keys[0], region, tuple(sorted(opened.items())),
                  state.chosen + ((cand.index, cand.keys),))


def _outcomes_of_part(state: _State, cand: Candidate) -> bool:
    """Outcomes after a part's needs and provision (the DfE layout's E in every table): E gathers them."""
    return cand.keys == ("E",) and state.how("E") in ("weak", "field") and state.current in FAMILY - {"E"}


def _may_open(state: _State, key: str, match: HeadingMatch) -> bool:
    before = state.how(key)
    if before is None or before == "announced" or match.continued or len(match.keys) > 1:
        return True  # a heading naming several sections ("Sections B, E and F") announces a part
    if before == "strong":
        return False
    if match.strong:
        return True
    return key in FAMILY and state.current in FAMILY and state.current != key  # outcomes after each part


def _contents_runs(blocks: tuple[Block, ...], candidates: list[Candidate]) -> set[int]:
    """Indices of candidates that list sections with no content between them (contents, key to the plan)."""
    listed: set[int] = set()
    run: list[Candidate] = []

    def close() -> None:
        if len(run) >= _CONTENTS_RUN and len({k for c in run for k in c.keys}) >= _CONTENTS_RUN:
            listed.update(c.index for c in run)
        run.clear()

    for cand in candidates:
        if run and (cand.index - run[-1].index > _LIST_GAP or _has_content(blocks, run[-1].index + 1, cand.index)
                    or run[-1].match.field or set(cand.keys) & {k for c in run for k in c.keys}):
            close()  # content between, or a section listed again: the list has ended
        run.append(cand)
    close()
    return listed


def _has_content(blocks: tuple[Block, ...], start: int, end: int) -> bool:
    """Anything a section holds between two headings: content, or an empty field waiting for it."""
    return any(blocks[i].content.strip() or "placeholder" in blocks[i].part_roles() for i in range(start, end))
