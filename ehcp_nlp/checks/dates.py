"""Find and read dates as British plans write them ("3 March 2026", "03/03/2026", "March 2026")."""
from __future__ import annotations

import calendar
import re
from datetime import date

from .lexicon import lexicon

_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
    ("nov", "november"), ("dec", "december")), start=1) for m in names}
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WORDS = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?([a-z]+)\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})", re.I)


def parse_date(text: str) -> date | None:
    """Read one date; day-first for numbers (UK); the 1st for a month and year alone.

    Example:
        >>> parse_date("3rd of March 2026"), parse_date("04/05/26"), parse_date("June 2025")
        (datetime.date(2026, 3, 3), datetime.date(2026, 5, 4), datetime.date(2025, 6, 1))
    """
    text = text.strip()
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC.fullmatch(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[2]), int(m[1]))
        if m := _WORDS.fullmatch(text):
            month = _MONTHS.get(m[2].lower())
            day = int(m[1] or m[3] or 1)
            return date(int(m[4]), month, day) if month else None
    except ValueError:
        return None
    return None


def find_dates(text: str) -> list[tuple[str, date]]:
    """Every readable date in ``text``, as (the text found, the date)."""
    found = []
    for match in lexicon().findall("date", text):
        when = parse_date(match.group(0))
        if when:
            found.append((match.group(0), when))
    return found


def plan_date(front_page: str) -> date | None:
    """The plan's own date: a labelled date on the front page ("Date of plan: …"), else the latest
    front-page date that is not a date of birth; ``None`` when the front page has no date."""
    label = lexicon().pattern("plan_date")
    candidates = []
    for line in front_page.splitlines():
        if re.search(r"birth|\bdob\b|d\.o\.b", line, re.I):
            continue
        hit = label.search(line)
        dates = find_dates(line[hit.end():] if hit else line)
        if hit and dates:
            return dates[0][1]
        candidates += [d for _, d in dates]
    return max(candidates) if candidates else None


_NAMED_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d\d)\b")
_NUMERIC_ANY = re.compile(r"(?<![\d/.-])(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)?\d\d)(?![\d/.])")
_BIRTH = re.compile(r"(?i)\b(?:date of birth|d\.?\s?o\.?\s?b\.?|born(?: on)?)\b\W{0,8}")


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def impossible_dates(text: str) -> list[tuple[int, int, str]]:
    """Dates no calendar has, as (start, end, text): "31 November 2023", "30/02/2024".

    A numeric date is impossible only if it is wrong read day-first (as in the UK) and month-first.

    Example:
        >>> [t for _, _, t in impossible_dates("Seen on 31 November 2023 and 12/13/2023, reviewed 05/06/2024.")]
        ['31 November 2023']
    """
    found = []
    for m in _NAMED_DAY.finditer(text):
        month = _MONTHS.get(m[2].lower())
        if month and not _valid(int(m[3]), month, int(m[1])):
            found.append((m.start(), m.end(), m.group(0)))
    for m in _NUMERIC_ANY.finditer(text):
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        year += 2000 if year < 100 else 0
        if not _valid(year, b, a) and not _valid(year, a, b):
            found.append((m.start(), m.end(), m.group(0)))
    return sorted(found)


def dates_of_birth(text: str) -> list[tuple[int, int, str, date]]:
    """Each date of birth given in ``text`` ("Date of birth: 01/01/2015", "DOB | 1 January 2015")."""
    found = []
    for label in _BIRTH.finditer(text):
        window = text[label.end():label.end() + 30]
        for match in lexicon().findall("date", window):
            when = parse_date(match.group(0))
            if when:
                start = label.end() + match.start()
                found.append((start, start + len(match.group(0)), match.group(0), when))
            break
    return found


def labelled_date(text: str, entry: str) -> tuple[int, int, str, date] | None:
    """The first date given after a label from lexicon entry ``entry`` ("Date of report: 16.01.2023")."""
    for label in lexicon().findall(entry, text):
        window = text[label.end():label.end() + 30]
        match = lexicon().search("date", window)
        when = parse_date(match.group(0)) if match else None
        if when:
            start = label.end() + match.start()
            return start, start + len(match.group(0)), match.group(0), when
    return None


_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")


def parse_full_date(text: str) -> date | None:
    """Read a date that gives its day, month and year, as a form's field holds it ("31st May, 2008.",
    "31/05/08"); ``None`` for a month and year alone or a year of three digits. A two-digit year is
    read as Python's ``strptime`` reads it: 69–99 in the 1900s, 00–68 in the 2000s.

    Example:
        >>> parse_full_date("31st of May, 2008."), parse_full_date("31/05/98"), parse_full_date("May 2008")
        (datetime.date(2008, 5, 31), datetime.date(1998, 5, 31), None)
    """
    clean = _ORDINAL.sub("", text.strip().rstrip("."))
    clean = re.sub(r"\s+", " ", clean.replace(",", " ")).strip()
    clean = re.sub(r"\bof\b ", "", clean)
    if m := _NUMERIC.fullmatch(clean):
        if len(m[3]) == 3:
            return None
        if len(m[3]) == 2:
            year = int(m[3]) + (1900 if int(m[3]) >= 69 else 2000)
            return parse_date(f"{m[1]}/{m[2]}/{year}")
    elif (m := _WORDS.fullmatch(clean)) and not (m[1] or m[3]):
        return None
    return parse_date(clean)
