"""The demo closer to the seeds (issue 17, item 7), checked on the generated files and the loaded demo: Zoetermeer's
fourth role, Haarlem's poor LVB reach, Duindorp's two teams, Leiden's JGTs of the CJG, valid Dutch phone numbers, the
demo coordinator's wijken holding a planted case of each kind, and the planted dubbele petten (dual_roles) as the
analysis and the wijk overview find them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from demo_world import Demo, analyse, contact_wijken, load_demo
from web_support import client_for

from api import auth
from graph.normalise import normalise_phone
from importers.hsds_phones import e164


@pytest.fixture(scope="module")
def demo(session_store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:  # type: ignore[no-untyped-def]
    yield from load_demo(session_store, tmp_path_factory)


def wijk_code(demo: Demo, municipality: str, name: str) -> str:
    return next(r["code"] for r in demo.kaart["wijken"] if r["municipality_code"] == municipality and r["name"] == name)


def test_zoetermeers_fourth_role_is_the_medewerker_werk_zorg_en_inkomen(demo: Demo) -> None:
    # seed-001 L54-56 and Tabel 1 (L58-74): wijkcoach, wijkverpleegkundige, Bureau Jeugdzorg, medewerker WZI.
    teams = [r["id"] for r in demo.kaart["teams"] if r["municipality_code"] == "GM0637"]
    pros = {r["id"]: r for r in demo.kaart["professionals"]}
    roles = sorted((r["team_id"], r["team_role"], pros[r["professional_id"]]["function"])
                   for r in demo.kaart["memberships"] if r["team_id"] in teams)
    coordinator = "coördinator sociale wijkteams"
    assert roles == [
        ("T-ZTM-01", "coördinator", coordinator), ("T-ZTM-01", "medewerker Werk, Zorg en Inkomen",
                                                  "medewerker Werk, Zorg en Inkomen"),
        ("T-ZTM-01", "medewerker mixed team Bureau Jeugdzorg", "medewerker mixed team Bureau Jeugdzorg"),
        ("T-ZTM-01", "wijkcoach", "wijkcoach"), ("T-ZTM-01", "wijkverpleegkundige", "wijkverpleegkundige"),
        ("T-ZTM-02", "coördinator", coordinator), ("T-ZTM-02", "gezinsconsulent Bureau Jeugdzorg",
                                                  "gezinsconsulent Bureau Jeugdzorg"),
        ("T-ZTM-02", "medewerker Werk, Zorg en Inkomen", "medewerker Werk, Zorg en Inkomen"),
        ("T-ZTM-02", "wijkcoach", "wijkcoach"), ("T-ZTM-02", "wijkverpleegkundige", "wijkverpleegkundige")]
    assert not [p for p in pros.values() if p["id"].startswith("P-ZTM-") and p["function"] == "schuldhulpverlener"]


def test_haarlems_lvb_reach_is_poor(demo: Demo) -> None:
    # 003:L1449-1459: LVB residents are not yet reached well; apart from MEE no LVB professional in the SWTs.
    haarlem = [r["code"] for r in demo.kaart["wijken"] if r["municipality_code"] == "GM0392"]
    rows = analyse(demo, "missing_expertise", wijk=haarlem, expertise=["LVB"], on=demo.on)
    assert {r["wijk_name"]: r["coverage"] for r in rows} == {
        "Schalkwijk Boerhaavewijk": "in_team", "Haarlem-Oost": "in_team",
        "Schalkwijk Meerwijk": "fly_in", "Schalkwijk Molenwijk": "fly_in", "Slachthuisbuurt": "fly_in",
        "Centrum": "fly_in",
        "Noord": "missing", "Zuid-West": "missing", "Haarlemmerhoutkwartier": "missing",
        "Schalkwijk Europawijk": "missing"}
    agreements = {(r["team_id"], r["organisation_id"], r["expertise"], r["status"])
                  for r in demo.kaart["agreements"] if r["team_id"].startswith("T-HLM-")}
    fly_in = {"Schalkwijk Meerwijk", "Schalkwijk Molenwijk", "Slachthuisbuurt", "Centrum"}
    assert agreements == {(t["id"], "ORG-MEE-DE-WERING", "LVB", "active") for t in demo.kaart["teams"]
                          if t["name"].removeprefix("Sociaal wijkteam ") in fly_in and t["id"].startswith("T-HLM-")}


def test_duindorp_is_served_by_two_teams(demo: Demo) -> None:
    # seed-000 L3191 and L3246: Duindorp is in rows 7 and 12 of the roll-out table.
    duindorp = wijk_code(demo, "GM0518", "Duindorp")
    rows = demo.store.read("MATCH (t:Team)-[:SERVES]->(:Wijk {code: $code}) RETURN t.name AS name ORDER BY name",
                           {"code": duindorp})
    assert [r["name"] for r in rows] == [
        "Sociaal wijkzorgteam Oostduinen / Belgisch Park / Westbroekpark / Duttendel / Scheveningse Bos / Geuzen- en "
        "Statenkwartier", "Sociaal wijkzorgteam Scheveningen / Duindorp"]
    assert wijk_code(demo, "GM0518", "Scheveningen") != duindorp
    admin = client_for(demo.store, auth.add_user(demo.store, "seeds-admin", "admin", replace=True))
    overview = admin.get(f"/wijken/{duindorp}.json", params={"on": demo.on.isoformat()}).json()
    assert [t["id"] for t in overview["teams"]] == ["T-DHG-12", "T-DHG-07"]


def test_leiden_pairs_its_wijkteams_with_the_jgts_of_the_cjg(demo: Demo) -> None:
    # seed-004 L1167-1186: six JGTs of the CJG, each for a (combination of) wijken; none named for Boerhaave en Station.
    names = {r["code"]: r["name"] for r in demo.kaart["wijken"]}
    teams = {}
    for team in demo.kaart["teams"]:
        if team["municipality_code"] == "GM0546":
            for code in team["wijk_codes"].split(";"):
                teams.setdefault(names[code], []).append((team["kind"], team["name"]))
    assert teams == {
        "Boerhaave en Station": [("wijkteam", "Sociaal wijkteam Boerhaave en Station")],
        "Bos- en Gasthuis": [("wijkteam", "Sociaal wijkteam Bos- en Gasthuis"),
                             ("jgt", "Jeugd- en gezinsteam Bos en Gasthuizen (CJG Zuid)")],
        "Leiden Noord": [("wijkteam", "Sociaal wijkteam Leiden Noord"),
                         ("jgt", "Jeugd- en gezinsteam Leiden Noord (CJG Noord)")],
        "Merenwijk": [("wijkteam", "Sociaal wijkteam Merenwijk"),
                      ("jgt", "Jeugd- en gezinsteam Merenwijk (CJG Noord)")],
        "Mors": [("wijkteam", "Sociaal wijkteam Mors"), ("jgt", "Jeugd- en gezinsteam Stevenshof en Mors (CJG West)")],
        "Binnenstad-Noord": [("wijkteam", "Sociaal wijkteam Binnenstad-Noord"),
                             ("jgt", "Jeugd- en gezinsteam Binnenstad (CJG Midden)")],
        "Roodenburg": [("wijkteam", "Sociaal wijkteam Roodenburg"),
                       ("jgt", "Jeugd- en gezinsteam Roodenburg (CJG Midden)")],
        "Stevenshof": [("wijkteam", "Sociaal wijkteam Stevenshof"),
                       ("jgt", "Jeugd- en gezinsteam Stevenshof en Mors (CJG West)")],
    }
    # Each JGT's people come from the CJG and know the teamcoach of the SWT they are paired with, in the graph.
    rows = demo.store.read(
        "MATCH (j:Team {kind: 'jgt'})<-[:MEMBER_OF]-(p:Professional) "
        "RETURN j.id AS team, collect(DISTINCT [(p)-[:EMPLOYED_BY]->(o) | o.id][0]) AS organisations, "
        "all(w IN [(j)-[:SERVES]->(w) | w] WHERE EXISTS { (p)-[:KNOWS]-(:Professional)-[:MEMBER_OF "
        "{team_role: 'coördinator'}]->(:Team {kind: 'wijkteam'})-[:SERVES]->(w) }) AS paired ORDER BY team")
    assert [(r["team"], r["organisations"], r["paired"]) for r in rows] == [
        (f"T-LEI-{n:02d}", ["ORG-CJG-LEIDEN"], True) for n in range(9, 15)]


def test_every_demo_phone_is_a_valid_dutch_number(demo: Demo) -> None:
    phones = [(sheet, r["id"], r["phone"]) for sheet in ("professionals", "civil_partners", "organisations", "teams")
              for r in demo.kaart[sheet] if r["phone"]]
    assert len(phones) == sum(len(demo.kaart[s]) for s in ("professionals", "civil_partners", "organisations", "teams"))
    bad = [(sheet, key, phone) for sheet, key, phone in phones
           if e164(phone)[0] != "+31" + normalise_phone(phone)[1:] or not normalise_phone(phone).startswith("0")]
    assert bad == []
    # and the people's numbers are their own (the planted double registration shares one on purpose)
    people = [normalise_phone(r["phone"]) for r in demo.kaart["professionals"]]
    [duplicate] = demo.planted("duplicate_professional")
    assert len(people) - len(set(people)) == 1 and len(duplicate["ids"]) == 2


# Planted kinds that lie outside the demo coordinator's wijken by their nature: no team serves the wijk (so no
# coordinator has it), a wijk-level gap the seeds put in no Zoetermeer pilot wijk, the municipality-level placement in
# Den Haag (issue 17), the double registration in Leiden.
OUTSIDE = {"wijk_without_team", "empty_group", "missing_signallers", "wijk_without_civil_partner",
           "duplicate_professional", "placement_choice"}


def case_wijken(demo: Demo, case: dict) -> set[str]:  # type: ignore[type-arg]
    if "household" in case:
        return {demo.wijk_of(case["household"])}
    if case["kind"] == "dual_role":
        return {r["wijk"] for r in demo.expected["dual_roles"] if r["professional"] == case["id"]}
    if case["kind"] in ("contact_stale", "contact_never_verified"):
        return contact_wijken(demo, case["label"], case["id"])
    if case["kind"] == "duplicate_professional":
        return set().union(*(contact_wijken(demo, "Professional", key) for key in case["ids"]))
    if case["kind"] == "placement_choice":
        return set(case["wijken"])
    return {case["wijk"]}


def test_the_demo_coordinators_wijken_hold_a_planted_case_of_each_kind(demo: Demo) -> None:
    token = auth.create_demo_users(demo.store)["coordinator"]
    scope = set(client_for(demo.store, token).get("/me.json").json()["scope"])
    assert scope == {wijk_code(demo, "GM0637", "Meerzicht"), wijk_code(demo, "GM0637", "Oosterheem")}
    kinds = {case["kind"] for case in demo.manifest["planted"]}
    inside = {case["kind"] for case in demo.manifest["planted"] if case_wijken(demo, case) & scope}
    assert inside == kinds - OUTSIDE
    assert kinds >= OUTSIDE
    household_kinds = {kind for kind in kinds if kind.startswith("household_")}
    assert len(household_kinds) == 6 and household_kinds <= inside


# The planted dubbele pet, written out by hand: ring 1 in Meerzicht's team and group A in Oosterheem (seed-001 L50-53).
def test_the_planted_dual_roles_are_what_the_analysis_and_the_wijk_overview_find(demo: Demo) -> None:
    [planted] = [c for c in demo.planted("dual_role") if c["why"].startswith("ring 1 in one wijk")]
    meerzicht, oosterheem = wijk_code(demo, "GM0637", "Meerzicht"), wijk_code(demo, "GM0637", "Oosterheem")
    assert [r for r in demo.expected["dual_roles"] if r["professional"] == planted["id"]] == [
        {"wijk": code, "professional": planted["id"], "role_count": 2, "roles": [
            "ring 1: Sociaal wijkteam Meerzicht (wijkverpleegkundige)", f"group A: Oosterheem ({oosterheem})"]}
        for code in (meerzicht, oosterheem)]
    # every planted dubbele pet, with its reason, and nobody else
    # 12 Den Haag coordinators of two teams, Zoetermeer's of both, its two WZI debt counsellors (ring 1 and group D),
    # the planted one; Haarlem's wijkteamleiders of 4, 3 and 3 teams.
    assert sorted(c["role_count"] for c in demo.planted("dual_role")) == [2] * 16 + [3, 3, 4]
    assert {c["id"] for c in demo.planted("dual_role")} == {r["professional"] for r in demo.expected["dual_roles"]}
    rows = analyse(demo, "dual_roles", on=demo.on)
    assert [{k: r[k] for k in ("wijk", "professional", "role_count", "roles")} for r in rows] == demo.expected[
        "dual_roles"]
    admin = client_for(demo.store, auth.add_user(demo.store, "seeds-admin", "admin", replace=True))
    overview = admin.get(f"/wijken/{meerzicht}.json", params={"on": demo.on.isoformat()}).json()
    assert [(r["professional"], r["role_count"]) for r in overview["dual_roles"]] == [
        (r["professional"], r["role_count"]) for r in demo.expected["dual_roles"] if r["wijk"] == meerzicht]
    mine = next(r for r in overview["dual_roles"] if r["professional"] == planted["id"])
    assert mine["roles"] == [
        {"kind": "team", "code": "T-ZTM-01", "name": "Sociaal wijkteam Meerzicht", "group": "A",
         "team_role": "wijkverpleegkundige"},
        {"kind": "wijk", "code": oosterheem, "name": "Oosterheem", "group": "A", "team_role": None}]
