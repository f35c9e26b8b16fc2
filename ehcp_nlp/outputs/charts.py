"""Small, dependency-free SVG charts for the cohort report: bars, 100% stacked bars and lines.

Each function returns a standalone SVG document as a string (with a ``<title>``), to embed as an
image with :func:`data_uri`. The colours are distinguishable with the common colour-vision
deficiencies, every mark has a dark outline (at least 3:1 against the white background), and values
are written on the chart so that colour is never the only way to read it. A chart is a picture of a
table: the report always prints that table beside it.

Example:
    >>> svg = bar_chart(["Good", "Inadequate"], [44, 10], title="Suggested ratings")
    >>> svg.startswith("<svg") and "<title>Suggested ratings</title>" in svg
    True
"""
from __future__ import annotations

import base64
import math
from html import escape
from typing import Callable, Sequence

#: Fill colours of the four ratings (blue to orange-red, safe for colour-blind readers).
RATING_COLOURS = {"Outstanding": "#08519c", "Good": "#6baed6", "Requires Improvement": "#fdae61",
                  "Inadequate": "#b2182b"}
#: Colours for other series, in order (dark enough for lines and text on white).
PALETTE = ("#1d4f91", "#b35806", "#2d6a4f", "#6a3d9a", "#4d4d4d")
INK, GRID, OUTLINE = "#1b1b1b", "#d0d0d0", "#1b1b1b"
_FONT = "system-ui, -apple-system, 'Segoe UI', Arial, sans-serif"
_CHAR = 7.2  # average width of a 13px character, for layout
_MARKERS = ("circle", "square", "diamond", "triangle")


def data_uri(svg: str) -> str:
    """``data:image/svg+xml;base64,…`` for an ``<img src>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (``#rrggbb``)."""
    channels = [int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-family="{escape(_FONT)}" font-size="13" '
            f'fill="{INK}"><title>{escape(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>'
            + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}" '
            f'stroke="{OUTLINE}" stroke-width="1"/>')


def _fit(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def _wrap(label: str, chars: int) -> list[str]:
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _colours(colours: Sequence[str] | None, n: int, labels: Sequence[str] = (), cycle: bool = False) -> list[str]:
    """The given colours (repeated), else rating colours for rating names and one colour (or, for series
    that must be told apart, the palette in turn) for anything else."""
    if colours:
        return [colours[i % len(colours)] for i in range(n)]
    other = [PALETTE[i % len(PALETTE)] if cycle else PALETTE[0] for i in range(n)]
    return [RATING_COLOURS.get(labels[i], other[i]) if i < len(labels) else other[i] for i in range(n)]


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str, maximum: float | None = None,
              value_labels: Sequence[str] | None = None, colours: Sequence[str] | None = None,
              horizontal: bool = True, width: int = 640) -> str:
    """A bar per label, its value written at its end. Rating names get the rating colours."""
    texts = list(value_labels) if value_labels is not None else [f"{v:g}" for v in values]
    top = maximum or max(list(values) + [1])
    fills = _colours(colours, len(values), labels)
    if horizontal:
        return _hbars(labels, values, texts, fills, top, title, width)
    return _vbars(labels, values, texts, fills, top, title, width)


def _hbars(labels: Sequence[str], values: Sequence[float], texts: list[str], fills: list[str], top: float,
           title: str, width: int) -> str:
    left = min(320, 20 + 7.6 * max((len(_fit(label, 40)) for label in labels), default=4))
    room = width - left - 12 - _CHAR * max((len(t) for t in texts), default=3) - 8
    row, body = 28, []
    for i, (label, value, text, fill) in enumerate(zip(labels, values, texts, fills)):
        y = 10 + i * row
        length = room * max(value, 0) / top
        body.append(_text(left - 8, y + 14, _fit(label, 40), "end"))
        body.append(_rect(left, y + 2, length, row - 8, fill))
        body.append(_text(left + length + 6, y + 14, text))
    body.append(f'<line x1="{left}" y1="6" x2="{left}" y2="{10 + len(labels) * row}" stroke="{INK}"/>')
    return _svg(width, 16 + len(labels) * row, title, body)


def _vbars(labels: Sequence[str], values: Sequence[float], texts: list[str], fills: list[str], top: float,
           title: str, width: int) -> str:
    n = max(len(labels), 1)
    slot, plot_top, plot_h = (width - 20) / n, 24, 200
    lines = [_wrap(label, max(6, int(slot / _CHAR) - 1)) for label in labels]
    body = []
    for i, (value, text, fill) in enumerate(zip(values, texts, fills)):
        x, bar = 10 + i * slot, min(slot * 0.6, 90)
        h = plot_h * max(value, 0) / top
        body.append(_rect(x + (slot - bar) / 2, plot_top + plot_h - h, bar, h, fill))
        body.append(_text(x + slot / 2, plot_top + plot_h - h - 6, text, "middle", font_weight="bold"))
        for j, line in enumerate(lines[i]):
            body.append(_text(x + slot / 2, plot_top + plot_h + 18 + j * 16, line, "middle"))
    base = plot_top + plot_h
    body.append(f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{INK}"/>')
    return _svg(width, base + 14 + 16 * max((len(x) for x in lines), default=1), title, body)


def stacked_bar_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, title: str,
                      colours: Sequence[str] | None = None, width: int = 640) -> str:
    """One horizontal 100% bar per category (e.g. month), split into the series' shares (percentages).

    Each segment wide enough is labelled with its share; the legend names every series in order.
    """
    names = [name for name, _ in series]
    fills = _colours(colours, len(series), names, cycle=True)
    left = min(170, 20 + 7.8 * max((len(c) for c in categories), default=4))
    room, row = width - left - 16, 30
    body, legend_h = _legend(names, fills, width)
    for i, category in enumerate(categories):
        y = legend_h + 8 + i * row
        body.append(_text(left - 8, y + 15, _fit(category, 20), "end"))
        totals = sum(values[i] or 0 for _, values in series) or 1
        x = float(left)
        for (name, values), fill in zip(series, fills):
            share = (values[i] or 0) / totals
            w = room * share
            if w <= 0:
                continue
            body.append(_rect(x, y, w, row - 8, fill))
            label = f"{values[i]:g}%"
            if w >= 7.6 * len(label) + 8:
                body.append(_text(x + w / 2, y + 15, label, "middle", fill=text_colour(fill), font_size="12"))
            x += w
    return _svg(width, legend_h + 16 + len(categories) * row, title, body)


