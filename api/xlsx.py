"""Tables as Excel workbooks (the ``.xlsx`` twin of every table with a CSV twin, and ``wijkgraph export xlsx``).

One sheet: a bold header row that stays in view (frozen panes), an autofilter over the table, and columns as wide
as their content (within bounds). The headers are the column labels in the reader's language, as the CLI's table
and the pages show them (``label("column", name)``: "wijknaam" for ``wijk_name``); the cells keep the values and
codes of the CSV twin, so that filters, sums and pivot tables work on them.

Cells are typed by their value, never guessed from text: numbers are numbers, booleans booleans, an ISO date
(``2026-01-15``) an Excel date, an ISO date-time an Excel date-time in Europe/Amsterdam; lists are joined with
"; " as in the CSV. Text is written as a text cell (openpyxl's data type ``s``), which Excel never evaluates, so
``=HYPERLINK(...)`` in imported data stays text without the apostrophe the CSV needs (api/spreadsheet.py). Control
characters, which a workbook (XML) cannot hold, become U+FFFD (the replacement character).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from api.labels import label
from api.spreadsheet import cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d-m-yyyy"  # 1-12-2026: how Dutch spreadsheets write a date
DATETIME_FORMAT = "d-m-yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters
REPLACEMENT = "\ufffd"
ZONE = ZoneInfo("Europe/Amsterdam")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def columns_of(rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    return columns


def typed(value: Any) -> Any:
    """The value of one cell as Excel should hold it (see the module's docstring)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        if _ISO_DATETIME.match(value):
            try:
                moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
            return moment.astimezone(ZONE).replace(tzinfo=None) if moment.tzinfo else moment
        return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, cell(value))  # a list or a map: its text, as in the CSV


def workbook_bytes(rows: list[dict[str, Any]], title: str, columns: list[str] | None = None) -> bytes:
    """``rows`` as an XLSX workbook of one sheet named after ``title``."""
    columns = columns or columns_of(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = _SHEET_NAME.sub(" ", title).strip()[:31] or "wijkgraph"
    headers = [label("column", column) for column in columns]
    widths = [len(header) for header in headers]
    for index, header in enumerate(headers, start=1):
        target = sheet.cell(row=1, column=index)
        target.value = header
        target.data_type = "s"
        target.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = typed(row.get(column))
            target = sheet.cell(row=number, column=index)
            target.value = value
            if isinstance(value, str):
                target.data_type = "s"  # text, even when it looks like a formula: Excel does not evaluate it
            elif isinstance(value, dt.datetime):
                target.number_format = DATETIME_FORMAT
            elif isinstance(value, dt.date):
                target.number_format = DATE_FORMAT
            widths[index - 1] = max(widths[index - 1], _width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _width(value: Any) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str("" if value is None else value).splitlines()), default=0)
