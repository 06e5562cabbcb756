"""Network measures: pure functions on hand-built networks, and the bounded read from Neo4j."""

from __future__ import annotations

import datetime as dt

from graph.store import Store
from queries.analyses import run
from queries.network import (
    Network,
    bridging_organisations,
    brokers,
    collaboration_graph,
    component_count,
    density,
    isolated_partners,
)
from tests.analyses_world import ON, World


def path_graph() -> Network:
    """a - b - c - d - e"""
    return collaboration_graph(
        [{"id": node} for node in "abcde"],
        [{"a": a, "b": b, "kind": "knows"} for a, b in ("ab", "bc", "cd", "de")],
    )


def test_density_and_components() -> None:
    graph = path_graph()
    assert density(graph) == 4 / 10
    assert component_count(graph) == 1
    graph.add_node("f")
    assert density(graph) == 4 / 15
    assert component_count(graph) == 2
    assert density(Network()) == 0.0
    assert density(collaboration_graph([{"id": "alone"}], [])) == 0.0


def test_betweenness_brokers_on_a_path() -> None:
    # On a 5-path, c lies on 4 of the 6 shortest paths between the others, b and d on 3; normalised by 6.
    assert brokers(path_graph(), top=2) == [("c", 0.6667), ("b", 0.5)]
    assert brokers(path_graph()) == [("c", 0.6667), ("b", 0.5), ("d", 0.5)]
    star = collaboration_graph([{"id": node} for node in "sxyzw"], [{"a": "s", "b": leaf, "kind": "team"}
                                                                      for leaf in "xyzw"])
    assert brokers(star) == [("s", 1.0)]


def test_ties_of_several_kinds_are_one_tie_and_ties_to_others_none() -> None:
    graph = collaboration_graph(
        [{"id": "p", "ring": 1}, {"id": "q", "ring": 2}],
        [{"a": "p", "b": "q", "kind": "team"}, {"a": "q", "b": "p", "kind": "knows"},
         {"a": "p", "b": "outside", "kind": "knows"}],
    )
    assert graph.tie_count() == 1
    assert graph.adjacent == {"p": {"q": None}, "q": {"p": None}}


def test_isolated_partners_have_no_tie_to_ring_one() -> None:
    graph = collaboration_graph(
        [{"id": "T", "ring": 1}, {"id": "A1", "ring": 2}, {"id": "A2", "ring": 2}, {"id": "C3", "ring": 3},
         {"id": "C4", "ring": 3}],
        [{"a": "T", "b": "A1", "kind": "team"}, {"a": "A1", "b": "A2", "kind": "knows"},
         {"a": "C4", "b": "T", "kind": "household"}],
    )
    assert isolated_partners(graph) == ["A2", "C3"]


def test_bridging_organisations() -> None:
    welzijn, ggz = {"id": "O1", "name": "Welzijn"}, {"id": "O2", "name": "GGZ"}
    graphs = {
        "WK1": collaboration_graph([{"id": "p", "organisations": [welzijn]}, {"id": "q", "organisations": [ggz]}], []),
        "WK2": collaboration_graph([{"id": "p", "organisations": [welzijn]}, {"id": "r", "organisations": []}], []),
        "WK3": collaboration_graph([{"id": "s", "organisations": [welzijn, ggz]}], []),
    }
    assert bridging_organisations(graphs) == [(welzijn, ["WK1", "WK2", "WK3"]), (ggz, ["WK1", "WK3"])]


def build(store: Store) -> None:
    world = World(store)
    world.municipality("GM1").wijk("WK1", "GM1").wijk("WK2", "GM1").wijk("WK3")
    world.organisation("O1", name="Welzijn Oost").organisation("O2", name="Zorg Thuis")
    world.team("T1", "WK1")
    world.professional("P1", "Anna Bakker", organisation="O1").member("P1", "T1").works_in("P1", "WK2", "A")
    world.professional("P2", "Bram Claes").member("P2", "T1")
    world.professional("P3", "Cor Dekker", organisation="O2").works_in("P3", "WK1", "A").knows("P1", "P3")
    world.professional("P4", "Dirk Es").works_in("P4", "WK1", "B")
    world.professional("P5", "Eva Fokker").works_in_municipality("P5", "GM1", until=dt.date(2025, 1, 1))
    world.professional("P6", "Frits Goos").works_in_municipality("P6", "GM1")
    world.civil("C1", "WK1").civil("C2", "WK1")
    world.household("H1", "WK1").involved("P3", "H1").involved("P4", "H1")
    world.ecogram("E1", "H1", dt.date(2025, 1, 1), [("civil", "C1", "strong", "to_household")])
    # An ended involvement is no tie.
    world.involved("P2", "H1", until=dt.date(2025, 1, 1))


def test_network_measures_from_neo4j(store: Store) -> None:
    build(store)
    # WK1: P1-P2 team, P1-P3 knows, P3-P4 household, C1-P3 and C1-P4 through H1's ecogram; P6 (group D) and C2
    # have no ties. 7 nodes, 5 ties; components {P1..P4, C1}, {P6}, {C2}.
    assert run(store, "network_summary", on=ON) == [
        {"wijk": "WK1", "wijk_name": "Wijk WK1", "nodes": 7, "ties": 5, "density": 0.2381, "components": 3,
         "isolated_partners": 4},
        {"wijk": "WK2", "wijk_name": "Wijk WK2", "nodes": 2, "ties": 0, "density": 0.0, "components": 2,
         "isolated_partners": 2},
        {"wijk": "WK3", "wijk_name": "Wijk WK3", "nodes": 0, "ties": 0, "density": 0.0, "components": 0,
         "isolated_partners": 0},
    ]
    assert run(store, "isolated_partners", wijk=["WK1"], on=ON) == [
        {"wijk": "WK1", "id": "C1", "name": "Partner C1", "kind": "civil", "ring": 3, "group": None, "ties": 2},
        {"wijk": "WK1", "id": "C2", "name": "Partner C2", "kind": "civil", "ring": 3, "group": None, "ties": 0},
        {"wijk": "WK1", "id": "P4", "name": "Dirk Es", "kind": "professional", "ring": 2, "group": "B", "ties": 2},
        {"wijk": "WK1", "id": "P6", "name": "Frits Goos", "kind": "professional", "ring": 2, "group": "D", "ties": 0},
    ]
    # Betweenness over 7 nodes, normalised by 15: P3 is on 4 shortest paths (P1/P2 to P4/C1), P1 on 3 (P2 to
    # P3, P4, C1).
    assert run(store, "brokers", wijk=["WK1"], on=ON) == [
        {"wijk": "WK1", "rank": 1, "id": "P3", "name": "Cor Dekker", "ring": 2, "betweenness": 0.2667},
        {"wijk": "WK1", "rank": 2, "id": "P1", "name": "Anna Bakker", "ring": 1, "betweenness": 0.2},
    ]
    assert run(store, "brokers", wijk=["WK1"], on=ON, top=1)[0]["id"] == "P3"
    assert run(store, "bridging_organisations", on=ON) == [
        {"organisation": "Welzijn Oost", "organisation_id": "O1", "wijken": 2, "wijk_codes": ["WK1", "WK2"]},
    ]
    assert run(store, "bridging_organisations", wijk=["WK1"], on=ON) == []
