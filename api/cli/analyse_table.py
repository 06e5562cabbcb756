"""The human table of `wijkgraph analyse NAME`: column headers and codes as a user reads them, in the CLI's language.

Only the table: ``--format csv`` and ``json`` keep the column names and the codes (they are for programs, like the
web app's JSON and CSV twins).
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from api.cli.output import console
from api.i18n import gettext as _
from api.i18n import ngettext
from api.labels import CODE_COLUMNS, column_label, label
from api.spreadsheet import cell


def header(column: str) -> str:
    """The header of ``column``: its label (``wijk_name``: "wijknaam"), or the name when it has none."""
    return label("column", column)


def shown(column: str, value: Any) -> str:
    """One cell: a code as its label, a list item by item, yes/no for a boolean."""
    if column in CODE_COLUMNS and isinstance(value, list):
        return "; ".join(column_label(column, str(item)) for item in value)
    if column in CODE_COLUMNS and isinstance(value, str):
        return column_label(column, value)
    return cell(value, _("yes"), _("no"))


def print_table(rows: list[dict[str, Any]], title: str) -> None:
    """``rows`` as a rich table titled ``title (N rows)``; a line saying there are none when there are none."""
    if not rows:
        console.print(_("{name}: no rows.").format(name=title), highlight=False)
        return
    from rich.table import Table

    columns = list(rows[0])
    count = ngettext("{name} ({count} row)", "{name} ({count} rows)", len(rows)).format(name=title, count=len(rows))
    table = Table(title=count)
    for column in columns:
        table.add_column(header(column))
    for row in rows:
        table.add_row(*(escape(shown(column, row.get(column))) for column in columns))
    console.print(table)
