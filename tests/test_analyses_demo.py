"""Every analysis on the demo data, at the manifest's reference date, against its planted cases.

The demo is generated (default seed) and loaded through the real importers once for this module. Each test
compares what an analysis returns with what the manifest lists (the planted cases and the ``expected`` answers of
importers/demo/checks.py); where the manifest says nothing (shared households, demand, contacts, ecograms) the
answer is worked out here from the demo's input files, independently of the Cypher.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from graph import schema
from graph.model import DOMAIN_CALLS_FOR, ZRM_NEED_THRESHOLD
from graph.store import Store
from importers.demo import DEFAULT_SEED, generate_demo
from importers.demo.checks import active, read_households, read_kaart
from importers.demo.load import load_folder
from queries import by_wijk, pages
from queries.analyses import GAP_KINDS, run
from tests.conftest import wipe
from viz import partner_map

SIGNALLER = {"huisarts": "huisarts", "wijkagent": "wijkagent", "huismeester": "woningcorporatie",
             "intern begeleider": "school"}  # checks.py names a signaller by its function, the analysis by its kind
TIER_RANK = {"ring1": 0, "A": 1, "B": 2, "C": 3, "D": 4, "fly_in": 5, "ring3": 6}


@dataclass
class Demo:
    store: Store
    manifest: dict[str, Any]
    kaart: dict[str, list[dict[str, str]]]
    households: dict[str, dict[str, Any]]
    on: date

    def planted(self, kind: str) -> list[dict[str, Any]]:
        return [case for case in self.manifest["planted"] if case["kind"] == kind]

    @property
    def expected(self) -> dict[str, Any]:
        return self.manifest["expected"]

    def name(self, pid: str) -> str:
        return next(row["name"] for row in self.kaart["professionals"] if row["id"] == pid)

    def person(self, pid: str) -> str:
        return f"{self.name(pid)} ({pid})"

    def people(self, ids: set[str] | list[str]) -> list[str]:
        """"name (id)" in the analyses' order: by name, then id."""
        return [self.person(pid) for pid in sorted(set(ids), key=lambda pid: (self.name(pid), pid))]

    def wijk_of(self, household: str) -> str:
        return self.households[household]["wijk"]

    def municipality_of(self, wijk: str) -> str:
        return next(row["municipality_code"] for row in self.kaart["wijken"] if row["code"] == wijk)

    def teams_serving(self, wijk: str) -> list[str]:
        return [row["id"] for row in self.kaart["teams"] if wijk in row["wijk_codes"].split(";")]

    def ring1(self, wijk: str) -> set[str]:
        teams = self.teams_serving(wijk)
        return {row["professional_id"] for row in self.kaart["memberships"]
                if row["team_id"] in teams and active(row, self.on)}

    def helpers(self, household: str) -> list[dict[str, Any]]:
        return [i for i in self.households[household]["involvements"] if active(i, self.on)]


@pytest.fixture(scope="module")
def demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    # One load for the module; the per-test `store` fixture (which wipes) is not used here. Other modules' tests
    # take `store`, which wipes again first.
    folder: Path = tmp_path_factory.mktemp("demo-analyses")
    manifest = generate_demo(folder, DEFAULT_SEED)
    wipe(session_store)
    schema.apply(session_store)
    load_folder(session_store, folder)
    households = {h["id"]: h for h in read_households([folder / "households.json"])}
    yield Demo(session_store, manifest, read_kaart(folder / "kaart"), households,
               date.fromisoformat(manifest["reference_date"]))
    wipe(session_store)


def analyse(demo: Demo, name: str, **params: Any) -> list[dict[str, Any]]:
    return run(demo.store, name, **params)


# --- missing expertise ---------------------------------------------------------------------------------


