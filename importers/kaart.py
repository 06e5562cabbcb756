"""The sociale-kaart workbook: organisations, teams, professionals, rings 1-3, expertise, agreements.

get (read the XLSX or CSV folder) -> validate (every cell, keys, references) -> load -> cleanup.
The columns are documented in ``docs/import-formats.md`` and declared once in :data:`SHEETS`; the
template workbook (``wijkgraph import template``) is written from the same declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from graph.load import existing_keys
from graph.model import AGREEMENT_STATUSES, EXPERTISE, GROUPS, NODE_BY_LABEL
from graph.normalise import normalise_name
from graph.store import Store
from importers.fields import Column, parse_cell
from importers.pipeline import ImportResult, Plan, Progress, run_import
from importers.problems import ImportRefused, Problem
from importers.workbook import Sheet, read_workbook

MUNICIPALITY_CODE = Column("municipality_code", True, ref="Municipality")
DATES = (Column("since", kind="date"), Column("until", kind="date"))
CONTACT = (Column("email"), Column("phone"))
EXPERTISE_CODES = tuple(EXPERTISE)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...]  # columns whose values together may occur once in the sheet
    defines: str | None = None  # the label whose keys the sheet's first unique column defines
    one_of: tuple[str, ...] = ()  # exactly one of these columns must be filled
    description: str = ""


SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("municipalities", (
        Column("code", True, pattern=r"GM\d{4}", expected="a CBS municipality code like GM0637"),
        Column("name", True),
    ), ("code",), "Municipality", description="gemeenten"),
    SheetSpec("wijken", (
        Column("code", True, pattern=r"[A-Z]{2}[0-9A-Za-z_-]{2,20}", expected="a wijk code like WK063701"),
        Column("name", True), MUNICIPALITY_CODE,
    ), ("code",), "Wijk", description="wijken"),
    SheetSpec("organisations", (
        Column("id", True), Column("name", True), Column("kind"),
        Column("scope", choices=("wijk", "stedelijk", "regionaal", "landelijk")), Column("website"),
    ), ("id",), "Organisation", description="organisations"),
    SheetSpec("teams", (
        Column("id", True), Column("name", True), Column("kind"), MUNICIPALITY_CODE,
        Column("wijk_codes", True, kind="list", ref="Wijk"), *CONTACT,
    ), ("id",), "Team", description="core teams and the wijken they serve"),
    SheetSpec("professionals", (
        Column("id", True), Column("name", True), Column("function"),
        Column("organisation_id", ref="Organisation"), *CONTACT, Column("last_verified", kind="date"),
    ), ("id",), "Professional", description="professionals of ring 1 and 2"),
    SheetSpec("memberships", (
        Column("professional_id", True, ref="Professional"), Column("team_id", True, ref="Team"),
        Column("team_role", True), Column("group", choices=("A", "D")), *DATES,
    ), ("professional_id", "team_id"), description="ring 1: team memberships"),
    SheetSpec("wijk_work", (
        Column("professional_id", True, ref="Professional"), Column("wijk_code", ref="Wijk"),
        Column("municipality_code", ref="Municipality"), Column("group", True, choices=GROUPS), *DATES,
    ), ("professional_id", "wijk_code", "municipality_code"), one_of=("wijk_code", "municipality_code"),
        description="ring 2: work in a wijk (groups A-D) or for a municipality (group D)"),
    SheetSpec("expertise", (
        Column("professional_id", ref="Professional"), Column("organisation_id", ref="Organisation"),
        Column("expertise", True, choices=EXPERTISE_CODES),
    ), ("professional_id", "organisation_id", "expertise"), one_of=("professional_id", "organisation_id"),
        description="expertise of professionals and organisations"),
    SheetSpec("agreements", (
        Column("id", True), Column("team_id", True, ref="Team"), Column("organisation_id", True, ref="Organisation"),
        Column("expertise", True, choices=EXPERTISE_CODES), Column("topic", True),
        Column("status", True, choices=AGREEMENT_STATUSES), *DATES,
    ), ("id",), "Agreement", description="fly-in agreements (werkafspraken, invliegen)"),
    SheetSpec("civil_partners", (
        Column("id", True), Column("name", True), Column("kind"),
        Column("wijk_codes", True, kind="list", ref="Wijk"), *CONTACT, Column("last_verified", kind="date"),
    ), ("id",), "CivilPartner", description="ring 3: civil society"),
    SheetSpec("contacts", (
        Column("professional_id", True, ref="Professional"),
        Column("knows_professional_id", True, ref="Professional"),
    ), ("professional_id", "knows_professional_id"), description="working contacts between professionals"),
)
SHEET_BY_NAME = {spec.name: spec for spec in SHEETS}


@dataclass
class ParsedRow:
    sheet: Sheet
    number: int
    values: dict[str, Any]
    valid: bool = True


def import_kaart(
    store: Store,
    path: Path,
    source: str | None = None,
    *,
    skip_invalid: bool = False,
    report: Path | None = None,
    max_delete_share: float = 0.10,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a sociale-kaart workbook (an .xlsx file or a folder of CSV files)."""
    source = source or f"kaart:{path.stem}"
    sheets = read_workbook(path)
    parsed, problems = validate(store, sheets, path.name)
    plan = build_plan({name: [row for row in rows if row.valid] for name, rows in parsed.items()})
    return run_import(
        store, path.name, plan, problems, source, skip_invalid=skip_invalid,
        report=report or path.with_name(f"{path.name}.rejected.csv"), max_delete_share=max_delete_share,
        force=force, progress=progress,
    )


