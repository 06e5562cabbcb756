"""The connection to Neo4j: one driver per process, managed transactions, batched UNWIND writes.

All Cypher passes through here with parameters; no caller builds Cypher from user input.
Reads and writes use the driver's managed transactions (``execute_read``/``execute_write``), which can retry
transient failures (leader switches in a cluster, deadlocks, a lost connection) by themselves. When a person waits
for the answer (:data:`INTERACTIVE`: the web app, the CLI) they do not, and every wait is short, so that Neo4j
down is said at once; the batches of an import (:data:`BATCH`) retry for 15 s rather than start over.

Ready for a cluster (``NEO4J_URI=neo4j://...``, Aura; docs/cluster.md): every session of the process shares one
bookmark manager per database (:func:`process_bookmarks`), so a read sees every write this process committed before
it, also when the read is routed to a secondary. Reads go as reads (a secondary may answer them), writes as writes
(the leader): the server refuses a write in a read transaction, so a write sent as a read fails also on one server.
A busy database (no connection free in time, a transaction that timed out) is :class:`StoreBusy`, not "down".
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any, LiteralString, TypeVar

from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, GraphDatabase, ManagedTransaction, Query, Session
from neo4j.api import BookmarkManager
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.settings import ConnectionSettings

T = TypeVar("T")
DEFAULT_BATCH_SIZE = 5000
_COUNTER_FIELDS = (
    "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
    "properties_set", "labels_added", "labels_removed",
)


DATABASE_UNAVAILABLE = "Neo.TransientError.General.DatabaseUnavailable"  # Neo4j is starting or stopping
# Neo4j is up but too busy to answer in time: a transaction ran past its timeout (the client's or the server's
# db.transaction.timeout), or a cluster member did not catch up with the process's bookmarks in time.
TOO_SLOW = frozenset({
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.TransactionTimedOut",
    "Neo.TransientError.Transaction.BookmarkTimeout",
})


@dataclass(frozen=True)
class Timeouts:
    """How long the driver waits for Neo4j before it gives up (seconds).

    ``connection``: a TCP connection; ``acquisition``: a connection from the pool, connecting and the handshake
    included; ``retry``: how long a managed transaction is retried after a transient failure or a lost connection,
    the first retry after ``first_retry_delay`` and each next one after twice the delay before; ``liveness``: a
    pooled connection idle for longer is checked (one round trip) before it is used, so that a connection to a
    Neo4j that died or hangs is dropped within the acquisition time instead of failing (or hanging) a query.
    ``connection`` and ``liveness`` belong to the driver (:func:`connect`); a session can ask for its own
    acquisition and retry times.
    """

    connection: float
    acquisition: float
    retry: float
    first_retry_delay: float
    liveness: float | None = None


# A person waits for the answer (the web app, the CLI: the stores of graph.connection.open_store): with Neo4j down,
# stopping or starting, say so within 2 s (SECURITY.md has the measured times) instead of retrying for 15 s and
# more. No retries: each attempt may take up to the acquisition time plus the second Neo4j waits for a database
# that is going down, and a retry would double that; a person repeats a request that failed, and a connection that
# died while idle is caught by the liveness check before it is used.
INTERACTIVE = Timeouts(connection=0.5, acquisition=1.0, retry=0.0, first_retry_delay=0.1, liveness=1.0)
# Patient: the batches of an import (every import, also through open_store), and the stores that tests and
# benchmarks connect themselves. A failed batch ends an import that may have run for minutes, so sit out a leader
# switch or a short restart (the batches are idempotent MERGEs, so a retried one does no harm).
BATCH = Timeouts(connection=2.0, acquisition=5.0, retry=15.0, first_retry_delay=1.0, liveness=1.0)


class StoreUnavailable(RuntimeError):
    """Neo4j cannot be reached or refused the credentials; the message says how to fix it."""


class StoreBusy(StoreUnavailable):
    """Neo4j answers, but too slowly: no pooled connection came free within the acquisition time (every connection
    busy), or a transaction timed out. Trying again shortly may work; it is not "Neo4j is down"."""


class DuplicateKeyError(RuntimeError):
    """A write would create a second node with a key that must be unique."""

    def __init__(self, label: str, key: str, value: str, raw: str) -> None:
        super().__init__(f"A {label} with {key} {value} already exists; keys must be unique.")
        self.label, self.key, self.value, self.raw = label, key, value, raw


def _duplicate_key_error(error: ConstraintError) -> DuplicateKeyError:
    message = error.message or str(error)
    match = re.search(r"label `([^`]+)` and propert(?:y|ies) `([^`]+)` = (.+)$", message)
    if match:
        return DuplicateKeyError(match.group(1), match.group(2), match.group(3).strip(), message)
    return DuplicateKeyError("node", "key", "(see the database message)", message)


def batched(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class Store:
    """A Neo4j database reached through one driver."""

    def __init__(self, driver: Driver, settings: ConnectionSettings,
                 bookmarks: BookmarkManager | None = None) -> None:
        self.driver = driver
        self.settings = settings
        self.database = settings.database
        # Shared by every session of this store (and of the process's other stores of this database).
        self.bookmarks = process_bookmarks(settings) if bookmarks is None else bookmarks

    def _guard(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except ConnectionAcquisitionTimeoutError as error:  # every pooled connection busy: Neo4j is up, but slow
            raise StoreBusy(busy_message(self.settings)) from error
        except (ServiceUnavailable, SessionExpired) as error:
            raise StoreUnavailable(unreachable_message(self.settings)) from error
        except TransientError as error:
            if error.code in TOO_SLOW:
                raise StoreBusy(busy_message(self.settings)) from error
            if error.code != DATABASE_UNAVAILABLE:
                raise
            raise StoreUnavailable(unreachable_message(self.settings)) from error
        except AuthError as error:
            raise StoreUnavailable(
                f"Neo4j at {self.settings.uri} refused the credentials of user {self.settings.username!r}. "
                "Check NEO4J_USERNAME and NEO4J_PASSWORD."
            ) from error
        except ConstraintError as error:
            raise _duplicate_key_error(error) from error
        except ClientError as error:  # after its subclasses AuthError and ConstraintError
            if error.code not in TOO_SLOW:
                raise
            raise StoreBusy(busy_message(self.settings)) from error

    def read(self, query: LiteralString, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one read query in a managed read transaction; rows as dicts."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, dict(parameters or {}))]

        return self._guard(lambda: self._session_call("read", work))

    def write(self, query: LiteralString, parameters: Mapping[str, Any] | None = None,
              timeouts: Timeouts | None = None) -> Counter[str]:
        """Run one write query in a managed write transaction; returns the update counters.

        ``timeouts``: the session's (:data:`BATCH` for an import's batches); by default the store's.
        """

        def work(tx: ManagedTransaction) -> Counter[str]:
            return update_counters(tx.run(query, dict(parameters or {})).consume())

        return self._guard(lambda: self._session_call("write", work, timeouts))

    def write_batches(
        self,
        query: LiteralString,
        rows: Iterable[Mapping[str, Any]],
        parameters: Mapping[str, Any] | None = None,
        batch_size: int | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> Counter[str]:
        """Run ``query`` (which reads ``$rows``) once per batch, each batch in its own write transaction.

        ``rows`` may be a generator: only one batch is held in memory. ``batch_size`` defaults to
        :data:`DEFAULT_BATCH_SIZE` (read at call time, so the benchmark can vary it).
        """
        total: Counter[str] = Counter()
        for batch in batched(rows, batch_size or DEFAULT_BATCH_SIZE):
            total += self.write(query, {**(parameters or {}), "rows": batch}, BATCH)
            if on_batch:
                on_batch(len(batch))
        return total

    def write_work(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run one batch of an import (``work``: its statements) as a managed write transaction of its own, with the
        :data:`BATCH` timeouts: the driver runs ``work`` again after a transient failure (a deadlock with another
        writer, a leader switch), so it must not change its inputs (graph/writers.py counts the retries)."""
        return self._guard(lambda: self._session_call("write", work, BATCH))

    def write_autocommit(self, query: LiteralString, parameters: Mapping[str, Any] | None = None) -> Counter[str]:
        """Run a query that manages its own transactions (``CALL { ... } IN TRANSACTIONS``).

        Such queries cannot run inside a managed transaction, so the driver does not retry them.
        """

        def work() -> Counter[str]:
            with self._session(mode="write") as session:
                return update_counters(session.run(Query(query), dict(parameters or {})).consume())

        return self._guard(work)

    def read_autocommit(self, query: LiteralString, parameters: Mapping[str, Any] | None = None
                        ) -> list[dict[str, Any]]:
        """Run one small read as an auto-commit query: one round trip, no transaction to begin and commit (the
        data version of every web request, graph/version.py). Not retried, like every interactive read."""

        def work() -> list[dict[str, Any]]:
            with self._session(mode="read") as session:
                return [record.data() for record in session.run(Query(query), dict(parameters or {}))]

        return self._guard(work)

    def in_read_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run several reads as one managed read transaction (one snapshot, one commit: the wijk overview)."""
        return self._guard(lambda: self._session_call("read", work))

    def in_write_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run several statements as one managed write transaction (all or nothing)."""
        return self._guard(lambda: self._session_call("write", work))

    def _session_call(self, mode: str, work: Callable[[ManagedTransaction], T], timeouts: Timeouts | None = None
                      ) -> T:
        with self._session(timeouts, mode) as session:
            if mode == "read":
                return session.execute_read(work)
            return session.execute_write(work)

    def _session(self, timeouts: Timeouts | None = None, mode: str = "write") -> Session:
        """A session with the driver's timeouts (the store's), or with ``timeouts`` (the batches of an import)."""
        if timeouts is None:
            return self.session(mode)
        return self.session(mode, connection_acquisition_timeout=timeouts.acquisition,
                            max_transaction_retry_time=timeouts.retry, initial_retry_delay=timeouts.first_retry_delay)

    def session(self, mode: str = "write", **config: Any) -> Session:
        """A session of this store's database with the process's bookmarks, routed for ``mode`` ("read" or
        "write"; the default is "write", like the driver's); ``config``: more of the driver's session settings.
        Code that needs a session of its own (an EXPLAIN, a benchmark's plain reads) opens it here, never with
        ``driver.session``: a session without the bookmarks may miss this process's writes on a cluster."""
        if mode not in ("read", "write"):
            raise ValueError(f"mode must be 'read' or 'write', not {mode!r}")
        return self.driver.session(database=self.database, bookmark_manager=self.bookmarks,
                                   default_access_mode=READ_ACCESS if mode == "read" else WRITE_ACCESS, **config)

    def server_agent(self) -> str:
        """The server's agent string, e.g. ``Neo4j/5.26.30``."""
        return self._guard(lambda: self.driver.get_server_info().agent)

    def verify(self) -> None:
        self._guard(self.driver.verify_connectivity)

    def close(self) -> None:
        self.driver.close()


