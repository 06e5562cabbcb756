"""The contact-search benchmark (bench/searchbench.py) at a tiny scale: it runs, every kind of search answers, an
empty database fails it; and BENCHMARKS.md holds its figures. No timings are asserted: benchmarks are scripts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import searchbench
from graph.settings import PROJECT_ROOT
from graph.store import Store
from importers.scale import generate_scale, parse_scale


def test_the_search_benchmark_at_a_tiny_scale(store: Store, tmp_path: Path) -> None:
    with pytest.raises(searchbench.EmptyAnswers, match="was the kaart imported"):
        searchbench.benchmark(store, "0.001", 3)
    generate_scale(tmp_path, parse_scale("0.001"), 2026, households_per_file=200)
    assert searchbench.load_kaart(store, tmp_path) > 0
    table, result = searchbench.benchmark(store, "0.001", 3)
    assert set(result["kinds"]) == set(searchbench.KINDS)
    assert all(kind["answered"] > 0 for kind in result["kinds"].values()), result["kinds"]
    assert table.rows[-2][0] == "all searches" and len(table.rows) == len(searchbench.KINDS) + 2
    assert "| expertise in the wijk: `GGZ in " in table.markdown()


def test_an_empty_answer_fails_the_benchmark(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate_scale(tmp_path, parse_scale("0.001"), 2026, households_per_file=200)
    searchbench.load_kaart(store, tmp_path)
    monkeypatch.setitem(searchbench.KINDS, "nonsense", lambda sample: "qqqqzzzz xxxyyy")
    with pytest.raises(searchbench.EmptyAnswers, match="answered nothing for every wijk: nonsense"):
        searchbench.benchmark(store, "0.001", 3)  # all three wijken: two have no wijkagent (importers/scale.py)


def test_benchmarks_md_has_the_search_figures() -> None:
    text = (PROJECT_ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    section = re.search(r"^### Contact search at scale (\S+):.*?$(.*?)(?=^#)", text, re.MULTILINE | re.DOTALL)
    assert section, "BENCHMARKS.md has no contact-search table (python -m bench search)"
    rows = [line for line in section.group(2).splitlines() if line.startswith("| ")][1:]
    kinds = [row for row in rows if not row.startswith(("| all searches", "| (floor)"))]
    assert len(kinds) == len(searchbench.KINDS), rows
    total = next(row for row in rows if row.startswith("| all searches"))
    p50, p95 = (float(cell.strip().replace(",", "")) for cell in total.split("|")[2:4])
    assert 0 < p50 <= p95
