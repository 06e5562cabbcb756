"""Reading one JSON input file, with every way it can be unreadable turned into a Problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from importers.problems import ImportRefused, Problem


def read_json(path: Path, name: str, *, max_bytes: int, expected: str, split_hint: str) -> Any:
    """The parsed document, or ImportRefused naming ``name`` and what was wrong.

    ``expected`` says what an empty file should have held; ``split_hint`` how to cut a file that is too big.
    """
    if not path.is_file():
        raise ImportRefused(name, [Problem(name, None, None, "file not found")])
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused(name, [Problem(name, None, None, f"the file is empty; expected {expected}")])
    if size > max_bytes:
        raise ImportRefused(name, [Problem(name, None, None,
                                           f"the file is {size} bytes; at most {max_bytes} expected ({split_hint})")])
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ImportRefused(name, [Problem(name, None, None, f"the file is not UTF-8 (byte {error.start})")]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(name, [Problem(name, f"line {error.lineno}", f"column {error.colno}",
                                           f"invalid JSON: {error.msg}")]) from None
    except RecursionError:
        raise ImportRefused(name, [Problem(name, None, None, "the JSON is nested too deeply")]) from None
