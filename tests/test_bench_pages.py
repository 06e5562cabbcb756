"""The page benchmark (bench/pagesbench.py, `python -m bench pages`) and the steps of `python -m bench all` at a tiny
scale: every kind of page answers a whole HTML page as its role, a page answering 404 or a 200 that is no HTML page
fails its kind (and the command exits with 1), a missed target says NO with its factor, the bulk load is left out
with its reason when NEO4J_URI is set, the summary of issue 18's targets comes from the results, and the --out file
and the raw results are written after every table. No timings are asserted: benchmarks are scripts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench import pagekinds, pagesbench, steps
from bench.__main__ import main
from bench.steps import BenchRun
from graph.store import Store


def rows_of(text: str, title: str) -> dict[str, list[str]]:
    """The rows of the table headed ``### <title>...`` in ``text``, by their first cell."""
    part = text[text.index(f"### {title}"):]
    part = part[:part.index("\n\n", part.index("|"))]
    lines = [line for line in part.splitlines() if line.startswith("| ")][1:]
    return {cells[0]: cells[1:] for cells in ([c.strip() for c in line.strip("|").split("|")] for line in lines)}


def test_every_page_kind_answers_and_a_broken_page_fails(store: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    real = pagekinds.page_kinds()
    planted = [pagekinds.PageKind("a wijk that does not exist", "admin", lambda r, p: "/wijken/WK404"),
               pagekinds.PageKind("a JSON twin (no HTML page)", "admin", lambda r, p: f"/wijken/{p.wijken[0]}.json")]
    monkeypatch.setattr(pagekinds, "page_kinds", lambda: [*real, *planted])
    monkeypatch.setattr(pagesbench, "TARGET_MS", 0.001)  # a target no page can meet
    seen: list[tuple[str, dict]] = []

    def peek(run: BenchRun) -> None:  # what a run stopped here would have left
        assert run.raw is not None
        seen.append((out.read_text(), json.loads(run.raw.read_text())["results"]))

    monkeypatch.setitem(steps.STEPS, "all", (steps.pages_step, peek, steps.bulk_step, steps.targets_step))
    out = tmp_path / "all.md"
    assert main(["all", "--scale", "0.001", "--page-calls", "3", "--out", str(out), "--results",
                 str(tmp_path / "results")]) == 1  # the planted pages failed
    [(early_text, early_results)] = seen
    assert "### Pages at scale 0.001" in early_text and "Targets of issue 18" not in early_text
    assert set(early_results) == {"pages"}
    text = out.read_text()
    pages = rows_of(text, "Pages at scale 0.001")
    assert list(pages) == [kind.name for kind in [*real, *planted]]
    [raw] = (tmp_path / "results").glob("all-0.001-*.json")  # one file, rewritten after every table
    result = json.loads(raw.read_text())["results"]
    kinds = result["pages"]["kinds"]
    assert result["pages"]["failed"] == [kind.name for kind in planted]
    assert kinds["a wijk that does not exist"]["outcomes"] == {"404": 3}
    assert kinds["a JSON twin (no HTML page)"]["outcomes"] == {"empty": 3}
    assert pages["a wijk that does not exist"][-1] == "NO (failed: 3 x 404)"
    assert pages["a JSON twin (no HTML page)"][-1] == "NO (failed: 3 x empty)"
    for kind in real:  # each real kind: its role, every call a whole HTML page, and the missed target with its factor
        role, calls, _, p50, p95, _, target, met = pages[kind.name]
        assert (role, calls, kinds[kind.name]["outcomes"]) == (kind.role, "3", {"200": 3}), kind.name
        assert 0 < float(p50.replace(",", "")) <= float(p95.replace(",", "")), kind.name
        assert target == "p95 < 0.001 ms" and re.fullmatch(r"NO \([\d,.]+x over\)", met), (kind.name, met)
    summary = rows_of(text, "Targets of issue 18")
    assert summary["4. Every page p95 < 0.001 ms, one user, warm"][-1] == "NO (2 kinds failed)"
    bulk = "not run: NEO4J_URI is set (the bulk load replaces the store of the bench's own Neo4j only)"
    assert summary["3. Bulk first load >= 0.5 of ceiling (b)"] == [bulk, "NO (not measured)"]
    assert summary["1. API 32 clients: p95 < 100 ms, 0 errors"] == ["not run", "NO (not measured)"]
    assert result["targets"]["4. Every page p95 < 0.001 ms, one user, warm"] is False
    assert "### Bulk first load" not in text  # skipped, with its reason in the summary
