"""Charts as SVG for the council report (issue 17, item 6): horizontal bars, stacked or side by side.

matplotlib draws on an Agg-free :class:`matplotlib.figure.Figure` (no GUI, no pyplot state, safe in the web app's
threads); the SVG keeps its text as text (``svg.fonttype: none``: searchable, extractable from the PDF, read by
screen readers) and is the same bytes for the same input (no date in its metadata, fixed ids). Each chart carries a
``<title>`` and a ``<desc>`` and ``role="img"``, so it is announced with its title and what it shows. The texts come
in already translated: this module knows nothing of languages.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Colours of the coverage levels as the wijk pages show them; other series take the palette in order.
COLOURS = {"missing": "#b3261e", "thin": "#e8710a", "fly_in": "#f2b705", "in_network": "#7cb342",
           "in_team": "#2e7d32"}
PALETTE = ("#1f5fa8", "#9ecae1", "#6a3d9a", "#cab2d6", "#33a02c", "#b2df8a")
WIDTH = 6.4  # inches: the text width of an A4 page with 2 cm margins
KEPT_CHARTS = 128  # charts kept by their input (each a few KB of SVG)


@dataclass(frozen=True)
class Series:
    """One series of bars: its name in the legend, one value per category, and a colour (None: the palette's)."""

    name: str
    values: Sequence[float]
    colour: str | None = None


def bars(ident: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series],
         unit: str, stacked: bool = False) -> str:
    """A horizontal bar chart as an inline SVG element (no XML declaration), ``ident`` prefixing its ids.

    The same input gives the same bytes, so the last :data:`KEPT_CHARTS` charts are kept by their input: a report
    seen again, or its PDF after its page, does not draw them again (matplotlib takes about 100 ms a chart).

    >>> svg = bars("c1", "Demand", "Households per expertise", ["GGZ", "LVB"], [Series("now", [3, 12])], "households")
    >>> svg.startswith('<svg') and '<title id="c1-title">Demand</title>' in svg and 'role="img"' in svg
    True
    >>> svg == bars("c1", "Demand", "Households per expertise", ["GGZ", "LVB"], [Series("now", [3, 12])], "households")
    True
    """
    # Tuples, so that the input is hashable and can be the key of the kept charts.
    return _bars(ident, title, description, tuple(categories),
                 tuple(Series(one.name, tuple(one.values), one.colour) for one in series), unit, stacked)


@functools.lru_cache(maxsize=KEPT_CHARTS)
def _bars(ident: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series],
          unit: str, stacked: bool) -> str:
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "wijkgraph", "font.family": "DejaVu Sans",
                                "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}):
        rows = len(categories) * (1 if stacked else max(1, len(series)) ** 0.6)
        figure = Figure(figsize=(WIDTH, 0.9 + 0.38 * max(1, rows)))
        axes = figure.subplots()
        _draw(axes, categories, series, stacked)
        axes.set_xlabel(unit)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        if len(series) > 1:  # above the bars, never over them
            axes.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=min(3, len(series)), frameon=False,
                        fontsize=8)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), ident, title, description)


def _draw(axes: Axes, categories: Sequence[str], series: Sequence[Series], stacked: bool) -> None:
    positions = list(range(len(categories)))
    height = 0.7 if stacked else 0.8 / max(1, len(series))
    left = [0.0] * len(categories)
    for index, one in enumerate(series):
        colour = one.colour or PALETTE[index % len(PALETTE)]
        if stacked:
            axes.barh(positions, one.values, height, left=left, label=one.name, color=colour)
            left = [start + value for start, value in zip(left, one.values, strict=True)]
        else:
            offset = (index - (len(series) - 1) / 2) * height
            axes.barh([p + offset for p in positions], one.values, height, label=one.name, color=colour)
    axes.set_yticks(positions, list(categories))
    axes.invert_yaxis()  # the first category on top, as the table reads
    largest = max([1.0, *left] if stacked else [1.0, *(value for one in series for value in one.values)])
    axes.set_xlim(left=0, right=largest * 1.05)


def _accessible(svg: str, ident: str, title: str, description: str) -> str:
    """The SVG without its XML prologue, with its own ids, a title and a description, and role="img"."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{ident}-{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{ident}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{ident}-{m.group(1)}"', svg)
    opening = svg.index(">") + 1
    head = svg[:opening - 1] + f' role="img" aria-labelledby="{ident}-title {ident}-desc">'
    labels = (f'<title id="{ident}-title">{escape(title)}</title>'
              f'<desc id="{ident}-desc">{escape(description)}</desc>')
    return head + labels + svg[opening:]
