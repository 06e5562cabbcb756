"""Demo data: the seed municipalities with invented people, households and planted cases.

``generate_demo(folder, seed)`` writes importer input files (``kaart/*.csv``, ``households.json``) and
``manifest.json``, the machine-readable list of planted cases with the reference answers of the
analyses (:mod:`importers.demo.checks`). Same seed, same bytes.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from importers.demo import advice, capacity, facts, reach
from importers.demo.checks import analyse
from importers.demo.households import HouseholdFactory, Plan, planted_households
from importers.demo.kaart import Kaart, KaartBuilder
from importers.demo.people import People
from importers.inputfiles import HouseholdsWriter, KaartWriter

DEFAULT_SEED = 2026
REFERENCE_DATE = date(2026, 11, 1)  # "today" for the analyses of the demo: what is active, what is stale
KAART_FOLDER = "kaart"
HOUSEHOLDS_FILE = "households.json"
MANIFEST_FILE = "manifest.json"


class PlantedCaseMismatch(AssertionError):
    """The reference analyses found something other than the planted cases: a bug in the generator."""


def generate_demo(folder: Path, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Write the demo files into ``folder`` and return the manifest."""
    rng = random.Random(seed)
    kaart = KaartBuilder(People(seed), rng).build()
    reach.extend(kaart, seed)
    factory = HouseholdFactory(kaart, rng)
    plans, cases = _plans(kaart, factory)
    households = [factory.make(key, plan) for key, plan in plans]
    handover = advice.plant_handover(kaart, REFERENCE_DATE)  # a KNOWS contact, planted before the kaart is written
    folder.mkdir(parents=True, exist_ok=True)
    counts = _write_kaart(kaart, folder / KAART_FOLDER)
    capacity.write(folder / KAART_FOLDER, REFERENCE_DATE)  # hours per week and the planted thin coverage
    with HouseholdsWriter(folder / HOUSEHOLDS_FILE) as writer:
        for household in households:
            writer.add(household)
    counts["households"] = writer.count
    expected = analyse(folder / KAART_FOLDER, [folder / HOUSEHOLDS_FILE], REFERENCE_DATE)
    thin = capacity.refine(expected, folder / KAART_FOLDER, [folder / HOUSEHOLDS_FILE], REFERENCE_DATE)
    planted = _planted(kaart, cases, expected) + thin
    planted += [advice.placement_case(kaart, households, expected, REFERENCE_DATE), handover]
    manifest = {
        "generator": "wijkgraph demo", "seed": seed, "reference_date": REFERENCE_DATE.isoformat(),
        "files": {"kaart": KAART_FOLDER, "households": [HOUSEHOLDS_FILE]},
        "counts": counts, "planted": planted, "expected": expected,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def _plans(kaart: Kaart, factory: HouseholdFactory) -> tuple[list[tuple[str, Plan]], list[tuple[str, dict[str, Any]]]]:
    planted = planted_households(factory)
    plans: list[tuple[str, Plan]] = []
    cases: list[tuple[str, dict[str, Any]]] = []
    numbers: dict[str, int] = {}

    def key(short: str) -> str:
        numbers[short] = numbers.get(short, 0) + 1
        return f"HH-{short}-{numbers[short]:04d}"

    for code, wijk in kaart.wijken.items():
        short = wijk.municipality.short
        wanted = facts.ZOETERMEER_CASES.get(wijk.name, facts.HOUSEHOLDS_PER_WIJK) if short == "ZTM" \
            else facts.HOUSEHOLDS_PER_WIJK
        mine = [(plan, case) for s, plan, case in planted if plan.wijk == code]
        for plan, case in mine:
            household_key = key(short)
            plans.append((household_key, plan))
            cases.append((household_key, case))
        plans += [(key(short), factory.healthy(code)) for _ in range(wanted - len(mine))]
    # Every civil partner takes part in an ecogram of its wijk, so ring 3 is tied to the households.
    by_wijk: dict[str, list[Plan]] = {}
    for _, plan in plans:
        by_wijk.setdefault(plan.wijk, []).append(plan)
    for partner_id, partner in kaart.civil_partners.items():
        candidates = [plan for wijk in partner["wijk_codes"] for plan in by_wijk.get(wijk, [])]
        factory.rng.choice(candidates).civil.append(partner_id)
    return plans, cases


def _write_kaart(kaart: Kaart, folder: Path) -> dict[str, int]:
    with KaartWriter(folder) as writer:
        writer.rows("municipalities", ({"code": m.code, "name": m.name, "region": m.region}
                                       for m in kaart.municipalities))
        writer.rows("wijken", ({"code": w.code, "name": w.name, "municipality_code": w.municipality.code}
                               for w in kaart.wijken.values()))
        writer.rows("neighbours", reach.neighbour_rows(kaart))
        writer.rows("organisations", ({k: v for k, v in org.items() if k != "offers"}
                                      for org in kaart.organisations.values()))
        writer.rows("teams", ({
            "id": t.id, "name": t.name, "kind": t.kind, "municipality_code": t.municipality.code,
            "wijk_codes": t.wijken, "phone": _team_phone(t.id),
            "email": f"{t.id.lower()}@{t.municipality.domain}",
        } for t in kaart.teams.values()))
        writer.rows("professionals", ({
            "id": p.id, "name": p.name, "function": p.function, "organisation_id": p.organisation,
            "email": p.email, "phone": p.phone, "last_verified": p.last_verified,
        } for p in kaart.pros.values()))
        writer.rows("memberships", kaart.memberships)
        writer.rows("wijk_work", kaart.wijk_work)
        writer.rows("expertise", ({"professional_id": p.id, "expertise": code}
                                  for p in kaart.pros.values() for code in p.expertise))
        writer.rows("expertise", ({"organisation_id": org_id, "expertise": code}
                                  for org_id, codes in kaart.offers().items() for code in sorted(codes)))
        writer.rows("agreements", kaart.agreements)
        writer.rows("civil_partners", kaart.civil_partners.values())
        writer.rows("contacts", ({"professional_id": one, "knows_professional_id": other}
                                 for one, other in kaart.contacts))
    return dict(writer.counts)


def _team_phone(team_id: str) -> str:
    # Team numbers in a fictional block: 0800 numbers with a 9999 prefix are not handed out [invented].
    return f"0800-9999{sum(ord(c) for c in team_id) % 1000:03d}"


def _planted(kaart: Kaart, cases: list[tuple[str, dict[str, Any]]], expected: dict[str, Any]) -> list[dict[str, Any]]:
    """The planted cases, checked against the reference analyses: they must find these and nothing else."""
    p = kaart.planted
    zoetermeer = [code for code, wijk in kaart.wijken.items() if wijk.municipality.short == "ZTM"]
    haarlem = {code: wijk.name for code, wijk in kaart.wijken.items() if wijk.municipality.short == "HLM"}
    planted: list[dict[str, Any]] = [
        {"kind": "missing_expertise", "wijk": p["ggz_missing"], "expertise": "GGZ", "coverage": "missing",
         "why": "no GGZ in team, network, agreement or city-wide group D (seed-004 L1770-1773)"},
        *({"kind": "missing_expertise", "wijk": code, "expertise": "LVB", "coverage": "missing",
           "why": "LVB missed in the Zoetermeer SWTs; the MEE agreement is only needed (seed-001 L343-350)"}
          for code in zoetermeer),
        *({"kind": "fly_in_only", "wijk": code, "expertise": "GGZ", "coverage": "fly_in",
           "why": "GGZ only through the fly-in agreement and city-wide specialists (seed-001 L346-349)"}
          for code in zoetermeer),
        *({"kind": "missing_expertise", "wijk": code, "expertise": "LVB", "coverage": "missing",
           "why": facts.HAARLEM_LVB_WHY} for code, name in haarlem.items()
          if name not in facts.HAARLEM_LVB_IN_TEAM + facts.HAARLEM_LVB_FLY_IN),
        *({"kind": "fly_in_only", "wijk": code, "expertise": "LVB", "coverage": "fly_in",
           "why": "an LVB agreement with MEE & de Wering, nobody in the team: " + facts.HAARLEM_LVB_WHY}
          for code, name in haarlem.items() if name in facts.HAARLEM_LVB_FLY_IN),
        {"kind": "wijk_without_team", "wijk": p["wijk_without_team"],
         "why": "Binnenstad-Zuid is not among Leiden's 8 SWT areas (seed-004 §2.1)"},
        {"kind": "empty_group", "wijk": p["empty_group_c"], "group": "C", "why": "no signallers in group C"},
        {"kind": "missing_signallers", "wijk": p["empty_group_c"],
         "missing": ["huismeester", "intern begeleider", "wijkagent"],
         "why": "the consequence of the empty group C: no wijkagent, woningcorporatie or school"},
        {"kind": "wijk_without_civil_partner", "wijk": p["no_civil_partner"], "why": "no ring-3 partner"},
        {"kind": "contact_stale", "label": "Professional", "id": p["stale_professional"],
         "last_verified": "2024-09-12", "why": "verified more than a year before the reference date"},
        {"kind": "contact_stale", "label": "CivilPartner", "id": p["stale_civil_partner"],
         "last_verified": "2025-02-03", "why": "verified more than a year before the reference date"},
        {"kind": "contact_stale", "label": "Organisation", "id": "ORG-MEE-DE-WERING",
         "last_verified": facts.ORGANISATION_VERIFIED["ORG-MEE-DE-WERING"],
         "why": "Haarlem's LVB agreements are with an organisation whose general contact was last verified long ago"},
        *({"kind": "contact_stale" if s["last_verified"] else "contact_never_verified", "label": s["label"],
           "id": s["id"], "last_verified": s["last_verified"] and s["last_verified"].isoformat(),
           "why": "verified more than a year before the reference date" if s["last_verified"] else "never verified"}
          for s in p["stale_spread"]),
        *({"kind": "isolated_partner", "wijk": kaart.pros[key].wijk, "label": "Professional", "id": key,
           "why": "no KNOWS, team or household tie to ring 1 (B, C, D barely involved, seed-001 L468-469)"}
          for key in p["isolated_partners"]),
        *({"kind": "isolated_partner", "wijk": p["wijk_without_team"], "label": label, "id": key,
           "why": "no team serves the wijk, so nobody there has a tie to a ring 1 (seed-004 §2.1)"}
          for label, key in _partners_of(kaart, p["wijk_without_team"])),
        {"kind": "duplicate_professional", "ids": list(p["duplicate"]),
         "why": "the same person registered twice: another title and case, the same e-mail and phone"},
        *_dual_roles(kaart),
    ]
    for household, case in cases:
        planted.append({**case, "household": household})
    _check(planted, expected)
    return planted


# Why a professional has more than one role (the dubbele petten of the demo), by municipality where it is a coordinator.
COORDINATOR_WHY = {"ZTM": "one coordinator leads both pilot teams (seed-001 L54-56)",
                   "DHG": "12 SWT-coördinatoren for 24 teams (seed-000 L3651-3653)",
                   "HLM": "3 wijkteamleiders for 10 teams (003:L2659-2667)"}


def _dual_roles(kaart: Kaart) -> list[dict[str, Any]]:
    """The professionals with more than one role, as the generator made them: coordinators of several teams, the
    Zoetermeer WZI debt counsellors with a city-wide caseload, and the planted ring 1 + group A elsewhere."""
    work = Counter(row["professional_id"] for row in kaart.wijk_work)
    cases = []
    for pro in kaart.pros.values():
        count = len(pro.teams) + work.get(pro.id, 0)
        if count < 2:
            continue
        if pro.id == kaart.planted["dual_role"]:
            why = ("ring 1 in one wijk, group A in another: team members also work in the wijk network with a "
                   "caseload of their own (seed-001 L50-53)")
        elif pro.coordinator:
            why = COORDINATOR_WHY[pro.municipality]
        elif pro.municipality == "ZTM" and pro.ring1:
            why = "a team member who is also a city-wide specialist, the WZI debt counsellor (seed-001 L50-53, L902)"
        else:
            why = "not planted"  # _check refuses it
        cases.append({"kind": "dual_role", "id": pro.id, "function": pro.function, "role_count": count, "why": why})
    return cases


def _partners_of(kaart: Kaart, code: str) -> list[tuple[str, str]]:
    """The ring-2 professionals (of the wijk, and group D of its municipality) and ring-3 partners of a wijk."""
    short = kaart.wijken[code].municipality.short
    pros = sorted({pro.id for pro in kaart.ring2_in(code) + kaart.group_d(short)})
    civil = sorted(key for key, partner in kaart.civil_partners.items() if code in partner["wijk_codes"])
    return [("Professional", key) for key in pros] + [("CivilPartner", key) for key in civil]


def _check(planted: list[dict[str, Any]], expected: dict[str, Any]) -> None:
    def kinds(kind: str) -> list[dict[str, Any]]:
        return [case for case in planted if case["kind"] == kind]

    missing = sorted((r["wijk"], r["expertise"]) for r in expected["coverage"] if r["coverage"] == "missing")
    checks = {
        "missing expertise": (missing, sorted((c["wijk"], c["expertise"]) for c in kinds("missing_expertise"))),
        "wijk without team": (expected["wijken_without_team"], [c["wijk"] for c in kinds("wijk_without_team")]),
        "empty group": ([(r["wijk"], r["group"]) for r in expected["empty_groups"]],
                        [(c["wijk"], c["group"]) for c in kinds("empty_group")]),
        "group D": (expected["municipalities_without_group_d"], []),
        "signallers": ([(r["wijk"], r["missing"]) for r in expected["missing_signallers"]],
                       [(c["wijk"], c["missing"]) for c in kinds("missing_signallers")]),
        "civil partner": (expected["wijken_without_civil_partner"],
                          [c["wijk"] for c in kinds("wijk_without_civil_partner")]),
        "stale": (expected["stale_contacts"], sorted(({"label": c["label"], "id": c["id"]}
                                                      for c in kinds("contact_stale")), key=lambda r: r["id"])),
        "never verified": (expected["never_verified_contacts"], sorted(
            ({"label": c["label"], "id": c["id"]} for c in kinds("contact_never_verified")), key=lambda r: r["id"])),
        "isolated": (expected["isolated_partners"], sorted(({"wijk": c["wijk"], "label": c["label"], "id": c["id"]}
                                                            for c in kinds("isolated_partner")),
                                                           key=lambda r: (r["wijk"], r["id"]))),
        "duplicate": (expected["duplicate_professionals"], [sorted(c["ids"]) for c in kinds("duplicate_professional")]),
        "overlap": (sorted((r["household"], r["life_domain"]) for r in expected["households_overlapping_helpers"]),
                    sorted((c["household"], c["life_domain"]) for c in kinds("household_overlapping_helpers"))),
        "too many": ([r["household"] for r in expected["households_too_many_helpers"]],
                     [c["household"] for c in kinds("household_too_many_helpers")]),
        "coordinators": ([r["household"] for r in expected["households_multiple_coordinators"]],
                         [c["household"] for c in kinds("household_multiple_coordinators")]),
        "no coordinator": ([r["household"] for r in expected["households_without_coordinator"]],
                           [c["household"] for c in kinds("household_without_coordinator")]),
        "uncovered": (sorted((r["household"], r["expertise"]) for r in expected["households_uncovered_need"]),
                      sorted((c["household"], e) for c in kinds("household_uncovered_need") for e in c["expertise"])),
        "no informal": (expected["households_without_informal_contacts"],
                        [c["household"] for c in kinds("household_without_informal_contacts")]),
        "zrm": (expected["households_zrm_demand_beyond_needs"], []),
        "dual roles": (sorted({(r["professional"], r["role_count"]) for r in expected["dual_roles"]}),
                       sorted((c["id"], c["role_count"]) for c in kinds("dual_role") if c["why"] != "not planted")),
    }
    fly_in = {(r["wijk"], r["expertise"]) for r in expected["coverage"] if r["coverage"] in ("fly_in", "thin")}
    wrong = [name for name, (found, wanted) in checks.items() if found != wanted]
    wrong += [f"fly_in {c['wijk']}" for c in kinds("fly_in_only") if (c["wijk"], c["expertise"]) not in fly_in]
    if wrong:
        details = "; ".join(f"{name}: found {checks[name][0]!r}, planted {checks[name][1]!r}"
                            for name in wrong if name in checks)
        raise PlantedCaseMismatch(f"the demo has cases that were not planted, or misses planted ones: {details}")
