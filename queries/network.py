"""Network analysis of the collaboration around a wijkteam.

The network of one wijk is read by one bounded Cypher query (``cypher/network_graph.cypher``: only that wijk's
three rings and the ties between them) and made a :class:`Network` by :func:`network_of`. The measures are pure
functions on a :class:`Network`, each citing its source; none needs networkx (betweenness is Brandes' algorithm
as networkx implements it, written out on plain dicts, which is several times faster on graphs of a few dozen
nodes). :func:`measure_rows` measures every wijk chunk by chunk as the networks are read; betweenness, the only
measure whose work is more than a pass over the ties, runs in worker processes. Collaboration ties are undirected
and unweighted: any tie counts as one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from graph.store import Store
from queries.by_wijk import map_for_wijken, read_for_wijken


@dataclass
class Network:
    """The collaboration network of a wijk: its nodes (id to attributes ``name``, ``kind`` (professional or civil),
    ``ring`` (1, 2, 3), ``group``, optionally ``organisations``) and, per node, the nodes tied to it (symmetric, no
    self-ties, in the order the ties were added)."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    adjacent: dict[str, dict[str, None]] = field(default_factory=dict)
    name: str | None = None

    def add_node(self, node: str, **attributes: Any) -> None:
        self.nodes.setdefault(node, {}).update(attributes)
        self.adjacent.setdefault(node, {})

    def tie(self, a: str, b: str) -> None:
        """Tie ``a`` and ``b`` when both are nodes and differ (a tie to someone outside the network is no tie)."""
        adjacent = self.adjacent
        if a != b and a in adjacent and b in adjacent:
            adjacent[a][b] = None
            adjacent[b][a] = None

    def tie_group(self, group: Iterable[str]) -> None:
        """Tie every two nodes of ``group`` (a team, a household's helpers)."""
        inside = [node for node in dict.fromkeys(group) if node in self.adjacent]
        for index, a in enumerate(inside):
            for b in inside[index + 1:]:
                self.tie(a, b)

    def tie_count(self) -> int:
        return sum(len(tied) for tied in self.adjacent.values()) // 2

    def degree(self, node: str) -> int:
        return len(self.adjacent[node])


def collaboration_graph(nodes: Iterable[Mapping[str, Any]], ties: Iterable[Mapping[str, Any]]) -> Network:
    """A network from node rows (``id`` plus attributes) and tie rows (``a``, ``b``; a ``kind`` is not kept).

    Several ties between one pair are one tie; a self-tie and a tie to an id that is no node are none.
    """
    network = Network()
    for node in nodes:
        network.add_node(node["id"], **{key: value for key, value in node.items() if key != "id"})
    for tie in ties:
        network.tie(tie["a"], tie["b"])
    return network


def network_of(row: Mapping[str, Any]) -> Network:
    """The network of one row of ``network_graph.cypher`` (see its header for the groups of ties)."""
    network = Network(name=row["wijk_name"])
    for node in row["nodes"]:
        network.add_node(node["id"], **{key: value for key, value in node.items() if key != "id"})
    for group in (*row["team"], *row["household"]):
        network.tie_group(group)
    for partner, *helpers in row["civil"]:
        for helper in helpers:
            network.tie(partner, helper)
    for a, b in row["knows"]:
        network.tie(a, b)
    return network


def density(network: Network) -> float:
    """The share of possible ties that exist: ``2m / (n (n - 1))`` for n nodes and m ties; 0 below two nodes.

    Source: Wasserman & Faust (1994), *Social Network Analysis*, section 4.2; computed as networkx ``density``
    computes it (``m / (n (n - 1))``, doubled for an undirected graph), so that the floats are the same.
    """
    nodes, ties = len(network.adjacent), network.tie_count()
    if ties == 0 or nodes <= 1:
        return 0.0
    return ties / (nodes * (nodes - 1)) * 2


def component_count(network: Network) -> int:
    """The number of connected components: groups that reach each other through ties, but not other groups.

    An isolated node is a component of its own. Source: networkx ``number_connected_components`` (a search from
    each node not yet reached).
    """
    seen: set[str] = set()
    count = 0
    for start in network.adjacent:
        if start in seen:
            continue
        count += 1
        seen.add(start)
        stack = [start]
        while stack:
            for other in network.adjacent[stack.pop()]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
    return count


