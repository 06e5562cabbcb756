"""The ecogram (ecomap) of a household, drawn with pyvis (vis-network).

The household sits in the centre; around it, in four sectors, its members (top), informal contacts (right),
professional helpers (bottom) and civil partners (left). Lines follow Hartman's ecomap conventions (Hartman 1978,
"Diagrammatic assessment of family relationships"): a strong tie is a thick solid line, a normal tie a solid line,
a weak (tenuous) tie a dashed line, a stressful tie a red dotted line; arrows show the direction in which support
flows (to the household, from it, both ways). Physics is off and positions are fixed.

Pure functions over the rows of the ``ecogram`` analysis (``kind, ref, label, detail, quality, direction``). A
node's ``details`` hold codes (kind, quality, direction), as the JSON twin does; the page shows their labels.
The change between two snapshots is the ``ecogram_change`` analysis.
"""

from __future__ import annotations

import math
from typing import Any

from pyvis.network import Network

KIND_STYLE = {
    "member": {"color": "#1f4e79", "shape": "dot", "label": "Household member", "angle": -90.0},
    "informal": {"color": "#1b9e77", "shape": "dot", "label": "Informal contact", "angle": 0.0},
    "professional": {"color": "#7570b3", "shape": "square", "label": "Professional helper", "angle": 90.0},
    "civil": {"color": "#66a61e", "shape": "star", "label": "Civil partner (ring 3)", "angle": 180.0},
}
QUALITY_STYLE = {
    "strong": {"width": 6, "dashes": False, "color": "#1a1a1a", "label": "strong: thick solid line"},
    "normal": {"width": 2, "dashes": False, "color": "#1a1a1a", "label": "normal: solid line"},
    "weak": {"width": 1.5, "dashes": [8, 8], "color": "#5f6b7a", "label": "weak: dashed line"},
    "stressful": {"width": 3, "dashes": [2, 4], "color": "#c0392b", "label": "stressful: red dotted line"},
}
ARROWS = {
    "to_household": "to",  # edges run from the contact to the household
    "from_household": "from",
    "mutual": "to, from",
    "none": "",
}
OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "keyboard": {"enabled": True, "bindToWindow": False}, "dragNodes": False},
    "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.8}, "from": {"scaleFactor": 0.8}}},
    "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1a1a1a"}, "size": 16},
}
RADIUS = 260.0
MIN_GAP = 70.0  # pixels between neighbouring contacts on the circle, so labels do not overlap


def legend() -> dict[str, list[dict[str, Any]]]:
    return {
        "kinds": [{"key": key, "color": style["color"], "shape": style["shape"], "label": style["label"]}
                  for key, style in KIND_STYLE.items()],
        "qualities": [{"key": key, **style} for key, style in QUALITY_STYLE.items()],
        "directions": [
            {"key": "to_household", "label": "arrow into the household: support to the household"},
            {"key": "from_household", "label": "arrow out of the household: the household gives support"},
            {"key": "mutual", "label": "arrows both ways: mutual support"},
        ],
    }


def _circle(count: int) -> tuple[float, list[tuple[int, int]]]:
    """Evenly spaced points around the household, starting at the top; the circle grows with the count."""
    radius = max(RADIUS, MIN_GAP * count / (2 * math.pi))
    angles = [-90.0 + 360.0 * i / count for i in range(count)]
    points = [(round(radius * math.cos(math.radians(a))), round(radius * math.sin(math.radians(a)))) for a in angles]
    return radius, points


def build(household: str, rows: list[dict[str, Any]]) -> Network:
    """A pyvis Network of one ecogram snapshot (rows of the ``ecogram`` analysis)."""
    net = Network(height="560px", width="100%", directed=True, cdn_resources="in_line")
    net.add_node(f"household:{household}", label=household, x=0, y=0, fixed=True, physics=False, shape="hexagon",
                 color="#0b2545", size=26, title=f"household {household}", kind="household",
                 details={"kind": "household", "id": household})
    # One circle, kinds in contiguous arcs (members, informal, professional, civil): every contact keeps
    # its own angle, so no two labels collide however the kinds are mixed.
    order = {kind: index for index, kind in enumerate(KIND_STYLE)}
    ordered = sorted(rows, key=lambda row: order.get(row["kind"], len(order)))
    points = _circle(len(ordered))[1] if ordered else []
    for row, (x, y) in zip(ordered, points, strict=True):
        kind = row["kind"]
        style = KIND_STYLE.get(kind, KIND_STYLE["informal"])
        node_id = f"{kind}:{row['ref']}"
        details = {"kind": kind, "label": row.get("label"), "detail": row.get("detail"),
                   "quality": row["quality"], "direction": row["direction"]}
        net.add_node(node_id, label=row.get("label") or row["ref"], x=x, y=y, fixed=True, physics=False,
                     shape=style["shape"], color=style["color"], kind=kind,
                     title="\n".join(f"{k}: {v}" for k, v in details.items() if v), details=details)
        quality = QUALITY_STYLE.get(row["quality"], QUALITY_STYLE["normal"])
        net.add_edge(node_id, f"household:{household}", width=quality["width"], dashes=quality["dashes"],
                     color=quality["color"], arrows=ARROWS.get(row["direction"], ""), quality=row["quality"],
                     direction=row["direction"], title=f"{row['quality']} tie, support {row['direction']}")
    net.options = OPTIONS
    return net


def network_json(household: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The ecogram as JSON for vis-network: nodes, edges, options, legend."""
    net = build(household, rows)
    return {"nodes": [dict(node) for node in net.nodes], "edges": [dict(edge) for edge in net.edges],
            "options": OPTIONS, "legend": legend()}

