"""Batched loads and source cleanup generated from the model declarations (Cartography's pattern).

Each load is ``UNWIND $rows AS row MERGE ... SET ...`` in batches, each batch one managed write
transaction. Labels, types and property names come from :mod:`graph.model`, never from input; the
values always travel as parameters. An import writes its batches with two writer threads (graph/writers.py), and
the relationships to reference nodes without MERGE's lock on the reference node (graph/load_sparse.py), with the
same outcome as the merges here.

Every written node and relationship gets ``source``, ``lastupdated`` (the run's timestamp) and, when
created, ``firstseen``. After a full load of a source, :func:`cleanup` removes what that source wrote
before but no longer lists, unless that would remove more than a set share of it, and bumps the data version
(graph/version.py) after the import's last write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString, cast

from neo4j import ManagedTransaction

from graph.model import NODE_BY_LABEL, NODES, REL_BY_NAME, RELATIONSHIPS, NodeType, RelType
from graph.store import Store
from graph.version import bump

IDENTITY_PROPERTY = "ident"
# What the app created (importers.upkeep.changes.APP_SOURCE; graph imports nothing of ours): an import may list it,
# but it keeps this source, so that no import's cleanup ever deletes it.
APP_SOURCE = "wijkgraph:app"
# An import's rows keep the source of what the app created; everything else becomes the import's (one CASE, so the
# load stays one generated query per label or type; the app's source is this module's constant, not input).
_SOURCE_OF_NODE = f"CASE n.source WHEN '{APP_SOURCE}' THEN n.source ELSE $source END"
SOURCE_OF_REL = f"CASE r.source WHEN '{APP_SOURCE}' THEN r.source ELSE $source END"


def _q(text: str) -> LiteralString:
    # Generated from model declarations (constants), never from input: safe to treat as a literal.
    return cast(LiteralString, text)


def node_merge_query(node: NodeType) -> LiteralString:
    assignments = "".join(f", n.{prop.name} = row.{prop.name}" for prop in node.properties)
    return _q(
        f"UNWIND $rows AS row\n"
        f"MERGE (n:{node.label} {{{node.key}: row.{node.key}}})\n"
        f"ON CREATE SET n.firstseen = $now\n"
        f"SET n.source = {_SOURCE_OF_NODE}, n.lastupdated = $now{assignments}"
    )


def relationship_merge_query(rel: RelType) -> LiteralString:
    start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    identity = f" {{{IDENTITY_PROPERTY}: row.{IDENTITY_PROPERTY}}}" if rel.identity else ""
    assignments = "".join(f", r.{prop.name} = row.{prop.name}" for prop in rel.properties)
    return _q(
        f"UNWIND $rows AS row\n"
        f"MATCH (a:{start.label} {{{start.key}: row.{rel.start_field}}})\n"
        f"MATCH (b:{end.label} {{{end.key}: row.{rel.end_field}}})\n"
        f"MERGE (a)-[r:{rel.type}{identity}]->(b)\n"
        f"ON CREATE SET r.firstseen = $now\n"
        f"SET r.source = {SOURCE_OF_REL}, r.lastupdated = $now{assignments}"
    )


def identity_of(rel: RelType, row: Mapping[str, Any]) -> str:
    """The value that tells apart two relationships of ``rel`` between the same two nodes."""
    return "|".join("" if row.get(name) is None else str(row[name]) for name in rel.identity)


def load_nodes(
    store: Store, label: str, rows: Iterable[Mapping[str, Any]], source: str, now: datetime,
    on_batch: Callable[[int], None] | None = None, batch_size: int | None = None,
) -> Counter[str]:
    node = NODE_BY_LABEL[label]
    return store.write_batches(
        node_merge_query(node), rows, {"source": source, "now": now}, batch_size=batch_size, on_batch=on_batch
    )


def load_relationships(
    store: Store, name: str, rows: Iterable[Mapping[str, Any]], source: str, now: datetime,
    on_batch: Callable[[int], None] | None = None, batch_size: int | None = None,
) -> Counter[str]:
    rel = REL_BY_NAME[name]
    if rel.identity:
        rows = ({**row, IDENTITY_PROPERTY: identity_of(rel, row)} for row in rows)
    return store.write_batches(
        relationship_merge_query(rel), rows, {"source": source, "now": now}, batch_size=batch_size, on_batch=on_batch
    )


def existing_keys(store: Store, label: str, keys: Iterable[Any]) -> set[Any]:
    """Which of ``keys`` exist as keys of ``label`` nodes (one indexed lookup per key, one query)."""
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    node = NODE_BY_LABEL[label]
    query = _q(f"UNWIND $keys AS key MATCH (n:{node.label} {{{node.key}: key}}) RETURN key")
    return {row["key"] for row in store.read(query, {"keys": wanted})}


@dataclass(frozen=True)
class StaleShare:
    what: str  # a label or a relationship type
    stale: int
    total: int

    @property
    def share(self) -> float:
        return self.stale / self.total if self.total else 0.0


# Users and the audit log are wijkgraph's own bookkeeping: no import's cleanup may ever remove them.
CLEANABLE_NODES = tuple(node for node in NODES if not node.system)
# What the app changed belongs to the app: a cleanup keeps an edited relationship, an edited node with the links
# that are part of its record (PART_OF_START), and a node with a relationship the app created or edited (deleting
# the node would delete that relationship). The import guard does not count the edited ones as deletions; it may
# count a node kept only for its relationship as one (conservative), never the other way.
# The relationship types a node's own row writes (a professional's organisation, a civil partner's wijken, a team's
# wijken, an agreement's team, organisation and expertise): part of the record the app edits (importers.upkeep.imports
# derives the same from the sheets; tests/test_upkeep_imports.py keeps the two equal).
PART_OF_START = ("ACTIVE_IN", "EMPLOYED_BY", "FOR_EXPERTISE", "IN_MUNICIPALITY", "OF_TEAM", "SERVES",
                 "SERVES_MUNICIPALITY", "WITH_ORGANISATION")
_KEPT_NODE = ("(n.edited_at IS NOT NULL OR EXISTS { MATCH (n)-[k]-() WHERE k.source = $app_source "
              "OR k.edited_at IS NOT NULL })")


def _kept_rel(rel_type: str) -> str:
    """The condition on ``r`` (of ``rel_type``) under which a cleanup keeps it: edited, or part of an edited node."""
    part = " OR startNode(r).edited_at IS NOT NULL" if rel_type in PART_OF_START else ""
    return f"(r.edited_at IS NOT NULL{part})"


def N_(template: str) -> str:
    """Marks a message template for the catalog (``bin/i18n``); the CLI translates it (graph imports nothing of api)."""
    return template


REIMPORT_REFUSED = N_("Re-import of source {source} would delete {listing} (more than {share}) that the new file no "
                      "longer lists. Nothing was changed. Check the file, or repeat with --force to delete them.")
REPLACE_REFUSED = N_("Replacing source {source} would delete {listing} (more than {share}) that the new file does not "
                     "list. Nothing was changed. Check the file, or repeat with --force to delete them.")


class CleanupRefused(RuntimeError):
    """A cleanup would delete more than the allowed share of a source's data (nothing was written or deleted).

    The message is an English template with fields (``template``, ``fields``), shown in the user's language."""

    def __init__(self, template: str, **fields: Any) -> None:
        super().__init__(template.format(**fields))
        self.template, self.fields = template, fields


