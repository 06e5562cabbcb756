"""Answers kept in process memory per data version: an analysis, a contact search, a wijk overview, a partner map
read once is answered again from memory until an import or a change in the app bumps the data version
(graph/version.py).

- **Key**: the data version, the kind of read, its parameters *after* defaults were filled in (so ``on`` is today's
  date, never "no date"), and the scope of the user who asked (role and wijken): an answer read for one scope is
  never given to another, even where the parameters already limit it.
- **What is kept**: the rows as the query returned them (not the page, not the aliases an analyst must not see:
  pseudonymising and rendering happen after the cache), pickled. A hit unpickles a fresh copy, so a caller may
  change what it got without changing the kept answer, and the pickle's length is the entry's size.
- **Bounded**: :data:`MAX_BYTES` per process (``WIJKGRAPH_CACHE_MB``, default 64; ``0`` turns caching off), least
  recently used first out; an answer bigger than an eighth of it is not kept.
- **No version, no cache**: a database that no import or change has bumped yet (a wiped one) answers from Neo4j.
- **Audit unchanged**: the cache sits below the checks and the audit log: a household-level answer from memory is
  audited exactly as one from Neo4j, before it is shown (api/web/access.py).

The version (:func:`data_version`, one auto-commit read) is read at most once per :data:`VERSION_SECONDS` per app
(one per worker): a bump made in this process (an edit, a verification, an import run here) is seen by the next
request at once (graph/version.py notes what this process wrote); a bump by another process, another worker of
``serve --workers N`` or an import from the command line, within :data:`VERSION_SECONDS`. Within one request the
version does not change.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from fastapi import Request

from api import auth
from graph import version as data_versions
from graph.store import Store

T = TypeVar("T")
MAX_BYTES = int(float(os.environ.get("WIJKGRAPH_CACHE_MB", "64")) * 1024 * 1024)
VERSION_SECONDS = 1.0  # how long a worker trusts the data version it read (bumps of this process: not at all)


class AnswerCache:
    """A thread-safe LRU of pickled answers, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            blob = self._entries.get(key)
            if blob is None:
                self.misses += 1
                return False, None
            self._entries.move_to_end(key)
            self.hits += 1
        return True, pickle.loads(blob)

    def put(self, key: Hashable, value: Any) -> None:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(blob) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes += len(blob) - (len(old) if old is not None else 0)
            self._entries[key] = blob
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.hits = self.misses = 0

    @property
    def size(self) -> tuple[int, int]:
        """(entries, bytes)."""
        with self._lock:
            return len(self._entries), self._bytes


ANSWERS = AnswerCache(MAX_BYTES)


def data_version(request: Request, store: Store) -> str | None:
    """The database's data version for this request (None: nothing may be cached)."""
    if not hasattr(request.state, "data_version"):
        request.state.data_version = _recent_version(request, store) if ANSWERS.max_bytes > 0 else None
    return request.state.data_version


def _recent_version(request: Request, store: Store) -> str | None:
    """The version this app read less than :data:`VERSION_SECONDS` ago, unless this process bumped it since; else
    read now. A version read while a bump of this process is still open is used for this request but not kept."""
    app = request.scope.get("app")
    kept: dict[tuple[str, str], tuple[str | None, float]] | None = None
    if app is not None:
        kept = getattr(app.state, "data_versions", None)
        if kept is None:
            kept = app.state.data_versions = {}
    key = (store.settings.uri, store.database)
    now = time.monotonic()
    if kept is not None and key in kept:
        version, read_at = kept[key]
        if now - read_at < VERSION_SECONDS and not data_versions.bumped_past(version):
            return version
    version = data_versions.current(store)
    if kept is not None and not data_versions.bumped_past(version):
        kept[key] = (version, now)  # the time before the read: never trusted longer than VERSION_SECONDS
    return version


def scope_of(user: auth.User) -> tuple[str, tuple[str, ...] | None]:
    """What of the user an answer may depend on: the role and the wijken it sees (None: all)."""
    return user.role, None if user.scope is None else tuple(sorted(user.scope))


def frozen(value: Any) -> Hashable:
    """Parameters as part of a key: dicts sorted by key, lists as tuples, the rest as they are (dates, strings).

    >>> frozen({"wijk": ["B", "A"], "on": None}) == frozen({"on": None, "wijk": ["B", "A"]})
    True
    """
    if isinstance(value, dict):
        return tuple(sorted((str(key), frozen(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [frozen(item) for item in value]
        return ("set", *sorted(items, key=repr)) if isinstance(value, (set, frozenset)) else tuple(items)
    return value


def cached(request: Request, store: Store, user: auth.User, kind: str, params: Any, compute: Callable[[], T]) -> T:
    """The answer of ``compute`` for (data version, ``kind``, ``params``, the user's scope): from memory when the
    same was read under the current version, else computed and kept."""
    version = data_version(request, store)
    if version is None:
        return compute()
    key = (store.settings.uri, store.database, version, kind, frozen(params), scope_of(user))
    found, value = ANSWERS.get(key)
    if found:
        return value
    value = compute()
    ANSWERS.put(key, value)
    return value
