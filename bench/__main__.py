"""`python -m bench import|analyses|api|pages|growth|all|import-variants|search|decisions --scale national|0.1|0.01`,
`python -m bench cli`, `python -m bench mutation` (the mutation check of bench/mutation.py).

Each command prints its tables; ``all`` also writes them (with the commit, machine, versions and the command) into
its marked section of BENCHMARKS.md (or ``--out``; bench/sections.py: the findings around it stay), again after
every table, so that a run stopped late keeps what it finished; every run
writes its raw results as JSON under bench/results (``--results``), also after every table. ``all`` runs, in order:
import, analyses (per wijk; all-wijk cold and warm), decisions, API, pages, growth, the bulk first load (its own
Neo4j only; ``--no-bulk`` leaves it out) and the summary of issue 18's targets (bench/steps.py). The
benchmark runs its own Neo4j in <WIJKGRAPH_HOME>/bench-neo4j (wiped per scale, stopped at the end), or uses
NEO4J_URI when set (and wipes that database; ``search``, ``decisions``, ``analyses``, ``api`` and ``pages`` with
``--no-import`` time what that database holds instead, so a national load is kept for reruns). ``decisions``
writes its table into its own marked section of BENCHMARKS.md. ``cli`` times `wijkgraph` itself
against the local Neo4j of WIJKGRAPH_HOME with the demo (bench/clibench.py) and exits with 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

from bench import clibench, importbench
from bench.common import RESULTS, BenchNeo4j, Table, generated, load_average
from bench.steps import STEPS, BenchRun
from graph.settings import wijkgraph_home

GROWTH_SCALES = ("0.01", "0.1", "national")


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


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("import", "analyses", "api", "pages", "growth", "all", "import-variants",
                                            "cli", "mutation", "search", "decisions"))
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
                        help="search, decisions, analyses, api, pages: use what the database of NEO4J_URI holds (no "
                             "wipe, no import)")
    parser.add_argument("--municipalities", type=int, default=30,
                        help="decisions: random municipalities for the placement advisor")
    parser.add_argument("--page-calls", type=int, default=50, help="pages: random instances of every kind of page")
    parser.add_argument("--no-bulk", action="store_true", help="all: leave out the bulk first load")
    return parser


def main(argv: list[str] | None = None) -> int:
    """1 when a page failed or a step could not run (the tables so far are written all the same), else 0."""
    args = arguments().parse_args(argv)
    if args.no_import and args.command in ("all", "import", "growth", "import-variants"):
        raise SystemExit(f"--no-import: {args.command} imports (it wipes the database first)")
    if args.command == "cli":
        return cli(args.runs or 5, args.out)
    if args.command == "mutation":
        from bench import mutation

        return mutation.main()
    command = "python -m bench " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    run = BenchRun(args, command, time.strftime("%H:%M:%S"), load_average())
    try:
        if args.command == "import-variants":
            run.add(import_variants(run.neo, args.scale, args.variants))
        if args.command == "search":
            table, run.results["search"] = search(run.neo, args.scale, args.wijken, args.no_import)
            run.add(table)
        for step in STEPS.get(args.command, ()):
            step(run)
        run.save(final=True)
    finally:
        run.neo.stop()
    if run.failed:
        print("Failed: " + "; ".join(run.failed))
    return 1 if run.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