def refuse_stale(source: str, shares: Iterable[StaleShare], max_share: float, replaced: bool = False) -> None:
    """Raise :class:`CleanupRefused` when any of ``shares`` is over ``max_share`` (``replaced``: ``source`` is the
    source an import replaces, not its own)."""
    too_many = [share for share in shares if share.stale and share.share > max_share]
    if too_many:
        listing = ", ".join(f"{s.stale} of {s.total} {s.what}" for s in too_many)
        raise CleanupRefused(REPLACE_REFUSED if replaced else REIMPORT_REFUSED, source=repr(source), listing=listing,
                             share=f"{max_share:.0%}")


def stale_shares(store: Store, source: str, now: datetime) -> list[StaleShare]:
    """Per label and relationship type: how much of ``source`` was not written at ``now``."""
    shares = []
    for node in CLEANABLE_NODES:
        row = store.read(_q(
            f"MATCH (n:{node.label}) WHERE n.source = $source "
            f"RETURN count(n) AS total, count(CASE WHEN n.lastupdated < $now AND NOT {_KEPT_NODE} THEN 1 END) AS stale"
        ), {"source": source, "now": now, "app_source": APP_SOURCE})[0]
        if row["total"]:
            shares.append(StaleShare(node.label, row["stale"], row["total"]))
    for rel_type in sorted({rel.type for rel in RELATIONSHIPS}):
        row = store.read(_q(
            f"MATCH ()-[r:{rel_type}]->() WHERE r.source = $source "
            f"RETURN count(r) AS total, count(CASE WHEN r.lastupdated < $now AND NOT {_kept_rel(rel_type)} THEN 1 END) "
            f"AS stale"
        ), {"source": source, "now": now})[0]
        if row["total"]:
            shares.append(StaleShare(rel_type, row["stale"], row["total"]))
    return shares


