"""What the app changed, read in bulk for an import (:mod:`importers.upkeep.imports`), generated from the model.

An import asks once per label (and relationship declaration) and per chunk of keys which of the records it is about
to write the app has touched: edited (``edited_at``), created (source ``wijkgraph:app``) or verified by someone
other than an import (``verified_by``). Each key is an indexed lookup; only the touched records come back, so an
import of a file nobody edited in the app reads one empty answer per label. Labels, types and key properties come
from :mod:`graph.model` declarations, never from input; keys travel as parameters.

The properties come as a map projection (``n {.*}``), not ``properties(n)``: after ``WHERE n.edited_at IS NOT NULL
OR ...``, Neo4j 5.26 answers ``properties(n)`` with ``edited_at: true`` (the predicate's cached value).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, LiteralString, cast

from graph.load import APP_SOURCE, KEY_CHUNK
from graph.model import NODE_BY_LABEL, REL_BY_NAME
from graph.store import Store


def _q(text: str) -> LiteralString:
    # Generated from model declarations (constants), never from input: safe to treat as a literal.
    return cast(LiteralString, text)


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    every = list(items)
    return (every[index:index + KEY_CHUNK] for index in range(0, len(every), KEY_CHUNK))


def touched_nodes(store: Store, label: str, keys: Iterable[Any], source: str) -> dict[Any, dict[str, Any]]:
    """Of the ``label`` nodes with ``keys``: those the app touched, by key, with all their properties. A
    ``verified_by`` equal to ``source`` (an import's) is no verification in the app."""
    node = NODE_BY_LABEL[label]
    query = _q(f"UNWIND $keys AS key MATCH (n:{node.label} {{{node.key}: key}}) "
               f"WHERE n.edited_at IS NOT NULL OR n.source = $app_source "
               f"OR (n.verified_by IS NOT NULL AND n.verified_by <> $source) "
               f"RETURN key, n {{.*}} AS props")
    found: dict[Any, dict[str, Any]] = {}
    for chunk in _chunks(set(keys)):
        for row in store.read(query, {"keys": chunk, "source": source, "app_source": APP_SOURCE}):
            found[row["key"]] = dict(row["props"])
    return found


def touched_relationships(store: Store, name: str, pairs: Iterable[tuple[Any, Any]]
                          ) -> dict[tuple[Any, Any], dict[str, Any]]:
    """Of the relationships ``name`` between the (start, end) ``pairs``: those the app edited or created, by pair,
    with all their properties."""
    rel = REL_BY_NAME[name]
    start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    query = _q(f"UNWIND $rows AS row MATCH (a:{start.label} {{{start.key}: row.start}})-[r:{rel.type}]->"
               f"(b:{end.label} {{{end.key}: row.end}}) WHERE r.edited_at IS NOT NULL OR r.source = $app_source "
               f"RETURN row.start AS start, row.end AS end, r {{.*}} AS props")
    found: dict[tuple[Any, Any], dict[str, Any]] = {}
    for chunk in _chunks(set(pairs)):
        rows = [{"start": first, "end": last} for first, last in chunk]
        for row in store.read(query, {"rows": rows, "app_source": APP_SOURCE}):
            found[row["start"], row["end"]] = dict(row["props"])
    return found


def ends_of(store: Store, name: str, starts: Iterable[Any]) -> dict[Any, set[Any]]:
    """The keys of the end nodes of the relationships ``name`` from each of ``starts`` (only starts that have
    some)."""
    rel = REL_BY_NAME[name]
    start, end = NODE_BY_LABEL[rel.start], NODE_BY_LABEL[rel.end]
    query = _q(f"UNWIND $keys AS key MATCH (a:{start.label} {{{start.key}: key}})-[:{rel.type}]->(b:{end.label}) "
               f"RETURN key, collect(DISTINCT b.{end.key}) AS ends")
    found: dict[Any, set[Any]] = {}
    for chunk in _chunks(set(starts)):
        for row in store.read(query, {"keys": chunk}):
            found[row["key"]] = set(row["ends"])
    return found
