"""The generated parts of ``docs/import-formats.md``, rendered from the importers' declarations.

Each generated region sits between ``<!-- generated: NAME ... -->`` and ``<!-- end generated: NAME -->``;
``wijkgraph docs`` rewrites them and a test fails when the file is out of date. To change a column,
change its declaration (:mod:`importers.kaart_sheets`), not the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from graph.settings import PROJECT_ROOT
from importers.fields import Column
from importers.hsds_expertise import expertise_words
from importers.kaart_sheets import SHEETS
from importers.sheets import SheetSpec

IMPORT_FORMATS_DOC = PROJECT_ROOT / "docs" / "import-formats.md"
_COUNT = {2: "two", 3: "three", 4: "four"}


def kaart_columns_table(sheets: tuple[SheetSpec, ...] = SHEETS) -> str:
    """The sociale-kaart columns as a markdown table: sheet, column, required, meaning."""
    lines = ["| sheet | column | required | meaning |", "|---|---|---|---|"]
    for spec in sheets:
        rows: list[tuple[list[str], str, str]] = []
        for column in spec.columns:
            required, meaning = _required(spec, column), _meaning(column)
            # Optional columns that mean the same share a row ("`phone`, `email`", "`since`, `until`").
            if rows and required == "no" and rows[-1][1:] == (required, meaning):
                rows[-1][0].append(column.name)
            else:
                rows.append(([column.name], required, meaning))
        for index, (names, required, meaning) in enumerate(rows):
            sheet = (f"`{spec.name}`" + (f" (ring {spec.ring})" if spec.ring else "")) if index == 0 else ""
            columns = ", ".join(f"`{name}`" for name in names)
            lines.append(_row(sheet, columns, required, meaning))
    return "\n".join(lines) + "\n"


def _row(*cells: str) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def _required(spec: SheetSpec, column: Column) -> str:
    if column.name in spec.one_of:
        return f"one of these {_COUNT[len(spec.one_of)]}" if column.name == spec.one_of[0] else ""
    return "yes" if column.required else "no"


def _meaning(column: Column) -> str:
    if not column.choices:
        return column.doc
    quoted = [f"`{choice}`" for choice in column.choices]
    choices = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"{column.doc}: {choices}" if column.doc else choices


def expertise_words_table() -> str:
    """The HSDS expertise mapping: the words that map a service or taxonomy term to each expertise."""
    lines = ["| expertise | words |", "|---|---|"]
    lines += [_row(f"`{code}`", ", ".join(words)) for code, words in expertise_words().items()]
    return "\n".join(lines) + "\n"


REGIONS: dict[str, Callable[[], str]] = {
    "kaart-columns": kaart_columns_table,
    "hsds-expertise-words": expertise_words_table,
}


def render(text: str) -> str:
    """``text`` (the markdown file) with every generated region rewritten from the declarations."""
    for name, region in REGIONS.items():
        pattern = re.compile(rf"(<!-- generated: {re.escape(name)}\b[^\n]*-->\n)(.*?)(<!-- end generated: "
                             rf"{re.escape(name)} -->)", re.DOTALL)
        match = pattern.search(text)
        if match is None:
            raise ValueError(f"docs/import-formats.md has no generated region {name!r}")
        # Blank lines around the table, so that no markdown reader takes a marker for part of it.
        text = text[:match.start(2)] + "\n" + region() + "\n" + text[match.end(2):]
    return text


def write_import_formats(path: Path | None = None) -> Path:
    """Rewrite the generated regions of ``path`` (docs/import-formats.md) in place."""
    path = path or IMPORT_FORMATS_DOC
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path
