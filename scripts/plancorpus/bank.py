"""The labelled statement bank (``corpus/statements/*.jsonl``), read for composing whole plans.

Each statement was written about its own fictional child. To put it in another child's plan we
need to know, from its text alone:

* the child it is about (``subject``), so that name can be replaced by the plan child's;
* the child's gender as the pronouns give it (``gender``: "m", "f", "n" for none, "x" mixed),
  so that a statement is only used in a plan whose child it fits;
* any chronological age, school year or calendar date it states, so that a 4-year-old's plan
  does not get an outcome "by the end of Year 8" and a plan dated May 2026 no outcome
  "by July 2025".

Nothing here changes a statement's labels: replacing one first name by another changes none of
the label definitions in ``LABELLING.md``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

STAGES = ("early years", "primary", "secondary", "post-16")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH_NO = {m: i + 1 for i, m in enumerate(MONTHS)}
_WORD_NO = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}

# Capitalised words that the subject pattern picks up but that are not children's first names.
_NOT_NAMES = set("""
He She It What We Mum School Child Staff When Team Parent That These Profile Deaf Being Dad His Her
Having Teachers Grandad Nan Sister Student Grandma Sibling Nessy Overlearning Inventories
Comprehension Scale Act Children Maths Reading They English Progress Attendance March Screener
Service Autism Language Mentor Patel Shah Okafor Evans Hughes Jones Green Begum Hussain Hussein
Clarke Adeyemi Chen Dunne Okoro Mummy Daddy Auntie Uncle Brother The This There Young Miss Mr Mrs
Ms Dr Teacher Mentor Jo Sue Janet Danny Ada Biscuit Lecturers Tutors Makaton Lego Numicon
Boxall Nessy Portage Precision Zones Attention Speech Occupational Physiotherapy Social Sensory Weekly Daily
Teaching Intensive Talk Circle Reading Writing Toe Staff Adults Everyone Nobody Teachers Parents
Academy Allowance Boost Duchenne Easter Grid Gujarati Hip Inc Incredible Infirmary Look-Say Minecraft Power
Roblox Pepper Tank Cloud Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Pokémon PlayStation Xbox
""".split())
_NAME_WORDS = {"Summer", "Grace", "Ruby", "Jade", "Ivy", "Rose", "Hope", "Amber", "Will", "Max", "Mark",
               "Sky", "Dawn", "Faith", "Joy", "Rowan", "Willow", "Poppy", "Daisy", "Robin", "Autumn"}
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Mx", "Auntie", "Uncle", "Nana", "Grandma", "Grandad")
_SUBJECT_VERBS = (
    "will|has|is|was|can|does|did|uses|needs|finds|said|says|told|showed|chose|gets|likes|enjoys|"
    "wants|would|reads|becomes|attends|loves|communicates|makes|knows|often|cannot|can't|hates|"
    "spends|took|had|may|might|could|tires|walks|writes|follows|understands|joined|started|picked|"
    "signed|pointed|asked|currently|also|still|sometimes|rarely|usually|struggles|describes|"
    "responds|lives|goes|came|moved|scored|shows|speaks|plays|manages|seeks|avoids|refuses")
_SUBJECT_RE = re.compile(r"\b([A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zß-ÿ]+)?)(?:'s\b|\s+(?:" + _SUBJECT_VERBS
                         + r")\b|,? \(?aged\b| \((?:\d|Year \d)|, \d{1,2},)")
_OPENING_RE = re.compile(r"(?:^|[.!?:]\s+|\n)([A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zß-ÿ]+)?) (?:[a-z]+ly )?[a-z]{2,}\b")
_MID_RE = re.compile(r"(?<=[a-z,;] )([A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zß-ÿ]+)?)\b(?! [A-Z])")
_NOT_NAME_SUFFIX = re.compile(r"(?:ed|ing|ery|tion|sion|ment|ness|ity|ise|ize|ful|ous|ive|al|ic)$")
_NUMBER_WORDS = {"Five", "Ten", "Fifteen", "Twenty", "Thirty", "Forty", "Sixty", "Two", "Three", "Four", "Six",
                 "Eight", "Nine", "Twelve", "Once", "Twice"}
_NAME_TOKEN = re.compile(r"\b[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-Za-zÀ-ÿ][a-zß-ÿ]+)?\b")

_MALE = re.compile(r"\b(?:he|him|his|himself|boy|lad|son|young man|gentleman)\b", re.I)
_FEMALE = re.compile(r"\b(?:she|her|hers|herself|girl|daughter|young woman|young lady)\b", re.I)

_AGE_PATTERNS = (
    re.compile(r"\baged (\d{1,2}|[a-z]+)\b"),
    re.compile(r"\bis (\d{1,2}) years(?: old\b| (?:and )?\d{1,2} months)"),
    re.compile(r"\b(?:he|she|they) (?:is|are|was) (\d{1,2})\b(?! (?:minutes|hours|words|out|per|times|%))"),
    re.compile(r"\b[A-Z][a-z]+ is (\d{1,2})(?= and\b|,|\.| years)"),
    re.compile(r"\b(\d{1,2}) months old\b"),  # handled as age 0-1 below
    re.compile(r"\(\s*(?:aged )?(\d{1,2})(?: years?)?(?: \d{1,2} months?)?\s*\)"),
    re.compile(r"\b[Aa]t (\d{1,2}) years(?: (?:and )?\d{1,2} months)?(?: old)?\b(?! level)"),
    re.compile(r"\b[Aa]t (?:the )?age (?:of )?(\d{1,2})\b"),
    re.compile(r"\bI(?:'m| am) (\d{1,2})\b"),
    re.compile(r"\b[A-Z][a-z]+, (\d{1,2}),"),
    re.compile(r"\b(?:a|an|is a|is an) (?:lively |cheerful |quiet |happy )?(\w+)-year-old\b(?! level)"),
)
_YEAR_RE = re.compile(r"\bYear (\d{1,2})\b")
_KS_RE = re.compile(r"\b(?:Key Stage|KS) ?([1-5])\b")
_KS_YEARS = {1: (1, 2), 2: (3, 6), 3: (7, 9), 4: (10, 11), 5: (12, 13)}
_DATE_RE = re.compile(r"\b(?:(" + "|".join(MONTHS) + r")|(spring|summer|autumn)(?: term)?|Easter|Christmas)? ?(20[2-3]\d)\b")
_TERM_MONTH = {"spring": 3, "summer": 7, "autumn": 12}


@dataclass
class Statement:
    id: str
    section: str
    text: str
    labels: tuple[str, ...]
    stage: str
    area: str | None
    split: str
    note: str = ""
    smart_missing: tuple[str, ...] = ()
    file: str = ""
    subject: str | None = None
    gender: str = "n"
    ages: tuple[int, ...] = ()
    years: tuple[int, ...] = ()  # school years named (Reception = 0)
    dates: tuple[tuple[int, int], ...] = ()  # (year, month); month 0 = year only
    whole_a: bool = False  # written as a whole Section A (parent/aspiration labels apply)
    names: tuple[str, ...] = field(default_factory=tuple)

    @property
    def good(self) -> bool:
        return not self.labels

    def has(self, code: str) -> bool:
        return code in self.labels


def _ages(text: str) -> tuple[int, ...]:
    found = []
    for pat in _AGE_PATTERNS:
        for m in pat.finditer(text):
            before = text[max(0, m.start() - 25):m.start()].lower()
            if "age of" in before or "reading age" in before or "spelling age" in before or "level" in before:
                continue
            raw = m.group(1)
            n = _WORD_NO.get(raw.lower()) if not raw.isdigit() else int(raw)
            if n is None:
                continue
            if "months old" in m.group(0) and "year" not in m.group(0):
                n = n // 12
            if 0 <= n <= 25:
                found.append(n)
    return tuple(sorted(set(found)))


def _years(text: str) -> tuple[int, ...]:
    ys = {int(y) for y in _YEAR_RE.findall(text) if 1 <= int(y) <= 14}
    if re.search(r"\bReception\b", text):
        ys.add(0)
    for ks in _KS_RE.findall(text):
        ys.update(_KS_YEARS[int(ks)])
    return tuple(sorted(ys))


def _dates(text: str) -> tuple[tuple[int, int], ...]:
    out = []
    for m in _DATE_RE.finditer(text):
        month = _MONTH_NO.get(m.group(1) or "", 0) or _TERM_MONTH.get((m.group(2) or "").lower(), 0)
        if not month and m.group(0).startswith("Easter"):
            month = 4
        if not month and m.group(0).startswith("Christmas"):
            month = 12
        out.append((int(m.group(3)), month))
    return tuple(out)


def _subject(text: str, known: set[str], weak: set[str] = frozenset()) -> tuple[str | None, tuple[str, ...]]:
    """The child the statement is about: the most frequent known first name not after a title
    (names seen only on weak evidence rank after the others)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in _NAME_TOKEN.finditer(text):
        tok = m.group()
        if tok not in known:
            continue
        prev = text[max(0, m.start() - 8):m.start()].split()
        if prev and prev[-1].rstrip(".") in _TITLES:
            continue
        counts[tok] = counts.get(tok, 0) + 1
        first.setdefault(tok, m.start())
    if not counts:
        return None, ()
    ranked = sorted(counts, key=lambda t: (t in weak, -counts[t], first[t]))
    return ranked[0], tuple(ranked)


