"""The cohort report's building blocks: its sections' names, a section, a table, a chart beside its table.

Every piece of text is escaped as it is put in (:func:`~.safe_text.escape_html`); table cells are
given already escaped, as markup.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from . import charts
from .figures import fmt_percent
from .safe_text import escape_html as escape  # html.escape, with bidirectional controls shown as [U+202E]

if TYPE_CHECKING:  # the figures are computed in ehcp_nlp.batch (whose cohort_report imports this)
    from ..batch.cohort_results import Cohort

SUGGESTED_NOTE = "Ratings are the tool's suggestions until auditors confirm them."
_SECTIONS = (("overview", "Overview"), ("outcomes", "Audit outcomes"), ("moderation", "Moderation and agreement"),
             ("trends", "Improvements over time"), ("scores", "Average scores"), ("strengths", "Strengths"),
             ("improvements", "Areas for improvement"), ("recommendations", "Recommendations and next steps"),
             ("boilerplate", "Repeated text across plans"), ("template", "The council's template text"),
             ("advice", "Professional advice"),
             ("reviews", "Review paperwork"), ("failed", "Files that could not be read"))


def _status(cohort: Cohort) -> str:
    if cohort.suggested_only:
        return SUGGESTED_NOTE
    audited = int(cohort.agreement.get("audited") or 0) if cohort.agreement else 0
    return (f"Ratings are the tool's suggestions; auditors have recorded their decisions on {audited} plans "
            "(see Moderation and agreement).")


def _section(key: str, body: Iterable[str]) -> str:
    name = dict(_SECTIONS)[key]
    return f'<section aria-labelledby="{key}"><h2 id="{key}">{escape(name)}</h2>' + "".join(body) + "</section>"


def _table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Iterable[int] = (),
           foot: Sequence[Any] | None = None, row_headers: bool = True) -> str:
    """A table with a caption, column headers (scope=col) and, by default, row headers (scope=row)."""
    nums = set(numeric)

    def cells(row: Sequence[Any], tag: str = "td") -> str:
        out = []
        for i, value in enumerate(row):
            cls = ' class="num"' if i in nums else ""
            if i == 0 and row_headers:
                out.append(f'<th scope="row"{cls}>{value}</th>')
            else:
                out.append(f"<{tag}{cls}>{value}</{tag}>")
        return "".join(out)

    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if i in nums else ""}>{escape(h)}</th>' for i, h in enumerate(headers))
    body = "".join(f"<tr>{cells(row)}</tr>" for row in rows)
    tail = f"<tfoot><tr>{cells(foot)}</tr></tfoot>" if foot else ""
    return (f'<div class="scroll"><table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody>{tail}</table></div>")


def _figure(svg: str, alt: str, caption: str, table: str) -> str:
    """A chart as an image (with alt text) and, beside it, the table it is drawn from."""
    return _figures([(svg, alt, caption)], table)


def _figures(images: Sequence[tuple[str, str, str]], table: str) -> str:
    """Charts as images (each with alt text), then the table they are drawn from beside or below them."""
    figures = "".join(f'<figure><img src="{charts.data_uri(svg)}" alt="{escape(alt)}">'
                      f"<figcaption>{escape(caption)}</figcaption></figure>" for svg, alt, caption in images)
    return f'<div class="fig">{figures}<div>{table}</div></div>'


def _long_date(iso: str | None) -> str:
    try:
        when = date.fromisoformat(iso or "")
    except ValueError:
        return iso or ""
    return f"{when.day} {when.strftime('%B %Y')}"


def _pct(value: float) -> str:
    return fmt_percent(value, 1)


def _n(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _lower(label: str) -> str:
    """"Setting" -> "setting", but "EP service" stays as it is."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
