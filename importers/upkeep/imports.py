"""Imports and edits in the app live together: the transform step between an import's plan and its load.

An edit in the app belongs to the app. Before an import writes, :func:`keep_app_changes` reads (in bulk, one indexed
lookup per key, only the touched records come back) which records of the plan the app has touched, and decides per
record by the **newest verification**:

- the app's date of a record is the later of the date of ``edited_at`` and ``last_verified`` when ``verified_by`` is
  not the import's (what the app created and never edited counts from its ``firstseen``);
- the file's row wins only when its ``last_verified`` is newer than that date (no ``last_verified``: older; a tie
  goes to the app): then it is written as it is;
- otherwise the row is rewritten to the stored values for every column that differs, and each such column is a
  :class:`Conflict` in the import's report (file and sheet, row, key, column, kept value, file value, who edited or
  verified it and when).

It applies to the records the app edits: professionals, organisations, civil partners, agreements and teams (with
the relationships their own row writes: a professional's ``organisation_id``, a civil partner's ``wijk_codes``),
memberships (ring 1) and wijk work (ring 2): an ``until`` set in the app is not cleared by an older file.
Relationship rows carry no verification date, so an edited membership keeps its values until it is edited again.
An import of records nobody touched in the app is not changed at all.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from graph.edited import ends_of, touched_nodes, touched_relationships
from graph.load import APP_SOURCE
from graph.model import NODE_BY_LABEL, REL_BY_NAME
from importers.upkeep.changes import plain_value

if TYPE_CHECKING:
    from graph.store import Store

NODE_KINDS = {"Professional": "professional", "Organisation": "organisation", "CivilPartner": "civil_partner",
              "Agreement": "agreement", "Team": "team"}
REL_KINDS = {"member_of": "membership", "works_in_wijk": "wijk_work", "works_in_municipality": "wijk_work"}
# Derived from another column (the name, the phone): kept with it, never a conflict of their own.
DERIVED = frozenset({"name_normalised", "phone_e164"})
KEY_SEPARATOR = "~"  # a relationship's key: <start>~<end> (importers.upkeep.records)


# Per label: (relationship declaration, column) of the links a node's own row writes, part of its record: what the
# kaart sheets declare (importers.kaart_sheets; written out here, which the pipeline imports and the sheets cannot:
# tests/test_upkeep_imports.py keeps the two equal), and the types graph.load.PART_OF_START keeps with the node.
OWN_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "Organisation": (("organisation_serves", "municipalities"),),
    "Team": (("team_municipality", "municipality_code"), ("team_serves", "wijk_codes")),
    "Professional": (("employed_by", "organisation_id"),),
    "Agreement": (("agreement_team", "team_id"), ("agreement_organisation", "organisation_id"),
                  ("agreement_expertise", "expertise")),
    "CivilPartner": (("civil_active_in", "wijk_codes"),),
}
CSV_HEADER = ("file", "row", "kind", "key", "column", "kept", "file_value", "by", "at")

Locator = Callable[[str, Any], "tuple[str, int] | None"]  # (label or relationship name, key) -> (file, row)


class Plan(Protocol):
    """The rows of an import plan (:class:`importers.pipeline.Plan`) as this step reads and rewrites them."""

    nodes: dict[str, list[dict[str, Any]]]
    relationships: dict[str, list[dict[str, Any]]]


@dataclass(frozen=True, order=True)
class Conflict:
    """A value of the file that the import did not write, because the app's is newer."""

    file: str  # the file and sheet of the row, as problems name it ("kaart.xlsx, sheet professionals")
    row: int | None  # the row as the user sees it (None: the importer cannot tell)
    kind: str  # professional, membership, ... (importers.upkeep.records)
    key: str
    column: str
    kept: str  # the stored value, kept (as text: lists joined with ';', dates ISO)
    file_value: str
    by: str  # who edited or verified it in the app
    at: str  # when (ISO date)

    def csv_row(self) -> list[str]:
        return [self.file, "" if self.row is None else str(self.row), self.kind, self.key, self.column, self.kept,
                self.file_value, self.by, self.at]


