"""Where the partner map puts its nodes: nested rectangular ring bands of equal cells, groups as sectors.

Why this layout. A coordinator opens the map to see who is in the team, who works in the wijk per group (A–D), who
flies in and which civil partners there are, and to read name, function and organisation of each without zooming.
A label of two lines ("Anna Jansen" / "wijkcoach · Dock") at a legible 12 px or more is about 190 × 32 px; 150 of
them need more room than a 1366 × 768 window holds. Concentric circles waste that room: horizontal labels only stack
densely on a circle's left and right sides, and a circle is as wide as it is tall while the window is not. So the
rings are nested rectangles on a grid of equal cells (one node and its label per cell, so no two labels can
overlap), as wide as the map pane and as tall as the wijk needs: the page scrolls down, never sideways, and the
default view keeps the labels at 12 px or more. A cell belongs to the outermost ring of its row and its column
(``ring = max(row ring, column ring)``), which makes the bands nest like rings. Ring 2's cells are taken as sectors:
the top block, the right side, the bottom block, the left side, each in reading order, one contiguous run per group
(A, B, C, D, then the fly-in partners), each run opened by a heading cell; so are ring 1 and ring 3 (a heading cell
first). The team sits in the centre of ring 1 as a box with its name inside: edges end at its border and pass under
it, so no edge crosses the team's label.

Pure functions of counts and of a text width estimate; the browser test measures the real label boxes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CELL_W = 200  # canvas units; at the default view one unit is about one CSS pixel (0.9-1.2)
CELL_H = 68
GUTTER = 28  # between two ring bands, where the band outline runs
NODE_DY = -16  # the node sits in the upper part of its cell, its label below it
COLUMNS = 5  # cells per row: the map pane of a 1366 px window shows five at a scale of at least 0.9
LABEL_WIDTH = CELL_W - 16  # the widest label a cell takes (estimated, see text_width)
# (ring-3 columns per side, ring-2 columns per side, ring-1 columns) and a weight on the rows it needs: a ring 1 of
# one column stacks the team's members above and below it, so it must save more than a row in ten to be chosen.
PATTERNS = (((1, 1, 1), 1.0), ((0, 1, 3), 1.0), ((0, 2, 1), 1.12))
NARROW = set("iljtfr.,:;!|'()[] ·-/")
WIDE = set("mwMW@%")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of the width of ``text`` in a sans-serif font of ``size`` (DejaVu Sans, the widest of the
    usual ones, measures 0.56 em a lowercase letter, 0.67 em a capital; bold 10% more).

    >>> round(text_width("Anna Jansen", 14))
    92
    """
    em = sum(0.36 if char in NARROW else 1.0 if char in WIDE else 0.72 if char.isupper() else 0.6 for char in text)
    return em * size * (1.1 if bold else 1.0)


def fit(text: str, size: float, bold: bool = False, width: float = LABEL_WIDTH) -> str:
    """``text`` cut with an ellipsis to fit ``width``.

    >>> fit("medewerker mixed team Bureau Jeugdzorg · Bureau Jeugdzorg", 14)
    'medewerker mixed tea…'
    """
    text = " ".join(text.split())
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip(" ·,") + "…"


@dataclass(frozen=True)
class Grid:
    """Rows and columns of cells, each with the ring of its row or column; cell centres in canvas units."""

    column_rings: tuple[int, ...]
    row_rings: tuple[int, ...]

    def xs(self) -> list[float]:
        return _offsets(self.column_rings, CELL_W)

    def ys(self) -> list[float]:
        return _offsets(self.row_rings, CELL_H)

    def ring(self, row: int, column: int) -> int:
        return max(self.row_rings[row], self.column_rings[column])

    def band(self, ring: int) -> tuple[float, float, float, float]:
        """The rectangle (left, top, right, bottom) around the cells of ``ring`` and the rings inside it."""
        xs, ys = self.xs(), self.ys()
        cols = [j for j, r in enumerate(self.column_rings) if r <= ring]
        rows = [i for i, r in enumerate(self.row_rings) if r <= ring]
        pad = GUTTER / 2
        return (xs[cols[0]] - CELL_W / 2 - pad, ys[rows[0]] - CELL_H / 2 - pad,
                xs[cols[-1]] + CELL_W / 2 + pad, ys[rows[-1]] + CELL_H / 2 + pad)

    def sectors(self, ring: int) -> list[tuple[int, int]]:
        """The cells of ``ring`` in the order they are filled: top block, right side, bottom block, left side."""
        return [cell for segment in self.segments(ring) for cell in segment]

    def segments(self, ring: int) -> list[list[tuple[int, int]]]:
        """The cells of ``ring`` as its top block, right side, bottom block and left side, each in reading order."""
        rows, cols = range(len(self.row_rings)), range(len(self.column_rings))
        inner_rows = [i for i in rows if self.row_rings[i] < ring]
        inner_cols = [j for j in cols if self.column_rings[j] < ring]
        cells = [(i, j) for i in rows for j in cols if self.ring(i, j) == ring]
        if not inner_rows or not inner_cols:
            return [cells]
        top = [(i, j) for i, j in cells if i < inner_rows[0]]
        bottom = [(i, j) for i, j in cells if i > inner_rows[-1]]
        right = [(i, j) for i, j in cells if inner_rows[0] <= i <= inner_rows[-1] and j > inner_cols[-1]]
        left = [(i, j) for i, j in cells if inner_rows[0] <= i <= inner_rows[-1] and j < inner_cols[0]]
        return [top, right, bottom, left]


