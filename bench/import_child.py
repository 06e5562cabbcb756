"""One import in its own process, so that its peak RSS is the importer's alone: prints one JSON line.

``python -m bench.import_child DATA_FOLDER [--batch-size N] [--no-rust-ext]`` against NEO4J_URI.
"""

from __future__ import annotations

import sys

if "--no-rust-ext" in sys.argv:
    sys.modules["neo4j._rust"] = None  # type: ignore[assignment]  # the driver falls back to pure Python

import argparse
import json
import resource
import time
from collections import Counter
from pathlib import Path

import graph.store
from graph.connection import open_store
from graph.writers import import_writers
from importers.households import import_households
from importers.kaart import import_kaart
from importers.options import ImportOptions


class Marks:
    """A progress sink that notes when loading starts (validation is over by then)."""

    def __init__(self) -> None:
        self.first_load: float | None = None

    def start(self, description: str, total: int) -> None:
        if self.first_load is None:
            self.first_load = time.perf_counter()

    def advance(self, amount: int) -> None:
        pass


def elements(counters: Counter[str]) -> int:
    return counters.get("nodes_created", 0) + counters.get("relationships_created", 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--no-rust-ext", action="store_true")
    parser.add_argument("--skip-kaart", action="store_true")
    args = parser.parse_args()
    if args.batch_size:
        graph.store.DEFAULT_BATCH_SIZE = args.batch_size
    store = open_store()
    out: dict = {"rust_ext": "neo4j._rust" not in sys.modules or sys.modules["neo4j._rust"] is not None,
                 "batch_size": graph.store.DEFAULT_BATCH_SIZE}
    if not args.skip_kaart:
        began = time.perf_counter()
        kaart = import_kaart(store, args.folder / "kaart")
        out["kaart"] = {"seconds": time.perf_counter() - began, "elements": elements(kaart.database),
                        "rows": sum(kaart.written.values())}
    marks = Marks()
    began = time.perf_counter()
    households = import_households(store, args.folder / "households", ImportOptions(progress=marks))
    ended = time.perf_counter()
    load_began = marks.first_load or began
    out["households"] = {"seconds": ended - began, "validate_seconds": load_began - began,
                         "load_seconds": ended - load_began, "elements": elements(households.database),
                         "rows": sum(households.written.values()), "writers": import_writers(),
                         "retries": households.retries, "deadlocks": households.deadlocks}
    out["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
