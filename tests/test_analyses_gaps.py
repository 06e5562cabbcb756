"""Gaps per wijk: every gap kind, a wijk without gaps of structure, an empty wijk, the ordering."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.store import Store
from queries.analyses import AnalysisError, run
from tests.analyses_world import ON, World

FRESH = dt.date(2025, 6, 1)


def build(store: Store) -> None:
    world = World(store)
    world.municipality("GM1").municipality("GM2")
    world.wijk("WK1", "GM1").wijk("WK2", "GM2")
    world.organisation("O-POL", "politie").organisation("O-WON", "woningcorporatie")

    # WK1 has every ring and every key signaller, recognised by function or by the employer's kind.
    world.team("T1", "WK1")
    world.professional("P1", "Anna Bakker", "wijkcoach", expertise=["GGZ"], last_verified=FRESH).member("P1", "T1")
    # Verified exactly a year before ON: not stale yet.
    world.professional("P2", "Bram Claes", "maatschappelijk werker", last_verified=dt.date(2025, 1, 1))
    world.works_in("P2", "WK1", "A")
    world.professional("P3", "Cor Dekker", "Huisarts", last_verified=FRESH).works_in("P3", "WK1", "B")
    world.professional("P4", "Dirk Es", "agent basisteam", "O-POL", last_verified=FRESH).works_in("P4", "WK1", "C")
    world.professional("P5", "Els Fransen", "Leerkracht groep 8", last_verified=FRESH).works_in("P5", "WK1", "C")
    world.professional("P6", "Frits Goos", "medewerker", "O-WON", last_verified=FRESH).works_in("P6", "WK1", "C")
    # Group D of the municipality, last verified more than a year before ON.
    world.professional("P7", "Gea Hol", "GGZ-consulent", last_verified=dt.date(2024, 12, 31))
    world.works_in_municipality("P7", "GM1")
    world.civil("C1", "WK1")  # never verified

    # Households of WK1.
    world.professional("P8", "Hans Ip", "ambulant begeleider", expertise=["LVB"])  # helps, works in no ring
    world.household("H1", "WK1").needs("H1", "GGZ").needs("H1", "SCHULDEN").involved("P1", "H1")
    world.household("H2", "WK1").involved("P2", "H2").involved("P3", "H2", "huisvesting")
    world.coordinates("P2", "H2", until=dt.date(2025, 1, 1))  # ended: H2 has no coordinator now
    world.household("H3", "WK1").involved("P2", "H3").involved("P3", "H3").coordinates("P2", "H3")
    world.household("H4", "WK1").needs("H4", "LVB").involved("P2", "H4")
    world.involved("P8", "H4", until=dt.date(2025, 11, 1))  # the LVB helper stopped

    # WK2: an empty wijk without households in a municipality without group D.


WK1_ROWS = [
    {"wijk": "WK1", "wijk_name": "Wijk WK1", "kind": "uncovered_need", "household": "H1",
     "detail": "household H1 needs SCHULDEN",
     "evidence": ["Anna Bakker (P1)"]},
    {"wijk": "WK1", "wijk_name": "Wijk WK1", "kind": "uncovered_need", "household": "H4",
     "detail": "household H4 needs LVB",
     "evidence": ["Bram Claes (P2)"]},
    {"wijk": "WK1", "wijk_name": "Wijk WK1", "kind": "no_coordinator", "household": "H2",
     "detail": "household H2 has 2 helpers and no coordinator", "evidence": ["Bram Claes (P2)", "Cor Dekker (P3)"]},
    {"wijk": "WK1", "wijk_name": "Wijk WK1", "kind": "contact_stale", "household": None, "detail": "Gea Hol (P7)",
     "evidence": ["last verified 2024-12-31"]},
    {"wijk": "WK1", "wijk_name": "Wijk WK1", "kind": "contact_never_verified", "household": None,
     "detail": "Partner C1 (C1)", "evidence": ["never verified"]},
]
WK2_ROWS = [
    {"wijk": "WK2", "wijk_name": "Wijk WK2", "kind": kind, "household": None, "detail": detail, "evidence": []}
    for kind, detail in (
        ("no_team", "no team serves the wijk"),
        ("empty_group", "group A"),
        ("empty_group", "group B"),
        ("empty_group", "group C"),
        ("empty_group", "group D (municipality GM2)"),
        ("no_civil_partner", "no ring-3 partner is active in the wijk"),
        ("missing_signaller", "huisarts"),
        ("missing_signaller", "school"),
        ("missing_signaller", "wijkagent"),
        ("missing_signaller", "woningcorporatie"),
    )
]


KINDS = ("no_team", "empty_group", "no_civil_partner", "missing_signaller", "uncovered_need", "no_coordinator",
         "contact_stale", "contact_never_verified")


def action_first(rows: list[dict]) -> list[dict]:
    """Rows of several wijken as the analysis orders them: the gravest kind first, then wijk and detail."""
    return sorted(rows, key=lambda row: (KINDS.index(row["kind"]), row["wijk"], row["detail"]))


def test_gaps_of_every_wijk(store: Store) -> None:
    build(store)
    rows = run(store, "gaps", on=ON)
    assert rows == action_first(WK1_ROWS + WK2_ROWS)
    assert rows[0]["wijk"] == "WK2" and rows[-1]["kind"] == "contact_never_verified"  # absences before households


def test_gaps_of_one_wijk_and_of_several(store: Store) -> None:
    build(store)
    assert run(store, "gaps", wijk=["WK2"], on=ON) == WK2_ROWS
    assert run(store, "gaps", wijk=["WK2", "WK1"], on=ON) == action_first(WK1_ROWS + WK2_ROWS)


def test_signallers_and_groups_leave_with_their_work(store: Store) -> None:
    build(store)
    # Later, the huisarts (group B) stops working in WK1: group B is empty and the huisarts is missing.
    World(store).works_in("P3", "WK1", "B", until=dt.date(2026, 2, 1))
    later = dt.date(2026, 3, 1)
    rows = [row for row in run(store, "gaps", wijk=["WK1"], on=later) if row["kind"] in
            ("empty_group", "missing_signaller")]
    assert rows == [
        {"wijk": "WK1", "wijk_name": "Wijk WK1", "kind": "empty_group", "household": None, "detail": "group B",
         "evidence": []},
        {"wijk": "WK1", "wijk_name": "Wijk WK1", "kind": "missing_signaller", "household": None, "detail": "huisarts",
         "evidence": []},
    ]


def test_empty_database(store: Store) -> None:
    assert run(store, "gaps", on=ON) == []


def test_stale_and_never_verified_apart_and_limited_to_either(store: Store) -> None:
    build(store)
    contact_rows = [row for row in WK1_ROWS if row["kind"].startswith("contact_")]
    others = [row for row in WK1_ROWS if not row["kind"].startswith("contact_")]
    assert run(store, "gaps", wijk=["WK1"], on=ON, verification="all") == WK1_ROWS
    assert run(store, "gaps", wijk=["WK1"], on=ON, verification="stale") == others + contact_rows[:1]
    assert run(store, "gaps", wijk=["WK1"], on=ON, verification="never") == others + contact_rows[1:]
    with pytest.raises(AnalysisError, match="verification must be one of all, stale, never, not 'old'"):
        run(store, "gaps", wijk=["WK1"], on=ON, verification="old")


def test_an_organisation_with_an_active_agreement_is_a_contact_of_the_wijk(store: Store) -> None:
    build(store)
    world = World(store)
    world.nodes("Organisation", {"id": "O-GGZ", "name": "GGZ Oost", "last_verified": dt.date(2024, 6, 1)},
                {"id": "O-OLD", "name": "Oud Verband"}, {"id": "O-NEED", "name": "Nog Nodig"})
    world.agreement("A1", "T1", "O-GGZ", "GGZ").agreement("A2", "T1", "O-OLD", "GGZ", until=dt.date(2025, 6, 1))
    world.agreement("A3", "T1", "O-NEED", "LVB", status="needed")
    rows = [(row["kind"], row["detail"], row["evidence"]) for row in run(store, "gaps", wijk=["WK1"], on=ON)
            if row["kind"].startswith("contact_")]
    # The active agreement's organisation counts; the ended and the needed ones do not.
    assert rows == [("contact_stale", "GGZ Oost (O-GGZ)", ["last verified 2024-06-01"]),
                    ("contact_stale", "Gea Hol (P7)", ["last verified 2024-12-31"]),
                    ("contact_never_verified", "Partner C1 (C1)", ["never verified"])]
