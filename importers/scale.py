"""The scale generator: the demo's model at sizes up to national, as importer input files, for benchmarks.

National size is about 350 municipalities, 3,300 wijken, 60,000 professionals and 500,000 households
(DESIGN section 8). Everything is streamed: rows are written as they are made and only the current
municipality's professionals are held, so memory stays flat at any size. Deterministic from the seed
(one ``random.Random``; simple name pools instead of Faker, which is ~50x slower per name).

The places are synthetic: municipality codes ``GM9001``... (the 9000 range has no real CBS codes, so
a scale set never collides with the demo), wijk codes ``WK9001nn``, names "Gemeente 0001".
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph.model import ZRM_VERSIONS
from importers.inputfiles import HouseholdsWriter, KaartWriter
from importers.options import Progress
from importers.problems import Msg

NATIONAL = {"municipalities": 350, "wijken": 3_300, "households": 500_000}
SCALES = {"national": 1.0, "regional": 0.1, "small": 0.01}


class ScaleError(ValueError):
    pass


@dataclass(frozen=True)
class Size:
    municipalities: int
    wijken: int
    households: int

    @classmethod
    def fraction(cls, share: float) -> Size:
        municipalities = max(1, round(NATIONAL["municipalities"] * share))
        wijken = max(municipalities, round(NATIONAL["wijken"] * share))
        return cls(municipalities, wijken, max(1, round(NATIONAL["households"] * share)))


def parse_scale(text: str) -> Size:
    if text in SCALES:
        return Size.fraction(SCALES[text])
    try:
        share = float(text)
    except ValueError:
        raise ScaleError(f"expected {', '.join(SCALES)} or a fraction like 0.01, got {text!r}") from None
    if not 0 < share <= 1:
        raise ScaleError(f"expected a fraction above 0 and at most 1, got {text!r}")
    return Size.fraction(share)


# (function, organisation slot, group, expertise): slots are filled per municipality or wijk below.
RING1 = (("wijkcoach", "welzijn", "A", ""), ("wijkverpleegkundige", "zorg", "A", "OUDEREN"),
         ("jeugdconsulent", "jeugd", "A", "JEUGD"), ("schuldhulpverlener", "gemeente", "D", "SCHULDEN"),
         ("consulent MEE", "lvb", "A", "LVB"))
COORDINATOR = ("coördinator", "gemeente", "", "")
RING2 = (("maatschappelijk werker", "welzijn", "A", "WONEN"), ("gezinscoach", "jeugd", "A", "JEUGD"),
         ("casemanager", "zorg", "A", "OUDEREN"), ("huisarts", "huisarts", "B", ""),
         ("praktijkondersteuner ggz", "huisarts", "B", "GGZ"), ("fysiotherapeut", "huisarts", "B", ""),
         ("cliëntondersteuner", "welzijn", "B", ""), ("wijkagent", "politie", "C", ""),
         ("huismeester", "wonen", "C", ""), ("intern begeleider", "school", "C", ""),
         ("leerkracht", "school", "C", ""), ("jeugdarts", "huisarts", "B", "JEUGD"))
GROUP_D = (("ggz-behandelaar", "ggz", "GGZ"), ("verslavingsconsulent", "ggz", "VERSLAVING"),
           ("consulent werk en inkomen", "gemeente", "WERK_INKOMEN"), ("Wmo-consulent", "gemeente", ""),
           ("leerplichtambtenaar", "gemeente", "JEUGD"), ("schuldhulpverlener", "gemeente", "SCHULDEN"),
           ("woonbegeleider", "welzijn", "WONEN"))
ORGANISATIONS = (("gemeente", "Gemeente", "gemeente"), ("welzijn", "Welzijn", "welzijn"),
                 ("zorg", "Thuiszorg", "wijkverpleging"), ("jeugd", "Jeugdhulp", "jeugdzorg"),
                 ("ggz", "GGZ", "ggz"), ("lvb", "MEE", "lvb"), ("wonen", "Woonstichting", "woningcorporatie"))
NEED_DOMAIN = {"GGZ": "geestelijke_gezondheid", "SCHULDEN": "financien", "JEUGD": "opvoeding",
               "WONEN": "huisvesting", "WERK_INKOMEN": "werk_opleiding", "VERSLAVING": "middelengebruik",
               "OUDEREN": "basale_adl", "LVB": "maatschappelijke_participatie"}
FIRST = ("Anna", "Bram", "Daan", "Emma", "Fatima", "Fenna", "Gijs", "Hanna", "Ilse", "Jesse", "Julia", "Kees",
         "Lotte", "Luuk", "Mila", "Mohamed", "Noah", "Noor", "Olga", "Pieter", "Priya", "Rik", "Sanne", "Sem",
         "Sophie", "Thijs", "Tess", "Vera", "Wouter", "Yara", "Zeynep", "Bas", "Eva", "Lars", "Iris", "Jan")
LAST = ("de Groot", "Jansen", "Visser", "Smit", "van Dijk", "Vos", "Peters", "Hendriks", "van Leeuwen",
        "Dekker", "Brouwer", "de Wit", "Willems", "van der Meer", "Kok", "Yilmaz", "Bosman", "Verhoeven",
        "Kramer", "van Vliet", "Postma", "Prins", "Blom", "Huisman", "Kuipers", "van Wijk", "Schouten",
        "Maas", "Koster", "Boer", "El Amrani", "Tjon", "Scholten", "Hoekstra", "Gerritsen", "Veenstra")
INFORMAL = (("familie", "Oma"), ("familie", "Broer"), ("familie", "Zus"), ("buur", "Buurvrouw"),
            ("buur", "Buurman"), ("vriend", "Vriendin"), ("mantelzorger", "Mantelzorger"))
CIVIL = (("bewonersvereniging", "Bewonersvereniging"), ("buurthuis", "Buurthuis"), ("sport", "Sportclub"),
         ("voedselbank", "Voedselbank"), ("vrijwilligers", "Vrijwilligers"))
_START = date(2024, 1, 1)
DAYS = tuple((_START + timedelta(days=n)).isoformat() for n in range(0, 900))  # 2024-01-01 ... 2026-06-18
_LATER = date(2026, 7, 1)
LATER = tuple((_LATER + timedelta(days=n)).isoformat() for n in range(0, 549))  # 2026-07-01 ... 2027-12-31

# The branches the analyses have, each at a share stated with its reason. Every analysis must meet each branch at
# every scale the benchmarks run (the benchmark fails when a compared kind is empty on both sides), so the rare
# wijk-level branches fall on fixed positions of the running wijk number (the first three wijken already have them
# all) and recur at the stated share; the household-level ones are drawn with the seeded generator.
NO_TEAM_EVERY = 40  # 1 wijk in 40 has no team of its own (a team being reorganised; a small wijk served ad hoc)
NO_CIVIL_EVERY = 30  # 1 wijk in 30 has no ring-3 partner (a new-build area without a buurthuis or club yet)
NO_WIJKAGENT_EVERY = 15  # 1 wijk in 15: its wijkagent left and the post is vacant (police capacity shortages)
GROUP_C_GONE_EVERY = 20  # 1 wijk in 20: every group-C partner (school, police, housing) has left the wijk
ENDED_WORK = 0.08  # ring-2 work that has ended (until in the past): yearly turnover in the social domain is 10-20%
FUTURE_WORK = 0.03  # ring-2 work agreed to start after mid-2027 (since in the future): a partner not yet begun
PLANNED_END = 0.05  # ring-2 work with a fixed-term end after mid-2026 (until in the future): still active now
ENDED_MEMBERSHIP = 0.05  # a team member who left the team (until in the past): a vacancy not yet filled
NEVER_VERIFIED = 0.03  # a professional or civil partner whose contact details were never checked
LONG_AGO_VERIFIED = 0.10  # last checked in 2024, when the kaart was first filled in (stale at any date after 2025)
UNCOVERED_NEED = 0.12  # a household need none of its helpers has the expertise for (waiting for a specialist)
NO_COORDINATOR = 0.04  # a household with helpers and no coordinator ever (nobody took the lead)
ENDED_COORDINATOR = 0.03  # a household whose coordinator handed over and nobody took over (until in the past)
ENDED_INVOLVEMENT = 0.10  # a helper whose involvement has ended (until in the past): the help was finished
CIVIL_TIE = 0.25  # an ecogram snapshot with a tie to a civil partner of the wijk (a buurthuis, the voedselbank)


@dataclass
class Summary:
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (rows, bytes)

    @property
    def total_rows(self) -> int:
        return sum(rows for rows, _ in self.files.values())

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files.values())


def _spread(total: int, parts: int, index: int) -> int:
    return total // parts + (1 if index < total % parts else 0)


class _Generator:
    def __init__(self, folder: Path, size: Size, seed: int, households_per_file: int) -> None:
        self.folder = folder
        self.size = size
        self.rng = random.Random(seed)
        self.per_file = households_per_file
        self.kaart: KaartWriter
        self.households: HouseholdsWriter | None = None
        self.household_files: dict[Path, int] = {}  # path -> households written into it
        self.pro_number = 0
        self.household_count = 0
        self.wijk_number = 0  # across municipalities: spreads the households evenly over all wijken
        self.civil_number = 0

    def pro(self, function: str, organisation: str, expertise: str) -> str:
        self.pro_number += 1
        pid = f"P-{self.pro_number:07d}"
        rng = self.rng
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        self.kaart.row("professionals", {
            "id": pid, "name": name, "function": function, "organisation_id": organisation,
            "email": f"{pid.lower()}@{organisation.lower()}.example", "phone": f"06-9{self.pro_number:07d}",
            "last_verified": self.verified(),
        })
        if expertise:
            self.kaart.row("expertise", {"professional_id": pid, "expertise": expertise})
        return pid

    def verified(self) -> str | None:
        """last_verified: never, long ago or in the last year before mid-2026, at their shares."""
        draw = self.rng.random()
        if draw < NEVER_VERIFIED:
            return None
        return DAYS[self.rng.randrange(0, 300) if draw < NEVER_VERIFIED + LONG_AGO_VERIFIED else
                    self.rng.randrange(600, 900)]

    def municipality(self, index: int) -> None:
        digits = f"{9001 + index:04d}"
        code = f"GM{digits}"
        kaart = self.kaart
        kaart.row("municipalities", {"code": code, "name": f"Gemeente {digits}"})
        orgs = {slot: f"ORG-{digits}-{slot.upper()}" for slot, _, _ in ORGANISATIONS}
        orgs["politie"] = "ORG-POLITIE"
        for slot, label, kind in ORGANISATIONS:
            kaart.row("organisations", {"id": orgs[slot], "name": f"{label} {digits}", "kind": kind,
                                        "scope": "stedelijk"})
        kaart.row("expertise", {"organisation_id": orgs["ggz"], "expertise": "GGZ"})
        kaart.row("expertise", {"organisation_id": orgs["lvb"], "expertise": "LVB"})
        group_d: list[tuple[str, str]] = []
        for function, slot, expertise in GROUP_D:
            pid = self.pro(function, orgs[slot], expertise)
            kaart.row("wijk_work", {"professional_id": pid, "municipality_code": code, "group": "D",
                                    "since": DAYS[self.rng.randrange(0, 300)]})
            group_d.append((pid, expertise))
        coordinator = self.pro(COORDINATOR[0], orgs[COORDINATOR[1]], "")
        wijken = _spread(self.size.wijken, self.size.municipalities, index)
        team: tuple[str, list[tuple[str, str]]] = ("", [])
        for number in range(1, wijken + 1):
            team = self.wijk(code, digits, number, wijken, orgs, coordinator, team, group_d)
            self.wijk_number += 1

    def wijk(self, code: str, digits: str, number: int, wijken: int, orgs: dict[str, str], coordinator: str,
             team: tuple[str, list[tuple[str, str]]], group_d: list[tuple[str, str]]
             ) -> tuple[str, list[tuple[str, str]]]:
        """One wijk with its team (or the previous wijk's), network, civil partners and households: the team after."""
        kaart, position = self.kaart, self.wijk_number
        wijk = f"WK{digits}{number:02d}"
        kaart.row("wijken", {"code": wijk, "name": f"Wijk {number} ({digits})", "municipality_code": code})
        for suffix, label, kind in (("HA", "Huisartsenpraktijk", "huisarts"), ("SC", "Basisschool", "onderwijs")):
            kaart.row("organisations", {"id": f"ORG-{wijk}-{suffix}", "name": f"{label} {wijk}", "kind": kind,
                                        "scope": "wijk"})
        orgs["huisarts"], orgs["school"] = f"ORG-{wijk}-HA", f"ORG-{wijk}-SC"
        team_id, team_members = team
        no_team = position % NO_TEAM_EVERY == 1 and bool(team_id)  # its households borrow the previous team
        if not no_team and (number % 10 != 0 or not team_id):  # every tenth wijk shares the previous wijk's team
            team_id = f"T-{digits}-{number:02d}"
            wijk_codes = [wijk]
            if number < wijken and (number + 1) % 10 == 0 and (position + 1) % NO_TEAM_EVERY != 1:
                wijk_codes.append(f"WK{digits}{number + 1:02d}")
            kaart.row("teams", {
                "id": team_id, "name": f"Sociaal wijkteam {wijk}", "kind": "swt", "municipality_code": code,
                "wijk_codes": wijk_codes, "phone": f"0800-9{int(digits) - 9001:03d}{number:02d}",
                "email": f"{team_id.lower()}@{digits}.example"})
            team_members = self.team(team_id, orgs, coordinator)
            if self.rng.random() < 0.5:
                kaart.row("agreements", {
                    "id": f"AG-{team_id}", "team_id": team_id, "organisation_id": orgs["ggz"], "expertise": "GGZ",
                    "topic": "GGZ invliegen", "status": "active", "since": DAYS[self.rng.randrange(0, 300)]})
        ring2 = self.ring2(wijk, orgs, team_members)
        civil = [] if position % NO_CIVIL_EVERY == 2 else self.civil_partners(wijk)
        helpers = [*team_members, *ring2, *group_d]
        for _ in range(_spread(self.size.households, self.size.wijken, position)):
            self.household(digits, wijk, helpers, team_members, civil)
        return team_id, team_members

    def civil_partners(self, wijk: str) -> list[str]:
        ids = []
        for kind, label in self.rng.sample(CIVIL, 2):
            self.civil_number += 1
            ids.append(f"CP-{wijk}-{kind[:4].upper()}")
            self.kaart.row("civil_partners", {
                "id": ids[-1], "name": f"{label} {wijk}", "kind": kind, "wijk_codes": [wijk],
                "phone": f"085-9{self.civil_number:06d}",
                "last_verified": self.verified()})
        return ids

    def team(self, team_id: str, orgs: dict[str, str], coordinator: str) -> list[tuple[str, str]]:
        members = []
        since = DAYS[self.rng.randrange(0, 200)]
        self.kaart.row("memberships", {"professional_id": coordinator, "team_id": team_id,
                                       "team_role": "coördinator", "since": since})
        for function, slot, group, expertise in RING1:
            pid = self.pro(function, orgs[slot], expertise)
            until = DAYS[self.rng.randrange(400, 890)] if self.rng.random() < ENDED_MEMBERSHIP else None
            self.kaart.row("memberships", {"professional_id": pid, "team_id": team_id, "team_role": function,
                                           "group": group, "since": since, "until": until})
            self.kaart.row("contacts", {"professional_id": pid, "knows_professional_id": coordinator})
            members.append((pid, expertise))
        return members

    def ring2(self, wijk: str, orgs: dict[str, str], members: list[tuple[str, str]]) -> list[tuple[str, str]]:
        workers = []
        position = self.wijk_number
        for function, slot, group, expertise in RING2:
            pid = self.pro(function, orgs[slot], expertise)
            since, until = self.work_dates(
                (group == "C" and position % GROUP_C_GONE_EVERY == 2)
                or (function == "wijkagent" and position % NO_WIJKAGENT_EVERY == 0))
            self.kaart.row("wijk_work", {"professional_id": pid, "wijk_code": wijk, "group": group,
                                         "since": since, "until": until})
            self.kaart.row("contacts", {"professional_id": pid,
                                        "knows_professional_id": self.rng.choice(members)[0]})
            if group in ("A", "B"):
                workers.append((pid, expertise))
        return workers

    def work_dates(self, left: bool) -> tuple[str, str | None]:
        """(since, until) of a wijk_work row: ended when ``left``, else ended, future or fixed-term at their shares."""
        rng = self.rng
        start = rng.randrange(0, 400)
        draw = rng.random()
        if left or draw < ENDED_WORK:
            return DAYS[start], DAYS[rng.randrange(start + 30, 890)]
        if draw < ENDED_WORK + FUTURE_WORK:
            return LATER[rng.randrange(366, len(LATER))], None
        if draw < ENDED_WORK + FUTURE_WORK + PLANNED_END:
            return DAYS[start], LATER[rng.randrange(184, len(LATER))]
        return DAYS[start], None

    def household(self, digits: str, wijk: str, helpers: list[tuple[str, str]],
                  members: list[tuple[str, str]], civil: list[str]) -> None:
        rng = self.rng
        self.household_count += 1
        key = f"HH-{digits}-{self.household_count:07d}"
        intake = rng.randrange(0, 600)
        providers = [(pid, code) for pid, code in helpers if code in NEED_DOMAIN]
        chosen = rng.sample(providers, rng.choice((1, 2, 2, 3)))
        lead = rng.choice(members)
        involved = {pid: code for pid, code in chosen}
        involvements = [{"professional": pid, "life_domain": NEED_DOMAIN[code], "since": DAYS[intake + 10],
                         "until": DAYS[intake + rng.randrange(40, 300)] if rng.random() < ENDED_INVOLVEMENT else None}
                        for pid, code in involved.items()]
        if lead[0] not in involved:
            involvements.append({"professional": lead[0], "life_domain": "sociaal_netwerk",
                                 "since": DAYS[intake + 5], "until": None})
        needs = sorted({code for _, code in chosen})
        if rng.random() < UNCOVERED_NEED:  # an expertise neither its helpers nor its coordinator has
            covered = {*needs, lead[1]}
            needs = sorted({*needs, rng.choice([code for code in NEED_DOMAIN if code not in covered])})
        member_count = rng.choice((1, 2, 3, 4))
        household_members = [
            {"id": f"{key}-M{n}", "role": "ouder" if n == 1 else "kind", "age_band": "27-66" if n == 1 else "0-11",
             "alias": "Ouder 1" if n == 1 else f"Kind {n - 1}"} for n in range(1, member_count + 1)]
        informal = [{"id": f"{key}-C{n}", "kind": kind, "alias": alias}
                    for n, (kind, alias) in enumerate(rng.sample(INFORMAL, rng.choice((1, 2, 3))), start=1)]
        called = {NEED_DOMAIN[code] for code in needs}
        zrm = [{"id": f"{key}-Z1", "date": DAYS[intake + 20], "version": "ZRM-2017",
                "scores": {d: (2 if d in called else rng.randint(3, 5)) for d in ZRM_VERSIONS["ZRM-2017"]}}]
        snapshots = [intake + 30] + ([intake + 250] if rng.random() < 0.3 else [])
        civil_ties = ([{"kind": "civil", "ref": rng.choice(civil), "quality": "normal", "direction": "mutual"}]
                      if civil and rng.random() < CIVIL_TIE else [])
        ecograms = [{"id": f"{key}-E{n}", "date": DAYS[day], "ties": [
            *({"kind": "member", "ref": m["id"], "quality": "strong", "direction": "mutual"}
              for m in household_members),
            *({"kind": "informal", "ref": c["id"], "quality": rng.choice(("strong", "normal", "weak", "stressful")),
               "direction": "to_household"} for c in informal),
            *({"kind": "professional", "ref": i["professional"], "quality": "normal", "direction": "to_household"}
              for i in involvements), *civil_ties]} for n, day in enumerate(snapshots, start=1)]
        household: dict[str, Any] = {
            "id": key, "wijk": wijk, "composition": "eenouder" if member_count > 1 else "alleenstaand",
            "with_children": member_count > 1,
            "complexity": ("enkelvoudig", "meervoudig", "multiproblem")[min(len(needs), 3) - 1],
            "members": household_members, "informal_contacts": informal,
            "needs": [{"expertise": code, "since": DAYS[intake]} for code in needs],
            "involvements": involvements,
            "coordinators": self.coordinators(lead[0], intake),
            "zrm": zrm, "ecograms": ecograms,
            "consents": [{"id": f"{key}-T1", "purpose": "aanmelding", "given_on": DAYS[intake]}],
        }
        self._households_writer().add(household)

    def coordinators(self, lead: str, intake: int) -> list[dict[str, Any]]:
        draw = self.rng.random()
        if draw < NO_COORDINATOR:
            return []
        ended = DAYS[intake + self.rng.randrange(40, 300)] if draw < NO_COORDINATOR + ENDED_COORDINATOR else None
        return [{"professional": lead, "since": DAYS[intake + 5], "until": ended}]

    def _households_writer(self) -> HouseholdsWriter:
        if self.households is None or self.households.count >= self.per_file:
            self._close_households()
            path = self.folder / "households" / f"households-{len(self.household_files) + 1:05d}.json"
            self.households = HouseholdsWriter(path).__enter__()
        return self.households

    def _close_households(self) -> None:
        if self.households is not None:
            self.households.__exit__(None, None, None)
            self.household_files[self.households.path] = self.households.count
            self.households = None


def generate_scale(folder: Path, size: Size, seed: int = 2026, *, households_per_file: int = 10_000,
                   progress: Progress | None = None) -> Summary:
    """Write ``folder/kaart/*.csv`` and ``folder/households/households-NNNNN.json``; return rows and bytes."""
    generator = _Generator(folder, size, seed, households_per_file)
    for old in (folder / "households").glob("households-*.json"):
        old.unlink()  # a smaller run must not leave the files of a bigger one behind
    if progress:
        progress.start(Msg("generating municipalities"), size.municipalities)
    with KaartWriter(folder / "kaart") as kaart:
        generator.kaart = kaart
        kaart.row("organisations", {"id": "ORG-POLITIE", "name": "Politie", "kind": "politie", "scope": "landelijk"})
        try:
            for index in range(size.municipalities):
                generator.municipality(index)
                if progress:
                    progress.advance(1)
        finally:
            generator._close_households()
    summary = Summary()
    for sheet, rows in kaart.counts.items():
        summary.files[f"kaart/{sheet}.csv"] = (rows, (folder / "kaart" / f"{sheet}.csv").stat().st_size)
    for path, count in generator.household_files.items():
        summary.files[f"households/{path.name}"] = (count, path.stat().st_size)
    return summary
