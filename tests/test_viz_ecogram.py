"""The ecogram layout: every contact on its own place around the household, kinds in contiguous arcs."""

from __future__ import annotations

import math

import pytest

from viz.ecogram import MIN_GAP, RADIUS, build


@pytest.mark.parametrize("per_kind", [(3, 3, 2, 0), (1, 0, 0, 0), (12, 20, 9, 4)])
def test_contacts_never_overlap(per_kind: tuple[int, int, int, int]) -> None:
    kinds = ("member", "informal", "professional", "civil")
    # Mixed input order: the layout must group by kind itself.
    rows = [{"kind": kind, "ref": f"{kind}-{i}", "quality": "normal", "direction": "mutual", "label": f"{kind} {i}"}
            for i in range(max(per_kind)) for kind, count in zip(kinds, per_kind, strict=True) if i < count]
    nodes = [node for node in build("HH-1", rows).nodes if node["kind"] != "household"]
    assert len(nodes) == sum(per_kind)
    points = [(node["x"], node["y"]) for node in nodes]
    radii = {round(math.hypot(x, y)) for x, y in points}
    assert min(radii) >= RADIUS - 1
    if len(points) > 1:
        closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
        assert closest >= MIN_GAP - 2
    assert [node["kind"] for node in nodes] == sorted((node["kind"] for node in nodes), key=kinds.index)


def test_nodes_carry_codes_and_edges_follow_hartman() -> None:
    """The JSON twin keeps codes in a node's details (the page shows their labels); a stressful tie is a red dotted
    line, a weak one dashed; arrows follow the direction of support."""
    rows = [{"kind": "member", "ref": "M2", "label": "Kind 1", "detail": "kind", "quality": "stressful",
             "direction": "mutual"},
            {"kind": "informal", "ref": "IC3", "label": "buur IC3", "detail": "buur", "quality": "weak",
             "direction": "to_household"}]
    net = build("HH-1", rows)
    nodes = {node["id"]: node for node in net.nodes}
    assert nodes["member:M2"]["details"] == {"kind": "member", "label": "Kind 1", "detail": "kind",
                                             "quality": "stressful", "direction": "mutual"}
    assert nodes["informal:IC3"]["label"] == "buur IC3"
    assert nodes["household:HH-1"]["details"] == {"kind": "household", "id": "HH-1"}
    edges = {edge["from"]: edge for edge in net.edges}
    assert (edges["member:M2"]["color"], edges["member:M2"]["dashes"], edges["member:M2"]["arrows"]) == (
        "#c0392b", [2, 4], "to, from")
    assert (edges["informal:IC3"]["dashes"], edges["informal:IC3"]["arrows"]) == ([8, 8], "to")
