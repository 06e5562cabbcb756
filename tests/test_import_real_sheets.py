"""Spreadsheets as coordinators make them (issue 15): real row numbers, merged cells refused, Dutch dates, every
problem in one round; and imports that cannot surprise: a refused re-import changes nothing, a file saved under a
new name does not leave the old source's data behind, usage errors are usage errors.

The workbooks are built here with openpyxl the way a coordinator edits them: the test sociale kaart (tests/data/kaart)
in one .xlsx, then rows inserted, cells merged, dates typed as text or entered as Excel dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from db_counts import graph_counts, graph_snapshot
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from graph.load import CleanupRefused
from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart
from importers.options import ImportOptions
from importers.problems import ImportRefused

DATA = Path(__file__).parent / "data"
EXPERTISE = "GGZ, LVB, SCHULDEN, JEUGD, OUDEREN, VERSLAVING, HUISELIJK_GEWELD, WERK_INKOMEN, WONEN"


def workbook(path: Path, edit: Callable[[dict[str, Worksheet]], None] | None = None) -> Path:
    """The test sociale kaart as one workbook at ``path``, after ``edit`` (given the sheets by name)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    sheets = {}
    for file in sorted((DATA / "kaart").glob("*.csv")):
        sheet = sheets[file.stem] = book.create_sheet(file.stem)
        with file.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append([value or None for value in row])
    if edit:
        edit(sheets)
    book.save(path)
    return path


def refused(store: Store, path: Path, options: ImportOptions = ImportOptions()) -> list[str]:
    before = graph_snapshot(store, ignore=())
    with pytest.raises(ImportRefused) as error:
        import_kaart(store, path, options)
    assert graph_snapshot(store, ignore=()) == before, "a refused file must change nothing"
    return [str(problem) for problem in error.value.problems]


def test_rows_keep_their_number_with_empty_first_cells_and_blank_rows(store: Store, tmp_path: Path) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        expertise = sheets["expertise"]  # the organisation rows have an empty first cell
        expertise.insert_rows(4, amount=2)  # two blank rows before the organisation row, now row 6
        expertise["C6"] = "GGX"
        expertise.append([None, "ORG-NOPE", "lvb"])  # row 7: lower case is fine, the organisation is not
        expertise.append([None, None, None])
        expertise.append([None, "ORG-WELZIJN", "Schulden"])  # row 9

    path = workbook(tmp_path / "kaart.xlsx", edit)
    assert refused(store, path) == [
        f"kaart.xlsx, sheet expertise, row 6, column expertise: expected one of {EXPERTISE}, got 'GGX'",
        "kaart.xlsx, sheet expertise, row 7, column organisation_id: unknown organisation 'ORG-NOPE': it is neither "
        "in the sheets of this import nor in the database",
    ]
    result = import_kaart(store, path, ImportOptions(skip_invalid=True, report=tmp_path / "rejected.csv"))
    assert result.rejected == 2
    assert store.read("MATCH (o:Organisation)-[:OFFERS]->(e) RETURN o.id AS org, e.code AS code ORDER BY org") == [
        {"org": "ORG-WELZIJN", "code": "SCHULDEN"}]
    with (tmp_path / "rejected.csv").open(encoding="utf-8") as handle:
        assert [row[:3] for row in csv.reader(handle)] == [
            ["file", "row", "column"], ["kaart.xlsx, sheet expertise", "6", "expertise"],
            ["kaart.xlsx, sheet expertise", "7", "organisation_id"]]


def test_merged_cells_are_refused_with_sheet_and_range_and_every_other_problem(store: Store, tmp_path: Path) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        sheets["professionals"].merge_cells("D2:D3")  # P-2's employer would silently become P-1's
        expertise = sheets["expertise"]
        expertise["A3"] = None
        expertise.merge_cells("A2:A3")  # P-3 "for both rows": P-4's expertise would lose its professional
        expertise["C4"] = "geen"  # the organisation row (empty first cell) in the same round

    path = workbook(tmp_path / "kaart.xlsx", edit)
    assert refused(store, path) == [
        "kaart.xlsx, sheet expertise, row 2, column professional_id: cells A2:A3 are merged, and a merge keeps only "
        "the value of its first cell; unmerge them and fill in each row",
        f"kaart.xlsx, sheet expertise, row 4, column expertise: expected one of {EXPERTISE}, got 'geen'",
        "kaart.xlsx, sheet professionals, row 2, column organisation_id: cells D2:D3 are merged, and a merge keeps "
        "only the value of its first cell; unmerge them and fill in each row",
    ]
    assert graph_counts(store, "kaart:kaart") == {}