def write_conflicts(path: Path, conflicts: Iterable[Conflict]) -> int:
    """Write the conflicts as CSV (:data:`CSV_HEADER`); returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for conflict in conflicts:
            writer.writerow(conflict.csv_row())
            count += 1
    return count


@dataclass(frozen=True)
class _Owner:
    """Whose values a touched record holds: the app's date, who, and where the file's row is."""

    date: dt.date | None
    by: str
    file: str
    row: int | None

    def wins_over(self, file_verified: Any) -> bool:
        """True when the app's values stay: the file's row is not verified later than the app's date."""
        if not isinstance(file_verified, dt.date):
            return True
        return self.date is not None and file_verified <= self.date


def keep_app_changes(store: Store, plan: Plan, source: str, label: str) -> list[Conflict]:
    """Rewrite ``plan`` so that the import keeps what the app changed later than the file; return the conflicts.

    ``label`` names the file when the plan cannot say which row a record came from (``plan.where``)."""
    where: Locator = getattr(plan, "where", None) or (lambda name, key: None)
    conflicts: list[Conflict] = []
    for node_label, kind in NODE_KINDS.items():
        rows = plan.nodes.get(node_label)
        if rows:
            conflicts += _keep_nodes(store, plan, node_label, kind, rows, source, label, where)
    for name, kind in REL_KINDS.items():
        rel_rows = plan.relationships.get(name)
        if rel_rows:
            conflicts += _keep_relationships(store, name, kind, rel_rows, source, label, where)
    return sorted(conflicts, key=lambda c: (c.file, c.row or 0, c.key, c.column))


def _keep_nodes(store: Store, plan: Plan, label: str, kind: str, rows: list[dict[str, Any]], source: str,
                file_label: str, where: Locator) -> list[Conflict]:
    node = NODE_BY_LABEL[label]
    touched = touched_nodes(store, label, (row[node.key] for row in rows), source)
    if not touched:
        return []
    conflicts: list[Conflict] = []
    kept: dict[Any, _Owner] = {}
    for row in rows:
        stored = touched.get(row[node.key])
        if stored is None:
            continue
        owner = _owner(stored, source, where(label, row[node.key]), file_label)
        if not owner.wins_over(row.get("last_verified")):
            continue
        kept[row[node.key]] = owner
        conflicts += _rewrite(row, node.properties, stored, owner, kind, str(row[node.key]))
    for name, column in OWN_LINKS.get(label, ()):
        conflicts += _keep_links(store, plan, name, column, kind, kept)
    return conflicts


def _keep_links(store: Store, plan: Plan, name: str, column: str, kind: str, kept: Mapping[Any, _Owner]
                ) -> list[Conflict]:
    """The relationships a kept record's own row writes (its organisation, its wijken): the stored ones stay. An
    importer that writes none of them (no such column) says nothing about them."""
    if not kept or name not in plan.relationships:
        return []
    assert not REL_BY_NAME[name].properties, name  # only the ends make such a link
    rows = plan.relationships.get(name, [])
    stored = ends_of(store, name, kept)
    in_file: dict[Any, set[Any]] = {}
    for row in rows:
        if row["start"] in kept:
            in_file.setdefault(row["start"], set()).add(row["end"])
    differ = {key for key in kept if stored.get(key, set()) != in_file.get(key, set())}
    if not differ:
        return []
    plan.relationships[name] = [row for row in rows if row["start"] not in differ] + [
        {"start": key, "end": end} for key in sorted(differ, key=str) for end in sorted(stored.get(key, ()), key=str)]
    return [_conflict(kept[key], kind, str(key), column, sorted(stored.get(key, ()), key=str),
                      sorted(in_file.get(key, ()), key=str)) for key in differ]


def _keep_relationships(store: Store, name: str, kind: str, rows: Sequence[dict[str, Any]], source: str,
                        file_label: str, where: Locator) -> list[Conflict]:
    rel = REL_BY_NAME[name]
    touched = touched_relationships(store, name, ((row["start"], row["end"]) for row in rows))
    conflicts: list[Conflict] = []
    for row in rows if touched else ():
        pair = (row["start"], row["end"])
        stored = touched.get(pair)
        if stored is None:
            continue
        owner = _owner(stored, source, where(name, pair), file_label)
        if owner.wins_over(row.get("last_verified")):
            conflicts += _rewrite(row, rel.properties, stored, owner, kind, f"{pair[0]}{KEY_SEPARATOR}{pair[1]}")
    return conflicts


