"""The sociale-kaart columns are declared once: every column reaches the load plan, the declarations
fit the model, and the generated parts of docs/import-formats.md are up to date. No database needed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from importers.destinations import end, prop, rel_prop, start
from importers.fields import Column
from importers.format_docs import IMPORT_FORMATS_DOC, render
from importers.kaart import parse_row
from importers.kaart_sheets import SHEET_BY_NAME, SHEETS
from importers.pipeline import Plan
from importers.problems import Problem
from importers.sheets import DeclarationError, SheetSpec, plan_row
from importers.workbook import Sheet

# Columns with a pattern need a value that matches it.
PATTERNED = {("municipalities", "code"): "GM0001", ("wijken", "code"): "WK000101"}


def filled_rows(spec: SheetSpec) -> list[dict[str, str]]:
    """Rows with every column filled with a value found nowhere else in the row.

    A sheet whose rows fill exactly one of two columns (``one_of``) gets one row per alternative.
    """
    cells: dict[str, str] = {}
    for number, column in enumerate(spec.columns):
        if column.choices:
            cells[column.name] = column.choices[-1]
        elif column.kind == "date":
            cells[column.name] = (date(2020, 1, 1) + timedelta(days=number)).isoformat()
        elif column.kind == "number":
            cells[column.name] = f"{number}.5"  # a number no other column of the row holds
        elif column.kind == "list":
            cells[column.name] = f"{spec.name}-{column.name}-1;{spec.name}-{column.name}-2"
        elif column.pattern:
            cells[column.name] = PATTERNED[spec.name, column.name]
        else:
            cells[column.name] = f"{spec.name}-{column.name}"
    if not spec.one_of:
        return [cells]
    return [{name: text for name, text in cells.items() if name == chosen or name not in spec.one_of}
            for chosen in spec.one_of]


def plan_values(plan: Plan) -> list[Any]:
    rows = [*(row for rows in plan.nodes.values() for row in rows),
            *(row for rows in plan.relationships.values() for row in rows)]
    return [value for row in rows for value in row.values()]


def missing_from_plan(spec: SheetSpec) -> list[str]:
    """The columns of ``spec`` whose value, filled in, is not in the load plan of its row."""
    missing = []
    for cells in filled_rows(spec):
        problems: list[Problem] = []
        row = parse_row(spec, Sheet(spec.name, f"{spec.name}.csv", list(cells)), 2, cells, problems)
        assert problems == [], f"the filled row of {spec.name} does not parse: {problems}"
        plan = Plan()
        plan_row(plan, spec, row.values)
        found = plan_values(plan)
        for name in cells:
            value = row.values[name]
            if not all(item in found for item in (value if isinstance(value, list) else [value])):
                missing.append(name)
    return missing


@pytest.mark.parametrize("spec", SHEETS, ids=[spec.name for spec in SHEETS])
def test_every_declared_column_reaches_the_load_plan(spec: SheetSpec) -> None:
    assert missing_from_plan(spec) == []


def test_a_column_that_goes_nowhere_is_caught() -> None:
    """The test above fails when a column loses its destination (to=() declares it read but not stored)."""
    professionals = SHEET_BY_NAME["professionals"]
    broken = replace(professionals, columns=tuple(
        replace(column, to=(), ref=None) if column.name == "organisation_id" else column
        for column in professionals.columns
    ))
    assert missing_from_plan(broken) == ["organisation_id"]
    memberships = SHEET_BY_NAME["memberships"]
    broken = replace(memberships, columns=tuple(
        replace(column, to=()) if column.name == "until" else column for column in memberships.columns
    ))
    assert missing_from_plan(broken) == ["until"]


def test_references_follow_from_the_destinations() -> None:
    refs = {(spec.name, column.name): column.ref for spec in SHEETS for column in spec.columns if column.ref}
    assert refs == {
        ("wijken", "municipality_code"): "Municipality",
        ("neighbours", "wijk"): "Wijk", ("neighbours", "neighbour"): "Wijk",
        ("organisations", "municipalities"): "Municipality",
        ("teams", "municipality_code"): "Municipality", ("teams", "wijk_codes"): "Wijk",
        ("professionals", "organisation_id"): "Organisation",
        ("memberships", "professional_id"): "Professional", ("memberships", "team_id"): "Team",
        ("wijk_work", "professional_id"): "Professional", ("wijk_work", "wijk_code"): "Wijk",
        ("wijk_work", "municipality_code"): "Municipality",
        ("expertise", "professional_id"): "Professional", ("expertise", "organisation_id"): "Organisation",
        ("agreements", "team_id"): "Team", ("agreements", "organisation_id"): "Organisation",
        ("civil_partners", "wijk_codes"): "Wijk",
        ("contacts", "professional_id"): "Professional", ("contacts", "knows_professional_id"): "Professional",
    }


def test_a_wijk_work_row_chooses_its_relationship_by_the_column_filled() -> None:
    spec = SHEET_BY_NAME["wijk_work"]
    values = {"professional_id": "P-1", "wijk_code": None, "municipality_code": "GM9901", "group": "D",
              "since": None, "until": None}
    plan = Plan()
    plan_row(plan, spec, values)
    assert plan.relationships == {"works_in_municipality": [
        {"start": "P-1", "end": "GM9901", "group": "D", "since": None, "until": None}]}


@pytest.mark.parametrize(("columns", "node", "message"), [
    ((Column("id", True), Column("colour")), "Team", "goes to property 'colour', which Team does not have"),
    ((Column("a", True, to=start("knows")),), None, "relationship knows needs exactly one end column"),
    ((Column("a", True, to=start("knows")), Column("b")), None, "column 'b' declares no destination"),
    ((Column("id", True), Column("wijk", to=end("no_such"))), "Team", "names unknown relationships ['no_such']"),
    ((Column("id", True), Column("team", to=end("member_of"))), "Team",
     "relationship member_of starts at Professional: declare its start column"),
    ((Column("a", True, to=start("knows")), Column("b", to=end("knows")),
      Column("team_role", to=rel_prop("member_of"))), None, "relationship member_of needs exactly one end column"),
    ((Column("a", True, to=start("knows")), Column("b", to=(end("knows"), rel_prop("knows", name="colour")))),
     None, "goes to property 'colour', which knows does not have"),
    ((Column("id", True), Column("scope", choices=("heelal",))), "Organisation",
     "allows ('heelal',), outside the model's"),
    ((Column("id", True, to=prop("name")), Column("name", True)), "Team", "the key 'id' of Team needs a column"),
    ((Column("id", True), Column("x", to=(start("member_of"), end("team_serves")))), "Team",
     "would name keys of several labels"),
])
def test_declarations_that_do_not_fit_the_model_are_refused(
    columns: tuple[Column, ...], node: str | None, message: str
) -> None:
    with pytest.raises(DeclarationError, match=re.escape(message)):
        SheetSpec("test", columns, node=node, unique=() if node else (columns[0].name,))


def test_docs_tables_are_generated_from_the_declarations() -> None:
    text = IMPORT_FORMATS_DOC.read_text(encoding="utf-8")
    assert render(text) == text, "docs/import-formats.md is out of date: run `wijkgraph docs`"


def test_render_needs_the_markers() -> None:
    with pytest.raises(ValueError, match="no generated region 'kaart-columns'"):
        render("# Import formats\n")


def test_wijkgraph_docs_rewrites_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.cli.docs
    import importers.format_docs
    import importers.household_schema

    current = IMPORT_FORMATS_DOC.read_text(encoding="utf-8")
    stale = tmp_path / "import-formats.md"
    stale.write_text(current.replace("| | `website` | no | |\n", ""), encoding="utf-8")
    assert stale.read_text(encoding="utf-8") != current
    monkeypatch.setattr(importers.format_docs, "IMPORT_FORMATS_DOC", stale)
    monkeypatch.setattr(importers.household_schema, "SCHEMA_FILE", tmp_path / "household.schema.json")
    monkeypatch.setattr(api.cli.docs, "MODEL_DOC", tmp_path / "model.md")
    api.cli.docs.docs_command()
    assert stale.read_text(encoding="utf-8") == current
