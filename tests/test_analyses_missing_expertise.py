"""Missing expertise per wijk: coverage levels, demand from needs and the latest ZRM, the ordering."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.store import Store
from queries.analyses import AnalysisError, run
from tests.analyses_world import ON, World

LONG_AGO = dt.date(2024, 1, 1)
LATER = dt.date(2026, 6, 1)


def build(store: Store) -> None:
    world = World(store)
    world.municipality("GM1").municipality("GM2")
    world.wijk("WK1", "GM1").wijk("WK2", "GM1").wijk("WK3", "GM2").wijk("WK4", "GM2")
    world.organisation("O-GGZ", "ggz", "GGZ Delfland")

    # WK1: GGZ in the team; LVB only in the network (group A); a group-C professional with GGZ does not count.
    world.team("T1", "WK1")
    world.professional("P1", "Anna Bakker", expertise=["GGZ"]).member("P1", "T1")
    world.professional("P2", "Bram Claes", expertise=["LVB"]).works_in("P2", "WK1", "A")
    world.professional("P9", "Cor Dekker", expertise=["GGZ", "LVB"]).works_in("P9", "WK1", "C")
    # An ended membership brings nothing.
    world.professional("P8", "Dina Eerden", expertise=["LVB"]).member("P8", "T1", until=dt.date(2025, 6, 30))

    # WK2: GGZ by an active agreement; LVB by a group-D professional of the municipality.
    world.team("T2", "WK2")
    world.agreement("A1", "T2", "O-GGZ", "GGZ")
    world.agreement("A2", "T2", "O-GGZ", "LVB", status="needed")  # not active: does not count
    world.agreement("A3", "T2", "O-GGZ", "LVB", until=dt.date(2025, 12, 31))  # expired at ON
    world.professional("P3", "Eva Fokker", expertise=["LVB"]).works_in_municipality("P3", "GM1")
    # Demand in WK2 for GGZ: H1 by an active need, H2 by its latest ZRM (score 2 in geestelijke gezondheid).
    world.household("H1", "WK2").needs("H1", "GGZ", since=LONG_AGO)
    world.household("H2", "WK2").zrm("Z2", "H2", dt.date(2025, 5, 1), {"geestelijke_gezondheid": 2})
    # Not demand: H3's latest ZRM is fine (the older low score no longer counts); H4's need ended; H5's need
    # starts after ON; H6's low-scoring assessment is dated after ON.
    world.household("H3", "WK2").zrm("Z3a", "H3", dt.date(2024, 5, 1), {"geestelijke_gezondheid": 1})
    world.zrm("Z3b", "H3", dt.date(2025, 5, 1), {"geestelijke_gezondheid": 4})
    world.household("H4", "WK2").needs("H4", "GGZ", until=dt.date(2025, 12, 1))
    world.household("H5", "WK2").needs("H5", "GGZ", since=LATER)
    world.household("H6", "WK2").zrm("Z6", "H6", LATER, {"geestelijke_gezondheid": 1})

    # WK3: nothing at all, no households. WK4: nothing but one household that needs LVB.
    world.household("H7", "WK4").needs("H7", "LVB")


EXPECTED = [
    {"wijk": "WK4", "wijk_name": "Wijk WK4", "expertise": "LVB", "coverage": "missing", "demand": 1, "evidence": [],
     "capacity": None},
    {"wijk": "WK3", "wijk_name": "Wijk WK3", "expertise": "GGZ", "coverage": "missing", "demand": 0, "evidence": [],
     "capacity": None},
    {"wijk": "WK3", "wijk_name": "Wijk WK3", "expertise": "LVB", "coverage": "missing", "demand": 0, "evidence": [],
     "capacity": None},
    {"wijk": "WK4", "wijk_name": "Wijk WK4", "expertise": "GGZ", "coverage": "missing", "demand": 0, "evidence": [],
     "capacity": None},
    {"wijk": "WK2", "wijk_name": "Wijk WK2", "expertise": "GGZ", "coverage": "fly_in", "demand": 2,
     "evidence": ["agreement A1 with GGZ Delfland"], "capacity": None},
    {"wijk": "WK2", "wijk_name": "Wijk WK2", "expertise": "LVB", "coverage": "fly_in", "demand": 0,
     "evidence": ["Eva Fokker (P3)"], "capacity": None},
    {"wijk": "WK1", "wijk_name": "Wijk WK1", "expertise": "LVB", "coverage": "in_network", "demand": 0,
     "evidence": ["Bram Claes (P2)"], "capacity": None},
    {"wijk": "WK1", "wijk_name": "Wijk WK1", "expertise": "GGZ", "coverage": "in_team", "demand": 0,
     "evidence": ["Anna Bakker (P1)"], "capacity": None},
]


def test_every_wijk_weakest_coverage_and_highest_demand_first(store: Store) -> None:
    build(store)
    assert run(store, "missing_expertise", on=ON) == EXPECTED


def test_one_wijk_and_several_wijken(store: Store) -> None:
    build(store)
    assert run(store, "missing_expertise", wijk=["WK2"], on=ON) == EXPECTED[4:6]
    # Several wijken: one list in the same global order, not wijk after wijk.
    assert run(store, "missing_expertise", wijk=["WK1", "WK4"], on=ON) == [
        EXPECTED[0], EXPECTED[3], EXPECTED[6], EXPECTED[7],
    ]


def test_other_expertise_and_the_date_decide(store: Store) -> None:
    build(store)
    # Before the membership of P8 ended, LVB was in the team of WK1.
    assert run(store, "missing_expertise", wijk="WK1", on="2025-01-01", expertise=["lvb"]) == [
        {"wijk": "WK1", "wijk_name": "Wijk WK1", "expertise": "LVB", "coverage": "in_team", "demand": 0,
         "evidence": ["Dina Eerden (P8)"], "capacity": None},
    ]
    assert run(store, "missing_expertise", wijk="WK2", on=ON, expertise=["SCHULDEN"]) == [
        {"wijk": "WK2", "wijk_name": "Wijk WK2", "expertise": "SCHULDEN", "coverage": "missing", "demand": 0,
         "evidence": [], "capacity": None},
    ]


def test_empty_database_and_bad_parameters(store: Store) -> None:
    assert run(store, "missing_expertise", on=ON) == []
    with pytest.raises(AnalysisError, match=r"unknown expertise XYZ; valid: GGZ, LVB, SCHULDEN"):
        run(store, "missing_expertise", expertise=["GGZ", "XYZ"])
    with pytest.raises(AnalysisError, match=r"Unknown wijk WK404"):
        run(store, "missing_expertise", wijk=["WK404"])
    with pytest.raises(AnalysisError, match=r"on must be a date YYYY-MM-DD, not '1-1-2026'"):
        run(store, "missing_expertise", on="1-1-2026")
