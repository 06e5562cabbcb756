"""The households of a bulk load in worker processes, one file each, while the common case holds.

Reading, validating and writing a national households input is the bulk load's largest cost in Python (about 12 us
of CPU per element in one process), and the files are independent but for two things: the keys one file claims must
not be claimed by an earlier one, and every file refers to the kaart's keys. So each file is read, validated by the
importer's own :func:`importers.households.validate` and written as the importer's data files
(:class:`graph.bulk.BulkFiles`, one part per file) by one of :data:`WORKERS` processes; the parent hands out the
kaart's keys before it forks and compares the hashes of the keys each file claimed, in the order of the files.

Only the common case goes this way: every file valid, every reference to a key the inputs before it write, no key
claimed twice, no key of wijkgraph's own data. Anything else (a problem, a key only the database holds, a file that
cannot be read) stops it and returns None: the caller removes the parts and runs the whole input again in one process
(:func:`importers.bulk._households`), which gives the import's problems word for word.
"""

from __future__ import annotations

import multiprocessing
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, LiteralString, cast

from graph.bulk import BulkFiles, Parts
from graph.load import existing_keys
from graph.model import NODE_BY_LABEL, NODES, REL_BY_NAME, ReferenceData
from graph.store import Store
from importers import households as household_import

WORKERS = 2  # the machine's cores; the parent only collects


class _Recorder:
    """Stands in for a store to learn the query :func:`graph.load.existing_keys` sends for a label."""

    query = ""

    def read(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        self.query = query
        return []


def lookup_queries() -> dict[str, str]:
    """The key lookup query of each label (:func:`graph.load.existing_keys`) -> the label."""
    queries = {}
    for node in NODES:
        recorder = _Recorder()
        existing_keys(cast(Store, recorder), node.label, ["?"])
        queries[recorder.query] = node.label
    return queries


def reference_keys() -> dict[str, set[str]]:
    """The keys of wijkgraph's own data, which no input may write (:mod:`importers.guard`)."""
    reference = ReferenceData()
    return {"Expertise": {row["code"] for row in reference.expertise},
            "LifeDomain": {row["code"] for row in reference.life_domains}}


class KnownKeys:
    """Answers the key lookups of the households' validation from the keys the inputs before them write: a key
    they do not write is unknown here (the database may hold it: then the caller's one-process run finds it)."""

    def __init__(self, known: Mapping[str, set[Any]]) -> None:
        self.known, self._lookups = known, lookup_queries()

    def read(self, query: LiteralString, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        label = self._lookups.get(query)
        if label is None or not parameters:
            raise AssertionError(f"only key lookups are answered here, not {query!r}")
        keys = self.known.get(label, set())
        return [{"key": key} for key in parameters["keys"] if key in keys]


@dataclass
class FileDone:
    ok: bool  # False: a problem, a reserved key or an error; the caller falls back
    claimed: bytes = b""  # the hashes of the keys the file claimed (array of 'q')
    parts: Parts = field(default_factory=Parts)
    written: Counter[str] = field(default_factory=Counter)  # rows per label or relationship type
    nodes: int = 0  # nodes and relationships written (rows MERGE would merge count once)
    relationships: int = 0


# Set in the parent before the workers fork: the files, the known keys, where and how to write.
_STATE: dict[str, Any] = {}


def _one_file(index: int) -> FileDone:
    paths: list[Path] = _STATE["paths"]
    try:
        households = household_import.read_households(paths[index])
        claimed: set[int] = set()
        problems, _ = household_import.validate(cast(Store, KnownKeys(_STATE["known"])), households,
                                                paths[index].name, claimed)
        if problems:
            return FileDone(False)
        plan = household_import.build_plan(households)
        if any({row[NODE_BY_LABEL[label].key] for row in plan.nodes.get(label, [])} & keys
               for label, keys in reference_keys().items()):
            return FileDone(False)
        files = BulkFiles(_STATE["folder"], part=f"-{index:05d}")
        done = FileDone(True)
        try:
            for label, rows in plan.nodes.items():
                done.nodes += files.add_nodes(label, rows, _STATE["source"], _STATE["now"])
                done.written[label] += len(rows)
            for name, rows in plan.relationships.items():
                done.relationships += files.add_relationships(name, rows, _STATE["source"], _STATE["now"])
                done.written[REL_BY_NAME[name].type] += len(rows)
        finally:
            files.close()
        done.claimed, done.parts = array("q", claimed).tobytes(), files.parts
        return done
    except Exception:  # whatever it is, the one-process run meets it again and reports it
        return FileDone(False)


def write_in_workers(paths: list[Path], known: Mapping[str, set[Any]], folder: Path, source: str,
                     now: datetime) -> FileDone | None:
    """Every file of ``paths`` validated and written into ``folder`` by the workers; their sum, or None when the
    common case does not hold (see the module).

    The workers are forked, so they share the parent's string hashes (``hash`` is seeded per interpreter) and the
    claimed keys of two files can be compared by their hashes, as :func:`importers.households.validate` does."""
    _STATE.update(paths=paths, known=known, folder=folder, source=source, now=now)
    total = FileDone(True)
    earlier: set[int] = set()
    try:
        with multiprocessing.get_context("fork").Pool(min(WORKERS, len(paths))) as pool:
            for done in pool.imap(_one_file, range(len(paths))):
                claimed = array("q")
                claimed.frombytes(done.claimed)
                if not done.ok or not earlier.isdisjoint(claimed):
                    return None  # leaving the block stops the workers
                earlier.update(claimed)
                total.parts.add(done.parts)
                total.written += done.written
                total.nodes += done.nodes
                total.relationships += done.relationships
    finally:
        _STATE.clear()
    return total
