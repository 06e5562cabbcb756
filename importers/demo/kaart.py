"""The sociale kaart of the demo: wijken, teams (ring 1), wijk networks (ring 2), civil society (ring 3).

Built in memory (the demo is a few hundred people) from the seed facts, with the planted kaart cases
(:data:`PLANTED_KAART`) put in on purpose and nowhere else.
"""

from __future__ import annotations

import random
from datetime import date

from importers.demo import facts
from importers.demo.facts import MunicipalityFact, Role
from importers.demo.model import Kaart, Pro, Team, Wijk
from importers.demo.people import People, ascii_slug

__all__ = ["FRESH_VERIFIED", "Kaart", "KaartBuilder", "Pro", "Team", "Wijk"]

# Where the planted kaart cases go (municipality short, wijk name). Chosen to fit the seeds.
GGZ_MISSING_WIJK = ("LEI", "Roodenburg")  # GGZ named as the gap in Leiden (seed-004 L1770-1773)
EMPTY_GROUP_C_WIJK = ("DHG", "Wateringse Veld")  # no signallers in group C [invented]
NO_CIVIL_PARTNER_WIJK = ("DHG", "Leidschenveen / Ypenburg")  # [invented]
# B, C, D "nauwelijks aan bod" (seed-001 L468-469): one in Zoetermeer itself, so its coordinator sees one too.
ISOLATED_PARTNERS = (("HLM", "Noord", "fysiotherapeut"), ("ZTM", "Oosterheem", "fysiotherapeut"))
STALE_PROFESSIONAL = ("DHG", "Moerwijk", "huisarts")
STALE_CIVIL_PARTNER = ("HLM", "Centrum", "buurthuis")
DUPLICATE_OF = ("LEI", "Merenwijk", "maatschappelijk werker")  # registered twice, once per sign-up route
# A dubbele pet: ring 1 in Meerzicht's team and group A in Oosterheem. Team members also work in the wijk network
# with a caseload of their own (seed-001 L50-53) [invented: this person, this wijk].
DUAL_ROLE = ("ZTM", "Meerzicht", "wijkverpleegkundige", "Oosterheem")

STALE_VERIFIED = {"professional": date(2024, 9, 12), "civil": date(2025, 2, 3)}
FRESH_VERIFIED = (date(2026, 1, 5), date(2026, 10, 20))  # within a year of the reference date and of today


