"""The summary of issue 18's targets (bench/targets.py) is computed from a run's results: each target's figure, met
only when the figure meets it, NO with the factor otherwise, and NO for a target whose benchmark did not run."""

from __future__ import annotations

import json
import re
from typing import Any

from bench import sections, targets
from bench.common import RESULTS, met_cell
from graph.settings import PROJECT_ROOT


def results() -> dict[str, Any]:
    return {
        "api": {"clients": 32, "rate": 50.0,
                "closed": {"p95": 60.0, "errors": {}, "requests": 4000},
                "open": {"p95": 150.0, "errors": {"503": 2}, "requests": 1500}},
        "analyses": {"all_wijk_cold": {"gaps": 7.0, "brokers": 1.0, "contacts": 4.9}},
        "import": {"import_rate": 80.0, "loaded_ceiling_rate": 100.0},
        "bulk": {"seconds": 200.0, "elements": 40_000, "rate": 50.0, "ceiling_rate": 200.0},
        "pages": {"failed": [], "kinds": {"wijk overview": {"p95": 40.0, "met": True},
                                          "report of a municipality": {"p95": 250.0, "met": False}}},
    }


def test_each_target_is_judged_from_the_results() -> None:
    table, met = targets.table(results(), "national")
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows == {
        "1. API 32 clients: p95 < 100 ms, 0 errors": ["p95 60 ms, 0 errors of 4,000", "yes"],
        "1. API open loop 50/s: p95 < 100 ms, 0 errors": ["p95 150 ms, 2 errors of 1,500",
                                                          "NO (2 errors; p95 1.5x over)"],
        "2. All-wijk reports cold < 5 s, each": ["slowest gaps 7.0 s; 1 of 3 over (gaps)", "NO (1.4x over)"],
        "3. Transactional import end to end >= 0.8 of ceiling (c)": ["0.80 (80 of 100 elements/s)", "yes"],
        "3. Bulk first load end to end < 5 min at national": ["200 s for 40,000 elements at scale national", "yes"],
        "3. Bulk first load >= 0.5 of ceiling (b)": ["0.25 (50 of 200 elements/s)", "NO (2.0x short)"],
        "4. Every page p95 < 100 ms, one user, warm": [
            "slowest report of a municipality p95 250 ms; 1 of 2 kinds missed", "NO (2.5x over)"],
    }
    assert met == {target: cells[-1] == "yes" for target, cells in rows.items()}
    assert "| 3. Bulk first load end to end < 5 min at national | 200 s" in table.markdown()


def test_a_target_not_measured_is_not_met() -> None:
    partial = results()
    del partial["api"]
    partial["bulk"] = {"skipped": "not run (--no-bulk)"}
    partial["pages"] = {"error": "serve did not answer /health within 60 s"}
    _, met = targets.table(partial, "0.1")
    assert [target for target, ok in met.items() if ok] == [
        "3. Transactional import end to end >= 0.8 of ceiling (c)"]
    table, _ = targets.table({**results(), "bulk": results()["bulk"]}, "0.1")
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["3. Bulk first load end to end < 5 min at national"] == [
        "200 s for 40,000 elements at scale 0.1", "NO (not a national run)"]
    rows = {row[0]: row[1:] for row in targets.table(partial, "0.1")[0].rows}
    assert rows["1. API 32 clients: p95 < 100 ms, 0 errors"] == ["not run", "NO (not measured)"]
    assert rows["3. Bulk first load >= 0.5 of ceiling (b)"] == ["not run (--no-bulk)", "NO (not measured)"]
    assert rows["4. Every page p95 < 100 ms, one user, warm"] == [
        "failed: serve did not answer /health within 60 s", "NO (not measured)"]


def test_the_met_cell() -> None:
    assert met_cell(99.9, 100) == "yes" and met_cell(100, 100) == "NO (1.0x over)"
    assert met_cell(250, 100) == "NO (2.5x over)" and met_cell(5, 0) == "NO (target 0)"
    assert met_cell(0.8, 0.8, at_least=True) == "yes" and met_cell(0.2, 0.8, at_least=True) == "NO (4.0x short)"
    assert met_cell(float("nan"), 100) == "NO (not measured)"


def test_the_published_national_run_is_its_raw_results() -> None:
    """BENCHMARKS.md's one-command section (python -m bench all) says what its committed raw results say: the same
    commit and command, and the targets table computed again from them, row for row."""
    text = (PROJECT_ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    start, end = (text.find(mark) for mark in sections.markers("all"))
    assert 0 <= start < end, "BENCHMARKS.md has no section of python -m bench all"
    published = text[start:end]
    commit = re.search(r"^- commit: ([0-9a-f]{40}) \(clean tree\)$", published, re.MULTILINE)
    assert commit, "the run's header names no commit of a clean tree"
    runs = [json.loads(path.read_text()) for path in RESULTS.glob("all-national-*.json")]
    [raw] = [run for run in runs if run["run"]["commit"] == commit.group(1)]
    assert raw["run"]["command"].startswith("python -m bench all --scale national")
    assert f"- command: `{raw['run']['command']}`" in published
    table, met = targets.table(raw["results"], "national")
    rows = "\n\n".join(table.markdown().split("\n\n")[:2])  # the title and every row, as computed again
    assert rows.count("\n| ") == 8 and rows in published
    assert len(table.rows) == 7 and met == raw["results"]["targets"]


def test_the_pages_after_the_run_are_their_raw_results() -> None:
    """Each row of BENCHMARKS.md's table of the pages after the one-command run names its raw results; the commit
    it names and the kinds met are those of that file."""
    text = (PROJECT_ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    table = text[text.index("| commit | what changed | pages met |"):]
    rows = re.findall(r"^\| ([0-9a-f]{7})[^|]* \|[^|]*\| \**(\d+) of (\d+)\** \|[^|]*\| `([\w.-]+\.json)` \|$",
                      table.split("\n\n")[0], re.MULTILINE)
    assert len(rows) == 4, rows
    for commit, met, kinds, name in rows:
        raw = json.loads((RESULTS / name).read_text())
        pages = raw["results"]["pages"]["kinds"]
        assert raw["run"]["commit"].startswith(commit) and not raw["run"]["dirty"], name
        assert (int(met), int(kinds)) == (sum(kind["met"] for kind in pages.values()), len(pages)), name
