"""The summary table of ``python -m bench all``: the four targets of issue 18, each with the figure measured in the
same run and whether it was met, computed from the run's results (never written by hand). A target whose benchmark
did not run (``--no-bulk``, NEO4J_URI set, a failed step) is not met: its row says why."""

from __future__ import annotations

from typing import Any

from bench import analysesbench, apibench, bulkbench, pagesbench
from bench.common import Table, met_cell, scale_name

IMPORT_TARGET_RATIO = 0.8  # the transactional import end to end against ceiling (c)


def _missing(results: dict[str, Any], key: str) -> str | None:
    """Why ``key`` has no figures (None: it has)."""
    value = results.get(key)
    if value is None:
        return "not run"
    if isinstance(value, dict) and ("skipped" in value or "error" in value):
        return value.get("skipped") or f"failed: {value['error']}"
    return None


def _api(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows = []
    for run, label in (("closed", f"{results.get('api', {}).get('clients', 32)} clients"),
                       ("open", f"open loop {results.get('api', {}).get('rate', 50):g}/s")):
        target = f"1. API {label}: p95 < {apibench.TARGET_MS:g} ms, 0 errors"
        if why := _missing(results, "api"):
            rows.append((target, why, "NO (not measured)"))
            continue
        figures = results["api"][run]
        errors = sum(figures["errors"].values())
        met = met_cell(figures["p95"], apibench.TARGET_MS)
        if errors:
            met = f"NO ({errors:,} errors" + (")" if met == "yes" else f"; p95 {met[4:]}")
        rows.append((target, f"p95 {figures['p95']:,.0f} ms, {errors:,} errors of {figures['requests']:,}", met))
    return rows


def _reports(results: dict[str, Any]) -> tuple[str, str, str]:
    target = f"2. All-wijk reports cold < {analysesbench.ALL_WIJK_TARGET_S:g} s, each"
    if why := _missing(results, "analyses"):
        return target, why, "NO (not measured)"
    cold = results["analyses"]["all_wijk_cold"]
    slowest = max(cold, key=cold.get)
    over = sorted(name for name, seconds in cold.items() if seconds >= analysesbench.ALL_WIJK_TARGET_S)
    figure = f"slowest {slowest} {cold[slowest]:.1f} s; {len(over)} of {len(cold)} over" + (
        f" ({', '.join(over)})" if over else "")
    return target, figure, met_cell(cold[slowest], analysesbench.ALL_WIJK_TARGET_S)


def _import(results: dict[str, Any], scale: str) -> list[tuple[str, str, str]]:
    rows = []
    target = f"3. Transactional import end to end >= {IMPORT_TARGET_RATIO:g} of ceiling (c)"
    if why := _missing(results, "import"):
        rows.append((target, why, "NO (not measured)"))
    else:
        ratio = results["import"]["import_rate"] / results["import"]["loaded_ceiling_rate"]
        rows.append((target, f"{ratio:.2f} ({results['import']['import_rate']:,.0f} of "
                             f"{results['import']['loaded_ceiling_rate']:,.0f} elements/s)",
                     met_cell(ratio, IMPORT_TARGET_RATIO, at_least=True)))
    seconds_target = f"3. Bulk first load end to end < {bulkbench.TARGET_SECONDS / 60:g} min at national"
    ratio_target = f"3. Bulk first load >= {bulkbench.TARGET_RATIO:g} of ceiling (b)"
    if why := _missing(results, "bulk"):
        return [*rows, (seconds_target, why, "NO (not measured)"), (ratio_target, why, "NO (not measured)")]
    bulk = results["bulk"]
    national = scale_name(scale) == "national"
    rows.append((seconds_target, f"{bulk['seconds']:,.0f} s for {bulk['elements']:,} elements at scale {scale}",
                 met_cell(bulk["seconds"], bulkbench.TARGET_SECONDS) if national else "NO (not a national run)"))
    ratio = bulk["rate"] / bulk["ceiling_rate"]
    rows.append((ratio_target, f"{ratio:.2f} ({bulk['rate']:,.0f} of {bulk['ceiling_rate']:,.0f} elements/s)",
                 met_cell(ratio, bulkbench.TARGET_RATIO, at_least=True)))
    return rows


def _pages(results: dict[str, Any]) -> tuple[str, str, str]:
    target = f"4. Every page p95 < {pagesbench.TARGET_MS:g} ms, one user, warm"
    if why := _missing(results, "pages"):
        return target, why, "NO (not measured)"
    kinds = results["pages"]["kinds"]
    failed = results["pages"]["failed"]
    answered = {name: f["p95"] for name, f in kinds.items() if f["p95"] == f["p95"]}
    slowest = max(answered, key=answered.__getitem__) if answered else "-"
    over = [name for name, f in kinds.items() if not f["met"]]
    figure = (f"slowest {slowest} p95 {answered.get(slowest, float('nan')):,.0f} ms; {len(over)} of {len(kinds)} "
              "kinds missed" + (f"; failed: {', '.join(failed)}" if failed else ""))
    if failed:
        return target, figure, f"NO ({len(failed)} kinds failed)"
    return target, figure, met_cell(answered.get(slowest, float("nan")), pagesbench.TARGET_MS)


def table(results: dict[str, Any], scale: str) -> tuple[Table, dict[str, Any]]:
    """The table, and per row whether it was met (for the raw results)."""
    summary = Table(f"Targets of issue 18 (scale {scale}, this run)", ["target", "measured", "met"])
    rows = [*_api(results), _reports(results), *_import(results, scale), _pages(results)]
    for row in rows:
        summary.add(*row)
    summary.notes.append("Computed from this run's results (bench/targets.py); a target not measured in this run is "
                         "not met. The figures are those of the tables above.")
    return summary, {target: met == "yes" for target, _, met in rows}
