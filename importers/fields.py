"""Column declarations for tabular input and the parsing of one cell against them.

A column is declared once: how its cells are parsed and checked (kind, choices, pattern), where its
value goes in the graph (``to``, see :mod:`importers.destinations`) and what it means to a user
(``doc``, rendered into ``docs/import-formats.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from importers.destinations import Destination
from importers.problems import N_, Msg

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"  # text, date, list, number (0 or more, a decimal point or comma: 8, 2.5, 2,5)
    choices: tuple[str, ...] = ()
    pattern: str | None = None  # regular expression a text value must match
    expected: str = ""  # how to describe the pattern to a user
    # Where the value goes; None: the property of the same name of the sheet's node.
    to: Destination | tuple[Destination, ...] | None = None
    doc: str = ""  # its meaning in docs/import-formats.md (choices are added to it)
    # The label whose key this column (or each list item) names. Not declared: the sheet derives it
    # from a relationship start or end in ``to`` (importers.sheets), so it cannot disagree with the model.
    ref: str | None = None

    @property
    def destinations(self) -> tuple[Destination, ...]:
        """``to`` as a tuple (a sheet has resolved a missing ``to`` to its node's property by then)."""
        return () if self.to is None else self.to if isinstance(self.to, tuple) else (self.to,)


def parse_cell(column: Column, text: str) -> tuple[Any, str | None]:
    """The cell's value and, if it is not acceptable, the problem: "expected ..., got ..."."""
    if not text:
        return (None, Msg("a value is required")) if column.required else (None, None)
    if column.kind == "date":
        return parse_date(text)
    if column.kind == "number":
        return parse_number(text, column.expected)
    if column.kind == "list":
        items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        if column.choices:
            chosen = [choice(column.choices, item) for item in items]
            wrong = [item for item, code in zip(items, chosen, strict=True) if code is None]
            if wrong:
                return None, Msg("expected each of {choices}, got {value}", choices=", ".join(column.choices),
                                 value=_show(wrong[0]))
            items = [code for code in chosen if code is not None]
        if column.required and not items:
            return None, Msg("at least one value is required")
        return items, None
    if column.choices:
        code = choice(column.choices, text)
        if code is None:
            return None, Msg("expected one of {choices}, got {value}", choices=", ".join(column.choices),
                             value=_show(text))
        return code, None
    if column.pattern and not re.fullmatch(column.pattern, text):
        return None, Msg("expected {expected}, got {value}", expected=column.expected or column.pattern,
                         value=_show(text))
    return text, None


NUMBER = re.compile(r"\d{1,6}(?:[.,]\d{1,4})?")
NUMBER_EXPECTED = N_("a number, 0 or more, like 8 or 2,5")


def parse_number(text: str, expected: str = "") -> tuple[float | None, str | None]:
    """A number of 0 or more as a coordinator types it (``8``, ``2.5``, ``2,5``), or the problem."""
    value = text.strip()
    if NUMBER.fullmatch(value):
        return float(value.replace(",", ".")), None
    return None, Msg("expected {expected}, got {value}", expected=expected or Msg(NUMBER_EXPECTED), value=_show(text))


def choice(choices: tuple[str, ...], text: str) -> str | None:
    """The code of ``choices`` that ``text`` names, in any case and with spaces or hyphens for underscores
    ("ggz", "Schulden", "huiselijk geweld"); None when it names none."""
    wanted = re.sub(r"[\s-]+", "_", text.strip()).casefold()
    return next((code for code in choices if code.casefold() == wanted), None)


# Dates as coordinators type them (docs/import-formats.md, "Dates"): day-month-year is the default, month/day is
# never assumed. An Excel date cell arrives as ISO text (importers.workbook), an Excel date number as its serial.
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
NUMERIC_DATE = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
WORD_DATE = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})")
EXCEL_SERIAL = re.compile(r"(\d{5})(?:\.\d+)?")  # 10000-99999: 18 May 1927 to 13 Oct 2173
EXCEL_EPOCH = date(1899, 12, 30)
MONTHS = {name: number for number, names in enumerate((
    ("januari", "jan", "january"), ("februari", "feb", "february"), ("maart", "mrt", "mar", "march"),
    ("april", "apr"), ("mei", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"),
    ("augustus", "aug", "august"), ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
    ("november", "nov"), ("december", "dec"),
), start=1) for name in names}
DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                "november", "december")
DATE_EXPECTED = N_("expected a date as day-month-year (01-02-2026, 1-2-2026, 01/02/2026 or 1 februari 2026) or "
                   "year-month-day (2026-02-01), got {value}")


