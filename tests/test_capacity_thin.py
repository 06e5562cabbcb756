"""Capacity and the coverage level thin (issue 17 item 2) on hand-built graphs with known answers.

A professional's hours are divided equally over the wijken they serve; a team member without hours of their own
counts for the team's hours divided over its members and its wijken; an agreement's hours over its team's wijken.
Thin when demand > thin_threshold * capacity; unknown capacity keeps the level it had.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from web_support import client_for

from api.auth import add_user
from bench import baseline
from graph.store import Store
from queries.analyses import AnalysisError, run
from tests.analyses_world import ON, World


def hours(store: Store, label: str, key: str, value: float) -> None:
    """Give the node ``label`` ``key`` its capacity_hours (a kaart would import them)."""
    store.write(f"MATCH (n:{label} {{id: $key}}) SET n.capacity_hours = $value", {"key": key, "value": value})


def demand(world: World, wijk: str, expertise: str, count: int) -> None:
    for n in range(count):
        key = f"H-{wijk}-{expertise}-{n}"
        world.household(key, wijk).needs(key, expertise)


def build(store: Store) -> None:
    world = World(store)
    world.municipality("GM1").municipality("GM2")
    for code in ("W1", "W2", "W3", "W4", "W5"):
        world.wijk(code, "GM1")
    world.wijk("W8", "GM2").wijk("W9", "GM2")
    world.organisation("O1", "lvb", "MEE")
    # W1-W3: LVB in the network through one professional with 6 hours for the three wijken (2 hours each).
    world.professional("P1", "Anna Bakker", expertise=["LVB"], capacity_hours=6.0)
    for code in ("W1", "W2", "W3"):
        world.works_in("P1", code, "A")
    demand(world, "W1", "LVB", 3)
    demand(world, "W2", "LVB", 1)
    # W4: LVB by an agreement with 0 hours (thin with any demand); GGZ by one with 0 hours and no demand.
    world.team("T4", "W4").agreement("A4", "T4", "O1", "LVB").agreement("A5", "T4", "O1", "GGZ")
    hours(store, "Agreement", "A4", 0.0)
    hours(store, "Agreement", "A5", 0.0)
    demand(world, "W4", "LVB", 1)
    # W5: GGZ in the team, nobody knows the hours: in_team whatever the demand.
    world.team("T5", "W5").professional("P5", "Bram Claes", expertise=["GGZ"]).member("P5", "T5")
    demand(world, "W5", "GGZ", 4)
    # W8, W9 (GM2): one team with 20 hours and 5 members serves both; P6 (GGZ) has no hours of their own:
    # 20 / 5 members / 2 wijken = 2 hours. LVB in W8 by an agreement of 1 hour and a group-D professional of GM2.
    world.team("T8", "W8", "W9").professional("P6", "Cor Dekker", expertise=["GGZ"]).member("P6", "T8")
    for n in range(4):
        world.professional(f"P6{n}", f"Lid {n}").member(f"P6{n}", "T8")
    hours(store, "Team", "T8", 20.0)
    demand(world, "W8", "GGZ", 5)
    world.agreement("A8", "T8", "O1", "LVB")
    hours(store, "Agreement", "A8", 1.0)
    world.professional("P7", "Dina Eerden", expertise=["LVB"]).works_in_municipality("P7", "GM2")
    demand(world, "W8", "LVB", 30)


def row(wijk: str, expertise: str, coverage: str, demand: int, evidence: list[str],
        capacity: float | None) -> dict[str, Any]:
    return {"wijk": wijk, "wijk_name": f"Wijk {wijk}", "expertise": expertise, "coverage": coverage,
            "demand": demand, "evidence": evidence, "capacity": capacity}


def test_shared_hours_are_divided_over_the_wijken_and_the_threshold_decides(store: Store) -> None:
    build(store)
    asked = {"wijk": ["W1", "W2", "W3"], "on": ON, "expertise": ["LVB"]}
    anna = ["Anna Bakker (P1)"]
    # Default 13.5 households per hour: 3 households on 2 hours is far from thin.
    assert run(store, "missing_expertise", **asked) == [
        row("W1", "LVB", "in_network", 3, anna, 2.0), row("W2", "LVB", "in_network", 1, anna, 2.0),
        row("W3", "LVB", "in_network", 0, anna, 2.0)]
    # 1.49 per hour: W1's 3 households pass 2.98, W2's 1 does not; thin comes before in_network.
    assert run(store, "missing_expertise", **asked, thin_threshold=1.49) == [
        row("W1", "LVB", "thin", 3, anna, 2.0), row("W2", "LVB", "in_network", 1, anna, 2.0),
        row("W3", "LVB", "in_network", 0, anna, 2.0)]
    # Exactly at the threshold (3 = 1.5 * 2) is not past it; no demand is never thin, not even at 0.
    assert [r["coverage"] for r in run(store, "missing_expertise", **asked, thin_threshold="1,5")] == [
        "in_network"] * 3
    assert [r["coverage"] for r in run(store, "missing_expertise", **asked, thin_threshold=0)] == [
        "thin", "thin", "in_network"]


def test_zero_hours_unknown_hours_and_team_hours(store: Store) -> None:
    build(store)
    assert run(store, "missing_expertise", wijk=["W4", "W5"], on=ON) == [
        row("W5", "LVB", "missing", 0, [], None),
        row("W4", "LVB", "thin", 1, ["agreement A4 with MEE"], 0.0),
        row("W4", "GGZ", "fly_in", 0, ["agreement A5 with MEE"], 0.0),
        # Nobody's hours are known: the level stays, even when every household would be too many.
        row("W5", "GGZ", "in_team", 4, ["Bram Claes (P5)"], None),
    ]
    assert run(store, "missing_expertise", wijk=["W5"], on=ON, expertise=["GGZ"], thin_threshold=0)[0][
        "coverage"] == "in_team"
    # The team's 20 hours over 5 members and 2 wijken: 2 hours for P6 in W8; 5 households on 2 hours.
    assert run(store, "missing_expertise", wijk=["W8"], on=ON, expertise=["GGZ"], thin_threshold=2.4) == [
        row("W8", "GGZ", "thin", 5, ["Cor Dekker (P6)"], 2.0)]
    assert run(store, "missing_expertise", wijk=["W8"], on=ON, expertise=["GGZ"], thin_threshold=2.5)[0][
        "coverage"] == "in_team"
    # LVB in W8: the agreement has 1 hour for T8's two wijken, the group-D professional none known: unknown, fly_in.
    lvb = row("W8", "LVB", "fly_in", 30, ["agreement A8 with MEE", "Dina Eerden (P7)"], None)
    assert run(store, "missing_expertise", wijk=["W8"], on=ON, expertise=["LVB"]) == [lvb]
    # With 4 hours for GM2's two wijken the professional adds 2: 30 households on 0.5 + 2 hours is 12 per hour.
    hours(store, "Professional", "P7", 4.0)
    assert run(store, "missing_expertise", wijk=["W8"], on=ON, expertise=["LVB"]) == [{**lvb, "capacity": 2.5}]
    assert run(store, "missing_expertise", wijk=["W8"], on=ON, expertise=["LVB"], thin_threshold=11.9) == [
        {**lvb, "coverage": "thin", "capacity": 2.5}]


def test_the_bench_baseline_finds_the_same_levels(store: Store) -> None:
    """bench/baseline.py computes thin from the specification in plain Python: the same rows as the Cypher."""
    build(store)
    hours(store, "Professional", "P7", 4.0)
    data = baseline.export(store)
    found = []
    for threshold in (13.5, 11.9, 2.4, 1.49, 0.0):
        found = baseline.missing_expertise(data, ON.isoformat(), threshold)
        rows = run(store, "missing_expertise", on=ON, thin_threshold=threshold)
        assert sorted(found) == sorted(baseline.from_registry("missing_expertise", rows)), threshold
    assert {(wijk, x) for wijk, x, coverage, *_ in found if coverage == "thin"} == {
        ("W1", "LVB"), ("W2", "LVB"), ("W4", "LVB"), ("W8", "GGZ"), ("W8", "LVB")}


def test_a_bad_threshold_is_refused(store: Store) -> None:
    for value in ("-1", "veel", "nan", "inf"):
        with pytest.raises(AnalysisError, match=r"thin_threshold must be a number from 0 to 1000000, not"):
            run(store, "missing_expertise", on=ON, thin_threshold=value)


def test_the_json_and_csv_twins_say_thin(store: Store) -> None:
    build(store)
    client = client_for(store, add_user(store, "analist", "analyst"))
    query = {"wijk": "W4", "on": ON.isoformat(), "expertise": "LVB"}
    [item] = client.get("/analyses/missing_expertise.json", params=query).json()["items"]
    assert (item["coverage"], item["demand"], item["capacity"]) == ("thin", 1, 0.0)
    lines = list(csv.DictReader(io.StringIO(client.get("/analyses/missing_expertise.csv", params=query).text)))
    assert [(line["wijk"], line["coverage"], line["capacity"]) for line in lines] == [("W4", "thin", "0.0")]
    page = client.get("/analyses/missing_expertise", params=query, headers={"Accept-Language": "nl"}).text
    assert "dun bezet" in page and "/advise/handover?wijk=W4&amp;expertise=LVB" in page
