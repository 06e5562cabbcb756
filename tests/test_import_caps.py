"""Imports read at most what the size caps allow (importers/limits.py), and refuse more before parsing it.

The caps are lowered through their environment variables, so the files stay small and the tests fast. Each refusal
names the file, what was found and the limit with its variable, and writes nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from db_counts import graph_counts
from openpyxl import Workbook

from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart
from importers.limits import MAX_MB, MAX_XLSX_MB
from importers.problems import ImportRefused

DATA = Path(__file__).parent / "data"


def refused(store: Store, run: Callable[[], object]) -> list[str]:
    before = graph_counts(store)
    with pytest.raises(ImportRefused) as error:
        run()
    assert graph_counts(store) == before, "a refused import must write nothing"
    return [str(problem) for problem in error.value.problems]


def professionals_csv(path: Path, rows: int) -> Path:
    lines = ["id,name,function,organisation_id,email,phone,last_verified"]
    lines += [f"P-{i:06d},Naam {i},wijkcoach,,p{i}@x.example,06-{i:08d},2026-01-01" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("municipalities")
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    """Replace one part of the zip at ``path`` by ``change`` of it (the rest copied as is)."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info.filename, change(data) if info.filename == part else data)


def test_a_csv_file_over_the_cap_is_refused_before_it_is_read(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_MB, "0.01")
    path = professionals_csv(tmp_path / "professionals.csv", 400)
    size = path.stat().st_size
    assert refused(store, lambda: import_kaart(store, path)) == [
        f"professionals.csv: the file is {size:,} bytes; at most 10,485 bytes expected (the limit "
        "WIJKGRAPH_IMPORT_MAX_MB=0.01 MB; import fewer rows at a time, or raise the limit)"]


def test_a_folder_of_csv_files_is_capped_as_a_whole(store: Store, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # The sheets of a workbook are in memory together: every file under the cap, the folder over it.
    folder = tmp_path / "kaart"
    shutil.copytree(DATA / "kaart", folder)
    size = professionals_csv(folder / "professionals.csv", 100).stat().st_size
    total = sum(file.stat().st_size for file in folder.glob("*.csv"))
    monkeypatch.setenv(MAX_MB, str((size + 1000) / 1024 / 1024))
    assert total > size + 1000
    [problem] = refused(store, lambda: import_kaart(store, folder))
    assert problem.startswith(f"kaart: the CSV files are {total:,} bytes together (professionals.csv {size:,}); "
                              f"at most {size + 1000:,} bytes expected (the limit WIJKGRAPH_IMPORT_MAX_MB="), problem


def test_an_xlsx_that_unpacks_beyond_the_cap_is_refused_before_parsing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows: list[list[object]] = [["code", "name"], *[[f"GM{i:04d}", "Gemeente " * 20] for i in range(2000)]]
    path = workbook(tmp_path / "kaart.xlsx", rows)
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        sheet = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    monkeypatch.setenv(MAX_XLSX_MB, "0.1")
    assert path.stat().st_size < 0.1 * 1024 * 1024 < unpacked
    assert refused(store, lambda: import_kaart(store, path)) == [
        f"kaart.xlsx: the workbook unpacks to {unpacked:,} bytes (xl/worksheets/sheet1.xml {sheet:,}); at most "
        "104,857 bytes expected (the limit WIJKGRAPH_IMPORT_MAX_XLSX_MB=0.1 MB; save big sheets as CSV files (a "
        "folder of them is a workbook too), or raise the limit)"]


def test_an_xlsx_file_over_the_file_cap_is_refused(store: Store, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "kaart.xlsx", [["code", "name"], ["GM0001", "Test"]])
    monkeypatch.setenv(MAX_MB, "0.001")
    [problem] = refused(store, lambda: import_kaart(store, path))
    assert problem.startswith(f"kaart.xlsx: the file is {path.stat().st_size:,} bytes; at most 1,048 bytes expected "
                              "(the limit WIJKGRAPH_IMPORT_MAX_MB=0.001 MB;"), problem


def test_a_zip_bomb_part_is_refused_by_its_ratio(store: Store, tmp_path: Path) -> None:
    path = workbook(tmp_path / "bomb.xlsx", [["code", "name"], ["GM0001", "Test"]])
    # 4 MB of whitespace inside the sheet's XML: valid XML, and it packs about 1,000 to 1.
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" +
                                                                           b" " * (4 * 1024 * 1024)))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    [problem] = refused(store, lambda: import_kaart(store, path))
    assert problem == (
        f"bomb.xlsx: xl/worksheets/sheet1.xml unpacks to {info.file_size:,} bytes from {info.compress_size:,} "
        f"({info.file_size / info.compress_size:,.0f} to 1); a workbook part packed more than 100 to 1 is refused "
        "as a zip bomb")


