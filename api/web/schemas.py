"""The OpenAPI document's response models (issue 19): what each JSON twin answers, field by field.

The handlers keep returning their dicts; these models only state the answers' shape in ``/api/openapi.json`` (through
``twin(model=...)``), so schemathesis checks the content of every answer and a generated client gets typed models.
The enumerations come from where they are declared (graph/model.py, queries/); none is written out here. A model
states the fields every answer has; an answer may carry more (clients ignore them).
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.model import (
    EXPERTISE,
    GROUPS,
    LIFE_DOMAINS,
    ORGANISATION_SCOPES,
    TIE_DIRECTIONS,
    TIE_KINDS,
    TIE_QUALITIES,
    USER_ROLES,
    ZRM_VERSIONS,
)
from queries.analyses import ANALYSES, COVERAGE_ORDER, GAP_KINDS
from queries.params import KINDS, TIERS

Role = Literal[USER_ROLES]  # type: ignore[valid-type]
Group = Literal[GROUPS]  # type: ignore[valid-type]
Coverage = Literal[COVERAGE_ORDER]  # type: ignore[valid-type]
GapKind = Literal[GAP_KINDS]  # type: ignore[valid-type]
Tier = Literal[TIERS]  # type: ignore[valid-type]
ParamKind = Literal[KINDS]  # type: ignore[valid-type]
# Literal needs tuples: the codes of the dicts
EXPERTISE_CODES, ANALYSIS_NAMES = tuple(EXPERTISE), tuple(ANALYSES)
DOMAINS, VERSIONS = tuple(LIFE_DOMAINS), tuple(ZRM_VERSIONS)
Expertise = Literal[EXPERTISE_CODES]  # type: ignore[valid-type]
Scope = Literal[ORGANISATION_SCOPES]  # type: ignore[valid-type]
Quality = Literal[TIE_QUALITIES]  # type: ignore[valid-type]
Direction = Literal[TIE_DIRECTIONS]  # type: ignore[valid-type]
TieKind = Literal[TIE_KINDS]  # type: ignore[valid-type]
LifeDomain = Literal[DOMAINS]  # type: ignore[valid-type]
ZrmVersion = Literal[VERSIONS]  # type: ignore[valid-type]
AnalysisName = Literal[ANALYSIS_NAMES]  # type: ignore[valid-type]
Date = str  # ISO 8601, YYYY-MM-DD
Item = TypeVar("Item")
# A value in an analysis's row; lists may hold objects (the roles and reasons of a contact row).
Cell = str | int | float | bool | None | list[str | int | float | bool | dict[str, Any] | None] | dict[str, Any]


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Problem(BaseModel):
    """A problem detail (RFC 9457): what every error answer is."""

    type: str = Field(description="the problem type, a URL under https://wijkgraph.example/problems/")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="what went wrong, in the request's language")
    instance: str | None = None
    incident: str | None = Field(None, description="for a 500: the id under which the server logged it")


class Page(Model, Generic[Item]):
    """One page of a list: ``?page=`` (from 1) and ``?size=`` (at most 500); next and previous are links."""

    items: list[Item]
    total: int = Field(ge=0)
    page: int = Field(ge=1)
    size: int = Field(ge=1, le=500)
    pages: int = Field(ge=1)
    next: str | None
    previous: str | None


class User(Model):
    name: str
    role: Role
    wijken: list[str]
    teams: list[str]
    scope: list[str] | None = Field(description="the wijken whose households the user sees (null: all)")


class UserRow(Model):
    name: str
    role: Role
    wijken: list[str]
    teams: list[str]
    disabled: bool
    changed_at: str | None = Field(description="when the user was last added or changed (ISO 8601)")


class Users(Model):
    items: list[UserRow]


class WijkRow(Model):
    code: str
    name: str
    municipality: str
    municipality_name: str
    teams: int


class Member(Model):
    id: str
    name: str
    function: str | None
    team_role: str | None
    group: Group | None


class Team(Model):
    id: str
    name: str
    kind: str | None
    phone: str | None
    email: str | None
    members: list[Member]


class Rings(Model):
    ring1: int
    ring2: dict[Group, int]
    fly_in: int
    ring3: int


class CoverageRow(Model):
    wijk: str
    wijk_name: str | None
    expertise: Expertise
    coverage: Coverage
    demand: int
    evidence: list[Any]
    capacity: float | None = Field(None, description="hours per week serving the wijk at its coverage level")


class GapRow(Model):
    wijk: str
    wijk_name: str | None
    kind: GapKind
    household: str | None
    detail: str
    evidence: list[Any]


class WijkFreshness(Model):
    """How fresh the wijk's contacts are (the analysis freshness): verified since fresh_since, before it, never."""

    contacts: int
    fresh: int
    stale: int
    never: int
    fresh_share: float | None
    fresh_since: Date


class Wijk(Model):
    code: str
    name: str
    municipality: str
    municipality_name: str
    teams: list[Team]
    households: int | None
    rings: Rings
    coverage: list[CoverageRow] | None
    gaps: list[GapRow] | None
    freshness: WijkFreshness
    households_visible: bool
    dual_roles: list[dict[str, Any]] = Field(description="dubbele petten, each with every role (page_wijk.cypher)")
    on: Date


class Span(Model):
    since: Date | None
    until: Date | None


class ContactRole(Model):
    """One role of a contact in the search's scope (queries/who_to_call Role)."""

    wijk: str | None = Field(description="the wijk's code; null for a city-wide (group D) role")
    wijk_name: str | None
    municipality: str
    tier: Tier
    team: str | None = Field(description="the team of a ring-1 or fly-in role")
    place: Literal["wijk", "neighbour", "municipality", "region", "all"]


