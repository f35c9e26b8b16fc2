"""Compose one whole fictional plan from the statement bank and the templates.

``compose(index, bank, usage, seed)`` draws a child, a design (intended quality tier, template
style, file format, length, defects) and then the statements: Section A views, B needs, E outcomes
and F provision grouped into 2-4 areas of need, C health and D social care. It returns the
``CorpusPlan`` to render, the ``PlanFacts`` the rubric reads, and a manifest record.

Statements are only put in a plan they fit: the pronouns match the child's gender, any age,
school year or date they state fits the child and the plan's date (an outcome's dates after the
plan date, a need's dates before it), and words such as "college" or "nursery" fit the child's
age. Among those, the composer prefers the child's stage and area of need and statements used
least so far in the corpus.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from fixturegen.plans import Advice, AreaOfNeed, Bullet, Field, Para, Strand, Sub, Tab

from . import texts
from .bank import STAGES, Statement, personalise
from .layouts import CorpusPlan
from .people import Child, fmt_date, make_child, stage_for, _person_name
from .rubric import PlanFacts

CI = "Communication and interaction"
CL = "Cognition and learning"
SEMH = "Social, emotional and mental health"
SP = "Sensory and/or physical"
BROAD = (CI, CL, SEMH, SP)
PFA_AREAS = ("Employment", "Independent living", "Community participation", "Health")
RELATED = {  # an item from one scheme may stand in the other's area, at a cost
    "Employment": {CL, CI}, "Independent living": {CL, SP}, "Community participation": {CI, SEMH},
    "Health": {SEMH, SP},
    CL: {"Employment", "Independent living"}, CI: {"Community participation", "Employment"},
    SEMH: {"Community participation", "Health"}, SP: {"Health", "Independent living"},
}
PFA_TITLES = {"Employment": "Employment and further learning", "Independent living": "Independent living",
              "Community participation": "Friends, relationships and community", "Health": "Good health"}
AREA_PRIOR = {  # how often each area appears by stage (a plan's first area is its main one)
    "early years": {CI: 5, CL: 3, SEMH: 2, SP: 3},
    "primary": {CI: 4, CL: 5, SEMH: 4, SP: 3},
    "secondary": {CI: 3, CL: 4, SEMH: 5, SP: 2},
    "post-16": {CI: 2, CL: 4, SEMH: 4, SP: 2},
}

TIERS = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
# Per intended tier: share of good B / E / F statements (ranges), and chances of each feature.
DESIGN = {
    "Outstanding": dict(B=(0.95, 1.0), E=(0.9, 1.0), F=(0.9, 1.0), voice=1.0, parent=0.98, asp=0.97,
                        C=0.95, D=0.95, old=(1.0, 0.0, 0.0), defects=(1.0, 0.0, 0.0, 0.0), thread=0.0,
                        paste=0.0, other=0.0, whole_a=0.15),
    "Good": dict(B=(0.75, 0.97), E=(0.62, 0.92), F=(0.62, 0.92), voice=0.95, parent=0.94, asp=0.88,
                 C=0.8, D=0.75, old=(0.88, 0.12, 0.0), defects=(0.95, 0.05, 0.0, 0.0), thread=0.06,
                 paste=0.05, other=0.0, whole_a=0.2),
    "Requires Improvement": dict(B=(0.5, 0.85), E=(0.35, 0.65), F=(0.35, 0.65), voice=0.6, parent=0.85,
                                 asp=0.72, C=0.55, D=0.45, old=(0.62, 0.28, 0.1), defects=(0.8, 0.2, 0.0, 0.0),
                                 thread=0.3, paste=0.2, other=0.05, whole_a=0.3),
    "Inadequate": dict(B=(0.0, 0.45), E=(0.0, 0.3), F=(0.0, 0.3), voice=0.3, parent=0.6, asp=0.45, C=0.35,
                       D=0.3, old=(0.45, 0.3, 0.25), defects=(0.4, 0.3, 0.2, 0.1), thread=0.5, paste=0.35,
                       other=0.1, whole_a=0.35),
}
WEAK_F_MIX = {"Outstanding": (0.1, 0.45, 0.45), "Good": (0.15, 0.45, 0.4),
              "Requires Improvement": (0.3, 0.35, 0.35), "Inadequate": (0.45, 0.3, 0.25)}  # qft, vague, unquantified
LENGTHS = {"short": ((2, 3), (1, 1), (1, 2), (2, 3)), "medium": ((3, 3), (1, 2), (2, 3), (2, 4)),
           "long": ((3, 4), (2, 3), (2, 4), (3, 6))}  # areas, needs, outcomes, provision per area
DEFECT_UNITS = (("missing", "J", 3), ("empty", "D", 3), ("missing", "K", 1.5), ("missing", "H", 1.5),
                ("empty", "C", 1), ("empty", "G", 1), ("empty", "J", 1), ("missing", "G", 0.7),
                ("missing", "D", 0.7))

# Words that only fit a child of a certain age: (pattern, youngest, oldest).
_AGE_WORDS = (
    (re.compile(r"\b(?:college|sixth form|apprenticeship|internship|university|job coach|work placement|"
                r"employer|Care Act|supported living|tenancy|wages|payslip)", re.I), 15, 99),
    (re.compile(r"\b(?:nursery|key person|pre-?school|Portage|childminder|EYFS|Early Years Foundation|"
                r"nappies)", re.I), 0, 6),
    (re.compile(r"\b(?:secondary school|GCSEs?|form tutor|Key Stage [34]|KS[34]|head of year)", re.I), 10, 19),
    (re.compile(r"\b(?:resource base|pupils?|class teacher|classroom)\b", re.I), 4, 17),
    (re.compile(r"\b(?:classmates?|dining hall|lessons?|playground|homework|school day|in class|"
                r"school nurse|teaching assistant|(?:his|her|the) class\b)", re.I), 4, 99),
    (re.compile(r"\b(?:primary school|Reception class|playtime|carpet time|Key Stage [12]|KS[12])", re.I), 3, 12),
)
_PARENT_NAMED = re.compile(r"\bMr and Mrs\b|^From M(?:r|rs|s)\b|\bM(?:r|rs|s) [A-Z][a-z]+ (?:feels|says|said|"
                           r"describes|wants|would like|is worried|reports)")
_MENTIONS_PARENT = re.compile(r"\b(?:mum|dad|mother|father|parents?|carers?|grandad|grandma|nan|family)\b"
                              r"[^.]{0,60}\b(?:says?|said|feels?|felt|worr|wants?|would like|hopes?|reports?|"
                              r"describes?|told|wrote|thinks?)", re.I)
_MENTIONS_ASPIRATION = re.compile(r"\b(?:when I(?:'m| am)? (?:grow up|older|leave)|want(?:s)? to (?:be|become|"
                                  r"work|go to|study|live|get a job|have a job|do)|would like to (?:be|become|"
                                  r"work|go to|study|live|get)|hope|dream|in the future|one day|aspiration|"
                                  r"career|university)", re.I)


#: Topics for keeping a strand on one subject: an outcome or provision that shares a topic with
#: the area's needs is preferred (the bank's ``area`` field alone puts reading and maths together).
TOPICS = {name: re.compile(pat, re.I) for name, pat in (
    ("literacy", r"\b(?:read|phonic|spell|writ|literacy|dyslex|letters?\b|words? per|comprehension|handwrit|book)"),
    ("maths", r"\b(?:math|number|numera|count|money|coins?|£|calculat|dyscalcul|time\b|clock)"),
    ("language", r"\b(?:speech|language|vocabular|words|sentences?|understand|instructions?|talk|signs?\b|"
                 r"signing|makaton|pecs|aac|communication (?:aid|book|board)|eye.?gaze|symbols?)"),
    ("social", r"\b(?:friend|peers?|play|turn.?tak|social|lunchtime|breaktime|playground|group work|club)"),
    ("emotion", r"\b(?:anx|worr|calm|regulat|anger|angry|upset|distress|meltdown|emotion|self.?esteem|"
                r"attendance|refus|mental health|low mood|trauma|exclu|incident)"),
    ("attention", r"\b(?:attention|focus|adhd|task|distract|concentrat|sit\b|seat|listen)"),
    ("sensory", r"\b(?:sensory|noise|noisy|ear defenders|texture|overwhelm|hand dryer|sensory diet)"),
    ("motor", r"\b(?:fine motor|grip|pencil|scissors|dressing|buttons|cutlery|motor|coordinat|dyspraxi)"),
    ("mobility", r"\b(?:walk|wheelchair|physio|hoist|transfer|mobility|standing frame|cerebral palsy|stairs|frame)"),
    ("hearing", r"\b(?:hearing|deaf|bsl|radio aid|cochlear|audiolog)"),
    ("vision", r"\b(?:vision|visual impairment|sight\b|braille|large print|magnif|nystagmus|qtvi|long cane)"),
    ("personal care", r"\b(?:toilet|continence|nappies|soil|personal care|changing)"),
    ("eating", r"\b(?:eat|feed|gastrostomy|food|meal|swallow|dietit)"),
    ("medical", r"\b(?:epilep|seizure|diabet|insulin|glucose|asthma|medication|tracheostomy|suction)"),
    ("travel", r"\b(?:travel|bus|journey|train\b|route|road safety)"),
    ("independence", r"\b(?:cook|kitchen|shopping|laundry|budget|independen|flat\b|supported living)"),
    ("work", r"\b(?:job|work experience|employ|internship|placement|career|volunteer|apprentice|cv\b|interview)"),
)}


SCHOOL_TOPICS = frozenset({"literacy", "maths", "work", "travel", "independence"})
CONDITION_TOPICS = frozenset({"hearing", "vision", "mobility", "medical", "eating", "personal care"})


def topics_of(text: str) -> frozenset:
    return frozenset(name for name, pat in TOPICS.items() if pat.search(text))


def _stage_gap(a: str, b: str) -> int:
    return abs(STAGES.index(a) - STAGES.index(b))


@dataclass
class Ctx:
    child: Child
    plan_date: date
    split: str
    rng: random.Random
    usage: Counter
    used: set = field(default_factory=set)


def fits(st: Statement, ctx: Ctx) -> bool:
    """Hard constraints: the statement can be about this child in a plan of this date."""
    child, pd = ctx.child, ctx.plan_date
    if st.split != ctx.split or st.id in ctx.used:
        return False
    if st.gender not in ("n", child.gender):
        return False
    if child.first in st.names[1:]:
        return False
    if any(abs(a - child.age) > 1 for a in st.ages):
        return False
    cur = child.year
    lo, hi = {"E": (cur, cur + 2), "F": (cur - 1, cur + 2)}.get(st.section, (cur - 2, cur + 1))
    if any(not lo <= y <= hi for y in st.years):
        return False
    for y, m in st.dates:
        if st.section in ("E", "F"):
            if (y, m or 12) < (pd.year, pd.month) or y > pd.year + 4:
                return False
        elif (y, m or 1) > (pd.year, pd.month) or y < pd.year - 4:
            return False
    for pat, young, old in _AGE_WORDS:
        if pat.search(st.text) and not young <= child.age <= old:
            return False
    if st.section == "A":
        if st.text.lstrip().lower().startswith("section") or _PARENT_NAMED.search(st.text):
            return False
        fostered = child.parents[0][0].startswith("Foster")
        if "foster" in st.text.lower() and not fostered:
            return False
    gap = _stage_gap(st.stage, child.stage)
    if gap > 1:
        return False
    if gap and child.age <= 3 and topics_of(st.text) & SCHOOL_TOPICS:  # no reading tests for toddlers
        return False
    return True


def _area_cost(st: Statement, area: str | None) -> float | None:
    if area is None:
        return 0.0
    if st.area == area:
        return 0.0
    if st.area in RELATED.get(area, ()):
        return 2.0
    return None


def pick(pool: list[Statement], ctx: Ctx, pred, area: str | None = None, soft_areas=(),
         topic: frozenset = frozenset()) -> Statement | None:
    best, best_score = None, None
    for st in pool:
        if not pred(st) or not fits(st, ctx):
            continue
        cost = _area_cost(st, area)
        if cost is None:
            continue
        if soft_areas and st.area not in soft_areas and st.area is not None:
            cost += 1.0
        if topic:
            own = topics_of(st.text)
            cost += -2.0 if own & topic else 0.5
            if (own & CONDITION_TOPICS) - topic:  # a condition the plan's needs never mention
                cost += 3.0
        score = cost + (2.5 if st.stage != ctx.child.stage else 0) + 0.7 * ctx.usage[st.id] + ctx.rng.random() * 1.5
        if best_score is None or score < best_score:
            best, best_score = st, score
    if best is not None:
        ctx.used.add(best.id)
    return best


def count_fit(pool, ctx, pred, area) -> int:
    return sum(1 for st in pool if pred(st) and fits(st, ctx) and _area_cost(st, area) is not None)


# ------------------------------------------------------------------ predicates

def good(st):
    return not st.labels


def weak(st):
    return bool(st.labels)


def anyq(st):
    return True


def f_weak_kind(kind):
    if kind == "qft":
        return lambda st: st.has("provision.qft_only")
    if kind == "vague":
        return lambda st: st.has("provision.vague_wording") and not st.has("provision.qft_only")
    return lambda st: st.has("provision.unquantified") and not st.has("provision.qft_only") \
        and not st.has("provision.vague_wording")


# ------------------------------------------------------------------ the design

@dataclass
class Design:
    tier: str
    split: str
    style: str
    fmt: str
    scheme: str
    length: str
    p: dict
    voice: bool
    parent: bool
    asp: bool
    whole_a: bool
    c_good: bool
    d_good: bool
    n_old: int
    defects: list  # [(kind, unit)]
    thread_breaks: int
    paste: str | None
    other_name: bool
    combined_h: bool


def _choose(rng, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _n_from(rng, probs) -> int:
    return rng.choices(range(len(probs)), weights=probs)[0]


def make_design(rng: random.Random, tier: str, split: str, child: Child) -> Design:
    d = DESIGN[tier]
    if child.age >= 14 and rng.random() < 0.5:
        style = "pfa"
    else:
        style = rng.choice(["classic", "table_form", "part_caps", "lettered"])
    scheme = "pfa" if style == "pfa" or (child.age >= 16 and rng.random() < 0.3) else "broad"
    fmt = rng.choices(["docx", "pdf", "txt"], weights=[70, 25, 5])[0]
    length = rng.choices(["short", "medium", "long"], weights=[30, 45, 25])[0]
    p = {k: rng.uniform(*d[k]) for k in ("B", "E", "F")}
    voice = rng.random() < d["voice"]
    n_def = _n_from(rng, d["defects"])
    defects: list = []
    units = list(DEFECT_UNITS)
    while len(defects) < n_def and units:
        kind, unit, _ = rng.choices(units, weights=[w for *_, w in units])[0]
        units = [u for u in units if u[1] != unit]
        defects.append((kind, unit))
    return Design(
        tier=tier, split=split, style=style, fmt=fmt, scheme=scheme, length=length, p=p, voice=voice,
        parent=rng.random() < d["parent"], asp=rng.random() < d["asp"], whole_a=rng.random() < d["whole_a"],
        c_good=rng.random() < d["C"], d_good=rng.random() < d["D"], n_old=_n_from(rng, d["old"]),
        defects=defects, thread_breaks=(1 + (rng.random() < 0.3)) if rng.random() < d["thread"] else 0,
        paste=rng.choice(["provision", "outcome"]) if rng.random() < d["paste"] else None,
        other_name=rng.random() < d["other"], combined_h=style == "lettered" or rng.random() < 0.2,
    )


# ------------------------------------------------------------------ composition

@dataclass
class Placed:
    """A bank statement as placed in the plan, with the text printed."""

    st: Statement
    text: str
    area: str | None = None


def _place(st: Statement, ctx: Ctx) -> Placed:
    ctx.usage[st.id] += 1
    return Placed(st, personalise(st, ctx.child.first))


def _choose_areas(rng, ctx, bank, design) -> list[str]:
    lo, hi = LENGTHS[design.length][0]
    n = rng.randint(lo, hi)
    if design.scheme == "pfa":
        options = {a: 3 for a in PFA_AREAS}
    else:
        options = dict(AREA_PRIOR[ctx.child.stage])
    chosen: list[str] = []
    while len(chosen) < n and options:
        feasible = {}
        for area, w in options.items():
            k = min(count_fit(bank[s], ctx, anyq, area) for s in "BEF")
            strong_ok = min(count_fit(bank[s], ctx, good, area) for s in "BEF")
            if k >= 1 and (strong_ok >= 1 or design.tier in ("Requires Improvement", "Inadequate")):
                feasible[area] = w * min(k, 6)
        if not feasible:
            break
        area = _choose(rng, feasible)
        chosen.append(area)
        del options[area]
    return chosen


def _strands(rng, needs, outcomes, provision):
    """Split an area's statements into one or two need/outcome/provision strands."""
    if len(needs) >= 2 and len(outcomes) >= 2 and len(provision) >= 2 and rng.random() < 0.6:
        cut_o = rng.randint(1, len(outcomes) - 1)
        cut_p = rng.randint(1, len(provision) - 1)
        return [(needs[:1], outcomes[:cut_o], provision[:cut_p]), (needs[1:], outcomes[cut_o:], provision[cut_p:])]
    return [(needs, outcomes, provision)]