def test_dutch_dates_excel_dates_and_serials_are_read_day_first(store: Store, tmp_path: Path) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        memberships = sheets["memberships"]
        memberships["E2"] = "01-02-2026"
        memberships["F2"] = dt.datetime(2026, 12, 31)  # an Excel date cell
        memberships["E3"] = "1 februari 2026"
        memberships["F3"] = 46418  # an Excel date number: 31 January 2027
        professionals = sheets["professionals"]
        professionals["G2"] = "15/01/2026"
        professionals["G3"] = "1-3-2024"
        professionals["G4"] = "2026-06-01"
        professionals["G5"] = "3 okt. 2025"

    import_kaart(store, workbook(tmp_path / "kaart.xlsx", edit))
    assert store.read("MATCH (p:Professional)-[m:MEMBER_OF]->() RETURN p.id AS id, toString(m.since) AS since, "
                      "toString(m.until) AS until ORDER BY id") == [
        {"id": "P-1", "since": "2026-02-01", "until": "2026-12-31"},
        {"id": "P-4", "since": "2026-02-01", "until": "2027-01-31"}]
    assert store.read("MATCH (p:Professional) WHERE p.id IN ['P-1', 'P-2', 'P-3', 'P-4'] "
                      "RETURN p.id AS id, toString(p.last_verified) AS verified ORDER BY id") == [
        {"id": "P-1", "verified": "2026-01-15"}, {"id": "P-2", "verified": "2024-03-01"},
        {"id": "P-3", "verified": "2026-06-01"}, {"id": "P-4", "verified": "2025-10-03"}]


def test_dates_that_read_two_ways_are_refused_with_the_format_expected(store: Store, tmp_path: Path) -> None:
    def edit(sheets: dict[str, Worksheet]) -> None:
        professionals = sheets["professionals"]
        professionals["G2"] = "12/31/2025"  # only reads month first: this sheet was typed the American way
        professionals["G3"] = "02/01/2026"  # so this one may be 1 February as well as 2 January
        professionals["G4"] = "13/01/2026"  # reads one way only (13 January): fine
        sheets["memberships"]["E2"] = "2026-13-01"
        sheets["memberships"]["E3"] = "02/01/2026"  # another sheet: day-month, 2 January

    path = workbook(tmp_path / "kaart.xlsx", edit)
    assert refused(store, path) == [
        "kaart.xlsx, sheet memberships, row 2, column since: expected a date as day-month-year (01-02-2026, "
        "1-2-2026, 01/02/2026 or 1 februari 2026) or year-month-day (2026-02-01), got '2026-13-01'",
        "kaart.xlsx, sheet professionals, row 2, column last_verified: expected a date as day-month-year, got "
        "'12/31/2025', which is month/day/year; write it as 31-12-2025 or 2025-12-31",
        "kaart.xlsx, sheet professionals, row 3, column last_verified: the date '02/01/2026' could be day-month or "
        "month-day, as this sheet also has dates written month first ('12/31/2025'); write it with the month in "
        "words (2 januari 2026) or as year-month-day (2026-01-02)",
    ]


SHRUNK = "id,name\nP-1,Anna Jansen\nP-2,Bram de Wit\nP-3,Chris Bakker\nP-4,Dewi Smit\n"


def test_a_refused_reimport_leaves_the_database_byte_for_byte_as_it_was(store: Store, tmp_path: Path) -> None:
    kaart = tmp_path / "kaart"
    shutil.copytree(DATA / "kaart", kaart)
    import_kaart(store, kaart)
    before = graph_snapshot(store, ignore=())  # every property, lastupdated too
    counts = graph_counts(store)
    (kaart / "professionals.csv").write_text(SHRUNK + "P-6,Nieuwe Collega\n", encoding="utf-8")
    (kaart / "contacts.csv").write_text("professional_id,knows_professional_id\nP-1,P-2\n", encoding="utf-8")
    (kaart / "wijk_work.csv").unlink()
    with pytest.raises(CleanupRefused) as error:
        import_kaart(store, kaart)
    assert str(error.value) == (
        "Re-import of source 'kaart:kaart' would delete 1 of 5 Professional, 4 of 4 EMPLOYED_BY, 1 of 2 KNOWS, "
        "4 of 4 WORKS_IN (more than 10%) that the new file no longer lists. Nothing was changed. Check the file, "
        "or repeat with --force to delete them."
    )
    assert graph_counts(store) == counts
    assert graph_snapshot(store, ignore=()) == before  # P-6 was not written, no lastupdated moved


