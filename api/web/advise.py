"""Advice pages (issue 17): /advise/placement and /advise/handover, each with its JSON and CSV twins.

The placement advisor is for coordinators (the municipalities of their wijken), analysts and admins; the handover is
for every role, for the wijken a professional or coordinator may see. The answers hold no household-level data
(counts only), so they are not audited. Both pages are GET forms that work without JavaScript.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from api import auth
from api.i18n import gettext as _
from api.web.common import Problem, Result, every_municipality, require, store_of, twin, wijk_options
from api.web.schemas import Model
from graph.model import EXPERTISE
from queries.advise import HANDOVER_ROLES, PLACEMENT_ROLES, check_handover, check_placement
from queries.params import AnalysisError

router = APIRouter()


class PlacementStep(Model):
    municipality: str
    expertise: str
    step: int
    wijk: str
    wijk_name: str
    gain: float
    covered: float


class PlacementAnswer(Model):
    """One answer per municipality: greedy steps with their marginal gain, the exact optimum when asked, and the
    open demand per wijk."""

    items: list[dict[str, Any]]
    parameters: dict[str, Any]


class HandoverPath(Model):
    rank: int
    hops: int
    strength: float
    from_: str = Field(alias="from")
    from_name: str
    to: str
    to_name: str
    to_organisation: str | None
    place: str
    place_name: str
    to_last_verified: str | None
    to_freshness: str
    sentence: str


class HandoverAnswer(Model):
    """The ranked paths from the team to people with the expertise, each explained in one sentence."""

    wijk: str | None
    expertise: str | None
    items: list[dict[str, Any]]
    teams: list[dict[str, Any]]
    parameters: dict[str, Any]


def _given(request: Request, *names: str) -> dict[str, str]:
    return {name: value for name in names if (value := (request.query_params.get(name) or "").strip())}


def allowed_municipalities(request: Request, store: Any, user: auth.User) -> list[dict[str, Any]]:
    """The municipalities ``user`` may ask placement advice for: all, or those of a coordinator's wijken."""
    every = every_municipality(request, store)
    if user.scope is None:
        return every
    return [m for m in every if any(w["code"] in user.scope for w in m["wijken"])]


@twin(router, "/advise/placement", csv=True, summary="Placement advice: where scarce expertise covers the most unmet "
      "demand (greedy with marginal gains; exact optimum on request)", tags=["advise"], model=PlacementAnswer,
      row=PlacementStep)
def placement_page(request: Request) -> Result:
    user = require(request, *PLACEMENT_ROLES)
    store = store_of(request)
    given = _given(request, "expertise", "count", "municipality", "on", "neighbour_discount", "exact")
    allowed = allowed_municipalities(request, store, user)
    answers: list[dict[str, Any]] = []
    if "expertise" in given:
        try:
            checked = check_placement(given)
        except AnalysisError as error:
            raise Problem(400, error.template, **error.fields) from None
        codes = [m["code"] for m in allowed]
        if checked["municipality"] and checked["municipality"] not in codes and user.scope is not None:
            raise Problem(403, "Municipality {municipality} is not one of yours ({mine}).",
                          municipality=checked["municipality"], mine=", ".join(codes) or "-")
        if not codes:
            raise Problem(403, "You have no wijken: ask an administrator to give you a team or wijk.")
        asked = [checked["municipality"]] if checked["municipality"] else (None if user.scope is None else codes)
        from queries.advise.placement import placement

        try:
            answers = placement(store, checked["expertise"], checked["count"], asked, checked["on"],
                                checked["neighbour_discount"], checked["exact"])
        except AnalysisError as error:
            raise Problem(400, error.template, **error.fields) from None
    rows = [{"municipality": a["municipality"], "expertise": a["expertise"], **step} for a in answers
            for step in a["steps"]]
    return Result({"items": answers, "parameters": given}, "advise_placement.html", _("Placement advice"),
                  lambda: {"municipalities": allowed, "expertise": EXPERTISE, "query": request.query_params},
                  rows=rows)


@twin(router, "/advise/handover", csv=True, summary="Warm handover: who in the team knows someone who can reach an "
      "expertise in a wijk (at most three steps), ranked and explained", tags=["advise"], model=HandoverAnswer,
      row=HandoverPath)
def handover_page(request: Request) -> Result:
    user = require(request, *HANDOVER_ROLES)
    store = store_of(request)
    given = _given(request, "wijk", "expertise", "team", "on")
    answer: dict[str, Any] | None = None
    if "wijk" in given and "expertise" in given:
        try:
            checked = check_handover(given)
        except AnalysisError as error:
            raise Problem(400, error.template, **error.fields) from None
        if not user.may_see_wijk_households(checked["wijk"]):
            raise Problem(403, "Wijk {outside} is not one of your wijken ({wijken}).", outside=checked["wijk"],
                          wijken=", ".join(sorted(user.scope or ())) or "-")
        from queries.advise.handover import handover, sentence

        try:
            answer = handover(store, checked["wijk"], checked["expertise"], checked["team"], checked["on"])
        except AnalysisError as error:
            raise Problem(400, error.template, **error.fields) from None
        for path in answer["paths"]:
            path["sentence"] = sentence(path["explanation"], _)  # in the request's language
    data = {"wijk": answer and answer["wijk"], "wijk_name": answer and answer["wijk_name"],
            "expertise": answer and answer["expertise"], "items": answer["paths"] if answer else [],
            "teams": answer["teams"] if answer else [], "team_members": answer and answer["team_members"],
            "reachable": answer and answer["reachable"], "parameters": given}
    return Result(data, "advise_handover.html", _("Warm handover"),
                  lambda: {"wijken": wijk_options(store, user.scope, only=user.scope, request=request),
                           "expertise": EXPERTISE, "query": request.query_params}, rows=data["items"])
