"""Writers for importer input files: the sociale-kaart CSV folder and household JSON.

Used by the demo and the scale generator. The headers come from the importer's own declarations
(:mod:`importers.kaart_sheets`). Rows are written as they come, so a caller can stream millions of them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from importers.kaart_sheets import HEADERS

KAART_HEADERS = HEADERS  # the columns of every sheet, in order, from the sheet declarations


def cell(value: Any) -> str:
    """One CSV cell: dates as ISO, lists joined with ';', nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return str(value)


class KaartWriter:
    """Writes one CSV file per sheet into ``folder``; use as a context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counts: dict[str, int] = dict.fromkeys(KAART_HEADERS, 0)
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}

    def __enter__(self) -> KaartWriter:
        self.folder.mkdir(parents=True, exist_ok=True)
        for sheet, header in KAART_HEADERS.items():
            handle = (self.folder / f"{sheet}.csv").open("w", encoding="utf-8", newline="")
            self._files[sheet] = handle
            self._writers[sheet] = csv.writer(handle, lineterminator="\n")
            self._writers[sheet].writerow(header)
        return self

    def row(self, sheet: str, values: dict[str, Any]) -> None:
        unknown = set(values) - set(KAART_HEADERS[sheet])
        if unknown:  # a programming error: the generator and the format disagree
            raise ValueError(f"{sheet}: columns {sorted(unknown)} are not in the import format")
        self._writers[sheet].writerow([cell(values.get(name)) for name in KAART_HEADERS[sheet]])
        self.counts[sheet] += 1

    def rows(self, sheet: str, rows: Iterable[dict[str, Any]]) -> None:
        for values in rows:
            self.row(sheet, values)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for handle in self._files.values():
            handle.close()


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def household_json(household: dict[str, Any]) -> str:
    return json.dumps(household, ensure_ascii=False, default=_json_default, separators=(",", ":"))


class HouseholdsWriter:
    """Streams households into one JSON document ``{"households": [...]}``, one household per line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._handle: IO[str] | None = None

    def __enter__(self) -> HouseholdsWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("w", encoding="utf-8", newline="\n")
        self._handle.write('{"households": [\n')
        return self

    def add(self, household: dict[str, Any]) -> None:
        assert self._handle is not None, "use HouseholdsWriter as a context manager"
        self._handle.write((",\n" if self.count else "") + household_json(household))
        self.count += 1

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._handle is not None:
            self._handle.write("\n]}\n")
            self._handle.close()
