"""The contacts analysis on a small hand-made world: one row per contact with every role, the rank and its reasons,
the filters, freshness, scopes, and full-text search that cannot be turned into Cypher or Lucene."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from graph import schema
from graph.store import Store
from queries.analyses import AnalysisError, run
from queries.fulltext import contact_query, forgiving_query
from tests.analyses_world import ON, World


def build(store: Store) -> None:
    world = World(store)
    world.municipality("GM1").wijk("WK1", "GM1").wijk("WK2", "GM1").wijk("WK3")
    world.organisation("O-WZ", "welzijn", "Welzijn Oost").organisation("O-GGZ", "ggz", "GGZ Delfland")
    world.organisation("O-HA", "huisarts", "Huisartsen Centrum")
    world.team("T1", "WK1").team("T2", "WK2")
    world.professional("P1", "Anna Bakker", "wijkcoach", "O-WZ", ["GGZ"], phone="079-1234567", email="anna@wz.nl",
                       last_verified=dt.date(2025, 6, 1)).member("P1", "T1")
    world.professional("P2", "Bram Claes", "maatschappelijk werker", "O-WZ", last_verified=dt.date(2024, 6, 1))
    world.works_in("P2", "WK1", "A")
    world.professional("P3", "Cor Dekker", "huisarts", "O-HA", ["LVB"]).works_in("P3", "WK1", "B")
    world.professional("P4", "Dirk Es", "wijkagent").works_in("P4", "WK1", "C")
    world.professional("P5", "Eva Fokker", "GGZ-consulent", "O-GGZ", ["GGZ"]).works_in_municipality("P5", "GM1")
    world.professional("P6", "Frits Goos", "wijkcoach", "O-WZ").works_in("P6", "WK1", "A", until=dt.date(2025, 1, 1))
    world.professional("P7", "Gea Hop", "wijkcoach", "O-WZ").member("P7", "T1").member("P7", "T2")
    world.agreement("A1", "T1", "O-GGZ", "GGZ")
    world.civil("C1", "WK1", "buurthuis")


def contacts(store: Store, **params: Any) -> list[dict[str, Any]]:
    return run(store, "contacts", on=ON, **params)


def short(rows: list[dict[str, Any]]) -> list[tuple[str, str | None, int, str]]:
    return [(row["id"], row["tier"], row["score"], row["freshness"]) for row in rows]


def reasons(row: dict[str, Any]) -> list[str]:
    return [reason["template"].format(**reason["fields"]) for reason in row["reasons"]]


def test_one_row_per_contact_in_rank_order_with_every_role(store: Store) -> None:
    build(store)
    rows = contacts(store, wijk=["WK1"])
    # The team first (fresh before stale before never), then groups A, B, C, D, the fly-in partner, ring 3.
    assert short(rows) == [
        ("P1", "ring1", 103, "fresh"), ("P7", "ring1", 97, "never"), ("P2", "A", 90, "stale"),
        ("P3", "B", 77, "never"), ("P4", "C", 67, "never"), ("P5", "D", 57, "never"), ("O-GGZ", "fly_in", 47, "never"),
        ("C1", "ring3", 37, "never")]
    anna = rows[0]
    assert {key: anna[key] for key in ("name", "function", "organisation", "phone", "email", "last_verified",
                                       "expertise", "kind", "route")} == {
        "name": "Anna Bakker", "function": "wijkcoach", "organisation": "Welzijn Oost", "phone": "079-1234567",
        "email": "anna@wz.nl", "last_verified": "2025-06-01", "expertise": ["GGZ"], "kind": "professional",
        "route": None}
    assert anna["roles"] == [{"wijk": "WK1", "wijk_name": "Wijk WK1", "municipality": "GM1", "tier": "ring1",
                              "team": "Team T1", "place": "wijk"}]
    assert reasons(anna) == ["in the team of Wijk WK1"]
    assert reasons(rows[2]) == ["group A in Wijk WK1",
                                "contact details last verified on 2024-06-01, more than 12 months ago"]
    assert reasons(rows[5]) == ["city-wide specialist of Gemeente GM1", "contact details never verified"]
    assert reasons(rows[6])[0] == "flies in through a werkafspraak with Team T1"
    # Gea is in the teams of WK1 and WK2: one row, both roles.
    both = contacts(store, wijk=["WK1", "WK2"])
    assert [row["id"] for row in both].count("P7") == 1
    assert [(r["wijk"], r["team"]) for r in next(r for r in both if r["id"] == "P7")["roles"]] == [
        ("WK1", "Team T1"), ("WK2", "Team T2")]


def test_free_text_filters_and_reasons(store: Store) -> None:
    build(store)
    assert short(contacts(store, text="GGZ in wijk WK1")) == [
        ("P1", "ring1", 163, "fresh"), ("P5", "D", 117, "never"), ("O-GGZ", "fly_in", 107, "never")]
    assert reasons(contacts(store, text="ggz wk1")[1]) == [
        "city-wide specialist of Gemeente GM1", "has expertise GGZ", "contact details never verified"]
    assert short(contacts(store, text="wijkagent WK1")) == [("P4", "C", 77, "never")]
    assert [r["id"] for r in contacts(store, wijk=["WK1"], expertise="ggz")] == ["P1", "P5", "O-GGZ"]
    assert [r["id"] for r in contacts(store, wijk=["WK1"], group="B")] == ["P3"]
    assert [r["id"] for r in contacts(store, wijk=["WK1"], organisation="welzijn")] == ["P1", "P7", "P2"]
    assert [r["id"] for r in contacts(store, wijk=["WK1"], organisation="O-GGZ")] == ["P5", "O-GGZ"]
    with pytest.raises(AnalysisError, match="group must be one of ring1, A, B, C, D, fly_in, ring3, not 'E'"):
        contacts(store, group="E")
    with pytest.raises(AnalysisError, match="scope must be one of mine, municipality, region, all, not 'x'"):
        contacts(store, scope="x")


def test_full_text_with_typos_and_word_forms(store: Store) -> None:
    build(store)
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text="anna bak")] == ["P1"]
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text="Anna Baker")] == ["P1"]  # a typo
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text='"Anna"')] == ["P1"]
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text="huisartsen")] == ["P3"]  # a function's plural
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text="Delfland")] == ["P5", "O-GGZ"]  # the employer
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text="buurthuis")] == ["C1"]
    assert reasons(contacts(store, wijk=["WK1"], text="bakker")[0])[-1] == (
        "name, function or organisation matches bakker")


def test_the_scope_widens_to_the_municipality(store: Store) -> None:
    build(store)
    mine = contacts(store, text="wijkcoach WK2")
    assert short(mine) == [("P7", "ring1", 107, "never")]
    wider = contacts(store, text="wijkcoach WK2", scope="municipality")
    assert [(r["id"], [role["place"] for role in r["roles"]]) for r in wider] == [
        ("P7", ["wijk", "municipality"]), ("P1", ["municipality"])]


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
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text="anna~")] == ["P1"]
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text="(bakker)")] == ["P1"]


def test_query_text_sent_to_lucene() -> None:
    assert contact_query("Sanne  de VRIES") == "sanne* AND de* AND vries*"
    assert contact_query('"Jansen (GGZ)" AND x:y') == "jansen* AND ggz* AND and* AND x* AND y*"
    assert contact_query("  ") is None
    assert forgiving_query(["cliëntondersteuner", "x:y"]) == (
        "+(cliëntondersteuner cliëntondersteuner* cliëntondersteuner~2 cliëntondersteu*) +(x\\:y x\\:y*)")
    assert forgiving_query(["een", "de"]) is None  # the index's stop words find nothing


def test_schema_apply_replaces_an_index_with_another_analyzer(store: Store) -> None:
    build(store)
    analyzer = ("SHOW FULLTEXT INDEXES YIELD name, options WHERE name = 'contact_search' "
                "RETURN options.indexConfig['fulltext.analyzer'] AS analyzer")
    store.write("DROP INDEX contact_search")
    store.write("CREATE FULLTEXT INDEX contact_search FOR (n:Professional|Organisation|CivilPartner|Team) "
                "ON EACH [n.name, n.function, n.kind]")
    assert store.read(analyzer) == [{"analyzer": "standard-no-stop-words"}]
    schema.apply(store)
    assert store.read(analyzer) == [{"analyzer": "dutch"}]
    assert [r["id"] for r in contacts(store, wijk=["WK1"], text="huisartsen")] == ["P3"]


def build_routes(store: Store) -> World:
    """Two municipalities of one region; WK1 has nobody with LVB, its neighbour WK2's team has."""
    world = World(store)
    world.nodes("Municipality", {"code": "GM1", "name": "Eerstad", "region": "Regio"},
                {"code": "GM2", "name": "Tweedorp", "region": "Regio"},
                {"code": "GM3", "name": "Verweg", "region": "Ver"})
    world.wijk("WK1", "GM1").wijk("WK2", "GM1").wijk("WK3", "GM1")
    world.rels("wijk_neighbour", {"start": "WK2", "end": "WK1"})
    world.team("T1", "WK1").team("T2", "WK2").team("T3", "WK3")
    world.nodes("Organisation",
                {"id": "O-MEE", "name": "MEE Oost", "scope": "regionaal", "phone": "088 111 22 33"},
                {"id": "O-REG", "name": "Steunpunt Regio", "scope": "regionaal", "email": "info@steunpunt.example",
                 "last_verified": dt.date(2024, 1, 1)},
                {"id": "O-NAT", "name": "Landelijke lijn", "scope": "landelijk", "phone": "0800 1234",
                 "last_verified": dt.date(2025, 12, 1)},
                {"id": "O-WIJK", "name": "Praktijk Drie", "scope": "wijk", "phone": "079 000 00 00"},
                {"id": "O-FAR", "name": "Ver weg", "scope": "regionaal", "phone": "050 000 00 00"},
                {"id": "O-SILENT", "name": "Zonder nummer", "scope": "regionaal"})
    world.rels("offers", *({"start": org, "end": "LVB"} for org in ("O-REG", "O-NAT", "O-WIJK", "O-FAR", "O-SILENT")))
    world.rels("organisation_serves", {"start": "O-REG", "end": "GM2"}, {"start": "O-WIJK", "end": "GM1"},
               {"start": "O-FAR", "end": "GM3"}, {"start": "O-SILENT", "end": "GM1"})
    world.professional("P2", "Nel Buur", "consulent", expertise=["LVB"], email="nel@buur.example",
                       last_verified=dt.date(2025, 10, 1)).member("P2", "T2")
    world.professional("P1", "Els Een", "wijkcoach", phone="06 1").member("P1", "T1")
    world.agreement("A1", "T1", "O-MEE", "LVB", status="needed")
    world.agreement("A3", "T3", "O-MEE", "LVB")  # an active agreement of another team of the municipality
    return world


