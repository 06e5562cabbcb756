"""The response models of the maps, households and ecograms (the rest: :mod:`api.web.schemas`)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.web.schemas import Date, Direction, Expertise, LifeDomain, Model, Quality, Span, TieKind, ZrmVersion


class MapNode(Model):
    """A vis-network node: its id, label and place, and ``details`` (what the side panel shows)."""

    id: str
    label: str
    shape: str
    color: str
    x: float
    y: float
    details: dict[str, Any]


class MapEdge(Model):
    from_: str = Field(alias="from")
    to: str
    width: float | None = None
    color: str | None = None


class LegendEntry(Model):
    key: str
    label: str
    color: str | None = None
    shape: str | None = None


class Heading(Model):
    key: str
    text: str
    count: int
    x: float
    y: float


class PartnerMap(Model):
    """The partner map: team, ring 1, ring 2 (groups A–D, fly-in) and ring 3, as vis-network nodes and edges."""

    wijk: str
    name: str
    on: Date
    nodes: list[MapNode]
    edges: list[MapEdge]
    options: dict[str, Any] = Field(description="vis-network options")
    bands: dict[str, list[float]]
    bounds: list[float]
    headings: list[Heading]
    cell: list[float]
    legend: list[LegendEntry]
    counts: dict[str, int]


class HouseholdRow(Model):
    id: str
    composition: str | None
    with_children: bool | None
    complexity: str | None
    needs: list[Expertise]
    helpers: int
    coordinators: int
    ecograms: int
    latest_ecogram: Date | None


class Need(Span):
    expertise: Expertise


class Helper(Span):
    id: str
    name: str
    function: str | None
    organisation: str | None
    life_domain: LifeDomain | None


class Coordinator(Span):
    id: str
    name: str


class HouseholdMember(Model):
    id: str
    role: str | None
    age_band: str | None
    alias: str | None = Field(None, description="left out for analysts (pseudonymised)")


class InformalContact(Model):
    id: str
    kind: str | None
    alias: str | None = Field(None, description="left out for analysts (pseudonymised)")


class ZrmScore(Model):
    domain: LifeDomain
    score: int


class Zrm(Model):
    id: str
    date: Date
    version: ZrmVersion | None
    scores: list[ZrmScore]


class EcogramRef(Model):
    id: str
    date: Date


class EcogramSummary(EcogramRef):
    ties: int


class Household(Model):
    id: str
    wijk: str
    wijk_name: str | None
    composition: str | None
    with_children: bool | None
    complexity: str | None
    members: list[HouseholdMember]
    informal_contacts: list[InformalContact]
    needs: list[Need]
    helpers: list[Helper]
    coordinators: list[Coordinator]
    zrm: list[Zrm]
    ecograms: list[EcogramSummary]


class Tie(Model):
    household: str
    ecogram: str
    date: Date
    kind: TieKind
    ref: str | None
    label: str | None
    detail: str | None
    quality: Quality
    direction: Direction


class EcogramEdge(MapEdge):
    quality: Quality
    direction: Direction


class EcogramNetwork(Model):
    nodes: list[MapNode]
    edges: list[EcogramEdge]
    options: dict[str, Any] = Field(description="vis-network options")
    legend: dict[str, list[LegendEntry]]


class Ecogram(Model):
    """A household's ecogram at ``on`` (the latest snapshot on or before it), its ties and network."""

    household: str
    wijk: str
    on: Date
    snapshot: EcogramRef | None
    snapshots: list[EcogramRef]
    ties: list[Tie]
    network: EcogramNetwork
