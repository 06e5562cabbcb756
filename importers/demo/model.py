"""The demo's sociale kaart in memory: its wijken, teams, people and what was planted, before it is written out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from importers.demo.facts import MunicipalityFact


@dataclass
class Pro:
    id: str
    name: str
    function: str
    organisation: str
    email: str
    phone: str
    last_verified: date | None
    expertise: tuple[str, ...]
    municipality: str  # short code
    group: str = ""  # group of origin (ring 1) or of the wijk work (ring 2)
    teams: list[str] = field(default_factory=list)  # ring 1
    wijk: str | None = None  # ring 2 in a wijk
    city_wide: bool = False  # ring 2 group D for the municipality
    coordinator: bool = False

    @property
    def ring1(self) -> bool:
        return bool(self.teams)


@dataclass
class Wijk:
    code: str
    name: str
    municipality: MunicipalityFact


@dataclass
class Team:
    id: str
    name: str
    kind: str
    municipality: MunicipalityFact
    wijken: list[str]
    since: date
    members: list[str] = field(default_factory=list)


@dataclass
class Kaart:
    municipalities: list[MunicipalityFact] = field(default_factory=list)
    wijken: dict[str, Wijk] = field(default_factory=dict)
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    pros: dict[str, Pro] = field(default_factory=dict)
    memberships: list[dict[str, Any]] = field(default_factory=list)
    wijk_work: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    civil_partners: dict[str, dict[str, Any]] = field(default_factory=dict)
    contacts: dict[tuple[str, str], None] = field(default_factory=dict)  # ordered set of KNOWS pairs
    planted: dict[str, Any] = field(default_factory=dict)  # kind -> keys, filled while building

    def wijk_code(self, short: str, name: str) -> str:
        return next(w.code for w in self.wijken.values() if w.municipality.short == short and w.name == name)

    def teams_serving(self, wijk: str) -> list[Team]:
        return [team for team in self.teams.values() if wijk in team.wijken]

    def ring2_in(self, wijk: str) -> list[Pro]:
        return [pro for pro in self.pros.values() if pro.wijk == wijk]

    def group_d(self, short: str) -> list[Pro]:
        return [pro for pro in self.pros.values() if pro.city_wide and pro.municipality == short]

    def offers(self) -> dict[str, set[str]]:
        """Expertise per organisation: what its staff bring plus what the seeds say it offers."""
        offered: dict[str, set[str]] = {org_id: set(org["offers"]) for org_id, org in self.organisations.items()}
        for pro in self.pros.values():
            offered[pro.organisation].update(pro.expertise)
        return offered
