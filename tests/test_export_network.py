"""The partner network as GraphML and GEXF (wijkgraph export graphml|gexf, /exports/partner-network.*): networkx
reads each file back as exactly the network of the test world (tests/data/kaart), written out here by hand from its
CSV files: nodes, edges and every attribute with its type; no household data in it, whoever asks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from web_support import WIJK_IN, WIJK_OUT, client_for, load_test_world

from graph.store import Store

ON = "2026-06-01"
EMPTY = {"group": "", "function": "", "expertise": "", "organisation": "", "last_verified": ""}


def node(key: str, name: str, kind: str, ring: int, wijk: str = WIJK_IN, **values: Any) -> tuple[str, dict]:
    return key, {**EMPTY, "label": name, "wijkgraph_id": key.split(":", 1)[1], "kind": kind, "ring": ring,
                 "name": name, "wijk": wijk, **values}


def edge(source: str, target: str, relationship: str, key: str | None = None, **values: str) -> tuple:
    key = key or f"{relationship}:{source}->{target}"
    attributes = {"id": key, "relationship": relationship, "label": relationship, "since": "", "until": "",
                  "group": "", "team_role": "", "topic": "", "expertise": "", **values}
    return source, target, key, attributes


W, M, T = f"Wijk:{WIJK_IN}", "Municipality:GM9901", "Team:T-NOORD"
NODES = dict([
    node(W, "Noord", "wijk", 0), node(M, "Testgemeente", "municipality", 0), node(T, "Wijkteam Noord", "team", 1),
    node("Professional:P-1", "Anna Jansen", "professional", 1, group="A", function="wijkcoach",
         organisation="Welzijn Test", last_verified="2026-01-15"),
    node("Professional:P-4", "Dewi Smit", "professional", 1, group="D", function="schuldhulpverlener",
         organisation="Welzijn Test", expertise="SCHULDEN"),
    node("Professional:P-2", "Dr. Bram de Wit", "professional", 2, group="B", function="huisarts",
         organisation="Huisartsenpraktijk Noord", last_verified="2024-03-01"),
    node("Professional:P-5", "Eva Visser", "professional", 2, group="C", function="wijkagent",
         last_verified="2026-02-02"),
    node("Professional:P-3", "Chris Bakker", "professional", 2, group="D", function="psychiater",
         organisation="GGZ Test", expertise="GGZ", last_verified="2026-06-01"),
    node("Organisation:ORG-GGZ", "GGZ Test", "organisation", 2, expertise="GGZ"),
    node("CivilPartner:C-1", "Buurthuis De Kern", "civil", 3, last_verified="2026-05-01"),
])
EDGES = [
    edge(T, W, "SERVES"), edge(W, M, "IN_MUNICIPALITY"),
    edge("Professional:P-1", T, "MEMBER_OF", group="A", team_role="wijkcoach", since="2025-01-01"),
    edge("Professional:P-4", T, "MEMBER_OF", group="D", team_role="schuldhulpverlener", since="2025-01-01"),
    edge("Professional:P-1", W, "WORKS_IN", group="A", since="2025-01-01"),
    edge("Professional:P-2", W, "WORKS_IN", group="B"), edge("Professional:P-5", W, "WORKS_IN", group="C"),
    edge("Professional:P-3", M, "WORKS_IN", group="D", since="2024-01-01"),
    edge(T, "Organisation:ORG-GGZ", "FLY_IN", "A-GGZ", topic="GGZ invliegen", expertise="GGZ", since="2025-03-01"),
    edge("CivilPartner:C-1", W, "ACTIVE_IN"),
    edge("Professional:P-1", "Professional:P-2", "KNOWS"), edge("Professional:P-1", "Professional:P-5", "KNOWS"),
]
READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


def read(kind: str, content: bytes) -> nx.DiGraph:
    """The file as networkx reads it: a directed graph (a multigraph when two nodes have parallel edges)."""
    graph = READERS[kind](io.BytesIO(content))
    assert isinstance(graph, nx.DiGraph)
    return graph


def assert_is_the_test_network(graph: nx.DiGraph) -> None:
    assert dict(graph.nodes(data=True)) == NODES
    for key, attributes in NODES.items():  # the same types too: the ring an integer, the rest text
        assert [type(value) for value in graph.nodes[key].values()] == [type(attributes[name])
                                                                         for name in graph.nodes[key]]
    edges = [(source, target, data["id"], data) for source, target, data in graph.edges(data=True)]
    assert sorted(edges, key=str) == sorted(EDGES, key=str)


@pytest.mark.parametrize("kind", ["graphml", "gexf"])
def test_a_wijk_network_reads_back_as_the_graph(store: Store, kind: str) -> None:
    tokens = load_test_world(store, foreign_helpers=True)  # households with helpers: none of it may show
    client = client_for(store, tokens["professional"])
    answer = client.get(f"/exports/partner-network.{kind}", params={"wijk": WIJK_IN, "on": ON})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == f'attachment; filename="partner-network-{WIJK_IN}.{kind}"'
    assert_is_the_test_network(read(kind, answer.content))


def test_the_cli_writes_the_same_files_and_a_municipality_holds_both_wijken(store: Store, tmp_path: Path) -> None:
    load_test_world(store, foreign_helpers=True)
    env = {**os.environ, "COLUMNS": "200", "WIJKGRAPH_LANG": "en"}
    for kind in READERS:
        out = tmp_path / f"noord.{kind}"
        done = subprocess.run([sys.executable, "-m", "api", "export", kind, str(out), "--wijk", WIJK_IN, "--on", ON],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == (f"Wrote {out}: 10 nodes and 12 relationships of the partner network on {ON}.")
        assert_is_the_test_network(read(kind, out.read_bytes()))
    out = tmp_path / "gemeente.graphml"
    done = subprocess.run([sys.executable, "-m", "api", "export", "graphml", str(out), "--municipality", "GM9901",
                           "--on", ON], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    graph = read("graphml", out.read_bytes())
    assert graph.nodes[f"Wijk:{WIJK_OUT}"]["kind"] == "wijk"
    assert graph.nodes["CivilPartner:C-1"]["wijk"] == f"{WIJK_IN}; {WIJK_OUT}"
    assert graph.nodes[M]["wijk"] == f"{WIJK_IN}; {WIJK_OUT}"
    assert {data["kind"] for _, data in graph.nodes(data=True)} == {
        "wijk", "municipality", "team", "professional", "organisation", "civil"}  # no household, member or contact
    assert set(graph.nodes) - {f"Wijk:{WIJK_OUT}"} == set(NODES)  # WK990102 has no team and no network of its own


def test_the_pages_link_the_files_an_unknown_wijk_is_a_404_and_a_missing_login_a_401(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["coordinator"])
    for page in (f"/wijken/{WIJK_IN}", f"/wijken/{WIJK_IN}/map"):
        text = client.get(page).text
        for link, words in (("partner-network.graphml", "partnernetwerk voor Gephi en yEd (GraphML)"),
                            ("partner-network.gexf", "partnernetwerk voor Gephi en Kumu (GEXF)"),
                            ("sociale-kaart.hsds.json", "sociale kaart als Open Referral HSDS (JSON)"),
                            ("sociale-kaart.hsds.zip", "sociale kaart als HSDS-CSV-bestanden (ZIP)")):
            assert f'<a href="/exports/{link}?wijk={WIJK_IN}" download>{words}</a>' in text, (page, link)
    answer = client.get("/exports/partner-network.gexf", params={"wijk": "WK000000"})
    assert answer.status_code == 404
    assert answer.json()["detail"] == "Er is geen wijk of gemeente WK000000."
    assert client_for(store).get("/exports/partner-network.graphml").status_code == 401
