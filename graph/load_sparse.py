"""Relationships to reference nodes, written from the sparse side without locking the reference node.

``MERGE (a)-[r]->(b)`` between two bound nodes is a ``LockingMerge``: it takes the write locks of both ends. A few
nodes are the end of very many relationships: the reference data every database holds (graph/schema.py
``ReferenceData``: 9 Expertise and 16 LifeDomain nodes), while every household's needs, every ZRM score and every
professional's expertise point at them. With MERGE every batch of ``SCORED`` or ``NEEDS`` rows holds the locks of all
of them until it commits, so two writers take turns. For these types the load is up to three statements in one
transaction (a fresh load runs 1 and 3, a re-import 1 and 2):

1. a read: which rows' relationships exist, looked for from the start node (an expand from the sparse end, filtered
   on the end's key and the identity);
2. for those, set the properties as MERGE's ``SET`` does (one statement that writes and returns, planned an Eager);
3. ``CREATE`` the missing ones, with ``firstseen`` (MERGE's ``ON CREATE``).

The same semantics as the merge of graph/load.py: ``firstseen`` only on create, the app's source kept, ``lastupdated``
and every declared property set, the identity property. Without MERGE's locks, two transactions that create the same
relationship at the same time would both create it; an import never does: :func:`unique_rows` holds each
(start, end, identity) once over the whole type (statement 1 does not see what statement 3 creates), keeping the last
row of each (what MERGE row by row leaves behind), so one relationship never reaches two batches (graph/writers.py).
A lock on the start node before the look-up (tried: ``SET a.lastupdated = a.lastupdated``) would also order an import
against an edit in the app, but Neo4j plans an Eager for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, LiteralString, cast

from neo4j import ManagedTransaction

from graph.load import IDENTITY_PROPERTY, SOURCE_OF_REL
from graph.model import NODE_BY_LABEL, RelType
from graph.store import update_counters

# The labels whose nodes are all reference data (ReferenceData: expertise and life_domains), a fixed two dozen per
# database, while the relationships that end on them grow with the households and professionals. Declared here
# rather than in graph/model.py: it is a property of the load, and every other label grows with the data.
REFERENCE_LABELS = ("Expertise", "LifeDomain")
ROW_NUMBER = "row_number"  # added to each row of a batch: which rows statement 1 found


def _q(text: str) -> LiteralString:
    # Generated from model declarations (constants), never from input: safe to treat as a literal.
    return cast(LiteralString, text)


def from_sparse_side(rel: RelType) -> bool:
    """Whether ``rel`` is written by :func:`write_batch`: it ends on a reference node and starts on another node.
    (``CALLS_FOR``, between two reference nodes, has a handful of rows written once by the schema: it merges.)"""
    return rel.end in REFERENCE_LABELS and rel.start not in REFERENCE_LABELS


def _assignments(rel: RelType) -> str:
    return "".join(f", r.{prop.name} = row.{prop.name}" for prop in rel.properties)


def _found(rel: RelType) -> str:
    start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    identity = f" AND r.{IDENTITY_PROPERTY} = row.{IDENTITY_PROPERTY}" if rel.identity else ""
    # The end is matched by key through the relationship (its label as a filter, not an index), so the expand
    # starts at `a`, the sparse end, whatever the planner estimates.
    return (f"UNWIND $rows AS row\n"
            f"MATCH (a:{start.label} {{{start.key}: row.{rel.start_field}}})-[r:{rel.type}]->(b)\n"
            f"WHERE b.{end.key} = row.{rel.end_field} AND '{end.label}' IN labels(b){identity}\n")


def find_query(rel: RelType) -> LiteralString:
    """Statement 1 (a read): which rows' relationships exist."""
    return _q(_found(rel) + f"RETURN DISTINCT row.{ROW_NUMBER} AS found")


def update_query(rel: RelType) -> LiteralString:
    """Statement 2, for the rows found: set the properties (a write that returns nothing: no Eager)."""
    return _q(_found(rel) + f"SET r.source = {SOURCE_OF_REL}, r.lastupdated = $now{_assignments(rel)}")


def create_query(rel: RelType) -> LiteralString:
    """Statement 3: create the relationships statement 1 did not find."""
    start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    identity = f" {{{IDENTITY_PROPERTY}: row.{IDENTITY_PROPERTY}}}" if rel.identity else ""
    return _q(
        f"UNWIND $rows AS row\n"
        f"MATCH (a:{start.label} {{{start.key}: row.{rel.start_field}}})\n"
        f"MATCH (b:{end.label} {{{end.key}: row.{rel.end_field}}})\n"
        f"CREATE (a)-[r:{rel.type}{identity}]->(b)\n"
        f"SET r.firstseen = $now, r.source = $source, r.lastupdated = $now{_assignments(rel)}"
    )


def unique_rows(rel: RelType, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (with their identity property filled in) with each (start, end, identity) once, the last row of
    each kept (MERGE row by row creates at the first and sets the properties of each, so the last one's stay),
    sorted by start key: the start nodes a batch locks are then a range, shared with at most the batch before it."""
    last: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    for row in rows:
        key = (row[rel.start_field], row[rel.end_field], row.get(IDENTITY_PROPERTY))
        last.pop(key, None)  # the last row's place, as MERGE's properties are the last row's
        last[key] = dict(row)
    return sorted(last.values(), key=lambda row: str(row[rel.start_field]))


def write_batch(find: LiteralString, update: LiteralString, create: LiteralString, rows: list[dict[str, Any]],
                parameters: Mapping[str, Any], tx: ManagedTransaction) -> Counter[str]:
    """Run the statements for one batch of ``rows`` (each with its ``row_number``) in ``tx``: find, then update the
    rows found and create the others. May run again (a retried transaction): it changes none of its inputs."""
    found = {record["found"] for record in tx.run(find, {**parameters, "rows": rows})}
    counters: Counter[str] = Counter()
    for query, part in ((update, [row for row in rows if row[ROW_NUMBER] in found]),
                        (create, [row for row in rows if row[ROW_NUMBER] not in found])):
        if part:
            counters += update_counters(tx.run(query, {**parameters, "rows": part}).consume())
    return counters
