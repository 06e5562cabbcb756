"""Smoke test of the benchmark code at a tiny scale: it runs, renders its tables, and the in-memory baseline
(bench/baseline.py) gives the same answers as the analyses. No timings are asserted: benchmarks are scripts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from api import cache
from bench import analysesbench, baseline, importbench
from bench.common import server_memory
from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart
from importers.scale import generate_scale, parse_scale
from queries.analyses import ANALYSES


def test_bench_analyses_and_naive_import_at_a_tiny_scale(store: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    generate_scale(tmp_path, parse_scale("0.001"), 2026, households_per_file=200)
    import_kaart(store, tmp_path / "kaart")
    sample = importbench.naive_sample(tmp_path)[:50]
    seconds, created = importbench.run_naive(store, sample)
    assert created > 0 and seconds > 0
    assert not store.read("MATCH (n) WHERE n.source = 'bench-naive' RETURN n LIMIT 1")
    import_households(store, tmp_path / "households")
    seconds, created = importbench.run_ceiling(store, 100)
    assert created == 100
    node_properties, rel_properties = importbench.imported_property_counts(store)
    assert node_properties >= 4 and rel_properties >= 3  # the key or data, and source, firstseen, lastupdated
    loaded = importbench.ceiling_with_properties(6, 4)
    assert loaded.count(" = ") == 5 + 4  # a.i in the pattern, five set on the node, four on the relationship
    seconds, created = importbench.run_ceiling(store, 100, loaded)
    assert created == 100
    assert store.read("MATCH (n:BenchCeiling) RETURN n LIMIT 1") == []  # each run deletes what it created
    # The generator takes every branch (importers/scale.py): every kind of gap occurs at this scale, so no compared
    # kind is empty on both sides.
    per_wijk, all_wijk, result = analysesbench.benchmark(store, "0.001", wijk_count=3)
    assert result["mismatches"] == {}
    assert sorted(result["compared"]) == sorted(baseline.BASELINES)
    assert all(c["equal"] and c["got_rows"] == c["expected_rows"] > 0 for c in result["compared"].values()), result
    kinds = {row["kind"] for row in ANALYSES["gaps"].run(store, on=dt.date.today())}
    assert kinds == set(baseline.GAP_KINDS)
    equal = {row[0]: row[-1] for row in all_wijk.rows}
    assert {name: equal[name] for name in baseline.BASELINES} == {
        name: f"yes ({result['compared'][name]['got_rows']} rows in Neo4j, {result['compared'][name]['got_rows']} in "
              "the baseline)" for name in baseline.BASELINES}
    # Each all-wijk report: cold (its first run), and warm from the API's answer cache, the same answer.
    warm = result["all_wijk_warm"]
    assert set(warm) == set(result["all_wijk_cold"]) == set(result["all_wijk"])
    assert list(warm) == analysesbench.per_wijk_analyses()
    assert all(w["seconds"] is not None and w["same"] and 0 < w["bytes"] <= w["limit"] for w in warm.values()), warm
    cells = {row[0]: row for row in all_wijk.rows}
    for name, seconds in result["all_wijk_cold"].items():
        assert cells[name][1:6] == [seconds, result["all_wijk"][name], result["all_wijk_runs"][name],
                                    "yes" if seconds < 5 else f"NO ({seconds / 5:.1f}x over)",
                                    f"{warm[name]['seconds'] * 1000:.1f}"], name
    # On a date when nothing was active yet, the answers that are empty on both sides fail instead of passing; with
    # a target no report meets, each says NO; with the cache off (no answer kept), warm says so.
    monkeypatch.setattr(analysesbench, "ALL_WIJK_TARGET_S", 1e-9)
    monkeypatch.setattr(cache.ANSWERS, "max_bytes", 0)
    _, early, early_result = analysesbench.benchmark(store, "0.001", wijk_count=2, on=dt.date(1900, 1, 1))
    for row in early.rows:
        assert re.fullmatch(r"NO \([\d,.]+x over\)", row[4]) and row[5].startswith("not kept ("), row
    assert all(w["seconds"] is None and w["bytes"] > w["limit"] == 0 for w in early_result["all_wijk_warm"].values())
    assert early_result["compared"]["overlapping_helpers"]["got_rows"] == 0
    verdicts = {row[0]: row[-1] for row in early.rows}
    assert verdicts["overlapping_helpers"] == "NO: nothing to compare (0 rows in Neo4j, 0 in the baseline)"
    assert verdicts["gaps"] == ("NO: no uncovered_need, no_coordinator, contact_stale, contact_never_verified rows on "
                                "either side (26 rows in Neo4j, 26 in the baseline)")
    assert verdicts["brokers"] == "NO: nothing to compare (0 rows in Neo4j, 0 in the baseline)"
    assert {"overlapping_helpers", "gaps"} <= set(early_result["mismatches"])
    assert "| missing_expertise |" in per_wijk.markdown()


def test_the_api_load_generator_reads_real_responses(store: Store) -> None:
    import asyncio

    from web_support import WIJK_IN, live_server, load_test_world

    from bench import apibench

    tokens = load_test_world(store)
    urls = [f"/contacts.json?wijk={WIJK_IN}", f"/wijken/{WIJK_IN}.json", "/wijken/WK404.json"]
    with live_server(store) as base:
        latencies, errors, seconds = asyncio.run(apibench.load(base, tokens["admin"], urls, 4, 30, 600))
        assert len(latencies) == 30 and seconds > 0
        assert errors == {"404": 10}  # every third request asks for a wijk that does not exist
        _, refused, _ = asyncio.run(apibench.load(base, "wg_not-a-token", urls[:1], 2, 6, 600))
        assert refused == {"401": 6}


def test_bench_header_names_the_memory_the_server_runs_with(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # A --no-import run may be pointed at a server started with other settings than this process's environment.
    monkeypatch.setenv("WIJKGRAPH_NEO4J_HEAP", "77g")
    monkeypatch.setenv("WIJKGRAPH_NEO4J_PAGECACHE_MB", "99")
    reported = server_memory(store)
    assert re.fullmatch(r"heap \d+\.\d GiB, page cache \d+\.\d\d[MG]iB, as the server reports", reported), reported
    assert "77" not in reported and "99" not in reported
    assert server_memory(None) == "heap 77g, page cache 99 MB, as configured; the server could not be asked"
