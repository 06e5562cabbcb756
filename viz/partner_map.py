"""The partner map of a wijk: three concentric rings, drawn with pyvis (vis-network).

Ring 1 (the team and its members) in the centre, ring 2 (the wijk's professionals, coloured and shaped per group
A–D, then the fly-in partners of the team's agreements) around it, ring 3 (civil society) outside. Physics is off
and every node has fixed x/y positions, so the rings stay rings however large the wijk is: radii grow with the
number of nodes on a ring. Pure functions: data in (as :func:`queries.pages.partner_map` returns it), a pyvis
``Network``, its JSON (nodes, edges, options, ring radii) or a standalone offline HTML page out.

Colours are from ColorBrewer's Dark2 (colour-blind safe); each group also has its own shape, so colour is never the
only cue.
"""

from __future__ import annotations

import math
from importlib import resources
from typing import Any

from pyvis.network import Network

GROUP_STYLE = {
    "A": {"color": "#1b9e77", "shape": "dot", "label": "Group A: writes a support plan"},
    "B": {"color": "#d95f02", "shape": "square", "label": "Group B: supports, no plan"},
    "C": {"color": "#7570b3", "shape": "triangle", "label": "Group C: signals"},
    "D": {"color": "#e7298a", "shape": "diamond", "label": "Group D: city-wide specialist"},
}
STYLE = {
    "team": {"color": "#0b2545", "shape": "hexagon", "label": "Team (centre)"},
    "ring1": {"color": "#1f4e79", "shape": "dot", "label": "Ring 1: team member"},
    "fly_in": {"color": "#a6761d", "shape": "box", "label": "Fly-in partner (agreement)"},
    "ring3": {"color": "#66a61e", "shape": "star", "label": "Ring 3: civil society"},
}
OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "randomSeed": 1},
    "interaction": {"hover": True, "keyboard": {"enabled": True, "bindToWindow": False}, "navigationButtons": True,
                    "dragNodes": False, "tooltipDelay": 150},
    "edges": {"smooth": False, "color": {"color": "#9aa5b1", "highlight": "#0b2545"}},
    "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif", "color": "#1a1a1a"}, "size": 14,
              "borderWidth": 1},
}
SPACING = 34.0  # least arc length between neighbours on a ring, in canvas units


def legend() -> list[dict[str, str]]:
    """Legend entries: key, colour, shape, label."""
    entries = [{"key": "team", **STYLE["team"]}, {"key": "ring1", **STYLE["ring1"]}]
    entries += [{"key": group, **style} for group, style in GROUP_STYLE.items()]
    entries += [{"key": "fly_in", **STYLE["fly_in"]}, {"key": "ring3", **STYLE["ring3"]}]
    return entries


def _radius(count: int, least: float) -> float:
    return max(least, count * SPACING / (2 * math.pi))


def _circle(count: int, radius: float, offset: float = -math.pi / 2) -> list[tuple[int, int]]:
    if count == 0:
        return []
    if count == 1 and radius < 1:
        return [(0, 0)]
    # Whole canvas units: vis-network reports positions as integers, so the page's positions equal these exactly.
    return [(round(radius * math.cos(offset + 2 * math.pi * i / count)),
             round(radius * math.sin(offset + 2 * math.pi * i / count))) for i in range(count)]


def _text(details: dict[str, Any]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in details.items() if value not in (None, "", []))


def _details(person: dict[str, Any], *keys: str) -> dict[str, Any]:
    out = {}
    for key in keys:
        value = person.get(key)
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        out[key] = value
    return out


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


