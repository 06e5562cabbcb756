"""The records of the sociale kaart that the app changes: their kinds, keys, values and wijken.

A record has a ``kind`` (:data:`KINDS`) and a ``key`` (a URL-safe string). Its values are those of the row of the
spreadsheet sheet that describes it (:mod:`importers.kaart_sheets`): the same column names, so an edit is validated
by the same column declarations as an import. A record of a relationship (a membership, wijk work, expertise, a
neighbour pair) has the key ``<start>~<end>``.

| kind | what | key | sheet |
|---|---|---|---|
| professional | Professional node | its id | professionals |
| organisation | Organisation node | its id | organisations |
| civil_partner | CivilPartner node with its wijken | its id | civil_partners |
| membership | MEMBER_OF (ring 1) | ``<professional_id>~<team_id>`` | memberships |
| wijk_work | WORKS_IN a wijk or municipality (ring 2) | ``<professional_id>~<code>`` | wijk_work |
| expertise | HAS_EXPERTISE / OFFERS | ``<professional or organisation id>~<EXPERTISE>`` | expertise |
| agreement | Agreement node | its id | agreements |
| neighbour | NEIGHBOURS | ``<wijk>~<wijk>`` (sorted) | neighbours |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from graph import records as cypher
from graph.model import NODE_BY_LABEL, REL_BY_NAME
from graph.store import Store
from importers.destinations import NodeProperty, RelationshipEnd
from importers.kaart_sheets import SHEET_BY_NAME
from importers.problems import N_
from importers.sheets import RelationshipPlan, SheetSpec
from importers.upkeep.changes import plain_value, version_of

KEY_SEPARATOR = "~"
SHEET_OF = {"professional": "professionals", "organisation": "organisations", "civil_partner": "civil_partners",
            "membership": "memberships", "wijk_work": "wijk_work", "expertise": "expertise",
            "agreement": "agreements", "neighbour": "neighbours"}
KINDS: tuple[str, ...] = tuple(SHEET_OF)
NODE_KINDS = ("professional", "organisation", "civil_partner", "agreement")
PERIOD_KINDS = ("membership", "wijk_work", "agreement")  # ended with an end date (until)
REMOVABLE_KINDS = ("expertise", "neighbour")  # no period: ended by removing them
# What a kind is called in messages (English ids; api/labels.py kind "record" shows them on pages).
KIND_NAMES = {"professional": N_("professional"), "organisation": N_("organisation"),
              "civil_partner": N_("civil partner"), "membership": N_("team membership"),
              "wijk_work": N_("wijk work"), "expertise": N_("expertise"), "agreement": N_("agreement"),
              "neighbour": N_("neighbouring wijk")}

# Which wijken a record belongs to (who may change it): fixed queries, one per kind of thing.
_PROFESSIONAL_WIJKEN = (
    "MATCH (p:Professional {id: $key}) "
    "RETURN COLLECT { MATCH (p)-[:WORKS_IN]->(w:Wijk) RETURN w.code } "
    "+ COLLECT { MATCH (p)-[:WORKS_IN]->(:Municipality)<-[:IN_MUNICIPALITY]-(w:Wijk) RETURN w.code } "
    "+ COLLECT { MATCH (p)-[:MEMBER_OF]->(:Team)-[:SERVES]->(w:Wijk) RETURN w.code } AS wijken")
# An organisation belongs to the wijken of the municipalities it serves and to those of the teams it has an active
# agreement with (the same contacts of a wijk as freshness.cypher counts).
_ORGANISATION_WIJKEN = (
    "MATCH (o:Organisation {id: $key}) "
    "RETURN COLLECT { MATCH (o)-[:SERVES_MUNICIPALITY]->(:Municipality)<-[:IN_MUNICIPALITY]-(w:Wijk) "
    "RETURN w.code } + COLLECT { MATCH (o)<-[:WITH_ORGANISATION]-(:Agreement {status: 'active'})-[:OF_TEAM]->"
    "(:Team)-[:SERVES]->(w:Wijk) RETURN w.code } AS wijken")
_TEAM_WIJKEN = "MATCH (t:Team {id: $key}) RETURN COLLECT { MATCH (t)-[:SERVES]->(w:Wijk) RETURN w.code } AS wijken"
_PLACE_WIJKEN = (  # a wijk code, or a municipality's code: its wijken
    "RETURN COLLECT { MATCH (w:Wijk {code: $key}) RETURN w.code } "
    "+ COLLECT { MATCH (:Municipality {code: $key})<-[:IN_MUNICIPALITY]-(w:Wijk) RETURN w.code } AS wijken")
_WIJKEN = "UNWIND $keys AS key MATCH (w:Wijk {code: key}) RETURN collect(w.code) AS wijken"
_WIJKEN_OF_LABEL = {"Professional": _PROFESSIONAL_WIJKEN, "Organisation": _ORGANISATION_WIJKEN}


class UnknownKind(LookupError):
    """No such kind of record."""


class RecordMissing(LookupError):
    """There is no record of ``kind`` with ``key`` (nothing was written)."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"there is no {kind} {key}")
        self.kind, self.key = kind, key


