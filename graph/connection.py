"""Which Neo4j this process talks to: the one named by NEO4J_URI, else the local one."""

from __future__ import annotations

from graph.local_neo4j import LocalNeo4j
from graph.settings import ConnectionSettings, external_settings
from graph.store import Store, shared_store


def current_settings() -> ConnectionSettings:
    return external_settings() or LocalNeo4j().connection()


_verified: set[ConnectionSettings] = set()


def open_store() -> Store:
    """The process-wide store for the configured Neo4j (the driver is created once), with the short timeouts of
    :data:`~graph.store.INTERACTIVE`: the web app and the CLI say within 2 s that Neo4j is down.

    The first call in a process checks that Neo4j answers: when it is down, that fails at once with the clear
    :class:`~graph.store.StoreUnavailable` message.
    """
    settings = current_settings()
    store = shared_store(settings)
    if settings not in _verified:
        store.verify()
        _verified.add(settings)
    return store
