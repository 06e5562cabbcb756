"""A coordinator's registration links for a wijk network, and the registrations that wait for approval.

``/kaart/registration-links``: the links (status, how many registered through each) and a form to make one for one
of the coordinator's wijken (multi-use, 14 days, revocable at ``/links/{id}/revoke``). ``/kaart/registrations``:
the pending registrations of the coordinator's wijken with possible duplicates beside each; approve (the
professional enters the sociale kaart, source ``wijkgraph:app``) or reject.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from api import auth, i18n
from api.web.common import Problem, Result, require, store_of, twin, wijk_options
from api.web.links import WRITE_RESPONSES, Link, NewLink, actor_of, link_url
from api.web.security import require_form_from_our_page
from api.web.writes import WRITER_ROLES, json_writer, problem_for
from importers.upkeep import links, registrations
from importers.upkeep.changes import VersionConflict
from importers.upkeep.edit import EditRefused
from importers.upkeep.records import RecordMissing

router = APIRouter()


class RegistrationLinks(BaseModel):
    """The registration links of the coordinator's wijken, newest first."""

    items: list[Link]


class NewRegistrationLink(BaseModel):
    wijk: str  # the wijk code of the network (one of the coordinator's wijken)


class Registration(BaseModel):
    """A registration with ``duplicates``: existing professionals with the same name, e-mail or phone."""

    model_config = ConfigDict(extra="allow")
    id: str
    status: str
    wijk: str
    name: str
    duplicates: list[dict[str, Any]] = []


class Registrations(BaseModel):
    """Registrations waiting for approval in the coordinator's wijken, newest first."""

    items: list[Registration]


class Decision(BaseModel):
    """The outcome of approve or reject: the registration and (approved) the new professional's id."""

    id: str
    status: str
    professional: str | None = None


def _scope(user: auth.User) -> frozenset[str] | None:
    return None if user.role == "admin" else (user.scope or frozenset())


def _create(request: Request, user: auth.User, wijk: str) -> dict[str, Any]:
    scope = _scope(user)
    known = {option["code"] for option in wijk_options(store_of(request))}
    if wijk not in known:
        raise Problem(404, "There is no wijk {code}.", code=wijk)
    if scope is not None and wijk not in scope:
        raise Problem(403, "Wijk {outside} is not one of your wijken ({wijken}).", outside=wijk,
                      wijken=", ".join(sorted(scope)) or "-")
    token, link = links.create_link(store_of(request), actor_of(user), "registration", [wijk], request.url.path,
                                    wijk=wijk)
    return {**link.public(), "url": link_url(request, "registration", token), "mailed": False, "mail_problem": None}


@twin(router, "/kaart/registration-links", summary="Registration links of wijk networks (coordinators)",
      tags=["upkeep"], model=RegistrationLinks, form=require_form_from_our_page)
def registration_links(request: Request) -> Result:
    """GET: the links; the page's form (POST) makes one for a wijk and shows it once."""
    user = require(request, *WRITER_ROLES)
    created = _create(request, user, str(request.state.form.get("wijk") or "")) if request.method == "POST" else None
    store = store_of(request)
    items = [item for item in links.links_for(store, None if user.role == "admin" else user.name, _scope(user))
             if item["kind"] == "registration"]
    counts = {row["link"]: row["n"] for row in store.read(
        "UNWIND $ids AS id MATCH (r:Registration {link: id}) RETURN id AS link, count(r) AS n",
        {"ids": [item["id"] for item in items]})}
    for item in items:
        item["registrations"] = counts.get(item["id"], 0)
    scope = _scope(user)
    return Result({"items": items}, "register_links.html", i18n.gettext("Registration links"),
                  lambda: {"created": created, "wijken": wijk_options(store, scope, scope, request=request)})


@router.post("/kaart/registration-links.json", tags=["upkeep"], response_model=NewLink, status_code=201,
             summary="Make a registration link for a wijk network (coordinators, bearer token)",
             responses=WRITE_RESPONSES)
def registration_link_json(request: Request, body: NewRegistrationLink | None = Body(None)) -> JSONResponse:
    user = json_writer(request)  # before the body: without a token the answer is 401, whatever was sent
    if body is None:
        raise Problem(400, "Send a JSON body that names the wijk of the network (its field wijk, a code such as "
                           "WK063701).")
    return JSONResponse(_create(request, user, body.wijk), status_code=201)


@twin(router, "/kaart/registrations", summary="Registrations waiting for approval, with possible duplicates",
      tags=["upkeep"], model=Registrations)
def registration_list(request: Request) -> Result:
    user = require(request, *WRITER_ROLES)
    items = registrations.registrations(store_of(request), _scope(user))
    return Result({"items": items}, "registrations.html", i18n.gettext("Registrations"))


def _decide(request: Request, user: auth.User, registration_id: str, decision: str) -> dict[str, Any]:
    store, actor = store_of(request), actor_of(user)
    try:
        if decision == "approve":
            professional = registrations.approve(store, actor, registration_id, request.url.path, _scope(user))
            return {"id": registration_id, "status": "approved", "professional": professional}
        registrations.reject(store, actor, registration_id, request.url.path, _scope(user))
        return {"id": registration_id, "status": "rejected", "professional": None}
    except registrations.RegistrationMissing:
        raise Problem(404, "There is no registration {id} waiting for you.", id=registration_id) from None
    except (EditRefused, VersionConflict, RecordMissing) as error:
        raise problem_for(error) from None


def _decision_routes(decision: str) -> None:
    @router.post(f"/kaart/registrations/{{registration_id}}/{decision}", include_in_schema=False,
                 dependencies=[Depends(require_form_from_our_page)], name=f"registration_{decision}")
    def page(request: Request, registration_id: str) -> Response:
        _decide(request, require(request, *WRITER_ROLES), registration_id, decision)
        return RedirectResponse("/kaart/registrations", status_code=303)

    @router.post(f"/kaart/registrations/{{registration_id}}/{decision}.json", tags=["upkeep"],
                 response_model=Decision, responses=WRITE_RESPONSES, name=f"registration_{decision}_json",
                 summary=f"{decision.capitalize()} a registration (coordinators, bearer token)")
    def json(request: Request, registration_id: str) -> JSONResponse:
        return JSONResponse(_decide(request, json_writer(request), registration_id, decision))


for _decision in ("approve", "reject"):
    _decision_routes(_decision)
