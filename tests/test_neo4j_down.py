"""Neo4j going down under the web app (issue 12): a 503 problem detail at once, no retries, recovery by itself.

Requests in flight hung 15-30 s before their 503 (and up to a minute in ``python -m bench.neo4j_down``): every
store call retried for 15 s, with the driver's growing delays on top. The web app's and the CLI's store
(``graph.connection.open_store``) now waits briefly and does not retry; an import's batches still retry for 15 s.
No timed assertion here: the settings are checked as settings, the behaviour as behaviour (503, no retry, 200
after a restart); the measured times are in SECURITY.md, from ``python -m bench.neo4j_down``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j.exceptions import Neo4jError
from web_support import LOCAL

from api import auth
from api.app import create_app
from graph import schema
from graph.connection import open_store
from graph.local_neo4j import LocalNeo4j, Neo4jRuntimeError, free_port
from graph.settings import ConnectionSettings
from graph.store import BATCH, INTERACTIVE, Store, StoreUnavailable, connect, unreachable_message

NEO4J_OWN_WAIT = 1.0  # Neo4j going down holds a new transaction this long before it says "unavailable" (measured)
RETRY_LOG = "will be retried"  # the driver's warning on every retry


@pytest.fixture
def local(tmp_path: Path, neo4j_settings: ConnectionSettings) -> Iterator[LocalNeo4j]:
    """A second local Neo4j in tmp_path, to stop and start; stopped at the end whatever happened."""
    if not neo4j_settings.uri.startswith("bolt://127.0.0.1"):
        pytest.skip("the session uses an external Neo4j; this test stops and starts a local one")
    instance = LocalNeo4j(tmp_path / "neo4j", free_port())
    instance.start()
    try:
        yield instance
    finally:
        with contextlib.suppress(Neo4jRuntimeError):
            instance.stop()


def test_the_web_apps_store_gives_up_at_once_and_does_not_retry(neo4j_settings: ConnectionSettings) -> None:
    store = open_store()  # what the web app (and the CLI) uses when no store is given
    pool, session = store.driver._pool.pool_config, store.driver._default_workspace_config
    assert (pool.connection_timeout, session.connection_acquisition_timeout) == (0.5, 1.0)
    assert (session.max_transaction_retry_time, session.initial_retry_delay) == (0.0, 0.1)
    assert pool.liveness_check_timeout == 1.0  # a pooled connection idle for a second is checked before use
    assert (pool.connection_timeout, session.connection_acquisition_timeout, session.max_transaction_retry_time,
            session.initial_retry_delay, pool.liveness_check_timeout) == (
        INTERACTIVE.connection, INTERACTIVE.acquisition, INTERACTIVE.retry, INTERACTIVE.first_retry_delay,
        INTERACTIVE.liveness)
    # One attempt: connecting (and the handshake) within the acquisition time, then Neo4j's own wait.
    assert INTERACTIVE.acquisition + NEO4J_OWN_WAIT <= 2.0


def test_an_imports_batches_still_retry(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[dict[str, Any]] = []
    opened = store.driver.session

    def session(**config: Any) -> Any:
        asked.append(config)
        return opened(**config)

    monkeypatch.setattr(store.driver, "session", session)
    store.write_batches("UNWIND $rows AS row MERGE (:Expertise {code: row.code})", [{"code": "X1"}, {"code": "X2"}],
                        batch_size=1)
    store.read("RETURN 1")
    shared = {"database": store.database, "bookmark_manager": store.bookmarks}  # the process's bookmarks, each time
    assert asked == [{**shared, "default_access_mode": "WRITE", "connection_acquisition_timeout": BATCH.acquisition,
                      "max_transaction_retry_time": 15.0, "initial_retry_delay": BATCH.first_retry_delay}] * 2 + [
        {**shared, "default_access_mode": "READ"}]


def test_neo4j_starting_or_stopping_and_a_full_pool_are_503s(neo4j_settings: ConnectionSettings) -> None:
    """The answers Neo4j gives while it goes down or comes up become the "not reachable" 503 (they were internal
    errors once the retries no longer hide them); a pool without a free connection in time is "too slow"
    (tests/test_cluster.py)."""
    store = Store(None, neo4j_settings)  # type: ignore[arg-type]  # _guard needs no driver
    unavailable = Neo4jError._hydrate_neo4j(code="Neo.TransientError.General.DatabaseUnavailable",
                                            message="The database is not currently available to serve your request")
    for error in (unavailable,):
        def fail(error: Exception = error) -> None:
            raise error

        with pytest.raises(StoreUnavailable) as refused:
            store._guard(fail)
        assert str(refused.value) == unreachable_message(neo4j_settings)
    deadlock = Neo4jError._hydrate_neo4j(code="Neo.TransientError.Transaction.DeadlockDetected", message="deadlock")

    def fail_otherwise() -> None:
        raise deadlock

    with pytest.raises(Neo4jError):  # other transient errors are not "Neo4j is down"
        store._guard(fail_otherwise)


def test_neo4j_stopped_gives_503_and_a_restart_200_in_the_same_app(
    local: LocalNeo4j, caplog: pytest.LogCaptureFixture
) -> None:
    store = connect(local.connection(), INTERACTIVE)  # the web app's timeouts
    schema.apply(store)
    token = auth.add_user(store, "down-admin", "admin")
    client = TestClient(create_app(lambda: store), raise_server_exceptions=False, base_url=LOCAL)
    client.headers["Authorization"] = f"Bearer {token}"
    assert client.get("/wijken.json").status_code == 200

    # Restarted while the app was idle: its pooled connections are dead; the liveness check drops them, so the
    # first request after the restart is answered (there are no retries to hide a dead connection).
    local.stop()
    local.start()
    assert client.get("/wijken.json").status_code == 200

    local.stop()
    caplog.set_level(logging.WARNING, logger="neo4j")
    response = client.get("/wijken.json")
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (response.json()["title"], response.json()["detail"]) == (
        "Neo4j is niet bereikbaar", "De database is niet bereikbaar, dus wijkgraph kan nu niet antwoorden. Probeer het "
        "over een paar minuten opnieuw; duurt het langer, meld het dan aan je beheerder: "
        + unreachable_message(local.connection()))
    with pytest.raises(StoreUnavailable):  # past the app's connectivity check: one attempt, not 15 s of them
        store.read("MATCH (w:Wijk) RETURN count(w) AS n")
    assert not [record for record in caplog.records if RETRY_LOG in record.getMessage()]

    local.start()
    assert client.get("/wijken.json").status_code == 200
    store.close()