def demand(demo: Demo, wijk: str, expertise: str) -> int:
    """Households of the wijk with an active need, or a low score in a domain calling for it in the latest ZRM."""
    count = 0
    for household in demo.households.values():
        if household["wijk"] != wijk:
            continue
        needs = any(n["expertise"] == expertise and active(n, demo.on) for n in household["needs"])
        assessments = [z for z in household["zrm"] if date.fromisoformat(z["date"]) <= demo.on]
        latest = max(assessments, key=lambda z: z["date"]) if assessments else {"scores": {}}
        low = any(score <= ZRM_NEED_THRESHOLD and DOMAIN_CALLS_FOR.get(domain) == expertise
                  for domain, score in latest["scores"].items())
        count += needs or low
    return count


def test_missing_expertise_is_the_coverage_table_and_the_planted_gaps(demo: Demo) -> None:
    rows = analyse(demo, "missing_expertise", on=demo.on)
    assert len(rows) == len(demo.expected["coverage"]) == 90
    assert {(r["wijk"], r["expertise"]): r["coverage"] for r in rows} == {
        (r["wijk"], r["expertise"]): r["coverage"] for r in demo.expected["coverage"]}
    assert {(r["wijk"], r["expertise"]) for r in rows if r["coverage"] == "missing"} == {
        (c["wijk"], c["expertise"]) for c in demo.planted("missing_expertise")}
    assert {(c["wijk"], c["expertise"]) for c in demo.planted("fly_in_only")} <= {
        (r["wijk"], r["expertise"]) for r in rows if r["coverage"] == "fly_in"}
    assert [(r["wijk"], r["expertise"], r["demand"]) for r in rows] == [
        (r["wijk"], r["expertise"], demand(demo, r["wijk"], r["expertise"])) for r in rows]
    # Weakest coverage first, then the highest demand: the two planted needs lead.
    assert rows[:3] == [
        {"wijk": "WK054607", "wijk_name": "Roodenburg", "expertise": "GGZ", "coverage": "missing", "demand": 1,
         "evidence": []},
        {"wijk": "WK063701", "wijk_name": "Meerzicht", "expertise": "LVB", "coverage": "missing", "demand": 1,
         "evidence": []},
        {"wijk": "WK063702", "wijk_name": "Oosterheem", "expertise": "LVB", "coverage": "missing", "demand": 0,
         "evidence": []},
    ]
    meerzicht = next(r for r in rows if (r["wijk"], r["expertise"]) == ("WK063701", "GGZ"))
    assert meerzicht["coverage"] == "fly_in" and meerzicht["evidence"][0] == "agreement AG-ZTM-0001 with Parnassia"


# --- gaps ---------------------------------------------------------------------------------------------


def contact_wijken(demo: Demo, label: str, key: str) -> set[str]:
    """The wijken a contact is listed in: work in the wijk or (group D) its municipality, ring 1, or ring 3."""
    if label == "CivilPartner":
        return set(next(r["wijk_codes"] for r in demo.kaart["civil_partners"] if r["id"] == key).split(";"))
    wijken = {r["code"] for r in demo.kaart["wijken"]}
    found = set()
    for row in demo.kaart["wijk_work"]:
        if row["professional_id"] == key and active(row, demo.on):
            found |= {row["wijk_code"]} if row["wijk_code"] else {
                w for w in wijken if row["group"] == "D" and demo.municipality_of(w) == row["municipality_code"]}
    return found | {w for w in wijken if key in demo.ring1(w)}


