"""The expertise mapping of the HSDS import: which words in a service or taxonomy term stand for which expertise.

A CSV file with the columns ``word`` and ``expertise``, one word (or phrase) per row. A service's name, alternate
name and description, and the code and name of every taxonomy term linked to it, map to an expertise when the
text is the expertise code itself (``GGZ``) or contains the word at the start of a word, case-insensitive
(``psychiatr`` finds "Psychiatrische zorg" and "ambulante psychiatrie"). wijkgraph ships a default,
``importers/hsds_expertise.csv`` (Dutch and English words); a municipality gives its own with
``wijkgraph import hsds --expertise-map FILE``, which replaces the default whole. Documented in
docs/import-formats.md (the table there is generated from the default file).
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from pathlib import Path

from graph.model import EXPERTISE
from importers.problems import ImportRefused, Msg, Problem

DEFAULT_MAP = Path(__file__).with_name("hsds_expertise.csv")
COLUMNS = ("word", "expertise")
MAX_BYTES = 1024 * 1024  # a mapping of words, not data: a megabyte is thousands of rows


class ExpertiseMap:
    """Expertise code -> the words that stand for it, read from a mapping file."""

    def __init__(self, words: dict[str, tuple[str, ...]], file: str) -> None:
        self.words = words
        self.file = file
        self._patterns = {code: re.compile("|".join(rf"\b{re.escape(word)}" for word in found))
                          for code, found in words.items() if found}

    def of(self, *texts: str | None) -> set[str]:
        """The expertise codes these texts stand for (possibly none)."""
        found: set[str] = set()
        for text in texts:
            if not text:
                continue
            if text.strip().upper() in EXPERTISE:
                found.add(text.strip().upper())
            lowered = text.lower()
            found.update(code for code, pattern in self._patterns.items() if pattern.search(lowered))
        return found


def read_map(path: Path) -> ExpertiseMap:
    """The mapping in ``path``, or ImportRefused naming the file, row and column of every problem."""
    name = path.name
    if not path.is_file():
        raise ImportRefused(name, [Problem(name, None, None, Msg("expertise mapping file not found"))])
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ImportRefused(name, [Problem(name, None, None, Msg(
            "the expertise mapping is {size} bytes; at most {most} bytes expected", size=f"{len(data):,}",
            most=f"{MAX_BYTES:,}"))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(name, [Problem(name, None, None, Msg("the file is not UTF-8 (byte {byte})",
                                                                 byte=error.start))]) from None
    return parse_map(text, name)


def parse_map(text: str, name: str) -> ExpertiseMap:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportRefused(name, [Problem(name, None, None, Msg(
            "the expertise mapping is empty; expected a header row with the columns {columns}",
            columns=", ".join(COLUMNS)))])
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportRefused(name, [Problem(name, 1, column, Msg(
            "column {column} is missing; expected the columns {columns}", column=column, columns=", ".join(COLUMNS)))
            for column in missing])
    at = {column: header.index(column) for column in COLUMNS}
    words: dict[str, list[str]] = {code: [] for code in EXPERTISE}
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        word, code = (row[at[column]].strip() if at[column] < len(row) else "" for column in COLUMNS)
        if not word:
            problems.append(Problem(name, number, "word", Msg("a word is required")))
        if code.upper() not in EXPERTISE:
            problems.append(Problem(name, number, "expertise", Msg(
                "expected one of {choices}, got {value!r}", choices=", ".join(EXPERTISE), value=code[:40])))
        elif word and word.lower() not in words[code.upper()]:
            words[code.upper()].append(word.lower())
    if problems:
        raise ImportRefused(name, problems)
    return ExpertiseMap({code: tuple(found) for code, found in words.items()}, name)


@cache
def default_map() -> ExpertiseMap:
    return read_map(DEFAULT_MAP)


def expertise_words() -> dict[str, tuple[str, ...]]:
    """The default mapping, expertise code -> words (docs/import-formats.md shows it)."""
    return default_map().words


def expertise_of(*texts: str | None) -> set[str]:
    """The expertise codes these texts stand for under the default mapping."""
    return default_map().of(*texts)
