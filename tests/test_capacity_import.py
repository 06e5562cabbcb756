"""Capacity in the sociale kaart (issue 17 item 2): the capacity_hours columns of professionals, teams and
agreements, read with the sheet's rules; a bad value refused with file, row and column and nothing written; the edit
form of the app offers the field (it comes from the same column declaration) and an edit of it is saved."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from db_counts import graph_snapshot
from web_support import client_for, csrf_token_of, load_test_world, log_in

from graph.store import Store
from importers.kaart import import_kaart
from importers.problems import ImportRefused
from importers.upkeep.changes import Actor
from importers.upkeep.edit import EditRefused, apply_edit
from importers.upkeep.records import read_record

COORDINATOR = Actor("test-coordinator", "coordinator")


@pytest.fixture
def kaart(tmp_path: Path, data_dir: Path) -> Path:
    folder = tmp_path / "kaart"
    shutil.copytree(data_dir / "kaart", folder)
    return folder


def add_column(folder: Path, sheet: str, values: dict[str, str]) -> None:
    """Append the capacity_hours column to ``sheet``, with ``values`` by the row's id (others empty)."""
    path = folder / f"{sheet}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cell = {key: f'"{value}"' if "," in value else value for key, value in values.items()}  # CSV quoting of 2,5
    lines = [lines[0] + ",capacity_hours"] + [line + "," + cell.get(line.split(",")[0], "") for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def hours(store: Store) -> dict[str, float]:
    rows = store.read("MATCH (n) WHERE n.capacity_hours IS NOT NULL RETURN n.id AS id, n.capacity_hours AS h")
    return {row["id"]: row["h"] for row in rows}


def test_capacity_columns_are_imported_as_hours_per_week(store: Store, kaart: Path) -> None:
    add_column(kaart, "professionals", {"P-1": "8", "P-3": "2,5"})
    add_column(kaart, "teams", {"T-NOORD": "36.5"})
    add_column(kaart, "agreements", {"A-GGZ": "0"})
    import_kaart(store, kaart)
    assert hours(store) == {"P-1": 8.0, "P-3": 2.5, "T-NOORD": 36.5, "A-GGZ": 0.0}
    # Without the column (the old files) nothing changes: import_kaart reads what is given.
    assert all(isinstance(value, float) for value in hours(store).values())


@pytest.mark.parametrize("value", ["-3", "acht", "2,5 uur", "1.000,5", "nan"])
def test_a_bad_capacity_is_refused_with_file_row_and_column_and_nothing_is_written(store: Store, kaart: Path,
                                                                                   value: str) -> None:
    import_kaart(store, kaart)
    before = graph_snapshot(store)
    add_column(kaart, "agreements", {"A-GGZ": value})
    with pytest.raises(ImportRefused) as error:
        import_kaart(store, kaart)
    assert [str(problem) for problem in error.value.problems] == [
        f"agreements.csv, row 2, column capacity_hours: expected a number of hours per week, 0 or more, like 8 or "
        f"2,5, got {value!r}"]
    assert graph_snapshot(store) == before


def test_the_cli_names_the_bad_capacity_in_dutch(store: Store, kaart: Path) -> None:
    add_column(kaart, "agreements", {"A-GGZ": "-4"})
    done = subprocess.run([sys.executable, "-m", "api", "import", "kaart", str(kaart)], capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "Fout: kaart is niet geïmporteerd: 1 probleem; er is niets weggeschreven.\n"
        "  agreements.csv, rij 2, kolom capacity_hours: verwacht een aantal uur per week, 0 of meer, zoals 8 of "
        "2,5, maar het is '-4'")
    assert hours(store) == {}


def test_an_edit_of_capacity_is_parsed_like_the_import_and_a_bad_one_changes_nothing(store: Store) -> None:
    load_test_world(store)
    record = read_record(store, "professional", "P-1")
    assert record is not None and record.values["capacity_hours"] is None
    changed = apply_edit(store, COORDINATOR, "professional", "P-1", {"capacity_hours": "6,5"}, record.version,
                         "test")
    assert changed.values["capacity_hours"] == 6.5 and hours(store) == {"P-1": 6.5}
    before = graph_snapshot(store)
    with pytest.raises(EditRefused) as error:
        apply_edit(store, COORDINATOR, "professional", "P-1", {"capacity_hours": "-1"}, changed.version, "test")
    assert error.value.problems == [("capacity_hours", "expected a number of hours per week, 0 or more, like 8 or "
                                                       "2,5, got '-1'")]
    assert graph_snapshot(store) == before


def test_the_edit_form_offers_capacity_and_saves_it(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store)
    assert log_in(client, tokens["coordinator"]).status_code == 303
    form = client.get("/kaart/agreement/A-GGZ/edit")
    assert '<label for="f-capacity_hours">capaciteit (uur per week)</label>' in form.text
    assert re.search(r'<input id="f-capacity_hours" name="capacity_hours" type="text" value="" inputmode="decimal"',
                     form.text)
    version = re.search(r'name="version" value="(\w+)"', form.text)
    assert version
    answer = client.post("/kaart/agreement/A-GGZ/edit", follow_redirects=False, data={
        "csrf_token": csrf_token_of(form), "version": version.group(1), "capacity_hours": "4"})
    assert answer.status_code == 303, answer.text
    assert hours(store) == {"A-GGZ": 4.0}
    assert 'value="4" inputmode="decimal"' in client.get("/kaart/agreement/A-GGZ/edit").text
