"""Counting what is in the test database, to prove what an import wrote (or that it wrote nothing)."""

from __future__ import annotations

from graph.store import Store


def graph_counts(store: Store, source: str | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type; only those written by ``source`` when given."""
    nodes = store.read(
        "MATCH (n) WHERE $source IS NULL OR n.source = $source UNWIND labels(n) AS label RETURN label, count(*) AS n",
        {"source": source},
    )
    rels = store.read(
        "MATCH ()-[r]->() WHERE $source IS NULL OR r.source = $source RETURN type(r) AS type, count(*) AS n",
        {"source": source},
    )
    return {**{row["label"]: row["n"] for row in nodes}, **{row["type"]: row["n"] for row in rels}}
