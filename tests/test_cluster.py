"""Ready for a cluster (issue 18, docs/cluster.md): bookmarks, access modes, and a busy Neo4j told from a down one.

On a cluster a read may be routed to a secondary that has not yet applied this process's last write; the driver's
bookmarks make the read wait for it. These tests run against one server (bolt:// in the full suite, neo4j:// in
bin/test's routing run), where a missing bookmark changes nothing visible: they check that every session carries the
process's bookmarks (an invalid bookmark in the manager fails every store call) and that the manager holds each
write's bookmark. The server itself refuses a write in a read transaction, on one server too: the whole suite runs
every write the code paths under test make, so a write sent as a read fails there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import neo4j
import pytest
from neo4j.exceptions import ClientError
from web_support import client_for

from api import auth
from graph.local_neo4j import free_port
from graph.settings import ConnectionSettings
from graph.store import (
    INTERACTIVE,
    Store,
    StoreBusy,
    StoreUnavailable,
    busy_message,
    connect,
    forget_bookmarks,
    process_bookmarks,
    unreachable_message,
)

PROBE_COUNT = "MATCH (p:ClusterProbe) RETURN count(p) AS n"
LONG_QUERY = "UNWIND range(1, 1000000000) AS i WITH i WHERE i = -1 RETURN count(*) AS n"  # seconds of work


def store_calls(store: Store) -> dict[str, Callable[[], Any]]:
    """One call of each way the store opens a session, each creating one :ClusterProbe (the read only reads)."""
    return {
        "read": lambda: store.read(PROBE_COUNT),
        "write": lambda: store.write("CREATE (:ClusterProbe)"),
        "write_batches": lambda: store.write_batches("UNWIND $rows AS row CREATE (:ClusterProbe)", [{"n": 1}]),
        "write_autocommit": lambda: store.write_autocommit("CREATE (:ClusterProbe)"),
        "in_write_transaction": lambda: store.in_write_transaction(
            lambda tx: tx.run("CREATE (:ClusterProbe)").consume()),
    }


def test_every_store_call_sends_the_process_bookmarks(store: Store) -> None:
    """A manager holding a bookmark the server cannot parse: every call fails on it, so every call sends it."""
    invalid = neo4j.GraphDatabase.bookmark_manager(
        initial_bookmarks=neo4j.Bookmarks.from_raw_values(["wijkgraph:not-a-bookmark"]))
    with_invalid = Store(store.driver, store.settings, invalid)
    for name, call in store_calls(with_invalid).items():
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.code == "Neo.ClientError.Transaction.InvalidBookmark", name
    assert store.read(PROBE_COUNT) == [{"n": 0}]  # refused, so nothing written
    with with_invalid.session("read") as session, pytest.raises(ClientError):  # a session of its own too
        session.run("RETURN 1").consume()


def test_the_manager_holds_each_writes_bookmark_and_every_store_of_the_process_shares_it(
    store: Store, neo4j_settings: ConnectionSettings
) -> None:
    other = connect(neo4j_settings)  # a second driver in the same process, like the app beside an import
    try:
        assert other.bookmarks is store.bookmarks is process_bookmarks(neo4j_settings)
        for name, call in store_calls(store).items():
            if name == "read":
                continue
            before = set(store.bookmarks.get_bookmarks())
            call()
            after = set(store.bookmarks.get_bookmarks())
            assert after and after != before, name
        with store.session("write") as session:  # the manager holds exactly the last write's bookmark
            session.execute_write(lambda tx: tx.run("CREATE (:ClusterProbe)").consume())
            assert set(store.bookmarks.get_bookmarks()) == set(session.last_bookmarks().raw_values)
        assert other.read(PROBE_COUNT) == [{"n": 5}]  # a new session of the other driver sees every write
    finally:
        other.close()


def test_reads_go_as_reads_and_writes_as_writes(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    modes: list[str] = []
    opened = store.driver.session

    def session(**config: Any) -> Any:
        modes.append(config["default_access_mode"])
        return opened(**config)

    monkeypatch.setattr(store.driver, "session", session)
    for name, call in store_calls(store).items():
        modes.clear()
        call()
        assert modes == ["READ" if name == "read" else "WRITE"], name
    monkeypatch.undo()
    # A write sent as a read is refused by the server (one server too, bolt:// and neo4j://) and writes nothing.
    with pytest.raises(ClientError) as refused:
        store.read("CREATE (:ClusterProbe) RETURN 1 AS one")
    assert refused.value.code == "Neo.ClientError.Statement.AccessMode"
    assert store.read(PROBE_COUNT) == [{"n": 4}]
    with pytest.raises(ValueError, match="mode must be 'read' or 'write'"):
        store.session("reed")


@pytest.fixture
def pool_of_one(neo4j_settings: ConnectionSettings) -> Iterator[Store]:
    """A store whose driver has one connection and waits 0.3 s for it: holding it makes Neo4j 'busy'."""
    driver = neo4j.GraphDatabase.driver(neo4j_settings.uri, auth=neo4j_settings.auth, max_connection_pool_size=1,
                                        connection_acquisition_timeout=0.3, max_transaction_retry_time=0.0,
                                        notifications_min_severity="OFF")
    store = Store(driver, neo4j_settings)
    yield store
    store.close()


def test_a_full_pool_is_too_slow_not_down(store: Store, pool_of_one: Store) -> None:
    token = auth.add_user(pool_of_one, "busy-admin", "admin")
    client = client_for(pool_of_one, token)
    assert client.get("/wijken.json").status_code == 200
    with pool_of_one.session("read") as held, held.begin_transaction() as open_transaction:
        open_transaction.run("RETURN 1").consume()  # the pool's only connection, in use
        with pytest.raises(StoreBusy) as busy:
            pool_of_one.read("RETURN 1")
        assert str(busy.value) == busy_message(pool_of_one.settings)
        response = client_for(pool_of_one, token).get("/wijken.json")  # a new app: its first check of Neo4j
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "5"
        body = response.json()
        assert (body["type"].rsplit("/", 1)[1], body["title"], body["detail"]) == (
            "neo4j-too-slow", "Neo4j reageert te traag",
            "De database reageert nu te traag: hij heeft het te druk. Probeer het zo opnieuw; duurt het langer, meld "
            "het dan aan je beheerder: " + busy_message(pool_of_one.settings))
        # A new app again: one that answered a moment ago may answer from memory (its data version is kept for a
        # second, its bearer user for five, api/cache.py) without asking the busy Neo4j.
        english = client_for(pool_of_one, token).get("/wijken.json", headers={"Accept-Language": "en"}).json()
        assert english["title"] == "Neo4j answers too slowly"
    assert client.get("/wijken.json").status_code == 200  # free again: answered


def test_a_closed_port_is_down_not_too_slow() -> None:
    dead = connect(ConnectionSettings(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x", "neo4j"), INTERACTIVE)
    try:
        with pytest.raises(StoreUnavailable) as down:
            dead.read("RETURN 1")
        assert not isinstance(down.value, StoreBusy)
        assert str(down.value) == unreachable_message(dead.settings)
        body = client_for(dead, "wg_whatever").get("/wijken.json").json()
        assert (body["status"], body["type"].rsplit("/", 1)[1], body["title"]) == (
            503, "neo4j-unreachable", "Neo4j is niet bereikbaar")
    finally:
        dead.close()


def test_a_transaction_that_times_out_is_too_slow(store: Store) -> None:
    @neo4j.unit_of_work(timeout=0.3)
    def long_read(tx: neo4j.ManagedTransaction) -> Any:
        return tx.run(LONG_QUERY).single()

    def work() -> Any:
        with store.session("read", max_transaction_retry_time=0.0) as session:
            return session.execute_read(long_read)

    with pytest.raises(StoreBusy) as busy:
        store._guard(work)
    assert str(busy.value) == busy_message(store.settings)
    assert isinstance(busy.value.__cause__, ClientError)
    assert busy.value.__cause__.code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"


def test_forgetting_bookmarks_reaches_the_stores_made_before(store: Store, neo4j_settings: ConnectionSettings) -> None:
    """After a bulk load replaced the database, a store made earlier in the process (the test session's, an app's)
    must not wait for bookmarks the new database never reaches, and a store made later shares its manager."""
    with store.session("write") as session:
        session.execute_write(lambda tx: tx.run("MATCH (n:ClusterProbe) RETURN count(n) AS n").consume())
    assert store.bookmarks.get_bookmarks()
    forget_bookmarks()
    assert store.bookmarks.get_bookmarks() == set()
    other = connect(neo4j_settings)
    try:
        assert other.bookmarks is store.bookmarks
        assert other.read(PROBE_COUNT)[0]["n"] >= 0
    finally:
        other.close()