def validate(store: Store, sheets: list[Sheet], label: str) -> tuple[dict[str, list[ParsedRow]], list[Problem]]:
    """Parse every cell and check keys and references; rows with a problem are marked invalid."""
    problems: list[Problem] = []
    parsed: dict[str, list[ParsedRow]] = {}
    for sheet in sheets:
        spec = SHEET_BY_NAME.get(sheet.name)
        if spec is None:
            problems.append(Problem(sheet.file, None, None,
                                    f"unknown sheet {sheet.name!r}; expected one of {', '.join(SHEET_BY_NAME)}"))
            continue
        header_problems = _check_header(spec, sheet)
        if header_problems:
            problems.extend(header_problems)
            # Keep the keys of the refused sheet, so rows that refer to them are explained as consequences.
            parsed[spec.name] = [ParsedRow(sheet, number, {column.name: cells.get(column.name) or None
                                                           for column in spec.columns}, valid=False)
                                 for number, cells in sheet.rows]
            continue
        parsed[spec.name] = [_parse_row(spec, sheet, number, cells, problems) for number, cells in sheet.rows]
    if not problems and not any(parsed.values()):
        problems.append(Problem(label, None, None, "no rows to import: every sheet is empty"))
    for spec in SHEETS:
        _check_unique(spec, parsed.get(spec.name, []), problems)
    _check_references(store, parsed, problems)
    return parsed, problems


def _check_header(spec: SheetSpec, sheet: Sheet) -> list[Problem]:
    known = {column.name for column in spec.columns}
    problems = [Problem(sheet.file, 1, column.name, "required column is missing")
                for column in spec.columns if column.required and column.name not in sheet.header]
    problems += [Problem(sheet.file, 1, name or "(empty)", f"unknown column; expected {', '.join(sorted(known))}")
                 for name in sheet.header if name not in known]
    seen: set[str] = set()
    for name in sheet.header:
        if name in seen:
            problems.append(Problem(sheet.file, 1, name, "column appears twice"))
        seen.add(name)
    return problems


