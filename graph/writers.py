"""An import's batches, written by one or more writer threads.

A plan's batches (:func:`plan_batches`) are each one managed write transaction (:meth:`Store.write_work`, with the
import's patient timeouts); :func:`write_all` runs them in ``writers`` threads, at most one batch per writer in
flight, so only that many batches are held in memory. Two writers keep both of Neo4j's cores busy where one waits for
the round trips and commits of the other; the model makes that safe:

- nodes merge on their unique key (the constraint's index lock orders two writers of one key);
- relationships that merge lock both ends; those written from the sparse side (graph/load_sparse.py) lock the start
  node and each batch holds each relationship once, and one relationship never reaches two batches
  (:func:`graph.load_sparse.unique_rows` over the whole type);
- all nodes of a plan are written before its first relationship (a relationship needs both its ends).

Two writers can deadlock (each waits for a lock the other holds); Neo4j then ends one transaction with a transient
error and the driver runs that batch again. :class:`Retries` counts each retry and the deadlocks among them.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, LiteralString

from neo4j import ManagedTransaction
from neo4j.exceptions import TransientError

import graph.store
from graph import load_sparse
from graph.load import IDENTITY_PROPERTY, identity_of, node_merge_query, relationship_merge_query
from graph.model import NODE_BY_LABEL, REL_BY_NAME
from graph.store import Store, batched, update_counters

WRITERS_VARIABLE = "WIJKGRAPH_IMPORT_WRITERS"
DEFAULT_WRITERS = 2  # the machines wijkgraph runs on have 2 cores or more; more writers only wait for locks
DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"


def import_writers() -> int:
    """How many writer threads an import uses (``WIJKGRAPH_IMPORT_WRITERS``, default 2; at least 1)."""
    value = os.environ.get(WRITERS_VARIABLE, "").strip()
    return max(1, int(value)) if value.isdigit() else DEFAULT_WRITERS


@dataclass(frozen=True)
class Batch:
    rows: int  # for the progress
    work: Callable[[ManagedTransaction], Counter[str]]


class Retries:
    """How many batches ran again after a transient failure, and how many of those failed on a deadlock
    (thread-safe: the writer threads count into one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.retries = 0
        self.deadlocks = 0

    def counted(self, work: Callable[[ManagedTransaction], Counter[str]]
                ) -> Callable[[ManagedTransaction], Counter[str]]:
        attempts = 0

        def attempt(tx: ManagedTransaction) -> Counter[str]:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                with self._lock:
                    self.retries += 1
            try:
                return work(tx)
            except TransientError as error:
                if error.code == DEADLOCK:
                    with self._lock:
                        self.deadlocks += 1
                raise

        return attempt


def run_query(query: LiteralString, parameters: Mapping[str, Any], tx: ManagedTransaction) -> Counter[str]:
    """One batch that is one statement (the merges of graph/load.py)."""
    return update_counters(tx.run(query, dict(parameters)).consume())


def _denser_side_first(rows: list[dict[str, Any]], start: str, end: str) -> list[dict[str, Any]]:
    """Rows of a merged relationship sorted by the key of the end with fewer distinct keys (a wijk, a professional),
    stably (duplicates keep their order): concurrent batches then lock those shared nodes in one order and mostly
    different ones, which keeps deadlocks rare."""
    side = start if len({row[start] for row in rows}) <= len({row[end] for row in rows}) else end
    return sorted(rows, key=lambda row: str(row[side]))


def node_batches(label: str, rows: Iterable[Mapping[str, Any]], parameters: Mapping[str, Any],
                 size: int) -> Iterator[Batch]:
    query = node_merge_query(NODE_BY_LABEL[label])
    for batch in batched(rows, size):
        yield Batch(len(batch), partial(run_query, query, {**parameters, "rows": batch}))


def relationship_batches(name: str, rows: Iterable[Mapping[str, Any]], parameters: Mapping[str, Any],
                         size: int) -> Iterator[Batch]:
    rel = REL_BY_NAME[name]
    full = [{**row, IDENTITY_PROPERTY: identity_of(rel, row)} if rel.identity else dict(row) for row in rows]
    if load_sparse.from_sparse_side(rel):
        queries = load_sparse.find_query(rel), load_sparse.update_query(rel), load_sparse.create_query(rel)
        for batch in batched(load_sparse.unique_rows(rel, full), size):
            numbered = [{**row, load_sparse.ROW_NUMBER: number} for number, row in enumerate(batch)]
            yield Batch(len(batch), partial(load_sparse.write_batch, *queries, numbered, parameters))
        return
    query = relationship_merge_query(rel)
    for batch in batched(_denser_side_first(full, rel.start_field, rel.end_field), size):
        yield Batch(len(batch), partial(run_query, query, {**parameters, "rows": batch}))


def plan_batches(nodes: Mapping[str, Iterable[Mapping[str, Any]]],
                 relationships: Mapping[str, Iterable[Mapping[str, Any]]], source: str, now: datetime,
                 batch_size: int | None = None) -> tuple[Iterator[Batch], Iterator[Batch]]:
    """The batches of a plan's nodes and of its relationships (write all of the first before the second)."""
    size = batch_size or graph.store.DEFAULT_BATCH_SIZE  # read at call time: the benchmark varies it
    parameters = {"source": source, "now": now}
    node_part = (batch for label, rows in nodes.items() for batch in node_batches(label, rows, parameters, size))
    rel_part = (batch for name, rows in relationships.items()
                for batch in relationship_batches(name, rows, parameters, size))
    return node_part, rel_part


def write_all(store: Store, batches: Iterable[Batch], writers: int = 1, on_batch: Callable[[int], None] | None = None,
              retries: Retries | None = None) -> Counter[str]:
    """Write ``batches`` with ``writers`` threads; Neo4j's update counters of all of them. The first batch that
    fails (after the driver's retries) ends the load: no new batch starts, the running ones finish, and its error
    is raised."""
    counting = retries or Retries()
    total: Counter[str] = Counter()
    if writers <= 1:
        for batch in batches:
            total += store.write_work(counting.counted(batch.work))
            if on_batch:
                on_batch(batch.rows)
        return total
    with ThreadPoolExecutor(writers, thread_name_prefix="wijkgraph-writer") as pool:
        running: dict[Future[Counter[str]], int] = {}

        def collect(until: str) -> None:
            nonlocal total
            done, _ = wait(running, return_when=until)
            for future in done:
                rows = running.pop(future)
                total += future.result()  # a failed batch raises here: no further batch is submitted
                if on_batch:
                    on_batch(rows)

        for batch in batches:
            if len(running) >= writers:
                collect(FIRST_COMPLETED)
            running[pool.submit(store.write_work, counting.counted(batch.work))] = batch.rows
        while running:
            collect(FIRST_COMPLETED)
    return total
