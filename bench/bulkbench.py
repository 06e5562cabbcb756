"""Benchmark of the bulk first load (`wijkgraph import bulk`) against the import's ceiling (b), in one run.

``python -m bench.bulkbench --scale 0.1 [--runs 3] [--out FILE.json]``: the benchmark's own Neo4j
(<WIJKGRAPH_HOME>/bench-neo4j, as ``python -m bench``) made empty, then the generated kaart and households of the scale
loaded by :func:`importers.bulk.bulk_load` end to end (validation and CSV files, neo4j-admin, restart, schema), then
the ceiling (b) of the import benchmark (bare ``UNWIND range CREATE``) on the same Neo4j with the loaded store, as
``bench import`` measures it after its import. Prints a markdown table; ``--out`` also writes the raw figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bench.common import BenchNeo4j, Table, generated, load_average, median, scale_name
from bench.importbench import CEILING_MAX, run_ceiling
from graph import schema
from graph.store import connect
from importers.bulk import BulkInputs, bulk_load

TARGET_SECONDS = 300  # issue 18: national scale end to end in under 5 minutes
TARGET_RATIO = 0.5  # and at least half of ceiling (b)
START_TIMEOUT = 900.0


def benchmark(neo: BenchNeo4j, folder: Path, scale: str, runs: int = 3) -> tuple[Table, dict[str, Any]]:
    if neo.local is None:
        raise SystemExit("the bulk load needs the benchmark's own local Neo4j: unset NEO4J_URI")
    neo.local.stop()  # made empty as neo.fresh() does, with a patient start (a busy machine takes minutes)
    shutil.rmtree(neo.local.data_folder, ignore_errors=True)
    neo.local.start(timeout=START_TIMEOUT)
    with closing(connect(neo.settings)) as empty:
        schema.apply(empty)
    load_before = load_average()
    began = time.perf_counter()
    done = bulk_load(neo.local, BulkInputs(folder / "kaart", folder / "households"), start_timeout=START_TIMEOUT)
    seconds = time.perf_counter() - began
    load_after = load_average()
    rate = done.elements / seconds
    store = neo.store = connect(neo.settings)  # the loaded store (neo.connect refuses a local Neo4j)
    ceiling = [run_ceiling(store, min(done.elements, CEILING_MAX)) for _ in range(runs)]
    ceiling_rate = median([elements / taken for taken, elements in ceiling])
    result = {"scale": scale, "elements": done.elements, "seconds": seconds, "phases": done.seconds, "cpu": done.cpu,
              "rate": rate, "ceiling_rate": ceiling_rate, "ceiling_runs": ceiling,
              "load_average_before": load_before, "load_average_after": load_after}
    table = Table(f"Bulk first load at scale {scale}",
                  ["what", "size", "time (s)", "CPU (s)", "elements/s", "ratio", "target"])
    table.add("bulk first load end to end (`wijkgraph import bulk --kaart --households`)",
              f"{done.elements:,} elements", seconds, sum(done.cpu.values()), rate, "",
              f"< {TARGET_SECONDS} s at national")
    for phase, taken in done.seconds.items():
        table.add(f"  of which {phase}", "", taken, done.cpu.get(phase, ""), "", "", "")
    table.add(f"(b) ceiling: bare UNWIND range CREATE (median of {runs}, after the load)",
              f"{min(done.elements, CEILING_MAX):,} elements", median([t for t, _ in ceiling]), "", ceiling_rate, "",
              "")
    table.add("bulk end to end / (b)", "", "", "", "", f"{rate / ceiling_rate:.2f}", f">= {TARGET_RATIO:.2f}")
    table.notes.append(f"Load average (1/5/15 min) before the load: {load_before}; after it: {load_after}. neo4j-admin "
                       "with --threads=2 --max-off-heap-memory=3g; the Neo4j restarted with the bench's heap and page "
                       "cache (WIJKGRAPH_NEO4J_HEAP, WIJKGRAPH_NEO4J_PAGECACHE_MB). CPU: the bench process, its "
                       "children (the households workers, neo4j-admin) and the local Neo4j, summed over both cores: "
                       "what a phase costs, whatever else the machine runs.")
    return table, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="0.1")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    folder = generated(args.scale)
    neo = BenchNeo4j()
    try:
        table, result = benchmark(neo, folder, scale_name(args.scale), args.runs)
    finally:
        neo.stop()
    print(table.markdown())
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
