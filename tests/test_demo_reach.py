"""What the demo gives "who to call" beyond the wijk (issue 14): neighbouring wijken, regions, organisations of the
region with LVB and GGZ, valid general contacts for every fly-in partner, and contact details of mixed freshness."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from graph.store import Store
from importers.demo import REFERENCE_DATE, generate_demo
from importers.demo.checks import read_kaart
from importers.demo.load import load_folder


@pytest.fixture(scope="module")
def kaart(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict[str, str]]]]:
    folder = tmp_path_factory.mktemp("demo")
    generate_demo(folder)
    return folder, read_kaart(folder / "kaart")


def names(k: dict[str, list[dict[str, str]]]) -> dict[str, str]:
    return {row["code"]: row["name"] for row in k["wijken"]}


def test_every_wijk_has_a_neighbour_in_its_own_municipality(kaart: tuple[Path, Any]) -> None:
    _, k = kaart
    municipality = {row["code"]: row["municipality_code"] for row in k["wijken"]}
    pairs = [(row["wijk"], row["neighbour"]) for row in k["neighbours"]]
    assert len(pairs) == len({frozenset(pair) for pair in pairs}) == 75  # each pair once (Duindorp: 3)
    assert all(one != other and municipality[one] == municipality[other] for one, other in pairs)
    around: dict[str, set[str]] = {code: set() for code in municipality}
    for one, other in pairs:
        around[one].add(other)
        around[other].add(one)
    assert [code for code, near in around.items() if not near] == []
    wijk = {name: code for code, name in names(k).items() if code.startswith("WK0546")}
    # Leiden's wijk without a team borders the wijk of the team that helps out there.
    assert wijk["Binnenstad-Noord"] in around[wijk["Binnenstad-Zuid"]]
    assert sorted(names(k)[code] for code in around[wijk["Binnenstad-Zuid"]]) == [
        "Binnenstad-Noord", "Boerhaave en Station", "Bos- en Gasthuis", "Roodenburg"]
    den_haag = {name: code for code, name in names(k).items() if code.startswith("WK0518")}
    assert sorted(names(k)[code] for code in around[den_haag["Bouwlust"]]) == [
        "Morgenstond", "Vrederust", "Wateringse Veld"]


def test_regions_and_the_organisations_of_each_region(kaart: tuple[Path, Any]) -> None:
    _, k = kaart
    assert {row["name"]: row["region"] for row in k["municipalities"]} == {
        "Zoetermeer": "Haaglanden", "Den Haag": "Haaglanden", "Leiden": "Holland Rijnland",
        "Haarlem": "Zuid-Kennemerland"}
    region = {row["code"]: row["region"] for row in k["municipalities"]}
    orgs = {row["id"]: row for row in k["organisations"]}
    offers = {(row["organisation_id"], row["expertise"]) for row in k["expertise"] if row["organisation_id"]}
    for expertise in ("LVB", "GGZ"):
        regions = {region[code] for org_id, code_ in offers if code_ == expertise
                   for code in orgs[org_id]["municipalities"].split(";") if code}
        assert regions == {"Haaglanden", "Holland Rijnland", "Zuid-Kennemerland"}, expertise
    serves = {org_id: org["municipalities"].split(";") for org_id, org in orgs.items()}
    assert serves["ORG-LVB-HAAGLANDEN"] == ["GM0518", "GM0637"]
    assert serves["ORG-MEE"] == ["GM0518", "GM0546", "GM0637"]
    assert serves["ORG-PARNASSIA"] == ["GM0518", "GM0637"]
    assert orgs["ORG-ADVIESLIJN-LVB"]["scope"] == "landelijk" and serves["ORG-ADVIESLIJN-LVB"] == [""]


def test_organisations_have_valid_dutch_numbers_and_invented_addresses(kaart: tuple[Path, Any]) -> None:
    _, k = kaart
    orgs = {row["id"]: row for row in k["organisations"]}
    for org in orgs.values():
        number = phonenumbers.parse(org["phone"], "NL")
        assert phonenumbers.is_valid_number(number) and number.country_code == 31, org["phone"]
        assert org["email"].endswith(".example") and "@" in org["email"], org["email"]
    assert len({org["phone"] for org in orgs.values()}) == len({org["email"] for org in orgs.values()}) == len(orgs)
    fly_in = {row["organisation_id"] for row in k["agreements"]}
    assert fly_in == {"ORG-PARNASSIA", "ORG-MEE", "ORG-GGZ-INFOPUNT", "ORG-MEE-DE-WERING"}  # Haarlem's LVB: fly-in
    assert [(orgs[o]["phone"][:4], orgs[o]["email"]) for o in sorted(fly_in)] == [
        ("071-", "aanmelding@ggz-informatiepunt-holland-rijnland.example"), ("088-", "aanmelding@mee.example"),
        ("023-", "aanmelding@mee-de-wering.example"), ("088-", "aanmelding@parnassia.example")]


def freshness(row: dict[str, str]) -> str:
    if not row["last_verified"]:
        return "never"
    stale = date.fromisoformat(row["last_verified"]) < REFERENCE_DATE - timedelta(days=365)
    return "stale" if stale else "fresh"


def test_last_verified_is_mostly_recent_some_stale_some_never(kaart: tuple[Path, Any]) -> None:
    _, k = kaart
    counts = {sheet: Counter(freshness(row) for row in k[sheet])
              for sheet in ("professionals", "civil_partners", "organisations")}
    # Duindorp's network and civil partners, Leiden's JGTs and their organisations' shares (importers.demo.kaart)
    assert counts == {"professionals": {"fresh": 569, "stale": 14, "never": 7},
                      "civil_partners": {"fresh": 102, "stale": 6, "never": 1},
                      "organisations": {"fresh": 124, "stale": 24, "never": 27}}
    orgs = {row["id"]: freshness(row) for row in k["organisations"]}
    assert [orgs[o] for o in ("ORG-PARNASSIA", "ORG-MEE", "ORG-LVB-HAAGLANDEN", "ORG-LVB-HOLLAND-RIJNLAND")] == [
        "fresh", "fresh", "stale", "never"]


def test_the_demo_loads_neighbours_regions_and_served_municipalities(
        kaart: tuple[Path, Any], store: Store) -> None:
    folder, _ = kaart
    load_folder(store, folder)
    assert store.read("MATCH ()-[r:NEIGHBOURS]->() RETURN count(r) AS n") == [{"n": 75}]
    assert store.read("MATCH (w:Wijk {name: 'Meerzicht'})-[:NEIGHBOURS]-(n:Wijk) RETURN n.name AS name") == [
        {"name": "Oosterheem"}]
    assert store.read(
        "MATCH (w:Wijk {code: 'WK063701'})-[:IN_MUNICIPALITY]->(m:Municipality) "
        "MATCH (o:Organisation)-[:OFFERS]->(:Expertise {code: 'LVB'}) "
        "WHERE EXISTS { (o)-[:SERVES_MUNICIPALITY]->(:Municipality {region: m.region}) } "
        "RETURN o.id AS id, o.phone IS NOT NULL AS phone, toString(o.last_verified) AS verified ORDER BY id") == [
        {"id": "ORG-LVB-HAAGLANDEN", "phone": True, "verified": "2025-03-14"},
        {"id": "ORG-MEE", "phone": True, "verified": "2026-06-02"},
    ]