def test_gaps_are_exactly_the_planted_ones(demo: Demo) -> None:
    rows = analyse(demo, "gaps", on=demo.on)
    expected = demo.expected
    names = {row["id"]: row["name"] for row in demo.kaart["professionals"] + demo.kaart["civil_partners"]}
    wanted = {(w, "no_team", "no team serves the wijk") for w in expected["wijken_without_team"]}
    wanted |= {(r["wijk"], "empty_group", f"group {r['group']}") for r in expected["empty_groups"]}
    assert expected["municipalities_without_group_d"] == []
    wanted |= {(w, "no_civil_partner", "no ring-3 partner is active in the wijk")
               for w in expected["wijken_without_civil_partner"]}
    wanted |= {(r["wijk"], "missing_signaller", SIGNALLER[f]) for r in expected["missing_signallers"]
               for f in r["missing"]}
    wanted |= {(demo.wijk_of(r["household"]), "uncovered_need", f"household {r['household']} needs {r['expertise']}")
               for r in expected["households_uncovered_need"]}
    wanted |= {(demo.wijk_of(r["household"]), "no_coordinator",
                f"household {r['household']} has {r['active_helpers']} helpers and no coordinator")
               for r in expected["households_without_coordinator"]}
    stale = {(c["label"], c["id"]): c["last_verified"] for c in demo.planted("stale_contact")}
    assert sorted(stale) == [(r["label"], r["id"]) for r in expected["stale_contacts"]]
    wanted |= {(w, "stale_contact", f"{names[key]} ({key})") for label, key in stale
               for w in contact_wijken(demo, label, key)}
    assert {(r["wijk"], r["kind"], r["detail"]) for r in rows} == wanted
    assert len(rows) == len(wanted) == 11
    assert {r["kind"] for r in rows} == set(GAP_KINDS)  # every kind of gap is planted once or more
    assert {(r["detail"], tuple(r["evidence"])) for r in rows if r["kind"] == "stale_contact"} == {
        (f"{names[key]} ({key})", (f"last verified {day}",)) for (_, key), day in stale.items()}
    assert [row for row in rows if row["household"] is None] == [
        row for row in rows if row["kind"] not in ("uncovered_need", "no_coordinator")]
    for row in rows:
        if row["kind"] in ("uncovered_need", "no_coordinator"):
            household = row["detail"].split()[1]
            assert row["household"] == household
            assert row["evidence"] == sorted(demo.person(pid) for pid in {i["professional"]
                                                                           for i in demo.helpers(household)})


# --- duplicate helpers and records --------------------------------------------------------------------


def test_overlapping_helpers_are_the_planted_households(demo: Demo) -> None:
    rows = analyse(demo, "overlapping_helpers", on=demo.on)
    organisation = {r["id"]: r["organisation_id"] for r in demo.kaart["professionals"]}
    organisation_name = {r["id"]: r["name"] for r in demo.kaart["organisations"]}
    expected = []
    for case in demo.expected["households_overlapping_helpers"]:
        household, domain, ids = case["household"], case["life_domain"], case["professionals"]
        starts = [min(i["since"] for i in demo.helpers(household)
                      if i["professional"] == pid and i["life_domain"] == domain) for pid in ids]
        expected.append({
            "wijk": demo.wijk_of(household), "household": household, "life_domain": domain, "helpers": len(ids),
            "professionals": demo.people(ids),
            "organisations": sorted({organisation_name[organisation[pid]] for pid in ids}),
            "overlap_since": max(starts),
        })
    assert rows == sorted(expected, key=lambda r: (r["wijk"], -r["helpers"], r["household"], r["life_domain"]))
    assert {(r["household"], r["life_domain"]) for r in rows} == {
        (c["household"], c["life_domain"]) for c in demo.planted("household_overlapping_helpers")}


def test_too_many_helpers_is_the_planted_household(demo: Demo) -> None:
    [case] = demo.planted("household_too_many_helpers")
    household = case["household"]
    assert analyse(demo, "too_many_helpers", on=demo.on) == [{
        "wijk": demo.wijk_of(household), "household": household, "helpers": case["active_helpers"],
        "professionals": demo.people([i["professional"] for i in demo.helpers(household)]),
        "life_domains": sorted({i["life_domain"] for i in demo.helpers(household)}),
    }]
    assert [r["household"] for r in demo.expected["households_too_many_helpers"]] == [household]


def test_multiple_coordinators_is_the_planted_household(demo: Demo) -> None:
    [case] = demo.planted("household_multiple_coordinators")
    [expected] = demo.expected["households_multiple_coordinators"]
    assert expected["household"] == case["household"]
    assert analyse(demo, "multiple_coordinators", on=demo.on) == [{
        "wijk": demo.wijk_of(case["household"]), "household": case["household"], "coordinators": 2,
        "professionals": demo.people(expected["coordinators"]),
    }]


