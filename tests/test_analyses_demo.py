"""The analyses of households and the sociale kaart on the demo data, at the manifest's reference date, against
its planted cases: missing expertise, gaps, duplicate helpers and records, and which columns name households.

The demo is generated (default seed) and loaded through the real importers once for this module (tests/demo_world).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import combinations
from typing import Any

import pytest

from graph.model import DOMAIN_CALLS_FOR, ZRM_NEED_THRESHOLD
from graph.store import Store
from importers.demo.checks import active
from queries.analyses import ANALYSES, GAP_KINDS
from tests.demo_world import SIGNALLER, Demo, analyse, contact_wijken, load_demo


@pytest.fixture(scope="module")
def demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    yield from load_demo(session_store, tmp_path_factory)


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
    assert len(rows) == len(demo.expected["coverage"]) == 92  # 46 wijken (Duindorp one of its own) x GGZ, LVB
    assert {(r["wijk"], r["expertise"]): r["coverage"] for r in rows} == {
        (r["wijk"], r["expertise"]): r["coverage"] for r in demo.expected["coverage"]}
    assert {(r["wijk"], r["expertise"]) for r in rows if r["coverage"] == "missing"} == {
        (c["wijk"], c["expertise"]) for c in demo.planted("missing_expertise")}
    # Only by fly-in: Meerzicht's GGZ is thin besides (its hours do not carry its demand: tests/test_capacity_demo.py).
    assert {(c["wijk"], c["expertise"]) for c in demo.planted("fly_in_only")} <= {
        (r["wijk"], r["expertise"]) for r in rows if r["coverage"] in ("fly_in", "thin")}
    assert [(r["wijk"], r["expertise"], r["demand"]) for r in rows] == [
        (r["wijk"], r["expertise"], demand(demo, r["wijk"], r["expertise"])) for r in rows]
    # Weakest coverage first, then the highest demand: the two planted needs lead, then Haarlem's LVB gaps.
    assert rows[:3] == [
        {"wijk": "WK054607", "wijk_name": "Roodenburg", "expertise": "GGZ", "coverage": "missing", "demand": 1,
         "evidence": [], "capacity": None},
        {"wijk": "WK063701", "wijk_name": "Meerzicht", "expertise": "LVB", "coverage": "missing", "demand": 1,
         "evidence": [], "capacity": None},
        {"wijk": "WK039207", "wijk_name": "Noord", "expertise": "LVB", "coverage": "missing", "demand": 0,
         "evidence": [], "capacity": None},
    ]
    meerzicht = next(r for r in rows if (r["wijk"], r["expertise"]) == ("WK063701", "GGZ"))
    assert meerzicht["coverage"] == "thin" and meerzicht["evidence"][0] == "agreement AG-ZTM-0001 with Parnassia"


# --- gaps ---------------------------------------------------------------------------------------------


def test_gaps_are_exactly_the_planted_ones(demo: Demo) -> None:
    rows = analyse(demo, "gaps", on=demo.on)
    expected = demo.expected
    names = {row["id"]: row["name"] for row in
             demo.kaart["professionals"] + demo.kaart["civil_partners"] + demo.kaart["organisations"]}
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
    stale = {(c["label"], c["id"]): c["last_verified"] for c in demo.planted("contact_stale")}
    never = {(c["label"], c["id"]) for c in demo.planted("contact_never_verified")}
    assert sorted(stale) == [(r["label"], r["id"]) for r in expected["stale_contacts"]]
    assert sorted(never) == [(r["label"], r["id"]) for r in expected["never_verified_contacts"]]
    contacts = {("contact_stale", *key) for key in stale} | {("contact_never_verified", *key) for key in never}
    wanted |= {(w, kind, f"{names[key]} ({key})") for kind, label, key in contacts
               for w in contact_wijken(demo, label, key)}
    assert {(r["wijk"], r["kind"], r["detail"]) for r in rows} == wanted
    # 10 planted gaps of other kinds (Oosterheem's household without a coordinator besides Haarlem's), 26 rows of
    # stale contacts and 9 of never-verified ones (the case: the really outdated contacts no longer drown among
    # those never verified): a group-D specialist is a contact of every wijk of the city, an organisation of every wijk
    # of the teams it flies in for (MEE & de Wering: four Haarlem wijken)
    assert len(rows) == len(wanted) == 45
    assert Counter(r["kind"] for r in rows)["contact_stale"] == 26
    assert Counter(r["kind"] for r in rows)["contact_never_verified"] == 9
    assert {r["kind"] for r in rows} == set(GAP_KINDS)  # every kind of gap is planted once or more
    assert {(r["detail"], tuple(r["evidence"])) for r in rows if r["kind"] == "contact_stale"} == {
        (f"{names[key]} ({key})", (f"last verified {day}",))
        for (label, key), day in stale.items() if contact_wijken(demo, label, key)}
    assert {(r["detail"], tuple(r["evidence"])) for r in rows if r["kind"] == "contact_never_verified"} == {
        (f"{names[key]} ({key})", ("never verified",)) for label, key in never if contact_wijken(demo, label, key)}
    # Limited to either kind, the other disappears and everything else stays.
    for limit, dropped in (("stale", "contact_never_verified"), ("never", "contact_stale")):
        assert analyse(demo, "gaps", on=demo.on, verification=limit) == [r for r in rows if r["kind"] != dropped]
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
    # Planted twice: in Den Haag, and in Oosterheem so that the demo coordinator meets one (importers/demo).
    cases = demo.planted("household_too_many_helpers")
    assert analyse(demo, "too_many_helpers", on=demo.on) == sorted(({
        "wijk": demo.wijk_of(case["household"]), "household": case["household"], "helpers": case["active_helpers"],
        "professionals": demo.people([i["professional"] for i in demo.helpers(case["household"])]),
        "life_domains": sorted({i["life_domain"] for i in demo.helpers(case["household"])}),
    } for case in cases), key=lambda r: (-r["helpers"], r["household"]))
    assert [r["household"] for r in demo.expected["households_too_many_helpers"]] == [
        "HH-ZTM-0027", "HH-DHG-0007"] == [c["household"] for c in cases]


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
        key=lambda r: (-r["shared"], r["wijk"], r["organisation_a"], r["organisation_b"]))  # most shared first
    rows = analyse(demo, "shared_households", on=demo.on)
    assert rows == expected
    assert len(rows) == 75
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




# --- which columns name households ------------------------------------------------------------------------------


def household_ids_in(value: Any, known: set[str]) -> set[str]:
    """Every household id in ``value``, also inside text such as "household HH-ZTM-0001 needs GGZ" (but not the
    ids of its members, which start with the household's id)."""
    found = re.findall(r"HH-[\w]+-\d+(?![\w-])", json.dumps(value))
    return {household for household in found if household in known}


def test_every_household_id_an_analysis_shows_is_in_a_declared_household_column(demo: Demo) -> None:
    known = {row["id"] for row in demo.store.read("MATCH (h:Household) RETURN h.id AS id")}
    household = next(h["id"] for h in demo.households.values() if len(h["ecograms"]) >= 2)
    shown_by: dict[str, int] = {}
    for analysis in ANALYSES.values():
        names = {param.name for param in analysis.params}
        params: dict[str, Any] = {"on": demo.on} if "on" in names else {}
        if analysis.limited_by == "household":
            params["household"] = household
        if "from" in names:
            params.update({"from": date(2000, 1, 1), "to": demo.on})
        rows = analyse(demo, analysis.name, **params)
        shown = set().union(*(household_ids_in(row, known) for row in rows))
        assert shown == analysis.access.households_in(rows), analysis.name
        assert analysis.access.household_level or not shown, analysis.name
        shown_by[analysis.name] = len(shown)
    # The check compares something: each analysis with household columns names households in the demo.
    assert {name for name, count in shown_by.items() if count} == {
        name for name, analysis in ANALYSES.items() if analysis.access.household_columns}
