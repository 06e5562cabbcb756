"""Problems found in an input file, and the refusal that lists them all.

A problem always names the file (and sheet), the row as the user sees it (the header is row 1 in a
sheet; for JSON the path of the element) and the column or field, and says what was expected.

What a problem says is a :class:`Msg`: English text (what ``str()``, the tests and the rejected-rows report read)
that also keeps its English template and fields, so that the CLI can show it in the user's language (``api``
translates; importers import nothing of ``api``). ``Msg("unknown wijk {wijk}", wijk=code)``: the template is a
message id of the catalog (``bin/i18n`` extracts the first argument of ``Msg``); a field that is a ``Msg`` itself is
translated too. Text made with an f-string stays English everywhere.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_LISTED = 50


class Msg(str):
    """English text that remembers its template and fields, to be shown in another language."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, **fields: Any) -> Msg:
        text = super().__new__(cls, template.format(**fields) if fields else template)
        text.template, text.fields = template, fields
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # pickled and copied with its template (str would drop it)
        return _msg, (self.template, self.fields)


def _msg(template: str, fields: dict[str, Any]) -> Msg:
    return Msg(template, **fields)


def N_(template: str) -> str:
    """Marks a message template that a :class:`Msg` is made of elsewhere (``bin/i18n`` extracts it)."""
    return template


def shown(value: str) -> str:
    """A value from the input, fit for a message: its repr, at most 40 characters."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | str | None
    column: str | None
    message: str
    # True when the row is only rejected because a row it refers to was: worth reporting with
    # --skip-invalid, noise when the whole file is refused.
    consequence: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class ImportRefused(Exception):
    """The file was refused whole; nothing of it was written."""

    def __init__(self, file: str, problems: Iterable[Problem]) -> None:
        self.file = file
        everything = list(problems)
        primary = [problem for problem in everything if not problem.consequence]
        self.problems = primary or everything
        # Rows rejected only because a row they refer to was: named too, after the problems that caused them.
        self.consequences = [problem for problem in everything if problem.consequence] if primary else []
        self.dependent = dependent = len(self.consequences)
        lines = [f"  {problem}" for problem in self.problems[:MAX_LISTED]]
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            lines.append(f"  ... and {more} more")
        if dependent:
            lines.append("  1 row only refers to a rejected row:" if dependent == 1 else
                         f"  {dependent} rows only refer to rejected rows:")
            lines += [f"  {problem}" for problem in self.consequences[:MAX_LISTED]]
            if dependent > MAX_LISTED:
                lines.append(f"  ... and {dependent - MAX_LISTED} more")
        count = len(self.problems)
        listed = "\n".join(lines)
        super().__init__(
            f"{file} was not imported: {count} problem{'s' if count != 1 else ''}; nothing was written.\n{listed}"
        )


def write_report(path: Path, problems: Iterable[Problem]) -> int:
    """Write rejected rows with their reasons as CSV; returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "row", "column", "problem"])
        for problem in problems:
            writer.writerow([problem.file, problem.row if problem.row is not None else "", problem.column or "",
                             problem.message])
            count += 1
    return count
