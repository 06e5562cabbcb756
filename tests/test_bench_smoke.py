"""Smoke test of the benchmark code at a tiny scale: it runs, renders its tables, and the in-memory baseline
(bench/baseline.py) gives the same answers as the analyses. No timings are asserted: benchmarks are scripts."""

from __future__ import annotations

from pathlib import Path

from bench import analysesbench, baseline, importbench
from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart
from importers.scale import generate_scale, parse_scale


def test_bench_analyses_and_naive_import_at_a_tiny_scale(store: Store, tmp_path: Path) -> None:
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
    # The generator gives every wijk a team, groups A-D and civil partners: without these two cases the structure
    # part of gaps would compare two empty sets.
    wijken = [row["code"] for row in store.read("MATCH (w:Wijk) RETURN w.code AS code ORDER BY code LIMIT 2")]
    store.write("MATCH (:Team)-[s:SERVES]->(:Wijk {code: $code}) DELETE s", {"code": wijken[0]})
    store.write("MATCH (:Professional)-[r:WORKS_IN {group: 'B'}]->(:Wijk {code: $code}) DELETE r", {"code": wijken[1]})
    per_wijk, all_wijk, result = analysesbench.benchmark(store, "0.001", wijk_count=3)
    assert result["mismatches"] == {}
    assert all(count > 0 for count in result["compared"].values()), result["compared"]
    assert sorted(result["compared"]) == sorted(baseline.BASELINES)
    equal = {row[0]: row[-1] for row in all_wijk.rows}
    assert {name: equal[name] for name in baseline.BASELINES} == {
        name: f"yes ({result['compared'][name]} rows)" for name in baseline.BASELINES}
    assert "| missing_expertise |" in per_wijk.markdown()


def test_the_api_load_generator_reads_real_responses(store: Store) -> None:
    import asyncio

    from web_support import WIJK_IN, live_server, load_test_world

    from bench import apibench

    tokens = load_test_world(store)
    urls = [f"/contacts.json?wijk={WIJK_IN}", f"/wijken/{WIJK_IN}.json", "/wijken/WK404.json"]
    with live_server(store) as base:
        latencies, errors, seconds = asyncio.run(apibench.load(base, tokens["admin"], urls, 4, 30, 20))
        assert len(latencies) == 30 and seconds > 0
        assert errors == {"404": 10}  # every third request asks for a wijk that does not exist
        _, refused, _ = asyncio.run(apibench.load(base, "wg_not-a-token", urls[:1], 2, 6, 20))
        assert refused == {"401": 6}
