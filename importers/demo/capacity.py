"""The demo's capacity (hours per week) and its planted thin coverage (issue 17 item 2).

:func:`write` fills ``capacity_hours`` into the kaart CSV files the demo wrote, at the values and for the reasons
of :data:`REASONS`. :func:`refine` works out, from those files and the households file and independently of the
Cypher (queries/cypher/missing_expertise.cypher), which required expertise of which wijk is thin: the capacity
that serves a wijk at its coverage level, divided as docs/analyses.md says, carries fewer households than its
demand at :data:`graph.model.THIN_THRESHOLD` households per hour per week. It marks those rows of the reference
coverage ``thin`` and returns them as planted cases.

The planted case: Den Haag's one MEE consultant is the LVB fly-in of all 24 wijken (issue 17), with 3 hours a week
for the wijkzorgteams, 0.125 hour per wijk: thin where two or more households call for LVB. And in Meerzicht, the
demo coordinator's wijk, GGZ only flies in (seed-001 L343-349): an hour a month by the Parnassia agreement and
Parnassia's city-wide behandelaar's half hour a week for both SWTs do not carry Meerzicht's GGZ demand, while the
same hours carry Oosterheem's (which stays fly_in).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from graph.model import DOMAIN_CALLS_FOR, THIN_THRESHOLD, ZRM_NEED_THRESHOLD
from importers.demo.checks import active, read_households, read_kaart

SHEETS = ("professionals", "teams", "agreements")
MEERZICHT = "WK063701"
# Hours per week, and why. Den Haag's norm is 6 to 8 hours per team member a week for SWT work (seed-000 L2402);
# the rest is invented at plausible values and chosen for the planted case.
REASONS = {
    "mee_den_haag": (3.0, "Den Haag's MEE consultant has 3 hours a week for the 24 wijkzorgteams (issue 17) "
                          "[invented]"),
    "ggz_agreement_zoetermeer": (0.25, "the GGZ fly-in agreement gives a Zoetermeer SWT an hour a month, 'indien "
                                       "nodig' (seed-001 L346-349) [invented]"),
    "ggz_specialist_zoetermeer": (0.5, "Parnassia's city-wide GGZ behandelaar has half an hour a week for the two "
                                       "Zoetermeer SWTs [invented]"),
    "den_haag_team": (7.0, "per active member: Den Haag's team members have 6 to 8 hours a week for the SWT "
                           "(seed-000 L2402)"),
    "leiden_agreement": (2.0, "the GGZ experts by experience join the weekly casusoverleg, 2 hours [invented]"),
}


class PlantedThinMismatch(AssertionError):
    """The planted thin coverage is not there: a bug in the generator (or the demo's households changed)."""


def _rows(folder: Path, sheet: str) -> list[dict[str, str]]:
    with (folder / f"{sheet}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def planned_hours(k: dict[str, list[dict[str, str]]], on: date) -> dict[tuple[str, str], float]:
    """(sheet, key) -> hours per week, for the sources :data:`REASONS` names."""
    expertise = defaultdict(set)
    for row in k["expertise"]:
        if row["professional_id"]:
            expertise[row["professional_id"]].add(row["expertise"])
    pros = {row["id"]: row for row in k["professionals"]}
    city_wide = [(row["professional_id"], row["municipality_code"]) for row in k["wijk_work"]
                 if row["municipality_code"] and row["group"] == "D" and active(row, on)]
    hours: dict[tuple[str, str], float] = {}
    for pid, municipality in city_wide:
        organisation = pros[pid]["organisation_id"]
        if municipality == "GM0518" and organisation == "ORG-MEE" and "LVB" in expertise[pid]:
            hours[("professionals", pid)] = REASONS["mee_den_haag"][0]
        if municipality == "GM0637" and organisation == "ORG-PARNASSIA" and "GGZ" in expertise[pid]:
            hours[("professionals", pid)] = REASONS["ggz_specialist_zoetermeer"][0]
    for row in k["agreements"]:
        if row["status"] == "active" and row["expertise"] == "GGZ" and row["team_id"].startswith("T-ZTM-"):
            hours[("agreements", row["id"])] = REASONS["ggz_agreement_zoetermeer"][0]
        if row["status"] == "active" and row["team_id"].startswith("T-LEI-"):
            hours[("agreements", row["id"])] = REASONS["leiden_agreement"][0]
    members = defaultdict(set)
    for row in k["memberships"]:
        if active(row, on):
            members[row["team_id"]].add(row["professional_id"])
    for row in k["teams"]:
        if row["municipality_code"] == "GM0518" and members[row["id"]]:
            hours[("teams", row["id"])] = REASONS["den_haag_team"][0] * len(members[row["id"]])
    return hours


def write(folder: Path, on: date) -> dict[tuple[str, str], float]:
    """Fill ``capacity_hours`` into the professionals, teams and agreements CSV files of ``folder``."""
    hours = planned_hours(read_kaart(folder), on)
    for sheet in SHEETS:
        rows = _rows(folder, sheet)
        with (folder / f"{sheet}.csv").open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        for row in rows:
            value = hours.get((sheet, row["id"]))
            row["capacity_hours"] = "" if value is None else format(value, "g")
        with (folder / f"{sheet}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return hours


def refine(expected: dict[str, Any], folder: Path, household_files: list[Path], on: date) -> list[dict[str, Any]]:
    """Mark the thin rows of ``expected["coverage"]`` (the reference coverage of importers.demo.checks) and return
    them as planted cases, each with its demand and capacity (hours per week)."""
    world = _World(read_kaart(folder), on)
    demand = _demand(read_households(household_files), on)
    planted = []
    for row in expected["coverage"]:
        wijk, expertise, level = row["wijk"], row["expertise"], row["coverage"]
        capacity = world.capacity(wijk, expertise, level)
        wanted = demand[(wijk, expertise)]
        if capacity is None or wanted == 0 or wanted <= THIN_THRESHOLD * capacity:
            continue
        row["coverage"] = "thin"
        planted.append({"kind": "thin_coverage", "wijk": wijk, "expertise": expertise, "coverage": "thin",
                        "level": level, "demand": wanted, "capacity": round(capacity, 2),
                        "why": f"{wanted} households call for {expertise} and the {level} capacity serving the wijk "
                               f"is {capacity:g} hours a week: more than {THIN_THRESHOLD:g} households per hour"})
    thin = {(case["wijk"], case["expertise"]) for case in planted}
    if (MEERZICHT, "GGZ") not in thin or not any(w in world.of_municipality["GM0518"] for w, x in thin if x == "LVB"):
        raise PlantedThinMismatch(f"expected Meerzicht's GGZ and a Den Haag wijk's LVB to be thin, found "
                                  f"{sorted(thin)}")
    return planted


def _demand(households: list[dict[str, Any]], on: date) -> dict[tuple[str, str], int]:
    """(wijk, expertise) -> households with an active need, or a low score in their latest ZRM (DESIGN 5.1)."""
    found: dict[tuple[str, str], int] = defaultdict(int)
    for household in households:
        called = {need["expertise"] for need in household.get("needs", []) if active(need, on)}
        dated = [z for z in household.get("zrm", []) if date.fromisoformat(z["date"]) <= on]
        latest = max((z["date"] for z in dated), default=None)
        called |= {DOMAIN_CALLS_FOR[domain] for z in dated if z["date"] == latest for domain, score in
                   z["scores"].items() if score <= ZRM_NEED_THRESHOLD and domain in DOMAIN_CALLS_FOR}
        for expertise in called:
            found[(household["wijk"], expertise)] += 1
    return found


class _World:
    """The kaart's sources of each coverage level and the hours they give one wijk (docs/analyses.md)."""

    def __init__(self, k: dict[str, list[dict[str, str]]], on: date) -> None:
        self.hours = {(sheet, row["id"]): float(row["capacity_hours"]) for sheet in SHEETS for row in k[sheet]
                      if row.get("capacity_hours")}
        self.has: dict[str, set[str]] = defaultdict(set)
        for row in k["expertise"]:
            if row["professional_id"]:
                self.has[row["professional_id"]].add(row["expertise"])
        self.municipality = {row["code"]: row["municipality_code"] for row in k["wijken"]}
        self.of_municipality: dict[str, set[str]] = defaultdict(set)
        for wijk, municipality in self.municipality.items():
            self.of_municipality[municipality].add(wijk)
        self.team_wijken = {row["id"]: set(row["wijk_codes"].split(";")) for row in k["teams"]}
        self.members: dict[str, set[str]] = defaultdict(set)
        self.served: dict[str, set[str]] = defaultdict(set)  # professional -> the wijken they serve
        for row in k["memberships"]:
            if active(row, on):
                self.members[row["team_id"]].add(row["professional_id"])
                self.served[row["professional_id"]] |= self.team_wijken[row["team_id"]]
        self.work: list[tuple[str, str, str]] = []  # (professional, wijk or municipality code, group), active
        for row in k["wijk_work"]:
            if active(row, on):
                place = row["wijk_code"] or row["municipality_code"]
                self.work.append((row["professional_id"], place, row["group"]))
                self.served[row["professional_id"]] |= {place} if row["wijk_code"] else self.of_municipality[place]
        self.agreements = [row for row in k["agreements"] if row["status"] == "active" and active(row, on)]

    def person(self, pid: str) -> float | None:
        own = self.hours.get(("professionals", pid))
        return None if own is None else own / len(self.served[pid])

    def member(self, pid: str, teams: list[str]) -> float | None:
        own = self.person(pid)
        if own is not None:
            return own
        if any(("teams", t) not in self.hours for t in teams):
            return None
        return sum(self.hours[("teams", t)] / (len(self.members[t]) * len(self.team_wijken[t])) for t in teams)

    def capacity(self, wijk: str, expertise: str, level: str) -> float | None:
        """The hours per week that serve ``wijk`` for ``expertise`` at ``level``; None when one source's are unknown."""
        teams = [t for t, wijken in self.team_wijken.items() if wijk in wijken]
        if level == "in_team":
            ring1 = {p for t in teams for p in self.members[t] if expertise in self.has[p]}
            shares = [self.member(p, [t for t in teams if p in self.members[t]]) for p in ring1]
        elif level == "in_network":
            shares = [self.person(p) for p in {p for p, place, group in self.work
                                               if place == wijk and group in "AB" and expertise in self.has[p]}]
        elif level == "fly_in":
            agreed = [a for a in self.agreements if a["team_id"] in teams and a["expertise"] == expertise]
            shares = [None if ("agreements", a["id"]) not in self.hours
                      else self.hours[("agreements", a["id"])] / len(self.team_wijken[a["team_id"]]) for a in agreed]
            shares += [self.person(p) for p in {p for p, place, group in self.work if group == "D" and expertise
                                                in self.has[p] and place in (wijk, self.municipality[wijk])}]
        else:
            return None
        return None if any(share is None for share in shares) else sum(s for s in shares if s is not None)