def draw_child(rng: random.Random, used_names: set):
    """(child, plan date): the first draws of a plan's generator (scripts/evaluate_redaction.py replays them)."""
    start, end = date(2025, 1, 6), date(2026, 10, 30)
    plan_date = start + timedelta(days=rng.randrange((end - start).days))
    stage = rng.choices(STAGES, weights=[12, 38, 30, 20])[0]
    age = {"early years": lambda: rng.choices([0, 1, 2, 3, 4], weights=[1.5, 2.5, 3, 5, 5])[0],
           "primary": lambda: rng.randint(5, 10), "secondary": lambda: rng.randint(11, 15),
           "post-16": lambda: rng.choices(range(16, 26), weights=[6, 6, 5, 4, 3, 2, 2, 1, 1, 1])[0]}[stage]()
    gender = "m" if rng.random() < 0.62 else "f"
    child = make_child(rng, plan_date, age, gender, used_names)
    assert stage_for(age) == child.stage
    return child, plan_date


def compose(index: int, tier: str, split: str, bank: dict, usage: Counter, seed: int, used_names: set):
    rng = random.Random(f"{seed}:{index}")
    child, plan_date = draw_child(rng, used_names)
    design = make_design(rng, tier, split, child)
    ctx = Ctx(child, plan_date, split, rng, usage)

    # ---- areas, needs, outcomes, provision
    areas = _choose_areas(rng, ctx, bank, design)
    _, nb, ne, nf = LENGTHS[design.length]
    per_area = []
    for area in areas:
        got = {}
        for sec, (lo, hi) in (("B", nb), ("E", ne), ("F", nf)):
            items = []
            n = rng.randint(lo, hi)
            n_good = min(n, int(design.p[sec] * n + rng.random()))  # stochastic rounding
            wants = [True] * n_good + [False] * (n - n_good)
            rng.shuffle(wants)
            for want_good in wants:
                if want_good:
                    preds = [good, weak]
                elif sec == "F":
                    kind = rng.choices(["qft", "vague", "unq"], weights=WEAK_F_MIX[tier])[0]
                    preds = [f_weak_kind(kind), weak, good]
                elif sec == "E":
                    preds = [(lambda s: s.has("outcome.is_provision")) if rng.random() < 0.2 else
                             (lambda s: weak(s) and not s.has("outcome.is_provision")), weak, good]
                else:
                    preds = [weak, good]
                topic = frozenset().union(*(topics_of(p.text) for p in got.get("B", [])))
                if items:  # the other quality (last) only to avoid leaving this area's section empty
                    preds = preds[:-1]
                for pred in preds:
                    st = pick(bank[sec], ctx, pred, area, topic=topic)
                    if st:
                        items.append(_place(st, ctx))
                        break
            got[sec] = items
        per_area.append([area, got])

    # ---- defects in B/E/F: broken thread, pasted statements, another child's name
    broken = []
    candidates = [i for i, (_, g) in enumerate(per_area) if g["B"]]
    for i in rng.sample(candidates, min(design.thread_breaks, max(0, len(candidates) - 1))):
        drop = "F" if rng.random() < 0.7 else "E"
        for placed in per_area[i][1][drop]:
            usage[placed.st.id] -= 1
        per_area[i][1][drop] = []
        broken.append((per_area[i][0], drop))
    pasted = 0
    if design.paste and len(per_area) >= 2:
        sec = "F" if design.paste == "provision" else "E"
        source = [pl for _, g in per_area for pl in g[sec] if weak(pl.st)] or \
                 [pl for _, g in per_area for pl in g[sec]]
        if source:
            block = rng.choice(source)
            targets = [g for _, g in per_area if block not in g[sec] and g[sec]]
            if sec == "E":
                targets = targets[:1]
            for g in targets:
                g[sec].append(Placed(block.st, block.text))
                pasted += 1
    other_name = None
    if design.other_name:
        named = [pl for _, g in per_area for sec in "BE" for pl in g[sec]
                 if pl.st.subject and pl.st.subject != child.first and pl.text != pl.st.text]
        if named:
            pl = rng.choice(named)
            pl.text = pl.st.text
            other_name = pl.st.subject

    # ---- Section A
    a_items, a_placed, parent_fact, asp_fact = _section_a(rng, ctx, bank["A"], design, [a for a, _ in per_area])

    # ---- C and D
    empties = {u for k, u in design.defects if k == "empty"}
    missing = {u for k, u in design.defects if k == "missing"}
    plan_topics = frozenset().union(*(topics_of(p.text) for _, g in per_area for sec in "BEF" for p in g[sec]))
    area_names = [a for a, _ in per_area]
    c_placed = [] if "C" in empties else _health_social(rng, ctx, bank["C"], design.c_good, area_names,
                                                      "health.unevidenced_no_needs", plan_topics)
    d_placed = [] if "D" in empties else _health_social(rng, ctx, bank["D"], design.d_good, area_names,
                                                      "social_care.unevidenced_no_needs", plan_topics)

    # ---- the plan object
    weak_plan = tier in ("Requires Improvement", "Inadequate")
    area_objs = []
    for area, g in per_area:
        title = PFA_TITLES.get(area, area) if design.scheme == "pfa" else area
        strands = _strands(rng, g["B"], g["E"], g["F"])
        area_objs.append(AreaOfNeed(title, tuple(
            Strand(tuple(Para(p.text) for p in n), tuple(Para(p.text) for p in o), tuple(Bullet(p.text) for p in f))
            for n, o, f in strands)))
    g_lines = texts.section_g(rng, child, [p.text for p in c_placed], weak_plan)
    h1, h2 = texts.section_h(rng, child, [p.text for p in d_placed], weak_plan)
    advice = texts.advice_list(rng, child, plan_date, rng.randint(3, 6), design.n_old, areas)
    sections = {
        "A": tuple(a_items),
        "C": tuple(_paras(p.text) for p in c_placed),
        "D": tuple(_paras(p.text) for p in d_placed),
        "G": () if "G" in empties else tuple(Para(t) for t in g_lines),
        "H1": tuple(Para(t) for t in h1), "H2": tuple(Para(t) for t in h2),
        "I": (Tab(tuple((k, Field(v) if i == 0 else v) for i, (k, v) in
                        enumerate(texts.section_i(rng, child, plan_date))), header=False),),
        "J": () if "J" in empties else tuple(Para(t) for t in texts.section_j(rng, child, plan_date)),
    }
    if "H" in empties:
        sections["H1"] = sections["H2"] = ()
    intro = {"B": (Para(texts.b_intro(rng, child, design.scheme)),)} if rng.random() < 0.7 else {}
    fi = texts.f_intro(rng, child, strong=tier in ("Outstanding", "Good"))
    if fi:
        intro["F"] = (Para(fi),)
    front = _front(rng, child, plan_date, design)
    k_style = 1 if rng.random() < 0.2 else 0  # K dates as 14/03/2025 in some councils' plans
    plan = CorpusPlan(
        slug=f"plan_{index:03d}", quality=tier, summary=f"{child.name}, {child.age}, {child.setting}",
        person=child.person, council=child.council.name, date=fmt_date(plan_date), front=front,
        sections=sections, areas=tuple(area_objs),
        advice=tuple(Advice(k, a, fmt_date(d, k_style)) for k, a, d in advice)
        if "K" not in missing else (),
        intro=intro, omit=frozenset(missing), combined_h=design.combined_h,
    )

    # ---- facts, from labels and from what was built
    allb = [p for _, g in per_area for p in g["B"]]
    alle = [p for _, g in per_area for p in g["E"]]
    allf = [p for _, g in per_area for p in g["F"]]
    qft_areas = sum(1 for _, g in per_area if g["F"] and all(p.st.has("provision.qft_only") for p in g["F"]))
    thread = sum(1 for _, g in per_area if g["B"] and (not g["E"] or not g["F"]))
    empty_units = sorted(u for u in empties if u not in missing)
    facts = PlanFacts(
        child_voice=any(not p.st.has("child_voice.missing") for p in a_placed),
        parent_view=parent_fact, aspirations=asp_fact,
        needs=len(allb), needs_specific=sum(1 for p in allb if not p.st.has("need.vague")),
        outcomes=len(alle), outcomes_smart=sum(1 for p in alle if good(p.st)),
        outcomes_as_provision=sum(1 for p in alle if p.st.has("outcome.is_provision")),
        provision=len(allf), provision_firm=sum(1 for p in allf if good(p.st)),
        qft_only_areas=qft_areas, areas=len(per_area), thread_breaks=thread,
        health_evidenced=bool(c_placed) and not any(p.st.has("health.unevidenced_no_needs") for p in c_placed),
        social_care_evidenced=bool(d_placed) and not any(p.st.has("social_care.unevidenced_no_needs") for p in d_placed),
        missing=sorted(missing), empty=empty_units,
        advice_items=len(advice) if "K" not in missing else 0,
        advice_over_12_months=sum(1 for _, _, d in advice if (plan_date - d).days > 365) if "K" not in missing else 0,
        pasted=pasted, other_child_name=other_name is not None, combined_h=design.combined_h,
    )
    record = {
        "plan": plan.slug, "split": split, "tier_intended": tier, "style": design.style, "format": design.fmt,
        "length": design.length, "scheme": design.scheme, "plan_date": plan_date.isoformat(),
        "child": {"age": child.age, "stage": child.stage, "gender": child.gender, "year": child.year_label(),
                  "setting_type": child.setting_type},
        "areas": areas, "broken_thread": broken, "other_child_name": other_name,
        "statements": {sec: [p.st.id for p in pl] for sec, pl in
                       (("A", a_placed), ("B", allb), ("C", c_placed), ("D", d_placed), ("E", alle), ("F", allf))},
    }
    return plan, facts, design, record


