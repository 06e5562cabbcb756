"""Reading a workbook: an XLSX file or a folder of CSV files, as sheets of rows with their row numbers.

What cannot be read safely is refused here with a clear problem: empty files, text that is not
UTF-8, CSV with another delimiter, XLSX formulas, macro-enabled or damaged workbooks, and input over the size
caps of :mod:`importers.limits` (checked before parsing: file sizes, and an XLSX's unpacked sizes and ratios).
CSV is read as a stream, so memory holds the rows, never a copy of the whole file.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import repeat
from operator import is_not
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from importers.limits import MAX_MB, MAX_XLSX_MB, MAX_XLSX_RATIO, MIN_RATIO_CHECKED, cap, check_size
from importers.problems import N_, ImportRefused, Msg, Problem

MAX_CELL_CHARS = 10_000
# The csv module stops at fields over 128 KiB with an error that names no column. The file is within the size cap,
# so let it read any field: the MAX_CELL_CHARS check then names the cell (csv's limit is process-wide).
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
CHUNK = 1 << 20
CSV_ADVICE = N_("import fewer rows at a time")
XLSX_ADVICE = N_("save big sheets as CSV files (a folder of them is a workbook too)")


@dataclass
class Sheet:
    name: str
    file: str  # how problems name it: "kaart.xlsx, sheet professionals" or "professionals.csv"
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, column -> text)
    # Merged cells, refused: (first row, last row, the problem). The rows they span are read (so that the file's
    # other problems come in the same round) but must not be loaded.
    merged: list[tuple[int, int, Problem]] = field(default_factory=list)


def read_workbook(path: Path) -> list[Sheet]:
    """All sheets of ``path`` (an .xlsx file or a folder of .csv files), or ImportRefused."""
    if path.is_dir():
        return _read_csv_folder(path)
    if not path.exists():
        raise ImportRefused(str(path), [Problem(str(path), None, None, Msg("file or folder not found"))])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        check_size(path.name, path.stat().st_size, MAX_MB, N_("the file is {size} bytes"), CSV_ADVICE)
        return [_read_csv(path, path.name)]
    if suffix in (".xlsm", ".xltm"):
        raise ImportRefused(path.name, [Problem(path.name, None, None,
                                                Msg("macro-enabled workbooks are refused; save it as .xlsx"))])
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise ImportRefused(path.name, [Problem(path.name, None, None,
                                            Msg("expected an .xlsx workbook, a .csv file or a folder of .csv files"))])


def _read_csv_folder(folder: Path) -> list[Sheet]:
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise ImportRefused(folder.name, [Problem(folder.name, None, None, Msg("the folder holds no .csv files"))])
    # The sheets of a workbook are in memory together, so the cap is on the folder, not on each file.
    sizes = {file.name: file.stat().st_size for file in files}
    largest = max(sizes, key=lambda name: sizes[name])
    check_size(folder.name, sum(sizes.values()), MAX_MB, N_("the CSV files are {size} bytes together ({largest} "
                                                            "{largest_size})"),
               CSV_ADVICE, largest=largest, largest_size=f"{sizes[largest]:,}")
    sheets, problems = [], []
    for file in files:
        try:
            sheets.append(_read_csv(file, file.name))
        except ImportRefused as refused:
            problems.extend(refused.problems)
    if problems:
        raise ImportRefused(folder.name, problems)
    return sheets


def _check_text(path: Path, label: str) -> None:
    """Refuse a file that is blank or not UTF-8, reading it in chunks (the byte named is counted from the start)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done, blank = 0, True
    with path.open("rb") as handle:
        for chunk in [*iter(lambda: handle.read(CHUNK), b""), b""]:
            pending = len(decoder.getstate()[0])  # bytes of an unfinished character from the chunk before
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                raise ImportRefused(label, [Problem(
                    label, None, None,
                    Msg("the file is not UTF-8 (byte {byte}); save it as CSV UTF-8", byte=done - pending + error.start),
                )]) from None
            blank = blank and not chunk.strip()
            done += len(chunk)
    if blank:
        raise ImportRefused(label, [Problem(label, None, None, Msg("the file is empty; expected a header row"))])


