"""Change a record of the sociale kaart in the app: edit, create, end. One validation for edits and imports.

Values arrive as form strings by column name and are parsed by the same column declarations as the spreadsheet
import (:data:`importers.kaart_sheets.SHEETS`, :func:`importers.fields.parse_cell`); derived properties follow
(``name_normalised``; ``phone_e164`` of a changed phone, which must be a valid number). Referenced keys (a team, a
wijk, an organisation) must exist. A refusal (:class:`EditRefused`, :class:`~importers.upkeep.changes.
VersionConflict`, :class:`~importers.upkeep.records.RecordMissing`) leaves the database as it was.

Each change is one transaction: lock the record, re-read it, compare its version with the one the editor read,
write, and write the audit entry (:func:`~importers.upkeep.changes.record_change`, before -> after).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph import records as cypher
from graph.load import lock_node
from graph.model import NODE_BY_LABEL, REL_BY_NAME
from graph.store import Store
from importers.destinations import NodeProperty, RelationshipEnd
from importers.fields import parse_cell
from importers.hsds_phones import e164
from importers.problems import N_, Msg
from importers.sheets import RelationshipPlan, SheetSpec
from importers.upkeep.changes import APP_SOURCE, Actor, VersionConflict, record_change
from importers.upkeep.records import (
    KIND_NAMES,
    PERIOD_KINDS,
    REMOVABLE_KINDS,
    Record,
    RecordMissing,
    find_rel,
    key_columns,
    key_of,
    read_in,
    sheet_of,
)

# What a referenced key names, in messages.
REF_NAMES = {"Team": N_("team"), "Wijk": N_("wijk"), "Organisation": N_("organisation"),
             "Municipality": N_("municipality"), "Professional": N_("professional"), "Expertise": N_("expertise")}
Problems = list[tuple[str | None, Msg]]
MAX_TEXT = 1000  # characters in one field: more is no contact detail (and Neo4j cannot index very long text)
Allowed = Callable[[frozenset[str]], bool]  # whether the editor may give a record these wijken


class EditRefused(ValueError):
    """The change was refused; nothing was written. ``problems``: (column or None for the whole record, message)."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("; ".join(f"{column}: {message}" if column else message for column, message in problems))
        self.problems = problems


class EditConflict(VersionConflict):
    """A version conflict that also says who changed the record last, and when (None: unknown, e.g. an import)."""

    def __init__(self, record: Record, edited_by: str | None, edited_at: Any) -> None:
        super().__init__(record.target, record.public()["values"], record.version)
        self.record, self.edited_by = record, edited_by
        self.edited_at = edited_at.to_native() if hasattr(edited_at, "to_native") else edited_at


class NotPermitted(PermissionError):
    """The change would give the record wijken the editor may not change (a coordinator moving a civil partner to
    another's wijk); nothing was written."""

    def __init__(self, record: Record) -> None:
        super().__init__(f"{record.target} would belong to {sorted(record.wijken)}")
        self.record = record


def _check_allowed(allowed: Allowed | None, record: Record) -> None:
    if allowed is not None and not allowed(record.wijken):
        raise NotPermitted(record)


# --- Validation ------------------------------------------------------------------------------------------------


