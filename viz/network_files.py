"""The partner network as files for Gephi, Kumu, networkx and yEd: GraphML and GEXF, written by networkx.

Pure functions: the network as :func:`queries.exports.partner_network` reads it in, a ``networkx.MultiDiGraph`` and
the bytes of its file out. networkx reads both files back as the same graph (tests/test_export_network.py).

Nodes are keyed ``Label:id`` (``Professional:P-1``, ``Wijk:WK990101``) and carry the same attributes, every one on
every node so that each has one type in the file: ``label`` (the name, which Gephi shows), ``wijkgraph_id`` (the
wijkgraph key; an attribute ``id`` would replace the node's id when networkx reads the file), ``kind`` (wijk,
municipality, team, professional, organisation, civil), ``ring`` (an integer: 0 for wijken and municipalities, 1
the team and its members, 2 the wijk's network and the fly-in partners, 3 civil society), ``group`` (A-D or empty),
``name``, ``function``, ``wijk`` (the codes of the wijken exported that the node belongs to, joined by "; "),
``expertise`` (codes joined by "; "), ``organisation`` (the employer's name) and ``last_verified`` (an ISO date or
empty). Edges are directed, identified by ``id`` (also their key in networkx), with ``relationship`` and ``label``
(SERVES, IN_MUNICIPALITY, MEMBER_OF, WORKS_IN, FLY_IN, ACTIVE_IN, KNOWS), ``since`` and ``until`` (ISO dates or
empty), ``group``, ``team_role``, ``topic`` and ``expertise``. An absent value is the empty string: both formats
then give every attribute one declared type. networkx reads a file without parallel edges as a ``DiGraph``.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

SEPARATOR = "; "
NODE_TEXT = ("kind", "group", "name", "function", "organisation", "last_verified")
EDGE_TEXT = ("since", "until", "group", "team_role", "topic")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def network_graph(data: dict[str, Any], name: str = "wijkgraph partner network") -> nx.MultiDiGraph:
    """The network ``{nodes, edges}`` as a directed multigraph with the attributes of the module's docstring."""
    graph: nx.MultiDiGraph = nx.MultiDiGraph(name=name)
    for node in data["nodes"]:
        graph.add_node(node["key"], label=_text(node.get("name") or node["id"]), wijkgraph_id=node["id"],
                       ring=int(node["ring"]), wijk=SEPARATOR.join(node.get("wijken") or []),
                       expertise=SEPARATOR.join(node.get("expertise") or []),
                       **{key: _text(node.get(key)) for key in NODE_TEXT})
    seen: dict[str, int] = {}
    for edge in data["edges"]:
        key = edge.get("id") or f"{edge['type']}:{edge['source']}->{edge['target']}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}:{seen[key]}"
        graph.add_edge(edge["source"], edge["target"], key=key, id=key, relationship=edge["type"],
                       label=edge["type"], expertise=SEPARATOR.join(edge.get("expertise") or []),
                       **{name: _text(edge.get(name)) for name in EDGE_TEXT})
    return graph


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    """The graph as GraphML (UTF-8), with typed keys (``ring`` an int, the rest strings)."""
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(graph: nx.MultiDiGraph) -> bytes:
    """The graph as GEXF 1.2 (UTF-8): Gephi's own format."""
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8")
    return buffer.getvalue()