def _read_csv(path: Path, label: str) -> Sheet:
    _check_text(path, label)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip() for name in next(reader)]
        except (StopIteration, csv.Error) as error:
            raise ImportRefused(label, [Problem(label, 1, None, Msg("unreadable header row ({error})",
                                                                    error=str(error)))]) from None
        if len(header) == 1 and any(mark in header[0] for mark in (";", "\t")):
            raise ImportRefused(label, [Problem(
                label, 1, None, Msg("expected comma-separated columns; this file seems to use ';' or tabs")
            )])
        sheet = Sheet(path.stem, label, header)
        problems: list[Problem] = []
        try:
            for number, values in enumerate(reader, start=2):
                if not any(value.strip() for value in values):
                    continue
                if len(values) > len(header):
                    problems.append(Problem(label, number, str(len(header) + 1),  # the first value without a column
                                            Msg("{values} values but the header has {columns} columns",
                                                values=len(values), columns=len(header))))
                    continue
                cells = _cells(dict(zip(header, values, strict=False)), label, number, problems)
                sheet.rows.append((number, cells))
        except csv.Error as error:
            problems.append(Problem(label, reader.line_num, None, Msg("malformed CSV ({error})", error=str(error))))
    if problems:
        raise ImportRefused(label, problems)
    return sheet


def _cells(row: dict[str, str], label: str, number: int, problems: list[Problem]) -> dict[str, str]:
    for column, value in row.items():
        if len(value) > MAX_CELL_CHARS:
            problems.append(Problem(label, number, column, Msg("value of {length} characters; at most {most} expected",
                                                               length=len(value), most=MAX_CELL_CHARS)))
            row[column] = ""
    return {column: value.strip() for column, value in row.items()}


def _read_xlsx(path: Path) -> list[Sheet]:
    name = path.name
    check_size(name, path.stat().st_size, MAX_MB, N_("the file is {size} bytes"), XLSX_ADVICE)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_parts(name, archive.infolist())
        workbook = load_workbook(path, read_only=True, data_only=False)
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError) as error:
        raise ImportRefused(name, [Problem(name, None, None,
                                           Msg("not a readable .xlsx workbook ({error})",
                                               error=type(error).__name__))]) from None
    cells = CellBudget(name)
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    try:
        for worksheet in workbook.worksheets:
            sheet = _read_sheet(worksheet, name, cells, problems)
            if sheet is not None:
                sheets.append(sheet)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, ParseError) as error:
        raise ImportRefused(name, [Problem(name, None, None,
                                           Msg("the workbook is damaged or truncated ({error})",
                                               error=type(error).__name__))]) from None
    finally:
        workbook.close()
    if problems:
        raise ImportRefused(name, problems)
    if not sheets:
        raise ImportRefused(name, [Problem(name, None, None,
                                           Msg("the workbook is empty; expected sheets with headers"))])
    return sheets


def _check_parts(name: str, parts: list[zipfile.ZipInfo]) -> None:
    """Refuse macros, a zip bomb and a workbook over the unpacked cap, from the sizes the zip declares.

    zipfile never unpacks more than a part declares (more is a damaged part), so the declared sizes bound the work.
    """
    if any(part.filename.lower().endswith("vbaproject.bin") for part in parts):
        raise ImportRefused(name, [Problem(name, None, None, Msg("the workbook contains macros; refused"))])
    for part in parts:
        if part.file_size >= MIN_RATIO_CHECKED and part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size / max(part.compress_size, 1)
            raise ImportRefused(name, [Problem(name, None, None, Msg(
                "{part} unpacks to {size} bytes from {packed} ({ratio} to 1); a workbook part packed more than "
                "{most} to 1 is refused as a zip bomb", part=_shown(part.filename), size=f"{part.file_size:,}",
                packed=f"{part.compress_size:,}", ratio=f"{ratio:,.0f}", most=MAX_XLSX_RATIO))])
    if parts:
        largest = max(parts, key=lambda part: part.file_size)
        check_size(name, sum(part.file_size for part in parts), MAX_XLSX_MB,
                   N_("the workbook unpacks to {size} bytes ({largest} {largest_size})"), XLSX_ADVICE,
                   largest=_shown(largest.filename), largest_size=f"{largest.file_size:,}")


