"""A coordinator's self-service links: make one for a professional (shown once to copy, or sent by mail when SMTP is
configured), see every link with its status and what was changed through it, revoke one.

Who: an admin for every professional; a coordinator for a professional who belongs to one of their wijken (the
rule of :mod:`api.web.writes`); a professional or analyst never. The JSON writes take a bearer token only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from api import auth, i18n
from api.i18n import N_
from api.labels import label
from api.web.common import PROBLEM_SCHEMA, Problem, Result, require, store_of, twin
from api.web.security import require_form_from_our_page
from api.web.writes import WRITER_ROLES, json_writer, may_change, refuse_unless_may_change
from graph.store import Store
from importers.upkeep import links, mail
from importers.upkeep.changes import Actor
from importers.upkeep.records import Record, read_record

router = APIRouter()


class Link(BaseModel):
    """A link (never its token): its status (open, used, expired, revoked) and, in a list, what was changed."""

    model_config = ConfigDict(extra="allow")
    id: str
    kind: str
    status: str
    created_by: str
    created_at: str
    expires: str
    professional: str | None = None
    wijk: str | None = None
    wijken: list[str] = []
    used_at: str | None = None
    outcome: str | None = None
    revoked_at: str | None = None
    revoked_by: str | None = None
    mailed_at: str | None = None


class Links(BaseModel):
    """Links, newest first, each with ``changes`` (column, before, after) made through it."""

    items: list[Link]


class NewLink(Link):
    """A new link: ``url`` holds the token and is shown only now; ``mailed`` whether it was sent by e-mail."""

    url: str
    mailed: bool
    mail_problem: str | None = None


class NewSelfLink(BaseModel):
    mail: bool = False  # send it to the professional's e-mail too (when SMTP is configured)


WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": description, "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}
    for code, description in ((400, "Bad request: a body that is not the documented one"), (401, "Not logged in"),
                              (403, "Not allowed"), (404, "Not found"),
                              (409, "The link is no longer open"),
                              (422, "Invalid values (an approved registration the sociale kaart refuses); nothing "
                                    "changed"))}


def actor_of(user: auth.User) -> Actor:
    return Actor(user.name, user.role)


def link_url(request: Request, kind: str, token: str) -> str:
    """The full URL of a link, on the host the coordinator uses (one of the allowed hosts)."""
    return f"{str(request.base_url).rstrip('/')}/{'self' if kind == 'self_service' else 'register'}/{token}"


def _professional(request: Request, user: auth.User, key: str) -> Record:
    record = read_record(store_of(request), "professional", key)
    if record is None:
        raise Problem(404, "There is no professional {key}.", key=key)
    refuse_unless_may_change(user, record.wijken, "professional", key)
    return record


def create_self_link(request: Request, user: auth.User, record: Record, send_mail: bool) -> dict[str, Any]:
    """Make the link; send it when asked and SMTP is configured. The answer holds the URL (shown once)."""
    store = store_of(request)
    token, link = links.create_link(store, actor_of(user), "self_service", record.wijken, request.url.path,
                                    professional=record.key)
    url, mailed, problem = link_url(request, "self_service", token), False, None
    email = record.values.get("email")
    if send_mail and email:
        try:
            settings = mail.smtp_settings()
            if settings is not None:
                mail.send(mail.self_service_message(settings.sender, email, record.values.get("name") or "", url,
                                                    i18n.format_date(link.expires.date()), user.name), settings)
                links.mark_mailed(store, link.id)
                mailed = True
        except mail.MailError as error:
            problem = str(error)
    return {**link.public(), "url": url, "mailed": mailed, "mail_problem": problem}


@twin(router, "/kaart/professional/{key}/link", summary="A professional's self-service links (coordinators)",
      tags=["upkeep"], model=Links, form=require_form_from_our_page)
def self_link(request: Request, key: str) -> Result:
    """GET: the professional's links; the page's form (POST) makes a new one and shows it once."""
    user = require(request, *WRITER_ROLES)
    record = _professional(request, user, key)
    created = None
    if request.method == "POST":
        form = request.state.form
        created = create_self_link(request, user, record, form.get("mail") == "1")
    items = [item for item in _visible(store_of(request), user) if item["professional"] == key]
    return Result({"items": items}, "self_link.html", i18n.gettext("Personal link for {name}").format(
        name=record.label), {"record": record, "created": created, "smtp": mail.configured()})


@router.post("/kaart/professional/{key}/link.json", tags=["upkeep"], response_model=NewLink,
             summary="Make a self-service link for a professional (coordinators, bearer token)",
             responses=WRITE_RESPONSES, status_code=201)
def self_link_json(request: Request, key: str, body: NewSelfLink | None = Body(None)) -> JSONResponse:
    user = json_writer(request)
    record = _professional(request, user, key)
    return JSONResponse(create_self_link(request, user, record, bool(body and body.mail)), status_code=201)


def _visible(store: Store, user: auth.User) -> list[dict[str, Any]]:
    if user.role == "admin":
        return links.links_for(store, None, None)
    return links.links_for(store, user.name, user.scope or frozenset())


@twin(router, "/links", summary="Links made by or for the coordinator's wijken, with what was changed through them",
      tags=["upkeep"], model=Links)
def link_list(request: Request) -> Result:
    user = require(request, *WRITER_ROLES)
    return Result({"items": _visible(store_of(request), user)}, "links.html", i18n.gettext("Links"))


def _revoke(request: Request, user: auth.User, link_id: str) -> links.Link:
    store = store_of(request)
    link = links.link_by_id(store, link_id)
    if link is None or not (link.created_by == user.name or may_change(user, link.wijken)):
        raise Problem(404, "There is no link {id} among yours.", id=link_id)
    try:
        return links.revoke_link(store, actor_of(user), link_id, request.url.path)
    except links.LinkRefused as refused:
        raise Problem(409, "The link is {state} and can no longer be revoked.", kind="link-not-open",
                      title=N_("Not allowed"), state=label("link_status", refused.reason)) from None


@router.post("/links/{link_id}/revoke", include_in_schema=False, dependencies=[Depends(require_form_from_our_page)])
def revoke(request: Request, link_id: str) -> Response:
    user = require(request, *WRITER_ROLES)
    link = _revoke(request, user, link_id)
    target = "/kaart/registration-links" if link.kind == "registration" else "/links"
    return RedirectResponse(target, status_code=303)


@router.post("/links/{link_id}/revoke.json", tags=["upkeep"], response_model=Link, responses=WRITE_RESPONSES,
             summary="Revoke a link (coordinators, bearer token)")
def revoke_json(request: Request, link_id: str) -> JSONResponse:
    user = json_writer(request)
    return JSONResponse(_revoke(request, user, link_id).public())

