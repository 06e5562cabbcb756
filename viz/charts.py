"""Charts as SVG for the council report (issue 17, item 6): horizontal bars, stacked or side by side.

The SVG is written by hand: matplotlib took about 100 ms a chart, which made a report's first view miss the
page target (issue 18); these few rectangles and texts take well under a millisecond. The text stays text
(searchable, extractable from the PDF, read by screen readers), and the same input gives the same bytes. Each chart
carries a ``<title>`` and a ``<desc>`` and ``role="img"``, so it is announced with its title and what it shows; each
bar has its own ``<title>`` (category, series, value) for a pointer resting on it. The texts come in already
translated: this module knows nothing of languages.

Fonts cannot be measured here, so label widths are estimated from the mean advance of DejaVu Sans (the report's
font) and long labels are wrapped onto up to :data:`LABEL_LINES` lines.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colours of the coverage levels as the wijk pages show them; other series take the palette in order.
COLOURS = {"missing": "#b3261e", "thin": "#e8710a", "fly_in": "#f2b705", "in_network": "#7cb342",
           "in_team": "#2e7d32"}
PALETTE = ("#1f5fa8", "#9ecae1", "#6a3d9a", "#cab2d6", "#33a02c", "#b2df8a")
WIDTH = 640  # user units; printed 6.4 inches wide (the text width of an A4 page with 2 cm margins)
PRINTED_PT_PER_UNIT = 6.4 * 72 / WIDTH
FONT_SIZE = 12.5  # user units: 9 pt printed
CHAR_WIDTH = 0.6 * FONT_SIZE  # the mean advance of DejaVu Sans, a little wide so that an estimate never overlaps
LINE = 15.0
PAD = 6.0
LABEL_MAX = 0.42 * WIDTH  # the widest the label column gets; longer labels wrap
LABEL_LINES = 3
BAR = 16.0  # a stacked bar's thickness; side by side each series gets SIDE_BAR
SIDE_BAR = 11.0
ROW_GAP = 10.0
TICKS = 5  # about this many steps on the axis


@dataclass(frozen=True)
class Series:
    """One series of bars: its name in the legend, one value per category, and a colour (None: the palette's)."""

    name: str
    values: Sequence[float]
    colour: str | None = None


def bars(ident: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series],
         unit: str, stacked: bool = False) -> str:
    """A horizontal bar chart as an inline SVG element (no XML declaration), ``ident`` prefixing its ids: one row
    per category (the first on top, as the table reads), its series side by side or ``stacked``; an axis from 0 with
    whole-number ticks, labelled ``unit``; a legend above the bars when there is more than one series.

    >>> svg = bars("c1", "Demand", "Households per expertise", ["GGZ", "LVB"], [Series("now", [3, 12])], "households")
    >>> svg.startswith('<svg') and '<title id="c1-title">Demand</title>' in svg and 'role="img"' in svg
    True
    >>> svg == bars("c1", "Demand", "Households per expertise", ["GGZ", "LVB"], [Series("now", [3, 12])], "households")
    True
    """
    labels = [wrap(category, LABEL_MAX) for category in categories]
    label_width = min(LABEL_MAX, max((text_width(line) for lines in labels for line in lines), default=0.0))
    left, right = PAD + label_width + PAD, WIDTH - PAD - text_width("0000") / 2
    colours = [one.colour or PALETTE[index % len(PALETTE)] for index, one in enumerate(series)]
    legend, top = _legend(series, colours) if len(series) > 1 else ([], PAD)
    totals = [sum(one.values[i] for one in series) for i in range(len(categories))] if stacked else \
        [max((one.values[i] for one in series), default=0) for i in range(len(categories))]
    step, end = axis(max(totals, default=0))
    scale = (right - left) / end
    block = BAR if stacked else max(1, len(series)) * (SIDE_BAR + 1) - 1
    parts: list[str] = []
    y = top
    for index, (category, lines) in enumerate(zip(categories, labels, strict=True)):
        height = max(block, len(lines) * LINE) + ROW_GAP
        middle = y + height / 2
        first = middle - (len(lines) - 1) * LINE / 2 + FONT_SIZE * 0.35
        parts.append(f'<text x="{left - PAD:.1f}" y="{first:.1f}" text-anchor="end">'
                     + "".join(f'<tspan x="{left - PAD:.1f}" dy="{0 if n == 0 else LINE:.1f}">{escape(line)}</tspan>'
                               for n, line in enumerate(lines)) + "</text>")
        start, bar_top = 0.0, middle - block / 2
        for number, (one, colour) in enumerate(zip(series, colours, strict=True)):
            value = one.values[index]
            if stacked:
                spot, thickness = (left + start * scale, bar_top), BAR
                start += value
            else:
                spot, thickness = (left, bar_top + number * (SIDE_BAR + 1)), SIDE_BAR
            if value > 0:
                parts.append(f'<rect x="{spot[0]:.1f}" y="{spot[1]:.1f}" width="{value * scale:.1f}" '
                             f'height="{thickness:.1f}" fill="{colour}"><title>{escape(category)} – '
                             f'{escape(one.name)}: {number_text(value)}</title></rect>')
        y += height
    grid = [f'<line x1="{left + tick * scale:.1f}" y1="{top:.1f}" x2="{left + tick * scale:.1f}" y2="{y:.1f}" '
            f'stroke="{"#555" if tick == 0 else "#e3e3e3"}"/>' for tick in range(0, int(end) + 1, step)]
    ticks = [f'<text x="{left + tick * scale:.1f}" y="{y + LINE:.1f}" text-anchor="middle">{tick}</text>'
             for tick in range(0, int(end) + 1, step)]
    caption = f'<text x="{(left + right) / 2:.1f}" y="{y + 2.2 * LINE:.1f}" text-anchor="middle">{escape(unit)}</text>'
    height = y + 2.2 * LINE + PAD
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH * PRINTED_PT_PER_UNIT:.1f}pt" '
            f'height="{height * PRINTED_PT_PER_UNIT:.1f}pt" viewBox="0 0 {WIDTH} {height:.1f}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc" font-family="DejaVu Sans, sans-serif" '
            f'font-size="{FONT_SIZE}" fill="#222">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
            + "".join([*grid, *legend, *parts, *ticks, caption]) + "</svg>")


