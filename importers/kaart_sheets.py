"""The columns of the sociale-kaart workbook, each declared once.

From these declarations come the parser and validator (:mod:`importers.kaart`), the load plan
(:func:`importers.sheets.plan_row`), the template workbook (``wijkgraph import template``), the CSV
writers of the demo and scale generators (:mod:`importers.inputfiles`) and the columns table in
``docs/import-formats.md`` (:mod:`importers.format_docs`). Choices come from :mod:`graph.model`.

A column without ``to`` is the property of the same name of the sheet's node; the others say where
their value goes: the end (or start) of a relationship, or a property of one.
"""

from __future__ import annotations

from graph.model import AGREEMENT_STATUSES, EXPERTISE, GROUPS, ORGANISATION_SCOPES, ORIGIN_GROUPS
from graph.normalise import normalise_name
from importers.destinations import end, prop, rel_prop, start
from importers.fields import Column
from importers.problems import Msg
from importers.sheets import SheetSpec

EXPERTISE_CODES = tuple(EXPERTISE)


def period(*rels: str, doc: str = "") -> tuple[Column, Column]:
    """``since`` and ``until``: properties of the row's node, or of ``rels`` when given."""
    to = rel_prop(*rels) if rels else None
    return Column("since", kind="date", to=to, doc=doc), Column("until", kind="date", to=to, doc=doc)


def contact(doc: str = "") -> tuple[Column, Column]:
    return Column("email", doc=doc), Column("phone", doc=doc)


def capacity(doc: str) -> Column:
    """``capacity_hours``: hours per week (a number, 0 or more), for the coverage level thin (docs/analyses.md)."""
    return Column("capacity_hours", kind="number", expected=Msg("a number of hours per week, 0 or more, like 8 or 2,5"),
                  doc=doc)


SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("municipalities", (
        Column("code", True, pattern=r"GM\d{4}", expected=Msg("a CBS municipality code like GM0637"),
               doc="CBS code, `GM` + 4 digits (`GM0637`)"),
        Column("name", True, doc="name of the gemeente"),
        Column("region", doc="the region it works in with its neighbours (`Haaglanden`, `Holland Rijnland`): "
                             "\"who to call\" looks for organisations of the region"),
    ), node="Municipality", description="gemeenten"),
    SheetSpec("wijken", (
        Column("code", True, pattern=r"[A-Z]{2}[0-9A-Za-z_-]{2,20}", expected=Msg("a wijk code like WK063701"),
               doc="CBS code `WK` + 6 digits, or a local code"),
        Column("name", True),
        Column("municipality_code", True, to=end("wijk_municipality"), doc="the wijk's municipality"),
    ), node="Wijk", description="wijken"),
    SheetSpec("neighbours", (
        Column("wijk", True, to=start("wijk_neighbour"), doc="a wijk ..."),
        Column("neighbour", True, to=end("wijk_neighbour"),
               doc="... and a wijk that borders it (another wijk; one row per pair is enough, either way round)"),
    ), unique=("wijk", "neighbour"), pair=("wijk", "neighbour"), description="neighbouring wijken"),
    SheetSpec("organisations", (
        Column("id", True, doc="your key for the organisation"),
        Column("name", True),
        Column("kind", doc="welzijn, wijkverpleging, jeugdzorg, gemeente, ggz, lvb, huisarts, politie, "
                           "woningcorporatie, onderwijs, ..."),
        Column("scope", choices=ORGANISATION_SCOPES),
        Column("website"),
        Column("phone", doc="general number (intake, aanmelding): who to call for fly-in and referral"),
        Column("email", doc="general address"),
        Column("municipalities", kind="list", to=end("organisation_serves"),
               doc="codes of the municipalities it serves (`;`-separated): a regional organisation names all of them"),
        Column("last_verified", kind="date", doc="date the general contact details were last confirmed"),
    ), node="Organisation", description="organisations"),
    SheetSpec("teams", (
        Column("id", True),
        Column("name", True),
        Column("kind", doc="swt, wijkzorgteam, jgt, wijkteam"),
        Column("municipality_code", True, to=end("team_municipality")),
        Column("wijk_codes", True, kind="list", to=end("team_serves"),
               doc="the wijken the team serves (`;`-separated)"),
        Column("phone", doc="the team's general contact"),
        Column("email", doc="the team's general contact"),
        capacity("hours per week of the whole team for its wijken; a member without hours of their own counts for "
                 "an equal share of them"),
    ), node="Team", description="core teams and the wijken they serve"),
    SheetSpec("professionals", (
        Column("id", True),
        Column("name", True, to=(prop(), prop("name_normalised", derive=normalise_name))),
        Column("function", doc="wijkcoach, huisarts, wijkagent, ..."),
        Column("organisation_id", to=end("employed_by"), doc="employer"),
        *contact(),
        Column("last_verified", kind="date", doc="date the contact details were last confirmed"),
        capacity("hours per week the professional has for all the wijken they serve (team, wijk work, group D), "
                 "divided equally over them"),
    ), node="Professional", description="professionals of ring 1 and 2"),
    SheetSpec("memberships", (
        Column("professional_id", True, to=start("member_of")),
        Column("team_id", True, to=end("member_of")),
        Column("team_role", True, to=rel_prop("member_of"),
               doc="wijkcoach, wijkverpleegkundige, schuldhulpverlener, coördinator, ..."),
        Column("group", choices=ORIGIN_GROUPS, to=rel_prop("member_of"), doc="group of origin"),
        *period("member_of", doc="dates"),
    ), unique=("professional_id", "team_id"), ring=1, description="ring 1: team memberships"),
    SheetSpec("wijk_work", (
        Column("professional_id", True, to=start("works_in_wijk", "works_in_municipality")),
        Column("wijk_code", to=end("works_in_wijk"), doc="the wijk worked in"),
        Column("municipality_code", to=end("works_in_municipality"), doc="for group D: the whole municipality"),
        Column("group", True, choices=GROUPS, to=rel_prop("works_in_wijk", "works_in_municipality")),
        *period("works_in_wijk", "works_in_municipality"),
    ), unique=("professional_id", "wijk_code", "municipality_code"), one_of=("wijk_code", "municipality_code"),
        ring=2, description="ring 2: work in a wijk (groups A-D) or for a municipality (group D)"),
    SheetSpec("expertise", (
        Column("professional_id", to=start("has_expertise"), doc="who has it"),
        Column("organisation_id", to=start("offers"), doc="which organisation offers it"),
        Column("expertise", True, choices=EXPERTISE_CODES, to=end("has_expertise", "offers")),
    ), unique=("professional_id", "organisation_id", "expertise"), one_of=("professional_id", "organisation_id"),
        description="expertise of professionals and organisations"),
    SheetSpec("agreements", (
        Column("id", True),
        Column("team_id", True, to=end("agreement_team"), doc="the team that may fly in"),
        Column("organisation_id", True, to=end("agreement_organisation"), doc="the organisation that flies in"),
        Column("expertise", True, choices=EXPERTISE_CODES, to=end("agreement_expertise"), doc="expertise code"),
        Column("topic", True, doc='e.g. "GGZ invliegen"'),
        Column("status", True, choices=AGREEMENT_STATUSES),
        *period(),
        capacity("hours per week the organisation flies in under the agreement, divided equally over the wijken "
                 "of the team"),
    ), node="Agreement", description="fly-in agreements (werkafspraken, invliegen)"),
    SheetSpec("civil_partners", (
        Column("id", True),
        Column("name", True),
        Column("kind", doc="bewonersvereniging, buurthuis, voedselbank, mantelzorg, vrijwilligers, sport, kerk, "
                           "moskee, ..."),
        Column("wijk_codes", True, kind="list", to=end("civil_active_in"), doc="wijken it is active in"),
        *contact(),
        Column("last_verified", kind="date", doc="date the contact details were last confirmed"),
    ), node="CivilPartner", ring=3, description="ring 3: civil society"),
    SheetSpec("contacts", (
        Column("professional_id", True, to=start("knows"), doc="a professional ..."),
        Column("knows_professional_id", True, to=end("knows"), doc="... who knows this one (a working contact)"),
    ), unique=("professional_id", "knows_professional_id"), description="working contacts between professionals"),
)
SHEET_BY_NAME = {spec.name: spec for spec in SHEETS}
HEADERS: dict[str, tuple[str, ...]] = {spec.name: tuple(column.name for column in spec.columns) for spec in SHEETS}
