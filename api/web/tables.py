"""Tables you can act on: sorting and filtering over all rows on the server, and links from ids to their pages.

One implementation for a table's page, JSON and CSV twins: :func:`sort_and_filter` runs on every row before
paging, so ``?sort=`` and ``?q=`` give the same rows, in the same order, in all three. ``?sort=column`` sorts
ascending, ``?sort=-column`` descending (empty values last either way; ties keep the analysis's own order, which is
"what needs action first"). ``?q=`` keeps the rows whose cells together contain every word of it, ignoring case.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request

from api.i18n import format_date
from api.labels import CODE_COLUMNS, column_label, label
from api.spreadsheet import cell
from api.web.common import Problem, page_cell, templates

Row = dict[str, Any]
MAX_QUERY = 200
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME_AND_ID = re.compile(r"^(?P<name>.*\S)\s+\((?P<id>[^()]+)\)$")


def columns_of(rows: list[Row]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    return columns


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == "" or value == []:
        return (2, "")
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, list):
        return (1, (len(value), cell(value).casefold()))
    return (1, (0, str(value).casefold()))


def sort_and_filter(request: Request, rows: list[Row]) -> tuple[list[Row], dict[str, Any]]:
    """``rows`` filtered by ``?q=`` and sorted by ``?sort=``; and what was applied, for the JSON twin.

    A sort column the rows do not have is a 400 problem that names the columns (with no rows at all, there is
    nothing to sort and the parameter is kept as given)."""
    text = (request.query_params.get("q") or "").strip()
    sort = (request.query_params.get("sort") or "").strip()
    if len(text) > MAX_QUERY:
        raise Problem(400, "The filter is at most {limit} characters.", limit=MAX_QUERY)
    columns = columns_of(rows)
    column = sort.removeprefix("-")
    if sort and rows and column not in columns:
        raise Problem(400, "Cannot sort by {column}: sort by one of {columns} (a minus sign first for descending).",
                      kind="bad-sort", column=column, columns=", ".join(columns))
    words = text.casefold().split()
    if words:
        rows = [row for row in rows if all(word in " ".join(cell(value) for value in row.values()).casefold()
                                           for word in words)]
    if sort and rows:
        descending = sort.startswith("-")
        present = [row for row in rows if _sort_key(row.get(column))[0] < 2]
        empty = [row for row in rows if _sort_key(row.get(column))[0] == 2]
        # reverse=True keeps equal values in their order too: within a value, the analysis's own order stays.
        present.sort(key=lambda row: _sort_key(row.get(column)), reverse=descending)
        rows = present + empty
    return rows, {"sort": sort or None, "q": text or None, "columns": columns}


def sort_link(request: Request, column: str) -> str:
    """The URL of this table sorted by ``column``: ascending, or descending when it is already ascending."""
    current = request.query_params.get("sort") or ""
    wanted = f"-{column}" if current == column else column
    kept = [(key, value) for key, value in request.query_params.multi_items() if key not in ("sort", "page")]
    return f"{request.url.path}?{urlencode([*kept, ('sort', wanted)])}"


def query_without(request: Request, *keys: str) -> str:
    """This page's query string without ``keys`` (repeated parameters kept)."""
    return urlencode([(key, value) for key, value in request.query_params.multi_items() if key not in keys])


def sort_state(request: Request, column: str) -> str:
    """``ascending``, ``descending`` or ``none``: for aria-sort on the header."""
    current = request.query_params.get("sort") or ""
    return "ascending" if current == column else "descending" if current == f"-{column}" else "none"


def _professional_url(request: Request | None, professional_id: str, name: str | None) -> str:
    paths = {getattr(route, "path", "") for route in request.app.routes} if request is not None else set()
    if "/professionals/{professional_id}" in paths:
        return f"/professionals/{quote(professional_id, safe='')}"
    return f"/contacts?{urlencode({'text': name or professional_id})}"


def link_of(request: Request | None, column: str, value: Any, row: Row | None = None) -> str | None:
    """The page of one value of ``column``: a wijk, a household, a professional (their page if the app has one,
    else the contact search for their name); None when the value is not an id we link."""
    if not isinstance(value, str) or not value:
        return None
    if column == "wijk":
        return f"/wijken/{quote(value, safe='')}"
    if column in ("household", "households"):
        return f"/households/{quote(value, safe='')}"
    if column in ("professional", "professional_a", "professional_b"):
        name_column = {"professional": "name", "professional_a": "name_a", "professional_b": "name_b"}[column]
        return _professional_url(request, value, (row or {}).get(name_column))
    if column in ("professionals", "evidence"):  # "name (id)" in these columns is always a professional
        found = _NAME_AND_ID.match(value)
        if found:
            return _professional_url(request, found.group("id"), found.group("name"))
    return None


def _tie(value: Row) -> str:
    """A tie of an ecogram change as a reader says it: its label, and a change of strength or direction."""
    text = str(value.get("label") or value.get("ref") or "")
    changes = [f"{label(kind, value[before])} → {label(kind, value[after])}"
               for kind, before, after in (("strength", "quality_from", "quality_to"),
                                           ("direction", "direction_from", "direction_to"))
               if value.get(before) != value.get(after) and (value.get(before) or value.get(after))]
    return f"{text} ({'; '.join(changes)})" if changes else text


def shown(column: str, value: Any) -> str:
    """A cell as the page shows it: a code as its label, an ISO date in the reader's notation, a tie by its label
    (the JSON and CSV twins keep the codes and the whole record)."""
    if isinstance(value, list) and (column in CODE_COLUMNS or any(isinstance(item, dict) for item in value)):
        return "; ".join(shown(column, item) for item in value)
    if isinstance(value, dict) and ("label" in value or "ref" in value):
        return _tie(value)
    if isinstance(value, str):
        if column in CODE_COLUMNS:
            return column_label(column, value)
        if _ISO_DATE.match(value):
            return format_date(value)
    return page_cell(value)


templates.env.globals.update(link_of=link_of, shown=shown, label_of=label, sort_link=sort_link, sort_state=sort_state,
                             query_without=query_without)
