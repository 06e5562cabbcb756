"""Benchmark 1: the real importer against the naive way (one MERGE per row, auto-commit) and the engine ceiling."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any, LiteralString, cast

from bench.common import PYTHON, BenchNeo4j, Table, data_size, median
from graph.load import IDENTITY_PROPERTY, identity_of, node_merge_query, relationship_merge_query
from graph.model import NODE_BY_LABEL, REL_BY_NAME
from graph.settings import PROJECT_ROOT
from graph.store import DEFAULT_BATCH_SIZE, Store
from importers.households import build_plan, read_households
from importers.kaart import import_kaart

NAIVE_ROWS = 1500  # whole households; the naive rate is per row, so a small sample measures it
NAIVE_RUNS = 5  # at least: the naive rate moved 37x-79x between single runs; its median and spread are reported
NAIVE_SOURCE = "bench-naive"
CEILING_MAX = 600_000
CEILING_ROWS = "UNWIND range($first, $last) AS i CREATE (a:BenchCeiling {i: i})-[:BENCH_CEILING]->(a)"


def run_import_child(neo: BenchNeo4j, folder: Path, *args: str, skip_kaart: bool = False) -> dict[str, Any]:
    command = [PYTHON, "-m", "bench.import_child", str(folder), *args, *(["--skip-kaart"] if skip_kaart else [])]
    done = subprocess.run(command, env=neo.env(), cwd=PROJECT_ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"import failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def naive_sample(folder: Path) -> list[tuple[Any, dict[str, Any]]]:
    """About NAIVE_ROWS rows (nodes, then relationships) of whole households from the first households file."""
    households = read_households(sorted((folder / "households").glob("*.json"))[0])
    chosen: list[dict[str, Any]] = []
    size = 0
    for household in households:
        plan = build_plan([household])
        if size + plan.size > NAIVE_ROWS and chosen:
            break
        chosen.append(household)
        size += plan.size
    plan = build_plan(chosen)
    rows: list[tuple[Any, dict[str, Any]]] = []
    for label, node_rows in plan.nodes.items():
        rows += [(node_merge_query(NODE_BY_LABEL[label]), row) for row in node_rows]
    for name, rel_rows in plan.relationships.items():
        rel = REL_BY_NAME[name]
        for row in rel_rows:
            if rel.identity:
                row = {**row, IDENTITY_PROPERTY: identity_of(rel, row)}
            rows.append((relationship_merge_query(rel), row))
    return rows


def run_naive(store: Store, rows: list[tuple[Any, dict[str, Any]]]) -> tuple[float, int]:
    """Each row its own auto-commit ``session.run`` (the same generated MERGE, with one row); (seconds, elements)."""
    created = 0
    now = _now()
    with store.driver.session(database=store.database) as session:
        began = time.perf_counter()
        for query, row in rows:
            counters = session.run(query, {"rows": [row], "source": NAIVE_SOURCE, "now": now}).consume().counters
            created += counters.nodes_created + counters.relationships_created
        seconds = time.perf_counter() - began
    store.write_autocommit(
        "MATCH (n) WHERE n.source = $source CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
        {"source": NAIVE_SOURCE})
    return seconds, created


def imported_property_counts(store: Store) -> tuple[int, int]:
    """Mean number of properties per imported node and per imported relationship, rounded (reference data left
    out): what the model makes every element carry, tracking properties included."""
    nodes = store.read("MATCH (n) WHERE NOT n.source STARTS WITH 'wijkgraph:' RETURN avg(size(keys(n))) AS mean")
    rels = store.read("MATCH ()-[r]->() WHERE NOT r.source STARTS WITH 'wijkgraph:' "
                      "RETURN avg(size(keys(r))) AS mean")
    return round(nodes[0]["mean"] or 1), round(rels[0]["mean"] or 0)


def ceiling_with_properties(node_properties: int, rel_properties: int) -> LiteralString:
    """The bare ceiling, with each node and relationship carrying this many properties: ``source``, ``firstseen``
    and ``lastupdated`` first (as every imported element does), then whole numbers."""
    def assignments(var: str, count: int) -> list[str]:
        tracking = [f"{var}.source = $source", f"{var}.firstseen = $now", f"{var}.lastupdated = $now"]
        return (tracking + [f"{var}.p{k} = i" for k in range(1, count - 2)])[:count]

    sets = assignments("a", node_properties - 1) + assignments("r", rel_properties)  # a.i is the node's first
    query = "UNWIND range($first, $last) AS i CREATE (a:BenchCeiling {i: i})-[r:BENCH_CEILING]->(a)"
    return cast(LiteralString, query + (" SET " + ", ".join(sets) if sets else ""))


def run_ceiling(store: Store, elements: int, query: LiteralString = CEILING_ROWS) -> tuple[float, int]:
    """``query`` (a bare ``UNWIND range CREATE`` of one node and one relationship per row) over enough rows for
    ``elements``, DEFAULT_BATCH_SIZE rows a batch."""
    rows = max(1, elements // 2)
    created = 0
    now = _now()
    began = time.perf_counter()
    for first in range(1, rows + 1, DEFAULT_BATCH_SIZE):
        counters = store.write(query, {"first": first, "last": min(rows, first + DEFAULT_BATCH_SIZE - 1),
                                       "source": "bench:ceiling", "now": now})
        created += counters["nodes_created"] + counters["relationships_created"]
    seconds = time.perf_counter() - began
    store.write_autocommit("MATCH (n:BenchCeiling) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    return seconds, created


def _now() -> Any:
    from datetime import UTC, datetime
    return datetime.now(UTC)


def benchmark(neo: BenchNeo4j, folder: Path, scale: str, runs: int = 3) -> tuple[Table, dict[str, Any]]:
    """Fresh database; kaart; naive sample (runs x); households; ceiling (runs x) on the same Neo4j."""
    store = neo.fresh()
    # kaart first (the naive sample needs its wijken and professionals), in the bench process: it is small.
    began = time.perf_counter()
    kaart_result = import_kaart(store, folder / "kaart")
    kaart = {"seconds": time.perf_counter() - began,
             "elements": kaart_result.database["nodes_created"] + kaart_result.database["relationships_created"]}
    sample = naive_sample(folder)
    naive = [run_naive(store, sample) for _ in range(max(runs, NAIVE_RUNS))]
    naive_rates = [elements / seconds for seconds, elements in naive]
    naive_rate = median(naive_rates)
    child = run_import_child(neo, folder, skip_kaart=True)
    households = child["households"]
    import_rate = households["elements"] / households["seconds"]
    load_rate = households["elements"] / households["load_seconds"]
    ceiling_elements = min(households["elements"], CEILING_MAX)
    ceiling = [run_ceiling(store, ceiling_elements) for _ in range(runs)]
    ceiling_rate = median([elements / seconds for seconds, elements in ceiling])
    node_properties, rel_properties = imported_property_counts(store)
    loaded_query = ceiling_with_properties(node_properties, rel_properties)
    loaded = [run_ceiling(store, ceiling_elements, loaded_query) for _ in range(runs)]
    loaded_rate = median([elements / seconds for seconds, elements in loaded])
    result = {"scale": scale, "kaart": kaart, "households": households, "maxrss_mib": child["maxrss_mib"],
              "naive_rate": naive_rate, "naive_rate_min": min(naive_rates), "naive_rate_max": max(naive_rates),
              "naive_rows": len(sample), "naive_runs": naive,
              "ceiling_rate": ceiling_rate, "ceiling_elements": ceiling_elements, "ceiling_runs": ceiling,
              "loaded_ceiling_rate": loaded_rate, "loaded_ceiling_runs": loaded,
              "properties_per_node": node_properties, "properties_per_relationship": rel_properties,
              "import_rate": import_rate, "load_rate": load_rate, "data_bytes": data_size(folder),
              "rust_ext": child["rust_ext"], "batch_size": child["batch_size"]}
    table = Table(f"Import at scale {scale}", ["what", "size", "time (s)", "elements/s", "ratio", "target"])
    table.add("data files (kaart CSV + households JSON)", f"{result['data_bytes'] / 2**20:,.0f} MiB", "", "", "", "")
    table.add("kaart (import_kaart, bench process)", f"{kaart['elements']:,} elements", kaart["seconds"],
              kaart["elements"] / kaart["seconds"], "", "")
    table.add("households: import_households end to end (parse, validate, load, cleanup)",
              f"{households['elements']:,} elements", households["seconds"], import_rate, "", "")
    table.add("  of which validation (parse + schema + key checks, all files)", "", households["validate_seconds"],
              "", "", "")
    table.add("  of which load (parse again, plan, batched MERGE, cleanup)", "", households["load_seconds"],
              load_rate, "", "")
    table.add(f"(a) naive: one MERGE per row, auto-commit (median of {len(naive)}; rate {min(naive_rates):,.0f}-"
              f"{max(naive_rates):,.0f}/s)", f"{len(sample):,} rows", median([s for s, _ in naive]), naive_rate, "", "")
    table.add(f"(b) ceiling: bare UNWIND range CREATE, {DEFAULT_BATCH_SIZE} rows/tx (median of {runs})",
              f"{ceiling_elements:,} elements", median([s for s, _ in ceiling]), ceiling_rate, "", "")
    table.add("import end to end / naive (over the naive runs: min-max)", "", "", "",
              f"{import_rate / naive_rate:.1f}x ({import_rate / max(naive_rates):.1f}x-"
              f"{import_rate / min(naive_rates):.1f}x)", ">= 20x")
    table.add("import end to end / ceiling", "", "", "", f"{import_rate / ceiling_rate:.2f}", ">= 0.50")
    table.add("load phase / ceiling", "", "", "", f"{load_rate / ceiling_rate:.2f}", "(for reference)")
    table.add(f"(c) ceiling with the import's properties: {node_properties} per node, {rel_properties} per "
              f"relationship (median of {runs})", f"{ceiling_elements:,} elements", median([s for s, _ in loaded]),
              loaded_rate, "", "")
    table.add("import end to end / (c)", "", "", "", f"{import_rate / loaded_rate:.2f}", "(for reference)")
    table.add("peak RSS of the import process (households import in a subprocess)", "",
              "", "", f"{child['maxrss_mib']:,.0f} MiB", "< 1024 MiB")
    table.notes.append(
        f"The households import runs once in its own process (`python -m bench.import_child`), batch size "
        f"{child['batch_size']}, {households.get('writers', 1)} writer thread(s) ({households.get('retries', 0)} "
        f"batches retried, {households.get('deadlocks', 0)} after a deadlock), neo4j-rust-ext "
        f"{'on' if child['rust_ext'] else 'off'}; the naive sample and the "
        "ceiling run in the bench process on the same Neo4j, the ceiling after the import (same store size).")
    table.notes.append(
        f"Naive sample: the first {len(sample):,} plan rows (whole households, nodes then relationships) of the first "
        "households file, each the same generated MERGE with one row in its own auto-commit `session.run`; "
        "deleted again afterwards. Ceiling: `" + CEILING_ROWS + "`, one node and one relationship per row. "
        "(c): the same with `SET` of `source`, `firstseen`, `lastupdated` and whole numbers up to the mean property "
        "count of the imported nodes and relationships: `" + loaded_query + "`.")
    return table, result
