"""Counting what is in the test database, to prove what an import wrote (or that it wrote nothing)."""

from __future__ import annotations

from graph.store import Store

# The data version (graph/version.py): bookkeeping every import and change moves, like lastupdated; not counted.
DATA_VERSION = "(n:WijkgraphSchema AND n.id = 'data')"


def graph_counts(store: Store, source: str | None = None) -> dict[str, int]:
    """Nodes per label and relationships per type; only those written by ``source`` when given."""
    nodes = store.read(
        f"MATCH (n) WHERE ($source IS NULL OR n.source = $source) AND NOT {DATA_VERSION} "
        "UNWIND labels(n) AS label RETURN label, count(*) AS n",
        {"source": source},
    )
    rels = store.read(
        "MATCH ()-[r]->() WHERE $source IS NULL OR r.source = $source RETURN type(r) AS type, count(*) AS n",
        {"source": source},
    )
    return {**{row["label"]: row["n"] for row in nodes}, **{row["type"]: row["n"] for row in rels}}


def graph_snapshot(store: Store, ignore: tuple[str, ...] = ("lastupdated",)) -> dict[str, list[str]]:
    """Every node and relationship with all its property values (but ``ignore``), as sorted text: two graphs are
    the same when their snapshots are equal. Relationships name their ends by label and key, not by internal id."""
    nodes = store.read(
        f"MATCH (n) WHERE NOT {DATA_VERSION} RETURN labels(n) AS labels, properties(n) AS props")
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS a_labels, properties(a) AS a, labels(b) AS b_labels, "
        "properties(b) AS b, properties(r) AS props")

    def shown(props: dict[str, object]) -> str:
        return repr(sorted((key, str(value)) for key, value in props.items() if key not in ignore))

    def end(labels: list[str], props: dict[str, object]) -> str:
        key = next((props[name] for name in ("id", "code", "name") if name in props), None)
        return f"{sorted(labels)}:{key}"

    return {"nodes": sorted(f"{sorted(row['labels'])} {shown(row['props'])}" for row in nodes),
            "relationships": sorted(f"{end(row['a_labels'], row['a'])}-[{row['type']} {shown(row['props'])}]->"
                                    f"{end(row['b_labels'], row['b'])}" for row in rels)}