def _shown(text: str) -> str:
    """A name from inside a file, fit for a message: printable and at most 80 characters."""
    shown = text if text.isprintable() else repr(text)[1:-1]
    return shown if len(shown) <= 80 else shown[:77] + "..."


class CellBudget:
    """The cells a workbook's rows may span: one per byte of the unpacked cap.

    openpyxl makes every row as wide as its last cell, so one value in column XFD costs 16,384 cells however short
    its XML: without this, rows with a far-right value took minutes per few MB. A real sheet spans far fewer cells
    than its XML has bytes (a cell is at least ``<c r="A1"/>``).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.cap = cap(MAX_XLSX_MB, name)
        self.left = self.cap.bytes

    def spend(self, label: str, number: int, cells: tuple[Any, ...]) -> None:
        self.left -= len(cells)
        if self.left < 0:
            last = getattr(cells[-1], "column_letter", str(len(cells)))
            raise ImportRefused(self.name, [Problem(label, number, None, Msg(
                "the rows so far span more than {most} cells, counted to the last cell of each row (this one reaches "
                "column {last}); at most one cell per byte of the limit {variable}={setting} MB is read: remove what "
                "lies beyond the last header column, or raise the limit", most=f"{self.cap.bytes:,}", last=last,
                variable=self.cap.variable, setting=self.cap.setting))])


def _read_sheet(worksheet: Any, name: str, budget: CellBudget, problems: list[Problem]) -> Sheet | None:
    """One worksheet as a Sheet (None when it has no header); what is wrong goes to ``problems``."""
    label = Msg("{file}, sheet {sheet}", file=name, sheet=worksheet.title)
    # The size a sheet declares would pad every row to its width and add empty rows down to its height.
    worksheet.reset_dimensions()
    rows = enumerate(worksheet.iter_rows(), start=1)  # every row in turn, a missing one as (): the index is its number
    first = next(rows, None)
    header = [_text(cell.value).strip() for cell in first[1]] if first else []
    while header and not header[-1]:
        header.pop()
    if not header:
        return None
    sheet = Sheet(worksheet.title.strip(), label, header)
    for number, cells in rows:
        if not cells:
            continue
        budget.spend(label, number, cells)
        values: dict[str, str] = {}
        for column, cell in zip(header, cells, strict=False):
            if cell.data_type == "f":
                problems.append(Problem(label, number, column, Msg("formulas are refused; paste the values instead")))
                continue
            values[column] = _text(cell.value)
        extra = _first_value(cells[len(header):])
        if extra is not None:
            problems.append(Problem(label, number, getattr(extra, "column_letter", None),
                                    Msg("values beyond the last header column")))
        if any(value.strip() for value in values.values()):
            sheet.rows.append((number, _cells(values, label, number, problems)))
    sheet.merged = _merges(worksheet, label, header)
    return sheet


MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)\"")


def _merges(worksheet: Any, label: str, header: list[str]) -> list[tuple[int, int, Problem]]:
    """The rows of each merged range of the sheet and its problem: a merge keeps the value of its first cell only,
    so the rows below it (or the columns beside it) would silently lose theirs. Read-only openpyxl does not parse
    merges: they are found in the sheet's XML (after its rows), read as a stream."""
    found: list[str] = []
    tail = b""
    with worksheet._get_source() as source:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            text = tail + chunk
            matches = list(MERGE.finditer(text))
            found += [match.group(1).decode() for match in matches]
            tail = text[max(matches[-1].end() if matches else 0, len(text) - 200):]
    merges = []
    for ref in found:
        row, column_index = coordinate_to_tuple(ref.split(":")[0])
        last = coordinate_to_tuple(ref.split(":")[-1])[0]
        column = header[column_index - 1] if column_index <= len(header) else ""
        merges.append((row, last, Problem(label, row, column or get_column_letter(column_index), Msg(
            "cells {cells} are merged, and a merge keeps only the value of its first cell; unmerge them and fill in "
            "each row", cells=ref))))
    return merges


def _first_value(cells: tuple[Any, ...]) -> Any | None:
    """The first cell of ``cells`` with a value; fillers are skipped in C first, as a row's tail may hold thousands."""
    if not any(map(is_not, cells, repeat(EMPTY_CELL))):
        return None
    return next((cell for cell in cells if cell is not EMPTY_CELL and cell.value not in (None, "")), None)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
