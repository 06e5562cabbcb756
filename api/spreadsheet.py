"""CSV cells that a spreadsheet cannot mistake for formulas (OWASP "CSV injection").

Imported data may hold text such as ``=HYPERLINK(...)``; written as-is to a CSV that a coordinator opens
in Excel, it would run. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading apostrophe, which spreadsheets show as text; plain numbers stay numbers.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def spreadsheet_safe(text: str) -> str:
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value: Any, yes: str = "yes", no: str = "no") -> str:
    """A value as the text of one table cell: None empty, lists joined by "; ", maps as key=value pairs."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(cell(item, yes, no) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}={cell(item, yes, no)}" for key, item in value.items())
    if isinstance(value, bool):
        return yes if value else no
    return str(value)
