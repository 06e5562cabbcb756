"""Constraints, indexes and the schema version, generated from :mod:`graph.model`.

``apply`` is idempotent (``IF NOT EXISTS``) and records :data:`SCHEMA_VERSION` in a
``(:WijkgraphSchema)`` node. A database whose recorded version is newer than this code's is refused,
so an old wijkgraph never writes into a store a newer one has migrated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import LiteralString, cast

from graph.load import load_nodes, load_relationships
from graph.model import NODES, RELATIONSHIPS, ReferenceData
from graph.store import Store
from graph.version import bump

SCHEMA_VERSION = 1
SCHEMA_LABEL = "WijkgraphSchema"
FULLTEXT_INDEX = "contact_search"
# Dutch stemming and stop words for the contact search (Lucene's DutchAnalyzer); an index made with another
# analyser is dropped and made again by apply.
FULLTEXT_ANALYZER = "dutch"
REFERENCE_SOURCE = "wijkgraph:reference"


class SchemaTooNew(RuntimeError):
    """The database was written by a newer wijkgraph."""


@dataclass(frozen=True)
class SchemaStatement:
    name: str
    cypher: str


def _name(*parts: str) -> str:
    return "_".join(part.lower() for part in parts)


def statements() -> list[SchemaStatement]:
    """Every constraint and index the model asks for, as idempotent Cypher."""
    result = []
    for node in NODES:
        name = _name(node.label, node.key, "unique")
        result.append(SchemaStatement(
            name, f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE"
        ))
        for prop in (*node.indexes, "source"):
            name = _name(node.label, prop)
            result.append(SchemaStatement(
                name, f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{node.label}) ON (n.{prop})"
            ))
    for rel_type in sorted({rel.type for rel in RELATIONSHIPS}):
        name = _name("rel", rel_type, "source")
        result.append(SchemaStatement(
            name, f"CREATE INDEX {name} IF NOT EXISTS FOR ()-[r:{rel_type}]-() ON (r.source)"
        ))
    result.append(SchemaStatement(
        FULLTEXT_INDEX,
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
        "FOR (n:Professional|Organisation|CivilPartner|Team) ON EACH [n.name, n.function, n.kind] "
        f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{FULLTEXT_ANALYZER}'}}}}",
    ))
    result.append(SchemaStatement(
        "wijkgraph_schema_unique",
        f"CREATE CONSTRAINT wijkgraph_schema_unique IF NOT EXISTS FOR (n:{SCHEMA_LABEL}) REQUIRE n.id IS UNIQUE",
    ))
    return result


def recorded_version(store: Store) -> int | None:
    rows = store.read(cast(LiteralString, f"MATCH (s:{SCHEMA_LABEL} {{id: 'schema'}}) RETURN s.version AS version"))
    return rows[0]["version"] if rows else None


def check_version(store: Store) -> None:
    version = recorded_version(store)
    if version is not None and version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"This database has wijkgraph schema version {version}, newer than this wijkgraph's "
            f"{SCHEMA_VERSION}. Upgrade wijkgraph before using this database; nothing was changed."
        )


def apply(store: Store) -> int:
    """Create all constraints and indexes, load the reference data, record the version; returns it."""
    check_version(store)
    _drop_other_analyzer(store)
    for statement in statements():
        store.write(cast(LiteralString, statement.cypher))
    store.write("CALL db.awaitIndexes(300)")
    _load_reference_data(store)
    store.write(
        cast(LiteralString, f"MERGE (s:{SCHEMA_LABEL} {{id: 'schema'}}) SET s.version = $version"),
        {"version": SCHEMA_VERSION},
    )
    bump(store)  # the reference data may have changed
    return SCHEMA_VERSION


def _drop_other_analyzer(store: Store) -> None:
    """Drop the full-text index when it was made with another analyser (``IF NOT EXISTS`` would keep it)."""
    rows = store.read("SHOW FULLTEXT INDEXES YIELD name, options WHERE name = $name "
                      "RETURN options.indexConfig['fulltext.analyzer'] AS analyzer", {"name": FULLTEXT_INDEX})
    if rows and rows[0]["analyzer"] != FULLTEXT_ANALYZER:
        store.write("DROP INDEX contact_search")  # FULLTEXT_INDEX, as a literal: no Cypher is built


def _load_reference_data(store: Store) -> None:
    reference = ReferenceData()
    now = datetime.now(UTC)
    load_nodes(store, "Expertise", reference.expertise, REFERENCE_SOURCE, now)
    load_nodes(store, "LifeDomain", reference.life_domains, REFERENCE_SOURCE, now)
    load_relationships(store, "calls_for", reference.calls_for, REFERENCE_SOURCE, now)


def existing(store: Store) -> set[str]:
    """Names of the constraints and indexes in the database."""
    names = {row["name"] for row in store.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    return names | {row["name"] for row in store.read("SHOW INDEXES YIELD name RETURN name")}