def test_shared_households_follow_from_the_files(demo: Demo) -> None:
    # The manifest plants nothing here; the pairs follow from who helps which household at the reference date.
    organisation = {r["id"]: r["organisation_id"] for r in demo.kaart["professionals"]}
    names = {r["id"]: r["name"] for r in demo.kaart["organisations"]}
    shared: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for key, household in sorted(demo.households.items()):
        organisations = sorted({organisation[i["professional"]] for i in demo.helpers(key)})
        for a, b in combinations(organisations, 2):
            shared[household["wijk"], a, b].append(key)
    expected = sorted(
        ({"wijk": wijk, "organisation_a": names[a], "organisation_b": names[b], "shared": len(keys),
          "households": keys} for (wijk, a, b), keys in shared.items() if len(keys) >= 2),
        key=lambda r: (r["wijk"], -r["shared"], r["organisation_a"], r["organisation_b"]))
    rows = analyse(demo, "shared_households", on=demo.on)
    assert rows == expected
    assert len(rows) == 74
    assert analyse(demo, "shared_households", on=demo.on, min_shared=4) == [r for r in expected if r["shared"] >= 4]


def test_duplicate_professionals_is_the_planted_double_registration(demo: Demo) -> None:
    [case] = demo.planted("duplicate_professional")
    assert demo.expected["duplicate_professionals"] == [case["ids"]]
    one, other = case["ids"]
    assert analyse(demo, "duplicate_professionals") == [{
        "professional_a": one, "name_a": demo.name(one), "professional_b": other, "name_b": demo.name(other),
        "organisations_a": ["Kwadraad"], "organisations_b": ["Kwadraad"],
        "reasons": ["same_name_and_organisation", "same_email", "same_phone"],
    }]
    assert (demo.name(one), demo.name(other)) == ("Liv de Groot", "drs. LIV de Groot")


# --- contacts -----------------------------------------------------------------------------------------


def expected_contacts(demo: Demo, wijk: str) -> list[tuple[str, str]]:
    """(tier, id) of every contact of the wijk in the documented order: tier, name, id."""
    names = {r["id"]: r["name"] for r in demo.kaart["professionals"] + demo.kaart["civil_partners"]
             + demo.kaart["organisations"]}
    found = {("ring1", pid) for pid in demo.ring1(wijk)}
    for row in demo.kaart["wijk_work"]:
        if not active(row, demo.on):
            continue
        if row["wijk_code"] == wijk:
            found.add((row["group"], row["professional_id"]))
        elif row["group"] == "D" and row["municipality_code"] == demo.municipality_of(wijk):
            found.add(("D", row["professional_id"]))
    found |= {("fly_in", r["organisation_id"]) for r in demo.kaart["agreements"]
              if r["team_id"] in demo.teams_serving(wijk) and r["status"] == "active" and active(r, demo.on)}
    found |= {("ring3", r["id"]) for r in demo.kaart["civil_partners"] if wijk in r["wijk_codes"].split(";")}
    return sorted(found, key=lambda c: (TIER_RANK[c[0]], names[c[1]], c[1]))


@pytest.mark.parametrize("wijk", ["WK063701", "WK063702", "WK054609"])
def test_contacts_of_a_wijk_in_tier_order(demo: Demo, wijk: str) -> None:
    rows = analyse(demo, "contacts", wijk=[wijk], on=demo.on)
    assert [(r["tier"], r["id"]) for r in rows] == expected_contacts(demo, wijk)
    tiers = [r["tier"] for r in rows]
    assert tiers == sorted(tiers, key=TIER_RANK.__getitem__)
    if wijk == "WK054609":  # no team: no ring 1 and no fly-in
        assert not {"ring1", "fly_in"} & set(tiers)
    else:
        assert tiers[0] == "ring1" and {"ring1", "A", "B", "C", "D", "fly_in", "ring3"} == set(tiers)


