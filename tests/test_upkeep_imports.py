"""Imports and edits in the app live together (issue 16, item 5): the newest verification wins.

An edit or verification in the app is kept when an older spreadsheet is imported again, and the import report lists
each value it did not write; a file verified later wins. What the app created keeps its source and no cleanup
deletes it, nor an edited imported record. An import without app edits writes what it always wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import wipe
from db_counts import graph_counts, graph_snapshot
from openpyxl import Workbook

from api import i18n
from graph import schema
from graph.load import APP_SOURCE, PART_OF_START, CleanupRefused
from graph.model import REL_BY_NAME
from graph.store import Store
from importers.kaart import SHEETS, build_plan, import_kaart, validate
from importers.options import ImportOptions
from importers.pipeline import load_plan
from importers.problems import ImportRefused
from importers.upkeep import changes
from importers.upkeep.changes import Actor
from importers.upkeep.edit import apply_edit, create_record, end_record
from importers.upkeep.imports import CSV_HEADER, NODE_KINDS, OWN_LINKS, Conflict
from importers.upkeep.records import read_record
from importers.upkeep.verify import verify
from importers.workbook import read_workbook

COORDINATOR = Actor("coordinator-noord", "coordinator")
RESOURCE = "/kaart/professional/P-1/edit"


@pytest.fixture
def kaart(tmp_path: Path, data_dir: Path) -> Path:
    folder = tmp_path / "kaart"
    shutil.copytree(data_dir / "kaart", folder)
    return folder


def as_workbook(folder: Path) -> Path:
    """The CSV sheets of ``folder`` as one workbook ``kaart.xlsx`` beside it."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for file in sorted(folder.glob("*.csv")):
        sheet = workbook.create_sheet(file.stem)
        for row in csv.reader(file.open(encoding="utf-8")):
            sheet.append(row)
    path = folder.with_name("kaart.xlsx")
    workbook.save(path)
    return path


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()  # the date of the app's edited_at (UTC)


def edit_in_app(store: Store, kind: str, key: str, values: dict[str, str]) -> None:
    record = read_record(store, kind, key)
    assert record is not None
    apply_edit(store, COORDINATOR, kind, key, values, record.version, RESOURCE)


def set_cell(folder: Path, sheet: str, key: str, column: str, value: str) -> None:
    """Change one cell of the CSV sheet: the row whose first column is ``key``."""
    path = folder / f"{sheet}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    header = list(rows[0])
    for row in rows:
        if row[header[0]] == key:
            row[column] = value
    write_sheet(path, header, rows)


def drop_rows(folder: Path, sheet: str, column: str, key: str) -> None:
    path = folder / f"{sheet}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    write_sheet(path, list(rows[0]), [row for row in rows if row[column] != key])


def write_sheet(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)


def professional(store: Store, key: str) -> dict[str, Any]:
    rows = store.read("MATCH (p:Professional {id: $key}) RETURN properties(p) AS p", {"key": key})
    return rows[0]["p"] if rows else {}


def dutch_date(day: dt.date) -> str:
    i18n.set_language("nl")
    return i18n.format_date(day)  # "2 dec 2026"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "WIJKGRAPH_LANG"} | {"COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True, env=env, timeout=300)


def test_an_edit_in_the_app_is_kept_when_the_older_spreadsheet_is_imported_again(store: Store, kaart: Path) -> None:
    """The issue's test: edit a contact in the app, re-import the older spreadsheet: the edit is kept, and the
    conflict is in the report (the result, the CSV beside the file, and the CLI's Dutch table)."""
    workbook = as_workbook(kaart)
    import_kaart(store, workbook)
    edit_in_app(store, "professional", "P-1", {"phone": "0687654321"})

    result = import_kaart(store, workbook)

    stored = professional(store, "P-1")
    assert (stored["phone"], stored["phone_e164"], stored["edited_by"], stored["source"]) == (
        "0687654321", "+31687654321", COORDINATOR.name, "kaart:kaart")
    expected = Conflict("kaart.xlsx, sheet professionals", 2, "professional", "P-1", "phone", "0687654321",
                        "0611111111", COORDINATOR.name, today().isoformat())
    assert result.conflicts == [expected]
    assert result.conflicts_report == kaart.with_name("kaart.xlsx.conflicts.csv")
    with result.conflicts_report.open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [list(CSV_HEADER), expected.csv_row()]
    # Everything else of the file was written as before: P-2's phone from the file, nothing removed or kept.
    assert professional(store, "P-2")["phone"] == "0622222222"
    assert (result.deleted, result.kept) == (Counter(), Counter())

    done = cli("import", "kaart", str(workbook))
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert ("  1 waarde uit het bestand is niet weggeschreven: die is in de app later gewijzigd of gecontroleerd dan "
            "het bestand (de nieuwste controle wint). Het conflict staat in "
            f"{kaart.with_name('kaart.xlsx.conflicts.csv')}") in " ".join(lines)
    bars = re.compile("[│┃]")  # the table's column borders (heavy in the header)
    cells = [[cell.strip() for cell in bars.split(line)[1:-1]] for line in lines if len(bars.findall(line)) > 2]
    assert cells == [
        ["blad", "rij", "sleutel", "kolom", "bewaard (app)", "in het bestand", "gewijzigd door", "op"],
        ["kaart.xlsx, sheet professionals", "2", "P-1", "phone", "0687654321", "0611111111", COORDINATOR.name,
         dutch_date(today())],
    ]