def test_never_a_dead_end_ranked_routes_with_contact_details(store: Store) -> None:
    build_routes(store)
    answer = contacts(store, text="LVB in wijk WK1")
    assert [(r["route"], r["id"], r["freshness"]) for r in answer] == [
        ("agreement", "O-MEE", "never"), ("neighbour_team", "P2", "fresh"), ("region_organisation", "O-REG", "stale"),
        ("region_organisation", "O-NAT", "fresh")]
    assert [reasons(r)[0] for r in answer] == [
        "MEE Oost flies in LVB through a werkafspraak with Team T3", "in the team of the neighbouring wijk Wijk WK2, "
        "has expertise LVB", "offers LVB in the region Regio", "offers LVB nationally"]
    assert answer[1]["roles"] == [{"wijk": "WK2", "wijk_name": "Wijk WK2", "municipality": "GM1", "tier": "ring1",
                                   "team": "Team T2", "place": "neighbour"}]
    from queries.who_to_call import Search, search

    whole = search(store, Search(text="LVB in wijk WK1", on=ON))
    assert whole.rows == () and whole.statement and whole.statement.text() == (
        "Nobody in or around Wijk WK1 has expertise LVB. These are the nearest routes.")
    nothing = search(store, Search(text="verslaving in wijk WK1", on=ON))
    assert (nothing.rows, nothing.routes) == ((), ())
    assert nothing.statement and nothing.statement.text() == (
        "Nobody in or around Wijk WK1 has expertise VERSLAVING, and nobody in the region Regio offers it.")
    # With the neighbour's member reachable in the team of WK1 itself, there is no statement and no route.
    store.write("MATCH (p:Professional {id: 'P2'}), (t:Team {id: 'T1'}) CREATE (p)-[:MEMBER_OF]->(t)")
    direct = search(store, Search(text="LVB in wijk WK1", on=ON))
    assert ([c.id for c in direct.rows], direct.statement, direct.routes) == (["P2"], None, ())
