"""The sociale-kaart workbook: organisations, teams, professionals, rings 1-3, expertise, agreements.

get (read the XLSX or CSV folder) -> validate (every cell, keys, references) -> load -> cleanup.
Every column is declared once, in :mod:`importers.kaart_sheets`: the parsing and checks here, the load
plan, the template workbook and the table in ``docs/import-formats.md`` all come from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from graph.load import existing_keys
from graph.model import NODE_BY_LABEL
from graph.store import Store
from importers.fields import DateOrder, parse_cell
from importers.kaart_sheets import SHEET_BY_NAME, SHEETS
from importers.options import ImportOptions
from importers.pipeline import ImportResult, Plan, run_import
from importers.problems import ImportRefused, Msg, Problem
from importers.sheets import SheetSpec, plan_row
from importers.upkeep.imports import rows_locator
from importers.workbook import Sheet, read_workbook


@dataclass(slots=True)  # one per row of the workbook: no __dict__ each
class ParsedRow:
    sheet: Sheet
    number: int
    values: dict[str, Any]
    valid: bool = True


def import_kaart(store: Store, path: Path, options: ImportOptions = ImportOptions()) -> ImportResult:
    """Import a sociale-kaart workbook (an .xlsx file or a folder of CSV files)."""
    sheets = read_workbook(path)
    parsed, problems = validate(store, sheets, path.name)
    valid = {name: [row for row in rows if row.valid] for name, rows in parsed.items()}
    plan = build_plan(valid)
    plan.where = rows_locator(valid, SHEETS)  # the rows of conflicts with edits in the app (importers.upkeep.imports)
    return run_import(store, path.name, plan, problems, options.for_file(path, "kaart"))


def validate(store: Store, sheets: list[Sheet], label: str) -> tuple[dict[str, list[ParsedRow]], list[Problem]]:
    """Parse every cell and check keys and references; rows with a problem are marked invalid."""
    problems: list[Problem] = []
    parsed: dict[str, list[ParsedRow]] = {}
    for sheet in sheets:
        spec = SHEET_BY_NAME.get(sheet.name)
        if spec is None:
            problems.append(Problem(sheet.file, None, None,
                                    Msg("unknown sheet {name!r}; expected one of {sheets}", name=sheet.name,
                                        sheets=", ".join(SHEET_BY_NAME))))
            continue
        problems.extend(problem for _, _, problem in sheet.merged)
        header_problems = _check_header(spec, sheet)
        if header_problems:
            problems.extend(header_problems)
            # Keep the keys of the refused sheet, so rows that refer to them are explained as consequences.
            parsed[spec.name] = [ParsedRow(sheet, number, {column.name: cells.get(column.name) or None
                                                           for column in spec.columns}, valid=False)
                                 for number, cells in _drain(sheet)]
            continue
        dates = DateOrder()
        # A merge's other rows are rejected by its problem: what openpyxl reads in them (nothing) is not theirs.
        merged = {number for first, last, _ in sheet.merged for number in range(first + 1, last + 1)}
        parsed[spec.name] = [parse_row(spec, sheet, number, cells, [] if number in merged else problems, dates)
                             for number, cells in _drain(sheet)]
        for number, column, row, message in dates.refused():
            problems.append(Problem(sheet.file, number, column, message))
            row.valid = False
        for row in parsed[spec.name]:
            row.valid = row.valid and not any(first <= row.number <= last for first, last, _ in sheet.merged)
    if not problems and not any(parsed.values()):
        problems.append(Problem(label, None, None, Msg("no rows to import: every sheet is empty")))
    for spec in SHEETS:
        _check_unique(spec, parsed.get(spec.name, []), problems)
    _check_references(store, parsed, problems)
    return parsed, problems


def _drain(sheet: Sheet) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of ``sheet``, each let go as it is handed out, so that its text and its parsed values are not in
    memory side by side for the whole sheet (that doubled an import's peak)."""
    rows, sheet.rows = sheet.rows, []
    rows.reverse()
    while rows:
        yield rows.pop()


def _check_header(spec: SheetSpec, sheet: Sheet) -> list[Problem]:
    known = {column.name for column in spec.columns}
    problems = [Problem(sheet.file, 1, column.name, Msg("required column is missing"))
                for column in spec.columns if column.required and column.name not in sheet.header]
    problems += [Problem(sheet.file, 1, name or "(empty)",
                         Msg("unknown column; expected {columns}", columns=", ".join(sorted(known))))
                 for name in sheet.header if name not in known]
    seen: set[str] = set()
    for name in sheet.header:
        if name in seen:
            problems.append(Problem(sheet.file, 1, name, Msg("column appears twice")))
        seen.add(name)
    return problems


