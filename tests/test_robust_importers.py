"""Bad input to every importer (issue 7 item 1): a corpus of broken files.

The corpus adds what tests/test_import_*.py do not already try (those cover unknown references, duplicate keys,
missing and unknown columns, cp1252 text, ';' delimiters, XLSX formulas, macros, a half XLSX zip, JSON nested past
the parser and HSDS wrong types for text fields). The property tests are in tests/test_robust_importers_properties.py.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from graph.store import Store
from importers.households import import_households
from importers.hsds import import_hsds
from importers.kaart import import_kaart
from importers.problems import ImportRefused
from importers.workbook import MAX_CELL_CHARS
from tests.robust_support import DATA, counts, household_document, write_json

TEN_MB = 10 * 1024 * 1024


def refused(store: Store, run: Callable[[], object]) -> list[str]:
    before = counts(store)
    with pytest.raises(ImportRefused) as error:
        run()
    assert counts(store) == before, "a refused file must write nothing"
    return [str(problem) for problem in error.value.problems]


@pytest.fixture
def kaart(tmp_path: Path) -> Path:
    folder = tmp_path / "kaart"
    shutil.copytree(DATA / "kaart", folder)
    return folder


@pytest.fixture
def kaart_loaded(store: Store) -> Store:
    import_kaart(store, DATA / "kaart")
    return store


def xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


# --- The corpus: sociale kaart -------------------------------------------------------------------------------


def test_tab_delimited_csv_is_refused(store: Store, kaart: Path) -> None:
    (kaart / "municipalities.csv").write_text("code\tname\nGM9901\tTestgemeente\n", encoding="utf-8")
    assert refused(store, lambda: import_kaart(store, kaart)) == [
        "municipalities.csv, row 1: expected comma-separated columns; this file seems to use ';' or tabs"]


def test_utf16_csv_is_refused(store: Store, kaart: Path) -> None:
    (kaart / "municipalities.csv").write_bytes("code,name\nGM9901,Testgemeente\n".encode("utf-16"))
    assert refused(store, lambda: import_kaart(store, kaart)) == [
        "municipalities.csv: the file is not UTF-8 (byte 0); save it as CSV UTF-8"]


def test_missing_and_extra_values_in_a_row_are_refused(store: Store, kaart: Path) -> None:
    (kaart / "organisations.csv").write_text(
        "id,name,kind,scope,website\nORG-WELZIJN\nORG-GGZ,GGZ Test,ggz,regionaal,,surplus\n"
        "ORG-HUISARTS,Huisartsenpraktijk Noord,huisarts,wijk,\n", encoding="utf-8")
    assert refused(store, lambda: import_kaart(store, kaart)) == [
        "organisations.csv, row 3, column 6: 6 values but the header has 5 columns",
    ]
    (kaart / "organisations.csv").write_text(
        "id,name,kind,scope,website\nORG-WELZIJN\nORG-GGZ,GGZ Test,ggz,regionaal,\n"
        "ORG-HUISARTS,Huisartsenpraktijk Noord,huisarts,wijk,\n", encoding="utf-8")
    assert refused(store, lambda: import_kaart(store, kaart)) == [
        "organisations.csv, row 2, column name: a value is required",
    ]


def test_a_column_twice_is_refused(store: Store, kaart: Path) -> None:
    (kaart / "municipalities.csv").write_text("code,name,name\nGM9901,Testgemeente,Test\n", encoding="utf-8")
    assert refused(store, lambda: import_kaart(store, kaart)) == [
        "municipalities.csv, row 1, column name: column appears twice"]


def test_duplicate_composite_key_is_refused(store: Store, kaart: Path) -> None:
    text = (kaart / "memberships.csv").read_text() + "P-1,T-NOORD,casemanager,A,2025-06-01,\n"
    (kaart / "memberships.csv").write_text(text, encoding="utf-8")
    assert refused(store, lambda: import_kaart(store, kaart)) == [
        "memberships.csv, row 4, column professional_id: duplicate key (professional_id 'P-1', team_id 'T-NOORD'); "
        "first at row 2"]


def test_out_of_range_values_are_refused(store: Store, kaart: Path) -> None:
    (kaart / "organisations.csv").write_text(
        "id,name,kind,scope,website\nORG-WELZIJN,W,welzijn,heelal,\nORG-GGZ,G,ggz,regionaal,\n"
        "ORG-HUISARTS,H,huisarts,wijk,\n", encoding="utf-8")
    (kaart / "professionals.csv").write_text(
        "id,name,function,organisation_id,email,phone,last_verified\nP-1,Anna,wijkcoach,ORG-WELZIJN,,,2026-13-45\n"
        "P-2,Bram,huisarts,,,,99999-01-01\nP-3,Chris,,,,,\nP-4,Dewi,,,,,\nP-5,Eva,,,,,\n", encoding="utf-8")
    (kaart / "memberships.csv").write_text(
        "professional_id,team_id,team_role,group,since,until\nP-1,T-NOORD,wijkcoach,B,2025-01-01,\n", encoding="utf-8")
    assert refused(store, lambda: import_kaart(store, kaart)) == [
        "memberships.csv, row 2, column group: expected one of A, D, got 'B'",
        "organisations.csv, row 2, column scope: expected one of wijk, stedelijk, regionaal, landelijk, got 'heelal'",
        "professionals.csv, row 2, column last_verified: expected a date as day-month-year (01-02-2026, 1-2-2026, "
        "01/02/2026 or 1 februari 2026) or year-month-day (2026-02-01), got '2026-13-45'",
        "professionals.csv, row 3, column last_verified: expected a date as day-month-year (01-02-2026, 1-2-2026, "
        "01/02/2026 or 1 februari 2026) or year-month-day (2026-02-01), got '99999-01-01'",
    ]


def test_a_ten_megabyte_cell_is_refused(store: Store, kaart: Path, tmp_path: Path) -> None:
    (kaart / "municipalities.csv").write_text(f"code,name\nGM9901,{'x' * TEN_MB}\n", encoding="utf-8")
    assert refused(store, lambda: import_kaart(store, kaart)) == [
        f"municipalities.csv, row 2, column name: value of {TEN_MB} characters; at most {MAX_CELL_CHARS} expected"]
    path = xlsx(tmp_path / "big.xlsx", {"municipalities": [["code", "name"], ["GM9901", "x" * TEN_MB]]})
    # An XLSX cell holds at most 32,767 characters (Excel's limit; openpyxl cuts the 10 MB there).
    assert refused(store, lambda: import_kaart(store, path)) == [
        f"big.xlsx, sheet municipalities, row 2, column name: value of 32767 characters; at most "
        f"{MAX_CELL_CHARS} expected"]


def test_values_beyond_the_header_in_xlsx_name_their_column(store: Store, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "extra.xlsx", {"municipalities": [["code", "name"], ["GM9901", "Test", "", "stray"]]})
    assert refused(store, lambda: import_kaart(store, path)) == [
        "extra.xlsx, sheet municipalities, row 2, column D: values beyond the last header column"]


def test_formula_text_in_csv_is_kept_as_text(store: Store, kaart: Path) -> None:
    formula = '=HYPERLINK("http://evil.example","klik")'
    quoted = '"' + formula.replace('"', '""') + '"'
    text = (kaart / "organisations.csv").read_text().replace("Welzijn Test", quoted)
    (kaart / "organisations.csv").write_text(text, encoding="utf-8")
    import_kaart(store, kaart)
    assert store.read("MATCH (o:Organisation {id: 'ORG-WELZIJN'}) RETURN o.name AS name") == [{"name": formula}]


def test_xlsx_with_a_truncated_sheet_inside_a_sound_zip_is_refused(store: Store, tmp_path: Path) -> None:
    whole = xlsx(tmp_path / "whole.xlsx", {"municipalities": [["code", "name"], ["GM9901", "Test"]]})
    for member, expected in (("xl/worksheets/sheet1.xml", "the workbook is damaged or truncated (ParseError)"),
                             ("xl/workbook.xml", "not a readable .xlsx workbook (ParseError)")):
        damaged = tmp_path / "damaged.xlsx"
        with zipfile.ZipFile(whole) as source, zipfile.ZipFile(damaged, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                target.writestr(item, data[: len(data) // 2] if item.filename == member else data)
        assert refused(store, lambda path=damaged: import_kaart(store, path)) == [f"damaged.xlsx: {expected}"]


def test_a_file_that_is_no_workbook_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kaart.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    assert refused(store, lambda: import_kaart(store, path)) == [
        "kaart.xlsx: not a readable .xlsx workbook (BadZipFile)"]


# --- The corpus: households and HSDS -------------------------------------------------------------------------


def test_households_deeply_nested_inside_a_field_are_refused(kaart_loaded: Store, tmp_path: Path) -> None:
    document = household_document()
    nested: Any = "diep"
    for _ in range(300):
        nested = {"x": [nested]}
    document["households"][0]["members"][0]["alias"] = nested
    path = write_json(tmp_path / "households.json", document)
    problems = refused(kaart_loaded, lambda: import_households(kaart_loaded, path))
    assert problems == ["households.json, row household 1 (HH-T-0001), column members[0].alias: expected string, "
                        "got dict " + repr(nested)[:200 - len("expected string, got dict ")]]


def test_households_ten_megabyte_string_is_refused(kaart_loaded: Store, tmp_path: Path) -> None:
    document = household_document()
    document["households"][0]["informal_contacts"][0]["alias"] = "x" * TEN_MB
    document["households"][1]["id"] = "y" * TEN_MB
    path = write_json(tmp_path / "households.json", document)
    assert refused(kaart_loaded, lambda: import_households(kaart_loaded, path)) == [
        "households.json, row household 1 (HH-T-0001), column informal_contacts[0].alias: expected at most 60 "
        "characters",
        f"households.json, row household 2 ({'y' * 40}...), column id: expected a key of letters, digits and _.:- "
        f"(at most 64), got {'y' * 40!r}",
    ]


def test_huge_json_files_are_refused_before_parsing(kaart_loaded: Store, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # The default limit is 64 MB; lowered here so the test writes 2 MB instead of a quarter gigabyte.
    monkeypatch.setenv("WIJKGRAPH_IMPORT_MAX_MB", "1")
    big = '{"households": [' + ",".join(['{"id": "H", "wijk": "WK990101"}'] * 70_000) + "]}"
    path = write_json(tmp_path / "households.json", big)
    size = path.stat().st_size
    assert refused(kaart_loaded, lambda: import_households(kaart_loaded, path)) == [
        f"households.json: the file is {size:,} bytes; at most 1,048,576 bytes expected (the limit "
        "WIJKGRAPH_IMPORT_MAX_MB=1 MB; split it into several files, or raise the limit)"]
    folder = tmp_path / "hsds"
    shutil.copytree(DATA / "hsds", folder)
    write_json(folder / "organizations.json", "[" + ",".join(['{"id": "o", "name": "n"}'] * 50_000) + "]")
    size = (folder / "organizations.json").stat().st_size
    assert refused(kaart_loaded, lambda: import_hsds(kaart_loaded, folder)) == [
        f"organizations.json: the file is {size:,} bytes; at most 1,048,576 bytes expected (the limit "
        "WIJKGRAPH_IMPORT_MAX_MB=1 MB; split it into one file per table, or raise the limit)"]


def test_hsds_deeply_nested_and_ten_megabyte_values_are_refused(kaart_loaded: Store, tmp_path: Path) -> None:
    folder = tmp_path / "hsds"
    shutil.copytree(DATA / "hsds", folder)
    write_json(folder / "locations.json", "[" * 100_000 + "]" * 100_000)
    assert refused(kaart_loaded, lambda: import_hsds(kaart_loaded, folder)) == [
        "locations.json: the JSON is nested too deeply"]
    shutil.copy(DATA / "hsds" / "locations.json", folder / "locations.json")
    organizations = json.loads((folder / "organizations.json").read_text(encoding="utf-8"))
    organizations[0]["description"] = "x" * TEN_MB
    write_json(folder / "organizations.json", organizations)
    assert refused(kaart_loaded, lambda: import_hsds(kaart_loaded, folder)) == [
        "organizations.json, row organizations[0] (org-1), column description: expected at most 2000 characters"]


def test_hsds_wrong_types_for_keys_and_structures_are_refused(kaart_loaded: Store, tmp_path: Path) -> None:
    folder = tmp_path / "hsds"
    shutil.copytree(DATA / "hsds", folder)
    organizations = json.loads((folder / "organizations.json").read_text(encoding="utf-8"))
    organizations[0]["id"] = 1
    organizations[1]["name"] = ["GGZ", "Test"]
    organizations[2]["website"] = {"url": "https://x.example"}
    organizations[3]["email"] = True
    write_json(folder / "organizations.json", organizations)
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    services[0]["status"] = None
    services[1]["organization_id"] = 2.5
    write_json(folder / "services.json", services)
    problems = refused(kaart_loaded, lambda: import_hsds(kaart_loaded, folder))
    assert problems == [
        "organizations.json, row organizations[0], column id: expected a string, got int 1",
        "organizations.json, row organizations[1] (org-2), column name: expected a string, got list ['GGZ', 'Test']",
        "organizations.json, row organizations[2] (org-3), column website: expected a string, got dict "
        "{'url': 'https://x.example'}",
        "organizations.json, row organizations[3] (org-4), column email: expected a string, got bool True",
        "services.json, row services[0] (svc-1), column status: required field is missing",
        "services.json, row services[1] (svc-2), column organization_id: expected a string, got float 2.5",
        # org-1's id is no longer a string, so the rows that name org-1 name an organization the file lacks
        "services.json, row services[3] (svc-4), column organization_id: unknown organization 'org-1': no "
        "organization with this id in the input",
        "contacts.json, row contacts[0] (c-1), column organization_id: unknown organization 'org-1': no organization "
        "with this id in the input",
        "contacts.json, row contacts[3] (c-4), column organization_id: unknown organization 'org-1': no organization "
        "with this id in the input",
        "phones.json, row phones[3] (ph-4), column organization_id: unknown organization 'org-1': no organization "
        "with this id in the input",
    ], "\n".join(problems)