@dataclass(frozen=True)
class Record:
    """One record as an editor sees it: its values by column name (parsed: dates, lists), its version (send it
    back with a change), the wijken it belongs to and a display name."""

    kind: str
    key: str
    values: dict[str, Any]
    version: str
    wijken: frozenset[str]
    label: str

    @property
    def target(self) -> str:
        """How the audit log names it: ``professional P-0001``."""
        return f"{self.kind} {self.key}"

    def public(self) -> dict[str, Any]:
        """The JSON form: values as JSON holds them."""
        return {"kind": self.kind, "key": self.key, "values": {k: plain_value(v) for k, v in self.values.items()},
                "version": self.version, "wijken": sorted(self.wijken), "label": self.label}


def sheet_of(kind: str) -> SheetSpec:
    if kind not in SHEET_OF:
        raise UnknownKind(kind)
    return SHEET_BY_NAME[SHEET_OF[kind]]


def key_columns(kind: str) -> tuple[str, ...]:
    """The columns whose values make the record's key (in key order)."""
    spec = sheet_of(kind)
    if spec.key:
        return (spec.key,)
    if kind == "expertise":
        return ("professional_id", "organisation_id", "expertise")  # one of the first two is filled
    if kind == "wijk_work":
        return ("professional_id", "wijk_code", "municipality_code")
    return spec.unique


def key_of(kind: str, values: Mapping[str, Any]) -> str:
    """The key of the record with ``values`` (a pair of wijken sorted)."""
    parts = [str(values[name]) for name in key_columns(kind) if values.get(name) not in (None, "")]
    if kind == "neighbour":
        parts.sort()
    return KEY_SEPARATOR.join(parts)


def split_key(kind: str, key: str) -> tuple[str, str] | None:
    """(start, end) of a relationship record's key; None when it is not of that form."""
    parts = key.split(KEY_SEPARATOR)
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]