def _parse_row(spec: SheetSpec, sheet: Sheet, number: int, cells: dict[str, str],
               problems: list[Problem]) -> ParsedRow:
    row = ParsedRow(sheet, number, {})
    for column in spec.columns:
        value, expected = parse_cell(column, cells.get(column.name, ""))
        if expected:
            problems.append(Problem(sheet.file, number, column.name, f"expected {expected}"))
            row.valid = False
        row.values[column.name] = value
    if spec.one_of and sum(row.values[name] is not None for name in spec.one_of) != 1:
        problems.append(Problem(sheet.file, number, " or ".join(spec.one_of),
                                f"exactly one of {' and '.join(spec.one_of)} must be filled"))
        row.valid = False
    since, until = row.values.get("since"), row.values.get("until")
    if since and until and until < since:
        problems.append(Problem(sheet.file, number, "until", f"expected a date on or after since ({since})"))
        row.valid = False
    return row


def _check_unique(spec: SheetSpec, rows: list[ParsedRow], problems: list[Problem]) -> None:
    first: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = tuple(row.values[name] for name in spec.unique)
        if key in first:
            shown = ", ".join(f"{name} {row.values[name]!r}" for name in spec.unique if row.values[name] is not None)
            problems.append(Problem(row.sheet.file, row.number, spec.unique[0],
                                    f"duplicate key ({shown}); first at row {first[key]}"))
            row.valid = False
        else:
            first[key] = row.number


def _check_references(store: Store, parsed: dict[str, list[ParsedRow]], problems: list[Problem]) -> None:
    """Mark rows whose references resolve neither to a valid row of the file nor to the database.

    Repeated until stable, because rejecting a row can orphan rows that refer to it (--skip-invalid).
    """
    in_database = _existing_keys(store, parsed)
    in_file = _defined_keys(parsed, only_valid=False)
    while True:
        defined = _defined_keys(parsed)
        newly_invalid = 0
        for spec in SHEETS:
            for row in parsed.get(spec.name, []):
                if not row.valid:
                    continue
                for column in spec.columns:
                    if not column.ref or row.values[column.name] is None:
                        continue
                    values = row.values[column.name]
                    for value in values if isinstance(values, list) else [values]:
                        if value in defined[column.ref] or value in in_database[column.ref]:
                            continue
                        kind = column.ref.lower()
                        if value in in_file[column.ref]:
                            problems.append(Problem(row.sheet.file, row.number, column.name,
                                                    f"refers to {kind} {value!r}, whose row was rejected",
                                                    consequence=True))
                        else:
                            problems.append(Problem(row.sheet.file, row.number, column.name,
                                                    f"unknown {kind} {value!r}: not in this file nor in the database"))
                        row.valid = False
                    if not row.valid:
                        newly_invalid += 1
                        break
        if not newly_invalid:
            return


def _defined_keys(parsed: dict[str, list[ParsedRow]], only_valid: bool = True) -> dict[str, set[Any]]:
    defined: dict[str, set[Any]] = {label: set() for label in NODE_BY_LABEL}
    for spec in SHEETS:
        if spec.defines:
            defined[spec.defines].update(row.values[spec.unique[0]] for row in parsed.get(spec.name, [])
                                         if row.valid or not only_valid)
    return defined


def _existing_keys(store: Store, parsed: dict[str, list[ParsedRow]]) -> dict[str, set[Any]]:
    """Which referenced keys already exist in the database (one lookup per label)."""
    wanted: dict[str, set[Any]] = {label: set() for label in NODE_BY_LABEL}
    for spec in SHEETS:
        for column in spec.columns:
            if column.ref:
                for row in parsed.get(spec.name, []):
                    value = row.values[column.name]
                    wanted[column.ref].update(value if isinstance(value, list) else [value] if value else [])
    return {label: existing_keys(store, label, keys) for label, keys in wanted.items()}


def build_plan(parsed: dict[str, list[ParsedRow]]) -> Plan:
    plan = Plan()
    for spec in SHEETS:
        for row in parsed.get(spec.name, []):
            _PLANNERS[spec.name](plan, row.values)
    return plan


def _plan_municipality(plan: Plan, v: dict[str, Any]) -> None:
    plan.node("Municipality", {"code": v["code"], "name": v["name"]})