def parse_values(tx: ManagedTransaction, kind: str, given: Mapping[str, str], current: Record | None
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the changed columns' parsed values, the record's values after the change); raises :class:`EditRefused`.

    ``current`` None: a new record, every column is read from ``given`` (missing ones are empty)."""
    spec = sheet_of(kind)
    names = [column.name for column in spec.columns]
    problems: Problems = [(name, Msg("unknown column; expected {columns}", columns=", ".join(names)))
                          for name in given if name not in names]
    before = current.values if current else {name: None for name in names}
    parsed: dict[str, Any] = {}
    for column in spec.columns:
        if column.name not in given and current is not None:
            continue
        text = (given.get(column.name) or "").strip()
        if len(text) > MAX_TEXT:
            problems.append((column.name, Msg("expected at most {most} characters, got {count}", most=MAX_TEXT,
                                              count=len(text))))
            continue
        if current is None and column.name in key_columns(kind) and not _fits_a_url(text):
            problems.append((column.name, Msg("expected a key without '/', '~', '?', '#' or control characters that "
                                              "does not end in .json, .csv or .xlsx, got {value!r}",
                                              value=text[:40])))
            continue
        value, problem = parse_cell(column, text)
        if problem:
            problems.append((column.name, Msg(problem) if not isinstance(problem, Msg) else problem))
        elif current is not None and column.name in key_columns(kind) and value != before[column.name]:
            problems.append((column.name, Msg("the key cannot be changed: end this record and add a new one")))
        else:
            parsed[column.name] = value
    after = {**before, **parsed}
    if not problems:
        problems += _row_problems(spec, after)
        problems += _reference_problems(tx, spec, parsed)
    if problems:
        raise EditRefused(problems)
    changed = {name: value for name, value in parsed.items() if current is None or value != before[name]}
    return changed, after


def _fits_a_url(text: str) -> bool:
    """Whether a new record's key can be part of its page's URL (``/kaart/{kind}/{key}``)."""
    return not (any(char in "/~?#" or ord(char) < 32 or ord(char) == 127 for char in text)
                or text.endswith((".json", ".csv", ".xlsx")))


def _row_problems(spec: SheetSpec, values: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    if spec.one_of and sum(values.get(name) is not None for name in spec.one_of) != 1:
        problems.append((" or ".join(spec.one_of), Msg("exactly one of {columns} must be filled",
                                                       columns=" and ".join(spec.one_of))))
    if spec.pair and values.get(spec.pair[0]) is not None and values.get(spec.pair[0]) == values.get(spec.pair[1]):
        problems.append((spec.pair[1], Msg("expected another {kind} than in column {column}: {value!r} cannot "
                                           "neighbour itself", kind=(spec.column(spec.pair[1]).ref or "key").lower(),
                                           column=spec.pair[0], value=values[spec.pair[0]])))
    since, until = values.get("since"), values.get("until")
    if since and until and until < since:
        problems.append(("until", Msg("expected a date on or after since ({since})", since=since)))
    return problems


def _reference_problems(tx: ManagedTransaction, spec: SheetSpec, parsed: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    for column in spec.columns:
        value = parsed.get(column.name)
        if not column.ref or value in (None, []):
            continue
        keys = value if isinstance(value, list) else [value]
        missing = [key for key in keys if key not in cypher.existing(tx, column.ref, keys)]
        if missing:
            problems.append((column.name, Msg("expected the key of an existing {kind}, got {value!r}",
                                              kind=Msg(REF_NAMES.get(column.ref, column.ref.lower())),
                                              value=missing[0])))
    return problems


def _node_props(spec: SheetSpec, changed: Mapping[str, Any]) -> tuple[dict[str, Any], Problems]:
    """The node properties the changed columns set (derived ones too: name_normalised, phone_e164)."""
    props: dict[str, Any] = {}
    for column in spec.columns:
        if column.name not in changed:
            continue
        value = changed[column.name]
        for destination in column.destinations:
            if isinstance(destination, NodeProperty):
                derived = destination.derive(value) if destination.derive and value is not None else value
                props[destination.name or column.name] = derived
    model = {prop.name for prop in NODE_BY_LABEL[spec.node or ""].properties}
    if "phone" in changed and "phone_e164" in model:
        if changed["phone"] is None:
            props["phone_e164"] = None
        else:
            number, problem = e164(changed["phone"])
            if problem:
                return props, [("phone", Msg(problem) if not isinstance(problem, Msg) else problem)]
            props["phone_e164"] = number
    return props, []


def _relationship_ends(spec: SheetSpec) -> list[tuple[str, RelationshipPlan]]:
    """(column, plan) of the relationships from the sheet's node whose end a column names."""
    return [(column.name, plan) for column in spec.columns for destination in column.destinations
            if isinstance(destination, RelationshipEnd)
            for plan in spec.relationships if plan.end == column.name and plan.start is None]


def _write_ends(tx: ManagedTransaction, spec: SheetSpec, key: str, before: Mapping[str, Any],
                changed: Mapping[str, Any], by: str) -> None:
    for column, plan in _relationship_ends(spec):
        if column not in changed:
            continue
        old = set(_as_list(before.get(column)))
        new = set(_as_list(changed[column]))
        for end in sorted(old - new):
            cypher.delete_rel(tx, plan.name, key, end)
        for end in sorted(new - old):
            cypher.create_rel(tx, plan.name, key, end, {}, by, APP_SOURCE)


def _as_list(value: Any) -> list[Any]:
    return [] if value is None else list(value) if isinstance(value, list) else [value]


# --- Transactions ----------------------------------------------------------------------------------------------


def _locked(tx: ManagedTransaction, kind: str, key: str, version: str | None) -> tuple[Record, dict[str, Any]]:
    """Lock the record, re-read it and compare its version; (the record, its raw properties)."""
    spec = sheet_of(kind)
    if spec.node is not None:
        lock_node(tx, spec.node, key)
        props = cypher.node_properties(tx, spec.node, key)
    else:
        found = find_rel(tx, kind, key)
        if found is not None:
            plan, start, _, _ = found
            lock_node(tx, REL_BY_NAME[plan.name].start, start)
        found = find_rel(tx, kind, key)
        props = found[3] if found else None
    record = read_in(tx, kind, key)
    if record is None or props is None:
        raise RecordMissing(kind, key)
    if version is not None and version != record.version:
        raise EditConflict(record, props.get("edited_by"), props.get("edited_at"))
    return record, props