def _paras(text: str):
    return Para(text)


def _split_lines(text: str) -> list:
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        out.append(Bullet(line[2:]) if line.startswith("- ") else Para(line))
    return out


def _section_a(rng, ctx, pool, design, areas):
    """Section A items, the bank statements used, and the parent-view / aspiration facts."""
    child = ctx.child
    items: list = []
    placed: list[Placed] = []
    parent_fact = asp_fact = False

    def a_pred(voice: bool, whole: bool):
        def pred(st):
            if st.whole_a != whole:
                return False
            if voice == st.has("child_voice.missing"):
                return False
            if not design.parent and _MENTIONS_PARENT.search(st.text) and (not whole or not st.has("parent_view.missing")):
                return False
            if not design.asp and _MENTIONS_ASPIRATION.search(st.text) and (not whole or not st.has("aspirations.missing")):
                return False
            return True
        return pred

    if design.whole_a:
        exact = lambda st: (a_pred(design.voice, True)(st) and st.has("parent_view.missing") != design.parent
                            and st.has("aspirations.missing") != design.asp)
        st = pick(pool, ctx, exact) or pick(pool, ctx, a_pred(design.voice, True))
        if st:
            pl = _place(st, ctx)
            placed.append(pl)
            if rng.random() < 0.5:
                items.append(Sub(rng.choice(["About me", "Section A summary", "Views, interests and aspirations"])))
            items += _split_lines(pl.text)
            parent_fact = not st.has("parent_view.missing")
            asp_fact = not st.has("aspirations.missing")
            if design.voice and st.has("child_voice.missing"):
                extra = pick(pool, ctx, a_pred(True, False))
                if extra:
                    pl = _place(extra, ctx)
                    placed.append(pl)
                    items += [Sub(texts.child_view_heading(rng, child))] + _split_lines(pl.text)
            return items, placed, parent_fact, asp_fact

    n = {"short": 1, "medium": rng.randint(1, 2), "long": rng.randint(2, 3)}[design.length]
    items.append(Sub(texts.child_view_heading(rng, child)))
    for i in range(n):
        voice_item = design.voice and (i == 0 or rng.random() < 0.6)
        st = pick(pool, ctx, a_pred(voice_item, False))
        if st:
            pl = _place(st, ctx)
            placed.append(pl)
            items += _split_lines(pl.text)
    if design.parent:
        items.append(Sub(texts.parent_heading(rng, child)))
        items += [Para(t) for t in texts.parent_view(rng, child, areas or [CL])]
        parent_fact = True
    if design.asp:
        items.append(Sub(texts.aspiration_heading(rng)))
        items += [Para(t) for t in texts.aspirations(rng, child, child_words=design.voice)]
        asp_fact = True
    return items, placed, parent_fact, asp_fact


