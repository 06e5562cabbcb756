"""The steps of ``python -m bench`` and the run they share: each step adds its tables to the run, and the run writes
its --out file and its raw results again after every table (:meth:`BenchRun.add`), so that a run stopped late keeps
the tables it finished."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import analysesbench, apibench, bulkbench, decisionsbench, importbench, pagesbench, sections, targets
from bench.common import BenchNeo4j, Table, generated, header, scale_fraction, scale_name, write_results
from graph.settings import PROJECT_ROOT, wijkgraph_home

SUMMARY_ANALYSES = ("missing_expertise", "gaps", "overlapping_helpers", "contacts", "network_summary")


@dataclass
class BenchRun:
    args: argparse.Namespace
    command: str  # as typed, for the header and the raw results
    started: str
    load_start: str
    neo: BenchNeo4j = field(default_factory=BenchNeo4j)
    tables: list[Table] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)
    raw: Path | None = None  # the raw results file, once written
    failed: list[str] = field(default_factory=list)  # what failed (a page not answering, a step that raised)

    @property
    def scale(self) -> str:
        return self.args.scale

    def add(self, *tables: Table) -> None:
        for table in tables:
            print(table.markdown(), flush=True)
        self.tables += tables
        self.save(final=False)

    def save(self, final: bool) -> None:
        store = self.neo.store
        heading = header(store, self.neo.settings, self.command, self.started, self.load_start)
        write_tables(self.args, self.tables, heading, final)
        (wijkgraph_home() / "bench-results.json").write_text(json.dumps(self.results, indent=1, default=str))
        self.raw = write_results(self.results, self.command, f"{self.args.command}-{scale_name(self.scale)}",
                                 self.args.results, self.raw)
        if final:
            print(f"Wrote {self.raw}")


def write_tables(args: argparse.Namespace, tables: list[Table], heading: str, final: bool = True) -> None:
    """``all`` and ``decisions`` splice their section into BENCHMARKS.md (bench/sections.py), or into ``--out`` when
    that file has the section's markers (``--out BENCHMARKS.md`` must not wipe the findings around it); a new
    ``--out`` file gets the marked section alone. Other commands write ``--out`` only, unmarked."""
    if not tables:
        return
    shown = tables[-1:] if args.command == "decisions" else tables
    text = heading + "\n\n" + "\n".join(table.markdown() for table in shown)
    if args.command in sections.SPLICED:
        marks = sections.markers(args.command)
        target = args.out or PROJECT_ROOT / "BENCHMARKS.md"
        text = sections.marked(text, marks)
        if sections.has_markers(target, marks) or not args.out:
            sections.splice(target, text, marks)
            if final:
                print(f"Wrote its section of {target}")
            return
    if args.out:
        args.out.write_text(text + "\n")
        if final:
            print(f"Wrote {args.out}")


def load_data(neo: BenchNeo4j, scale: str) -> None:
    neo.fresh()
    importbench.run_import_child(neo, generated(scale))


def loaded(run: BenchRun) -> None:
    """The scale imported, unless the import benchmark did it; with ``--no-import`` what NEO4J_URI holds."""
    if run.args.no_import and not run.neo.store:
        run.neo.connect()
    if not run.neo.store:
        load_data(run.neo, run.scale)


def import_step(run: BenchRun) -> None:
    table, run.results["import"] = importbench.benchmark(run.neo, generated(run.scale), run.scale, run.args.runs or 3)
    run.add(table)


def analyses_step(run: BenchRun) -> None:
    loaded(run)
    assert run.neo.store
    per, whole, run.results["analyses"] = analysesbench.benchmark(run.neo.store, run.scale, run.args.wijken)
    run.add(per, whole)


def decisions_step(run: BenchRun) -> None:
    """The decisions table (issue 17) on the database loaded before, or with ``--no-import`` on what NEO4J_URI
    holds."""
    loaded(run)
    assert run.neo.store
    table, run.results["decisions"] = decisionsbench.benchmark(run.neo.store, run.scale, run.args.wijken,
                                                               run.args.municipalities)
    run.add(table)


def api_step(run: BenchRun) -> None:
    loaded(run)
    assert run.neo.store
    args = run.args
    wijken = analysesbench.sample_wijken(run.neo.store, args.wijken, seed=7)
    table, run.results["api"] = apibench.benchmark(run.neo, wijken, run.scale, max_requests=args.requests,
                                                   max_seconds=args.seconds, rate=args.rate,
                                                   open_seconds=args.open_seconds)
    run.add(table)


def pages_step(run: BenchRun) -> None:
    loaded(run)
    try:
        table, run.results["pages"] = pagesbench.benchmark(run.neo, run.scale, run.args.page_calls)
    except RuntimeError as error:  # the server did not start: the other tables and the targets still count
        run.results["pages"] = {"error": str(error)[-500:]}
        run.failed.append(f"pages: {error}")
        return
    run.failed += [f"page {name}" for name in run.results["pages"]["failed"]]
    run.add(table)


def bulk_step(run: BenchRun) -> None:
    """The bulk first load at the run's scale in the bench's own Neo4j (it replaces the database: the last step)."""
    if run.args.no_bulk:
        run.results["bulk"] = {"skipped": "not run (--no-bulk)"}
        return
    if run.neo.local is None:
        run.results["bulk"] = {"skipped": "not run: NEO4J_URI is set (the bulk load replaces the store of the "
                                          "bench's own Neo4j only)"}
        return
    if run.neo.store:
        run.neo.store.close()
        run.neo.store = None
    try:
        table, run.results["bulk"] = bulkbench.benchmark(run.neo, generated(run.scale), scale_name(run.scale),
                                                         run.args.runs or 3)
    except Exception as error:  # a refusal, neo4j-admin, a slow start: the tables so far and the targets still count
        run.results["bulk"] = {"error": f"{type(error).__name__}: {error}"[-500:]}
        run.failed.append(f"bulk: {run.results['bulk']['error']}")
        return
    run.add(table)


def targets_step(run: BenchRun) -> None:
    table, run.results["targets"] = targets.table(run.results, run.scale)
    if isinstance(run.results.get("bulk"), dict) and "skipped" in run.results["bulk"]:
        table.notes.append(f"Bulk first load {run.results['bulk']['skipped']}.")
    run.add(table)


def growth_step(run: BenchRun) -> None:
    args, results = run.args, run.results
    known = {}
    if "import" in results and "analyses" in results:
        known[run.scale] = {"kaart": results["import"]["kaart"], "households": results["import"]["households"],
                            "per_wijk": results["analyses"]["per_wijk"]}
    small = [s for s in args.growth.split(",") if scale_fraction(s) < scale_fraction(run.scale)]
    scales = [*small, run.scale] if args.command == "all" else [
        s for s in args.growth.split(",") if scale_fraction(s) <= scale_fraction(run.scale)]
    results["growth_small"] = small
    table = growth(run.neo, scales, known, args.wijken)
    left_out = [s for s in args.growth.split(",") if scale_fraction(s) > scale_fraction(run.scale)]
    if left_out:
        table.notes.append(f"Scales above --scale {run.scale} left out: {', '.join(left_out)}.")
    run.add(table)


def growth(neo: BenchNeo4j, scales: list[str], known: dict[str, dict], wijk_count: int) -> Table:
    table = Table("Growth: import and per-wijk analyses by scale",
                  ["scale", "wijken", "households", "elements", "import (s)", "elements/s",
                   *(f"{name} p50 (ms)" for name in SUMMARY_ANALYSES), "worst per-wijk p95 (ms)"])
    for scale in scales:
        if scale in known:
            point = known[scale]
        else:
            store = neo.fresh()
            child = importbench.run_import_child(neo, generated(scale))
            wijken = analysesbench.sample_wijken(store, wijk_count)
            times = analysesbench.time_per_wijk(store, wijken, dt.date.today())
            point = {"kaart": child["kaart"], "households": child["households"], "wijken": len(wijken),
                     "per_wijk": {name: {"p50": analysesbench.percentile(s, 0.5),
                                         "p95": analysesbench.percentile(s, 0.95)} for name, s in times.items()}}
        elements = point["kaart"]["elements"] + point["households"]["elements"]
        seconds = point["kaart"]["seconds"] + point["households"]["seconds"]
        wijk_total = round(3300 * scale_fraction(scale)) or 1
        table.add(scale, wijk_total, round(500_000 * scale_fraction(scale)), elements, seconds,
                  elements / seconds, *(point["per_wijk"][name]["p50"] for name in SUMMARY_ANALYSES),
                  max(value["p95"] for value in point["per_wijk"].values()))
        print(table.markdown(), flush=True)
    table.notes.append("Import = kaart + households through the real importers in a subprocess (end to end, including "
                       "validation); per-wijk figures over min(wijken, the sample size) random wijken, warm.")
    return table


# The steps of each command, in order (``all``: the tables first, the bulk load, which replaces the database, then
# the summary of the targets).
STEPS = {
    "import": (import_step,),
    "analyses": (analyses_step,),
    "decisions": (decisions_step,),
    "api": (api_step,),
    "pages": (pages_step,),
    "growth": (growth_step,),
    "all": (import_step, analyses_step, decisions_step, api_step, pages_step, growth_step, bulk_step, targets_step),
}