def feb_copy(tmp_path: Path) -> Path:
    """The sociale kaart saved as kaart-feb, without its civil partner."""
    copy = tmp_path / "kaart-feb"
    shutil.copytree(DATA / "kaart", copy)
    (copy / "civil_partners.csv").write_text("id,name,kind,wijk_codes,email,phone,last_verified\n", encoding="utf-8")
    return copy


def test_a_copy_saved_under_a_new_name_must_say_which_source_it_replaces(store: Store, tmp_path: Path) -> None:
    kaart = tmp_path / "kaart"
    shutil.copytree(DATA / "kaart", kaart)
    import_kaart(store, kaart)
    copy = feb_copy(tmp_path)
    assert refused(store, copy) == [
        f"kaart-feb: source 'kaart:kaart' already holds {label} keys of this file: {count}, such as {example!r}. If "
        "this file replaces that source (a copy saved under a new name), repeat with --replaces kaart:kaart; "
        "otherwise give these rows keys of their own"
        for label, count, example in (("Agreement", 1, "A-GGZ"), ("Municipality", 1, "GM9901"),
                                      ("Organisation", 3, "ORG-GGZ"), ("Professional", 5, "P-1"),
                                      ("Team", 1, "T-NOORD"), ("Wijk", 2, "WK990101"))
    ]
    assert refused(store, copy, ImportOptions(replaces="kaart:kaart-jan")) == [
        "kaart-feb, column replaces: there is no source 'kaart:kaart-jan' to replace: the database holds nothing of it"]
    before = graph_snapshot(store, ignore=())
    with pytest.raises(CleanupRefused) as error:  # the old source is cleaned up under the same guard
        import_kaart(store, copy, ImportOptions(replaces="kaart:kaart"))
    assert str(error.value) == (
        "Replacing source 'kaart:kaart' would delete 1 of 1 CivilPartner, 2 of 2 ACTIVE_IN (more than 10%) that the "
        "new file does not list. Nothing was changed. Check the file, or repeat with --force to delete them."
    )
    assert graph_snapshot(store, ignore=()) == before
    counts = graph_counts(store, "kaart:kaart")
    result = import_kaart(store, copy, ImportOptions(replaces="kaart:kaart", force=True))
    assert result.source == "kaart:kaart-feb"
    assert result.deleted == {"nodes_deleted": 1, "relationships_deleted": 2}
    assert graph_counts(store, "kaart:kaart") == {}
    assert graph_counts(store, "kaart:kaart-feb") == {
        key: value for key, value in counts.items() if key not in ("CivilPartner", "ACTIVE_IN")}
    assert store.read("MATCH (c:CivilPartner) RETURN count(c) AS n") == [{"n": 0}]


def test_the_cli_replaces_a_source_and_says_so_when_it_would_not(store: Store, tmp_path: Path) -> None:
    kaart = tmp_path / "kaart"
    shutil.copytree(DATA / "kaart", kaart)
    import_kaart(store, kaart)
    copy = feb_copy(tmp_path)
    env = {**os.environ, "WIJKGRAPH_LANG": "en"}
    plain = subprocess.run([sys.executable, "-m", "api", "import", "kaart", str(copy)], capture_output=True,
                           text=True, env=env)
    assert plain.returncode == 1
    assert plain.stderr.splitlines()[:2] == [
        "Error: kaart-feb was not imported: 6 problems; nothing was written.",
        "  kaart-feb: source 'kaart:kaart' already holds Agreement keys of this file: 1, such as 'A-GGZ'. If this "
        "file replaces that source (a copy saved under a new name), repeat with --replaces kaart:kaart; otherwise "
        "give these rows keys of their own"]
    dutch = subprocess.run([sys.executable, "-m", "api", "import", "kaart", str(copy)], capture_output=True,
                           text=True, env={**os.environ, "WIJKGRAPH_LANG": "nl"})
    assert dutch.stderr.splitlines()[:2] == [
        "Fout: kaart-feb is niet geïmporteerd: 6 problemen; er is niets weggeschreven.",
        "  kaart-feb: bron 'kaart:kaart' heeft al sleutels van Agreement uit dit bestand: 1, zoals 'A-GGZ'. Vervangt "
        "dit bestand die bron (een kopie onder een nieuwe naam opgeslagen), herhaal dan met --replaces kaart:kaart; "
        "geef deze rijen anders eigen sleutels"]
    replaced = subprocess.run([sys.executable, "-m", "api", "import", "kaart", str(copy), "--replaces",
                               "kaart:kaart", "--force"], capture_output=True, text=True, env=env)
    assert replaced.returncode == 0, replaced.stderr
    assert "removed (no longer listed): 1 nodes, 2 relationships" in replaced.stdout
    assert graph_counts(store, "kaart:kaart") == {}


