"""Find and read dates as British plans write them ("3 March 2026", "03/03/2026", "March 2026")."""
from __future__ import annotations

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
