"""Benchmark 2: every per-wijk analysis over random wijken (p50/p95), every all-wijk report, and the in-memory
baseline from a full export side by side (with an equality check of the answers)."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench import baseline
from bench.common import Table, median, percentile
from bench.compare import Comparison, compare
from graph.store import Store
from queries import by_wijk
from queries.analyses import ANALYSES

ALL_WIJK_BUDGET_S = 6.0  # repeat an all-wijk report (up to 3 runs) while the runs so far took less than this


def per_wijk_analyses() -> list[str]:
    return [name for name, analysis in ANALYSES.items() if any(param.name == "wijk" for param in analysis.params)]


def sample_wijken(store: Store, count: int, seed: int = 6) -> list[str]:
    codes = sorted(row["code"] for row in store.read("MATCH (w:Wijk) RETURN w.code AS code"))
    return random.Random(seed).sample(codes, min(count, len(codes)))


def time_per_wijk(store: Store, wijken: list[str], on: dt.date) -> dict[str, list[float]]:
    """Milliseconds of ``run(store, wijk=..., on=...)`` per analysis, after one warm-up pass over 20 wijken."""
    times: dict[str, list[float]] = {}
    for name in per_wijk_analyses():
        analysis = ANALYSES[name]
        for wijk in wijken[:20]:
            analysis.run(store, wijk=wijk, on=on)
        samples = []
        for wijk in wijken:
            began = time.perf_counter()
            analysis.run(store, wijk=wijk, on=on)
            samples.append((time.perf_counter() - began) * 1000)
        times[name] = samples
    return times


# Row kinds that must occur on at least one side, or the comparison proves nothing about their branch.
REQUIRED_KINDS: dict[str, tuple[Any, tuple[str, ...]]] = {"gaps": (lambda row: row[1], baseline.GAP_KINDS)}


def compare_with_baseline(data: baseline.Export, on_text: str, graphs: dict[str, Any], graphs_s: float,
                          answers: dict[str, list[dict[str, Any]]]) -> tuple[dict[str, float],
                                                                             dict[str, Comparison]]:
    """Seconds of each baseline computation and the comparison of each analysis's answer with the baseline's
    (bench/compare.py: multisets, the analysis's own order, an empty comparison or kind is a failure)."""
    compute_s: dict[str, float] = {}
    comparisons: dict[str, Comparison] = {}
    for name in baseline.BASELINES:
        began = time.perf_counter()
        expected = baseline.compute(name, data, on_text, graphs)
        compute_s[name] = time.perf_counter() - began + (graphs_s if name in ("network_summary", "brokers") else 0)
        kind_of, required = REQUIRED_KINDS.get(name, (None, ()))
        comparisons[name] = compare(baseline.from_registry(name, answers[name]), expected,
                                    baseline.ORDER.get(name), kind_of, required)
    return compute_s, comparisons


def benchmark(store: Store, scale: str, wijk_count: int = 200, on: dt.date | None = None) -> tuple[
        Table, Table, dict[str, Any]]:
    on = on or dt.date.today()
    wijken = sample_wijken(store, wijk_count)
    per_wijk = time_per_wijk(store, wijken, on)
    per_table = Table(f"Per-wijk analyses at scale {scale}: {len(wijken)} random wijken, warm, on={on}",
                      ["analysis", "p50 (ms)", "p95 (ms)", "max (ms)", "target p95", "met"])
    for name, samples in per_wijk.items():
        p95 = percentile(samples, 0.95)
        per_table.add(name, percentile(samples, 0.5), p95, max(samples), "< 50 ms",
                      "yes" if p95 < 50 else f"NO ({p95 / 50:.1f}x over)")

    # The all-wijk reports, and the baseline: one export, then Python.
    all_times: dict[str, float] = {}
    run_counts: dict[str, int] = {}
    answers: dict[str, list[dict[str, Any]]] = {}
    for name in per_wijk_analyses():
        runs: list[float] = []
        while len(runs) < 3 and sum(runs) < ALL_WIJK_BUDGET_S:
            began = time.perf_counter()
            rows = ANALYSES[name].run(store, on=on)
            runs.append(time.perf_counter() - began)
        all_times[name] = median(runs)
        run_counts[name] = len(runs)
        if name in baseline.BASELINES:
            answers[name] = rows
    began = time.perf_counter()
    data = baseline.export(store)
    export_s = time.perf_counter() - began
    on_text = on.isoformat()
    began = time.perf_counter()
    graphs = baseline.collaboration_graphs(data, on_text)
    graphs_s = time.perf_counter() - began
    compute_s, comparisons = compare_with_baseline(data, on_text, graphs, graphs_s, answers)
    all_table = Table(
        f"All-wijk reports at scale {scale} (end to end, median of up to 3 runs) against the in-memory baseline",
        ["analysis", "Neo4j report (s)", "runs", "target < 5 s", "baseline compute (s)", "baseline export+compute (s)",
         "report / (export+compute)", "answers equal"])
    for name, seconds in all_times.items():
        if name in compute_s:
            total = export_s + compute_s[name]
            equal = comparisons[name].verdict()
            all_table.add(name, seconds, run_counts[name], "yes" if seconds < 5 else f"NO ({seconds / 5:.1f}x over)",
                          compute_s[name], total, f"{seconds / total:.2f}", equal)
        else:
            all_table.add(name, seconds, run_counts[name], "yes" if seconds < 5 else f"NO ({seconds / 5:.1f}x over)",
                          "", "", "", "(no baseline)")
    all_table.notes.append(
        f"A report runs as the CLI and API run it: all wijken in chunks of {by_wijk.CHUNK}, {by_wijk.READERS} reads at "
        f"a time (queries/by_wijk.py); it is repeated while its runs took under {ALL_WIJK_BUDGET_S:.0f} s in all.")
    all_table.notes.append(
        f"Baseline: one export of the needed subgraph ({data.rows:,} rows, {export_s:.1f} s, {data.reads} plain "
        "Cypher reads) into Python dicts, then each analysis computed from its specification in plain Python / "
        "networkx (bench/baseline.py). `gaps` compares every kind (each must occur) with household, detail and "
        "evidence; missing_expertise compares coverage, demand and the evidence set; overlapping_helpers every "
        "column but the organisations; network_summary every column; brokers rank, id and betweenness. Answers "
        "compare as multisets (a repeated row differs), in the order the analysis defines (gaps, missing_expertise, "
        "overlapping_helpers); an empty comparison fails (bench/compare.py).")
    for name, comparison in comparisons.items():
        if not comparison.equal:
            examples = (comparison.only_got[:3], comparison.only_expected[:3])
            all_table.notes.append(f"MISMATCH {name}: {comparison.verdict()}; examples {examples}")
            print(f"!!! MISMATCH in {name}: {comparison.verdict()}: {examples}")
    result = {"per_wijk": {name: {"p50": percentile(s, 0.5), "p95": percentile(s, 0.95)}
                           for name, s in per_wijk.items()},
              "all_wijk": all_times, "baseline_export_s": export_s, "baseline_compute_s": compute_s,
              "mismatches": {name: c.summary() for name, c in comparisons.items() if not c.equal},
              "compared": {name: c.summary() for name, c in comparisons.items()},
              "wijken": len(wijken)}
    return per_table, all_table, result