@pytest.mark.parametrize(("arguments", "usage", "error"), [
    (["import", "hsds"], "Usage: wijkgraph import hsds [OPTIONS] {path}", "Error: Missing argument 'path'."),
    (["import", "kaart", "kaart.xlsx", "--bogus"], "Usage: wijkgraph import kaart [OPTIONS] {path}",
     "Error: No such option: --bogus"),
    (["import", "households", "--replaces"], None, "Error: Option '--replaces' requires an argument."),
])
def test_usage_errors_are_usage_errors(arguments: list[str], usage: str | None, error: str) -> None:
    answer = subprocess.run([str(Path(sys.executable).with_name("wijkgraph")), *arguments], capture_output=True,
                            text=True, env={**os.environ, "WIJKGRAPH_LANG": "en"})
    assert answer.returncode == 2
    lines = answer.stderr.strip().splitlines()
    assert lines[-1] == error
    assert lines[0] == (usage or error)
    assert "bug" not in answer.stderr


def test_a_household_file_gives_schema_and_reference_problems_in_one_round(store: Store, tmp_path: Path) -> None:
    import_kaart(store, DATA / "kaart")
    document = json.loads((DATA / "households.json").read_text(encoding="utf-8"))
    household = document["households"][0]
    household["with_children"] = "yes"  # the schema's
    del household["members"][0]["role"]  # the schema's
    household["involvements"][0]["professional"] = "P-404"  # a reference: once came only after the above were fixed
    household["wijk"] = "WK000000"
    path = tmp_path / "households.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = graph_snapshot(store, ignore=())
    with pytest.raises(ImportRefused) as error:
        import_households(store, path)
    assert [str(problem) for problem in error.value.problems] == [
        "households.json, row household 1 (HH-T-0001), column members[0]: the required field 'role' is missing",
        "households.json, row household 1 (HH-T-0001), column with_children: expected boolean, got str 'yes'",
        "households.json, row household 1 (HH-T-0001), column wijk: unknown wijk 'WK000000': import the sociale "
        "kaart with this wijk first",
        "households.json, row household 1 (HH-T-0001), column involvements[0].professional: unknown professional "
        "'P-404'",
    ]
    assert graph_snapshot(store, ignore=()) == before


def test_a_refused_reimport_of_a_folder_of_files_writes_none_of_them(store: Store, tmp_path: Path) -> None:
    """The files of a folder are loaded one at a time; the guard reads them all before the first is written."""
    import_kaart(store, DATA / "kaart")
    households = json.loads((DATA / "households.json").read_text(encoding="utf-8"))["households"]
    folder = tmp_path / "split"
    folder.mkdir()
    for number, household in enumerate(households, start=1):
        (folder / f"part-{number}.json").write_text(json.dumps({"households": [household]}), encoding="utf-8")
    import_households(store, folder)
    before = graph_snapshot(store, ignore=())
    (folder / "part-2.json").unlink()
    households[0]["members"][0]["alias"] = "Changed"  # would be written first, if anything were
    (folder / "part-1.json").write_text(json.dumps({"households": [households[0]]}), encoding="utf-8")
    with pytest.raises(CleanupRefused) as error:
        import_households(store, folder)
    assert str(error.value).startswith("Re-import of source 'households:split' would delete 1 of 2 Household, ")
    assert graph_snapshot(store, ignore=()) == before
