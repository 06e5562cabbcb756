"""Network analysis of the collaboration around a wijkteam, with networkx.

The graph of one wijk is read by one bounded Cypher query (``cypher/network_graph.cypher``: only that wijk's
three rings and the ties between them) in :func:`read_wijk_graphs`; :func:`measure_rows` measures every wijk in
worker processes, chunk by chunk, as the graphs are read. Everything else here is a pure function on
an ``nx.Graph`` whose nodes carry ``name``, ``kind`` (professional or civil), ``ring`` (1, 2, 3), ``group`` and
``organisations`` (list of ``{id, name}``), and whose edges carry ``kinds`` (the set of tie kinds: team,
household, knows). Collaboration ties are undirected and unweighted: any tie counts as one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

import networkx as nx

from graph.store import Store
from queries.by_wijk import map_for_wijken, read_for_wijken


def collaboration_graph(nodes: Iterable[Mapping[str, Any]], ties: Iterable[Mapping[str, Any]]) -> nx.Graph:
    """An undirected graph from node rows (``id`` plus attributes) and tie rows (``a``, ``b``, ``kind``).

    Several ties between one pair become one edge whose ``kinds`` holds every kind.
    """
    graph: nx.Graph[str] = nx.Graph()
    for node in nodes:
        graph.add_node(node["id"], **{key: value for key, value in node.items() if key != "id"})
    for tie in ties:
        if tie["a"] == tie["b"]:
            continue
        if graph.has_edge(tie["a"], tie["b"]):
            graph.edges[tie["a"], tie["b"]]["kinds"].add(tie["kind"])
        else:
            graph.add_edge(tie["a"], tie["b"], kinds={tie["kind"]})
    return graph


def density(graph: nx.Graph) -> float:
    """The share of possible ties that exist: ``2m / (n (n - 1))`` for n nodes and m ties; 0 below two nodes.

    Source: networkx ``density`` (which gives 0 below two nodes itself); Wasserman & Faust (1994), *Social Network
    Analysis*, section 4.2.
    """
    return float(nx.density(graph))


def component_count(graph: nx.Graph) -> int:
    """The number of connected components: groups that reach each other through ties, but not other groups.

    An isolated node is a component of its own. Source: networkx ``number_connected_components``.
    """
    return nx.number_connected_components(graph)


def isolated_partners(graph: nx.Graph) -> list[str]:
    """Ring-2 and ring-3 nodes without a direct tie to any ring-1 node (the team), sorted by id.

    The wijkteam's reach is its direct ties: a partner the team has no tie with does not get called
    (DESIGN.md section 5; the evaluations' "ring 2 and 3 barely involved").
    """
    return sorted(
        node for node, ring in graph.nodes(data="ring")
        if ring in (2, 3) and not any(graph.nodes[neighbour].get("ring") == 1 for neighbour in graph[node])
    )


def brokers(graph: nx.Graph, top: int = 5) -> list[tuple[str, float]]:
    """The ``top`` nodes by betweenness centrality, highest first (ties by id), leaving out nodes scoring 0.

    Betweenness of v: the sum over pairs s, t (s != v != t) of the share of shortest s-t paths that pass
    through v, normalised by ``(n - 1)(n - 2) / 2`` for an undirected graph so that it lies in [0, 1]; rounded to
    4 decimals. A broker sits on the paths between others who have no tie themselves: Burt (1992), *Structural
    Holes*. Computed with Brandes' algorithm (Brandes 2001, "A faster algorithm for betweenness centrality",
    J. Math. Sociology 25(2)) as networkx ``betweenness_centrality(normalized=True)``.
    """
    scores = nx.betweenness_centrality(graph, normalized=True)
    ranked = sorted(((node, round(score, 4)) for node, score in scores.items() if score > 0),
                    key=lambda item: (-item[1], item[0]))
    return ranked[:top]


def bridging_organisations(graphs: Mapping[str, nx.Graph]) -> list[tuple[dict[str, str], list[str]]]:
    """Organisations whose people are in the collaboration networks of two or more wijken, with those wijken.

    Such an organisation spans networks that are otherwise apart (a structural hole, Burt 1992): the measure is
    the number of wijken. Sorted by most wijken, then organisation id.
    """
    return bridging_of(organisation_rows(graphs))


def organisation_rows(graphs: Mapping[str, nx.Graph]) -> list[dict[str, Any]]:
    """Per wijk, the organisations (``{id, name}``) of the people in its collaboration network."""
    return [{"wijk": wijk, "organisations": [organisation for _, found in graph.nodes(data="organisations")
                                             for organisation in found or ()]}
            for wijk, graph in graphs.items()]


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


def read_wijk_graphs(store: Store, wijken: Sequence[str] | None, on: dt.date) -> dict[str, nx.Graph]:
    """The collaboration graph of each wijk asked (of every wijk when ``wijken`` is None), keyed by wijk code.

    Each graph also has ``graph.graph["name"]`` (the wijk's name).
    """
    return graphs_of(read_for_wijken(store, "network_graph", {"on": on}, wijken))


def graphs_of(rows: Iterable[Mapping[str, Any]]) -> dict[str, nx.Graph]:
    """The graphs of ``network_graph.cypher``'s rows, keyed by wijk code, with the wijk's name as ``name``."""
    graphs = {}
    for row in rows:
        graph = collaboration_graph(row["nodes"], row["ties"])
        graph.graph["name"] = row["wijk_name"]
        graphs[row["wijk"]] = graph
    return graphs


def measure_rows(store: Store, measure: str, wijken: Sequence[str] | None, on: dt.date, *args: Any
                 ) -> list[dict[str, Any]]:
    """The rows of ``measure`` (``bridging`` or a key of :data:`MEASURES`) for the wijken asked, or for every wijk.

    For every wijk the graphs are read in chunks and each chunk is measured in a worker process as soon as it is
    read (:func:`queries.by_wijk.map_for_wijken`): the same rows as measuring all graphs at once, since each of
    these measures is per wijk. ``bridging`` needs no ties: it reads only each wijk's members' organisations
    (``network_members.cypher``) and ranks them here.
    """
    if measure == "bridging":
        return bridging_rows_of(read_for_wijken(store, "network_members", {"on": on}, wijken))
    return map_for_wijken(store, "network_graph", {"on": on}, wijken, partial(measure_chunk, measure, args))


def measure_chunk(measure: str, args: Sequence[Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``measure`` for the ``network_graph`` rows of some wijken (a pure function: run in a worker)."""
    return MEASURES[measure](graphs_of(rows), *args)


# --- Rows for the analyses registry ------------------------------------------------------------------


def summary_rows(graphs: Mapping[str, nx.Graph]) -> list[dict[str, Any]]:
    return [{
        "wijk": wijk, "wijk_name": graph.graph.get("name"),
        "nodes": graph.number_of_nodes(), "ties": graph.number_of_edges(),
        "density": round(density(graph), 4), "components": component_count(graph),
        "isolated_partners": len(isolated_partners(graph)),
    } for wijk, graph in graphs.items()]


def isolated_rows(graphs: Mapping[str, nx.Graph]) -> list[dict[str, Any]]:
    return [{
        "wijk": wijk, "id": node, "name": graph.nodes[node].get("name"), "kind": graph.nodes[node].get("kind"),
        "ring": graph.nodes[node].get("ring"), "group": graph.nodes[node].get("group"),
        "ties": graph.degree(node),
    } for wijk, graph in graphs.items() for node in isolated_partners(graph)]


def broker_rows(graphs: Mapping[str, nx.Graph], top: int) -> list[dict[str, Any]]:
    return [{
        "wijk": wijk, "rank": rank, "id": node, "name": graph.nodes[node].get("name"),
        "ring": graph.nodes[node].get("ring"), "betweenness": score,
    } for wijk, graph in graphs.items() for rank, (node, score) in enumerate(brokers(graph, top), start=1)]


def bridging_rows(graphs: Mapping[str, nx.Graph]) -> list[dict[str, Any]]:
    return bridging_rows_of(organisation_rows(graphs))


def bridging_rows_of(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{
        "organisation": organisation["name"], "organisation_id": organisation["id"],
        "wijken": len(wijken), "wijk_codes": wijken,
    } for organisation, wijken in bridging_of(rows)]


# The per-wijk measures by name, each a function of the graphs (and its arguments) that gives rows.
MEASURES: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "summary": summary_rows, "isolated": isolated_rows, "brokers": broker_rows,
}
