"""Test fixtures: one real Neo4j for the whole session, a clean database for each test.

The session starts its own local Neo4j (separate from the user's, in .wijkgraph/test-neo4j on a free
port) unless NEO4J_URI is set, in which case that server is used and wiped: point it only at a
throw-away database. The test instance's connection is exported as NEO4J_* so that CLI subprocesses
use it too.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser, page  # noqa: F401 (the browser tests' fixtures)

from graph import schema
from graph.local_neo4j import LocalNeo4j, free_port
from graph.settings import ConnectionSettings, external_settings, wijkgraph_home
from graph.store import Store, close_shared_stores, connect
from queries.who_to_call.vocabulary import forget as forget_search_names

MAY_WIPE = "WIJKGRAPH_TESTS_MAY_WIPE"


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[ConnectionSettings]:
    external = external_settings()
    if external:
        if os.environ.get(MAY_WIPE) != "1":
            # A NEO4J_URI set for the app (Aura, a cluster, a kept national store) must never be wiped by a test run.
            pytest.exit(f"NEO4J_URI is set ({external.uri}), and the tests wipe the database they run on, so they "
                        f"refuse a server they did not start. Unset NEO4J_URI to let them start their own Neo4j, or "
                        f"set {MAY_WIPE}=1 when that database may be wiped.", returncode=2)
        yield external
        return
    state = wijkgraph_home() / "test-neo4j"  # bin/test stops it by this path if pytest dies
    LocalNeo4j(state).stop()
    shutil.rmtree(state, ignore_errors=True)
    local = LocalNeo4j(state, free_port())
    local.start()
    settings = local.connection()
    os.environ.update({
        "NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username,
        "NEO4J_PASSWORD": settings.password or "", "NEO4J_DATABASE": settings.database,
    })
    try:
        yield settings
    finally:
        close_shared_stores()
        for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
            os.environ.pop(name, None)
        local.stop()


@pytest.fixture(scope="session")
def session_store(neo4j_settings: ConnectionSettings) -> Iterator[Store]:
    store = connect(neo4j_settings)
    yield store
    store.close()


def wipe(store: Store) -> None:
    store.write_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    forget_search_names()  # the contact search's cached wijk and organisation names are of the old data


@pytest.fixture
def store(session_store: Store) -> Store:
    """A clean database with the schema and reference data applied."""
    wipe(session_store)
    schema.apply(session_store)
    return session_store


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"
