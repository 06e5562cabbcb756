"""Every table with a CSV twin has an XLSX twin (and `wijkgraph export xlsx NAME`): typed cells (numbers, dates,
booleans), text that looks like a formula kept as text without an apostrophe, Dutch headers, a frozen header row,
column widths and a filter; with the same role, scope and audit as the page."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from web_support import FOREIGN, WIJK_IN, WIJK_OUT, client_for, load_test_world

from api.xlsx import workbook_bytes
from graph.store import Store

FORMULA = '=HYPERLINK("http://evil.example","klik")'
DUTCH = {"wijk": "wijk", "name": "naam", "function": "functie", "phone": "telefoon", "email": "e-mail",
         "last_verified": "laatst gecontroleerd", "expertise": "expertise", "id": "id"}


def sheet_of(content: bytes) -> Worksheet:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def test_the_contacts_table_as_xlsx(store: Store) -> None:
    tokens = load_test_world(store)
    store.write("MATCH (p:Professional {id: 'P-5'}) SET p.function = $text", {"text": FORMULA})
    client = client_for(store, tokens["professional"])
    rows = client.get("/analyses/contacts.json", params={"wijk": WIJK_IN, "size": 500}).json()["items"]
    answer = client.get("/analyses/contacts.xlsx", params={"wijk": WIJK_IN})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert answer.headers["content-disposition"] == 'attachment; filename="analyses-contacts.xlsx"'
    sheet = sheet_of(answer.content)
    columns = list(rows[0])
    headers = dict(zip(columns, [cell.value for cell in sheet[1]], strict=True))
    assert {column: headers[column] for column in DUTCH} == DUTCH
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    assert sheet.max_row == len(rows) + 1 > 5
    for number, row in enumerate(rows, start=2):
        cells = dict(zip(columns, sheet[number], strict=True))
        assert cells["name"].value == row["name"] and cells["name"].data_type == "s"
        assert cells["expertise"].value == ("; ".join(row["expertise"]) or None)
        if row["phone"]:  # a phone number stays text: its leading zero is kept
            assert cells["phone"].value == row["phone"] and cells["phone"].data_type == "s"
        if row["last_verified"]:
            assert cells["last_verified"].value == dt.datetime.fromisoformat(row["last_verified"])
            assert cells["last_verified"].is_date and cells["last_verified"].number_format == "d-m-yyyy"
    eva = next(number for number, row in enumerate(rows, start=2) if row["id"] == "P-5")
    function = sheet.cell(row=eva, column=columns.index("function") + 1)
    assert (function.value, function.data_type) == (FORMULA, "s")  # text, not a formula, and no apostrophe
    page = client.get("/analyses/contacts", params={"wijk": WIJK_IN}).text
    assert f'<a href="/analyses/contacts.xlsx?wijk={WIJK_IN}">Excel downloaden</a>' in page
    csv = client.get("/analyses/contacts.csv", params={"wijk": WIJK_IN}).text
    assert f"'{FORMULA}" in csv.replace('""', '"')  # the CSV twin needs the apostrophe; the workbook does not
    names = [row["name"] for row in rows] + ["naam"]
    width = sheet.column_dimensions[get_column_letter(columns.index("name") + 1)].width
    assert width == max(len(name) for name in names) + 2
    ids = max(len(row["id"]) for row in rows) + 2
    assert sheet.column_dimensions[get_column_letter(columns.index("id") + 1)].width == max(ids, 8)


def test_numbers_booleans_and_dates_are_typed() -> None:
    rows = [{"wijk": "WK1", "demand": 3, "density": 0.5, "verified": True, "on": "2026-01-15",
             "at": "2026-01-15T10:00:00Z", "text": "-3", "formula": FORMULA, "empty": None,
             "control": "ecogram of \x01\x1b", "list": ["a", "b\x00"]}]
    sheet = sheet_of(workbook_bytes(rows, "Test: a/b"))
    assert sheet.title == "Test  a b"
    cells = list(sheet[2])
    assert [(cell.value, cell.data_type) for cell in cells] == [
        ("WK1", "s"), (3, "n"), (0.5, "n"), (True, "b"), (dt.datetime(2026, 1, 15), "d"),
        (dt.datetime(2026, 1, 15, 11, 0), "d"), ("-3", "s"), (FORMULA, "s"), (None, "n"),
        ("ecogram of \ufffd\ufffd", "s"), ("a; b\ufffd", "s")]  # what a workbook cannot hold: U+FFFD
    assert cells[5].number_format == "d-m-yyyy hh:mm"  # 10:00 UTC is 11:00 in Amsterdam in January


def test_an_analysis_as_xlsx_keeps_the_scope_and_numbers(store: Store) -> None:
    tokens = load_test_world(store, foreign_helpers=True)
    coordinator = client_for(store, tokens["coordinator"])
    rows = coordinator.get("/analyses/missing_expertise.json", params={"size": 500}).json()["items"]
    sheet = sheet_of(coordinator.get("/analyses/missing_expertise.xlsx").content)
    assert [cell.value for cell in sheet[1]][:5] == ["wijk", "naam van de wijk", "expertise", "dekking",
                                                     "vraag (huishoudens)"]
    assert {cell.value for cell in sheet["A"][1:]} == {WIJK_IN}  # the coordinator's own wijk only
    assert [(cell.value, cell.data_type) for cell in sheet["E"][1:]] == [(row["demand"], "n") for row in rows]
    overlap = coordinator.get("/analyses/overlapping_helpers.xlsx")
    assert overlap.status_code == 200
    assert FOREIGN not in {cell.value for line in sheet_of(overlap.content).iter_rows() for cell in line}
    assert coordinator.get("/analyses/gaps.xlsx", params={"wijk": WIJK_OUT}).status_code == 403
    for role in ("professional", "coordinator"):
        refused = client_for(store, tokens[role]).get(f"/wijken/{WIJK_OUT}/households.xlsx")
        assert refused.status_code == 403, role
        assert refused.headers["content-type"] == "application/problem+json"
    admin = client_for(store, tokens["admin"]).get(f"/wijken/{WIJK_OUT}/households.xlsx")
    assert FOREIGN in {cell.value for line in sheet_of(admin.content).iter_rows() for cell in line}


def test_the_cli_writes_an_analysis(store: Store, tmp_path: Path) -> None:
    tokens = load_test_world(store)
    rows = client_for(store, tokens["admin"]).get("/analyses/contacts.json",
                                                  params={"wijk": WIJK_IN, "on": "2026-06-01", "size": 500}).json()
    out = tmp_path / "contacten.xlsx"
    done = subprocess.run([sys.executable, "-m", "api", "export", "xlsx", "contacts", str(out), "--wijk", WIJK_IN,
                           "--on", "2026-06-01"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{out} geschreven: {rows['total']} rijen van Wie bel ik?."
    sheet = sheet_of(out.read_bytes())
    headers = [cell.value for cell in sheet[1]]
    assert sheet.max_row == rows["total"] + 1 and sheet.freeze_panes == "A2"
    names = [cell.value for cell in sheet[get_column_letter(headers.index("naam") + 1)][1:]]
    assert names == [row["name"] for row in rows["items"]]
