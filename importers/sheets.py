"""A sheet of tabular input declared once: its columns, its keys, and how a row becomes graph rows.

A :class:`SheetSpec` checks its columns against :mod:`graph.model` when it is declared (a property
the model does not have, a relationship without an end, a start column of the wrong label raise
:class:`DeclarationError` at import time), fills in what follows from the model (the label each
reference column names, the sheet's unique key) and turns a parsed row into node and relationship
rows with :func:`plan_row`. Nothing in it is specific to the sociale kaart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from graph.model import NODE_BY_LABEL, REL_BY_NAME, Prop
from importers.destinations import (
    Destination,
    NodeProperty,
    RelationshipEnd,
    RelationshipProperty,
    RelationshipStart,
)
from importers.fields import Column

if TYPE_CHECKING:
    from importers.pipeline import Plan


class DeclarationError(ValueError):
    """A sheet declaration that does not fit the model: a programming error, raised at import time."""


Fail = Callable[[str], DeclarationError]


@dataclass(frozen=True)
class RelationshipPlan:
    """How one relationship of a sheet is filled: which columns hold its start, end and properties."""

    name: str
    start: str | None  # the column; None: the key of the row's own node
    end: str
    properties: tuple[tuple[str, str], ...]  # (column, property)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    node: str | None = None  # the label every row becomes; its key column defines keys others may refer to
    unique: tuple[str, ...] = ()  # columns whose values together may occur once; default: the node's key
    one_of: tuple[str, ...] = ()  # exactly one of these columns must be filled
    # Two columns naming an unordered pair of keys (neighbouring wijken): a row may not pair a key with
    # itself, the smaller key is the start, and a pair given twice or both ways is one relationship.
    pair: tuple[str, ...] = ()
    ring: int | None = None  # the ring of the wijkteam model the sheet describes, for the docs
    description: str = ""
    relationships: tuple[RelationshipPlan, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        def fail(message: str) -> DeclarationError:
            return DeclarationError(f"sheet {self.name}: {message}")

        if self.node is not None and self.node not in NODE_BY_LABEL:
            raise fail(f"unknown label {self.node!r}")
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise fail("a column is declared twice")
        columns = tuple(_resolve(self, column, fail) for column in self.columns)
        object.__setattr__(self, "columns", columns)
        if self.key is not None:
            key_column = self.column(self.key) if self.key in names else None
            if key_column is None or NodeProperty(self.key) not in key_column.destinations:
                raise fail(f"the key {self.key!r} of {self.node} needs a column that goes to it")
            if not self.unique:
                object.__setattr__(self, "unique", (self.key,))
        if self.pair and len(self.pair) != 2:
            raise fail("a pair names two columns")
        for name in (*self.unique, *self.one_of, *self.pair):
            if name not in names:
                raise fail(f"unknown column {name!r} in unique, one_of or pair")
        if not self.unique:
            raise fail("declare the columns whose values are unique")
        object.__setattr__(self, "relationships", _relationship_plans(self, fail))

    @property
    def key(self) -> str | None:
        """The column that holds the key of the row's node."""
        return NODE_BY_LABEL[self.node].key if self.node else None

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def destinations(self) -> Iterator[tuple[Column, Destination]]:
        for column in self.columns:
            for destination in column.destinations:
                yield column, destination


