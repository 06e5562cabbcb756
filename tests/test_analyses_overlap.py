"""Duplicate helpers (overlap, too many, several coordinators, shared households) and duplicate records."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from graph.normalise import normalise_name, normalise_phone
from graph.store import Store
from queries.analyses import run
from tests.analyses_world import ON, World

ENDED = dt.date(2025, 12, 31)


def build(store: Store) -> None:
    world = World(store)
    world.wijk("WK1").wijk("WK2").wijk("WK3")
    world.organisation("O1", name="Welzijn Oost").organisation("O2", name="Zorg Thuis")
    world.organisation("O3", name="Jeugd Plus")
    world.professional("P1", "Anna Bakker", organisation="O1").professional("P2", "Bram Claes", organisation="O2")
    world.professional("P3", "Cor Dekker", organisation="O1").rels("employed_by", {"start": "P3", "end": "O3"})
    world.professional("P4", "Dirk Es", organisation="O2")

    # H1: two helpers in financien (P2 twice: counts once, from its first start); huisvesting has only one
    # active helper because P4 stopped.
    world.household("H1", "WK1").involved("P1", "H1", "financien", since=dt.date(2025, 1, 1))
    world.involved("P2", "H1", "financien", since=dt.date(2025, 3, 1))
    world.involved("P2", "H1", "financien", since=dt.date(2025, 5, 1))
    world.involved("P3", "H1", "huisvesting").involved("P4", "H1", "huisvesting", until=ENDED)
    world.coordinates("P1", "H1").coordinates("P2", "H1").coordinates("P3", "H1", until=ENDED)
    # H2: three helpers in opvoeding; one coordinator registered twice.
    world.household("H2", "WK1").involved("P1", "H2", "opvoeding").involved("P4", "H2", "opvoeding")
    world.involved("P3", "H2", "opvoeding", since=dt.date(2025, 2, 1))
    world.coordinates("P1", "H2", since=dt.date(2025, 1, 1)).coordinates("P1", "H2", since=dt.date(2025, 6, 1))
    # H3 in WK2: two helpers in justitie, no start dates known.
    world.household("H3", "WK2").involved("P1", "H3", "justitie").involved("P2", "H3", "justitie")


def test_overlapping_helpers(store: Store) -> None:
    build(store)
    assert run(store, "overlapping_helpers", on=ON) == [
        {"wijk": "WK1", "household": "H2", "life_domain": "opvoeding", "helpers": 3,
         "professionals": ["Anna Bakker (P1)", "Cor Dekker (P3)", "Dirk Es (P4)"],
         "organisations": ["Jeugd Plus", "Welzijn Oost", "Zorg Thuis"], "overlap_since": "2025-02-01"},
        {"wijk": "WK1", "household": "H1", "life_domain": "financien", "helpers": 2,
         "professionals": ["Anna Bakker (P1)", "Bram Claes (P2)"],
         "organisations": ["Welzijn Oost", "Zorg Thuis"], "overlap_since": "2025-03-01"},
        {"wijk": "WK2", "household": "H3", "life_domain": "justitie", "helpers": 2,
         "professionals": ["Anna Bakker (P1)", "Bram Claes (P2)"],
         "organisations": ["Welzijn Oost", "Zorg Thuis"], "overlap_since": None},
    ]
    # Before P4 stopped, huisvesting in H1 overlapped too; before P2 started, financien did not.
    assert [(row["household"], row["life_domain"]) for row in
            run(store, "overlapping_helpers", wijk=["WK1"], on="2025-02-15")] == [
        ("H2", "opvoeding"), ("H1", "huisvesting"),
    ]
    assert run(store, "overlapping_helpers", wijk=["WK3"], on=ON) == []


def test_too_many_helpers(store: Store) -> None:
    build(store)
    assert run(store, "too_many_helpers", on=ON) == []  # default: more than 5
    assert run(store, "too_many_helpers", on=ON, max_helpers=2) == [
        {"wijk": "WK1", "household": "H1", "helpers": 3,
         "professionals": ["Anna Bakker (P1)", "Bram Claes (P2)", "Cor Dekker (P3)"],
         "life_domains": ["financien", "huisvesting"]},
        {"wijk": "WK1", "household": "H2", "helpers": 3,
         "professionals": ["Anna Bakker (P1)", "Cor Dekker (P3)", "Dirk Es (P4)"], "life_domains": ["opvoeding"]},
    ]


def test_multiple_coordinators(store: Store) -> None:
    build(store)
    assert run(store, "multiple_coordinators", on=ON) == [
        {"wijk": "WK1", "household": "H1", "coordinators": 2,
         "professionals": ["Anna Bakker (P1)", "Bram Claes (P2)"]},
    ]
    # Before P3's coordination ended there were three.
    assert run(store, "multiple_coordinators", wijk=["WK1"], on="2025-06-01")[0]["coordinators"] == 3


def test_shared_households(store: Store) -> None:
    build(store)
    assert run(store, "shared_households", on=ON) == [
        {"wijk": "WK1", "organisation_a": "Welzijn Oost", "organisation_b": "Jeugd Plus", "shared": 2,
         "households": ["H1", "H2"]},
        {"wijk": "WK1", "organisation_a": "Welzijn Oost", "organisation_b": "Zorg Thuis", "shared": 2,
         "households": ["H1", "H2"]},
        {"wijk": "WK1", "organisation_a": "Zorg Thuis", "organisation_b": "Jeugd Plus", "shared": 2,
         "households": ["H1", "H2"]},
    ]
    assert run(store, "shared_households", wijk=["WK2"], on=ON, min_shared=1) == [
        {"wijk": "WK2", "organisation_a": "Welzijn Oost", "organisation_b": "Zorg Thuis", "shared": 1,
         "households": ["H3"]},
    ]
    assert run(store, "shared_households", on=ON, min_shared=3) == []


def test_duplicate_professionals_with_each_reason(store: Store) -> None:
    world = World(store)
    world.organisation("O1", name="Welzijn Oost").organisation("O2", name="Zorg Thuis")
    for pid, name, org, email, phone in (
        ("D1", "Dr. Sanne de Vries", "O1", "S.deVries@welzijn.nl", "+31 (0)6-1234 5678"),
        ("D2", "Sanne de  Vries", "O1", " s.devries@WELZIJN.nl", "06 12345678"),
        ("D3", "Sanne de Vries", "O2", "sanne@zorg.nl", "0031612345678"),
        ("D6", "Sanne de Vries", None, "other@zorg.nl", "0612345670"),  # no organisation: name alone is not enough
        ("D7", "Kees Lam", "O2", "", "-"),
        ("D8", "Lies Mol", "O2", "", "n.v.t."),  # empty e-mail and phone without digits never match
    ):
        world.professional(pid, name, organisation=org, email=email, phone=phone, name_normalised=normalise_name(name))
    # Without name_normalised (not imported by our importer) the trimmed, lower-cased name is compared.
    world.professional("D4", "Piet Jansen", organisation="O1").professional("D5", "piet jansen ", organisation="O1")

    assert run(store, "duplicate_professionals") == [
        {"professional_a": "D1", "name_a": "Dr. Sanne de Vries", "professional_b": "D2", "name_b": "Sanne de  Vries",
         "organisations_a": ["Welzijn Oost"], "organisations_b": ["Welzijn Oost"],
         "reasons": ["same_name_and_organisation", "same_email", "same_phone"]},
        {"professional_a": "D1", "name_a": "Dr. Sanne de Vries", "professional_b": "D3", "name_b": "Sanne de Vries",
         "organisations_a": ["Welzijn Oost"], "organisations_b": ["Zorg Thuis"], "reasons": ["same_phone"]},
        {"professional_a": "D2", "name_a": "Sanne de  Vries", "professional_b": "D3", "name_b": "Sanne de Vries",
         "organisations_a": ["Welzijn Oost"], "organisations_b": ["Zorg Thuis"], "reasons": ["same_phone"]},
        {"professional_a": "D4", "name_a": "Piet Jansen", "professional_b": "D5", "name_b": "piet jansen ",
         "organisations_a": ["Welzijn Oost"], "organisations_b": ["Welzijn Oost"],
         "reasons": ["same_name_and_organisation"]},
    ]


PHONES = (
    "+31 (0)6-1234 5678", "06 12345678", "0031612345678", "+31612345678", "0612345679", "+32 6 12345678",
    "32612345678", "+31 (0)79 - 346 8000", "079-3468000", "0793468000", "+310793468000", "0031 079 3468000",
)


def test_phone_matching_in_cypher_agrees_with_normalise_phone(store: Store) -> None:
    world = World(store)
    for number, phone in enumerate(PHONES):
        world.professional(f"X{number:02d}", f"Person {number}", phone=phone)
    found = {(row["professional_a"], row["professional_b"]) for row in run(store, "duplicate_professionals")}
    expected = {
        (f"X{a:02d}", f"X{b:02d}") for a, b in combinations(range(len(PHONES)), 2)
        if normalise_phone(PHONES[a]) == normalise_phone(PHONES[b])
    }
    # A 4-clique of one mobile number, a 5-clique of one landline, and the Belgian number written two ways.
    assert len(expected) == 6 + 10 + 1
    assert found == expected
