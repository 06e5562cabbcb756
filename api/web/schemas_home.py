"""The OpenAPI models of the home page (``/index.json``): the user's wijken or every wijk with their figures, and
the other municipalities."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from api.web.schemas import Coverage, Date, Expertise, Model, User


class WijkSummary(Model):
    code: str
    name: str
    municipality: str
    municipality_name: str
    teams: list[str]
    contacts: int
    verified: int
    stale: int
    never: int
    verified_share: float | None
    coverage: dict[str, Coverage] | None = Field(description="per required expertise (null: not shown to this role)")
    missing: int | None
    gaps: int | None


class OtherWijk(Model):
    code: str
    name: str
    teams: list[str]


class Municipality(Model):
    code: str
    name: str
    wijken: list[OtherWijk]


class OverviewFigures(Model):
    state: Literal["fresh", "stale", "computing"] = Field(
        description="fresh: of the current data; stale: of an earlier data version (new ones are being computed); "
                    "computing: none yet, the wijken come without coverage, gaps and contacts")
    computed_at: str | None = Field(description="when the figures of every wijk were computed (null: computed for "
                                                "this request, as for a user with wijken of their own, or none yet)")


class Home(Model):
    user: User
    on: Date
    verified_since: Date
    verified_rule: str
    required_expertise: list[Expertise]
    coverage_shown: bool
    figures: OverviewFigures
    wijken: list[WijkSummary]
    municipalities: list[Municipality]