def parse_row(spec: SheetSpec, sheet: Sheet, number: int, cells: dict[str, str],
              problems: list[Problem], dates: DateOrder | None = None) -> ParsedRow:
    """Every cell of one row parsed against its column; what is wrong goes to ``problems``, the dates that read
    both ways to ``dates``."""
    row = ParsedRow(sheet, number, {})
    for column in spec.columns:
        text = cells.get(column.name, "")
        value, expected = parse_cell(column, text)
        if dates is not None and column.kind == "date" and text:
            dates.note(number, column.name, text, row)
        if expected:
            problems.append(Problem(sheet.file, number, column.name, expected))
            row.valid = False
        row.values[column.name] = value
    if spec.one_of and sum(row.values[name] is not None for name in spec.one_of) != 1:
        problems.append(Problem(sheet.file, number, " or ".join(spec.one_of),
                                Msg("exactly one of {columns} must be filled", columns=" and ".join(spec.one_of))))
        row.valid = False
    if spec.pair:
        _check_pair(spec, sheet, row, problems)
    since, until = row.values.get("since"), row.values.get("until")
    if since and until and until < since:
        problems.append(Problem(sheet.file, number, "until", Msg("expected a date on or after since ({since})",
                                                                 since=since)))
        row.valid = False
    return row


def _check_pair(spec: SheetSpec, sheet: Sheet, row: ParsedRow, problems: list[Problem]) -> None:
    """An unordered pair (neighbouring wijken) pairs two different keys."""
    one, other = spec.pair
    if row.values[one] is not None and row.values[one] == row.values[other]:
        problems.append(Problem(sheet.file, row.number, other, Msg(
            "expected another {kind} than in column {column}: {value!r} cannot neighbour itself",
            kind=(spec.column(other).ref or "key").lower(), column=one, value=row.values[one])))
        row.valid = False


def _check_unique(spec: SheetSpec, rows: list[ParsedRow], problems: list[Problem]) -> None:
    first: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = tuple(row.values[name] for name in spec.unique)
        if spec.pair:
            continue  # the same pair again, or the other way round, is one relationship (build_plan)
        if key in first:
            shown = ", ".join(f"{name} {row.values[name]!r}" for name in spec.unique if row.values[name] is not None)
            problems.append(Problem(row.sheet.file, row.number, spec.unique[0],
                                    Msg("duplicate key ({key}); first at row {first}", key=shown, first=first[key])))
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
                                                    Msg("refers to {kind} {value!r}, whose row was rejected",
                                                        kind=kind, value=value),
                                                    consequence=True))
                        else:
                            problems.append(Problem(row.sheet.file, row.number, column.name,
                                                    Msg("unknown {kind} {value!r}: it is neither in the sheets "
                                                        "of this import nor in the database", kind=kind, value=value)))
                        row.valid = False
                    if not row.valid:
                        newly_invalid += 1
                        break
        if not newly_invalid:
            return


def _defined_keys(parsed: dict[str, list[ParsedRow]], only_valid: bool = True) -> dict[str, set[Any]]:
    defined: dict[str, set[Any]] = {label: set() for label in NODE_BY_LABEL}
    for spec in SHEETS:
        if spec.node and spec.key:
            defined[spec.node].update(row.values[spec.key] for row in parsed.get(spec.name, [])
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
        seen: set[tuple[Any, ...]] = set()
        for row in parsed.get(spec.name, []):
            values = row.values
            if spec.pair:  # stored once, the smaller key first
                pair = tuple(sorted(values[name] for name in spec.pair))
                if pair in seen:
                    continue
                seen.add(pair)
                values = {**values, **dict(zip(spec.pair, pair, strict=True))}
            plan_row(plan, spec, values)
    return plan


def write_template(path: Path) -> Path:
    """An empty workbook (.xlsx) or CSV folder with the header row of every sheet."""
    if path.suffix.lower() == ".xlsx":
        workbook = Workbook()
        for default_sheet in workbook.worksheets:  # a new workbook has one empty sheet; ours come from SHEETS
            workbook.remove(default_sheet)
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


__all__ = ["SHEETS", "ImportOptions", "ImportRefused", "import_kaart", "validate", "write_template"]
