"""One cell against its column declaration, and one parsed row into the load plan (importers/fields.py,
importers/sheets.py), without a database: every kind's accepted values and the exact problem for each wrong one,
and the nodes and relationships a row becomes. Written from the mutation check's survivors
(docs/mutation-report.md): the importer tests reached these only through whole files."""

from __future__ import annotations

import datetime as dt

import pytest

from importers.destinations import NodeProperty, RelationshipProperty, RelationshipStart, end, prop, rel_prop, start
from importers.fields import Column, parse_cell
from importers.kaart_sheets import SHEETS
from importers.pipeline import Plan
from importers.sheets import DeclarationError, SheetSpec, plan_row

SHEET = {spec.name: spec for spec in SHEETS}


def column(sheet: str, name: str) -> Column:
    return next(column for column in SHEET[sheet].columns if column.name == name)


def test_an_empty_cell_is_nothing_or_a_missing_required_value() -> None:
    assert parse_cell(column("professionals", "function"), "") == (None, None)
    value, problem = parse_cell(column("professionals", "name"), "")
    assert (value, problem, problem.template) == (None, "a value is required", "a value is required")


DATE_EXPECTED = ("expected a date as day-month-year (01-02-2026, 1-2-2026, 01/02/2026 or 1 februari 2026) or "
                 "year-month-day (2026-02-01), got ")


@pytest.mark.parametrize(("text", "day"), [
    ("2024-02-29", dt.date(2024, 2, 29)), ("29-02-2024", dt.date(2024, 2, 29)), ("1-2-2026", dt.date(2026, 2, 1)),
    ("01/02/2026", dt.date(2026, 2, 1)), ("01.02.2026", dt.date(2026, 2, 1)), ("1 februari 2026", dt.date(2026, 2, 1)),
    ("1 Feb 2026", dt.date(2026, 2, 1)), ("31 mrt. 2026", dt.date(2026, 3, 31)), ("46054", dt.date(2026, 2, 1)),
    ("2026-02-01T00:00:00", dt.date(2026, 2, 1)), ("13/01/2026", dt.date(2026, 1, 13)),
])
def test_a_date_is_read_day_first_as_typed(text: str, day: dt.date) -> None:
    assert parse_cell(column("memberships", "since"), text) == (day, None)


def test_a_wrong_date_is_shown_as_given() -> None:
    since = column("memberships", "since")
    value, problem = parse_cell(since, "30-02-2024")
    assert (value, problem) == (None, DATE_EXPECTED + "'30-02-2024'")
    assert problem.fields == {"value": "'30-02-2024'"}
    for wrong in ("2026-13-01", "1-2-26", "2026", "1 brumaire 2026", "01-02/2026"):
        assert parse_cell(since, wrong)[1] == DATE_EXPECTED + repr(wrong)
    assert parse_cell(since, "12/31/2026")[1] == (
        "expected a date as day-month-year, got '12/31/2026', which is month/day/year; write it as 31-12-2026 or "
        "2026-12-31")
    _, long = parse_cell(since, "x" * 50)
    assert long == DATE_EXPECTED + f"'{'x' * 37}...'"
    assert parse_cell(since, "x" * 40)[1] == DATE_EXPECTED + f"'{'x' * 40}'"  # up to 40 as is
    assert parse_cell(since, "x" * 41)[1] == DATE_EXPECTED + f"'{'x' * 37}...'"


def test_choices_are_read_in_any_case_and_stored_as_the_code() -> None:
    expertise = column("expertise", "expertise")
    assert [parse_cell(expertise, text) for text in ("ggz", "Schulden", "huiselijk geweld", "werk-inkomen")] == [
        ("GGZ", None), ("SCHULDEN", None), ("HUISELIJK_GEWELD", None), ("WERK_INKOMEN", None)]
    assert parse_cell(column("teams", "wijk_codes"), "WK1; wk2")[0] == ["WK1", "wk2"]  # keys keep their case


def test_a_list_is_split_trimmed_and_checked_item_by_item() -> None:
    wijken = column("teams", "wijk_codes")
    assert parse_cell(wijken, " WK1 ;; WK2;") == (["WK1", "WK2"], None)
    assert parse_cell(wijken, " ; ") == (None, "at least one value is required")
    optional = Column("codes", kind="list")
    assert parse_cell(optional, ";") == ([], None)
    chosen = Column("groups", kind="list", choices=("A", "B"))
    assert parse_cell(chosen, "A;B") == (["A", "B"], None)
    value, problem = parse_cell(chosen, "A; C ;D")
    assert (value, problem) == (None, "expected each of A, B, got 'C'")
    assert problem.fields == {"choices": "A, B", "value": "'C'"}