def test_values_far_to_the_right_cannot_keep_an_import_busy(store: Store, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl makes a row as wide as its last cell: 40 short rows with a value in column XFD are 655,360 cells.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "municipalities"
    sheet.append(["code", "name"])
    for row in range(2, 42):
        sheet.append([f"GM{row:04d}", "Test"])
        sheet.cell(row=row, column=16384, value="x")
    path = tmp_path / "wide.xlsx"
    book.save(path)
    monkeypatch.setenv(MAX_XLSX_MB, "0.5")
    with zipfile.ZipFile(path) as archive:
        assert sum(info.file_size for info in archive.infolist()) < 0.5 * 1024 * 1024
    assert refused(store, lambda: import_kaart(store, path)) == [
        "wide.xlsx, sheet municipalities, row 34: the rows so far span more than 524,288 cells, counted to the last "
        "cell of each row (this one reaches column XFD); at most one cell per byte of the limit "
        "WIJKGRAPH_IMPORT_MAX_XLSX_MB=0.5 MB is read: remove what lies beyond the last header column, or raise the "
        "limit"]


def test_a_household_file_over_the_cap_is_refused(store: Store, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_MB, "0.001")
    path = tmp_path / "households.json"
    shutil.copy(DATA / "households.json", path)
    [problem] = refused(store, lambda: import_households(store, path))
    assert problem == (f"households.json: the file is {path.stat().st_size:,} bytes; at most 1,048 bytes expected "
                       "(the limit WIJKGRAPH_IMPORT_MAX_MB=0.001 MB; split it into several files, or raise the limit)")


@pytest.mark.parametrize("setting", ["lots", "0", "-5", "inf", "nan"])
def test_a_cap_that_is_not_a_positive_number_is_refused(store: Store, tmp_path: Path, setting: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_MB, setting)
    assert refused(store, lambda: import_kaart(store, DATA / "kaart")) == [
        f"kaart: WIJKGRAPH_IMPORT_MAX_MB must be a number of megabytes above 0, not {setting!r}"]


def test_a_csv_over_one_read_chunk_names_the_byte_that_is_not_utf8(store: Store, tmp_path: Path) -> None:
    # CSV is read in chunks of 1 MiB: a character split over two chunks is fine, a bad byte after them is counted
    # from the start of the file.
    path = professionals_csv(tmp_path / "professionals.csv", 100)
    text = path.read_bytes()
    padding = b"x" * (1024 * 1024 - len(text) - 1)
    path.write_bytes(text + b"P-X,Zo\xc3\xab" + padding + b",,,,,\nP-Y,\xff,,,,,\n")
    bad = len(text) + len(b"P-X,Zo\xc3\xab") + len(padding) + len(b",,,,,\nP-Y,")
    assert refused(store, lambda: import_kaart(store, path)) == [
        f"professionals.csv: the file is not UTF-8 (byte {bad}); save it as CSV UTF-8"]


def test_the_cli_says_which_file_is_too_big(store: Store, tmp_path: Path) -> None:
    path = professionals_csv(tmp_path / "professionals.csv", 400)
    done = subprocess.run([sys.executable, "-m", "api", "import", "kaart", str(path)], capture_output=True, text=True,
                          env={**os.environ, MAX_MB: "0.01", "COLUMNS": "300"}, timeout=300)
    assert done.returncode == 1
    assert done.stdout.strip() == ""  # an empty progress bar at most
    assert " ".join(done.stderr.split()) == (
        f"Fout: professionals.csv is niet geïmporteerd: 1 probleem; er is niets weggeschreven. professionals.csv: het "
        f"bestand is {path.stat().st_size:,} bytes; verwacht hoogstens 10,485 bytes (de grens "
        "WIJKGRAPH_IMPORT_MAX_MB=0.01 MB; importeer minder rijen tegelijk, of verhoog de grens)")
