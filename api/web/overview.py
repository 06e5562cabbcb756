"""The figures of every wijk for the analysts' home page: per wijk its coverage of the required expertise, its number
of open gaps and its contacts verified, kept per data version and shared by every analyst and admin of a worker.

They are three all-wijk analyses (``missing_expertise``, ``gaps``, ``freshness``): at national scale about 20 s of
Neo4j, far too long to wait for on every visit (BENCHMARKS.md, pages). So the figures are computed once per data
version and ``on`` date, and an import or an edit does not make anyone wait for the new ones:

- **fresh**: computed for the current data version, answered from memory;
- **stale**: the version moved on since (an edit or an import; a database wiped or bulk-loaded anew, another epoch,
  is not stale but new); the last figures are answered at once, marked with the time they were computed, while one
  background thread per worker computes the new ones;
- **computing**: nothing computed yet for this date (the first visit after a start, or a date nobody asked for): the
  request waits up to :data:`FIRST_WAIT_SECONDS` for the computation and else answers without figures, saying they
  are being computed.

Only counts per wijk leave this module, never a household, so showing them is not a household-level read and writes
no audit entry (SECURITY.md); the analyses' own pages, which list households, are audited as before.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from graph.store import Store
from graph.version import epoch
from queries.analyses import get as get_analysis
from queries.counts import gap_counts

FIRST_WAIT_SECONDS = 10.0
KEPT_DATES = 4  # figures kept for this many `on` dates per database (today's, and a few asked for)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figures:
    """Per wijk code: ``coverage`` {expertise: level}, ``gaps`` (count) and the freshness row of the wijk."""
    version: str | None
    computed_at: dt.datetime
    coverage: dict[str, dict[str, str]]
    gaps: dict[str, int]
    freshness: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Answer:
    figures: Figures | None
    state: str  # fresh, stale or computing


def compute(store: Store, on: dt.date, version: str | None) -> Figures:
    """The three analyses over every wijk, reduced to counts per wijk."""
    computed_at = dt.datetime.now(dt.UTC)
    coverage: dict[str, dict[str, str]] = {}
    for row in get_analysis("missing_expertise").run(store, on=on):
        coverage.setdefault(row["wijk"], {})[row["expertise"]] = row["coverage"]
    gaps = gap_counts(store, on)  # counted in Neo4j: the rows themselves would hold this worker's interpreter
    freshness = {row["wijk"]: row for row in get_analysis("freshness").run(store, on=on)}
    return Figures(version, computed_at, coverage, gaps, freshness)


class Overview:
    """The figures per (database, date), the newest computed; at most one computation per key at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple[str, str, dt.date], Figures] = {}
        self._running: dict[tuple[str, str, dt.date], threading.Thread] = {}

    def figures(self, store: Store, on: dt.date, version: str | None) -> Answer:
        if version is None:  # a database nothing has bumped yet: no version to keep figures for
            return Answer(compute(store, on, None), "fresh")
        key = (store.settings.uri, store.database, on)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept.version == version:
                return Answer(kept, "fresh")
            if kept is not None and kept.version and epoch(kept.version) != epoch(version):
                kept = None  # figures of a database wiped or loaded anew since are not this one's, not even stale
            worker = self._start(store, key, version)
        if kept is not None:
            return Answer(kept, "stale")
        worker.join(FIRST_WAIT_SECONDS)
        with self._lock:
            done = self._kept.get(key)
        return Answer(done, "fresh") if done is not None and done.version == version else Answer(None, "computing")

    def _start(self, store: Store, key: tuple[str, str, dt.date], version: str) -> threading.Thread:
        """The running computation of ``key``, started now when none runs (the caller holds the lock)."""
        running = self._running.get(key)
        if running is not None:
            return running
        worker = threading.Thread(target=self._compute, args=(store, key, version), daemon=True,
                                  name=f"overview {key[2]}")
        self._running[key] = worker
        worker.start()
        return worker

    def _compute(self, store: Store, key: tuple[str, str, dt.date], version: str) -> None:
        began = time.monotonic()
        try:
            figures = compute(store, key[2], version)
        except Exception:  # kept figures stay; the next request starts another computation
            log.exception("The wijk overview figures could not be computed")
            figures = None
        with self._lock:
            self._running.pop(key, None)
            if figures is not None:
                self._kept.pop(key, None)  # newest last, so the oldest date goes first
                self._kept[key] = figures
                while len(self._kept) > KEPT_DATES:
                    self._kept.pop(next(iter(self._kept)))
        log.info("Wijk overview figures for %s computed in %.1f s", key[2], time.monotonic() - began)

    def wait(self, timeout: float = 60.0) -> None:
        """Until no computation runs (tests, and a clean stop)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                running = list(self._running.values())
            if not running or time.monotonic() > deadline:
                return
            running[0].join(max(0.0, deadline - time.monotonic()))


OVERVIEW = Overview()
