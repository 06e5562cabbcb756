"""The demo's planted decision cases (issue 17): a placement choice and a warm handover path.

Each case carries its answer, worked out here from the demo's own tables, independently of the advisor's code
(queries/advise): the placement by trying every choice, the handover path by planting one KNOWS contact.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from typing import Any

from importers.demo import reach
from importers.demo.kaart import Kaart

# Den Haag: one MEE consultant counts as LVB fly-in for all 24 wijken (issue 17); where would one more go?
PLACEMENT: dict[str, Any] = {"municipality": "GM0518", "expertise": "LVB", "count": 1, "neighbour_discount": 0.5}
OPEN = {"missing": 1.0, "fly_in": 0.5, "thin": 0.5}  # the share of the demand that the coverage leaves open


def active(row: dict[str, Any], on: date) -> bool:
    """Whether ``row`` (``since``/``until`` as dates, ISO text or empty) is active at ``on``."""
    since, until = (_day(row.get(key)) for key in ("since", "until"))
    return (since is None or since <= on) and (until is None or until >= on)


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else date.fromisoformat(value) if value else None


class PlantedAdviceMismatch(AssertionError):
    """The planted decision case has no single answer: a bug in the generator."""


def placement_case(kaart: Kaart, households: list[dict[str, Any]], expected: dict[str, Any],
                   on: date) -> dict[str, Any]:
    """The planted placement choice with its optimum (every choice tried) and the greedy order."""
    code, expertise = PLACEMENT["municipality"], PLACEMENT["expertise"]
    count, discount = int(PLACEMENT["count"]), float(PLACEMENT["neighbour_discount"])
    wijken = sorted(c for c, w in kaart.wijken.items() if w.municipality.code == code)
    coverage = {(row["wijk"], row["expertise"]): row["coverage"] for row in expected["coverage"]}
    demand = Counter(h["wijk"] for h in households
                     if any(need["expertise"] == expertise and active(need, on) for need in h["needs"]))
    unmet = {w: demand[w] * OPEN.get(coverage[(w, expertise)], 0.0) for w in wijken}
    borders = {(row["wijk"], row["neighbour"]) for row in reach.neighbour_rows(kaart)}
    borders |= {(b, a) for a, b in borders}

    def value(chosen: tuple[str, ...]) -> float:
        return sum(u * max((1.0 if s == v else discount if (s, v) in borders else 0.0) for s in chosen)
                   for v, u in unmet.items())

    ranked = sorted(((value(chosen), chosen) for chosen in itertools.combinations(wijken, count)),
                    key=lambda item: -item[0])
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        raise PlantedAdviceMismatch(f"the placement choice is not unique: {ranked[:2]}")
    greedy: list[str] = []
    for _ in range(count):
        greedy.append(max((w for w in wijken if w not in greedy),
                          key=lambda w: (value((*greedy, w)), [-ord(c) for c in w])))
    best, chosen = ranked[0]
    return {"kind": "placement_choice", **PLACEMENT, "wijken": list(chosen), "covered": best, "greedy": greedy,
            "why": "LVB only by fly-in in every Den Haag wijk (one MEE consultant, issue 17): half of the demand is "
                   "open; the best wijk for one more LVB expert covers its own and its neighbours' open demand"}


def plant_handover(kaart: Kaart, on: date) -> dict[str, Any]:
    """Plant a warm handover for LVB in Meerzicht, where LVB is missing (seed-001 L343-350): the first active member
    (by name) of Meerzicht's team gets to know MEE's LVB specialist, who works city-wide in Den Haag for MEE, an
    organisation that also serves Zoetermeer. Nobody else in the team knows anyone with LVB expertise, so this
    one-hop path is the strongest (0.8, the specialist's details being fresh)."""
    wijk = kaart.wijk_code("ZTM", "Meerzicht")
    [team] = kaart.teams_serving(wijk)
    active_ids = {m["professional_id"] for m in kaart.memberships if m["team_id"] == team.id and active(m, on)}
    members = sorted(active_ids, key=lambda pid: (kaart.pros[pid].name, pid))
    specialist = next(pro for pro in kaart.pros.values()
                      if pro.city_wide and pro.municipality == "DHG" and "LVB" in pro.expertise
                      and pro.organisation == "ORG-MEE")
    lvb = {pro.id for pro in kaart.pros.values() if "LVB" in pro.expertise}
    known = [pair for pair in kaart.contacts if set(pair) & set(members) and set(pair) & lvb]
    verified = specialist.last_verified
    if known or verified is None or verified < on.replace(year=on.year - 1):
        raise PlantedAdviceMismatch(f"the handover path is not the only strong one: {known}, verified {verified}")
    kaart.contacts[(members[0], specialist.id)] = None
    return {"kind": "handover_path", "wijk": wijk, "expertise": "LVB", "from": members[0], "to": specialist.id,
            "hops": 1, "place": "organisation",
            "why": "LVB is missing in Meerzicht; a team member knows MEE's LVB specialist of Den Haag, and MEE also "
                   "serves Zoetermeer (the MEE agreement is still to be made, seed-001 L343-350)"}