def cleanup(
    store: Store, source: str, now: datetime, max_share: float = 0.10, force: bool = False
) -> Counter[str]:
    """Delete what ``source`` wrote before ``now`` and did not write again, but for what the app changed
    (:func:`kept_by_app` counts it afterwards).

    Refuses (:class:`CleanupRefused`) when any label or type would lose more than ``max_share`` of the
    source's data, unless ``force``: a half-empty export should not wipe a wijk's contacts.
    """
    if not force:
        refuse_stale(source, stale_shares(store, source, now), max_share)
    deleted: Counter[str] = Counter()
    for rel_type in sorted({rel.type for rel in RELATIONSHIPS}):
        deleted += store.write(_q(
            f"MATCH ()-[r:{rel_type}]->() WHERE r.source = $source AND r.lastupdated < $now "
            f"AND NOT {_kept_rel(rel_type)} DELETE r"
        ), {"source": source, "now": now})
    for node in CLEANABLE_NODES:
        deleted += store.write(_q(
            f"MATCH (n:{node.label}) WHERE n.source = $source AND n.lastupdated < $now AND NOT {_KEPT_NODE} "
            f"DETACH DELETE n"
        ), {"source": source, "now": now, "app_source": APP_SOURCE})
    bump(store)  # every import ends with its cleanup: the answers cached before it are no longer current
    return deleted


def kept_by_app(store: Store, source: str, now: datetime) -> Counter[str]:
    """After :func:`cleanup` of ``source`` at ``now``: what it kept because the app changed it (what the source
    holds from before ``now``), per label and type."""
    kept: Counter[str] = Counter()
    for rel_type in sorted({rel.type for rel in RELATIONSHIPS}):
        kept[rel_type] += store.read(_q(
            f"MATCH ()-[r:{rel_type}]->() WHERE r.source = $source AND r.lastupdated < $now RETURN count(r) AS n"
        ), {"source": source, "now": now})[0]["n"]
    for node in CLEANABLE_NODES:
        kept[node.label] += store.read(_q(
            f"MATCH (n:{node.label}) WHERE n.source = $source AND n.lastupdated < $now RETURN count(n) AS n"
        ), {"source": source, "now": now})[0]["n"]
    return +kept


KEY_CHUNK = 10_000  # keys sent per lookup: one parameter list of this size is cheap for Neo4j and for the driver


def source_totals(store: Store, source: str, deletable: bool = False) -> Counter[str]:
    """How many nodes per label and relationships per type ``source`` holds (only the cleanable ones; with
    ``deletable`` not those edited in the app, which no cleanup deletes)."""
    totals: Counter[str] = Counter()
    node_kept = " AND n.edited_at IS NULL" if deletable else ""
    for node in CLEANABLE_NODES:
        totals[node.label] += store.read(_q(f"MATCH (n:{node.label}) WHERE n.source = $source{node_kept} "
                                            f"RETURN count(n) AS n"), {"source": source})[0]["n"]
    for rel_type in sorted({rel.type for rel in RELATIONSHIPS}):
        rel_kept = f" AND NOT {_kept_rel(rel_type)}" if deletable else ""
        totals[rel_type] += store.read(_q(f"MATCH ()-[r:{rel_type}]->() WHERE r.source = $source{rel_kept} "
                                          f"RETURN count(r) AS n"), {"source": source})[0]["n"]
    return +totals


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    return (items[index:index + KEY_CHUNK] for index in range(0, len(items), KEY_CHUNK))