def build(data: dict[str, Any]) -> tuple[Network, dict[str, float]]:
    """A pyvis Network of the wijk's three rings with fixed positions, and the ring radii."""
    net = Network(height="640px", width="100%", directed=False, cdn_resources="in_line")
    teams, ring1, ring2, also, fly_in, ring3 = _rings(data)

    r_team = 0.0 if len(teams) <= 1 else 70.0
    r1 = _radius(len(ring1), 170.0)
    r2 = _radius(len(ring2) + len(fly_in), r1 + 230.0)
    r3 = _radius(len(ring3), r2 + 200.0)

    for team, (x, y) in zip(teams, _circle(len(teams), r_team), strict=True):
        details = {"type": "team", **_details(team, "name", "kind", "phone", "email")}
        net.add_node(f"team:{team['id']}", label=team["name"], x=x, y=y, fixed=True, physics=False,
                     color=STYLE["team"]["color"], shape=STYLE["team"]["shape"], size=22, title=_text(details),
                     ring="team", group_key="team", details=details)
    for person, (x, y) in zip(ring1, _circle(len(ring1), r1), strict=True):
        details = {"type": "ring 1", **_details(person, "name", "function", "team_role", "organisation", "phone",
                                                 "email", "last_verified", "expertise"),
                   "group of origin": person.get("group"), "also in ring 2": ", ".join(also.get(person["id"], []))}
        net.add_node(person["id"], label=person["name"], x=x, y=y, fixed=True, physics=False,
                     color=STYLE["ring1"]["color"], shape=STYLE["ring1"]["shape"], title=_text(details),
                     ring="ring1", group_key="ring1", details=details)
        net.add_edge(person["id"], f"team:{person['team']}", width=2, color="#1f4e79")
    ring2_nodes = [("person", person) for person in ring2] + [("fly_in", entry) for entry in fly_in.values()]
    for (kind, item), (x, y) in zip(ring2_nodes, _circle(len(ring2_nodes), r2), strict=True):
        if kind == "person":
            style = GROUP_STYLE.get(item["group"], GROUP_STYLE["A"])
            details = {"type": f"ring 2, group {item['group']}",
                       **_details(item, "name", "function", "organisation", "phone", "email", "last_verified",
                                  "expertise", "scope")}
            net.add_node(item["id"], label=item["name"], x=x, y=y, fixed=True, physics=False, color=style["color"],
                         shape=style["shape"], title=_text(details), ring="ring2", group_key=item["group"],
                         details=details)
        else:
            details = {"type": "fly-in partner", "organisation": item.get("organisation"), "topic": item.get("topic"),
                       "expertise": ", ".join(item["expertise"]), "agreement": item["id"]}
            node_id = f"org:{item.get('organisation_id') or item['id']}"
            net.add_node(node_id, label=item.get("organisation") or item["topic"], x=x, y=y, fixed=True,
                         physics=False, color=STYLE["fly_in"]["color"], shape=STYLE["fly_in"]["shape"],
                         font={"color": "#ffffff"}, title=_text(details), ring="ring2", group_key="fly_in",
                         details=details)
            if item.get("team"):
                net.add_edge(node_id, f"team:{item['team']}", dashes=True, color="#a6761d")
    for partner, (x, y) in zip(ring3, _circle(len(ring3), r3), strict=True):
        details = {"type": "ring 3, civil society",
                   **_details(partner, "name", "kind", "phone", "email", "last_verified")}
        net.add_node(f"civil:{partner['id']}", label=partner["name"], x=x, y=y, fixed=True, physics=False,
                     color=STYLE["ring3"]["color"], shape=STYLE["ring3"]["shape"], title=_text(details),
                     ring="ring3", group_key="ring3", details=details)
    present = set(net.get_nodes())
    for tie in data.get("knows") or []:
        if tie["a"] in present and tie["b"] in present:
            net.add_edge(tie["a"], tie["b"], width=1, title="known working contact")
    net.options = OPTIONS
    return net, {"team": r_team, "ring1": r1, "ring2": r2, "ring3": r3}


def network_json(data: dict[str, Any]) -> dict[str, Any]:
    """The map as JSON for vis-network: nodes (with x, y, fixed), edges, options, ring radii, legend, counts."""
    net, radii = build(data)
    nodes = [dict(node) for node in net.nodes]
    edges = [dict(edge) for edge in net.edges]
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node["group_key"]] = counts.get(node["group_key"], 0) + 1
    return {"nodes": nodes, "edges": edges, "options": OPTIONS, "rings": radii, "legend": legend(),
            "counts": counts}


def vis_js() -> str:
    """The vis-network JavaScript bundled with pyvis (served locally: no CDN, works offline)."""
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")


def vis_css() -> str:
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.css").read_text(encoding="utf-8")
