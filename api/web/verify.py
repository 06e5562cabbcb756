"""Verification ("Klopt nog"): the button beside a contact, its JSON twin, and the coordinator's worklist.

- ``POST /kaart/{kind}/{key}/verify`` (a form with its CSRF token; the button "Klopt nog") confirms a contact's
  details as they are today (or on the form's ``on``), then goes back to the page it came from (``back``), which
  shows the confirmation. ``POST /kaart/{kind}/{key}/verify.json`` does the same with a bearer token and answers
  the record. Who may: an admin; a coordinator when the contact belongs to one of their wijken; nobody else (the
  rule of api/web/writes.py). A refusal writes nothing.
- ``GET /kaart/verify`` (+ ``.json``, ``.csv``, ``.xlsx``): the contacts of the coordinator's wijken (an admin
  chooses a wijk or a municipality), verified longest ago first, the never-verified in their own section
  (``queries/cypher/verification_worklist.cypher``; the contacts of a wijk as defined there and in docs/upkeep.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from api import auth, i18n
from api import cache as answers
from api.i18n import gettext as _
from api.web.common import (
    Problem,
    Result,
    current,
    every_municipality,
    on_param,
    page_of,
    paging,
    require,
    store_of,
    templates,
    twin,
    wijk_options,
)
from api.web.meta import safe_next
from api.web.security import require_form_from_our_page
from api.web.writes import WRITER_ROLES, json_writer, problem_for, refuse_unless_may_change
from graph.store import Store
from importers.upkeep.changes import Actor
from importers.upkeep.edit import EditRefused
from importers.upkeep.records import KIND_NAMES, Record, RecordMissing, read_record
from importers.upkeep.verify import VERIFY_KINDS, verify
from queries.analyses import plain
from queries.by_wijk import read_for_wijken
from queries.who_to_call.model import FRESHNESS, stale_before

router = APIRouter()
NOTICE = "verified"  # the query parameter of the page a verification goes back to: "kind:key"
WORKLIST = "/kaart/verify"
ContactKind = Literal[VERIFY_KINDS]  # type: ignore[valid-type]


class VerifyBody(BaseModel):
    """What a JSON verification may send: the day the details were confirmed (default today)."""

    on: str | None = Field(None, description="YYYY-MM-DD, not in the future (default: today)")


class VerifiedRecord(BaseModel):
    """The contact as it is after the verification (the record as ``GET /kaart/{kind}/{key}.json`` answers it)."""

    kind: ContactKind
    key: str
    values: dict[str, Any]
    version: str
    wijken: list[str]
    label: str


class WorklistRow(BaseModel):
    kind: ContactKind
    id: str
    name: str | None
    function: str | None
    organisation: str | None
    phone: str | None
    email: str | None
    last_verified: str | None
    verified_by: str | None
    freshness: Literal[FRESHNESS]  # type: ignore[valid-type]
    wijken: list[str]


class Worklist(BaseModel):
    """The contacts to verify (``items``, paged): verified longest ago first, the never-verified last."""

    items: list[WorklistRow]
    total: int
    page: int
    size: int
    pages: int
    next: str | None
    previous: str | None
    wijken: list[str] = Field(description="the wijken whose contacts are listed")
    on: str
    fresh_since: str = Field(description="verified on or after this day: fresh (12 months before on)")
    counts: dict[str, int] = Field(description="contacts per freshness: fresh, stale, never")


# --- Verifying ------------------------------------------------------------------------------------------------


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Problem(400, "{name} must be a date YYYY-MM-DD, not {text!r}.", name="on", text=text) from None


def _verify(request: Request, user: auth.User, kind: str, key: str, on: dt.date | None) -> Record:
    """Verify the contact as ``user`` after the permission check; a refusal is a problem detail, nothing written."""
    if kind not in VERIFY_KINDS:
        raise Problem(404, "There is no kind of contact {what}; a contact is a professional, an organisation or a "
                           "civil partner.", what=kind)
    if user.role not in WRITER_ROLES:
        raise Problem(403, "Only a coordinator (for their wijken) or an administrator can verify a contact.")
    store = store_of(request)
    record = read_record(store, kind, key)
    if record is None:
        raise problem_for(RecordMissing(kind, key))
    refuse_unless_may_change(user, record.wijken, kind, key)
    try:
        return verify(store, Actor(user.name, user.role), kind, key, request.url.path, on)
    except (EditRefused, RecordMissing) as error:
        raise problem_for(error) from None


@router.post("/kaart/{kind}/{key}/verify", include_in_schema=False,
             dependencies=[Depends(require_form_from_our_page)])
def verify_form(request: Request, kind: str, key: str) -> Response:
    """The button "Klopt nog": verify, then back to the page it was pressed on, which says so."""
    user = require(request)
    form = request.state.form
    on = form.get("on")
    _verify(request, user, kind, key, _day(on if isinstance(on, str) else None))
    back = form.get("back")
    back = back if isinstance(back, str) and safe_next(back) == back else WORKLIST  # never to another site
    return RedirectResponse(with_notice(back, kind, key), status_code=303)


@router.post("/kaart/{kind}/{key}/verify.json", tags=["kaart"], response_model=VerifiedRecord,
             summary="Klopt nog: confirm a contact's details as they are (bearer token)",
             responses={code: {"description": text, "content": {"application/problem+json": {
                 "schema": {"$ref": "#/components/schemas/Problem"}}}}
                 for code, text in ((400, "Bad request"), (401, "Not logged in"), (403, "Not allowed"),
                                    (404, "No such contact"), (422, "Invalid values"))})
def verify_json(request: Request, kind: str, key: str, body: VerifyBody | None = None) -> dict[str, Any]:
    user = json_writer(request)
    return _verify(request, user, kind, key, _day(body.on if body else None)).public()


def with_notice(path: str, kind: str, key: str) -> str:
    """``path`` with the notice of the verification of ``kind`` ``key`` (any earlier notice replaced).

    >>> with_notice("/contacts?text=GGZ&verified=x", "professional", "P-1")
    '/contacts?text=GGZ&verified=professional%3AP-1'
    """
    parts = urlsplit(path)
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name != NOTICE]
    return f"{parts.path}?{urlencode([*query, (NOTICE, f'{kind}:{key}')])}"


def verified_notice(request: Request) -> str:
    """The confirmation a page shows after "Klopt nog": what the database now says of that contact."""
    kind, _sep, key = str(request.query_params.get(NOTICE, "")).partition(":")
    if kind not in VERIFY_KINDS or not key:
        return ""
    record = read_record(store_of(request), kind, key)
    day = record.values.get("last_verified") if record else None
    if record is None or day is None:
        return ""
    return _("Still correct: %(name)s is verified on %(date)s.") % {"name": record.label,
                                                                   "date": i18n.format_date(day)}


def may_verify(request: Request, kind: str, key: str) -> bool:
    """Whether the user of ``request`` may verify the contact (the button is shown only then)."""
    user = current(request)
    if user is None or user.role not in WRITER_ROLES or kind not in VERIFY_KINDS:
        return False
    if user.role == "admin" or user.scope is None:
        return True
    # Kept per data version and scope (api/cache.py): a page of contacts would otherwise read every row's record. Only
    # the button depends on it; the verification itself checks the record again (api/web/writes.py).
    store = store_of(request)
    scope = user.scope
    return answers.cached(request, store, user, "may verify", (kind, key), lambda: bool(
        (record := read_record(store, kind, key)) is not None and record.wijken & scope))


def contact_kind(kind: str) -> str:
    """What a kind of contact is called, in the user's language."""
    return i18n.gettext(KIND_NAMES.get(kind, kind))


