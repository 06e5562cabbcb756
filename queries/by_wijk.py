"""Running a per-wijk Cypher file (one that takes ``$wijken``) for some wijken, or for all of them.

Neo4j Community runs each query on one core, so a report over every wijk of the country, as one query, leaves the
other cores idle. For all wijken the codes are therefore read first and split into chunks, and the chunks run as
separate read transactions, :data:`READERS` at a time. The chunks are not one snapshot: a report that runs while
an import writes may see some wijken before it and some after, as two reports run one after the other would.

A report whose rows need Python work per wijk (the networkx measures) gives that work as a pure function of one
chunk's rows (:func:`map_for_wijken`): for all wijken it runs in :data:`WORKERS` worker processes, each chunk as soon
as it is read, so that Neo4j reads the next chunks while Python computes on the last (one Python process holds one
core at most, whatever its threads).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar

from queries.cypher_files import load

if TYPE_CHECKING:
    from graph.store import Store

CHUNK = 100  # wijken per read; also the most wijken read as a single query
READERS = min(4, os.cpu_count() or 1)  # reads at a time; the default local Neo4j shares this machine's cores
WORKERS = min(2, os.cpu_count() or 1)  # worker processes for the Python work of a report over all wijken

Row = dict[str, Any]
# A per-wijk file (its last clause returns ``wijk``) counted per wijk inside Neo4j.
COUNTED_HEAD = "CALL {\n"
COUNTED_TAIL = "\n}\nRETURN wijk, count(*) AS rows"
T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _chunks(store: Store) -> list[list[str]] | None:
    """The codes of every wijk in chunks of :data:`CHUNK`, in code order; None when they fit in one query."""
    codes = [row["code"] for row in store.read("MATCH (w:Wijk) RETURN w.code AS code ORDER BY code")]
    if len(codes) <= CHUNK:
        return None
    return [codes[start:start + CHUNK] for start in range(0, len(codes), CHUNK)]


def read_for_wijken(
    store: Store, file: str, parameters: Mapping[str, Any], wijken: Sequence[str] | None, counted: bool = False
) -> list[Row]:
    """The rows of the Cypher file ``file`` for the wijk codes ``wijken``, or for every wijk when ``wijken`` is None;
    ``counted``: only ``wijk, rows`` per wijk, the file run inside ``CALL { ... }`` (:mod:`queries.counts`).

    A list of codes is one query, ordered as the file orders it. All wijken come in chunks of :data:`CHUNK`
    codes in code order, chunk after chunk: a file ordered by wijk first keeps its order, others must re-sort.
    """
    def read(codes: list[str] | None) -> list[Row]:
        if counted:
            return store.read(COUNTED_HEAD + load(file) + COUNTED_TAIL, {**parameters, "wijken": codes})
        return store.read(load(file), {**parameters, "wijken": codes})

    if wijken is not None:
        return read(list(dict.fromkeys(wijken)))
    chunks = _chunks(store)
    if chunks is None:
        return read(None)
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="wijkgraph-reader") as pool:
        return [row for part in pool.map(read, chunks) for row in part]


def worker_pool() -> ProcessPoolExecutor:
    """This process's pool of :data:`WORKERS` worker processes, started at its first use and kept for the next.

    Workers are forked: they start at once with the modules already loaded (networkx). They only run pure functions
    on the rows they are sent, never the parent's threads, connections or locks.
    """
    global _pool
    with _pool_lock:
        if _pool is None:
            pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("fork"))
            pool.submit(int).result()  # a forking pool starts all its workers at its first task: now, in this thread
            _pool = pool
        return _pool


def _drop_pool(broken: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def map_for_wijken(
    store: Store, file: str, parameters: Mapping[str, Any], wijken: Sequence[str] | None,
    work: Callable[[list[Row]], list[T]],
) -> list[T]:
    """``work`` applied to the rows of ``file`` (see :func:`read_for_wijken`), chunk by chunk, results in chunk order.

    ``work`` is a pure function of one chunk's rows that gives a list per chunk, picklable (a module-level function
    or a ``functools.partial`` of one): for all wijken, with more than one chunk, each chunk's rows go to a worker
    process (:func:`worker_pool`) as soon as they are read. The answer equals ``work`` of all rows at once whenever
    ``work`` treats each wijk on its own. A worker that dies fails the report and the next report starts new ones.
    """
    chunks = None if wijken is not None else _chunks(store)
    if chunks is None:
        return work(read_for_wijken(store, file, parameters, wijken))
    pool = worker_pool()  # forked here, before the reader threads start

    def read_and_send(chunk: list[str]) -> Future[list[T]]:
        return pool.submit(work, store.read(load(file), {**parameters, "wijken": chunk}))

    try:
        with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="wijkgraph-reader") as readers:
            sent = [readers.submit(read_and_send, chunk) for chunk in chunks]
            return [item for future in sent for item in future.result().result()]
    except BrokenProcessPool:
        _drop_pool(pool)
        raise