def _gender(text: str) -> str:
    m, f = len(_MALE.findall(text)), len(_FEMALE.findall(text))
    if not m and not f:
        return "n"
    if m and not f:
        return "m"
    if f and not m:
        return "f"
    return "x"


def load(directory: Path) -> list[Statement]:
    """Every statement in the bank, with the metadata above (file order, then line order)."""
    raw = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw.append((path.stem, json.loads(line)))
    known: set[str] = set()
    weak_known: set[str] = set()
    for _, d in raw:
        known.update(m.group(1) for m in _SUBJECT_RE.finditer(d["text"]))
        # weaker evidence: "Jide laughs ...", "... worried that Lila hardly ...": kept below only if
        # the word never occurs in lower case and does not look like an English word
        weak_known.update(m.group(1) for m in _OPENING_RE.finditer(d["text"]))
        for m in _MID_RE.finditer(d["text"]):
            before = d["text"][:m.start()].split()
            if not (before and before[-1][:1].isupper()):  # not "National Award"
                weak_known.add(m.group(1))
    known -= _NOT_NAMES
    # a capitalised word that also occurs in lower case ("Counselling will...", "counselling") is a
    # common word at the start of a sentence, unless it is a first name that is also a word
    lower = {w for _, d in raw for w in re.findall(r"\b[a-zß-ÿ][a-zß-ÿ'-]+\b", d["text"])}
    known = {k for k in known if k.lower() not in lower or k in _NAME_WORDS}
    weak_known = {k for k in weak_known - _NOT_NAMES - _NUMBER_WORDS - set(MONTHS)
                  if k.lower() not in lower and not _NOT_NAME_SUFFIX.search(k) and not k.endswith("s")}
    weak_known -= known
    known |= weak_known
    out = []
    for stem, d in raw:
        text = d["text"]
        subject, names = _subject(text, known, weak_known)
        st = Statement(
            id=d["id"], section=d["section"], text=text, labels=tuple(d.get("labels") or ()),
            stage=d.get("stage") or "primary", area=d.get("area"), split=d.get("split", "train"),
            note=d.get("note") or "", smart_missing=tuple(d.get("smart_missing") or ()), file=stem,
            subject=subject, names=names, gender=_gender(text), ages=_ages(text), years=_years(text),
            dates=_dates(text),
        )
        st.whole_a = st.section == "A" and "whole section a" in st.note.lower()
        out.append(st)
    return out


def personalise(st: Statement, name: str) -> str:
    """The statement's text about the plan's child: its subject's first name replaced."""
    if not st.subject or st.subject == name:
        return st.text
    return re.sub(rf"(?<![\w-]){re.escape(st.subject)}(?![\w-])", name, st.text)
