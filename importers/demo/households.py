"""The demo households: pseudonymous keys and aliases, needs, helpers, coordinators, ZRM and ecograms.

Healthy households follow rules that keep them out of every analysis: each need is covered by an
active helper who has the expertise (and whose organisation offers it, in a life domain that calls
for it), each life domain has one helper, at most four helpers, exactly one active coordinator (a
ring-1 member), informal contacts, and ZRM scores of 2 or lower only in domains of a need. The planted
households (:func:`planted_households`) break exactly one rule each.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from graph.model import DOMAIN_CALLS_FOR, ZRM_VERSIONS
from importers.demo import facts
from importers.demo.kaart import Kaart, Pro

# The life domain in which a helper works on a need (DOMAIN_CALLS_FOR read backwards, plus the
# expertise that no ZRM domain calls for).
NEED_DOMAIN = {
    "GGZ": "geestelijke_gezondheid", "SCHULDEN": "financien", "JEUGD": "opvoeding", "WONEN": "huisvesting",
    "WERK_INKOMEN": "werk_opleiding", "VERSLAVING": "middelengebruik", "OUDEREN": "basale_adl",
    "LVB": "maatschappelijke_participatie", "HUISELIJK_GEWELD": "huiselijke_relaties",
}
# Domains for helpers without a need of their own: none of them calls for an expertise.
SUPPORT_DOMAINS = ("sociaal_netwerk", "lichamelijke_gezondheid", "tijdsbesteding", "instrumentele_adl")
NEED_WEIGHTS = {"SCHULDEN": 19, "JEUGD": 20, "GGZ": 18, "WONEN": 18, "OUDEREN": 11, "WERK_INKOMEN": 9,
                "VERSLAVING": 5, "LVB": 6}  # after Tabel 4 of the Zoetermeer cases (seed-001 §3.1, L260-279)
INFORMAL = (("familie", "Oma"), ("familie", "Opa"), ("familie", "Broer"), ("familie", "Zus"), ("familie", "Tante"),
            ("buur", "Buurvrouw"), ("buur", "Buurman"), ("vriend", "Vriendin"), ("vriend", "Vriend"),
            ("mantelzorger", "Mantelzorger"))
LAST_DAY = date(2026, 9, 30)  # nothing in the demo happens after this: everything is settled by the reference date


@dataclass
class Help:
    pro: Pro
    domain: str
    since: date
    until: date | None = None


@dataclass
class Plan:
    """What a household should look like; :meth:`HouseholdFactory.make` turns it into JSON."""

    wijk: str
    needs: list[str]
    helpers: list[Help]
    coordinators: list[tuple[Pro, date, date | None]]
    intake: date
    informal: bool = True
    two_ecograms: bool = False
    civil: list[str] = field(default_factory=list)
    stopped: Help | None = None  # a helper who stopped between the two ecograms


class HouseholdFactory:
    def __init__(self, kaart: Kaart, rng: random.Random) -> None:
        self.kaart = kaart
        self.rng = rng
        self.offers = kaart.offers()
        self._numbers: dict[str, int] = {}

    # --- who can help in a wijk --------------------------------------------------------------------

    def ring1(self, wijk: str) -> list[Pro]:
        teams = self.kaart.teams_serving(wijk)
        if not teams:  # the neighbouring team helps out (brandweerfunctie, seed-001 L752-755)
            short = self.kaart.wijken[wijk].municipality.short
            teams = [team for team in self.kaart.teams_serving(self.kaart.wijk_code(short, facts.LEIDEN_NEIGHBOUR_TEAM))
                     if team.kind != "jgt"]
        return [self.kaart.pros[pid] for team in teams for pid in team.members
                if not self.kaart.pros[pid].coordinator]  # coordinators have no caseload (seed-000 L2907-2915)

    def pool(self, wijk: str) -> list[Pro]:
        short = self.kaart.wijken[wijk].municipality.short
        ring2 = [pro for pro in self.kaart.ring2_in(wijk) if pro.group in ("A", "B")
                 and pro.id not in (*self.kaart.planted["isolated_partners"], self.kaart.planted["duplicate"][1])]
        return [*self.ring1(wijk), *ring2, *self.kaart.group_d(short)]

    def providers(self, wijk: str, expertise: str) -> list[Pro]:
        return [pro for pro in self.pool(wijk)
                if expertise in pro.expertise and expertise in self.offers[pro.organisation]]

    def find(self, wijk: str, function: str) -> Pro:
        return next(pro for pro in self.pool(wijk) if pro.function == function)

    # --- healthy households ------------------------------------------------------------------------

    def healthy(self, wijk: str) -> Plan:
        coverable = [code for code in NEED_WEIGHTS if self.providers(wijk, code)]
        count = self.rng.choices((1, 2, 3), (18, 10, 9))[0]  # enkel/tweevoudig vs multiproblem (seed-001 L240-253)
        needs: list[str] = []
        while len(needs) < count:
            code = self.rng.choices(coverable, [NEED_WEIGHTS[c] for c in coverable])[0]
            if code not in needs:
                needs.append(code)
        intake = self._day(date(2024, 2, 1), date(2025, 10, 31))
        helpers: list[Help] = []
        for code in needs:
            chosen = {help.pro.id for help in helpers}
            candidates = [pro for pro in self.providers(wijk, code) if pro.id not in chosen] or \
                self.providers(wijk, code)
            helpers.append(Help(self.rng.choice(candidates), NEED_DOMAIN[code], self._after(intake, 45)))
        ring1 = self.ring1(wijk)
        free_domains = list(SUPPORT_DOMAINS)
        self.rng.shuffle(free_domains)
        if not any(help.pro.ring1 for help in helpers):
            helpers.append(Help(self.rng.choice(ring1), free_domains.pop(), self._after(intake, 30)))
        if len({help.pro.id for help in helpers}) < 4 and self.rng.random() < 0.3:
            extra = [pro for pro in self.pool(wijk) if pro.id not in {help.pro.id for help in helpers}]
            helpers.append(Help(self.rng.choice(extra), free_domains.pop(), self._after(intake, 60)))
        lead = next(help for help in helpers if help.pro.ring1)
        plan = Plan(wijk, needs, helpers, [(lead.pro, lead.since, None)], intake,
                    two_ecograms=self.rng.random() < 0.35)
        if plan.two_ecograms and self.rng.random() < 0.5:  # a helper who has since stopped: the change view shows it
            extra = [pro for pro in self.pool(wijk) if pro.id not in {help.pro.id for help in helpers}]
            plan.stopped = Help(self.rng.choice(extra), free_domains.pop(), intake)
            helpers.append(plan.stopped)
        return plan

    # --- JSON ------------------------------------------------------------------------------------------

    def make(self, key: str, plan: Plan) -> dict[str, Any]:
        rng = self.rng
        composition = rng.choices(("alleenstaand", "eenouder", "samenwonend"), (15, 11, 14))[0]  # Tabel 3, L240-253
        with_children = composition == "eenouder" or (composition == "samenwonend" and rng.random() < 0.8)
        members = self._members(key, composition, with_children)
        informal = []
        if plan.informal:
            for number, (kind, alias) in enumerate(rng.sample(INFORMAL, rng.choice((1, 2, 2, 3))), start=1):
                informal.append({"id": f"{key}-C{number}", "kind": kind, "alias": alias})
        first = plan.intake + timedelta(days=50)
        dates = [first]
        if plan.two_ecograms:
            dates.append(min(first + timedelta(days=rng.randint(200, 400)), LAST_DAY))
            if plan.stopped:
                plan.stopped.until = first + (dates[1] - first) // 2
        complexity = ("enkelvoudig", "meervoudig", "multiproblem")[min(len(plan.needs), 3) - 1]
        household: dict[str, Any] = {
            "id": key, "wijk": plan.wijk, "composition": composition, "with_children": with_children,
            "complexity": complexity, "members": members, "informal_contacts": informal,
            "needs": [{"expertise": code, "since": plan.intake, "until": None} for code in plan.needs],
            "involvements": [{"professional": h.pro.id, "life_domain": h.domain, "since": h.since, "until": h.until}
                             for h in plan.helpers],
            "coordinators": [{"professional": pro.id, "since": since, "until": until}
                             for pro, since, until in plan.coordinators],
            "zrm": self._zrm(key, plan, dates),
            "ecograms": [self._ecogram(key, number, day, plan, members, informal)
                         for number, day in enumerate(dates, start=1)],
            "consents": self._consents(key, plan.intake),
        }
        return household

    def _members(self, key: str, composition: str, with_children: bool) -> list[dict[str, Any]]:
        rng = self.rng
        if composition == "alleenstaand":
            adults = [("anders", "Bewoner", rng.choice(("18-26", "27-66", "27-66", "67+")))]
        elif composition == "eenouder":
            adults = [("ouder", "Ouder 1", "27-66")]
        elif with_children:
            adults = [("ouder", "Ouder 1", "27-66"), ("ouder", "Ouder 2", "27-66")]
        else:
            adults = [("anders", "Bewoner", "27-66"), ("partner", "Partner", "27-66")]
        children = [("kind", f"Kind {n}", rng.choice(("0-11", "12-17"))) for n in range(1, rng.randint(1, 3) + 1)] \
            if with_children else []
        return [{"id": f"{key}-M{n}", "role": role, "age_band": band, "alias": alias}
                for n, (role, alias, band) in enumerate([*adults, *children], start=1)]

    def _zrm(self, key: str, plan: Plan, dates: list[date]) -> list[dict[str, Any]]:
        # ZRM-2017 mostly; some teams still score the 2013 matrix. Low scores (1-2) only where a need is.
        version = "ZRM-2013" if self.rng.random() < 0.15 else "ZRM-2017"
        assessments = []
        for number, day in enumerate(dates, start=1):
            scores = {}
            for domain in ZRM_VERSIONS[version]:
                if DOMAIN_CALLS_FOR.get(domain) in plan.needs:
                    scores[domain] = 1 if number == 1 and self.rng.random() < 0.5 else 2
                else:
                    scores[domain] = self.rng.randint(3, 5)
            assessments.append({"id": f"{key}-Z{number}", "date": day - timedelta(days=30), "version": version,
                                "scores": scores})
        return assessments

    def _ecogram(self, key: str, number: int, day: date, plan: Plan, members: list[dict[str, Any]],
                 informal: list[dict[str, Any]]) -> dict[str, Any]:
        rng = self.rng
        ties = [{"kind": "member", "ref": m["id"], "quality": rng.choice(("strong", "strong", "normal", "stressful")),
                 "direction": "mutual"} for m in members]
        for contact in informal:
            if number == 2 and contact is informal[-1] and len(informal) > 1 and rng.random() < 0.5:
                continue  # a tie lost since the first snapshot
            quality = rng.choice(("strong", "normal", "weak", "stressful"))
            ties.append({"kind": "informal", "ref": contact["id"], "quality": quality,
                         "direction": rng.choice(("to_household", "mutual", "from_household"))})
        seen: set[str] = set()
        for help in plan.helpers:
            active = help.since <= day and (help.until is None or help.until >= day)
            if active and help.pro.id not in seen:
                seen.add(help.pro.id)
                ties.append({"kind": "professional", "ref": help.pro.id,
                             "quality": rng.choice(("normal", "strong", "weak")), "direction": "to_household"})
        for partner in plan.civil:
            ties.append({"kind": "civil", "ref": partner, "quality": "normal", "direction": "to_household"})
        return {"id": f"{key}-E{number}", "date": day, "ties": ties}

    def _consents(self, key: str, intake: date) -> list[dict[str, Any]]:
        consents = [{"id": f"{key}-T1", "purpose": "aanmelding", "given_on": intake, "withdrawn_on": None}]
        if self.rng.random() < 0.5:
            consents.append({"id": f"{key}-T2", "purpose": "delen plan", "given_on": intake + timedelta(days=20),
                             "withdrawn_on": None})
        return consents

    def _day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _after(self, day: date, days: int) -> date:
        return day + timedelta(days=self.rng.randint(0, days))


def planted_households(factory: HouseholdFactory) -> list[tuple[str, Plan, dict[str, Any]]]:
    """The households that break one rule each: (municipality short, plan, manifest case)."""
    kaart = factory.kaart
    code = kaart.wijk_code

    def plan(short: str, wijk_name: str, needs: list[str], helpers: list[tuple[str, str, int]],
             coordinators: list[tuple[str, int, date | None]], intake: date, **extra: Any) -> tuple[str, Plan]:
        wijk = code(short, wijk_name)
        helps = [Help(factory.find(wijk, function), domain, intake + timedelta(days=days))
                 for function, domain, days in helpers]
        coords = [(factory.find(wijk, function), intake + timedelta(days=days), until)
                  for function, days, until in coordinators]
        return short, Plan(wijk, needs, helps, coords, intake, **extra)

    cases: list[tuple[str, Plan, dict[str, Any]]] = []

    def add(made: tuple[str, Plan], case: dict[str, Any]) -> None:
        cases.append((*made, case))

    add(plan("ZTM", "Meerzicht", ["LVB", "SCHULDEN"],
             [(WZI, "financien", 10), ("wijkcoach", "sociaal_netwerk", 5)],
             [("wijkcoach", 5, None)], date(2025, 1, 13)),
        {"kind": "household_uncovered_need", "expertise": ["LVB"],
         "why": "LVB is missing in Meerzicht (no MEE agreement yet, seed-001 L346-350); nobody covers the need"})
    add(plan("ZTM", "Meerzicht", ["GGZ"],
             [("ggz-behandelaar", "geestelijke_gezondheid", 20), ("wijkverpleegkundige", "lichamelijke_gezondheid", 3)],
             [("wijkverpleegkundige", 3, None)], date(2025, 3, 3), informal=False),
        {"kind": "household_without_informal_contacts",
         "why": "'Er is geen omgeving' (seed-001 L1781-1782): a household without any informal contact"})
    add(plan("ZTM", "Oosterheem", ["JEUGD", "WONEN"],
             [("gezinsconsulent Bureau Jeugdzorg", "opvoeding", 7), ("wijkcoach", "huisvesting", 2)],
             [("wijkcoach", 2, None), ("gezinsconsulent Bureau Jeugdzorg", 30, None)], date(2024, 11, 4)),
        {"kind": "household_multiple_coordinators",
         "why": "two active coordinators: 1 Huishouden 1 Plan not met (seed-001 L810-812, L1867)"})
    _zoetermeer_cases(plan, add)
    add(plan("LEI", "Roodenburg", ["GGZ", "OUDEREN"],
             [("ouderenconsulent", "basale_adl", 4), ("maatschappelijk werker", "sociaal_netwerk", 1)],
             [("maatschappelijk werker", 1, None)], date(2025, 2, 17)),
        {"kind": "household_uncovered_need", "expertise": ["GGZ"],
         "why": "GGZ is missing in Roodenburg (planted; seed-004 L1770-1773); nobody covers the need"})
    add(plan("DHG", "Schilderswijk West", ["GGZ", "SCHULDEN"],
             [("praktijkondersteuner ggz", "geestelijke_gezondheid", 5),
              ("ggz-behandelaar", "geestelijke_gezondheid", 40), ("sociaal casemanager", "financien", 2)],
             [("sociaal casemanager", 2, None)], date(2024, 10, 7)),
        {"kind": "household_overlapping_helpers", "life_domain": "geestelijke_gezondheid",
         "functions": ["praktijkondersteuner ggz", "ggz-behandelaar"],
         "why": "two organisations treat the same domain at once, 'langs elkaar heen' (seed-001 L1793)"})
    add(plan("HLM", "Schalkwijk Meerwijk", ["SCHULDEN", "OUDEREN"],
             [("schulddienstverlener", "financien", 3), ("maatschappelijk werker", "financien", 25),
              ("wijkverpleegkundige", "basale_adl", 9)],
             [("maatschappelijk werker", 25, None)], date(2024, 9, 16)),
        {"kind": "household_overlapping_helpers", "life_domain": "financien",
         "functions": ["schulddienstverlener", "maatschappelijk werker"],
         "why": "debt counselling and social work both on the finances (003:L2104-2108)"})
    add(plan("DHG", "Laak Noord", ["SCHULDEN", "GGZ", "OUDEREN", "JEUGD", "WERK_INKOMEN"],
             [("sociaal casemanager", "financien", 1), ("praktijkondersteuner ggz", "geestelijke_gezondheid", 12),
              ("wijkverpleegkundige", "basale_adl", 20), ("gezinscoach", "opvoeding", 33),
              ("consulent werk en inkomen", "werk_opleiding", 41), ("huisarts", "lichamelijke_gezondheid", 3)],
             [("sociaal casemanager", 1, None)], date(2024, 6, 10)),
        {"kind": "household_too_many_helpers", "active_helpers": 6,
         "why": "constantly new helpers (seed-001 L1803-1806): more than 5 active"})
    add(plan("HLM", "Slachthuisbuurt", ["SCHULDEN", "GGZ"],
             [("schulddienstverlener", "financien", 6), ("ambulant ggz-medewerker", "geestelijke_gezondheid", 11),
              ("opbouwwerker", "sociaal_netwerk", 2)],
             [("opbouwwerker", 2, date(2025, 9, 30))], date(2024, 12, 2)),
        {"kind": "household_without_coordinator", "active_helpers": 3,
         "why": "the coordinator stopped and nobody took over (seed-001 L1159, L2010)"})
    return cases


WZI = "medewerker Werk, Zorg en Inkomen"  # Zoetermeer's fourth team role (seed-001 L55-56, L70-74)


def _zoetermeer_cases(plan: Callable[..., tuple[str, Plan]], add: Callable[[tuple[str, Plan], dict[str, Any]], None],
                      ) -> None:
    """The household kinds planted elsewhere once more, in Oosterheem: the demo coordinator (who has both Zoetermeer
    teams, seed-001 L54-56) meets one of each kind in their own wijken. The seed of these cases is Zoetermeer's."""
    add(plan("ZTM", "Oosterheem", ["SCHULDEN", "WONEN"],
             [(WZI, "financien", 4), ("wijkcoach", "financien", 12), ("wijkcoach", "huisvesting", 12)],
             [(WZI, 4, None)], date(2025, 2, 10)),
        {"kind": "household_overlapping_helpers", "life_domain": "financien",
         "functions": [WZI, "wijkcoach"],
         "why": "the WZI debt counsellor and the wijkcoach both on the finances, 'langs elkaar heen' (seed-001 L1793)"})
    add(plan("ZTM", "Oosterheem", ["SCHULDEN", "JEUGD", "GGZ", "VERSLAVING", "WERK_INKOMEN"],
             [(WZI, "financien", 2), ("gezinsconsulent Bureau Jeugdzorg", "opvoeding", 9),
              ("ggz-behandelaar", "geestelijke_gezondheid", 15), ("verslavingsconsulent", "middelengebruik", 21),
              ("consulent werk en inkomen", "werk_opleiding", 30), ("huisarts", "lichamelijke_gezondheid", 1)],
             [(WZI, 2, None)], date(2024, 8, 19)),
        {"kind": "household_too_many_helpers", "active_helpers": 6,
         "why": "constantly new helpers (seed-001 L1803-1806): more than 5 active"})
    add(plan("ZTM", "Oosterheem", ["WONEN", "OUDEREN"],
             [("wijkcoach", "huisvesting", 3), ("wijkverpleegkundige", "basale_adl", 8)],
             [("wijkcoach", 3, date(2025, 8, 31))], date(2024, 11, 25)),
        {"kind": "household_without_coordinator", "active_helpers": 2,
         "why": "the coordinator stopped and nobody took over (seed-001 L1159, L2010)"})