def test_contacts_for_ggz_in_zoetermeer_end_with_the_fly_in_partner(demo: Demo) -> None:
    rows = analyse(demo, "contacts", wijk=["WK063701"], on=demo.on, expertise="GGZ")
    assert [(r["tier"], r["id"], r["name"], r["function"], r["expertise"]) for r in rows] == [
        ("D", "P-ZTM-0024", "Ivy Henric van den Nuwenhuse", "ggz-behandelaar", ["GGZ"]),
        ("fly_in", "ORG-PARNASSIA", "Parnassia", "GGZ invliegen", ["GGZ"]),
    ]
    # Ring 1 of the Zoetermeer teams has no GGZ, the planted fly-in case; LVB reaches nobody at all.
    assert analyse(demo, "contacts", wijk=["WK063701"], on=demo.on, expertise="LVB") == []


def test_stale_contacts_show_their_old_last_verified(demo: Demo) -> None:
    for case in demo.planted("stale_contact"):
        for wijk in contact_wijken(demo, case["label"], case["id"]):
            rows = [r for r in analyse(demo, "contacts", wijk=[wijk], on=demo.on) if r["id"] == case["id"]]
            assert [r["last_verified"] for r in rows] == [case["last_verified"]], (wijk, case["id"])


# --- network ------------------------------------------------------------------------------------------


def test_isolated_partners_are_the_planted_ones(demo: Demo) -> None:
    rows = analyse(demo, "isolated_partners", on=demo.on)
    found = [(r["wijk"], "CivilPartner" if r["kind"] == "civil" else "Professional", r["id"]) for r in rows]
    assert sorted(found) == sorted((r["wijk"], r["label"], r["id"]) for r in demo.expected["isolated_partners"])
    assert sorted(found) == sorted((c["wijk"], c["label"], c["id"]) for c in demo.planted("isolated_partner"))
    assert ("WK039207", "Professional", "P-HLM-0109") in found
    assert [r["ties"] for r in rows if r["id"] == "P-HLM-0109"] == [0]
    per_wijk: dict[str, int] = defaultdict(int)
    for wijk, _, _ in found:
        per_wijk[wijk] += 1
    summary = analyse(demo, "network_summary", on=demo.on)
    assert len(summary) == 45
    assert {r["wijk"]: r["isolated_partners"] for r in summary if r["isolated_partners"]} == per_wijk
    # The wijk without a team: ring 2 and 3 only, nobody tied to a team.
    [no_team] = [r for r in summary if r["wijk"] == "WK054609"]
    assert no_team["nodes"] == no_team["isolated_partners"] == 13


# --- ecograms -----------------------------------------------------------------------------------------


def changed_household(demo: Demo) -> dict[str, Any]:
    """The first household with two snapshots before the reference date whose informal ties changed."""
    for key in demo.expected["households_with_two_ecograms"]:
        first, second = demo.households[key]["ecograms"][:2]
        refs = [{t["ref"] for t in e["ties"] if t["kind"] in ("informal", "civil")} for e in (first, second)]
        if refs[0] != refs[1] and date.fromisoformat(second["date"]) <= demo.on:
            return demo.households[key]
    raise AssertionError("the demo has no household whose informal network changed")


def test_ecogram_at_the_reference_date_is_the_latest_snapshot(demo: Demo) -> None:
    household = changed_household(demo)
    latest = household["ecograms"][-1]
    rows = analyse(demo, "ecogram", household=household["id"], on=demo.on)
    assert {(r["ecogram"], r["date"]) for r in rows} == {(latest["id"], latest["date"])}
    assert sorted((r["kind"], r["ref"], r["quality"], r["direction"]) for r in rows) == sorted(
        (t["kind"], t["ref"], t["quality"], t["direction"]) for t in latest["ties"])
    first = household["ecograms"][0]
    assert {r["ecogram"] for r in analyse(demo, "ecogram", household=household["id"], on=first["date"])} == {
        first["id"]}


