"""The network measures of queries/network.py as pure functions on small hand-made graphs, with values worked out
by hand: density at its edges, broker ranks and their tie-break, rounding, the top limit, self-ties. Written from
the mutation check's survivors (docs/mutation-report.md). And the measures against networkx, the reference they
follow, on random graphs: the same floats."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from queries.network import (
    Network,
    betweenness,
    broker_rows,
    brokers,
    collaboration_graph,
    component_count,
    density,
    summary_rows,
)


def network(ties: list[tuple[str, str]], alone: str = "") -> Network:
    """A network of the ties' ends in the order they come (as networkx adds them), then the nodes in ``alone``."""
    nodes = list(dict.fromkeys([*(node for tie in ties for node in tie), *alone]))
    return collaboration_graph([{"id": node} for node in nodes], [{"a": a, "b": b} for a, b in ties])


def test_a_self_tie_is_skipped_and_the_ties_after_it_still_count() -> None:
    graph = collaboration_graph([{"id": "a", "name": "A"}, {"id": "b"}, {"id": "c"}],
                                [{"a": "a", "b": "a", "kind": "knows"}, {"a": "a", "b": "b", "kind": "knows"},
                                 {"a": "b", "b": "a", "kind": "team"}, {"a": "b", "b": "c", "kind": "knows"}])
    assert graph.adjacent == {"a": {"b": None}, "b": {"a": None, "c": None}, "c": {"b": None}}
    assert graph.nodes["a"] == {"name": "A"}


def test_density_below_two_nodes_is_zero_and_a_pair_is_one() -> None:
    assert density(Network()) == 0.0
    assert density(network([], alone="a")) == 0.0
    assert density(network([("a", "b")])) == 1.0
    assert density(network([("0", "1"), ("1", "2"), ("2", "3")])) == 0.5  # 3 of 6 possible ties


def test_brokers_highest_first_ties_by_id_and_at_most_top() -> None:
    # A path z1 - z - m - y - y1 (z added first, so insertion order is not the id order). n = 5, normalised by
    # (n-1)(n-2)/2 = 6: m lies on z1-y1, z1-y, z-y1 and z-y (4/6); z on z1-m, z1-y, z1-y1 (3/6); y likewise.
    graph = network([("z", "m"), ("m", "y"), ("z", "z1"), ("y", "y1")])
    assert brokers(graph) == [("m", 0.6667), ("y", 0.5), ("z", 0.5)]
    assert brokers(graph, 2) == [("m", 0.6667), ("y", 0.5)]
    assert len(brokers(network([(str(n), str(n + 1)) for n in range(8)]))) == 5  # seven inner nodes score
    rows = broker_rows({"WK1": graph}, 1)
    assert rows == [{"wijk": "WK1", "rank": 1, "id": "m", "name": None, "ring": None, "betweenness": 0.6667}]


def test_the_summary_rounds_density_to_four_decimals() -> None:
    graph = network([("a", "b"), ("c", "d")], alone="e")
    graph.name = "Noord"
    [row] = summary_rows({"WK1": graph})
    assert row == {"wijk": "WK1", "wijk_name": "Noord", "nodes": 5, "ties": 2, "density": 0.2, "components": 3,
                   "isolated_partners": 0}
    triangle_and_one = network([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")], alone="efg")  # 4 of 21: 0.190476
    assert summary_rows({"WK2": triangle_and_one})[0]["density"] == 0.1905


@pytest.mark.parametrize("seed", range(40))
def test_the_measures_give_networkx_floats_on_random_graphs(seed: int) -> None:
    """Betweenness, density and components as networkx computes them, on graphs of up to 40 nodes built in the same
    order (so that even the floats' last bits agree), dense and sparse, connected or not."""
    rng = random.Random(seed)
    nodes = list(dict.fromkeys(f"P{rng.randrange(100)}" for _ in range(rng.randrange(0, 41))))
    chance = rng.choice((0.02, 0.1, 0.3, 0.7))
    ties = [(a, b) for index, a in enumerate(nodes) for b in nodes[index + 1:] if rng.random() < chance]
    mine = collaboration_graph([{"id": node} for node in nodes], [{"a": a, "b": b} for a, b in ties])
    reference: nx.Graph = nx.Graph()
    reference.add_nodes_from(nodes)
    reference.add_edges_from(ties)
    assert betweenness(mine) == nx.betweenness_centrality(reference, normalized=True)
    assert density(mine) == nx.density(reference)
    assert component_count(mine) == nx.number_connected_components(reference)
    assert mine.tie_count() == reference.number_of_edges()