def _legend(names: Sequence[str], fills: Sequence[str], width: int, markers: bool = False) -> tuple[list[str], int]:
    """Swatches and names, wrapped onto as many lines as the width needs; returns (elements, height)."""
    body, x, y = [], 10.0, 8
    for i, (name, fill) in enumerate(zip(names, fills)):
        span = 22 + _CHAR * len(name) + 18
        if x + span > width and x > 10:
            x, y = 10.0, y + 22
        if markers:
            body.append(f'<line x1="{x:.1f}" y1="{y + 8}" x2="{x + 16:.1f}" y2="{y + 8}" stroke="{fill}" '
                        'stroke-width="2"/>' + _marker(i, x + 8, y + 8, fill))
        else:
            body.append(_rect(x, y + 1, 14, 14, fill))
        body.append(_text(x + 22, y + 13, name))
        x += span
    return body, y + 26


def _marker(index: int, x: float, y: float, fill: str) -> str:
    shape = _MARKERS[index % len(_MARKERS)]
    edge = f'fill="{fill}" stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" {edge}/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {edge}/>'
    if shape == "diamond":
        return (f'<path d="M{x:.1f} {y - 5.5:.1f}L{x + 5.5:.1f} {y:.1f}L{x:.1f} {y + 5.5:.1f}'
                f'L{x - 5.5:.1f} {y:.1f}Z" {edge}/>')
    return f'<path d="M{x:.1f} {y - 5.5:.1f}L{x + 5.5:.1f} {y + 4.5:.1f}L{x - 5.5:.1f} {y + 4.5:.1f}Z" {edge}/>'


def line_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, title: str,
               maximum: float | None = None, colours: Sequence[str] | None = None, width: int = 640,
               value_format: Callable[[float], str] = lambda v: f"{v:g}") -> str:
    """A line per series over the categories (e.g. months), each with its own marker shape.

    Points are labelled with their values (with more than 12 points, only the first, last, lowest and
    highest of each series, to keep the chart legible: the table beside it has every value).
    """
    fills = _colours(colours, len(series), cycle=True)
    values = [v for _, vs in series for v in vs if v is not None]
    top = maximum or _nice(max(values + [1]))
    body, legend_h = _legend([n for n, _ in series], fills, width, markers=True)
    left, plot_top, plot_h = 44, legend_h + 10, 200
    step = (width - left - 44) / max(len(categories) - 1, 1)
    for tick in range(5):
        value = top * tick / 4
        y = plot_top + plot_h - plot_h * tick / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, f"{value:g}", "end"))
    every = max(1, math.ceil(len(categories) / ((width - left) / 72)))
    for i, category in enumerate(categories):
        if (len(categories) - 1 - i) % every == 0:  # counted back from the last, which is always labelled
            body.append(_text(left + i * step, plot_top + plot_h + 18, category, "middle"))
    for s, ((name, vs), fill) in enumerate(zip(series, fills)):
        body += _series(s, list(vs), fill, left, step, plot_top, plot_h, top, value_format)
    return _svg(width, plot_top + plot_h + 30, title, body)


def _series(index: int, vs: list[float | None], fill: str, left: float, step: float, plot_top: float,
            plot_h: float, top: float, fmt: Callable[[float], str]) -> list[str]:
    points = [(left + i * step, plot_top + plot_h - plot_h * v / top, v) for i, v in enumerate(vs) if v is not None]
    if not points:
        return []
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y, _) in enumerate(points))
    out = [f'<path d="{path}" fill="none" stroke="{fill}" stroke-width="2.5"/>']
    present = [v for _, _, v in points]
    keep = range(len(points)) if len(points) <= 12 else {0, len(points) - 1, present.index(min(present)),
                                                         present.index(max(present))}
    for i, (x, y, v) in enumerate(points):
        out.append(_marker(index, x, y, fill))
        if i in keep:
            out.append(_text(x, y - 9 if index % 2 == 0 else y + 19, fmt(v), "middle", font_size="12",
                             font_weight="bold", fill=fill))
    return out


def _nice(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5 or 5 times a power of ten)."""
    power = 10 ** len(str(int(value))) / 10 if value >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= value:
            return factor * power
    return value