class KaartBuilder:
    def __init__(self, people: People, rng: random.Random) -> None:
        self.people = people
        self.rng = rng
        self.kaart = Kaart()
        self._numbers: dict[str, int] = {}

    def _next(self, prefix: str) -> str:
        self._numbers[prefix] = self._numbers.get(prefix, 0) + 1
        return f"{prefix}-{self._numbers[prefix]:04d}"

    def build(self) -> Kaart:
        for org in facts.ORGANISATIONS:
            self.kaart.organisations[org.id] = {"id": org.id, "name": org.name, "kind": org.kind, "scope": org.scope,
                                                "offers": org.offers}
        for municipality in facts.MUNICIPALITIES:
            self._municipality(municipality)
        self._duplicate_record()
        self._late_additions()
        self._contacts()
        self._civil_partners()
        return self.kaart

    # --- places and teams ------------------------------------------------------------------------

    def _municipality(self, municipality: MunicipalityFact) -> None:
        self.kaart.municipalities.append(municipality)
        names = {"ZTM": facts.ZOETERMEER_WIJKEN, "DHG": facts.DEN_HAAG_WIJKEN, "HLM": facts.HAARLEM_AREAS,
                 "LEI": (*facts.LEIDEN_AREAS, facts.LEIDEN_WIJK_WITHOUT_TEAM)}[municipality.short]
        digits = municipality.code[2:]
        for number, name in enumerate(names, start=1):
            code = f"WK{digits}{number:02d}"
            self.kaart.wijken[code] = Wijk(code, name, municipality)
            self._wijk_organisations(municipality, code, name)
        builder = {"ZTM": self._zoetermeer, "DHG": self._den_haag, "HLM": self._haarlem, "LEI": self._leiden}
        builder[municipality.short](municipality)
        for code, wijk in self.kaart.wijken.items():
            if wijk.municipality is municipality and wijk.name != facts.DUINDORP:  # Duindorp's: _late_additions
                self._ring2(municipality, code, wijk.name)
        for role in facts.GROUP_D[municipality.short]:
            pro = self._pro(municipality, role)
            pro.city_wide = True
            self.kaart.wijk_work.append({"professional_id": pro.id, "municipality_code": municipality.code,
                                         "group": "D", "since": self._since()})

    def _wijk_organisations(self, municipality: MunicipalityFact, code: str, name: str) -> None:
        # The wijk's own huisartsenpraktijk, fysiotherapie and basisschool: generic [invented] names.
        for suffix, label, kind in (("HA", "Huisartsenpraktijk", "huisarts"), ("FY", "Fysiotherapie", "fysiotherapie"),
                                    ("SC", "Basisschool", "onderwijs")):
            org_id = f"ORG-{code}-{suffix}"
            self.kaart.organisations[org_id] = {"id": org_id, "name": f"{label} {name}", "kind": kind,
                                                "scope": "wijk", "offers": ()}
        housing = f"ORG-{municipality.short}-WONEN"
        if municipality.short not in facts.HOUSING_ORG and housing not in self.kaart.organisations:
            self.kaart.organisations[housing] = {"id": housing, "name": f"Woningcorporatie {municipality.name}",
                                                 "kind": "woningcorporatie", "scope": "stedelijk", "offers": ()}

    def _team(self, municipality: MunicipalityFact, name: str, kind: str, wijken: list[str], since: date) -> Team:
        number = sum(1 for team in self.kaart.teams.values() if team.municipality is municipality) + 1
        team_id = f"T-{municipality.short}-{number:02d}"
        team = Team(team_id, name, kind, municipality, wijken, since)
        self.kaart.teams[team_id] = team
        return team

    def _member(self, team: Team, role: Role, pro: Pro | None = None, team_role: str | None = None) -> Pro:
        pro = pro or self._pro(team.municipality, role)
        pro.teams.append(team.id)
        team.members.append(pro.id)
        self.kaart.memberships.append({
            "professional_id": pro.id, "team_id": team.id, "team_role": team_role or role.function,
            "group": role.group or None, "since": team.since,
        })
        return pro

    def _zoetermeer(self, municipality: MunicipalityFact) -> None:
        # Teams installed 12 Dec 2013 (seed-001 L78); one coordinator for both teams (L54-56).
        coordinator = self._pro(municipality, facts.ZOETERMEER_COORDINATOR)
        coordinator.coordinator = True
        for code, wijk in self._wijken_of(municipality):
            team = self._team(municipality, f"Sociaal wijkteam {wijk.name}", "swt", [code], date(2013, 12, 12))
            for role in facts.ZOETERMEER_TEAM:
                function = facts.ZOETERMEER_YOUTH_FUNCTION[wijk.name] if role.organisation == "ORG-BJZ" else None
                pro = self._member(team, Role(function or role.function, role.organisation, role.group,
                                              role.expertise))
                if role.group == "D":  # the WZI schuldhulpverlener also has a city-wide caseload (L50-53)
                    self.kaart.wijk_work.append({"professional_id": pro.id, "municipality_code": municipality.code,
                                                 "group": "D", "since": date(2012, 3, 1)})
            self._member(team, facts.ZOETERMEER_COORDINATOR, coordinator, "coördinator")
            # GGZ can be flown in; an agreement with MEE for LVB is still needed (seed-001 L346-350).
            self._agreement(team, "ORG-PARNASSIA", "GGZ", "GGZ invliegen", "active", date(2014, 2, 1))
            self._agreement(team, "ORG-MEE", "LVB", "LVB invliegen (afspraak nog te maken)", "needed", None)

    def _den_haag(self, municipality: MunicipalityFact) -> None:
        coordinator: Pro | None = None
        duindorp = self.kaart.wijk_code("DHG", facts.DUINDORP)
        for number, area in enumerate(facts.DEN_HAAG_AREAS):
            since = date(2014, 9, 1) if number < 11 else date(2015, 10, 1)  # roll-out (seed-000 L3143-3344)
            wijken = [self.kaart.wijk_code("DHG", facts.DEN_HAAG_WIJK_OF_AREA.get(area, area))]
            wijken += [duindorp] if area in facts.DUINDORP_TEAMS else []  # Duindorp: two teams (L3191, L3246)
            team = self._team(municipality, f"Sociaal wijkzorgteam {area}", "wijkzorgteam", wijken, since)
            for role in facts.DEN_HAAG_TEAM:
                self._member(team, role)
            # Specialisms follow the wijk's "DNA" (L2468-2479); Bouwlust added psychiatry (L3731-3735).
            specialisms = [facts.DEN_HAAG_SPECIALISMS[0]] if area == "Bouwlust" else [
                role for role in facts.DEN_HAAG_SPECIALISMS if self.rng.random() < 0.4]
            for role in specialisms:
                self._member(team, role)
            if number % 2 == 0:  # 12 coordinators for 24 teams (L3651-3653)
                coordinator = self._pro(municipality, facts.DEN_HAAG_COORDINATOR)
                coordinator.coordinator = True
            assert coordinator is not None
            self._member(team, facts.DEN_HAAG_COORDINATOR, coordinator, "coördinator")
            if area == "Bouwlust":  # psychiatry was flown in before it was added to the team
                self._agreement(team, "ORG-PARNASSIA", "GGZ", "psychiatrie invliegen", "ended", date(2014, 9, 1),
                                date(2015, 6, 30))

    def _haarlem(self, municipality: MunicipalityFact) -> None:
        coordinator: Pro | None = None
        for number, (code, wijk) in enumerate(self._wijken_of(municipality)):
            team = self._team(municipality, f"Sociaal wijkteam {wijk.name}", "swt", [code], date(2015, 1, 1))
            for role in facts.HAARLEM_TEAM:
                lvb = role.organisation == "ORG-MEE-DE-WERING" and wijk.name in facts.HAARLEM_LVB_IN_TEAM
                self._member(team, Role(role.function, role.organisation, role.group, ("LVB",)) if lvb else role)
            if wijk.name in facts.HAARLEM_LVB_FLY_IN:  # LVB reached poorly (003:L1449-1459): invliegen at best
                self._agreement(team, "ORG-MEE-DE-WERING", "LVB", "LVB-consult MEE & de Wering", "active",
                                date(2016, 1, 1))
            if number in (0, 4, 7):  # 3 wijkteamleiders for 10 teams (003:L2659-2667)
                coordinator = self._pro(municipality, facts.HAARLEM_COORDINATOR)
                coordinator.coordinator = True
            assert coordinator is not None
            self._member(team, facts.HAARLEM_COORDINATOR, coordinator, "coördinator")

    def _leiden(self, municipality: MunicipalityFact) -> None:
        for code, wijk in self._wijken_of(municipality):
            if wijk.name == facts.LEIDEN_WIJK_WITHOUT_TEAM:
                self.kaart.planted["wijk_without_team"] = code
                continue
            team = self._team(municipality, f"Sociaal wijkteam {wijk.name}", "wijkteam", [code], date(2015, 1, 1))
            for role in facts.LEIDEN_TEAM:
                self._member(team, role)
            coordinator = self._member(team, facts.LEIDEN_COORDINATOR, team_role="coördinator")
            coordinator.coordinator = True
            if wijk.name in facts.LEIDEN_GGZ_FLY_IN:
                self._agreement(team, "ORG-GGZ-INFOPUNT", "GGZ", "GGZ-ervaringsdeskundigen bij casusoverleg",
                                "active", date(2016, 1, 1))

    def _late_additions(self) -> None:
        """What came after the first version of the demo, added last so that the people made before keep their keys
        and names: Duindorp's network, Leiden's jeugd- en gezinsteams, the planted dubbele pet."""
        dhg = next(m for m in self.kaart.municipalities if m.short == "DHG")
        self._ring2(dhg, self.kaart.wijk_code("DHG", facts.DUINDORP), facts.DUINDORP)
        leiden = next(m for m in self.kaart.municipalities if m.short == "LEI")
        for area, cjg, names in facts.LEIDEN_JGT:  # the JGTs of the CJG, since youth care came in 2015 (L1166-1169)
            wijken = [self.kaart.wijk_code("LEI", name) for name in names]
            team = self._team(leiden, f"Jeugd- en gezinsteam {area} ({cjg})", "jgt", wijken, date(2015, 1, 1))
            for role in facts.LEIDEN_JGT_TEAM:
                self._member(team, role)
        short, home, function, other = DUAL_ROLE
        [team] = self.kaart.teams_serving(self.kaart.wijk_code(short, home))
        pro = next(self.kaart.pros[pid] for pid in team.members if self.kaart.pros[pid].function == function)
        self.kaart.wijk_work.append({"professional_id": pro.id, "wijk_code": self.kaart.wijk_code(short, other),
                                     "group": "A", "since": date(2015, 3, 1)})
        self.kaart.planted["dual_role"] = pro.id

    def _agreement(self, team: Team, organisation: str, expertise: str, topic: str, status: str,
                   since: date | None, until: date | None = None) -> None:
        self.kaart.agreements.append({
            "id": self._next(f"AG-{team.municipality.short}"), "team_id": team.id, "organisation_id": organisation,
            "expertise": expertise, "topic": topic, "status": status, "since": since, "until": until,
        })

    def _wijken_of(self, municipality: MunicipalityFact) -> list[tuple[str, Wijk]]:
        return [(code, wijk) for code, wijk in self.kaart.wijken.items() if wijk.municipality is municipality]

    # --- people ------------------------------------------------------------------------------------

    def _pro(self, municipality: MunicipalityFact, role: Role, organisation: str | None = None) -> Pro:
        organisation = organisation or role.organisation
        name = self.people.name()
        domain = ascii_slug(self.kaart.organisations[organisation]["name"].split(",")[0], "-") + ".example"
        pro = Pro(
            id=self._next(f"P-{municipality.short}"), name=name, function=role.function, organisation=organisation,
            email=self.people.email(name, domain), phone=self.people.phone(municipality.area_code),
            last_verified=self.people.day(*FRESH_VERIFIED), expertise=role.expertise,
            municipality=municipality.short, group=role.group,
        )
        self.kaart.pros[pro.id] = pro
        return pro

    def _since(self) -> date:
        return self.people.day(date(2016, 1, 1), date(2024, 12, 31))

    def _ring2(self, municipality: MunicipalityFact, code: str, name: str) -> None:
        place = (municipality.short, name)
        for role in facts.RING2_PER_WIJK:
            no_ggz = municipality.short == "ZTM" or place == GGZ_MISSING_WIJK
            if role.function == "praktijkondersteuner ggz" and no_ggz:
                continue  # Zoetermeer: GGZ only by fly-in (seed-001 L343-350); the planted GGZ gap
            if role.group == "C" and place == EMPTY_GROUP_C_WIJK:
                continue
            organisation = role.organisation.format(
                youth=facts.YOUTH_ORG[municipality.short], huisarts=f"ORG-{code}-HA", fysio=f"ORG-{code}-FY",
                school=f"ORG-{code}-SC",
                housing=facts.HOUSING_ORG.get(municipality.short, f"ORG-{municipality.short}-WONEN"))
            pro = self._pro(municipality, role, organisation)
            pro.wijk = code
            self.kaart.wijk_work.append({"professional_id": pro.id, "wijk_code": code, "group": role.group,
                                         "since": self._since()})
            if (*place, role.function) in ISOLATED_PARTNERS:
                self.kaart.planted.setdefault("isolated_partners", []).append(pro.id)
            if (*place, role.function) == STALE_PROFESSIONAL:
                pro.last_verified = STALE_VERIFIED["professional"]
                self.kaart.planted["stale_professional"] = pro.id
        if place == EMPTY_GROUP_C_WIJK:
            self.kaart.planted["empty_group_c"] = code
        if place == GGZ_MISSING_WIJK:
            self.kaart.planted["ggz_missing"] = code

    def _duplicate_record(self) -> None:
        """The same person registered twice: another spelling and title, the same e-mail and phone."""
        short, wijk_name, function = DUPLICATE_OF
        code = self.kaart.wijk_code(short, wijk_name)
        team = self.kaart.teams_serving(code)[0]
        original = next(self.kaart.pros[pid] for pid in team.members if self.kaart.pros[pid].function == function)
        first, _, rest = original.name.partition(" ")
        duplicate = Pro(
            id=self._next(f"P-{short}"), name=f"drs. {first.upper()} {rest}", function=function,
            organisation=original.organisation, email=original.email, phone=original.phone,
            last_verified=self.people.day(*FRESH_VERIFIED), expertise=original.expertise, municipality=short,
            group="A", wijk=code,
        )
        self.kaart.pros[duplicate.id] = duplicate
        self.kaart.wijk_work.append({"professional_id": duplicate.id, "wijk_code": code, "group": "A",
                                     "since": self._since()})
        self.kaart.planted["duplicate"] = (original.id, duplicate.id)

    # --- KNOWS: each member's achterland (seed-001 L449-455) ------------------------------------------

    def _know(self, one: str, other: str) -> None:
        if one != other and not {one, other} & set(self.kaart.planted.get("isolated_partners", ())):
            self.kaart.contacts[(one, other)] = None

    def _contacts(self) -> None:
        kaart = self.kaart
        for team in kaart.teams.values():
            # A JGT has no coordinator of its own: its people know the teamcoach of the SWT of their wijken, with
            # whom they work in close agreement (seed-004 L1187-1188).
            coordinators = [pid for pid in team.members if kaart.pros[pid].coordinator] or [
                pid for code in team.wijken for other in kaart.teams_serving(code) if other is not team
                for pid in other.members if kaart.pros[pid].coordinator]
            for member in team.members:
                for coordinator in coordinators:
                    self._know(member, coordinator)
        for code in kaart.wijken:
            teams = kaart.teams_serving(code) or self._neighbour_teams(code)
            members = [pid for team in teams for pid in team.members if not kaart.pros[pid].coordinator]
            for pro in kaart.ring2_in(code):
                contact = self.rng.choice(members)
                self._know(pro.id, contact)
                if self.rng.random() < 0.5:
                    self._know(contact, pro.id)
        for municipality in kaart.municipalities:
            members = [pid for team in kaart.teams.values() if team.municipality is municipality
                       for pid in team.members if not kaart.pros[pid].coordinator]
            teams = [team for team in kaart.teams.values() if team.municipality is municipality]
            for pro in kaart.group_d(municipality.short):
                for contact in self.rng.sample(members, 2):
                    self._know(contact, pro.id)
                # A city-wide specialist is ring 2 of every wijk of the city: each team knows them (no random draw,
                # so the rest of the demo stays as it was).
                for team in teams:
                    known = {one for pair in kaart.contacts if pro.id in pair for one in pair}
                    if not known & set(team.members):
                        self._know(pro.id, next(pid for pid in team.members if not kaart.pros[pid].coordinator))

    def _neighbour_teams(self, code: str) -> list[Team]:
        """The team that helps in a wijk without its own team (brandweerfunctie, seed-001 L752-755)."""
        wijk = self.kaart.wijken[code]
        neighbour = self.kaart.wijk_code(wijk.municipality.short, facts.LEIDEN_NEIGHBOUR_TEAM)
        return [team for team in self.kaart.teams_serving(neighbour) if team.kind != "jgt"]

    # --- ring 3 -----------------------------------------------------------------------------------

    def _civil_partners(self) -> None:
        for code, wijk in self.kaart.wijken.items():
            place = (wijk.municipality.short, wijk.name)
            if place == NO_CIVIL_PARTNER_WIJK:
                self.kaart.planted["no_civil_partner"] = code
                continue
            kinds = list(facts.CIVIL_KINDS)
            if place[0] != STALE_CIVIL_PARTNER[0] or place[1] != STALE_CIVIL_PARTNER[1]:
                chosen = self.rng.sample(kinds, self.rng.choice((2, 3)))
            else:
                chosen = [kind for kind in kinds if kind[0] == STALE_CIVIL_PARTNER[2]] + self.rng.sample(
                    [kind for kind in kinds if kind[0] != STALE_CIVIL_PARTNER[2]], 1)
            for kind, pattern in chosen:
                partner_id = self._next(f"CP-{wijk.municipality.short}")
                name = pattern.format(wijk=wijk.name, municipality=wijk.municipality.name)
                stale = (*place, kind) == STALE_CIVIL_PARTNER
                self.kaart.civil_partners[partner_id] = {
                    "id": partner_id, "name": name, "kind": kind, "wijk_codes": [code],
                    "email": f"info@{ascii_slug(name, '-')[:40]}.example",
                    "phone": self.people.phone(wijk.municipality.area_code),
                    "last_verified": STALE_VERIFIED["civil"] if stale else self.people.day(*FRESH_VERIFIED),
                }
                if stale:
                    self.kaart.planted["stale_civil_partner"] = partner_id