def _plan_wijk(plan: Plan, v: dict[str, Any]) -> None:
    plan.node("Wijk", {"code": v["code"], "name": v["name"]})
    plan.relationship("wijk_municipality", v["code"], v["municipality_code"])


def _plan_organisation(plan: Plan, v: dict[str, Any]) -> None:
    plan.node("Organisation", v)


def _plan_team(plan: Plan, v: dict[str, Any]) -> None:
    plan.node("Team", {name: v[name] for name in ("id", "name", "kind", "phone", "email")})
    plan.relationship("team_municipality", v["id"], v["municipality_code"])
    for wijk in v["wijk_codes"]:
        plan.relationship("team_serves", v["id"], wijk)


def _plan_professional(plan: Plan, v: dict[str, Any]) -> None:
    plan.node("Professional", {
        **{name: v[name] for name in ("id", "name", "function", "email", "phone", "last_verified")},
        "name_normalised": normalise_name(v["name"]),
    })
    if v["organisation_id"]:
        plan.relationship("employed_by", v["id"], v["organisation_id"])


def _plan_membership(plan: Plan, v: dict[str, Any]) -> None:
    plan.relationship("member_of", v["professional_id"], v["team_id"], team_role=v["team_role"], group=v["group"],
                      since=v["since"], until=v["until"])


def _plan_wijk_work(plan: Plan, v: dict[str, Any]) -> None:
    name, end = ("works_in_wijk", v["wijk_code"]) if v["wijk_code"] else ("works_in_municipality",
                                                                         v["municipality_code"])
    plan.relationship(name, v["professional_id"], end, group=v["group"], since=v["since"], until=v["until"])


def _plan_expertise(plan: Plan, v: dict[str, Any]) -> None:
    if v["professional_id"]:
        plan.relationship("has_expertise", v["professional_id"], v["expertise"])
    else:
        plan.relationship("offers", v["organisation_id"], v["expertise"])


def _plan_agreement(plan: Plan, v: dict[str, Any]) -> None:
    plan.node("Agreement", {name: v[name] for name in ("id", "topic", "status", "since", "until")})
    plan.relationship("agreement_team", v["id"], v["team_id"])
    plan.relationship("agreement_organisation", v["id"], v["organisation_id"])
    plan.relationship("agreement_expertise", v["id"], v["expertise"])


def _plan_civil_partner(plan: Plan, v: dict[str, Any]) -> None:
    plan.node("CivilPartner", {name: v[name] for name in ("id", "name", "kind", "email", "phone", "last_verified")})
    for wijk in v["wijk_codes"]:
        plan.relationship("civil_active_in", v["id"], wijk)


def _plan_contact(plan: Plan, v: dict[str, Any]) -> None:
    plan.relationship("knows", v["professional_id"], v["knows_professional_id"])


_PLANNERS: dict[str, Callable[[Plan, dict[str, Any]], None]] = {
    "municipalities": _plan_municipality, "wijken": _plan_wijk, "organisations": _plan_organisation,
    "teams": _plan_team, "professionals": _plan_professional, "memberships": _plan_membership,
    "wijk_work": _plan_wijk_work, "expertise": _plan_expertise, "agreements": _plan_agreement,
    "civil_partners": _plan_civil_partner, "contacts": _plan_contact,
}


def write_template(path: Path) -> Path:
    """An empty workbook (.xlsx) or CSV folder with the header row of every sheet."""
    if path.suffix.lower() == ".xlsx":
        workbook = Workbook()
        workbook.remove(workbook.active)
        for spec in SHEETS:
            workbook.create_sheet(spec.name).append([column.name for column in spec.columns])
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
        return path
    path.mkdir(parents=True, exist_ok=True)
    for spec in SHEETS:
        (path / f"{spec.name}.csv").write_text(",".join(column.name for column in spec.columns) + "\n",
                                               encoding="utf-8")
    return path


__all__ = ["SHEETS", "ImportRefused", "import_kaart", "validate", "write_template"]
