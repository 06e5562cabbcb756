"""The JSON bodies and answers of the sociale kaart's records (api/web/kaart.py), for the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class RecordKind(StrEnum):
    """The kinds of records the app changes (importers/upkeep/records.py KINDS)."""

    professional = "professional"
    organisation = "organisation"
    civil_partner = "civil_partner"
    membership = "membership"
    wijk_work = "wijk_work"
    expertise = "expertise"
    agreement = "agreement"
    neighbour = "neighbour"


class Record(BaseModel):
    """A record of the sociale kaart: its values by column of the import sheet, its version (send it back with a
    change) and the wijken it belongs to (a coordinator of one of them may change it)."""

    kind: RecordKind
    key: str = Field(description="an id, or <start>~<end> for a membership, wijk work, expertise or neighbour pair")
    values: dict[str, Any] = Field(description="by column name of the sheet (docs/import-formats.md); dates in "
                                               "ISO 8601, lists as lists")
    version: str = Field(description="the record's version: send it back with a change (409 when it changed)")
    wijken: list[str]
    label: str = Field(description="a display name")


class Ended(Record):
    """The record after it was ended (an end date), or as it was when it was removed (expertise, a neighbour
    pair)."""

    removed: bool = Field(description="true: the record had no period and was removed")


class Column(BaseModel):
    """A column of the record's form: as the import sheet declares it."""

    name: str
    required: bool
    kind: str = Field(description="text, number (0 or more), date or list (separated by ;)")
    choices: list[str]
    key: bool = Field(description="part of the record's key: given when it is added, never changed")
    refers_to: str | None = Field(description="the label whose key the value names (Team, Wijk, ...)")


class RecordForm(BaseModel):
    """What a form to change or add a record of this kind takes: its columns, and the record when it exists."""

    kind: RecordKind
    columns: list[Column]
    record: Record | None


class EditBody(BaseModel):
    """A change: the columns to change (form text, as in the import sheet) and the version you read."""

    values: dict[str, str] = Field(description="column -> new value as text; only the columns sent change; an "
                                               "empty text empties the column")
    version: str


class NewBody(BaseModel):
    """A new record: every column it needs, as text (as in the import sheet)."""

    values: dict[str, str]


class EndBody(BaseModel):
    """End a record: membership, wijk work and agreement get the end date (default: today); expertise and a
    neighbour pair are removed."""

    until: dt.date | None = None
    version: str


def change_responses() -> dict[int | str, dict[str, Any]]:
    """The answers of a JSON change besides the record: problem details."""
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {
        400: {"description": "Bad request", "content": problem},
        401: {"description": "Not logged in (a bearer token is needed)", "content": problem},
        403: {"description": "Not allowed: a session cookie without a bearer token, a professional or analyst, or a "
                             "coordinator outside the record's wijken", "content": problem},
        404: {"description": "No such record", "content": problem},
        409: {"description": "Changed by someone else since you read it; nothing was saved. The problem detail also "
                             "holds `current` (the record's values now) and `version` (send it with your change "
                             "again)", "content": problem},
        422: {"description": "Invalid values; nothing was saved. The problem detail also holds `problems`: "
                             "`[{column, message}]` (column null: the record as a whole)", "content": problem},
        503: {"description": "Neo4j is not reachable", "content": problem},
    }
