"""Reading a workbook: an XLSX file or a folder of CSV files, as sheets of rows with their row numbers.

What cannot be read safely is refused here with a clear problem: empty files, text that is not
UTF-8, CSV with another delimiter, XLSX formulas, macro-enabled or damaged workbooks.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from importers.problems import ImportRefused, Problem

MAX_CELL_CHARS = 10_000
# The csv module stops at fields over 128 KiB with an error that names no column. The file is in memory already,
# so let it read any field: the MAX_CELL_CHARS check then names the cell (csv's limit is process-wide).
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))


@dataclass
class Sheet:
    name: str
    file: str  # how problems name it: "kaart.xlsx, sheet professionals" or "professionals.csv"
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, column -> text)


def read_workbook(path: Path) -> list[Sheet]:
    """All sheets of ``path`` (an .xlsx file or a folder of .csv files), or ImportRefused."""
    if path.is_dir():
        return _read_csv_folder(path)
    if not path.exists():
        raise ImportRefused(str(path), [Problem(str(path), None, None, "file or folder not found")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_read_csv(path, path.name)]
    if suffix in (".xlsm", ".xltm"):
        raise ImportRefused(path.name, [Problem(path.name, None, None,
                                                "macro-enabled workbooks are refused; save it as .xlsx")])
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise ImportRefused(path.name, [Problem(path.name, None, None,
                                            "expected an .xlsx workbook, a .csv file or a folder of .csv files")])


def _read_csv_folder(folder: Path) -> list[Sheet]:
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise ImportRefused(folder.name, [Problem(folder.name, None, None, "the folder holds no .csv files")])
    sheets, problems = [], []
    for file in files:
        try:
            sheets.append(_read_csv(file, file.name))
        except ImportRefused as refused:
            problems.extend(refused.problems)
    if problems:
        raise ImportRefused(folder.name, problems)
    return sheets


def _read_csv(path: Path, label: str) -> Sheet:
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportRefused(label, [Problem(label, None, None, "the file is empty; expected a header row")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(label, [Problem(
            label, None, None,
            f"the file is not UTF-8 (byte {error.start}); save it as CSV UTF-8",
        )]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise ImportRefused(label, [Problem(label, 1, None, f"unreadable header row ({error})")]) from None
    if len(header) == 1 and any(mark in header[0] for mark in (";", "\t")):
        raise ImportRefused(label, [Problem(
            label, 1, None, "expected comma-separated columns; this file seems to use ';' or tabs"
        )])
    sheet = Sheet(path.stem, label, header)
    problems = []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(values) > len(header):
                problems.append(Problem(label, number, str(len(header) + 1),  # the first value without a column
                                        f"{len(values)} values but the header has {len(header)} columns"))
                continue
            sheet.rows.append((number, _cells(dict(zip(header, values, strict=False)), label, number, problems)))
    except csv.Error as error:
        problems.append(Problem(label, reader.line_num, None, f"malformed CSV ({error})"))
    if problems:
        raise ImportRefused(label, problems)
    return sheet


def _cells(row: dict[str, str], label: str, number: int, problems: list[Problem]) -> dict[str, str]:
    for column, value in row.items():
        if len(value) > MAX_CELL_CHARS:
            problems.append(Problem(label, number, column, f"value of {len(value)} characters; at most "
                                                           f"{MAX_CELL_CHARS} expected"))
            row[column] = ""
    return {column: value.strip() for column, value in row.items()}


def _read_xlsx(path: Path) -> list[Sheet]:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            if any(member.lower().endswith("vbaproject.bin") for member in archive.namelist()):
                raise ImportRefused(name, [Problem(name, None, None, "the workbook contains macros; refused")])
        workbook = load_workbook(path, read_only=True, data_only=False)
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError) as error:
        raise ImportRefused(name, [Problem(name, None, None,
                                           f"not a readable .xlsx workbook ({type(error).__name__})")]) from None
    sheets, problems = [], []
    try:
        for worksheet in workbook.worksheets:
            label = f"{name}, sheet {worksheet.title}"
            rows = worksheet.iter_rows()
            header_cells = next(rows, None)
            if header_cells is None:
                continue
            header = [_text(cell.value).strip() for cell in header_cells]
            while header and not header[-1]:
                header.pop()
            if not header:
                continue
            sheet = Sheet(worksheet.title.strip(), label, header)
            for cells in rows:
                number = cells[0].row if cells and hasattr(cells[0], "row") else None
                values: dict[str, str] = {}
                for column, cell in zip(header, cells, strict=False):
                    if cell.data_type == "f":
                        problems.append(Problem(label, number, column,
                                                "formulas are refused; paste the values instead"))
                        continue
                    values[column] = _text(cell.value)
                extra = [cell for cell in cells[len(header):] if cell.value not in (None, "")]
                if extra:
                    problems.append(Problem(label, number, getattr(extra[0], "column_letter", None),
                                            "values beyond the last header column"))
                if any(value.strip() for value in values.values()):
                    sheet.rows.append((number or 0, _cells(values, label, number or 0, problems)))
            sheets.append(sheet)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, ParseError) as error:
        raise ImportRefused(name, [Problem(name, None, None,
                                           f"the workbook is damaged or truncated ({type(error).__name__})")]) from None
    finally:
        workbook.close()
    if problems:
        raise ImportRefused(name, problems)
    if not sheets:
        raise ImportRefused(name, [Problem(name, None, None, "the workbook is empty; expected sheets with headers")])
    return sheets


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
