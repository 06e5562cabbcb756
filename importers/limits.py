"""How much an import reads: size caps from the environment, checked before a file is parsed.

An import holds what it reads in memory until it has checked all of it (it refuses a file whole), so the size of
its input bounds its memory and time. Without a cap, a 200 MB ``professionals.csv`` took 2.8 GB, and an XLSX of a
few MB that unpacks to tens of MB of XML kept an import busy for minutes. The caps:

- ``WIJKGRAPH_IMPORT_MAX_MB`` (default 64): one JSON file, one CSV file, a folder of CSV files together, and an
  XLSX file as it is stored;
- ``WIJKGRAPH_IMPORT_MAX_XLSX_MB`` (default 16): an XLSX workbook unpacked (all its parts together). XML is slow
  to read (about 2 MB/s), and a workbook is the form of a hand-kept sociale kaart; bulk data comes as CSV.

A file over a cap is refused with a problem that names the file, what was found, the cap and the variable that
sets it. MB here are MiB (1,048,576 bytes); a fraction such as ``0.5`` is allowed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from importers.problems import ImportRefused, Msg, Problem

MAX_MB = "WIJKGRAPH_IMPORT_MAX_MB"
MAX_XLSX_MB = "WIJKGRAPH_IMPORT_MAX_XLSX_MB"
DEFAULT_MB = {MAX_MB: 64, MAX_XLSX_MB: 16}
MB = 1024 * 1024
# A workbook part that unpacks to more than this many times its packed size is a zip bomb, not a spreadsheet:
# XLSX parts pack 5-30 to 1. Parts under MIN_RATIO_CHECKED bytes unpacked are too small to matter.
MAX_XLSX_RATIO = 100
MIN_RATIO_CHECKED = 1 * MB


@dataclass(frozen=True)
class Cap:
    """One cap: its variable, its value as written (or the default) and in bytes."""

    variable: str
    setting: str
    bytes: int

    def exceeded(self, found: str, advice: str) -> Msg:
        """The message for ``found`` being over this cap, e.g. "the file is 2,000 bytes"."""
        return Msg("{found}; at most {most} bytes expected (the limit {variable}={setting} MB; {advice}, or raise "
                   "the limit)", found=found, most=f"{self.bytes:,}", variable=self.variable, setting=self.setting,
                   advice=Msg(advice))


def cap(variable: str, label: str) -> Cap:
    """The cap of ``variable``; a value that is not a positive number refuses the import of ``label``."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return Cap(variable, str(DEFAULT_MB[variable]), DEFAULT_MB[variable] * MB)
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = 0.0
    if not megabytes > 0 or megabytes == float("inf"):
        raise ImportRefused(label, [Problem(label, None, None, Msg(
            "{variable} must be a number of megabytes above 0, not {value!r}", variable=variable, value=raw[:40]))])
    return Cap(variable, raw, int(megabytes * MB))


def check_size(label: str, size: int, variable: str, found: str, advice: str, **fields: Any) -> None:
    """Refuse ``label`` when ``size`` bytes are over the cap of ``variable``; ``found`` says what was measured (a
    template of ``{size}`` and ``fields``, marked with ``N_``), ``advice`` what to do (marked too)."""
    limit = cap(variable, label)
    if size > limit.bytes:
        measured = Msg(found, size=f"{size:,}", **fields)
        raise ImportRefused(label, [Problem(label, None, None, limit.exceeded(measured, advice))])