def isolated_partners(network: Network) -> list[str]:
    """Ring-2 and ring-3 nodes without a direct tie to any ring-1 node (the team), sorted by id.

    The wijkteam's reach is its direct ties: a partner the team has no tie with does not get called
    (DESIGN.md section 5; the evaluations' "ring 2 and 3 barely involved").
    """
    nodes = network.nodes
    return sorted(
        node for node, attributes in nodes.items()
        if attributes.get("ring") in (2, 3)
        and not any(nodes[other].get("ring") == 1 for other in network.adjacent[node])
    )


def betweenness(network: Network) -> dict[str, float]:
    """Betweenness centrality of every node, normalised: for v, the sum over pairs s, t (s != v != t) of the share
    of shortest s-t paths that pass through v, divided by ``(n - 1)(n - 2) / 2`` so that it lies in [0, 1].

    Source: Brandes (2001), "A faster algorithm for betweenness centrality", J. Math. Sociology 25(2), for
    unweighted graphs, step for step as networkx ``betweenness_centrality(normalized=True)`` does it
    (``_single_source_shortest_path_basic``, ``_accumulate_basic``, ``_rescale``: every ordered pair is counted and
    the sum divided by ``(n - 1)(n - 2)``), so that the floats are the same; on lists indexed by node number
    instead of dicts keyed by node (1.8x faster than networkx on a wijk's few dozen nodes). Path counts are whole
    numbers, exact as networkx's floats are below 2**53.
    """
    number = {node: index for index, node in enumerate(network.adjacent)}
    neighbours = [[number[other] for other in tied] for tied in network.adjacent.values()]
    count = len(neighbours)
    scores = [0.0] * count
    for source in range(count):
        distance = [-1] * count
        paths = [0] * count
        before: list[list[int]] = [[] for _ in range(count)]
        distance[source], paths[source] = 0, 1
        reached = [source]
        for node in reached:  # grows while it is read: the breadth-first queue and, after, the order reached
            further, node_paths = distance[node] + 1, paths[node]
            for other in neighbours[node]:
                if distance[other] < 0:
                    reached.append(other)
                    distance[other] = further
                if distance[other] == further:
                    paths[other] += node_paths
                    before[other].append(node)
        share = [0.0] * count
        for node in reversed(reached):
            coefficient = (1 + share[node]) / paths[node]
            for previous in before[node]:
                share[previous] += paths[previous] * coefficient
            if node != source:
                scores[node] += share[node]
    if count > 2:
        scale = 1 / ((count - 1) * (count - 2))
        scores = [score * scale for score in scores]
    return dict(zip(network.adjacent, scores, strict=True))


def brokers(network: Network, top: int = 5) -> list[tuple[str, float]]:
    """The ``top`` nodes by :func:`betweenness`, highest first (ties by id), leaving out nodes scoring 0; rounded
    to 4 decimals. A broker sits on the paths between others who have no tie themselves: Burt (1992), *Structural
    Holes*.
    """
    ranked = sorted(((node, round(score, 4)) for node, score in betweenness(network).items() if score > 0),
                    key=lambda item: (-item[1], item[0]))
    return ranked[:top]


def bridging_organisations(networks: Mapping[str, Network]) -> list[tuple[dict[str, str], list[str]]]:
    """Organisations whose people are in the collaboration networks of two or more wijken, with those wijken.

    Such an organisation spans networks that are otherwise apart (a structural hole, Burt 1992): the measure is
    the number of wijken. Sorted by most wijken, then organisation id.
    """
    return bridging_of(organisation_rows(networks))


def organisation_rows(networks: Mapping[str, Network]) -> list[dict[str, Any]]:
    """Per wijk, the organisations (``{id, name}``) of the people in its collaboration network."""
    return [{"wijk": wijk, "organisations": [organisation for attributes in network.nodes.values()
                                             for organisation in attributes.get("organisations") or ()]}
            for wijk, network in networks.items()]