def test_a_choice_and_a_pattern() -> None:
    group = column("wijk_work", "group")
    assert parse_cell(group, "C") == ("C", None)
    assert parse_cell(group, "E") == (None, "expected one of A, B, C, D, got 'E'")
    code = column("municipalities", "code")
    assert parse_cell(code, "GM0637") == ("GM0637", None)
    assert parse_cell(code, "GM637") == (None, "expected a CBS municipality code like GM0637, got 'GM637'")
    assert parse_cell(code, "xGM0637") == (None, "expected a CBS municipality code like GM0637, got 'xGM0637'")
    bare = Column("ref", pattern=r"R\d")
    assert parse_cell(bare, "R12") == (None, "expected R\\d, got 'R12'")  # the pattern when nothing describes it
    assert parse_cell(Column("free"), "  as typed ") == ("  as typed ", None)


def test_a_row_becomes_its_node_and_relationships() -> None:
    plan = Plan()
    plan_row(plan, SHEET["teams"], {"id": "T-1", "name": "Team Noord", "kind": "swt", "municipality_code": "GM1",
                                    "wijk_codes": ["WK1", "WK2"], "phone": None, "email": "t@x.example",
                                    "capacity_hours": 16.0})
    assert plan.nodes == {"Team": [{"id": "T-1", "name": "Team Noord", "kind": "swt", "phone": None,
                                    "email": "t@x.example", "capacity_hours": 16.0}]}
    assert plan.relationships == {"team_municipality": [{"start": "T-1", "end": "GM1"}],
                                  "team_serves": [{"start": "T-1", "end": "WK1"}, {"start": "T-1", "end": "WK2"}]}


def test_a_derived_property_and_an_empty_reference() -> None:
    plan = Plan()
    values = {column.name: None for column in SHEET["professionals"].columns}
    plan_row(plan, SHEET["professionals"], {**values, "id": "P-1", "name": "Dr. Bram de Wit"})
    assert plan.nodes["Professional"] == [{"id": "P-1", "name": "Dr. Bram de Wit", "name_normalised": "bram de wit",
                                           "function": None, "email": None, "phone": None, "last_verified": None,
                                           "capacity_hours": None}]
    assert plan.relationships == {}  # no organisation: no EMPLOYED_BY


def test_a_row_without_a_node_gives_relationships_with_their_properties() -> None:
    plan = Plan()
    plan_row(plan, SHEET["wijk_work"], {"professional_id": "P-1", "wijk_code": "WK1", "municipality_code": None,
                                        "group": "B", "since": dt.date(2025, 1, 1), "until": None})
    assert plan.nodes == {}
    assert plan.relationships == {"works_in_wijk": [
        {"start": "P-1", "end": "WK1", "group": "B", "since": dt.date(2025, 1, 1), "until": None}]}
    plan = Plan()
    plan_row(plan, SHEET["expertise"], {"professional_id": None, "organisation_id": "ORG-1", "expertise": "LVB"})
    assert plan.relationships == {"offers": [{"start": "ORG-1", "end": "LVB"}]}


@pytest.mark.parametrize(("columns", "node", "message"), [
    ((Column("id", True),), "Nope", "sheet s: unknown label 'Nope'"),
    ((Column("id", True), Column("id")), "Team", "sheet s: a column is declared twice"),
    ((Column("id", True), Column("colour")), "Team", "sheet s: column 'colour' goes to property 'colour', which Team "
                                                     "does not have"),
    ((Column("name", True),), "Team", "sheet s: the key 'id' of Team needs a column that goes to it"),
    ((Column("x"),), None, "sheet s: column 'x' declares no destination (to=...)"),
    ((Column("id", True), Column("name")), "Team", None),  # the control: this one is sound
    ((Column("p", to=start("works_in_wijk")), Column("a", to=start("works_in_wijk")),
      Column("w", to=end("works_in_wijk"))), None,
     "sheet s: relationship works_in_wijk needs exactly one end column and at most one start column"),
    ((Column("w", to=end("works_in_wijk")),), None,
     "sheet s: relationship works_in_wijk starts at Professional: declare its start column"),
    ((Column("p", to=start("works_in_wijk")), Column("w", to=end("works_in_wijk")),
      Column("g", choices=("A", "E"), to=rel_prop("works_in_wijk", name="group"))), None,
     "sheet s: column 'g' allows ('A', 'E'), outside the model's ('A', 'B', 'C', 'D')"),
    ((Column("p", to=start("works_in_wijk")), Column("w", to=end("works_in_wijk")),
      Column("g", to=rel_prop("works_in_wijk", name="colour"))), None,
     "sheet s: column 'g' goes to property 'colour', which works_in_wijk does not have"),
])
def test_a_declaration_that_cannot_work_is_refused_when_the_module_loads(
        columns: tuple[Column, ...], node: str | None, message: str | None) -> None:
    """Declarations are checked when importers/kaart_sheets.py loads: the mutation check cannot see those checks
    run unless a test builds declarations of its own (each wrong in one way, beside one that is sound)."""
    if message is None:
        assert SheetSpec("s", columns, node=node).key == "id"
        return
    with pytest.raises(DeclarationError) as error:
        SheetSpec("s", columns, node=node, unique=() if node else (columns[0].name,))
    assert str(error.value) == message


