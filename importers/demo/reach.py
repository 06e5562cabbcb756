"""Around the demo's wijken: neighbours, regions, organisations' general contacts and how fresh contact details are.

"Who to call" must never end in nothing (issue 14): when nobody in the wijk has an expertise, a team member looks at
the neighbouring wijken, the city-wide specialists and the organisations of the region, and wants to know how
recently their numbers were checked. This fills in what the demo needs for that. It runs after the kaart is built,
on its own random generator, so the rest of the demo (names, households, planted cases) stays as it was.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from importers.demo import facts
from importers.demo.kaart import FRESH_VERIFIED, Kaart
from importers.demo.people import ascii_slug

STALE_VERIFIED = (date(2023, 3, 1), date(2025, 9, 30))  # more than a year before the reference date
# Shares of contact details never verified, and verified more than a year ago [invented]; the rest is fresh.
NEVER = {"Professional": 0.01, "CivilPartner": 0.02, "Organisation": 0.12}
STALE = {"Professional": 0.02, "CivilPartner": 0.04, "Organisation": 0.13}
INTAKE_KINDS = ("ggz", "lvb", "jeugdzorg", "verslavingszorg", "schuldhulp", "begeleiding")  # aanmelding@: intake


def neighbour_rows(kaart: Kaart) -> list[dict[str, str]]:
    """The ``neighbours`` sheet: one row per pair of neighbouring wijken (facts.NEIGHBOURS)."""
    return [{"wijk": kaart.wijk_code(short, one), "neighbour": kaart.wijk_code(short, other)}
            for short, pairs in facts.NEIGHBOURS.items() for one, other in pairs]


def extend(kaart: Kaart, seed: int) -> None:
    """Give the organisations their municipalities and general contacts, and spread last_verified."""
    rng = random.Random(f"wijkgraph demo reach {seed}")
    _organisations(kaart, rng)
    kaart.planted["stale_spread"] = _spread_freshness(kaart, rng)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _verified(rng: random.Random, label: str) -> date | None:
    draw = rng.random()
    if draw < NEVER[label]:
        return None
    if draw < NEVER[label] + STALE[label]:
        return _day(rng, *STALE_VERIFIED)
    return _day(rng, *FRESH_VERIFIED)


def _served(kaart: Kaart) -> dict[str, set[str]]:
    """Per organisation the municipalities (short codes) it works in: its staff and its agreements."""
    served: dict[str, set[str]] = {org_id: set() for org_id in kaart.organisations}
    for pro in kaart.pros.values():
        served[pro.organisation].add(pro.municipality)
    for agreement in kaart.agreements:
        served[agreement["organisation_id"]].add(kaart.teams[agreement["team_id"]].municipality.short)
    for org_id, shorts in facts.REGIONAL_DESKS.items():
        served[org_id] = set(shorts)
    by_short = {m.short: m for m in kaart.municipalities}
    for org_id, org in kaart.organisations.items():
        if org["scope"] == "regionaal":  # a regional organisation serves its whole region
            regions = {by_short[short].region for short in served[org_id]}
            served[org_id] |= {m.short for m in kaart.municipalities if m.region in regions}
    return served


def _organisations(kaart: Kaart, rng: random.Random) -> None:
    by_short = {m.short: m for m in kaart.municipalities}
    served = _served(kaart)
    phones: set[str] = set()
    domains: set[str] = set()
    for org_id, org in kaart.organisations.items():
        shorts = sorted(served[org_id])
        home = by_short[shorts[0]] if len(shorts) == 1 else None
        while True:  # a valid Dutch number: the city's area code, or 088 for an organisation beyond one city
            phone = f"{home.area_code}-{rng.randrange(2, 10)}{rng.randrange(10 ** 6):06d}" if home \
                else f"088-{rng.randrange(10 ** 7):07d}"
            if phone not in phones:
                phones.add(phone)
                break
        domain = ascii_slug(org["name"].split(",")[0], "-")[:40]
        if domain in domains:  # "Huisartsenpraktijk Centrum" is in Den Haag and in Haarlem
            domain += "-" + ascii_slug(home.name if home else org_id, "-")
        domains.add(domain)
        local = "aanmelding" if org["kind"] in INTAKE_KINDS else "info"
        if org_id in facts.ORGANISATION_VERIFIED:
            text = facts.ORGANISATION_VERIFIED[org_id]
            verified = date.fromisoformat(text) if text else None
        else:
            verified = _verified(rng, "Organisation")
        org.update({"phone": phone, "email": f"{local}@{domain}.example",
                    "municipalities": [by_short[short].code for short in shorts], "last_verified": verified})


def _spread_freshness(kaart: Kaart, rng: random.Random) -> list[dict[str, Any]]:
    """Make some contacts stale or never verified, apart from the planted cases; returns them."""
    p = kaart.planted
    keep = {p["stale_professional"], p["stale_civil_partner"], *p["isolated_partners"], *p["duplicate"]}
    spread: list[dict[str, Any]] = []
    for pro in kaart.pros.values():
        verified = _verified(rng, "Professional")
        if pro.id not in keep and (verified is None or verified < FRESH_VERIFIED[0]):
            pro.last_verified = verified
            spread.append({"label": "Professional", "id": pro.id, "last_verified": verified})
    for partner_id, partner in kaart.civil_partners.items():
        verified = _verified(rng, "CivilPartner")
        if partner_id not in keep and (verified is None or verified < FRESH_VERIFIED[0]):
            partner["last_verified"] = verified
            spread.append({"label": "CivilPartner", "id": partner_id, "last_verified": verified})
    return spread