def _node_values(spec: SheetSpec, props: Mapping[str, Any], tx: ManagedTransaction, key: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in spec.columns:
        for destination in column.destinations:
            if isinstance(destination, NodeProperty) and destination.derive is None:
                values[column.name] = _plain(props.get(destination.name or column.name))
            elif isinstance(destination, RelationshipEnd):
                plan = next(p for p in spec.relationships if p.end == column.name)
                ends = cypher.rel_ends(tx, plan.name, key)
                values[column.name] = ends if column.kind == "list" else (ends[0] if ends else None)
    return values


def _plain(value: Any) -> Any:
    """Neo4j dates as Python dates."""
    return value.to_native() if hasattr(value, "to_native") else value


def find_rel(tx: ManagedTransaction, kind: str, key: str) -> tuple[RelationshipPlan, str, str,
                                                                   dict[str, Any]] | None:
    """The relationship a relationship record's key names: (its plan, start, end, its properties)."""
    pair = split_key(kind, key)
    if pair is None:
        return None
    start, end = pair
    for plan in sheet_of(kind).relationships:
        props = cypher.rel_properties(tx, plan.name, start, end, directed=kind != "neighbour")
        if props is not None:
            return plan, start, end, props
    return None


def read_in(tx: ManagedTransaction, kind: str, key: str) -> Record | None:
    """The record as it is in ``tx`` (None: there is none)."""
    spec = sheet_of(kind)
    if spec.node is not None:
        props = cypher.node_properties(tx, spec.node, key)
        if props is None:
            return None
        values = _node_values(spec, props, tx, key)
        name = values.get("name") or values.get("topic") or key
    else:
        found = find_rel(tx, kind, key)
        if found is None:
            return None
        plan, start, end, props = found
        values = {column.name: None for column in spec.columns}
        values[plan.start or ""] = start
        values[plan.end] = end
        values.update({column: _plain(props.get(prop)) for column, prop in plan.properties})
        if kind == "neighbour":
            values["wijk"], values["neighbour"] = sorted((start, end))
        name = " · ".join(_name_of(tx, label, value) for label, value in (
            (REL_BY_NAME[plan.name].start, start), (REL_BY_NAME[plan.name].end, end)))
    return Record(kind, key, values, version_of(values), wijken_in(tx, kind, values), str(name))


def _name_of(tx: ManagedTransaction, label: str, key: str) -> str:
    props = cypher.node_properties(tx, label, key) or {}
    return str(props.get("name") or key)


def wijken_in(tx: ManagedTransaction, kind: str, values: Mapping[str, Any]) -> frozenset[str]:
    """The wijken a record with ``values`` belongs to: a coordinator of one of them may change it."""
    def run(query: str, **params: Any) -> set[str]:
        row = tx.run(query, params).single()  # fixed module constants
        return set(row["wijken"]) if row else set()

    if kind in ("professional", "organisation"):
        return frozenset(run(_WIJKEN_OF_LABEL[NODE_BY_LABEL[sheet_of(kind).node or ""].label], key=values["id"]))
    if kind == "civil_partner":
        return frozenset(run(_WIJKEN, keys=list(values.get("wijk_codes") or [])))
    if kind in ("membership", "agreement"):
        return frozenset(run(_TEAM_WIJKEN, key=values.get("team_id")))
    if kind == "wijk_work":
        return frozenset(run(_PLACE_WIJKEN, key=values.get("wijk_code") or values.get("municipality_code")))
    if kind == "expertise":
        if values.get("professional_id"):
            return frozenset(run(_PROFESSIONAL_WIJKEN, key=values["professional_id"]))
        return frozenset(run(_ORGANISATION_WIJKEN, key=values.get("organisation_id")))
    if kind == "neighbour":
        return frozenset(run(_WIJKEN, keys=[values.get("wijk"), values.get("neighbour")]))
    raise UnknownKind(kind)


def read_record(store: Store, kind: str, key: str) -> Record | None:
    """The record ``kind`` ``key`` as it is now, or None."""
    sheet_of(kind)
    return store.in_write_transaction(lambda tx: read_in(tx, kind, key))


def wijken_of(store: Store, kind: str, key: str) -> frozenset[str]:
    """The wijken of the record (empty when there is none or it belongs to no wijk yet)."""
    record = read_record(store, kind, key)
    return frozenset() if record is None else record.wijken


def wijken_for(store: Store, kind: str, values: Mapping[str, Any]) -> frozenset[str]:
    """The wijken a record with these (parsed) values would belong to (for a new record)."""
    return store.in_write_transaction(lambda tx: wijken_in(tx, kind, values))