def _offsets(rings: tuple[int, ...], size: float) -> list[float]:
    """Cell centres along one axis, a gutter wherever the ring changes, centred on 0."""
    out, position = [], 0.0
    for index, ring in enumerate(rings):
        if index and ring != rings[index - 1]:
            position += GUTTER
        out.append(position + size / 2)
        position += size
    return [value - position / 2 for value in out]


def grid(ring1: int, ring2: int, ring3: int) -> Grid:
    """The smallest grid (fewest rows, real rings first) with room for ``ring1`` cells in its centre block (the team
    and a heading included), ``ring2`` around it and ``ring3`` outside.

    >>> g = grid(6, 20, 4); g.column_rings, g.row_rings
    ((2, 1, 1, 1, 2), (3, 2, 2, 1, 1, 2, 2, 3))
    """
    best: Grid | None = None
    best_score = math.inf
    for (side3, side2, width1), weight in PATTERNS:
        height1 = max(1, math.ceil(ring1 / width1))
        width2 = width1 + 2 * side2
        rows2 = max(0, math.ceil((ring2 - 2 * side2 * height1) / (2 * width2)))
        height2 = height1 + 2 * rows2
        rows3 = max(0, math.ceil((ring3 - 2 * side3 * height2) / (2 * COLUMNS)))
        if ring3 and not side3:
            rows3 = max(rows3, 1)
        candidate = Grid((3,) * side3 + (2,) * side2 + (1,) * width1 + (2,) * side2 + (3,) * side3,
                         (3,) * rows3 + (2,) * rows2 + (1,) * height1 + (2,) * rows2 + (3,) * rows3)
        if len(candidate.row_rings) * weight < best_score:
            best, best_score = candidate, len(candidate.row_rings) * weight
    assert best is not None
    return best


TEAM_BOX = (CELL_W / 2, CELL_H / 2)  # half width and height kept clear around a team's centre


def _curve(a: tuple[float, float], b: tuple[float, float], kind: str, roundness: float) -> list[tuple[float, float]]:
    """Points along vis-network's ``curvedCW``/``curvedCCW`` edge from ``a`` to ``b`` (its quadratic Bézier; the
    control point as vis-network 9 computes it)."""
    dx, dy = b[0] - a[0], a[1] - b[1]
    turn = roundness if kind == "curvedCW" else -roundness
    angle = math.atan2(dy, dx) + (0.5 * turn + 0.5) * math.pi
    reach = (0.5 * roundness + 0.5) * math.hypot(dx, dy)
    via = (a[0] + reach * math.sin(angle), a[1] + reach * math.cos(angle))
    return [((1 - t) ** 2 * a[0] + 2 * (1 - t) * t * via[0] + t * t * b[0],
             (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * via[1] + t * t * b[1]) for t in (i / 64 for i in range(65))]


def _clear(points: list[tuple[float, float]], centres: list[tuple[float, float]]) -> bool:
    return not any(abs(x - cx) < TEAM_BOX[0] and abs(y - cy) < TEAM_BOX[1]
                   for x, y in points for cx, cy in centres)


def around(a: tuple[float, float], b: tuple[float, float], centres: list[tuple[float, float]]) -> dict | bool:
    """How to draw an edge between ``a`` and ``b`` so that it keeps clear of the team boxes at ``centres``: straight
    (False) when it can, else the least curved vis-network curve that does.

    >>> around((-300, 0), (300, 10), [(0, 0)])
    {'enabled': True, 'type': 'curvedCCW', 'roundness': 0.15}
    >>> around((-300, -200), (300, -200), [(0, 0)])
    False
    """
    if _clear([(a[0] + (b[0] - a[0]) * t / 64, a[1] + (b[1] - a[1]) * t / 64) for t in range(65)], centres):
        return False
    for roundness in (0.15, 0.3, 0.45, 0.6, 0.8, 1.0):
        for kind in ("curvedCW", "curvedCCW"):
            if _clear(_curve(a, b, kind, roundness), centres):
                return {"enabled": True, "type": kind, "roundness": roundness}
    return False
