"""The options every import takes, in one value: which source, what to do with bad rows and stale data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

RESERVED_SOURCE_PREFIX = "wijkgraph:"  # reference data, users: never replaced or cleaned up by an import


class Progress(Protocol):
    def start(self, description: str, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...


@dataclass(frozen=True)
class ImportOptions:
    source: str | None = None  # None: the importer names it after the file ("kaart:<stem>")
    skip_invalid: bool = False  # load the valid rows and report the rejected ones, instead of refusing the file
    report: Path | None = None  # where skip_invalid writes rejected rows; None: "<file>.rejected.csv" beside it
    max_delete_share: float = 0.10  # refuse a re-import that would delete more than this share of the source
    force: bool = False  # delete what the source no longer lists, however much
    # The source this import takes over (a file saved under a new name): its keys may be written, and what the new
    # file no longer lists of it is cleaned up as in a re-import.
    replaces: str | None = None
    progress: Progress | None = None
    # Where the values the import did not write (the app's are newer) are listed; None: "<file>.conflicts.csv" in the
    # folder of the rejected-rows report (beside the file unless --report says otherwise).
    conflicts: Path | None = None

    def for_file(self, path: Path, kind: str) -> ImportOptions:
        """These options with the defaults for ``path`` filled in: source ``<kind>:<stem>`` and the report beside it."""
        return replace(self, source=self.source or f"{kind}:{path.stem}",
                       report=self.report or path.with_name(f"{path.name}.rejected.csv"))