_HS_FALLBACK = {
    "health.unevidenced_no_needs": (
        ("{name} is healthy. The school nurse reviewed {his} health records on {date} and found no health needs "
         "related to {his} special educational needs; {his} hearing and vision were checked in the same month "
         "and were normal.", False),
        ("No health needs.", True), ("There are no known health needs at this time.", True)),
    "social_care.unevidenced_no_needs": (
        ("The Children with Disabilities Team screened {name}'s needs on {date} and found no social care needs "
         "related to {his} SEN or disability; the family were given information about the local offer.", False),
        ("No social care needs.", True), ("Not known to social care.", True)),
}


class _Template:
    """A written statement standing in for a bank item, with its label known by construction."""

    def __init__(self, text: str, labels: tuple):
        self.id, self.text, self.labels, self.subject, self.area = "template", text, labels, None, None

    def has(self, code):
        return code in self.labels


HEALTH_TOPICS = frozenset({"medical", "eating", "personal care", "mobility", "hearing", "vision"})


def _health_social(rng, ctx, pool, want_good, areas, weak_code, topic):
    """Section C or D: one statement (C sometimes two, both describing needs).

    Statements sharing a topic with the plan's needs, outcomes and provision are preferred, and a
    good C for a child whose plan names medical, physical or sensory needs does not say "no needs".
    """
    is_c = weak_code.startswith("health")
    def no_needs_ok(st):
        return not (is_c and topic & HEALTH_TOPICS and texts.says_no_needs(st.text))
    pred = (lambda st: good(st) and no_needs_ok(st)) if want_good else weak
    st = pick(pool, ctx, pred, soft_areas=tuple(areas), topic=topic)
    if st is None:
        opts = [t for t in _HS_FALLBACK[weak_code] if t[1] != want_good]
        text, is_weak = rng.choice(opts)
        d = fmt_date(ctx.plan_date - timedelta(days=rng.randrange(30, 120)))
        text = texts.fill(text.replace("{date}", d), ctx.child)
        return [Placed(_Template(text, (weak_code,) if is_weak else ()), text)]
    out = [_place(st, ctx)]
    if is_c and not texts.says_no_needs(st.text) and rng.random() < 0.3:
        more = pick(pool, ctx, lambda s: good(s) and not texts.says_no_needs(s.text), soft_areas=tuple(areas),
                    topic=topic)
        if more:
            out.append(_place(more, ctx))
    return out


def _front(rng, child: Child, plan_date: date, design: Design) -> tuple:
    rels = [r for r, _ in child.parents]
    if len(rels) == 2:
        parent_label, parent_value = "Parents", child.parent_names
    elif rels[0] in ("Mother", "Father"):
        parent_label, parent_value = "Parent", child.parents[0][1]
    else:
        parent_label, parent_value = "Parent/carer", f"{child.parents[0][1]} ({rels[0].lower()})"
    setting_label = {"pvi": "Current setting", "post16": "College / setting"}.get(child.setting_kind, "School")
    front = [("Name", child.name), ("Date of birth", fmt_date(child.dob)), ("NHS number", child.nhs),
             ("UPN", child.upn), ("Address", child.address), (parent_label, parent_value)]
    if child.home_language != "English" or rng.random() < 0.3:
        front.append(("Home language", child.home_language))
    front.append((setting_label, child.setting))
    if child.year_label():
        front.append(("Year group", child.year_label()))
    kind = "Amended plan following annual review" if design.n_old and rng.random() < 0.6 else "Final EHC plan"
    front += [("Type of plan", kind), ("Date of plan", fmt_date(plan_date)),
              ("EHC coordinator", _person_name(rng))]
    return tuple(front)
