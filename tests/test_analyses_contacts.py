"""Contacts by wijk: the tier order, the filters, full-text search that cannot be turned into Cypher or Lucene."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.store import Store
from queries.analyses import AnalysisError, run
from queries.fulltext import contact_query
from tests.analyses_world import ON, World


def build(store: Store) -> None:
    world = World(store)
    world.municipality("GM1").wijk("WK1", "GM1").wijk("WK2", "GM1").wijk("WK3")
    world.organisation("O-WZ", "welzijn", "Welzijn Oost").organisation("O-GGZ", "ggz", "GGZ Delfland")
    world.organisation("O-HA", "huisarts", "Huisartsen Centrum")
    world.team("T1", "WK1")
    world.professional("P1", "Anna Bakker", "wijkcoach", "O-WZ", ["GGZ"], phone="079-1234567", email="anna@wz.nl",
                       last_verified=dt.date(2025, 6, 1)).member("P1", "T1")
    world.professional("P2", "Bram Claes", "maatschappelijk werker", "O-WZ").works_in("P2", "WK1", "A")
    world.professional("P3", "Cor Dekker", "huisarts", "O-HA", ["LVB"]).works_in("P3", "WK1", "B")
    world.professional("P4", "Dirk Es", "wijkagent").works_in("P4", "WK1", "C")
    world.professional("P5", "Eva Fokker", "GGZ-consulent", "O-GGZ", ["GGZ"]).works_in_municipality("P5", "GM1")
    world.professional("P6", "Frits Goos", "wijkcoach", "O-WZ").works_in("P6", "WK1", "A", until=dt.date(2025, 1, 1))
    world.agreement("A1", "T1", "O-GGZ", "GGZ")
    world.civil("C1", "WK1", "buurthuis")


def row(tier: str, name: str, function: str | None, organisation: str | None, expertise: list[str], id_: str,
        wijk: str = "WK1", **extra: object) -> dict[str, object]:
    return {"wijk": wijk, "tier": tier, "name": name, "function": function, "organisation": organisation,
            "phone": None, "email": None, "last_verified": None, "expertise": expertise, "id": id_, **extra}


ANNA = row("ring1", "Anna Bakker", "wijkcoach", "Welzijn Oost", ["GGZ"], "P1", phone="079-1234567",
           email="anna@wz.nl", last_verified="2025-06-01")
BRAM = row("A", "Bram Claes", "maatschappelijk werker", "Welzijn Oost", [], "P2")
COR = row("B", "Cor Dekker", "huisarts", "Huisartsen Centrum", ["LVB"], "P3")
DIRK = row("C", "Dirk Es", "wijkagent", None, [], "P4")
EVA = row("D", "Eva Fokker", "GGZ-consulent", "GGZ Delfland", ["GGZ"], "P5")
FLY_IN = row("fly_in", "GGZ Delfland", "GGZ invliegen", None, ["GGZ"], "O-GGZ")
BUURTHUIS = row("ring3", "Partner C1", "buurthuis", None, [], "C1")


def contacts(store: Store, **params: object) -> list[dict[str, object]]:
    return run(store, "contacts", on=ON, **params)


def test_ring_one_then_groups_then_fly_in_then_ring_three(store: Store) -> None:
    build(store)
    assert contacts(store, wijk=["WK1"]) == [ANNA, BRAM, COR, DIRK, EVA, FLY_IN, BUURTHUIS]
    # WK2 has no team and no households: only the municipality's group D. WK3 has nobody at all.
    assert contacts(store, wijk=["WK2"]) == [{**EVA, "wijk": "WK2"}]
    assert contacts(store, wijk=["WK3"]) == []
    assert contacts(store) == [ANNA, BRAM, COR, DIRK, EVA, FLY_IN, BUURTHUIS, {**EVA, "wijk": "WK2"}]


def test_filters(store: Store) -> None:
    build(store)
    assert contacts(store, wijk=["WK1"], expertise="ggz") == [ANNA, EVA, FLY_IN]
    assert contacts(store, wijk=["WK1"], group="B") == [COR]
    assert contacts(store, wijk=["WK1"], organisation="welzijn") == [ANNA, BRAM]
    assert contacts(store, wijk=["WK1"], organisation="O-GGZ") == [EVA, FLY_IN]
    with pytest.raises(AnalysisError, match="group must be one of ring1, A, B, C, D, fly_in, ring3, not 'E'"):
        contacts(store, group="E")


def test_full_text_over_names_functions_organisations_and_teams(store: Store) -> None:
    build(store)
    assert contacts(store, wijk=["WK1"], text="anna bak") == [ANNA]
    assert contacts(store, wijk=["WK1"], text='"Anna"') == [ANNA]
    assert contacts(store, wijk=["WK1"], text="HUISARTS") == [COR]  # function and employer's name
    assert contacts(store, wijk=["WK1"], text="welzijn") == [ANNA, BRAM]  # through the employer
    assert contacts(store, wijk=["WK1"], text="team t1") == [ANNA]  # through the team
    assert contacts(store, wijk=["WK1"], text="ggz") == [EVA, FLY_IN]
    assert contacts(store, wijk=["WK1"], text="buurthuis") == [BUURTHUIS]


# Text that would be syntax in Cypher or Lucene; only "anna~" still holds a word that finds somebody.
HOSTILE = (
    '"', "'", "`", "``", "{}", "{name: 'x'}", "(", ")", "[", "\\", "*", "?", "~", "^", ":", "/", "AND", "OR NOT",
    "*:*", "name:anna", 'anna" OR "*', "') DETACH DELETE n //", "MATCH (n) DETACH DELETE n", "`Anna` DETACH DELETE",
    "}) RETURN 1 UNION MATCH (n) DETACH DELETE n //", "anna^10", "[a TO z]", "a && b || c", "-anna +bram",
)


def test_hostile_text_is_only_searched_for(store: Store) -> None:
    build(store)
    counts = "MATCH (n) RETURN count(n) AS nodes, COUNT { ()-[]->() } AS relationships"
    before = store.read(counts)
    for text in HOSTILE:
        assert contacts(store, wijk=["WK1"], text=text) == [], text
    assert store.read(counts) == before


def test_punctuation_around_a_name_still_finds_it(store: Store) -> None:
    build(store)
    assert contacts(store, wijk=["WK1"], text="anna~") == [ANNA]
    assert contacts(store, wijk=["WK1"], text="(bakker)") == [ANNA]


def test_query_text_sent_to_lucene() -> None:
    assert contact_query("Sanne  de VRIES") == "sanne* AND de* AND vries*"
    assert contact_query('"Jansen (GGZ)" AND x:y') == "jansen* AND ggz* AND and* AND x* AND y*"
    assert contact_query("cliëntondersteuner") == "cliëntondersteuner*"
    assert contact_query("  ") is None
    assert contact_query("{}") is None
