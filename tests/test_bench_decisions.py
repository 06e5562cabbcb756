"""The decisions benchmark (bench/decisionsbench.py, `python -m bench decisions`) at a tiny scale: the command runs on
the database as it is (--no-import), its table has every row with real calls, a missed target says NO, its section
is spliced between the markers of BENCHMARKS.md and nowhere else; and BENCHMARKS.md holds the section. No timings
are asserted: benchmarks are scripts."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from bench import decisionsbench, sections, steps
from bench.__main__ import main
from bench.common import Table
from graph.settings import PROJECT_ROOT
from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart
from importers.scale import generate_scale, parse_scale


def table_rows(text: str) -> dict[str, list[str]]:
    """The rows of the decisions table in ``text`` by their first cell."""
    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]
    return {cells[0]: cells[1:] for cells in ([c.strip() for c in row.strip("|").split("|")] for row in rows)}


def number(cell: str) -> float:
    return float(cell.replace(",", ""))


def test_the_decisions_command_at_a_tiny_scale(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    generate_scale(data, parse_scale("0.001"), 2026, households_per_file=200)
    import_kaart(store, data / "kaart")
    import_households(store, data / "households")
    monkeypatch.setitem(decisionsbench.TARGETS_MS, "handover", 1e-6)  # a target no call can meet
    out = tmp_path / "decisions.md"
    assert main(["decisions", "--scale", "0.001", "--no-import", "--wijken", "5", "--municipalities", "2",
                 "--out", str(out), "--results", str(tmp_path / "results")]) == 0
    text = out.read_text()
    assert text.count(decisionsbench.MARKERS[0]) == 1 and text.count(decisionsbench.MARKERS[1]) == 1
    assert "- command: `python -m bench decisions --scale 0.001 --no-import" in text
    rows = table_rows(text)
    assert list(rows) == [*decisionsbench.LABELS.values(), decisionsbench.FLOOR_LABEL]
    [result_file] = (tmp_path / "results").glob("decisions-0.001-*.json")
    result = json.loads(result_file.read_text())["results"]["decisions"]["rows"]
    assert list(result) == [*decisionsbench.LABELS, "floor"]
    assert rows[decisionsbench.FLOOR_LABEL][0] == "100" and rows[decisionsbench.FLOOR_LABEL][5:] == ["", ""]
    for name, label in decisionsbench.LABELS.items():
        calls, _, p50, p95, _, _, verdict = rows[label]
        assert number(calls) == result[name]["calls"] > 0, name
        assert 0 < number(p50) <= number(p95), name
        assert (verdict == "yes") if result[name]["met"] else re.fullmatch(r"NO \([\d,.]+x over\)", verdict), name
    hand = rows[decisionsbench.LABELS["handover"]]
    assert hand[5] == "< 1e-06 ms" and re.fullmatch(r"NO \([\d,.]+x over\)", hand[6]), hand
    assert result["handover"]["met"] is False and result["handover"]["paths"] > 0
    assert int(hand[1]) > 0  # the handover found paths in at least one wijk
    assert rows[decisionsbench.LABELS["placement"]][5] == "< 2 s"
    assert int(rows[decisionsbench.LABELS["placement"]][1]) == result["placement"]["calls"]


BEFORE, AFTER = "# Benchmarks\n\nhand-written findings\n\n", "\n\n## Later\n\nmore text\n"


def marked_file(tmp_path: Path) -> tuple[Table, Path]:
    """A one-row decisions table, and a BENCHMARKS.md with an old table between the markers and text around them."""
    table = Table("Decisions (issue 17) at scale 0.001", ["what", "met"])
    table.add("freshness, one wijk", "yes")
    target = tmp_path / "BENCHMARKS.md"
    target.write_text(BEFORE + decisionsbench.MARKERS[0] + "\nold table\n" + decisionsbench.MARKERS[1] + AFTER)
    return table, target


def test_the_section_is_spliced_between_its_markers_only(tmp_path: Path) -> None:
    table, target = marked_file(tmp_path)
    marks = decisionsbench.MARKERS
    sections.splice(target, sections.marked("- date: today\n\n" + table.markdown(), marks), marks)
    text = target.read_text()
    assert text.startswith(BEFORE + decisionsbench.MARKERS[0] + "\n\n- date: today\n\n### Decisions (issue 17)")
    assert text.endswith("| freshness, one wijk | yes |\n\n" + decisionsbench.MARKERS[1] + AFTER)
    assert "old table" not in text
    unmarked = tmp_path / "other.md"
    unmarked.write_text("no markers here\n")
    with pytest.raises(SystemExit, match="has no section marked"):
        sections.splice(unmarked, "new", marks)
    assert unmarked.read_text() == "no markers here\n"


def test_benchmarks_md_has_the_decisions_section() -> None:
    text = (PROJECT_ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    start, end = text.find(decisionsbench.MARKERS[0]), text.find(decisionsbench.MARKERS[1])
    assert 0 <= start < end, "BENCHMARKS.md has no decisions section (python -m bench decisions)"
    rows = table_rows(text[start:end])
    assert list(rows) == [*decisionsbench.LABELS.values(), decisionsbench.FLOOR_LABEL]
    assert all(number(cells[0]) > 0 and 0 < number(cells[2]) <= number(cells[3]) for cells in rows.values()), rows


def test_out_with_the_markers_is_spliced_and_out_without_them_is_written(tmp_path: Path) -> None:
    # `--out BENCHMARKS.md` once replaced the whole file, hand-written findings and all, by the decisions table.
    table, marked = marked_file(tmp_path)
    steps.write_tables(argparse.Namespace(command="decisions", out=marked), [table], "- date: today")
    text = marked.read_text()
    assert text.startswith(BEFORE + decisionsbench.MARKERS[0] + "\n\n- date: today\n\n### Decisions")
    assert text.endswith(decisionsbench.MARKERS[1] + AFTER) and "old table" not in text
    plain = tmp_path / "decisions.md"
    steps.write_tables(argparse.Namespace(command="decisions", out=plain), [table], "- date: today")
    assert plain.read_text().startswith(decisionsbench.MARKERS[0] + "\n\n- date: today\n\n### Decisions")


def test_all_splices_its_own_section_and_leaves_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `python -m bench all` once wrote the whole of BENCHMARKS.md: the findings by hand and the decisions section
    # around its tables were lost on every run.
    decisions, target = marked_file(tmp_path)
    before = target.read_text()
    all_marks = sections.markers("all")
    target.write_text(f"{all_marks[0]}\nold run\n{all_marks[1]}\n" + before)
    imported = Table("Import at scale 0.001", ["what", "seconds"])
    imported.add("kaart", 1.5)
    monkeypatch.setattr(steps, "PROJECT_ROOT", tmp_path)  # no --out: BENCHMARKS.md of the checkout
    steps.write_tables(argparse.Namespace(command="all", out=None), [imported, decisions], "- commit: abc")
    text = target.read_text()
    assert text.endswith("\n" + before) and "old run" not in text
    assert text.startswith(all_marks[0] + "\n\n- commit: abc\n\n### Import at scale 0.001\n")
    run = text[:text.index(all_marks[1])]
    assert "| freshness, one wijk | yes |" in run and decisionsbench.MARKERS[0] not in run
    assert text.count(decisionsbench.MARKERS[0]) == 1  # the decisions section outside the run's, as it was
    (tmp_path / "BENCHMARKS.md").write_text("# Benchmarks without a section for the run\n")
    with pytest.raises(SystemExit, match="has no section marked"):
        steps.write_tables(argparse.Namespace(command="all", out=None), [imported], "- commit: abc")
    assert target.read_text() == "# Benchmarks without a section for the run\n"
