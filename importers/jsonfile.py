"""Reading one JSON input file, with every way it can be unreadable turned into a Problem."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from importers.limits import MAX_MB, check_size
from importers.problems import N_, ImportRefused, Msg, Problem


class LongNumber:
    """An integer with more digits than Python converts (``sys.get_int_max_str_digits()``, 4,300 by default).

    json.loads would stop the whole file with a ValueError that names no place. Kept as its length instead, the
    value fails the importer's schema check like any other wrong value, so the problem names the file, the row
    (household, HSDS record) and the field; its repr is what a problem shows, never the digits themselves.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"a number of {self.digits} digits"


def _integer(text: str) -> int | LongNumber:
    limit = sys.get_int_max_str_digits()  # 0: no limit
    digits = len(text.lstrip("-"))
    return LongNumber(digits) if limit and digits > limit else int(text)


def read_json(path: Path, name: str, *, expected: str, split_hint: str) -> Any:
    """The parsed document, or ImportRefused naming ``name`` and what was wrong.

    ``expected`` says what an empty file should have held; ``split_hint`` how to cut a file over the size cap
    (``WIJKGRAPH_IMPORT_MAX_MB``, :mod:`importers.limits`), which is checked before anything is read.
    """
    if not path.is_file():
        raise ImportRefused(name, [Problem(name, None, None, Msg("file not found"))])
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused(name, [Problem(name, None, None, Msg("the file is empty; expected {expected}",
                                                                 expected=expected))])
    check_size(name, size, MAX_MB, N_("the file is {size} bytes"), split_hint)
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"), parse_int=_integer)
    except UnicodeDecodeError as error:
        raise ImportRefused(name, [Problem(name, None, None, Msg("the file is not UTF-8 (byte {byte})",
                                                                 byte=error.start))]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(name, [Problem(name, Msg("line {line}", line=error.lineno),
                                           Msg("column {column}", column=error.colno),
                                           Msg("invalid JSON: {error}", error=error.msg))]) from None
    except RecursionError:
        raise ImportRefused(name, [Problem(name, None, None, Msg("the JSON is nested too deeply"))]) from None
