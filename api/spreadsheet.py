"""CSV cells that a spreadsheet cannot mistake for formulas (OWASP "CSV injection").

Imported data may hold text such as ``=HYPERLINK(...)``; written as-is to a CSV that a coordinator opens
in Excel, it would run. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading apostrophe, which spreadsheets show as text; plain numbers stay numbers. So does a cell whose
first character after leading whitespace (spaces, tabs, line breaks, no-break and zero-width spaces) is one of
those: spreadsheets trim such whitespace on import and then see the formula (``" @SUM(1)"``, ``"\\n=1+1"``).
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The same signs in their full-width forms, which spreadsheets in East Asian locales also read as a formula.
_FORMULA_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20"
# Whitespace that str.isspace() knows, plus the zero-width characters and the byte-order mark it does not.
_LEADING = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]*")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: an apostrophe before anything that could start a formula.

    >>> [spreadsheet_safe(text) for text in ("=1+1", " @SUM(1)", "\\n=1+1", "-3", " 12.5", "De Kern")]
    ["'=1+1", "' @SUM(1)", "'\\n=1+1", '-3', ' 12.5', 'De Kern']
    """
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    rest = _LEADING.sub("", text, count=1)
    if rest[:1] and rest[0] in _FORMULA_SIGNS and not _NUMBER.fullmatch(rest.rstrip()):
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
