"""Which Neo4j this process talks to: the one named by NEO4J_URI, else the local one."""

from __future__ import annotations

from graph.local_neo4j import LocalNeo4j
from graph.settings import ConnectionSettings, external_settings
from graph.store import Store, shared_store


def current_settings() -> ConnectionSettings:
    return external_settings() or LocalNeo4j().connection()


def open_store() -> Store:
    """The process-wide store for the configured Neo4j (the driver is created once)."""
    return shared_store(current_settings())
