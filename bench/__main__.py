"""`python -m bench import|analyses|api|growth|all|import-variants|search|decisions --scale national|0.1|0.01`,
`python -m bench cli`, `python -m bench mutation` (the mutation check of bench/mutation.py).

Each command prints its tables; ``all`` also writes them (with the commit, machine, versions and the command) to
BENCHMARKS.md (``--out``); every run writes its raw results as JSON under bench/results (``--results``). The
benchmark runs its own Neo4j in <WIJKGRAPH_HOME>/bench-neo4j (wiped per scale, stopped at the
end), or uses NEO4J_URI when set (and wipes that database; ``search`` and ``decisions`` with ``--no-import`` time what
that database holds instead, so a national load is kept for reruns). ``decisions`` writes its table between its
markers in BENCHMARKS.md (bench/decisionsbench.py). ``cli`` times `wijkgraph` itself against the local
Neo4j of WIJKGRAPH_HOME with the demo (bench/clibench.py) and exits with 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import sys
import time
from pathlib import Path

from bench import analysesbench, apibench, clibench, decisionsbench, importbench
from bench.common import (
    RESULTS,
    BenchNeo4j,
    Table,
    generated,
    header,
    load_average,
    scale_fraction,
    scale_name,
    write_results,
)
from graph.settings import PROJECT_ROOT, wijkgraph_home

GROWTH_SCALES = ("0.01", "0.1", "national")
SUMMARY_ANALYSES = ("missing_expertise", "gaps", "overlapping_helpers", "contacts", "network_summary")


def load_data(neo: BenchNeo4j, scale: str) -> None:
    neo.fresh()
    importbench.run_import_child(neo, generated(scale))


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


def import_variants(neo: BenchNeo4j, scale: str, variants: str) -> Table:
    folder = generated(scale)
    table = Table(f"Import variants at scale {scale} (households import end to end, fresh database each)",
                  ["batch size", "rust ext", "elements", "seconds", "load seconds", "elements/s",
                   "load elements/s", "peak RSS (MiB)"])
    for variant in variants.split(","):
        size, _, flag = variant.partition(":")
        neo.fresh()
        extra = ["--batch-size", size] + (["--no-rust-ext"] if flag == "no-rust" else [])
        child = importbench.run_import_child(neo, folder, *extra)
        h = child["households"]
        table.add(int(size), "on" if child["rust_ext"] else "off", h["elements"], h["seconds"],
                  h["load_seconds"], h["elements"] / h["seconds"], h["elements"] / h["load_seconds"],
                  child["maxrss_mib"])
        print(table.markdown(), flush=True)
    return table


def cli(runs: int, out: Path | None) -> int:
    """`python -m bench cli`: 1 when a command failed or missed its target."""
    table, results = clibench.benchmark(runs)
    print(table.markdown(), flush=True)
    if out:
        out.write_text(table.markdown())
        print(f"Wrote {out}")
    (wijkgraph_home() / "bench-cli.json").write_text(json.dumps(results, indent=1))
    missed = [name for name, result in results.items() if not result["met"]]
    print(f"Missed or failed: {', '.join(missed)}" if missed else "Every target met.")
    return 1 if missed else 0


def search(neo: BenchNeo4j, scale: str, wijken: int, no_import: bool) -> tuple[Table, dict]:
    """The contact search benchmark: the kaart only (the search reads no households), or what NEO4J_URI holds."""
    from bench import searchbench

    if no_import:  # the data already in NEO4J_URI's database (a kaart of this scale imported before)
        store = neo.connect()
        note = "Searched the kaart already in the database (--no-import)."
    else:
        store = neo.fresh()
        note = f"Kaart imported in {searchbench.load_kaart(store, generated(scale)):.0f} s before the searches."
    table, result = searchbench.benchmark(store, scale, wijken)
    table.notes.append(note)
    return table, result


def decisions(neo: BenchNeo4j, args: argparse.Namespace, results: dict, tables: list[Table]) -> Table:
    """The decisions table (issue 17) on the database loaded before, or with ``--no-import`` on what NEO4J_URI
    holds; it is the last of ``tables`` (so ``all`` writes it too)."""
    if args.no_import and not neo.store:
        neo.connect()
    elif not neo.store:
        load_data(neo, args.scale)
    assert neo.store
    table, results["decisions"] = decisionsbench.benchmark(neo.store, args.scale, args.wijken, args.municipalities)
    print(table.markdown(), flush=True)
    tables.append(table)
    return table


def write_tables(args: argparse.Namespace, tables: list[Table], heading: str) -> None:
    """``all`` writes the whole file; ``decisions`` splices its section into BENCHMARKS.md (or writes ``--out``)."""
    marked = {id(t) for t in tables if t.title.startswith("Decisions")}
    if args.command == "decisions" and not args.out:
        lines = heading.splitlines() if heading else []
        decisionsbench.splice(PROJECT_ROOT / "BENCHMARKS.md", decisionsbench.section(tables[-1], lines))
        print(f"Wrote its section of {PROJECT_ROOT / 'BENCHMARKS.md'}")
        return
    text = "\n".join(decisionsbench.section(t, []) + "\n" if id(t) in marked else t.markdown() for t in tables)
    if heading:
        text = heading + "\n\n" + text
    out = args.out or (PROJECT_ROOT / "BENCHMARKS.md" if args.command == "all" else None)
    if out:
        out.write_text(text)
        print(f"Wrote {out}")


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("import", "analyses", "api", "growth", "all", "import-variants", "cli",
                                                 "mutation", "search", "decisions"))
    parser.add_argument("--scale", default="0.1", help="national, regional, small or a fraction (default 0.1)")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (median): the ceiling (default 3; the "
                                                               "naive sample at least 5), each cli command (default 5)")
    parser.add_argument("--wijken", type=int, default=200, help="random wijken per per-wijk analysis and per kind of "
                                                               "contact search")
    parser.add_argument("--requests", type=int, default=4000, help="API: at most this many requests")
    parser.add_argument("--seconds", type=float, default=60.0, help="API: at most this long (closed loop)")
    parser.add_argument("--rate", type=float, default=50.0, help="API: open-loop arrivals per second")
    parser.add_argument("--open-seconds", type=float, default=30.0, help="API: how long the open loop runs")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of the raw results (JSON with the "
                                                                       "commit; default bench/results)")
    parser.add_argument("--growth", default=",".join(GROWTH_SCALES),
                        help="growth scales (those above --scale are left out, with a note)")
    parser.add_argument("--out", type=Path, default=None, help="write the tables here (default for all: "
                                                               "BENCHMARKS.md in the checkout)")
    parser.add_argument("--variants", default="5000,2000,10000,20000,5000:no-rust",
                        help="import-variants: batch sizes, ':no-rust' for without neo4j-rust-ext")
    parser.add_argument("--no-import", action="store_true",
                        help="search, decisions: use what the database of NEO4J_URI holds (no wipe, no import)")
    parser.add_argument("--municipalities", type=int, default=30,
                        help="decisions: random municipalities for the placement advisor")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = arguments().parse_args(argv)
    if args.command == "cli":
        return cli(args.runs or 5, args.out)
    if args.command == "mutation":
        from bench import mutation

        return mutation.main()
    command = "python -m bench " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    started, load_start = time.strftime("%H:%M:%S"), load_average()
    neo = BenchNeo4j()
    tables: list[Table] = []
    results: dict = {}
    scale = args.scale
    try:
        if args.command == "import-variants":
            tables.append(import_variants(neo, scale, args.variants))
        if args.command == "search":
            table, results["search"] = search(neo, scale, args.wijken, args.no_import)
            print(table.markdown(), flush=True)
            tables.append(table)
        if args.command in ("growth", "all"):
            wanted = [s for s in args.growth.split(",") if scale_fraction(s) < scale_fraction(scale)]
            results["growth_small"] = wanted
        if args.command in ("import", "all"):
            table, results["import"] = importbench.benchmark(neo, generated(scale), scale, args.runs or 3)
            print(table.markdown(), flush=True)
            tables.append(table)
        if args.command in ("analyses", "api", "all") and "import" not in results:
            load_data(neo, scale)
        if args.command in ("analyses", "all"):
            assert neo.store
            per, whole, results["analyses"] = analysesbench.benchmark(neo.store, scale, args.wijken)
            print(per.markdown(), whole.markdown(), sep="\n", flush=True)
            tables += [per, whole]
        if args.command in ("decisions", "all"):
            decisions(neo, args, results, tables)
        if args.command in ("api", "all"):
            assert neo.store
            wijken = analysesbench.sample_wijken(neo.store, args.wijken, seed=7)
            table, results["api"] = apibench.benchmark(neo, wijken, scale, max_requests=args.requests,
                                                       max_seconds=args.seconds, rate=args.rate,
                                                       open_seconds=args.open_seconds)
            print(table.markdown(), flush=True)
            tables.append(table)
        if args.command in ("growth", "all"):
            known = {}
            if "import" in results and "analyses" in results:
                known[scale] = {"kaart": results["import"]["kaart"], "households": results["import"]["households"],
                                "per_wijk": results["analyses"]["per_wijk"]}
            scales = [*results["growth_small"], scale] if args.command == "all" else [
                s for s in args.growth.split(",") if scale_fraction(s) <= scale_fraction(scale)]
            table = growth(neo, scales, known, args.wijken)
            left_out = [s for s in args.growth.split(",") if scale_fraction(s) > scale_fraction(scale)]
            if left_out:
                table.notes.append(f"Scales above --scale {scale} left out: {', '.join(left_out)}.")
            tables.append(table)
        store = neo.store
        write_tables(args, tables, header(store, neo.settings, command, started, load_start) if store else "")
        (wijkgraph_home() / "bench-results.json").write_text(json.dumps(results, indent=1, default=str))
        print(f"Wrote {write_results(results, command, f'{args.command}-{scale_name(scale)}', args.results)}")
    finally:
        neo.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