def rewritten(store: Store, sources: Iterable[str], nodes: Mapping[str, Iterable[Mapping[str, Any]]],
              relationships: Mapping[str, Iterable[Mapping[str, Any]]], deletable: bool = False
              ) -> dict[str, Counter[str]]:
    """Per source of ``sources``: how many of its nodes (per label) and relationships (per type) these rows write
    again (with ``deletable`` only those not edited in the app, as :func:`source_totals`). Rows are the load rows
    (:func:`load_nodes`, :func:`load_relationships`); each is counted once."""
    wanted = sorted(set(sources))
    counts: dict[str, Counter[str]] = {source: Counter() for source in wanted}
    node_kept = " AND n.edited_at IS NULL" if deletable else ""
    for label, rows in nodes.items():
        node = NODE_BY_LABEL[label]
        query = _q(f"UNWIND $keys AS key MATCH (n:{node.label} {{{node.key}: key}}) "
                   f"WHERE n.source IN $sources{node_kept} RETURN n.source AS source, count(n) AS n")
        for keys in _chunks(list({row[node.key] for row in rows})):
            for found in store.read(query, {"keys": keys, "sources": wanted}):
                counts[found["source"]][label] += found["n"]
    for name, rel_rows in relationships.items():
        rel = REL_BY_NAME[name]
        start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
        ident = f" AND r.{IDENTITY_PROPERTY} = row.ident" if rel.identity else ""
        rel_kept = f" AND NOT {_kept_rel(rel.type)}" if deletable else ""
        query = _q(f"UNWIND $rows AS row MATCH (a:{start.label} {{{start.key}: row.start}})-[r:{rel.type}]->"
                   f"(b:{end.label} {{{end.key}: row.end}}) WHERE r.source IN $sources{ident}{rel_kept} "
                   f"RETURN r.source AS source, count(DISTINCT r) AS n")
        unique = list({(row[rel.start_field], row[rel.end_field], identity_of(rel, row) if rel.identity else "")
                         for row in rel_rows})
        for chunk in _chunks(unique):
            rows = [{"start": a, "end": b, "ident": i} for a, b, i in chunk]
            for found in store.read(query, {"rows": rows, "sources": wanted}):
                counts[found["source"]][rel.type] += found["n"]
    return counts


def owners(store: Store, source: str, nodes: Mapping[str, Iterable[Mapping[str, Any]]]
           ) -> dict[tuple[str, str], tuple[int, Any]]:
    """Which of the nodes these rows write belong to another source than ``source``: per (source, label) how many,
    and the smallest of their keys as an example."""
    found: dict[tuple[str, str], tuple[int, Any]] = {}
    for label, rows in nodes.items():
        node = NODE_BY_LABEL[label]
        query = _q(f"UNWIND $keys AS key MATCH (n:{node.label} {{{node.key}: key}}) WHERE n.source <> $source "
                   f"RETURN n.source AS source, count(n) AS n, min(key) AS example")
        for keys in _chunks(list({row[node.key] for row in rows})):
            for row in store.read(query, {"keys": keys, "source": source}):
                count, example = found.get((row["source"], label), (0, row["example"]))
                found[row["source"], label] = (count + row["n"], min(example, row["example"]))
    return found


def lock_node(tx: ManagedTransaction, label: str, key: Any) -> bool:
    """Take the write lock of the node ``label`` with ``key`` for the rest of ``tx`` (False: there is none).

    Read, compare and write happen in one transaction; the lock first makes the read see the last committed state
    and keeps a second editor waiting until this change is committed (then its version check fails)."""
    node = NODE_BY_LABEL[label]
    query = _q(f"MATCH (n:{node.label} {{{node.key}: $key}}) SET n.edit_lock = true "
               f"REMOVE n.edit_lock RETURN count(n) AS n")
    return bool(tx.run(query, key=key).single(strict=True)["n"])
