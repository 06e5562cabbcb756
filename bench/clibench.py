"""Benchmark 5: CLI start-up. `wijkgraph --help`, `wijkgraph analyse --list` and one per-wijk analysis end to end,
each run as a subprocess (after one warm-up run) against the local Neo4j with the demo loaded; the median of the
runs against its target. A missed target or a failed run makes the benchmark fail.

It uses the local Neo4j of WIJKGRAPH_HOME, as `wijkgraph` does: started when it does not run (and stopped again at
the end), the demo loaded when its wijk is missing. With NEO4J_URI set it uses that server instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import Table, median
from graph.settings import PROJECT_ROOT, external_settings

DEMO_WIJK = "WK063701"  # Zoetermeer Meerzicht, in the demo data


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    target_s: float
    expect: str  # text the output must hold: a run that prints something else failed


CASES = (
    Case(("--help",), 0.5, "Usage"),
    Case(("analyse", "--list"), 1.0, "missing_expertise:"),
    Case(("analyse", "missing_expertise", "--wijk", DEMO_WIJK, "--format", "table"), 1.5, "missing_expertise ("),
)


def wijkgraph() -> list[str]:
    """The installed `wijkgraph` script beside this Python, as users start it; `python -m api` without it."""
    script = Path(sys.executable).parent / "wijkgraph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "api"]


def time_runs(command: list[str], runs: int, expect: str = "") -> tuple[list[float], list[str]]:
    """Seconds of each of ``runs`` runs of ``command`` (after one warm-up run), and what went wrong in any run."""
    seconds: list[float] = []
    failures: list[str] = []
    for run in range(runs + 1):
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT)
        took = time.perf_counter() - began
        if done.returncode != 0 or expect not in done.stdout:
            last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
            failures.append(f"exit {done.returncode}: {last[0]}")
        elif run:  # run 0 warms the disk cache and Neo4j's query cache up
            seconds.append(took)
    return seconds, failures


def verdict(seconds: list[float], failures: list[str], target_s: float) -> str:
    if failures:
        return f"NO: {len(failures)} run(s) failed ({failures[0]})"
    value = median(seconds)
    return "yes" if value < target_s else f"NO ({value / target_s:.1f}x the target)"


def demo_ready() -> bool:
    """Whether Neo4j answers and holds the demo's wijk."""
    from graph.connection import open_store

    rows = open_store().read("MATCH (w:Wijk {code: $code}) RETURN count(w) AS n", {"code": DEMO_WIJK})
    return bool(rows[0]["n"])


def start_neo4j() -> bool:
    """Start the local Neo4j unless NEO4J_URI is set or it runs; True when it was started here."""
    if external_settings():
        return False
    from graph import schema
    from graph.connection import open_store
    from graph.local_neo4j import LocalNeo4j

    _, started = LocalNeo4j().start()
    schema.apply(open_store())
    return started


def benchmark(runs: int = 5) -> tuple[Table, dict[str, Any]]:
    started = start_neo4j()
    try:
        if not demo_ready():
            subprocess.run([*wijkgraph(), "demo"], check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
        table = Table(f"CLI start-up: each command as a subprocess, median of {runs} runs after one warm-up",
                      ["command", "median (ms)", "min (ms)", "max (ms)", "target", "met"])
        results: dict[str, Any] = {}
        for case in CASES:
            seconds, failures = time_runs([*wijkgraph(), *case.args], runs, case.expect)
            met = verdict(seconds, failures, case.target_s)
            name = "wijkgraph " + " ".join(case.args)
            ms = [value * 1000 for value in seconds]
            table.add(f"`{name}`", median(ms), min(ms, default=float("nan")), max(ms, default=float("nan")),
                      f"< {case.target_s * 1000:.0f} ms", met)
            results[name] = {"seconds": seconds, "failures": failures, "met": met == "yes"}
        table.notes.append(f"`{' '.join(wijkgraph())}` against the local Neo4j of WIJKGRAPH_HOME with the demo "
                           f"loaded (or NEO4J_URI); wall-clock time of the whole process; load average at the end "
                           f"{' '.join(f'{value:.2f}' for value in os.getloadavg())}.")
        return table, results
    finally:
        if started:
            from graph.local_neo4j import LocalNeo4j

            LocalNeo4j().stop()
