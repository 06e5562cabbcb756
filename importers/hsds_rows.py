"""HSDS rows as read, before they are checked: one :class:`Record` per row of a table, wherever it came from.

:func:`add_object` adds one row, and the records nested in it in the API shapes (a service's ``contacts``, a
service_at_location's ``location``): each becomes a row of its own table with the link to its parent filled in
(``contact.service_id``), as :data:`~importers.hsds_tables.TABLES` declares. A nested record that comes again
(the same contact under the organization and under the service) is merged into the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from importers.hsds_tables import (
    SUPPORTED_VERSIONS,
    TABLE_BY_NAME,
    V31_FIELDS,
    Table,
    ignored_table,
    known_names,
    old_table,
    table_of,
)
from importers.problems import Msg, Problem

# Keys under which the API shapes nest records of tables that are not read, other than the tables' own names.
NESTED_ALIASES = {"additional_urls": "url", "additional_websites": "url", "capacities": "service_capacity",
                  "taxonomy_detail": "taxonomy"}


@dataclass
class Record:
    table: str  # Table.name
    file: str
    row: str  # as the user finds it: "services[2]", "3" (a CSV row), "service.contacts[0]"
    values: dict[str, Any]
    valid: bool = True
    nested: bool = False  # taken out of another record (API shape): the same id may come again, and is merged

    @property
    def where(self) -> str:
        key = self.values.get("id") if isinstance(self.values, dict) else None
        if isinstance(key, str) and len(key) > 100:  # an id is at most 100 characters; do not echo a huge one
            key = key[:40] + "..."
        return self.row + (f" ({key})" if isinstance(key, str) and key else "")


@dataclass
class Input:
    """Everything read: rows per table, notices for the user, problems that refuse the input, the version."""

    label: str
    tables: dict[str, list[Record]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    version: str | None = None
    skipped: dict[str, int] = field(default_factory=dict)  # spec table name -> rows not read
    ids: dict[str, dict[str, Record]] = field(default_factory=dict)  # table -> id -> its first record
    shapes: set[str] = field(default_factory=set)  # what was read: "tabular JSON", "CSV data package", ...
    fields_of_31: bool = False  # a field that HSDS 3.1 added (service.last_modified) was seen

    def add(self, record: Record) -> Record:
        self.tables.setdefault(record.table, []).append(record)
        return record

    def skip(self, name: str, count: int) -> None:
        self.skipped[name] = self.skipped.get(name, 0) + count


# --- versions --------------------------------------------------------------------------------------------


def check_version(found: Input, file: str, version: Any) -> None:
    """Accept HSDS 3.0 and 3.1; read a later 3.x as 3.1 with a notice; refuse anything else."""
    text = str(version).strip() if isinstance(version, str | int | float) else ""
    parts = text.removeprefix("v").split(".")
    if not text or not all(part.isdigit() for part in parts[:2]):
        found.problems.append(Problem(file, None, "version", Msg(
            "expected an HSDS version such as 3.0 or 3.1, got {value}", value=repr(version)[:40])))
        return
    major, minor = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    found.version = f"{major}.{minor}"
    if found.version in SUPPORTED_VERSIONS:
        return
    if major == 3 and minor > 1:
        found.notices.append(Msg("{file} is HSDS {version}, newer than 3.1: read as HSDS 3.1 (what later versions "
                                 "added is not read)", file=file, version=text))
        return
    found.problems.append(Problem(file, None, "version", Msg(
        "this is HSDS {version}; wijkgraph reads HSDS 3.0 and 3.1 (convert the data to HSDS 3 first)",
        version=text)))


# --- tables ----------------------------------------------------------------------------------------------


def add_table(found: Input, key: str, rows: Any, file: str) -> None:
    """The rows of the table ``key`` (any spelling), or a problem or notice about it."""
    table = table_of(key)
    name = key.rsplit(".", 1)[0] if key.lower().endswith((".csv", ".json")) else key
    if table is None:
        skipped = ignored_table(key)
        if skipped is not None:
            found.skip(skipped, len(rows) if isinstance(rows, list) else 1)
        elif old_table(key):
            found.problems.append(Problem(file, None, None, Msg(
                "{name} is a table of HSDS 1 or 2; wijkgraph reads HSDS 3.0 and 3.1 (convert the data to HSDS 3 "
                "first)", name=key)))
        else:
            found.problems.append(Problem(file, None, None, Msg(
                "unknown HSDS table {name!r}; expected one of {tables}", name=key, tables=", ".join(known_names()))))
    elif not isinstance(rows, list):
        found.problems.append(Problem(file, None, name, Msg("expected an array of {name}, got {kind}", name=name,
                                                            kind=type(rows).__name__)))
    else:
        for index, row in enumerate(rows):
            add_object(found, table, row, file, f"{name}[{index}]")


def add_object(found: Input, table: Table, raw: Any, file: str, row: str, *, nested: bool = False) -> Record | None:
    """Add the row ``raw`` of ``table`` and, recursively, the records nested in it."""
    if not isinstance(raw, dict):
        return found.add(Record(table.name, file, row, raw, nested=nested))
    values = {key: value for key, value in raw.items() if key not in table.nested}
    found.fields_of_31 = found.fields_of_31 or any(key in raw for key in V31_FIELDS.get(table.name, ()))
    for key, how in table.nested.items():
        inner = raw.get(key)
        if inner is None or inner == [] or inner == {}:
            continue
        child = TABLE_BY_NAME[how.table]
        if how.parent:
            if isinstance(inner, dict):
                if values.get(how.link) in (None, ""):
                    values[how.link] = inner.get("id")
                add_object(found, child, inner, file, f"{row}.{key}", nested=True)
            else:
                found.problems.append(Problem(file, row, key, Msg("expected an object (one {name}), got {kind}",
                                                                  name=child.resource, kind=type(inner).__name__)))
            continue
        if not isinstance(inner, list):
            found.problems.append(Problem(file, row, key, Msg("expected an array of {name}, got {kind}",
                                                              name=key, kind=type(inner).__name__)))
            continue
        for index, item in enumerate(inner):
            if isinstance(item, dict):
                item = {**item, how.link: raw.get("id")}
                if how.entity:
                    item["link_entity"] = how.entity
            add_object(found, child, item, file, f"{row}.{key}[{index}]", nested=True)
    for key in raw.keys() - table.nested.keys() - table.fields.keys():
        name = NESTED_ALIASES.get(key) or ignored_table(key)
        if name is not None and isinstance(raw[key], list | dict) and raw[key]:  # records, not a field (url)
            found.skip(name, len(raw[key]) if isinstance(raw[key], list) else 1)
    return _merge(found, Record(table.name, file, row, values, nested=nested))


def _merge(found: Input, record: Record) -> Record:
    """Add ``record``, or fill in the first record with its id when either of them was nested."""
    key = record.values.get("id")
    if isinstance(key, str) and key:
        first = found.ids.setdefault(record.table, {}).get(key)
        if first is None:
            found.ids[record.table][key] = record
        elif record.nested or first.nested:
            _fill_in(found, first, record)
            return first
    return found.add(record)


def _fill_in(found: Input, first: Record, record: Record) -> None:
    """The fields ``first`` lacks, from ``record``; a field read that the two fill differently is a problem (the
    links to their parents may differ: a contact of the organization is also its service's)."""
    table = TABLE_BY_NAME[record.table]
    for name, value in record.values.items():
        if first.values.get(name) in (None, "") and value not in (None, ""):
            first.values[name] = value
        elif (name in table.fields and name not in table.refs and name not in ("link_id", "link_entity")
              and value not in (None, "") and value != first.values[name]):
            found.problems.append(Problem(record.file, record.where, name, Msg(
                "{kind} {key!r} comes again with another {field}: {value} here, {earlier} at {first}",
                kind=table.resource, key=record.values["id"], field=name, value=_shown(value),
                earlier=_shown(first.values[name]), first=first.where)))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
