"""The pages that need no login: a professional's own link (``/self/{token}``: confirm or correct their details) and
a wijk network's registration link (``/register/{token}``: introduce yourself).

What guards them (SECURITY.md, "Self-service and registration links"):
- **Throttled like the login**: a token that opens no link counts as a failed login of the client address
  (``(:LoginFailure)``, :mod:`api.login_throttle`); after 5 in 15 minutes every link page answers 429 without
  looking at the token. Guessing a 256-bit token is hopeless anyway; the back-off keeps it slow and visible.
- **A form's worth of input**: a POST larger than :data:`MAX_FORM_BYTES` (or without a length) is refused before it
  is read (413/411), at most :data:`MAX_FIELDS` fields, each text field at most 200 characters.
- **Nothing about others**: the self page shows only its own professional; the registration page lists
  organisations (not people) and never says whether a name, address or number is already known.
- **Same defences as every form**: our origin and the page's CSRF token (bound to a pre-session cookie).
- **Refused plainly**: an expired, used or revoked link says which (410) and what to do; a token that opens no link
  says only that (404): whether it ever existed is not told.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from api import audit, i18n, login_throttle
from api.i18n import N_
from api.web.common import Problem, store_of, templates, wijk_options
from api.web.security import require_form_from_our_page
from api.web.writes import conflict_message, problems_of
from graph.store import Store
from importers.upkeep import links, registrations
from importers.upkeep.changes import VersionConflict
from importers.upkeep.edit import EditRefused
from importers.upkeep.records import read_record

router = APIRouter()
MAX_FORM_BYTES = 16_384  # a filled-in form is about 1 KB
MAX_FIELDS = 40
GUESS = "link not valid"  # the audit entry's "what" for a token that opens no link
REFUSED_STATUS = {"unknown": 404, "expired": 410, "used": 410, "revoked": 410}
REFUSALS = {
    "unknown": N_("This link does not work. Check that you copied all of it, or ask your coordinator for a new "
                  "link."),
    "expired": N_("This link has expired: links work for 14 days. Ask your coordinator for a new link."),
    "used": N_("This link has already been used: a personal link works once. Ask your coordinator for a new link "
               "if you want to change your details again."),
    "revoked": N_("This link was withdrawn by your coordinator. Ask your coordinator for a new link."),
}


async def limited_form(request: Request) -> None:
    """A public form: refused before it is read when it is larger than a form's worth; then our origin and CSRF."""
    length = request.headers.get("content-length")
    if length is None:
        raise Problem(411, "Send the form with its length (Content-Length).", kind="length-required",
                      title=N_("Bad request"))
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        raise Problem(413, "The form is too large: at most {most} bytes.", kind="too-large", title=N_("Bad request"),
                      most=MAX_FORM_BYTES)
    request.state.form = await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=MAX_FORM_BYTES)
    await require_form_from_our_page(request)


def _client(request: Request) -> str:
    return login_throttle.client_key(request.client.host if request.client else None)


def _page(request: Request, template: str, title: str, status: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, template, {"request": request, "title": title, "user": None,
                                                          "json_url": None, "csv_url": None, **context},
                                      status_code=status)


def _throttled(request: Request, store: Store) -> Response | None:
    wait = login_throttle.retry_after(store, _client(request))
    if not wait:
        return None
    page = _page(request, "self_refused.html", i18n.gettext("Try again later"), 429,
                 message=login_throttle.throttled_message(wait))
    page.headers["Retry-After"] = str(wait)
    return page


def _refused(request: Request, store: Store, reason: str, resource: str) -> Response:
    """The page of a refused link; a token that opens no link counts for the back-off and is audited (without it)."""
    if reason == "unknown":
        client = _client(request)
        store.write("MATCH (f:LoginFailure) WHERE f.at <= datetime() - duration({seconds: $window}) DELETE f",
                    {"window": login_throttle.WINDOW_SECONDS})
        store.write("CREATE (:LoginFailure {id: $id, client: $client, at: datetime(), source: $source, "
                    "firstseen: datetime(), lastupdated: datetime()})",
                    {"id": str(uuid.uuid4()), "client": client, "source": login_throttle.SOURCE})
        audit.record(store, f"(client {client})", "(not logged in)", resource, GUESS, status=404)
    return _page(request, "self_refused.html", i18n.gettext("This link does not work"), REFUSED_STATUS[reason],
                 message=i18n.gettext(REFUSALS[reason]), reason=reason)


# --- A professional's own link -----------------------------------------------------------------------------------


def _self_page(request: Request, store: Store, link: links.Link, status: int = 200, problems: Any = None,
               notice: str | None = None, sent: dict[str, str] | None = None) -> Response:
    record = read_record(store, "professional", str(link.professional))
    if record is None:
        return _refused(request, store, "unknown", "/self")
    values = {column: record.values.get(column) or "" for column in links.CONTACT_COLUMNS}
    return _page(request, "self_service.html", i18n.gettext("Your details in the sociale kaart"), status,
                 values=values, sent=sent or values, version=record.version, roles=links.roles_of(store, record.key),
                 link=link, problems=problems or [], notice=notice,
                 last_verified=record.values.get("last_verified"))


