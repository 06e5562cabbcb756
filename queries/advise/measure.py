"""Time the advice on the loaded database: ``python -m queries.advise.measure [--municipality GM0518] [--runs 5]``.

The placement advisor (greedy and exact) for each municipality asked, and the warm handover for every wijk of those
municipalities and each required expertise (GGZ, LVB). Prints JSON: per municipality the median seconds of the
advisor; over all wijken the handover's p50, p95 and max in milliseconds. Nothing is written. Run it on a quiet
machine for figures worth reporting; speed targets are not tested (BENCHMARKS.md says where figures go).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from typing import Any

from graph.model import DEFAULT_REQUIRED_EXPERTISE
from queries.advise.handover import handover
from queries.advise.placement import MAX_EXACT_CANDIDATES, placement
from queries.params import AnalysisError


def _seconds(run: Any) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(store: Any, municipalities: list[str] | None, runs: int, on: dt.date) -> dict[str, Any]:
    rows = store.read("MATCH (w:Wijk)-[:IN_MUNICIPALITY]->(m:Municipality) "
                      "WHERE $codes IS NULL OR m.code IN $codes RETURN m.code AS m, w.code AS w ORDER BY m, w",
                      {"codes": municipalities})
    by_municipality: dict[str, list[str]] = {}
    for row in rows:
        by_municipality.setdefault(row["m"], []).append(row["w"])
    advisor = {}
    for code, wijken in by_municipality.items():
        exact = len(wijken) <= MAX_EXACT_CANDIDATES
        times = [_seconds(lambda code=code, exact=exact: placement(store, "LVB", 3, [code], on, 0.5, exact))
                 for _ in range(runs)]
        advisor[code] = {"wijken": len(wijken), "exact": exact, "median_s": round(statistics.median(times), 4)}
    handovers = []
    for wijken in by_municipality.values():
        for wijk in wijken:
            for expertise in DEFAULT_REQUIRED_EXPERTISE:
                try:
                    handovers.append(_seconds(lambda w=wijk, x=expertise: handover(store, w, x, None, on)))
                except AnalysisError:  # a wijk without a team
                    continue
    handovers.sort()

    def at(share: float) -> float:
        return round(handovers[min(len(handovers) - 1, int(len(handovers) * share))] * 1000, 1) if handovers else 0.0

    return {"on": on.isoformat(), "placement": advisor,
            "handover": {"n": len(handovers), "p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": at(1.0)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipality", action="append", help="a municipality code; repeat for several (default all)")
    parser.add_argument("--runs", type=int, default=5, help="runs of the advisor per municipality")
    parser.add_argument("--on", type=dt.date.fromisoformat, default=dt.date.today(), help="the date (YYYY-MM-DD)")
    args = parser.parse_args()
    from graph.connection import open_store

    print(json.dumps(measure(open_store(), args.municipality, args.runs, args.on), indent=2))


if __name__ == "__main__":
    main()