class SearchMessage(Model):
    """A text of the contact search: an English template with fields (the page shows it translated)."""

    code: str
    template: str
    fields: dict[str, Any]


class ContactRow(Model):
    """Who to call: one contact (person, organisation or civil partner) with every role it has in the scope, ranked
    (the contacts analysis's row; docs/search.md)."""

    id: str
    kind: Literal["professional", "organisation", "civil_partner"]
    name: str
    function: str | None
    organisation: str | None
    phone: str | None
    email: str | None
    last_verified: Date | None
    freshness: Literal["fresh", "stale", "never"]
    wijk: str | None = Field(description="the wijk of its closest role")
    tier: Tier | None = Field(description="the tier of its closest role")
    roles: list[ContactRole]
    expertise: list[Expertise]
    score: int
    reasons: list[SearchMessage]
    route: Literal["agreement", "specialist", "neighbour_team", "region_organisation"] | None


class Understood(Model):
    """What the search understood in the typed text (shown as chips on the page)."""

    wijken: list[dict[str, str]] = Field(description="{code, name, municipality} of each wijk named")
    municipalities: list[dict[str, str]] = Field(description="{code, name} of each municipality named")
    expertise: list[Expertise]
    functions: list[str]
    organisations: list[dict[str, str]] = Field(description="{id, name} of each organisation named")
    words: list[str] = Field(description="the rest, searched in names, functions and organisations")
    ignored: list[str] = Field(description="filler words left out")


class Widening(Model):
    scope: Literal["mine", "municipality", "region", "all"]
    more: int | None = Field(description="how many more contacts this wider scope finds; null: not counted")


class Contacts(Page[ContactRow]):
    """Who to call: the ranked contacts (``items``, paged), and when nobody in or around the wijk has the expertise,
    the ``statement`` and the ranked ``routes``. The CSV twin holds the same rows: all items, then the routes."""

    filters: dict[str, str] = Field(description="the search's parameters, as given")
    understood: Understood | None
    scope: Literal["mine", "municipality", "region", "all"] | None = Field(description="how far the search looked")
    scopes: list[Literal["mine", "municipality", "region", "all"]] = Field(
        description="the scopes this user may choose (a professional or coordinator: up to the region)")
    anchors: list[str] = Field(description="the wijken the search is about: named, chosen, else the user's own")
    statement: SearchMessage | None
    routes: list[ContactRow]
    wider: list[Widening]
    fresh_rule: SearchMessage | None
    on: Date


class OrganisationPerson(Model):
    id: str
    name: str
    function: str | None
    phone: str | None
    email: str | None
    last_verified: Date | None
    expertise: list[Expertise]
    teams: list[str]
    wijken: list[str]
    municipalities: list[str]


class Agreement(Span):
    id: str
    topic: str | None
    team: str | None
    team_name: str | None
    expertise: Expertise | None
    status: str | None


class Organisation(Model):
    id: str
    name: str
    kind: str | None
    scope: Scope | None
    website: str | None
    phone: str | None
    email: str | None
    expertise: list[Expertise]
    people: list[OrganisationPerson]
    agreements: list[Agreement]
    on: Date


class Parameter(Model):
    name: str
    kind: ParamKind
    required: bool
    help: str
    default: str | int | float | list[str] | None


class AnalysisInfo(Model):
    name: AnalysisName
    purpose: str
    url: str
    household_level: bool
    needs_reason: bool
    parameters: list[Parameter]


class Analyses(Model):
    items: list[AnalysisInfo]


class AnalysisAnswer(Page[dict[str, Cell]]):
    """An analysis's rows (their columns differ per analysis: ``wijkgraph analyse --list``), paginated, with the
    analysis, the parameters it ran with and the applied sort and text filter."""

    analysis: AnalysisInfo
    parameters: dict[str, str | list[str]]
    sort: str | None
    q: str | None


class AuditEntry(Model):
    id: str
    at: str = Field(description="when, ISO 8601 with time zone")
    user: str
    role: Role | None
    action: str
    what: str | None
    resource: str | None
    status: int | None
    reason: str | None
    households: list[str]
    household_count: int
    target: str | None = Field(None, description="a change: what was changed (kind and key)")
    before: str | None = Field(None, description="a change: the record before, as JSON (null when it was created)")
    after: str | None = Field(None, description="a change: the record after, as JSON (null when it was removed)")
    wijken: list[str] = Field(default_factory=list, description="a change: the wijken the record belongs to")
    changes: list[dict[str, Any]] = Field(default_factory=list, description="a change: [{field, before, after}]")


class Audit(Page[AuditEntry]):
    filters: dict[str, str | None]


def csv_description(row: type[BaseModel] | None) -> str:
    """The CSV twin's description: its header line (the row model's fields), or how an analysis names its columns."""
    if row is None:
        return "A table (UTF-8, a header line): the analysis's columns, as the keys of the JSON twin's items"
    header = ",".join(field.alias or name for name, field in row.model_fields.items())
    return f"A table (UTF-8, a header line with these columns; some may be left out when no row has them): {header}"


def xlsx_description(row: type[BaseModel] | None) -> str:
    """The XLSX twin's description: the same columns as the CSV twin, as a workbook with typed cells."""
    columns = "the analysis's columns" if row is None else ",".join(
        field.alias or name for name, field in row.model_fields.items())
    return (f"An Excel workbook (XLSX): one sheet, a frozen header row of column labels, typed cells (numbers, dates, "
            f"yes/no), the CSV twin's rows; columns: {columns}")