def update_counters(summary: Any) -> Counter[str]:
    counters = summary.counters
    return Counter({name: getattr(counters, name) for name in _COUNTER_FIELDS if getattr(counters, name)})


def unreachable_message(settings: ConnectionSettings) -> str:
    hint = (
        "Start the local one with `wijkgraph neo4j start`."
        if settings.uri.startswith("bolt://127.0.0.1")
        else "Check NEO4J_URI and that the server is up."
    )
    return f"Neo4j is not reachable at {settings.uri}. {hint}"


def busy_message(settings: ConnectionSettings) -> str:
    return (f"Neo4j at {settings.uri} answers too slowly: it is busy (every connection in use, or a transaction "
            "timed out). Try again shortly.")


class ProcessBookmarks(BookmarkManager):
    """The driver's bookmark manager contract (the newest bookmarks of the transactions committed through it), plus
    :meth:`clear`: a database replaced under the same URI never reaches the old bookmarks, and every store already
    holding this manager must start afresh with it, not only the stores made later."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bookmarks: set[str] = set()

    def update_bookmarks(self, previous_bookmarks: Iterable[str], new_bookmarks: Iterable[str]) -> None:
        new = set(new_bookmarks)
        if not new:
            return
        with self._lock:
            self._bookmarks.difference_update(previous_bookmarks)
            self._bookmarks.update(new)

    def get_bookmarks(self) -> set[str]:
        with self._lock:
            return set(self._bookmarks)

    def clear(self) -> None:
        with self._lock:
            self._bookmarks.clear()


_bookmarks_lock = threading.Lock()
_bookmarks: dict[tuple[str, str], ProcessBookmarks] = {}


def process_bookmarks(settings: ConnectionSettings) -> ProcessBookmarks:
    """The bookmark manager of this process for the database of ``settings`` (one per URI and database, shared
    by every store and session of it): each transaction starts after the ones this process committed before it."""
    key = (settings.uri, settings.database)
    with _bookmarks_lock:
        if key not in _bookmarks:
            _bookmarks[key] = ProcessBookmarks()
        return _bookmarks[key]


def forget_bookmarks() -> None:
    """Start afresh: for a process that replaced a database under the same URI (a bulk load into a new store,
    a restored dump), whose old bookmarks the new database never reaches. Every manager is emptied in place, so the
    stores that already hold one start afresh too."""
    with _bookmarks_lock:
        for manager in _bookmarks.values():
            manager.clear()


def connect(settings: ConnectionSettings, timeouts: Timeouts = BATCH) -> Store:
    driver = GraphDatabase.driver(
        settings.uri,
        auth=settings.auth,
        connection_timeout=timeouts.connection,
        connection_acquisition_timeout=timeouts.acquisition,
        liveness_check_timeout=timeouts.liveness,
        max_transaction_retry_time=timeouts.retry,
        # One of the driver's "undocumented" options (its default is 1 s): with a retry time of 0 a retry can still
        # happen once (the driver compares elapsed time with ">"), and then it should not wait a second first.
        # The test of these settings (tests/test_neo4j_down.py) fails when a driver release drops the option.
        initial_retry_delay=timeouts.first_retry_delay,
        # Warnings such as "label does not exist yet" are normal on an empty database; keep logs clean.
        notifications_min_severity="OFF",
    )
    return Store(driver, settings)


_lock = threading.Lock()
_stores: dict[ConnectionSettings, Store] = {}


def shared_store(settings: ConnectionSettings) -> Store:
    """The process-wide store for ``settings`` (:data:`INTERACTIVE` timeouts; an import's batches ask for
    :data:`BATCH`): drivers are expensive and thread-safe, so one is shared."""
    with _lock:
        if settings not in _stores:
            _stores[settings] = connect(settings, INTERACTIVE)
        return _stores[settings]


def close_shared_stores() -> None:
    with _lock:
        for store in _stores.values():
            store.close()
        _stores.clear()