def _resolve(spec: SheetSpec, column: Column, fail: Fail) -> Column:
    """The column with ``to`` as a tuple of named destinations and ``ref`` derived from it."""
    if column.to is None and spec.node is None:
        raise fail(f"column {column.name!r} declares no destination (to=...)")
    given = (NodeProperty(),) if column.to is None else column.destinations
    resolved: list[Destination] = []
    refs: set[str] = set()
    for destination in given:
        if isinstance(destination, NodeProperty):
            name = destination.name or column.name
            if spec.node is None or name not in {p.name for p in NODE_BY_LABEL[spec.node].all_properties}:
                raise fail(f"column {column.name!r} goes to property {name!r}, which {spec.node} does not have")
            _check_choices(column, next(p for p in NODE_BY_LABEL[spec.node].all_properties if p.name == name), fail)
            resolved.append(replace(destination, name=name))
            continue
        unknown = [rel for rel in destination.rels if rel not in REL_BY_NAME]
        if unknown or not destination.rels:
            raise fail(f"column {column.name!r} names unknown relationships {unknown}")
        rels = [REL_BY_NAME[rel] for rel in destination.rels]
        if isinstance(destination, RelationshipStart):
            refs.update(rel.start for rel in rels)
        elif isinstance(destination, RelationshipEnd):
            refs.update(rel.end for rel in rels)
        else:
            name = destination.name or column.name
            for rel in rels:
                model_prop = next((p for p in rel.properties if p.name == name), None)
                if model_prop is None:
                    raise fail(f"column {column.name!r} goes to property {name!r}, which {rel.name} does not have")
                _check_choices(column, model_prop, fail)
            destination = replace(destination, name=name)
        resolved.append(destination)
    if len(refs) > 1:
        raise fail(f"column {column.name!r} would name keys of several labels: {sorted(refs)}")
    # A column with choices lists the keys itself (expertise codes are reference data).
    ref = None if column.choices or not refs else refs.pop()
    return replace(column, to=tuple(resolved), ref=ref)


def _check_choices(column: Column, model_prop: Prop, fail: Fail) -> None:
    if model_prop.choices and not set(column.choices) <= set(model_prop.choices):
        raise fail(f"column {column.name!r} allows {column.choices}, outside the model's {model_prop.choices}")


def _relationship_plans(spec: SheetSpec, fail: Fail) -> tuple[RelationshipPlan, ...]:
    starts: dict[str, list[str]] = {}
    ends: dict[str, list[str]] = {}
    properties: dict[str, list[tuple[str, str]]] = {}
    order: list[str] = []
    for column, destination in spec.destinations():
        if isinstance(destination, NodeProperty):
            continue
        for rel in destination.rels:
            if rel not in order:
                order.append(rel)
            if isinstance(destination, RelationshipStart):
                starts.setdefault(rel, []).append(column.name)
            elif isinstance(destination, RelationshipEnd):
                ends.setdefault(rel, []).append(column.name)
            elif isinstance(destination, RelationshipProperty):
                properties.setdefault(rel, []).append((column.name, destination.name or column.name))
    plans = []
    for rel in order:
        if len(ends.get(rel, [])) != 1 or len(starts.get(rel, [])) > 1:
            raise fail(f"relationship {rel} needs exactly one end column and at most one start column")
        if not starts.get(rel) and REL_BY_NAME[rel].start != spec.node:
            raise fail(f"relationship {rel} starts at {REL_BY_NAME[rel].start}: declare its start column")
        start_column = starts[rel][0] if starts.get(rel) else None
        plans.append(RelationshipPlan(rel, start_column, ends[rel][0], tuple(properties.get(rel, []))))
    return tuple(plans)


def plan_row(plan: Plan, spec: SheetSpec, values: dict[str, Any]) -> None:
    """Add the node and relationship rows of one valid, parsed row to ``plan``."""
    if spec.node is not None:
        node: dict[str, Any] = {}
        for column, destination in spec.destinations():
            if isinstance(destination, NodeProperty):
                value = values[column.name]
                node[destination.name or column.name] = (
                    destination.derive(value) if destination.derive and value is not None else value
                )
        plan.node(spec.node, node)
    for rel in spec.relationships:
        starts = _keys(values[rel.start]) if rel.start else [values[spec.key or ""]]
        properties = {name: values[column] for column, name in rel.properties}
        for start_key in starts:
            for end_key in _keys(values[rel.end]):
                plan.relationship(rel.name, start_key, end_key, **properties)


def _keys(value: Any) -> list[Any]:
    """The keys a cell names: none when empty, every item of a list column."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
