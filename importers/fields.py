"""Column declarations for tabular input and the parsing of one cell against them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"  # text, date, list
    choices: tuple[str, ...] = ()
    ref: str | None = None  # label whose key this column (or each list item) names
    pattern: str | None = None  # regular expression a text value must match
    expected: str = ""  # how to describe the pattern to a user


def parse_cell(column: Column, text: str) -> tuple[Any, str | None]:
    """The cell's value and, if it is not acceptable, what was expected instead."""
    if not text:
        return (None, "a value is required") if column.required else (None, None)
    if column.kind == "date":
        try:
            return date.fromisoformat(text), None
        except ValueError:
            return None, f"a date as YYYY-MM-DD, got {_show(text)}"
    if column.kind == "list":
        items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        if column.choices:
            wrong = [item for item in items if item not in column.choices]
            if wrong:
                return None, f"each of {', '.join(column.choices)}, got {_show(wrong[0])}"
        if column.required and not items:
            return None, "at least one value is required"
        return items, None
    if column.choices and text not in column.choices:
        return None, f"one of {', '.join(column.choices)}, got {_show(text)}"
    if column.pattern and not re.fullmatch(column.pattern, text):
        return None, f"{column.expected or column.pattern}, got {_show(text)}"
    return text, None


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")
