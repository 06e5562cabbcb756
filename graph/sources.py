"""Cheap answers about who holds a label, so that an import's guard asks per key only where the answer can differ.

A first national load writes 23 M elements; asking for every one of its keys whether another source holds it (and
whether it rewrites something its own source holds) costs minutes, while one count per label says it cannot be so.
The total of a label comes from Neo4j's count store (no scan); the count of one source from the ``source`` index.
"""

from __future__ import annotations

from typing import LiteralString, cast

from graph.model import NODE_BY_LABEL
from graph.store import Store


def _q(text: str) -> LiteralString:
    # Generated from model declarations (constants), never from input: safe to treat as a literal.
    return cast(LiteralString, text)


def held_by_others(store: Store, label: str, source: str) -> bool:
    """Whether any ``label`` node has a source other than ``source`` (False: no key of ``label`` can be foreign)."""
    node = NODE_BY_LABEL[label]
    row = store.read(_q(
        f"CALL () {{ MATCH (n:{node.label}) RETURN count(n) AS total }} "
        f"CALL () {{ MATCH (n:{node.label}) WHERE n.source = $source RETURN count(n) AS own }} "
        f"RETURN total, own"), {"source": source})[0]
    return bool(row["total"] != row["own"])