def parse_date(text: str) -> tuple[date | None, str | None]:
    """A date as a coordinator types it, or the problem: see :data:`DATE_EXPECTED`."""
    value = text.strip()
    try:
        if match := ISO_DATE.fullmatch(value):
            return date(int(match[1]), int(match[2]), int(match[3])), None
        if match := NUMERIC_DATE.fullmatch(value):
            day, month = int(match[1]), int(match[3])
            if month > 12 >= day:  # 12/31/2026: written month first, which is never assumed
                return None, Msg("expected a date as day-month-year, got {value}, which is month/day/year; write "
                                 "it as {day:02d}-{month:02d}-{year} or {year}-{month:02d}-{day:02d}",
                                 value=_show(text), day=month, month=day, year=match[4])
            return date(int(match[4]), month, day), None
        if (match := WORD_DATE.fullmatch(value)) and match[2].lower() in MONTHS:
            return date(int(match[3]), MONTHS[match[2].lower()], int(match[1])), None
        if EXCEL_SERIAL.fullmatch(value):
            return EXCEL_EPOCH + timedelta(days=int(float(value))), None
    except ValueError:
        pass
    return None, Msg(DATE_EXPECTED, value=_show(text))


def reads_both_ways(text: str) -> bool:
    """Whether ``text`` is a numeric date whose day and month could be swapped (02/01/2026)."""
    match = NUMERIC_DATE.fullmatch(text.strip())
    return match is not None and int(match[1]) <= 12 and int(match[3]) <= 12 and match[1] != match[3]


def month_first(text: str) -> bool:
    """Whether ``text`` is a numeric date that only reads month first (12/31/2026)."""
    match = NUMERIC_DATE.fullmatch(text.strip())
    return match is not None and int(match[3]) > 12 >= int(match[1])


class DateOrder:
    """The dates of one sheet that read both ways, refused when the sheet also writes dates month first.

    ``02/01/2026`` is 2 January in day-month-year; but in a sheet that also holds ``12/31/2026`` (which only reads
    month first) it may well mean 1 February, so neither reading is safe."""

    def __init__(self) -> None:
        self.month_first: str | None = None  # the first month-first date of the sheet
        self.both_ways: list[tuple[int, str, str, Any]] = []  # (row number, column, text, the parsed row)

    def note(self, number: int, column: str, text: str, row: Any) -> None:
        if month_first(text):
            self.month_first = self.month_first or text
        elif reads_both_ways(text):
            self.both_ways.append((number, column, text, row))

    def refused(self) -> list[tuple[int, str, Any, str]]:
        """(row number, column, the parsed row, the problem) of each date that reads both ways, if any is month
        first."""
        if self.month_first is None:
            return []
        return [(number, column, row, _both_ways(text, self.month_first)) for number, column, text, row in
                self.both_ways]


def _both_ways(text: str, example: str) -> str:
    day_month, _ = parse_date(text)
    assert day_month is not None
    return Msg("the date {value} could be day-month or month-day, as this sheet also has dates written month first "
               "({example}); write it with the month in words ({words}) or as year-month-day ({iso})",
               value=_show(text), example=_show(example), iso=day_month.isoformat(),
               words=f"{day_month.day} {DUTCH_MONTHS[day_month.month - 1]} {day_month.year}")


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")
