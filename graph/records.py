"""Cypher for changing one record of the sociale kaart in the app (importers/upkeep), generated from the model.

Every label, relationship type and key property here comes from a :mod:`graph.model` declaration
(``NODE_BY_LABEL``, ``REL_BY_NAME``), never from input; keys and values travel as parameters, and property names
only inside a parameter map (``SET n += $props``). Each function runs in the caller's transaction, so a change, its
version check and its audit entry are one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, LiteralString, cast

from neo4j import ManagedTransaction

from graph.model import NODE_BY_LABEL, REL_BY_NAME


def _q(text: str) -> LiteralString:
    # Generated from model declarations (constants), never from input: safe to treat as a literal.
    return cast(LiteralString, text)


def _match_rel(name: str, directed: bool = True) -> str:
    rel = REL_BY_NAME[name]
    start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    arrow = "->" if directed else "-"
    return (f"MATCH (a:{start.label} {{{start.key}: $start}})-[r:{rel.type}]{arrow}"
            f"(b:{end.label} {{{end.key}: $end}})")


def node_properties(tx: ManagedTransaction, label: str, key: Any) -> dict[str, Any] | None:
    """The properties of the node ``label`` with ``key``, or None."""
    node = NODE_BY_LABEL[label]
    row = tx.run(_q(f"MATCH (n:{node.label} {{{node.key}: $key}}) RETURN properties(n) AS p"), key=key).single()
    return None if row is None else dict(row["p"])


def existing(tx: ManagedTransaction, label: str, keys: Iterable[Any]) -> set[Any]:
    """Which of ``keys`` name a node ``label`` (in the caller's transaction)."""
    node = NODE_BY_LABEL[label]
    query = _q(f"UNWIND $keys AS key MATCH (n:{node.label} {{{node.key}: key}}) RETURN DISTINCT key")
    return {row["key"] for row in tx.run(query, keys=list(keys))}


def set_node(tx: ManagedTransaction, label: str, key: Any, props: Mapping[str, Any], by: str) -> None:
    """Set ``props`` (None removes a property) on the node, with the app's bookkeeping (edited_at, edited_by)."""
    node = NODE_BY_LABEL[label]
    tx.run(_q(f"MATCH (n:{node.label} {{{node.key}: $key}}) SET n += $props, n.edited_at = datetime(), "
              f"n.edited_by = $by, n.lastupdated = datetime()"), key=key, props=dict(props), by=by).consume()


def create_node(tx: ManagedTransaction, label: str, props: Mapping[str, Any], by: str, source: str) -> None:
    """Create the node with ``props`` (its key among them) as the app's (source ``source``)."""
    node = NODE_BY_LABEL[label]
    tx.run(_q(f"CREATE (n:{node.label}) SET n = $props, n.source = $source, n.firstseen = datetime(), "
              f"n.lastupdated = datetime(), n.edited_at = datetime(), n.edited_by = $by"),
           props={k: v for k, v in props.items() if v is not None}, by=by, source=source).consume()


def rel_properties(tx: ManagedTransaction, name: str, start: Any, end: Any, directed: bool = True
                   ) -> dict[str, Any] | None:
    """The properties of the relationship ``name`` from ``start`` to ``end`` (either way when not ``directed``)."""
    row = tx.run(_q(_match_rel(name, directed) + " RETURN properties(r) AS p LIMIT 1"), start=start, end=end).single()
    return None if row is None else dict(row["p"])


def rel_ends(tx: ManagedTransaction, name: str, start: Any) -> list[Any]:
    """The keys of the end nodes of the relationships ``name`` from ``start``, sorted."""
    rel = REL_BY_NAME[name]
    first, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    query = _q(f"MATCH (:{first.label} {{{first.key}: $start}})-[:{rel.type}]->(b:{end.label}) "
               f"RETURN DISTINCT b.{end.key} AS key ORDER BY key")
    return [row["key"] for row in tx.run(query, start=start)]


def set_rel(tx: ManagedTransaction, name: str, start: Any, end: Any, props: Mapping[str, Any], by: str) -> None:
    """Set ``props`` on the relationship, with the app's bookkeeping."""
    tx.run(_q(_match_rel(name) + " SET r += $props, r.edited_at = datetime(), r.edited_by = $by, "
                                 "r.lastupdated = datetime()"), start=start, end=end, props=dict(props), by=by
           ).consume()


def create_rel(tx: ManagedTransaction, name: str, start: Any, end: Any, props: Mapping[str, Any], by: str,
               source: str) -> int:
    """Create the relationship between two existing nodes as the app's; returns how many were created (0: an end
    is missing)."""
    rel = REL_BY_NAME[name]
    first, last = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    summary = tx.run(_q(f"MATCH (a:{first.label} {{{first.key}: $start}}) MATCH (b:{last.label} {{{last.key}: $end}}) "
                        f"CREATE (a)-[r:{rel.type}]->(b) SET r = $props, r.source = $source, "
                        f"r.firstseen = datetime(), r.lastupdated = datetime(), r.edited_at = datetime(), "
                        f"r.edited_by = $by"),
                     start=start, end=end, props={k: v for k, v in props.items() if v is not None}, by=by,
                     source=source).consume()
    return summary.counters.relationships_created


def delete_rel(tx: ManagedTransaction, name: str, start: Any, end: Any, directed: bool = True) -> int:
    """Delete the relationship(s) ``name`` between ``start`` and ``end``; returns how many."""
    summary = tx.run(_q(_match_rel(name, directed) + " DELETE r"), start=start, end=end).consume()
    return summary.counters.relationships_deleted