@pytest.mark.parametrize(("unique", "one_of", "message"), [
    (("nope",), (), "sheet s: unknown column 'nope' in unique, one_of or pair"),
    ((), ("p", "nope"), "sheet s: unknown column 'nope' in unique, one_of or pair"),
    ((), (), "sheet s: declare the columns whose values are unique"),
])
def test_a_sheet_without_a_node_declares_what_is_unique(unique: tuple[str, ...], one_of: tuple[str, ...],
                                                        message: str) -> None:
    columns = (Column("p", to=start("works_in_wijk")), Column("w", to=end("works_in_wijk")))
    with pytest.raises(DeclarationError) as error:
        SheetSpec("s", columns, unique=unique, one_of=one_of)
    assert str(error.value) == message


def test_a_reference_column_names_the_label_of_its_keys_and_a_renamed_property_keeps_its_name() -> None:
    spec = SheetSpec("s", (Column("p", to=start("works_in_wijk")), Column("w", to=end("works_in_wijk")),
                           Column("g", choices=("A", "B", "C", "D"), to=rel_prop("works_in_wijk", name="group"))),
                     unique=("p", "w"))
    assert [(column.name, column.ref) for column in spec.columns] == [("p", "Professional"), ("w", "Wijk"),
                                                                      ("g", None)]
    assert spec.columns[2].destinations == (rel_prop("works_in_wijk", name="group"),)
    assert spec.relationships[0].properties == (("g", "group"),)
    plan = Plan()
    plan_row(plan, spec, {"p": "P-1", "w": "WK1", "g": "B"})
    assert plan.relationships == {"works_in_wijk": [{"start": "P-1", "end": "WK1", "group": "B"}]}
    unnamed = SheetSpec("u", (Column("p", to=start("works_in_wijk")), Column("w", to=end("works_in_wijk")),
                              Column("group", to=rel_prop("works_in_wijk"))), unique=("p", "w"))
    assert unnamed.columns[2].destinations == (RelationshipProperty(("works_in_wijk",), "group"),)  # named now
    choices = SheetSpec("t", (Column("e", choices=("GGZ",), to=end("has_expertise")),
                              Column("p", to=start("has_expertise"))), unique=("e", "p"))
    assert choices.columns[0].ref is None  # a column with choices lists its keys itself (reference data)


def test_a_declared_key_is_unique_by_default() -> None:
    spec = SheetSpec("s", (Column("id", True), Column("name", True)), node="Team")
    assert (spec.key, spec.unique) == ("id", ("id",))
    assert NodeProperty("name") in spec.columns[1].destinations


def test_a_relationship_from_the_sheets_own_node_needs_no_start_column() -> None:
    spec = SheetSpec("s", (Column("id", True, to=(prop(), start("team_serves"))), Column("w", to=end("team_serves")),
                           Column("m", to=end("team_municipality"))), node="Team")
    assert spec.columns[0].destinations == (NodeProperty("id"), RelationshipStart(("team_serves",)))
    assert [(plan.name, plan.start, plan.end) for plan in spec.relationships] == [
        ("team_serves", "id", "w"), ("team_municipality", None, "m")]
    plan = Plan()
    plan_row(plan, spec, {"id": "T-1", "w": "WK1", "m": "GM1"})
    assert plan.relationships == {"team_serves": [{"start": "T-1", "end": "WK1"}],
                                  "team_municipality": [{"start": "T-1", "end": "GM1"}]}
