"""Plain-Python reference answers of the analyses, computed from the importer input files.

The demo generator runs these on the files it wrote and refuses to finish when they find anything
but the planted cases; the manifest records their answers so that the Cypher analyses can be tested
against them. Definitions follow ``shared/DESIGN.md`` section 5; where an analysis could be read in
more than one way, the demo is built so that every reading gives the same answer (see ``covered``).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph.model import DEFAULT_REQUIRED_EXPERTISE, DOMAIN_CALLS_FOR, ZRM_NEED_THRESHOLD
from graph.normalise import normalise_name, normalise_phone

KEY_SIGNALLERS = {"huisarts": "huisarts", "wijkagent": "politie", "huismeester": "woningcorporatie",
                  "intern begeleider": "onderwijs"}  # function -> organisation kind (DESIGN 5.2)
HELPER_LIMIT = 5


def read_kaart(folder: Path) -> dict[str, list[dict[str, str]]]:
    sheets = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem] = list(csv.DictReader(handle))
    return sheets


def read_households(paths: list[Path]) -> list[dict[str, Any]]:
    households: list[dict[str, Any]] = []
    for path in paths:
        households += json.loads(path.read_text(encoding="utf-8"))["households"]
    return households


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def active(row: dict[str, Any], on: date) -> bool:
    since, until = _day(row.get("since")), _day(row.get("until"))
    return (since is None or since <= on) and (until is None or until >= on)


def analyse(kaart_folder: Path, household_files: list[Path], reference: date) -> dict[str, Any]:
    k = read_kaart(kaart_folder)
    households = read_households(household_files)
    pros = {row["id"]: row for row in k["professionals"]}
    orgs = {row["id"]: row for row in k["organisations"]}
    wijk_municipality = {row["code"]: row["municipality_code"] for row in k["wijken"]}
    has: dict[str, set[str]] = defaultdict(set)
    offers: dict[str, set[str]] = defaultdict(set)
    for row in k["expertise"]:
        holder = has[row["professional_id"]] if row["professional_id"] else offers[row["organisation_id"]]
        holder.add(row["expertise"])
    teams_of_wijk: dict[str, list[str]] = defaultdict(list)
    for team in k["teams"]:
        for wijk in team["wijk_codes"].split(";"):
            teams_of_wijk[wijk].append(team["id"])
    members: dict[str, set[str]] = defaultdict(set)
    for row in k["memberships"]:
        if active(row, reference):
            members[row["team_id"]].add(row["professional_id"])
    in_wijk: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # wijk -> group -> pros
    city: dict[str, set[str]] = defaultdict(set)  # municipality -> group D pros
    for row in k["wijk_work"]:
        if not active(row, reference):
            continue
        if row["wijk_code"]:
            in_wijk[row["wijk_code"]][row["group"]].add(row["professional_id"])
        elif row["group"] == "D":
            city[row["municipality_code"]].add(row["professional_id"])

    def coverage(wijk: str, expertise: str) -> str:
        team_ids = teams_of_wijk.get(wijk, [])
        if any(expertise in has[pid] for team in team_ids for pid in members[team]):
            return "in_team"
        if any(expertise in has[pid] for group in "AB" for pid in in_wijk[wijk][group]):
            return "in_network"
        if any(row["team_id"] in team_ids and row["expertise"] == expertise and row["status"] == "active"
               and active(row, reference) for row in k["agreements"]):
            return "fly_in"
        if any(expertise in has[pid] for pid in city[wijk_municipality[wijk]]):
            return "fly_in"
        return "missing"

    result: dict[str, Any] = {
        "coverage": [{"wijk": wijk, "expertise": expertise, "coverage": coverage(wijk, expertise)}
                     for wijk in wijk_municipality for expertise in DEFAULT_REQUIRED_EXPERTISE],
        "wijken_without_team": sorted(w for w in wijk_municipality if w not in teams_of_wijk),
        "empty_groups": sorted([{"wijk": w, "group": g} for w in wijk_municipality for g in "ABC"
                                if not in_wijk[w][g]], key=lambda r: (r["wijk"], r["group"])),
        "municipalities_without_group_d": sorted(m for m in set(wijk_municipality.values()) if not city[m]),
        "wijken_without_civil_partner": sorted(set(wijk_municipality) - {
            w for row in k["civil_partners"] for w in row["wijk_codes"].split(";")}),
    }
    missing_signallers = []
    for wijk in wijk_municipality:
        present = {pros[pid]["function"] for g in "ABCD" for pid in in_wijk[wijk][g]}
        missing = sorted(function for function in KEY_SIGNALLERS if function not in present)
        if missing:
            missing_signallers.append({"wijk": wijk, "missing": missing})
    result["missing_signallers"] = missing_signallers
    result.update(_unverified(k, reference))
    result["duplicate_professionals"] = _duplicates(k["professionals"])
    result.update(_household_findings(households, has, offers, pros, reference))
    result["isolated_partners"] = _isolated(k, households, reference)
    result["dual_roles"] = _dual_roles(k, reference)
    result["households_with_two_ecograms"] = sorted(h["id"] for h in households if len(h.get("ecograms", [])) >= 2)
    result["organisations_offering"] = {org: sorted(codes) for org, codes in sorted(offers.items()) if org in orgs}
    return result


def _unverified(k: dict[str, list[dict[str, str]]], reference: date) -> dict[str, list[dict[str, str]]]:
    """The contacts verified more than 12 months before the reference date (the gap contact_stale), and those never
    verified (contact_never_verified): professionals, civil partners, and organisations with an active agreement
    (gaps counts a contact only in the wijken it belongs to; tests/demo_world.contact_wijken finds those)."""
    limit = reference - timedelta(days=365)
    agreed = {row["organisation_id"] for row in k["agreements"] if row["status"] == "active" and active(row, reference)}
    contacts = ([("Professional", r) for r in k["professionals"]] + [("CivilPartner", r) for r in k["civil_partners"]]
                + [("Organisation", r) for r in k["organisations"] if r["id"] in agreed])
    stale = [{"label": label, "id": r["id"]} for label, r in contacts
             if r["last_verified"] and date.fromisoformat(r["last_verified"]) < limit]
    never = [{"label": label, "id": r["id"]} for label, r in contacts if not r["last_verified"]]
    return {"stale_contacts": sorted(stale, key=lambda r: r["id"]),
            "never_verified_contacts": sorted(never, key=lambda r: r["id"])}


def _duplicates(professionals: list[dict[str, str]]) -> list[list[str]]:
    """Pairs registered twice: the same normalised name and organisation, and the same e-mail or phone."""
    pairs = set()
    by_name: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in professionals:
        by_name[(normalise_name(row["name"]), row["organisation_id"])].append(row)
    for rows in by_name.values():
        for i, one in enumerate(rows):
            for other in rows[i + 1:]:
                if (one["email"] and one["email"].lower() == other["email"].lower()) or (
                        one["phone"] and normalise_phone(one["phone"]) == normalise_phone(other["phone"])):
                    pairs.add(tuple(sorted((one["id"], other["id"]))))
    by_contact: dict[str, set[str]] = defaultdict(set)  # and anyone sharing an e-mail or phone at all
    for row in professionals:
        by_contact["e:" + row["email"].lower()].add(row["id"])
        by_contact["p:" + normalise_phone(row["phone"])].add(row["id"])
    shared = {tuple(sorted(ids)) for ids in by_contact.values() if len(ids) > 1}
    return sorted(list(pair) for pair in pairs | shared)


def _household_findings(households: list[dict[str, Any]], has: dict[str, set[str]], offers: dict[str, set[str]],
                        pros: dict[str, dict[str, str]], reference: date) -> dict[str, Any]:
    overlapping, too_many, multiple, without, uncovered, no_informal, zrm_beyond = [], [], [], [], [], [], []
    for household in households:
        key = household["id"]
        involvements = [i for i in household.get("involvements", []) if active(i, reference)]
        helpers = {i["professional"] for i in involvements}
        coordinators = [c for c in household.get("coordinators", []) if active(c, reference)]
        for domain in sorted({i["life_domain"] for i in involvements}):
            ids = sorted({i["professional"] for i in involvements if i["life_domain"] == domain})
            if len(ids) > 1:
                overlapping.append({"household": key, "life_domain": domain, "professionals": ids})
        if len(helpers) > HELPER_LIMIT:
            too_many.append({"household": key, "active_helpers": len(helpers)})
        if len(coordinators) > 1:
            multiple.append({"household": key, "coordinators": sorted(c["professional"] for c in coordinators)})
        if len(helpers) >= 2 and not coordinators:
            without.append({"household": key, "active_helpers": len(helpers)})
        needs = sorted(n["expertise"] for n in household.get("needs", []) if active(n, reference))
        for need in needs:
            strict = any(need in has[i["professional"]] for i in involvements)
            broad = any(need in has[i["professional"]] or need in offers[pros[i["professional"]]["organisation_id"]]
                        or DOMAIN_CALLS_FOR.get(i["life_domain"]) == need for i in involvements)
            if strict != broad:  # the demo must not depend on how "covers" is read
                raise AssertionError(f"{key}: need {need} is covered only in a broad reading")
            if not strict:
                uncovered.append({"household": key, "expertise": need})
        if not household.get("informal_contacts"):
            no_informal.append(key)
        for assessment in household.get("zrm", []):
            called = {DOMAIN_CALLS_FOR[d] for d, score in assessment["scores"].items()
                      if score <= ZRM_NEED_THRESHOLD and d in DOMAIN_CALLS_FOR}
            if called - set(needs):
                zrm_beyond.append({"household": key, "expertise": sorted(called - set(needs))})
    return {
        "households_overlapping_helpers": overlapping, "households_too_many_helpers": too_many,
        "households_multiple_coordinators": multiple, "households_without_coordinator": without,
        "households_uncovered_need": uncovered, "households_without_informal_contacts": sorted(no_informal),
        "households_zrm_demand_beyond_needs": zrm_beyond,
    }


def _isolated(k: dict[str, list[dict[str, str]]], households: list[dict[str, Any]],
              reference: date) -> list[dict[str, str]]:
    """Per wijk, ring-2 professionals and ring-3 partners without a direct tie to the wijk's ring 1 (DESIGN 5.5).

    The wijk's collaboration network: ring 1 the active members of the teams serving the wijk; ring 2 those with
    active wijk work in the wijk or group D in its municipality (who are not ring 1 there); ring 3 its civil
    partners. A tie to ring 1: a KNOWS either way, an active involvement in the same household of the wijk, or (for
    a civil partner) a tie in the household's latest ecogram at the reference date while a ring-1 member helps.
    """
    wijk_municipality = {row["code"]: row["municipality_code"] for row in k["wijken"]}
    members: dict[str, set[str]] = defaultdict(set)
    for row in k["memberships"]:
        if active(row, reference):
            members[row["team_id"]].add(row["professional_id"])
    ring1: dict[str, set[str]] = defaultdict(set)
    for team in k["teams"]:
        for wijk in team["wijk_codes"].split(";"):
            ring1[wijk] |= members[team["id"]]
    knows: dict[str, set[str]] = defaultdict(set)
    for row in k["contacts"]:
        knows[row["professional_id"]].add(row["knows_professional_id"])
        knows[row["knows_professional_id"]].add(row["professional_id"])
    tied: dict[str, set[str]] = defaultdict(set)  # wijk -> partners with a household tie to its ring 1
    for household in households:
        wijk = household["wijk"]
        helpers = {i["professional"] for i in household.get("involvements", []) if active(i, reference)}
        if helpers & ring1[wijk]:
            tied[wijk] |= helpers
            snapshots = [e for e in household.get("ecograms", []) if date.fromisoformat(e["date"]) <= reference]
            if snapshots:
                latest = max(snapshots, key=lambda e: (e["date"], e["id"]))
                tied[wijk] |= {t["ref"] for t in latest["ties"] if t["kind"] == "civil"}
    isolated = []
    for wijk, municipality in wijk_municipality.items():
        ring2 = {row["professional_id"] for row in k["wijk_work"] if active(row, reference) and (
            row["wijk_code"] == wijk or (row["group"] == "D" and row["municipality_code"] == municipality))}
        for pid in ring2 - ring1[wijk]:
            if pid not in tied[wijk] and not knows[pid] & ring1[wijk]:
                isolated.append({"wijk": wijk, "label": "Professional", "id": pid})
        isolated += [{"wijk": wijk, "label": "CivilPartner", "id": row["id"]} for row in k["civil_partners"]
                     if wijk in row["wijk_codes"].split(";") and row["id"] not in tied[wijk]]
    return sorted(isolated, key=lambda r: (r["wijk"], r["id"]))


def _dual_roles(k: dict[str, list[dict[str, str]]], reference: date) -> list[dict[str, Any]]:
    """Dubbele petten: per wijk, the professionals who reach it with more than one active role, each with every
    role. A role: ring 1 in a team, group A-D work in a wijk, group D for a municipality; a professional reaches the
    wijken their teams serve, those they work in and, with group D, every wijk of the municipality. The roles read
    "ring 1: <team> (<team role>)", "group <G>: <wijk> (<code>)", "group <G>: <municipality> (<code>)", in that order,
    then by text; the rows most roles first, then by wijk, name, professional."""
    teams = {row["id"]: row for row in k["teams"]}
    names = {row["code"]: row["name"] for row in k["wijken"] + k["municipalities"]}
    wijken_of: dict[str, set[str]] = defaultdict(set)
    for row in k["wijken"]:
        wijken_of[row["municipality_code"]].add(row["code"])
    roles: dict[str, set[tuple[int, str]]] = defaultdict(set)
    reach: dict[str, set[str]] = defaultdict(set)
    for row in k["memberships"]:
        if active(row, reference):
            team = teams[row["team_id"]]
            role = f" ({row['team_role']})" if row["team_role"] else ""
            roles[row["professional_id"]].add((0, f"ring 1: {team['name']}{role}"))
            reach[row["professional_id"]] |= set(team["wijk_codes"].split(";"))
    for row in k["wijk_work"]:
        if active(row, reference):
            code = row["wijk_code"] or row["municipality_code"]
            text = f"group {row['group']}: {names[code]} ({code})"
            roles[row["professional_id"]].add((1 if row["wijk_code"] else 2, text))
            reach[row["professional_id"]] |= {code} if row["wijk_code"] else (
                wijken_of[code] if row["group"] == "D" else set())
    pros = {row["id"]: row["name"] for row in k["professionals"]}
    rows = [{"wijk": wijk, "professional": pid, "role_count": len(found), "roles": [text for _, text in sorted(found)]}
            for pid, found in roles.items() if len(found) >= 2 for wijk in reach[pid]]
    return sorted(rows, key=lambda r: (-r["role_count"], r["wijk"], pros[r["professional"]], r["professional"]))