def _rewrite(row: dict[str, Any], properties: Iterable[Any], stored: Mapping[str, Any], owner: _Owner, kind: str,
             key: str) -> list[Conflict]:
    """Set every property of ``row`` to its stored value; the columns the file gave otherwise are conflicts."""
    conflicts = []
    for prop in properties:
        value = stored.get(prop.name)
        if prop.name in row:
            if _same(row[prop.name], value):
                continue
            if prop.name not in DERIVED:
                conflicts.append(_conflict(owner, kind, key, prop.name, value, row[prop.name]))
        elif value is None:
            continue  # the file does not give it and nothing is stored: the load writes nothing either
        row[prop.name] = _native(value)
    return conflicts


def _conflict(owner: _Owner, kind: str, key: str, column: str, kept: Any, file_value: Any) -> Conflict:
    return Conflict(owner.file, owner.row, kind, key, column, _text(kept), _text(file_value), owner.by,
                    owner.date.isoformat() if owner.date else "")


def _owner(stored: Mapping[str, Any], source: str, place: tuple[str, int] | None, file_label: str) -> _Owner:
    """The app's date of a stored record and who set it: the later of its edit and a verification not by an
    import; what the app created and never edited counts from its creation."""
    dates: list[tuple[dt.date, str]] = []
    if stored.get("edited_at") is not None:
        dates.append((_day(stored["edited_at"]), str(stored.get("edited_by") or "")))
    verified_by = stored.get("verified_by")
    if verified_by and verified_by != source and stored.get("last_verified") is not None:
        dates.append((_day(stored["last_verified"]), str(verified_by)))
    if not dates and stored.get("source") == APP_SOURCE and stored.get("firstseen") is not None:
        dates.append((_day(stored["firstseen"]), APP_SOURCE))
    date, by = max(dates, key=lambda item: item[0]) if dates else (None, str(verified_by or ""))
    file, row = place if place is not None else (file_label, None)
    return _Owner(date, by, file, row)


def _day(value: Any) -> dt.date:
    """The date of a Neo4j or Python date or datetime (a datetime's own time zone: the app writes UTC)."""
    native = value.to_native() if hasattr(value, "to_native") else value
    return native.date() if isinstance(native, dt.datetime) else native


def _native(value: Any) -> Any:
    if isinstance(value, list):
        return [_native(item) for item in value]
    return value.to_native() if hasattr(value, "to_native") else value


def _same(first: Any, second: Any) -> bool:
    return bool(plain_value(first) == plain_value(second))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ";".join(_text(item) for item in value)
    plain = plain_value(value)
    return str(plain)


class LocatedRow(Protocol):
    """A parsed row that knows where it is (:class:`importers.kaart.ParsedRow`)."""

    number: int
    values: dict[str, Any]

    @property
    def sheet(self) -> Any: ...  # has .file


def rows_locator(parsed: Mapping[str, Sequence[LocatedRow]], sheets: Sequence[Any]) -> Locator:
    """Where a record of the plan came from, for the conflict report: (file and sheet, row). ``sheets`` are the
    importer's sheet declarations (:class:`importers.sheets.SheetSpec`). The index of a label or relationship is
    built on its first conflict, from the rows the importer still holds."""
    index: dict[str, dict[Any, tuple[str, int]]] = {}

    def where(name: str, key: Any) -> tuple[str, int] | None:
        if name not in index:
            found: dict[Any, tuple[str, int]] = {}
            index[name] = found
            for spec in sheets:
                links = [rel for rel in spec.relationships if rel.name == name]
                if spec.node != name and not links:
                    continue
                for row in parsed.get(spec.name, ()):
                    place = (row.sheet.file, row.number)
                    if spec.node == name and spec.key:
                        found.setdefault(row.values[spec.key], place)
                    for rel in links:
                        starts = _listed(row.values[rel.start]) if rel.start else [row.values[spec.key or ""]]
                        for start in starts:
                            for end in _listed(row.values[rel.end]):
                                found.setdefault((start, end), place)
        return index[name].get(key)

    return where


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
