"""The forms of the sociale kaart's records, generated from the import sheet's columns (importers/kaart_sheets.py).

One field per column: a date field for a date, a choice for a column with choices, a text field otherwise (a list
as text separated by ``;``, as in the sheet). A key column is given when a record is added and shown read-only
when it is changed. What a refused change said is shown at its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from api import i18n
from importers.fields import LIST_SEPARATOR
from importers.upkeep.changes import VersionConflict
from importers.upkeep.edit import EditRefused
from importers.upkeep.records import key_columns, sheet_of

# The columns an editor does not fill in a form: the verification date belongs to "klopt nog" (verification).
NOT_IN_FORMS = ("last_verified",)


def columns_of(kind: str) -> list[dict[str, Any]]:
    """The columns of a record of ``kind`` as the JSON form description gives them."""
    keys = key_columns(kind)
    return [{"name": column.name, "required": column.required, "kind": column.kind, "choices": list(column.choices),
             "key": column.name in keys, "refers_to": column.ref} for column in sheet_of(kind).columns]


def text_of(value: Any) -> str:
    """A value as its form field holds it: a date in ISO 8601, a list separated by ``;``."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, list):
        return f"{LIST_SEPARATOR} ".join(str(item) for item in value)
    if isinstance(value, float):
        return format(value, "g")  # hours per week: 8, not 8.0
    return str(value)


def texts_of(values: Mapping[str, Any]) -> dict[str, str]:
    return {name: text_of(value) for name, value in values.items()}


def fields(kind: str, texts: Mapping[str, str], problems: Mapping[str, str], creating: bool) -> list[dict[str, Any]]:
    """The form's fields: name, kind, required, choices, the text shown, the problem, read-only."""
    keys = key_columns(kind)
    shown = []
    for column in sheet_of(kind).columns:
        if column.name in NOT_IN_FORMS:
            continue
        shown.append({"name": column.name, "kind": column.kind, "required": column.required,
                      "choices": list(column.choices), "text": texts.get(column.name, ""),
                      "problem": problems.get(column.name), "readonly": not creating and column.name in keys})
    return shown


def sent(form: Mapping[str, Any], kind: str, creating: bool) -> dict[str, str]:
    """The columns a form sent (a key column only when adding a record)."""
    keys = key_columns(kind)
    names = [column.name for column in sheet_of(kind).columns if column.name not in NOT_IN_FORMS]
    return {name: str(form.get(name) or "") for name in names
            if name in form and (creating or name not in keys)}


def problem_texts(kind: str, error: EditRefused) -> tuple[dict[str, str], list[str]]:
    """(problem per field of the form, problems of the whole record) in the user's language."""
    names = {field["name"] for field in fields(kind, {}, {}, creating=True)}
    per_column: dict[str, str] = {}
    general: list[str] = []
    for column, message in error.problems:
        text = i18n.translate(message.template, message.fields) if hasattr(message, "template") else str(message)
        if column is not None and column in names:
            per_column[column] = text
        else:
            general.append(f"{column}: {text}" if column else text)
    return per_column, general


def conflict_rows(kind: str, error: VersionConflict, mine: Mapping[str, str]) -> list[dict[str, str]]:
    """Each field: what it is now (someone else's change) and what this editor sent."""
    now = texts_of(error.current or {})
    return [{"name": field["name"], "now": now.get(field["name"], ""), "mine": mine.get(field["name"], "")}
            for field in fields(kind, {}, {}, creating=False)]
