"""The partner map's layout: one cell per node and heading, each node in its own ring's band, groups in contiguous
sectors each opened by its heading, and labels cut to their cell. (The browser test measures the drawn labels.)"""

from __future__ import annotations

import random

import pytest

from viz.map_layout import CELL_H, CELL_W, COLUMNS, GUTTER, LABEL_WIDTH, NODE_DY, text_width
from viz.partner_map import FONT, build, network_json


def world(members: int, groups: str, fly_in: int, civil: int, teams: int = 1) -> dict:
    return {"teams": [{"id": f"T{i}", "name": f"Team {i}"} for i in range(teams)],
            "ring1": [{"id": f"R{i}", "name": f"Lid {i}", "team": "T0", "function": "wijkcoach"}
                      for i in range(members)],
            "ring2": [{"id": f"P{i}", "name": f"Persoon {i}", "group": group, "function": "medewerker mixed team "
                       "Bureau Jeugdzorg", "organisation": "Gemeente Zoetermeer, Werk, Zorg en Inkomen"}
                      for i, group in enumerate(groups)],
            "fly_in": [{"id": f"AG{i}", "organisation_id": f"O{i}", "organisation": f"Organisatie {i}", "team": "T0",
                        "topic": "invliegen", "expertise": "GGZ"} for i in range(fly_in)],
            "ring3": [{"id": f"C{i}", "name": f"Vereniging {i}"} for i in range(civil)],
            "knows": [{"a": f"P{i}", "b": f"P{len(groups) - 1 - i}"} for i in range(len(groups) // 2)]}


def inside(point: tuple[float, float], band: list[int]) -> bool:
    return band[0] < point[0] < band[2] and band[1] < point[1] < band[3]


CASES = [(14, "A" * 46 + "B" * 32 + "C" * 24 + "D" * 18, 2, 20, 1), (20, "ABCD" * 60, 0, 39, 1), (5, "ABCD", 2, 4, 1),
         (0, "", 0, 0, 1), (3, "A", 0, 0, 2)]
random.seed(13)
CASES += [(random.randint(0, 30), "".join(sorted(random.choice("ABCD") for _ in range(random.randint(0, 200)))),
           random.randint(0, 5), random.randint(0, 40), random.randint(1, 3)) for _ in range(40)]


@pytest.mark.parametrize("case", CASES)
def test_every_node_and_heading_has_its_own_cell_in_its_own_ring(case: tuple[int, str, int, int, int]) -> None:
    net, geometry = build(world(*case))
    nodes = net.nodes
    # A cell's centre: a box (team, fly-in partner) sits on it, any other node NODE_DY above it, a heading on it.
    cells = [(node["x"], node["y"] + (0 if node["shape"] == "box" else -NODE_DY)) for node in nodes]
    cells += [(heading["x"], heading["y"]) for heading in geometry["headings"]]
    assert len(set(cells)) == len(cells) == len(nodes) + len(geometry["headings"])
    assert all(abs(a[0] - b[0]) >= CELL_W or abs(a[1] - b[1]) >= CELL_H for a in cells for b in cells if a != b)
    bands = geometry["bands"]
    ring = {"team": 1, "ring1": 1, "ring2": 2, "ring3": 3}
    for node in nodes:
        level = ring[node["ring"]]
        assert inside((node["x"], node["y"]), bands[f"ring{level}"])
        assert level == 1 or not inside((node["x"], node["y"]), bands[f"ring{level - 1}"])
    # Never wider than five cells and their gutters: the page's default view shows it whole at 12 px and more.
    assert bands["ring3"][2] - bands["ring3"][0] <= COLUMNS * CELL_W + (COLUMNS + 1) * GUTTER


@pytest.mark.parametrize("case", CASES[:3])
def test_groups_are_contiguous_sectors_opened_by_their_heading(case: tuple[int, str, int, int, int]) -> None:
    data = network_json(world(*case))
    order = {key: index for index, key in enumerate(["A", "B", "C", "D", "fly_in"])}
    ring2 = [node for node in data["nodes"] if node["ring"] == "ring2"]
    assert [node["group_key"] for node in ring2] == sorted((node["group_key"] for node in ring2), key=order.get)
    headings = [heading["key"] for heading in data["headings"]]
    present = list(dict.fromkeys(node["group_key"] for node in ring2))
    assert headings == ["ring1", "ring2", *present, "ring3"]
    counts = {key: count for key, count in data["counts"].items() if key in order}
    assert {heading["key"]: heading["count"] for heading in data["headings"]} == {
        "ring1": case[0], "ring2": len(ring2), "ring3": case[3], **counts}


def test_labels_have_two_lines_cut_to_their_cell() -> None:
    data = network_json(world(2, "AB", 1, 1))
    labels = {node["id"]: node["label"] for node in data["nodes"]}
    assert labels["P0"] == "<b>Persoon 0</b>\nmedewerker mixed tea…"
    assert labels["R0"] == "<b>Lid 0</b>\nwijkcoach"
    assert labels["civil:C0"] == "<b>Vereniging 0</b>"
    assert labels["team:T0"] == "Team 0" and labels["org:O0"] == "Organisatie 0"
    for label in labels.values():
        for line in label.replace("<b>", "").replace("</b>", "").split("\n"):
            assert text_width(line, FONT, bold=True) <= LABEL_WIDTH * 1.1
