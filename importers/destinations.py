"""Where the value of an input column goes in the graph.

Cartography declares, per graph property, which input field fills it (``PropertyRef``) and generates
the load from that. Tabular input is declared the other way round here: every column says where its
value lands, so the load plan is built from the column declarations alone and no hand-kept list of
keys can forget a column. Names are checked against :mod:`graph.model` when a sheet is declared
(:mod:`importers.sheets`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NodeProperty:
    """A property of the node the row describes."""

    name: str | None = None  # None: the property named like the column
    derive: Callable[[Any], Any] | None = None  # store a value computed from the cell instead (name_normalised)


@dataclass(frozen=True)
class RelationshipStart:
    """The key of the start node of these relationships (model declaration names)."""

    rels: tuple[str, ...]


@dataclass(frozen=True)
class RelationshipEnd:
    """The key (or, for a list column, the keys) of the end node of these relationships.

    A relationship is planned only for rows that fill both its start and its end, so two columns of
    which one is filled (``one_of``) choose between two relationships without any code.
    """

    rels: tuple[str, ...]


@dataclass(frozen=True)
class RelationshipProperty:
    """A property of these relationships."""

    rels: tuple[str, ...]
    name: str | None = None  # None: the property named like the column


Destination = NodeProperty | RelationshipStart | RelationshipEnd | RelationshipProperty


def prop(name: str | None = None, derive: Callable[[Any], Any] | None = None) -> NodeProperty:
    return NodeProperty(name, derive)


def start(*rels: str) -> RelationshipStart:
    return RelationshipStart(rels)


def end(*rels: str) -> RelationshipEnd:
    return RelationshipEnd(rels)


def rel_prop(*rels: str, name: str | None = None) -> RelationshipProperty:
    return RelationshipProperty(rels, name)
