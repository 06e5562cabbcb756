"""Every per-wijk analysis for an empty wijk (a Wijk node and nothing else) and for a wijk without households.

The analyses' own tests cover some of these per analysis; here every per-wijk analysis is asked about both, with
thresholds at zero, so that no analysis drops or invents rows when a wijk has nothing to count.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.store import Store
from queries.analyses import ANALYSES, run
from tests.analyses_world import ON, World

EMPTY, NO_HOUSEHOLDS = "WK1", "WK2"


def build(store: Store) -> None:
    world = World(store)
    world.municipality("GM1").wijk(EMPTY).wijk(NO_HOUSEHOLDS, "GM1")
    world.team("T1", NO_HOUSEHOLDS)
    world.professional("P1", "Anna Bakker", "wijkcoach", expertise=["GGZ"], last_verified=ON).member("P1", "T1")
    world.professional("P2", "Bram Claes", "maatschappelijk werker", last_verified=ON).works_in("P2", NO_HOUSEHOLDS,
                                                                                                "A")
    world.civil("C1", NO_HOUSEHOLDS, last_verified=ON)


def gap(wijk: str, kind: str, detail: str) -> dict[str, Any]:
    return {"wijk": wijk, "wijk_name": f"Wijk {wijk}", "kind": kind, "household": None, "detail": detail,
            "evidence": []}


SIGNALLERS = ("huisarts", "school", "wijkagent", "woningcorporatie")
EXPECTED: dict[str, dict[str, list[dict[str, Any]]]] = {
    "missing_expertise": {
        EMPTY: [{"wijk": EMPTY, "wijk_name": "Wijk WK1", "expertise": code, "coverage": "missing", "demand": 0,
                 "evidence": [], "capacity": None} for code in ("GGZ", "LVB")],
        NO_HOUSEHOLDS: [
            {"wijk": NO_HOUSEHOLDS, "wijk_name": "Wijk WK2", "expertise": "LVB", "coverage": "missing", "demand": 0,
             "evidence": [], "capacity": None},
            {"wijk": NO_HOUSEHOLDS, "wijk_name": "Wijk WK2", "expertise": "GGZ", "coverage": "in_team", "demand": 0,
             "evidence": ["Anna Bakker (P1)"], "capacity": None},
        ],
    },
    "gaps": {
        EMPTY: [gap(EMPTY, "no_team", "no team serves the wijk"),
                *(gap(EMPTY, "empty_group", f"group {group}") for group in "ABCD"),
                gap(EMPTY, "no_civil_partner", "no ring-3 partner is active in the wijk"),
                *(gap(EMPTY, "missing_signaller", signaller) for signaller in SIGNALLERS)],
        NO_HOUSEHOLDS: [gap(NO_HOUSEHOLDS, "empty_group", "group B"), gap(NO_HOUSEHOLDS, "empty_group", "group C"),
                        gap(NO_HOUSEHOLDS, "empty_group", "group D (municipality GM1)"),
                        *(gap(NO_HOUSEHOLDS, "missing_signaller", signaller) for signaller in SIGNALLERS)],
    },
    "dual_roles": {EMPTY: [], NO_HOUSEHOLDS: []},  # nobody there has two roles
    "freshness": {  # a wijk without contacts has no share (not 0%); WK1 lies in no municipality
        EMPTY: [{"wijk": EMPTY, "wijk_name": "Wijk WK1", "municipality": None, "contacts": 0, "fresh": 0, "stale": 0,
                 "never": 0, "fresh_share": None, "oldest_verified": None}],
        NO_HOUSEHOLDS: [{"wijk": NO_HOUSEHOLDS, "wijk_name": "Wijk WK2", "municipality": "GM1", "contacts": 3,
                         "fresh": 3, "stale": 0, "never": 0, "fresh_share": 1.0, "oldest_verified": ON.isoformat()}],
    },
    "contacts": {
        EMPTY: [],
        NO_HOUSEHOLDS: [
            {"id": key, "kind": kind, "name": name, "function": function, "organisation": None, "phone": None,
             "email": None, "last_verified": ON.isoformat(), "freshness": "fresh", "wijk": NO_HOUSEHOLDS, "tier": tier,
             "roles": [{"wijk": NO_HOUSEHOLDS, "wijk_name": "Wijk WK2", "municipality": "GM1", "tier": tier,
                        "team": team, "place": "wijk"}],
             "expertise": expertise, "score": score,
             "reasons": [{"code": code, "template": template, "fields": {"wijk": "Wijk WK2", **fields}}],
             "route": None}
            for tier, kind, name, function, expertise, key, team, score, code, template, fields in (
                ("ring1", "professional", "Anna Bakker", "wijkcoach", ["GGZ"], "P1", "Team T1", 103, "team_of_wijk",
                 "in the team of {wijk}", {"team": "Team T1"}),
                ("A", "professional", "Bram Claes", "maatschappelijk werker", [], "P2", None, 93, "group_of_wijk",
                 "group {group} in {wijk}", {"group": "A"}),
                ("ring3", "civil_partner", "Partner C1", "buurthuis", [], "C1", None, 43, "civil_partner",
                 "civil partner in {wijk}", {}))
        ],
    },
    "network_summary": {
        EMPTY: [{"wijk": EMPTY, "wijk_name": "Wijk WK1", "nodes": 0, "ties": 0, "density": 0.0, "components": 0,
                 "isolated_partners": 0}],
        NO_HOUSEHOLDS: [{"wijk": NO_HOUSEHOLDS, "wijk_name": "Wijk WK2", "nodes": 3, "ties": 0, "density": 0.0,
                         "components": 3, "isolated_partners": 2}],
    },
    "isolated_partners": {
        EMPTY: [],
        NO_HOUSEHOLDS: [
            {"wijk": NO_HOUSEHOLDS, "id": "C1", "name": "Partner C1", "kind": "civil", "ring": 3, "group": None,
             "ties": 0},
            {"wijk": NO_HOUSEHOLDS, "id": "P2", "name": "Bram Claes", "kind": "professional", "ring": 2,
             "group": "A", "ties": 0},
        ],
    },
}
# Household analyses find nothing without households, even with every threshold at zero.
NOTHING = ("overlapping_helpers", "too_many_helpers", "multiple_coordinators", "shared_households", "brokers",
           "bridging_organisations")
ZERO = {"too_many_helpers": {"max_helpers": 0}, "shared_households": {"min_shared": 0}}
PER_WIJK = [name for name, analysis in ANALYSES.items() if any(param.name == "wijk" for param in analysis.params)]


def test_every_per_wijk_analysis_is_checked_here() -> None:
    assert sorted(PER_WIJK) == sorted([*EXPECTED, *NOTHING])


@pytest.mark.parametrize("wijk", [EMPTY, NO_HOUSEHOLDS])
def test_per_wijk_analyses_of_an_empty_wijk_and_a_wijk_without_households(store: Store, wijk: str) -> None:
    build(store)
    for name in PER_WIJK:
        rows = run(store, name, wijk=[wijk], on=ON, **ZERO.get(name, {}))
        assert rows == EXPECTED.get(name, {}).get(wijk, []), name
