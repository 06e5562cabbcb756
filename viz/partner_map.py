"""The partner map of a wijk: three nested rings, drawn with pyvis (vis-network).

Ring 1 (the team and its members) in the centre, ring 2 (the wijk's professionals, coloured and shaped per group
A–D, then the fly-in partners of the team's agreements) around it, ring 3 (civil society) outside. Physics is off
and every node has a fixed x/y position on the grid of :mod:`viz.map_layout` (which says why the rings are nested
rectangles of equal cells): one cell per node, so labels never overlap however large the wijk is. Each label has two
lines, the name in bold and "function · organisation", both cut to fit their cell (the details panel has them in
full). Headings (ring 1-3, each group) sit in cells of their own. Pure functions: data in (as
:func:`queries.pages.partner_map` returns it), a pyvis ``Network``, its JSON (nodes, edges, options, bands,
headings) or a standalone offline HTML page out. The JSON keeps codes and English keys (``details``); the page
translates them.

Colours are from ColorBrewer's Dark2 (colour-blind safe); each group also has its own shape, so colour is never the
only cue.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from pyvis.network import Network

from viz.map_layout import CELL_H, CELL_W, NODE_DY, Grid, around, fit, grid

FONT = 14  # canvas units; the page's default view keeps a unit at 0.9 px or more, so labels render at 12.6 px or more
GROUP_STYLE = {
    "A": {"color": "#1b9e77", "shape": "dot", "label": "Group A: writes a support plan"},
    "B": {"color": "#d95f02", "shape": "square", "label": "Group B: supports, no plan"},
    "C": {"color": "#7570b3", "shape": "triangle", "label": "Group C: signals"},
    "D": {"color": "#e7298a", "shape": "diamond", "label": "Group D: city-wide specialist"},
}
STYLE = {
    "team": {"color": "#0b2545", "shape": "box", "label": "Team (centre)"},
    "ring1": {"color": "#1f4e79", "shape": "dot", "label": "Ring 1: team member"},
    "fly_in": {"color": "#a6761d", "shape": "box", "label": "Fly-in partner (agreement)"},
    "ring3": {"color": "#66a61e", "shape": "star", "label": "Ring 3: civil society"},
}
HEADINGS = {"ring1": "Ring 1 · team", "ring2": "Ring 2 · wijk network", "A": "Group A", "B": "Group B",
            "C": "Group C", "D": "Group D", "fly_in": "Fly-in partners", "ring3": "Ring 3 · civil society"}
OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": 1},
    # The page scrolls with the mouse wheel (the map is taller than the window); the page's own buttons zoom.
    "interaction": {"hover": True, "keyboard": {"enabled": True, "bindToWindow": False}, "navigationButtons": False,
                    "zoomView": False, "dragNodes": False, "tooltipDelay": 150},
    "edges": {"smooth": False, "color": {"color": "#9aa5b1", "highlight": "#0b2545"}},
    "nodes": {"font": {"size": FONT, "face": "system-ui, sans-serif", "color": "#1a1a1a", "multi": "html",
                       "bold": {"size": FONT, "color": "#1a1a1a"}, "background": "rgba(255,255,255,0.92)"},
              # Labels are drawn however small (a large wijk printed on one A4 page), not faded out under 5 px.
              "scaling": {"label": {"drawThreshold": 1}}, "size": 9, "borderWidth": 1},
}


def legend() -> list[dict[str, str]]:
    """Legend entries: key, colour, shape, label."""
    entries = [{"key": "team", **STYLE["team"]}, {"key": "ring1", **STYLE["ring1"]}]
    entries += [{"key": group, **style} for group, style in GROUP_STYLE.items()]
    entries += [{"key": "fly_in", **STYLE["fly_in"]}, {"key": "ring3", **STYLE["ring3"]}]
    return entries


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def label_lines(name: str, *second: str | None) -> str:
    """The two lines of a node's label in vis-network's html mode: the name in bold, then what is known of
    function and organisation (the organisation's name up to its first comma), each cut to fit a cell.

    >>> label_lines("Anna Jansen", "wijkcoach", "Dock")
    '<b>Anna Jansen</b>\\nwijkcoach · Dock'
    >>> label_lines("A & B <x>", None, "Gemeente Leiden, Wmo-consulenten")
    '<b>A &amp; B &lt;x></b>\\nGemeente Leiden'
    """
    parts = [part.split(",")[0].strip() if index else part.strip()
             for index, part in enumerate(second) if part and part.strip()]
    first = f"<b>{_html(fit(name or '?', FONT, bold=True))}</b>"
    line = " · ".join(dict.fromkeys(parts))
    return f"{first}\n{_html(fit(line, FONT))}" if line else first


def _details(person: dict[str, Any], kind: str, *keys: str) -> dict[str, Any]:
    return {"type": kind, **{key: person.get(key) for key in keys}}


def _rings(data: dict[str, Any]) -> tuple[list, list, list, dict[str, list[str]], dict[str, dict], list]:
    """(teams, ring1, ring2, also, fly_in, ring3) as drawn: one node per person, in the innermost ring (``also``:
    the ring-2 groups of ring-1 people), one fly-in node per organisation with its expertise codes."""
    teams = data.get("teams") or []
    seen: set[str] = set()
    ring1 = []
    for person in data.get("ring1") or []:
        if person["id"] not in seen:
            seen.add(person["id"])
            ring1.append(person)
    ring2 = [person for person in data.get("ring2") or [] if person["id"] not in seen]
    also: dict[str, list[str]] = {}
    for person in data.get("ring2") or []:
        if person["id"] in seen:
            also.setdefault(person["id"], []).append(person["group"])
    unique2: dict[str, dict[str, Any]] = {}
    for person in ring2:  # one node per person: the first group (A before D)
        unique2.setdefault(person["id"], person)
    ring2 = list(unique2.values())
    fly_in: dict[str, dict[str, Any]] = {}
    for agreement in data.get("fly_in") or []:
        key = agreement.get("organisation_id") or agreement["id"]
        entry = fly_in.setdefault(key, {**agreement, "expertise": []})
        if agreement.get("expertise") and agreement["expertise"] not in entry["expertise"]:
            entry["expertise"].append(agreement["expertise"])
    return teams, ring1, ring2, also, fly_in, data.get("ring3") or []


def ring_counts(data: dict[str, Any]) -> dict[str, int]:
    """Nodes per ring and group of the drawn map (``team``, ``ring1``, ``A``-``D``, ``fly_in``, ``ring3``), without
    drawing it; equal to :func:`network_json`'s ``counts``."""
    teams, ring1, ring2, _, fly_in, ring3 = _rings(data)
    counts = {"team": len(teams), "ring1": len(ring1), "fly_in": len(fly_in), "ring3": len(ring3)}
    for person in ring2:
        counts[person["group"]] = counts.get(person["group"], 0) + 1
    return {key: count for key, count in counts.items() if count}


class _Placer:
    """Hands out the cells of each ring in order; headings take a cell of their own."""

    def __init__(self, layout: Grid) -> None:
        self.layout, self.xs, self.ys = layout, layout.xs(), layout.ys()
        self.free = {ring: layout.sectors(ring) for ring in (1, 2, 3)}
        self.segment = {cell: index for ring in (1, 2, 3) for index, cell_list in enumerate(layout.segments(ring))
                        for cell in cell_list}
        self.headings: list[dict[str, Any]] = []

    def centre(self, cell: tuple[int, int]) -> tuple[int, int]:
        return round(self.xs[cell[1]]), round(self.ys[cell[0]])

    def take(self, ring: int, cell: tuple[int, int] | None = None) -> tuple[int, int]:
        cell = cell or self.free[ring][0]
        self.free[ring].remove(cell)
        return self.centre(cell)

    def heading(self, ring: int, key: str, count: int) -> None:
        """A heading in the next free cell that has the next one beside or below it in the same block, so that it
        stays next to the first of its nodes (ring 2's grid has two spare cells per heading for this)."""
        free = self.free[ring]

        def beside(a: tuple[int, int], b: tuple[int, int]) -> bool:
            return self.segment[a] == self.segment[b] and abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1

        while ring == 2 and len(free) > 2 and count and not beside(free[0], free[1]):
            free.pop(0)
        x, y = self.take(ring)
        self.headings.append({"key": key, "text": HEADINGS[key], "count": count, "x": x, "y": y})


def _person(net: Network, place: _Placer, ring: int, person: dict[str, Any], style: dict[str, str],
            details: dict[str, Any], group_key: str) -> None:
    x, y = place.take(ring)
    net.add_node(person["id"], label=label_lines(person["name"], person.get("function"), person.get("organisation")),
                 x=x, y=y + NODE_DY, fixed=True, physics=False, color=style["color"], shape=style["shape"],
                 ring=f"ring{ring}", group_key=group_key, details=details)


def build(data: dict[str, Any]) -> tuple[Network, dict[str, Any]]:
    """A pyvis Network of the wijk's three rings with fixed positions, and the geometry of the page (bands: the
    rectangle around each ring; headings: text and centre of each heading cell; bounds; cell size)."""
    net = Network(height="640px", width="100%", directed=False, cdn_resources="in_line")
    teams, ring1, ring2, also, fly_in, ring3 = _rings(data)
    ring2_keys = [person["group"] for person in ring2] + ["fly_in"] * len(fly_in)
    sectors = list(dict.fromkeys(ring2_keys))
    layout = grid(len(teams) + len(ring1) + 1, len(ring2_keys) + (2 + 2 * len(sectors) if ring2_keys else 0),
                  len(ring3) + (1 if ring3 else 0))
    place = _Placer(layout)
    centre = min(layout.sectors(1), key=lambda cell: abs(place.centre(cell)[0]) + abs(place.centre(cell)[1]))
    for index, team in enumerate(teams):
        x, y = place.take(1, centre if index == 0 else None)
        net.add_node(f"team:{team['id']}", label=_html(fit(team["name"], FONT + 2, True, CELL_W - 40)), x=x, y=y,
                     fixed=True, physics=False, color=STYLE["team"]["color"], shape="box", margin=10,
                     font={"color": "#ffffff", "size": FONT + 2, "multi": False, "background": None,
                           "face": "system-ui, sans-serif"},
                     ring="team", group_key="team", details=_details(team, "team", "name", "kind", "phone", "email"))
    place.heading(1, "ring1", len(ring1))
    for person in ring1:
        details = {**_details(person, "ring1", "name", "function", "team_role", "organisation", "phone", "email",
                              "last_verified", "expertise", "group"), "also_in_ring2": also.get(person["id"], [])}
        _person(net, place, 1, person, STYLE["ring1"], details, "ring1")
        net.add_edge(person["id"], f"team:{person['team']}", width=2, color="#1f4e79")
    if ring2_keys:
        place.heading(2, "ring2", len(ring2_keys))
    for group in sectors:
        place.heading(2, group, ring2_keys.count(group))
        for person in (p for p in ring2 if p["group"] == group):
            details = _details(person, group, "name", "function", "organisation", "phone", "email",
                               "last_verified", "expertise", "scope", "group")
            _person(net, place, 2, person, GROUP_STYLE.get(group, GROUP_STYLE["A"]), details, group)
    for item in fly_in.values() if "fly_in" in sectors else ():
        x, y = place.take(2)
        node_id = f"org:{item.get('organisation_id') or item['id']}"
        details = {"type": "fly_in", "organisation": item.get("organisation"), "topic": item.get("topic"),
                   "expertise": item["expertise"], "agreement": item["id"]}
        net.add_node(node_id, label=_html(fit(item.get("organisation") or item["topic"] or "?", FONT, True,
                                              CELL_W - 40)),
                     x=x, y=y, fixed=True, physics=False, color=STYLE["fly_in"]["color"], shape="box", margin=8,
                     font={"color": "#ffffff", "multi": False, "background": None}, ring="ring2",
                     group_key="fly_in", details=details)
        if item.get("team"):
            net.add_edge(node_id, f"team:{item['team']}", dashes=True, color="#a6761d")
    if ring3:
        place.heading(3, "ring3", len(ring3))
    for partner in ring3:
        x, y = place.take(3)
        net.add_node(f"civil:{partner['id']}", label=label_lines(partner["name"], partner.get("kind")), x=x,
                     y=y + NODE_DY, fixed=True, physics=False, color=STYLE["ring3"]["color"], shape="star",
                     ring="ring3", group_key="ring3",
                     details=_details(partner, "ring3", "name", "kind", "phone", "email", "last_verified"))
    present = {node["id"]: (node["x"], node["y"]) for node in net.nodes}
    teams_at = [present[f"team:{team['id']}"] for team in teams]
    for tie in data.get("knows") or []:
        if tie["a"] in present and tie["b"] in present:
            smooth = around(present[tie["a"]], present[tie["b"]], teams_at)
            net.add_edge(tie["a"], tie["b"], width=1, knows=True, **({"smooth": smooth} if smooth else {}))
    net.options = OPTIONS
    bands = {f"ring{ring}": [round(value) for value in layout.band(ring)] for ring in (1, 2, 3)}
    return net, {"bands": bands, "bounds": bands["ring3"], "headings": place.headings,
                 "cell": [CELL_W, CELL_H]}


def network_json(data: dict[str, Any]) -> dict[str, Any]:
    """The map as JSON for vis-network: nodes (with x, y, fixed), edges, options, bands and headings, legend,
    counts."""
    net, geometry = build(data)
    nodes = [dict(node) for node in net.nodes]
    edges = [dict(edge) for edge in net.edges]
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node["group_key"]] = counts.get(node["group_key"], 0) + 1
    return {"nodes": nodes, "edges": edges, "options": OPTIONS, **geometry, "legend": legend(), "counts": counts}


def vis_js() -> str:
    """The vis-network JavaScript bundled with pyvis (served locally: no CDN, works offline)."""
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")


def vis_css() -> str:
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.css").read_text(encoding="utf-8")
