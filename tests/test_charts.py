"""The council report's bar charts (viz/charts.py), read back as XML: every bar where its value puts it, stacked bars
end to end, series side by side, the axis's ticks, the legend, escaped text, and the same bytes for the same input."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import NamedTuple

import pytest

from viz.charts import Series, bars

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    fill: str
    title: str


def bar_rects(root: ET.Element) -> list[Bar]:
    """The bars (rectangles with a title; the legend's swatches have none), in the order drawn."""
    return [Bar(float(rect.get("x", "")), float(rect.get("y", "")), float(rect.get("width", "")),
                rect.get("fill", ""), title.text or "")
            for rect in root.iter(f"{SVG}rect") if (title := rect.find(f"{SVG}title")) is not None]


def texts(root: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def test_stacked_bars_run_end_to_end_in_proportion_and_zero_draws_nothing() -> None:
    root = parse(bars("c1", "Vraag", "GGZ: 4; LVB: 12", ["GGZ", "LVB"],
                      [Series("ontbreekt", [3, 12], "#b3261e"), Series("in team", [1, 0], "#2e7d32")],
                      "huishoudens", stacked=True))
    found = bar_rects(root)
    assert [bar.title for bar in found] == ["GGZ – ontbreekt: 3", "GGZ – in team: 1", "LVB – ontbreekt: 12"]
    assert [bar.fill for bar in found] == ["#b3261e", "#2e7d32", "#b3261e"]
    ggz_missing, ggz_team, lvb_missing = found
    unit = lvb_missing.width / 12
    assert ggz_missing.width == pytest.approx(3 * unit, abs=0.1) and ggz_team.width == pytest.approx(unit, abs=0.1)
    assert ggz_team.x == pytest.approx(ggz_missing.x + 3 * unit, abs=0.1)  # end to end
    assert ggz_missing.x == lvb_missing.x and ggz_missing.y == ggz_team.y
    assert lvb_missing.y > ggz_missing.y  # the first category on top
    labels = texts(root)
    assert "GGZ" in labels and "LVB" in labels and labels[-1] == "huishoudens"
    assert [t for t in labels if t.isdigit()] == ["0", "5", "10", "15"]  # whole-number ticks past the largest, 12
    assert "ontbreekt" in labels and "in team" in labels  # the legend, with two series


def test_side_by_side_bars_share_the_axis_start_and_stack_below_each_other() -> None:
    root = parse(bars("c2", "Verandering", "d", ["Vraag naar GGZ"],
                      [Series("1 jan", [4]), Series("1 dec", [8])], "aantal"))
    before, after = bar_rects(root)
    assert before.x == after.x and after.y > before.y
    assert after.width == pytest.approx(2 * before.width, abs=0.1)
    assert (before.fill, after.fill) == ("#1f5fa8", "#9ecae1")  # the palette in order


def test_one_series_has_no_legend_and_the_chart_is_announced() -> None:
    svg = bars("c3", "Lage scores", "Financiën: 7", ["Financiën"], [Series("scoort laag", [7])], "huishoudens")
    root = parse(svg)
    assert "scoort laag" not in texts(root)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c3-title c3-desc"
    assert root.find(f"{SVG}title").text == "Lage scores"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Financiën: 7"  # type: ignore[union-attr]
    assert svg == bars("c3", "Lage scores", "Financiën: 7", ["Financiën"], [Series("scoort laag", [7])],
                       "huishoudens")


def test_text_is_escaped_and_long_labels_wrap() -> None:
    hostile = '<script>alert("x")</script> & meer'
    long = "Huishoudens die laag scoren op dagbesteding en participatie"
    root = parse(bars("c4", hostile, hostile, [hostile, long], [Series(hostile, [1, 2])], hostile))
    assert root.find(f"{SVG}script") is None and not any(el.tag.endswith("script") for el in root.iter())
    assert root.find(f"{SVG}title").text == hostile  # type: ignore[union-attr]
    label = next(text for text in root.iter(f"{SVG}text") if "".join(text.itertext()).startswith("Huishoudens"))
    lines = [tspan.text or "" for tspan in label.iter(f"{SVG}tspan")]
    assert len(lines) == 2 and " ".join(lines) == long
    assert bar_rects(root)[1].title == f"{long} – {hostile}: 2"


def test_no_categories_and_all_zero_give_an_empty_chart_not_an_error() -> None:
    assert bar_rects(parse(bars("c5", "Leeg", "", [], [Series("nu", [])], "aantal"))) == []
    root = parse(bars("c6", "Nul", "", ["GGZ"], [Series("nu", [0])], "aantal"))
    assert bar_rects(root) == [] and [t for t in texts(root) if t.isdigit()] == ["0", "1"]