def test_a_file_verified_after_the_edit_wins_and_a_tie_goes_to_the_app(store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    edit_in_app(store, "professional", "P-1", {"phone": "0687654321"})
    set_cell(kaart, "professionals", "P-1", "last_verified", today().isoformat())
    set_cell(kaart, "professionals", "P-1", "email", "anna@nieuw.example")

    tie = import_kaart(store, kaart)
    assert [(c.key, c.column, c.kept, c.file_value) for c in tie.conflicts] == [
        ("P-1", "email", "anna@welzijn.example", "anna@nieuw.example"),
        ("P-1", "last_verified", "2026-01-15", today().isoformat()),
        ("P-1", "phone", "0687654321", "0611111111")]
    assert professional(store, "P-1")["phone"] == "0687654321"

    newer = today() + dt.timedelta(days=1)
    set_cell(kaart, "professionals", "P-1", "last_verified", newer.isoformat())
    result = import_kaart(store, kaart)
    assert result.conflicts == [] and result.conflicts_report is None
    stored = professional(store, "P-1")
    assert (stored["phone"], stored["email"], stored["last_verified"].to_native()) == (
        "0611111111", "anna@nieuw.example", newer)


def test_a_verification_in_the_app_protects_the_values_too(store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    verify(store, COORDINATOR, "professional", "P-2", "/kaart/professional/P-2/verify")
    set_cell(kaart, "professionals", "P-2", "email", "bram@oud.example")
    set_cell(kaart, "professionals", "P-2", "last_verified", "2026-06-01")  # after the file's 2024, before today

    result = import_kaart(store, kaart)

    stored = professional(store, "P-2")
    assert (stored["email"], stored["last_verified"].to_native(), stored["verified_by"]) == (
        "bram@huisarts.example", dt.date.today(), COORDINATOR.name)
    assert result.conflicts == [
        Conflict("professionals.csv", 3, "professional", "P-2", "email", "bram@huisarts.example", "bram@oud.example",
                 COORDINATOR.name, dt.date.today().isoformat()),
        Conflict("professionals.csv", 3, "professional", "P-2", "last_verified", dt.date.today().isoformat(),
                 "2026-06-01", COORDINATOR.name, dt.date.today().isoformat())]


def test_an_app_created_professional_may_be_listed_keeps_its_source_and_is_never_cleaned_up(
        store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    create_record(store, COORDINATOR, "professional", {
        "id": "P-9", "name": "Fenna Mol", "function": "wijkcoach", "organisation_id": "ORG-WELZIJN",
        "phone": "0687650000"}, "/kaart/professional/new")
    with (kaart / "professionals.csv").open("a", encoding="utf-8") as handle:
        handle.write("P-9,Fenna Mol,wijkcoach,ORG-WELZIJN,fenna@welzijn.example,0612121212,\n")

    listed = import_kaart(store, kaart)

    stored = professional(store, "P-9")
    assert (stored["source"], stored["phone"], stored.get("email")) == (APP_SOURCE, "0687650000", None)
    assert [(c.row, c.column, c.kept, c.file_value, c.by) for c in listed.conflicts] == [
        (7, "email", "", "fenna@welzijn.example", COORDINATOR.name),
        (7, "phone", "0687650000", "0612121212", COORDINATOR.name)]
    assert store.read("MATCH (:Professional {id: 'P-9'})-[r:EMPLOYED_BY]->(o) RETURN o.id AS o, r.source AS s") == [
        {"o": "ORG-WELZIJN", "s": APP_SOURCE}]

    drop_rows(kaart, "professionals", "id", "P-9")
    dropped = import_kaart(store, kaart)
    assert professional(store, "P-9")["source"] == APP_SOURCE
    assert (dropped.deleted, dropped.conflicts) == (Counter(), [])
    assert store.read("MATCH (:Professional {id: 'P-9'})-[r:EMPLOYED_BY]->(o) RETURN o.id AS o") == [
        {"o": "ORG-WELZIJN"}]


def test_keys_of_wijkgraphs_other_sources_stay_refused(store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    store.write("MATCH (t:Team {id: 'T-NOORD'}) SET t.source = 'wijkgraph:demo'")
    before = graph_snapshot(store)
    with pytest.raises(ImportRefused) as refused:
        import_kaart(store, kaart)
    assert [str(problem) for problem in refused.value.problems] == [
        "kaart: Team keys of this file belong to wijkgraph's own data, which no import may change: 1, such as "
        "'T-NOORD'"]
    assert graph_snapshot(store) == before


def test_an_edited_imported_record_is_not_cleaned_up_and_the_guard_does_not_count_it(
        store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    edit_in_app(store, "professional", "P-4", {"function": "schuldhulpverlener en budgetcoach"})
    drop_rows(kaart, "professionals", "id", "P-4")
    drop_rows(kaart, "memberships", "professional_id", "P-4")
    before = graph_counts(store)

    # 1 of 5 professionals and 1 of 4 employers would be more than 10%: the edited one does not count. The
    # membership of P-4 (1 of 2) is no part of the edit: without --force the guard refuses its removal.
    with pytest.raises(CleanupRefused, match=r"would delete 1 of 2 MEMBER_OF \(more than 10%\)"):
        import_kaart(store, kaart)
    assert graph_counts(store) == before

    result = import_kaart(store, kaart, ImportOptions(force=True))

    stored = professional(store, "P-4")
    assert (stored["function"], stored["source"]) == ("schuldhulpverlener en budgetcoach", "kaart:kaart")
    # Its employer is part of the record and stays; its expertise is still listed by the file (the expertise sheet).
    assert store.read("MATCH (:Professional {id: 'P-4'})-[r]->(o) RETURN type(r) AS r, coalesce(o.id, o.code) AS o "
                      "ORDER BY r") == [{"r": "EMPLOYED_BY", "o": "ORG-WELZIJN"},
                                        {"r": "HAS_EXPERTISE", "o": "SCHULDEN"}]
    assert result.kept == Counter({"Professional": 1, "EMPLOYED_BY": 1})
    assert result.deleted["relationships_deleted"] == 1 and result.deleted.get("nodes_deleted", 0) == 0


def test_a_professional_the_file_drops_stays_while_an_app_relationship_hangs_on_it(store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    create_record(store, COORDINATOR, "expertise", {"professional_id": "P-5", "expertise": "GGZ"},
                  "/kaart/expertise/new")
    for sheet, column in (("professionals", "id"), ("wijk_work", "professional_id"),
                          ("contacts", "knows_professional_id")):
        drop_rows(kaart, sheet, column, "P-5")

    result = import_kaart(store, kaart, ImportOptions(force=True))

    assert professional(store, "P-5")["name"] == "Eva Visser"
    assert store.read("MATCH (:Professional {id: 'P-5'})-[r]-(o) RETURN type(r) AS r, o.code AS o, r.source AS s") == [
        {"r": "HAS_EXPERTISE", "o": "GGZ", "s": APP_SOURCE}]
    assert result.kept == Counter({"Professional": 1})


def test_an_end_date_set_in_the_app_is_not_cleared_by_an_older_file(store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    record = read_record(store, "membership", "P-1~T-NOORD")
    assert record is not None
    end_record(store, COORDINATOR, "membership", "P-1~T-NOORD", dt.date(2026, 11, 30), record.version,
               "/kaart/membership/P-1~T-NOORD/end")

    result = import_kaart(store, kaart)

    assert store.read("MATCH (:Professional {id: 'P-1'})-[m:MEMBER_OF]->(:Team {id: 'T-NOORD'}) "
                      "RETURN m.until AS until, m.team_role AS role, m.source AS source") == [
        {"until": dt.date(2026, 11, 30), "role": "wijkcoach", "source": "kaart:kaart"}]
    assert result.conflicts == [Conflict("memberships.csv", 2, "membership", "P-1~T-NOORD", "until", "2026-11-30",
                                         "", COORDINATOR.name, today().isoformat())]


def test_an_import_without_app_edits_writes_what_the_file_says(store: Store, kaart: Path) -> None:
    """Nothing edited in the app: a changed file is written as it is, exactly as the plain load writes it."""
    first = import_kaart(store, kaart)
    set_cell(kaart, "professionals", "P-2", "phone", "0622220000")
    set_cell(kaart, "professionals", "P-4", "phone", "0644444444")  # a row without last_verified
    set_cell(kaart, "memberships", "P-1", "until", "2026-10-01")
    second = import_kaart(store, kaart)
    assert (first.conflicts, second.conflicts, second.kept, second.conflicts_report) == ([], [], Counter(), None)
    assert (professional(store, "P-2")["phone"], professional(store, "P-4")["phone"]) == ("0622220000", "0644444444")
    through_import = graph_snapshot(store, ignore=("lastupdated", "firstseen"))

    wipe(store)
    schema.apply(store)
    parsed, problems = validate(store, read_workbook(kaart), kaart.name)
    assert problems == []
    load_plan(store, build_plan(parsed), "kaart:kaart", dt.datetime.now(dt.UTC))
    assert graph_snapshot(store, ignore=("lastupdated", "firstseen")) == through_import


def test_the_links_that_are_part_of_a_record_are_the_ones_cleanup_keeps_with_it() -> None:
    assert changes.APP_SOURCE == APP_SOURCE
    declared = {spec.node: tuple((rel.name, rel.end) for rel in spec.relationships if rel.start is None)
                for spec in SHEETS if spec.node in NODE_KINDS}
    assert declared == OWN_LINKS
    assert {REL_BY_NAME[name].type for links in OWN_LINKS.values() for name, _ in links} == set(PART_OF_START)