def _open_link(request: Request, store: Store, token: str, kind: str, path: str) -> Response | links.Link:
    """The open link ``token`` of ``kind``, or the answer that refuses it (throttled, unknown, expired, used,
    revoked)."""
    throttled = _throttled(request, store)
    if throttled:
        return throttled
    try:
        return links.link_by_token(store, token, kind)
    except links.LinkRefused as refused:
        return _refused(request, store, refused.reason, path)


@router.get("/self/{token}", include_in_schema=False)
def self_service(request: Request, token: str) -> Response:
    store = store_of(request)
    link = _open_link(request, store, token, "self_service", "/self")
    return link if isinstance(link, Response) else _self_page(request, store, link)


@router.post("/self/{token}", include_in_schema=False, dependencies=[Depends(limited_form)])
def self_service_send(request: Request, token: str) -> Response:
    store = store_of(request)
    throttled = _throttled(request, store)
    if throttled:
        return throttled
    form = request.state.form
    confirm = form.get("action") == "confirm"
    sent = {column: str(form.get(column) or "")[:registrations.MAX_FIELD + 1] for column in links.CONTACT_COLUMNS}
    if any(len(text) > registrations.MAX_FIELD for text in sent.values()):
        sent = {column: text[:registrations.MAX_FIELD] for column, text in sent.items()}
        return _resend(request, store, token, 422, sent=sent,
                       problems=[{"column": None, "message": i18n.translate(
                           N_("A field is at most {most} characters."), {"most": registrations.MAX_FIELD})}])
    try:
        _, outcome = links.use_self_service(store, token, "/self", str(form.get("version") or ""),
                                            None if confirm else sent)
    except links.LinkRefused as refused:
        return _refused(request, store, refused.reason, "/self")
    except EditRefused as error:
        return _resend(request, store, token, 422, problems=problems_of(error), sent=sent)
    except VersionConflict as error:
        template, fields = conflict_message(error)
        return _resend(request, store, token, 409, notice=i18n.translate(template, fields))
    return _page(request, "self_done.html", i18n.gettext("Thank you"), outcome=outcome)


def _resend(request: Request, store: Store, token: str, status: int, **context: Any) -> Response:
    try:
        link = links.link_by_token(store, token, "self_service")
    except links.LinkRefused as refused:
        return _refused(request, store, refused.reason, "/self")
    return _self_page(request, store, link, status, **context)


# --- A wijk network's registration link ----------------------------------------------------------------------------


def _organisations(store: Store) -> list[dict[str, Any]]:
    return store.read("MATCH (o:Organisation) RETURN o.id AS id, o.name AS name ORDER BY toLower(o.name), id "
                      "LIMIT 2000")


def _register_page(request: Request, store: Store, link: links.Link, status: int = 200,
                   problems: Any = None, sent: Any = None) -> Response:
    wijk = next((w for w in wijk_options(store) if w["code"] == link.wijk), {"name": link.wijk, "municipality": ""})
    return _page(request, "register.html", i18n.gettext("Introduce yourself to the wijk network"), status,
                 wijk=wijk, organisations=_organisations(store), problems=problems or [], sent=sent or {},
                 expertise=list(registrations.EXPERTISE_CODES), groups=list(registrations.GROUP_CODES))


@router.get("/register/{token}", include_in_schema=False)
def register(request: Request, token: str) -> Response:
    store = store_of(request)
    link = _open_link(request, store, token, "registration", "/register")
    return link if isinstance(link, Response) else _register_page(request, store, link)


@router.post("/register/{token}", include_in_schema=False, dependencies=[Depends(limited_form)])
def register_send(request: Request, token: str) -> Response:
    store = store_of(request)
    throttled = _throttled(request, store)
    if throttled:
        return throttled
    form = request.state.form
    values: dict[str, Any] = {name: form.get(name) for name in registrations.FORM_FIELDS}
    values["expertise"] = form.getlist("expertise")
    try:
        registrations.submit(store, token, values, "/register")
    except links.LinkRefused as refused:
        return _refused(request, store, refused.reason, "/register")
    except registrations.RegistrationRefused as error:
        try:
            link = links.link_by_token(store, token, "registration")
        except links.LinkRefused as refused:
            return _refused(request, store, refused.reason, "/register")
        sent = {name: str(value or "")[:registrations.MAX_FIELD] for name, value in values.items()
                if name != "expertise"} | {"expertise": values["expertise"]}
        return _register_page(request, store, link, 422, problems_of(error), sent)
    return RedirectResponse(f"/register/{token}/thanks", status_code=303)


@router.get("/register/{token}/thanks", include_in_schema=False)
def register_thanks(request: Request, token: str) -> Response:
    return _page(request, "register_done.html", i18n.gettext("Thank you"))
