"""Batched loads and source cleanup generated from the model declarations (Cartography's pattern).

Each load is ``UNWIND $rows AS row MERGE ... SET ...`` in batches, each batch one managed write
transaction. Labels, types and property names come from :mod:`graph.model`, never from input; the
values always travel as parameters.

Every written node and relationship gets ``source``, ``lastupdated`` (the run's timestamp) and, when
created, ``firstseen``. After a full load of a source, :func:`cleanup` removes what that source wrote
before but no longer lists, unless that would remove more than a set share of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString, cast

from graph.model import NODE_BY_LABEL, NODES, REL_BY_NAME, RELATIONSHIPS, NodeType, RelType
from graph.store import Store

IDENTITY_PROPERTY = "ident"


def _q(text: str) -> LiteralString:
    # Generated from model declarations (constants), never from input: safe to treat as a literal.
    return cast(LiteralString, text)


def node_merge_query(node: NodeType) -> LiteralString:
    assignments = "".join(f", n.{prop.name} = row.{prop.name}" for prop in node.properties)
    return _q(
        f"UNWIND $rows AS row\n"
        f"MERGE (n:{node.label} {{{node.key}: row.{node.key}}})\n"
        f"ON CREATE SET n.firstseen = $now\n"
        f"SET n.source = $source, n.lastupdated = $now{assignments}"
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
        f"SET r.source = $source, r.lastupdated = $now{assignments}"
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


class CleanupRefused(RuntimeError):
    """A cleanup would delete more than the allowed share of a source's data."""


def stale_shares(store: Store, source: str, now: datetime) -> list[StaleShare]:
    """Per label and relationship type: how much of ``source`` was not written at ``now``."""
    shares = []
    for node in CLEANABLE_NODES:
        row = store.read(_q(
            f"MATCH (n:{node.label}) WHERE n.source = $source "
            f"RETURN count(n) AS total, count(CASE WHEN n.lastupdated < $now THEN 1 END) AS stale"
        ), {"source": source, "now": now})[0]
        if row["total"]:
            shares.append(StaleShare(node.label, row["stale"], row["total"]))
    for rel_type in sorted({rel.type for rel in RELATIONSHIPS}):
        row = store.read(_q(
            f"MATCH ()-[r:{rel_type}]->() WHERE r.source = $source "
            f"RETURN count(r) AS total, count(CASE WHEN r.lastupdated < $now THEN 1 END) AS stale"
        ), {"source": source, "now": now})[0]
        if row["total"]:
            shares.append(StaleShare(rel_type, row["stale"], row["total"]))
    return shares


def cleanup(
    store: Store, source: str, now: datetime, max_share: float = 0.10, force: bool = False
) -> Counter[str]:
    """Delete what ``source`` wrote before ``now`` and did not write again.

    Refuses (:class:`CleanupRefused`) when any label or type would lose more than ``max_share`` of the
    source's data, unless ``force``: a half-empty export should not wipe a wijk's contacts.
    """
    shares = [share for share in stale_shares(store, source, now) if share.stale]
    too_many = [share for share in shares if share.share > max_share]
    if too_many and not force:
        listing = ", ".join(f"{s.stale} of {s.total} {s.what}" for s in too_many)
        raise CleanupRefused(
            f"Re-import of source {source!r} would delete {listing} (more than {max_share:.0%}) that the new "
            f"file no longer lists. Nothing was deleted. Check the file, or repeat with --force to delete them."
        )
    deleted: Counter[str] = Counter()
    for rel_type in sorted({rel.type for rel in RELATIONSHIPS}):
        deleted += store.write(_q(
            f"MATCH ()-[r:{rel_type}]->() WHERE r.source = $source AND r.lastupdated < $now DELETE r"
        ), {"source": source, "now": now})
    for node in CLEANABLE_NODES:
        deleted += store.write(_q(
            f"MATCH (n:{node.label}) WHERE n.source = $source AND n.lastupdated < $now DETACH DELETE n"
        ), {"source": source, "now": now})
    return deleted