def bridging_of(rows: Iterable[Mapping[str, Any]]) -> list[tuple[dict[str, str], list[str]]]:
    """:func:`bridging_organisations` of the wijken's :func:`organisation_rows`."""
    wijken_of: dict[str, set[str]] = {}
    organisation_of: dict[str, dict[str, str]] = {}
    for row in rows:
        for organisation in row["organisations"]:
            organisation_of[organisation["id"]] = dict(organisation)
            wijken_of.setdefault(organisation["id"], set()).add(row["wijk"])
    bridging = [(organisation_of[oid], sorted(wijken)) for oid, wijken in wijken_of.items() if len(wijken) >= 2]
    return sorted(bridging, key=lambda item: (-len(item[1]), item[0]["id"]))


# --- Reading from Neo4j ------------------------------------------------------------------------------


def read_wijk_graphs(store: Store, wijken: Sequence[str] | None, on: dt.date) -> dict[str, Network]:
    """The collaboration network of each wijk asked (of every wijk when ``wijken`` is None), keyed by wijk code,
    with the wijk's name as ``name``."""
    return graphs_of(read_for_wijken(store, "network_graph", {"on": on}, wijken))


def graphs_of(rows: Iterable[Mapping[str, Any]]) -> dict[str, Network]:
    """The networks of ``network_graph.cypher``'s rows, keyed by wijk code."""
    return {row["wijk"]: network_of(row) for row in rows}


# Measures measured in worker processes when all wijken are read: their work outweighs sending the rows there.
IN_WORKERS = frozenset({"brokers"})


def measure_rows(store: Store, measure: str, wijken: Sequence[str] | None, on: dt.date, *args: Any
                 ) -> list[dict[str, Any]]:
    """The rows of ``measure`` (``bridging`` or a key of :data:`MEASURES`) for the wijken asked, or for every wijk.

    For every wijk the networks are read in chunks and each chunk is measured as soon as it is read: in a worker
    process for the measures of :data:`IN_WORKERS` (:func:`queries.by_wijk.map_for_wijken`), here for the others,
    which are one pass over the ties. The same rows as measuring all networks at once, since each of these
    measures is per wijk. ``bridging`` needs no ties: it reads only each wijk's members' organisations
    (``network_members.cypher``) and ranks them here.
    """
    if measure == "bridging":
        return bridging_rows_of(read_for_wijken(store, "network_members", {"on": on}, wijken))
    work = partial(measure_chunk, measure, args)
    if measure in IN_WORKERS:
        return map_for_wijken(store, "network_graph", {"on": on}, wijken, work)
    return work(read_for_wijken(store, "network_graph", {"on": on}, wijken))


def measure_chunk(measure: str, args: Sequence[Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``measure`` for the ``network_graph`` rows of some wijken (a pure function: run in a worker)."""
    return MEASURES[measure](graphs_of(rows), *args)


# --- Rows for the analyses registry ------------------------------------------------------------------


def summary_rows(networks: Mapping[str, Network]) -> list[dict[str, Any]]:
    return [{
        "wijk": wijk, "wijk_name": network.name,
        "nodes": len(network.nodes), "ties": network.tie_count(),
        "density": round(density(network), 4), "components": component_count(network),
        "isolated_partners": len(isolated_partners(network)),
    } for wijk, network in networks.items()]


def isolated_rows(networks: Mapping[str, Network]) -> list[dict[str, Any]]:
    return [{
        "wijk": wijk, "id": node, "name": network.nodes[node].get("name"), "kind": network.nodes[node].get("kind"),
        "ring": network.nodes[node].get("ring"), "group": network.nodes[node].get("group"),
        "ties": network.degree(node),
    } for wijk, network in networks.items() for node in isolated_partners(network)]


def broker_rows(networks: Mapping[str, Network], top: int) -> list[dict[str, Any]]:
    return [{
        "wijk": wijk, "rank": rank, "id": node, "name": network.nodes[node].get("name"),
        "ring": network.nodes[node].get("ring"), "betweenness": score,
    } for wijk, network in networks.items() for rank, (node, score) in enumerate(brokers(network, top), start=1)]


def bridging_rows(networks: Mapping[str, Network]) -> list[dict[str, Any]]:
    return bridging_rows_of(organisation_rows(networks))


def bridging_rows_of(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{
        "organisation": organisation["name"], "organisation_id": organisation["id"],
        "wijken": len(wijken), "wijk_codes": wijken,
    } for organisation, wijken in bridging_of(rows)]


# The per-wijk measures by name, each a function of the networks (and its arguments) that gives rows.
MEASURES: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "summary": summary_rows, "isolated": isolated_rows, "brokers": broker_rows,
}
