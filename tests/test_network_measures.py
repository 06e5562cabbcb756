"""The network measures of queries/network.py as pure functions on small hand-made graphs, with values worked out
by hand: density at its edges, broker ranks and their tie-break, rounding, the top limit, self-ties. Written from
the mutation check's survivors (docs/mutation-report.md)."""

from __future__ import annotations

import networkx as nx

from queries.network import broker_rows, brokers, collaboration_graph, density, summary_rows


def test_a_self_tie_is_skipped_and_the_ties_after_it_still_count() -> None:
    graph = collaboration_graph([{"id": "a", "name": "A"}, {"id": "b"}, {"id": "c"}],
                                [{"a": "a", "b": "a", "kind": "knows"}, {"a": "a", "b": "b", "kind": "knows"},
                                 {"a": "b", "b": "a", "kind": "team"}, {"a": "b", "b": "c", "kind": "knows"}])
    assert sorted(map(sorted, graph.edges)) == [["a", "b"], ["b", "c"]]
    assert graph.edges["a", "b"]["kinds"] == {"knows", "team"}
    assert dict(graph.nodes["a"]) == {"name": "A"}


def test_density_below_two_nodes_is_zero_and_a_pair_is_one() -> None:
    assert density(nx.Graph()) == 0.0
    single: nx.Graph = nx.Graph()
    single.add_node("a")
    assert density(single) == 0.0
    assert density(nx.Graph([("a", "b")])) == 1.0
    assert density(nx.path_graph(4)) == 0.5  # 3 of 6 possible ties


def test_brokers_highest_first_ties_by_id_and_at_most_top() -> None:
    # A path z1 - z - m - y - y1 (z added first, so insertion order is not the id order). n = 5, normalised by
    # (n-1)(n-2)/2 = 6: m lies on z1-y1, z1-y, z-y1 and z-y (4/6); z on z1-m, z1-y, z1-y1 (3/6); y likewise.
    graph = nx.Graph([("z", "m"), ("m", "y"), ("z", "z1"), ("y", "y1")])
    assert brokers(graph) == [("m", 0.6667), ("y", 0.5), ("z", 0.5)]
    assert brokers(graph, 2) == [("m", 0.6667), ("y", 0.5)]
    assert len(brokers(nx.path_graph(9))) == 5  # seven inner nodes score; five by default
    rows = broker_rows({"WK1": graph}, 1)
    assert rows == [{"wijk": "WK1", "rank": 1, "id": "m", "name": None, "ring": None, "betweenness": 0.6667}]


def test_the_summary_rounds_density_to_four_decimals() -> None:
    graph = nx.Graph([("a", "b"), ("c", "d")])
    graph.add_node("e")
    graph.graph["name"] = "Noord"
    [row] = summary_rows({"WK1": graph})
    assert row == {"wijk": "WK1", "wijk_name": "Noord", "nodes": 5, "ties": 2, "density": 0.2, "components": 3,
                   "isolated_partners": 0}
    triangle_and_one = nx.Graph([("a", "b"), ("b", "c"), ("a", "c")])
    triangle_and_one.add_edges_from([("c", "d")])
    triangle_and_one.add_nodes_from(["e", "f", "g"])  # 4 ties of 21 possible: 0.190476...
    assert summary_rows({"WK2": triangle_and_one})[0]["density"] == 0.1905