templates.env.globals.update(verified_notice=verified_notice, may_verify=may_verify, contact_kind=contact_kind)


# --- The worklist ---------------------------------------------------------------------------------------------


def _worklist_wijken(request: Request, store: Store, user: auth.User, municipality: str | None) -> list[str]:
    """The wijken whose contacts are listed: those chosen (``?wijk=``, ``?municipality=``), within a
    coordinator's own; a coordinator who chose nothing gets all theirs, an admin none until they choose."""
    chosen = [code.strip() for code in request.query_params.getlist("wijk") if code.strip()]
    known = {option["code"]: option for option in wijk_options(store, request=request)}
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise Problem(404, "There is no wijk {code}.", code=", ".join(unknown))
    if municipality:
        in_municipality = [code for row in _municipalities(request, store) if row["code"] == municipality
                           for code in row["wijken"]]
        if not in_municipality:
            raise Problem(404, "There is no municipality {code}.", code=municipality)
        chosen = [code for code in chosen if code in in_municipality] if chosen else in_municipality
    if user.role == "admin" or user.scope is None:
        return sorted(set(chosen))
    mine = user.scope
    outside = sorted(set(chosen) - mine) if not municipality else []
    if outside:
        raise Problem(403, "You can verify the contacts of your own wijken only, not of {wijken}.",
                      wijken=", ".join(outside))
    return sorted(set(chosen) & mine) if chosen or municipality else sorted(mine)


def _municipalities(request: Request, store: Store) -> list[dict[str, Any]]:
    return [{"code": row["code"], "name": row["name"], "wijken": [wijk["code"] for wijk in row["wijken"]]}
            for row in every_municipality(request, store)]


@twin(router, WORKLIST, csv=True, summary="The contacts to verify (Klopt nog?) of your wijken: verified longest ago "
      "first, never verified last", tags=["kaart"], model=Worklist, row=WorklistRow)
def worklist(request: Request, wijk: str | None = None, municipality: str | None = None, on: str | None = None,
             page: int = 1, size: int = 50) -> Result:
    user = require(request, *WRITER_ROLES)
    store = store_of(request)
    day = on_param(request)
    p = paging(request)
    codes = _worklist_wijken(request, store, user, municipality or None)
    fresh_since = stale_before(day)
    rows = plain(read_for_wijken(store, "verification_worklist", {"on": day, "fresh_since": fresh_since}, codes)
                 ) if codes else []
    data = page_of(request, p, len(rows), rows[p.skip:p.skip + p.size])
    data.update(wijken=codes, on=day.isoformat(), fresh_since=fresh_since.isoformat(),
                counts={state: sum(row["freshness"] == state for row in rows) for state in FRESHNESS})
    return Result(data, "kaart_verify.html", _("Verify contacts"), lambda: {
        "all_rows": rows, "options": wijk_options(store, user.scope, None if user.role == "admin" else user.scope,
                                                  request=request),
        "municipalities": _municipalities(request, store) if user.role == "admin" else [],
        "wijk_names": {option["code"]: option["name"] for option in wijk_options(store, request=request)},
        "chosen_municipality": municipality or ""}, rows=rows)