def test_ecogram_change_between_the_two_snapshots(demo: Demo) -> None:
    household = changed_household(demo)
    first, second = household["ecograms"][:2]
    labels = {c["id"]: c["alias"] for c in household["informal_contacts"]}
    labels |= {r["id"]: r["name"] for r in demo.kaart["civil_partners"]}

    def informal(ecogram: dict[str, Any]) -> set[str]:
        return {f"{labels[t['ref']]} ({t['ref']})" for t in ecogram["ties"] if t["kind"] in ("informal", "civil")}

    def count(ecogram: dict[str, Any], quality: str) -> int:
        return sum(t["quality"] == quality for t in ecogram["ties"] if t["kind"] != "member")

    def formal_share(ecogram: dict[str, Any]) -> float:
        ties = [t for t in ecogram["ties"] if t["kind"] != "member"]
        return math.floor(sum(t["kind"] == "professional" for t in ties) / len(ties) * 100 + 0.5) / 100

    rows = analyse(demo, "ecogram_change", household=household["id"], **{"from": first["date"], "to": demo.on})
    assert rows == [{
        "household": household["id"], "from_ecogram": first["id"], "from_date": first["date"],
        "to_ecogram": second["id"], "to_date": second["date"],
        "informal_gained": sorted(informal(second) - informal(first)),
        "informal_lost": sorted(informal(first) - informal(second)),
        "strong_from": count(first, "strong"), "strong_to": count(second, "strong"),
        "stressful_from": count(first, "stressful"), "stressful_to": count(second, "stressful"),
        "formal_share_from": formal_share(first), "formal_share_to": formal_share(second),
    }]
    assert rows[0]["informal_gained"] or rows[0]["informal_lost"]


PER_WIJK_ANALYSES = ["missing_expertise", "gaps", "overlapping_helpers", "too_many_helpers", "multiple_coordinators",
                     "shared_households", "contacts", "network_summary", "isolated_partners", "brokers",
                     "bridging_organisations"]


@pytest.mark.parametrize("name", PER_WIJK_ANALYSES)
def test_all_wijken_in_parallel_chunks_give_the_single_query_answer(
        demo: Demo, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = run(demo.store, name, on=demo.on)
    monkeypatch.setattr(by_wijk, "CHUNK", 4)  # the demo's 45 wijken in 12 chunks, read 2 at a time
    monkeypatch.setattr(by_wijk, "READERS", 2)
    calls: list[Any] = []
    read = demo.store.read
    monkeypatch.setattr(demo.store, "read", lambda query, params=None: calls.append(params) or read(query, params))
    chunked = run(demo.store, name, on=demo.on)
    assert sum(1 for params in calls if params and params.get("wijken")) == 12
    assert chunked == whole
    assert whole  # every analysis finds something in the demo, so the comparison is not of two empty lists


def test_a_list_of_wijken_is_one_query_in_the_files_order(demo: Demo) -> None:
    both = run(demo.store, "contacts", wijk=["WK063702", "WK063701"], on=demo.on)
    assert [row["wijk"] for row in both] == sorted(row["wijk"] for row in both)
    assert both == run(demo.store, "contacts", wijk=["WK063701"], on=demo.on) + run(
        demo.store, "contacts", wijk=["WK063702"], on=demo.on)


@pytest.mark.parametrize("wijk", ["WK063701", "WK063702", "WK054609"])
def test_ring_counts_without_drawing_equal_the_drawn_maps(demo: Demo, wijk: str) -> None:
    data = pages.partner_map(demo.store, wijk, demo.on)
    counts = partner_map.ring_counts(data)
    assert counts == partner_map.network_json(data)["counts"]
    assert sum(counts.values()) > 0  # so the comparison is not of two empty counts
    assert pages.partner_map(demo.store, wijk, demo.on, knows=False) == {**data, "knows": []}
