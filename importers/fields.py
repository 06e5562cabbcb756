"""Column declarations for tabular input and the parsing of one cell against them.

A column is declared once: how its cells are parsed and checked (kind, choices, pattern), where its
value goes in the graph (``to``, see :mod:`importers.destinations`) and what it means to a user
(``doc``, rendered into ``docs/import-formats.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from importers.destinations import Destination
from importers.problems import Msg

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"  # text, date, list
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
        try:
            return date.fromisoformat(text), None
        except ValueError:
            return None, Msg("expected a date as YYYY-MM-DD, got {value}", value=_show(text))
    if column.kind == "list":
        items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        if column.choices:
            wrong = [item for item in items if item not in column.choices]
            if wrong:
                return None, Msg("expected each of {choices}, got {value}", choices=", ".join(column.choices),
                                 value=_show(wrong[0]))
        if column.required and not items:
            return None, Msg("at least one value is required")
        return items, None
    if column.choices and text not in column.choices:
        return None, Msg("expected one of {choices}, got {value}", choices=", ".join(column.choices),
                         value=_show(text))
    if column.pattern and not re.fullmatch(column.pattern, text):
        return None, Msg("expected {expected}, got {value}", expected=column.expected or column.pattern,
                         value=_show(text))
    return text, None


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")