def _legend(series: Sequence[Series], colours: Sequence[str]) -> tuple[list[str], float]:
    """The legend's swatches and names, left to right and wrapping at the width, and where the bars then start."""
    parts: list[str] = []
    x, y = PAD, PAD
    for one, colour in zip(series, colours, strict=True):
        width = 14 + text_width(one.name) + 18
        if x > PAD and x + width > WIDTH - PAD:
            x, y = PAD, y + LINE + 3
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14:.1f}" y="{y + 9.5:.1f}">{escape(one.name)}</text>')
        x += width
    return parts, y + LINE + 8


def axis(largest: float) -> tuple[int, float]:
    """The step between ticks (1, 2 or 5 times a power of ten, at least 1) and the axis's end, a whole number of
    steps at or past ``largest``.

    >>> axis(0), axis(3), axis(12), axis(230), axis(1000)
    ((1, 1), (1, 3), (5, 15), (50, 250), (200, 1000))
    """
    if largest <= 0:
        return 1, 1
    rough = largest / TICKS
    power = 10 ** max(0, math.floor(math.log10(rough))) if rough >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return step, step * math.ceil(largest / step)


def wrap(text: str, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (estimated), at most :data:`LABEL_LINES`; the
    last line ends in an ellipsis when text was left out (the bar's own title holds all of it).

    >>> wrap("Vraag naar GGZ-expertise", 400)
    ['Vraag naar GGZ-expertise']
    >>> wrap("een twee drie vier vijf zes zeven acht negen tien elf twaalf", 80)
    ['een twee', 'drie vier', 'vijf zes…']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > LABEL_LINES:
        lines = [*lines[:LABEL_LINES - 1], lines[LABEL_LINES - 1] + "…"]
    return lines or [""]


def text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
