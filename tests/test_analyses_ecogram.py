"""A household's ecogram at a date and its change between two dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.store import Store
from queries.analyses import run
from tests.analyses_world import ON, World

BEFORE = dt.date(2025, 3, 1)


def build(store: Store) -> None:
    """H1: between E1 and E2 a member tie goes strong -> stressful, Oma strong -> weak, the neighbour is lost, a
    neighbour without an alias, a debt counsellor and a civil partner are gained; Ouder 1 and Anna Bakker stay."""
    world = World(store)
    world.wijk("WK1").household("H1", "WK1").household("H2", "WK1")
    world.nodes("HouseholdMember", {"id": "M1", "role": "ouder", "alias": "Ouder 1"},
                {"id": "M2", "role": "kind", "alias": "Kind 1"})
    world.rels("member_of_household", {"start": "M1", "end": "H1"}, {"start": "M2", "end": "H1"})
    world.nodes("InformalContact", {"id": "IC1", "kind": "familie", "alias": "Oma"},
                {"id": "IC2", "kind": "buur", "alias": "Buurvrouw"}, {"id": "IC3", "kind": "buur"})
    world.rels("contact_of", {"start": "IC1", "end": "H1"}, {"start": "IC2", "end": "H1"},
               {"start": "IC3", "end": "H1"})
    world.professional("P1", "Anna Bakker", "wijkcoach").professional("P2", "Bram Claes", "schuldhulpverlener")
    world.civil("C1", "WK1", "voedselbank")
    world.ecogram("E1", "H1", dt.date(2025, 1, 1), [
        ("member", "M1", "strong", "mutual"), ("member", "M2", "strong", "mutual"),
        ("informal", "IC1", "strong", "to_household"), ("informal", "IC2", "stressful", "none"),
        ("professional", "P1", "normal", "to_household"),
    ])
    world.ecogram("E2", "H1", dt.date(2025, 7, 1), [
        ("member", "M1", "strong", "mutual"), ("member", "M2", "stressful", "mutual"),
        ("informal", "IC1", "weak", "to_household"), ("informal", "IC3", "normal", "to_household"),
        ("civil", "C1", "strong", "to_household"), ("professional", "P2", "stressful", "from_household"),
        ("professional", "P1", "normal", "to_household"),
    ])


def tie(ecogram: str, date: str, kind: str, ref: str, label: str, detail: str, quality: str,
        direction: str) -> dict[str, str]:
    return {"household": "H1", "ecogram": ecogram, "date": date, "kind": kind, "ref": ref, "label": label,
            "detail": detail, "quality": quality, "direction": direction}


def test_ecogram_is_the_latest_snapshot_at_the_date(store: Store) -> None:
    build(store)
    assert run(store, "ecogram", household="H1", on=ON) == [
        tie("E2", "2025-07-01", "member", "M1", "Ouder 1", "ouder", "strong", "mutual"),
        tie("E2", "2025-07-01", "member", "M2", "Kind 1", "kind", "stressful", "mutual"),
        tie("E2", "2025-07-01", "informal", "IC3", "buur IC3", "buur", "normal", "to_household"),  # no alias
        tie("E2", "2025-07-01", "informal", "IC1", "Oma", "familie", "weak", "to_household"),
        tie("E2", "2025-07-01", "professional", "P1", "Anna Bakker", "wijkcoach", "normal", "to_household"),
        tie("E2", "2025-07-01", "professional", "P2", "Bram Claes", "schuldhulpverlener", "stressful",
            "from_household"),
        tie("E2", "2025-07-01", "civil", "C1", "Partner C1", "voedselbank", "strong", "to_household"),
    ]
    assert [row["ecogram"] for row in run(store, "ecogram", household="H1", on=BEFORE)] == ["E1"] * 5
    assert run(store, "ecogram", household="H1", on="2024-12-31") == []
    assert run(store, "ecogram", household="H2", on=ON) == []  # a household without ecograms
    assert run(store, "ecogram", household="H404", on=ON) == []


def end(kind: str, ref: str, label: str, detail: str, quality: str, direction: str) -> dict[str, Any]:
    return {"kind": kind, "ref": ref, "label": label, "detail": detail, "quality": quality, "direction": direction}


OUDER = end("member", "M1", "Ouder 1", "ouder", "strong", "mutual")
KIND = end("member", "M2", "Kind 1", "kind", "strong", "mutual")
OMA = end("informal", "IC1", "Oma", "familie", "strong", "to_household")
BUURVROUW = end("informal", "IC2", "Buurvrouw", "buur", "stressful", "none")
ANNA = end("professional", "P1", "Anna Bakker", "wijkcoach", "normal", "to_household")


def test_ecogram_change_counts_every_tie_and_names_each_change(store: Store) -> None:
    build(store)
    assert run(store, "ecogram_change", household="H1", **{"from": BEFORE, "to": ON}) == [{
        "household": "H1", "from_ecogram": "E1", "from_date": "2025-01-01", "to_ecogram": "E2",
        "to_date": "2025-07-01",
        "gained": [end("informal", "IC3", "buur IC3", "buur", "normal", "to_household"),
                   end("professional", "P2", "Bram Claes", "schuldhulpverlener", "stressful", "from_household"),
                   end("civil", "C1", "Partner C1", "voedselbank", "strong", "to_household")],
        "lost": [BUURVROUW],
        "changed": [
            {"kind": "member", "ref": "M2", "label": "Kind 1", "detail": "kind", "quality_from": "strong",
             "quality_to": "stressful", "direction_from": "mutual", "direction_to": "mutual"},
            {"kind": "informal", "ref": "IC1", "label": "Oma", "detail": "familie", "quality_from": "strong",
             "quality_to": "weak", "direction_from": "to_household", "direction_to": "to_household"},
        ],
        "ties_from": 5, "ties_to": 7, "strong_from": 3, "strong_to": 2, "stressful_from": 1, "stressful_to": 2,
        "formal_share_from": 0.2, "formal_share_to": 0.29,
    }]
    # From before the first snapshot: every tie is gained.
    assert run(store, "ecogram_change", household="H1", **{"from": "2024-01-01", "to": BEFORE}) == [{
        "household": "H1", "from_ecogram": None, "from_date": None, "to_ecogram": "E1", "to_date": "2025-01-01",
        "gained": [OUDER, KIND, OMA, BUURVROUW, ANNA], "lost": [], "changed": [],
        "ties_from": 0, "ties_to": 5, "strong_from": 0, "strong_to": 3, "stressful_from": 0, "stressful_to": 1,
        "formal_share_from": None, "formal_share_to": 0.2,
    }]
    assert run(store, "ecogram_change", household="H404", **{"from": BEFORE, "to": ON}) == []