def edit_in(tx: ManagedTransaction, actor: Actor, kind: str, key: str, values: Mapping[str, str], version: str,
            resource: str, allowed: Allowed | None = None) -> Record:
    """Change the columns in ``values`` of the record in ``tx`` (see :func:`apply_edit`)."""
    current, _ = _locked(tx, kind, key, version)
    spec = sheet_of(kind)
    changed, _ = parse_values(tx, kind, values, current)
    if not changed:
        return current
    if spec.node is not None:
        props, problems = _node_props(spec, changed)
        if problems:
            raise EditRefused(problems)
        cypher.set_node(tx, spec.node, key, props, actor.name)
        _write_ends(tx, spec, key, current.values, changed, actor.name)
    else:
        found = find_rel(tx, kind, key)
        assert found is not None
        plan, start, end, _ = found
        props = {prop: changed[column] for column, prop in plan.properties if column in changed}
        cypher.set_rel(tx, plan.name, start, end, props, actor.name)
    after = read_in(tx, kind, key)
    assert after is not None
    _check_allowed(allowed, after)
    record_change(tx, actor, "edit", current.target, resource, current.values, after.values,
                  current.wijken | after.wijken)
    return after


def create_in(tx: ManagedTransaction, actor: Actor, kind: str, values: Mapping[str, str], resource: str,
              allowed: Allowed | None = None) -> Record:
    """Create the record in ``tx`` (see :func:`create_record`)."""
    spec = sheet_of(kind)
    changed, after = parse_values(tx, kind, values, None)
    key = key_of(kind, after)
    if read_in(tx, kind, key) is not None:
        raise EditRefused([(key_columns(kind)[0], Msg("there is already a {kind} {key!r}: change that one instead",
                                                      kind=Msg(KIND_NAMES[kind]), key=key))])
    if spec.node is not None:
        props, problems = _node_props(spec, changed)
        if problems:
            raise EditRefused(problems)
        cypher.create_node(tx, spec.node, props, actor.name, APP_SOURCE)
        _write_ends(tx, spec, key, {}, changed, actor.name)
    else:
        plan = next(plan for plan in spec.relationships
                    if after.get(plan.start or "") is not None and after.get(plan.end) is not None)
        start, end = after[plan.start or ""], after[plan.end]
        if spec.pair:
            start, end = sorted((start, end))
        props = {prop: after[column] for column, prop in plan.properties}
        cypher.create_rel(tx, plan.name, start, end, props, actor.name, APP_SOURCE)
    record = read_in(tx, kind, key)
    assert record is not None
    _check_allowed(allowed, record)
    record_change(tx, actor, "create", record.target, resource, None, record.values, record.wijken)
    return record


def end_in(tx: ManagedTransaction, actor: Actor, kind: str, key: str, until: dt.date, version: str,
           resource: str) -> Record:
    """End the record in ``tx`` (see :func:`end_record`)."""
    current, _ = _locked(tx, kind, key, version)
    if kind in REMOVABLE_KINDS:
        found = find_rel(tx, kind, key)
        assert found is not None
        plan, start, end, _ = found
        cypher.delete_rel(tx, plan.name, start, end, directed=kind != "neighbour")
        record_change(tx, actor, "remove", current.target, resource, current.values, None, current.wijken)
        return current
    if kind not in PERIOD_KINDS:
        raise EditRefused([(None, Msg("a {kind} has no end date: end its team memberships and wijk work instead",
                                      kind=Msg(KIND_NAMES[kind])))])
    since = current.values.get("since")
    if since and until < since:
        raise EditRefused([("until", Msg("expected a date on or after since ({since})", since=since))])
    spec = sheet_of(kind)
    if spec.node is not None:
        cypher.set_node(tx, spec.node, key, {"until": until, "status": "ended"}, actor.name)
    else:
        found = find_rel(tx, kind, key)
        assert found is not None
        plan, start, end, _ = found
        cypher.set_rel(tx, plan.name, start, end, {"until": until}, actor.name)
    after = read_in(tx, kind, key)
    assert after is not None
    record_change(tx, actor, "end", current.target, resource, current.values, after.values, current.wijken)
    return after


# --- The store's side -------------------------------------------------------------------------------------------


def apply_edit(store: Store, actor: Actor, kind: str, key: str, values: Mapping[str, str], version: str,
               resource: str, allowed: Allowed | None = None) -> Record:
    """Change the columns given in ``values`` (form strings by column name) of the record, if it still has
    ``version``; returns the record as it is now. Raises :class:`EditRefused`, ``VersionConflict`` or
    ``RecordMissing``; then nothing was written. ``allowed``: whether the editor may give the record the wijken it
    has after the change (else :class:`NotPermitted`, nothing written)."""
    return store.in_write_transaction(lambda tx: edit_in(tx, actor, kind, key, values, version, resource, allowed))


def create_record(store: Store, actor: Actor, kind: str, values: Mapping[str, str], resource: str,
                  allowed: Allowed | None = None) -> Record:
    """Create a record from ``values`` (form strings by column name) with source ``wijkgraph:app``."""
    return store.in_write_transaction(lambda tx: create_in(tx, actor, kind, values, resource, allowed))


def end_record(store: Store, actor: Actor, kind: str, key: str, until: dt.date, version: str,
               resource: str) -> Record:
    """End the record: a membership, wijk work or agreement gets ``until`` (an agreement also status ``ended``);
    expertise and a neighbour pair are removed (the audit entry keeps what they were)."""
    return store.in_write_transaction(lambda tx: end_in(tx, actor, kind, key, until, version, resource))
