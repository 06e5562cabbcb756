"""Change the sociale kaart in the app: a page per record, forms to change, add and end records, and their JSON twins.

- ``/kaart/{kind}/{key}`` a record (``.json``: ``{kind, key, values, version, wijken, label}``), for every user;
  a professional's page also lists their memberships, wijk work and expertise.
- ``/kaart/{kind}/{key}/edit`` and ``/kaart/{kind}/new``: the forms (generated from the import sheet's columns;
  without JavaScript, with the CSRF field); ``POST /kaart/{kind}/{key}/end`` ends a record.
- JSON (a bearer token only): ``PUT /kaart/{kind}/{key}.json`` ``{values, version}``, ``POST /kaart/{kind}.json``
  ``{values}``, ``POST /kaart/{kind}/{key}/end.json`` ``{until, version}``; refusals are problem details (403, 404,
  409 with ``current`` and ``version``, 422 with ``problems``).

Who may change what: api/web/writes.py. The engine (validation, version check, audit): importers/upkeep/edit.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import auth, i18n
from api.i18n import N_
from api.labels import label
from api.web import kaart_schemas as schemas
from api.web.common import Problem, Result, render, require, store_of, twin
from api.web.errors import allowed_methods
from api.web.kaart_forms import columns_of, conflict_rows, fields, problem_texts, sent, texts_of
from api.web.security import require_form_from_our_page
from api.web.writes import (
    WRITER_ROLES,
    conflict_message,
    json_writer,
    may_change,
    may_create,
    problem_for,
    refuse_unless_may_change,
    writer_first,
)
from graph.store import Store
from importers.fields import parse_date
from importers.upkeep.changes import Actor, VersionConflict
from importers.upkeep.edit import EditRefused, NotPermitted, apply_edit, create_record, end_record
from importers.upkeep.records import (
    KINDS,
    PERIOD_KINDS,
    REMOVABLE_KINDS,
    Record,
    RecordMissing,
    read_record,
)
from queries import cypher_files

router = APIRouter()
TAGS: list[Any] = ["kaart"]
Kind = schemas.RecordKind


def _known_kind(request: Request) -> None:
    """``/kaart/{kind}.json`` also matches the other routes' ``/kaart/verify.json``, ``/kaart/registrations.json``:
    a POST there is refused as a method that address does not take (405), another unknown kind is not found (404),
    before the token and the body are looked at."""
    kind = request.path_params.get("kind")
    if kind in KINDS:
        return
    allowed = allowed_methods(request)
    if "POST" not in allowed:
        raise StarletteHTTPException(405, headers={"Allow": allowed})
    raise StarletteHTTPException(404)


def _record(store: Store, kind: str, key: str) -> Record:
    record = read_record(store, kind, key)
    if record is None:
        raise problem_for(RecordMissing(kind, key))
    return record


def _actor(user: auth.User) -> Actor:
    return Actor(user.name, user.role)


def _refused(error: Exception) -> Problem:
    if isinstance(error, NotPermitted):
        return Problem(403, "You may not give this record wijken you do not coordinate ({wijken}).",
                       kind="forbidden", wijken=", ".join(sorted(error.record.wijken)) or "-")
    assert isinstance(error, (EditRefused, VersionConflict, RecordMissing))
    return problem_for(error)


def _url(kind: str, key: str, suffix: str = "") -> str:
    return f"/kaart/{kind}/{quote(key, safe='~')}{suffix}"


# --- Adding a record ----------------------------------------------------------------------------------------------


@twin(router, "/kaart/{kind}/new", summary="The form to add a record of this kind: its columns", tags=TAGS,
      model=schemas.RecordForm)
def new_page(request: Request, kind: Kind) -> Result:
    require(request, *WRITER_ROLES)
    texts = {name: value for name, value in request.query_params.items() if isinstance(value, str)}
    return _new_result(kind.value, texts, {}, [], 200)


def _new_result(kind: str, texts: dict[str, str], problems: dict[str, str], general: list[str],
                status: int) -> Result:
    data = {"kind": kind, "columns": columns_of(kind), "record": None}
    title = i18n.translate(N_("Add: {kind}"), {"kind": label("record", kind)})
    return Result(data, "kaart_form.html", title, status=status, context={
        "kind": kind, "fields": fields(kind, texts, problems, creating=True), "general": general,
        "action": f"/kaart/{kind}/new", "record": None, "conflict": None})


@router.post("/kaart/{kind}/new", include_in_schema=False, dependencies=[Depends(require_form_from_our_page)])
def new_form(request: Request, kind: Kind) -> Response:
    user = require(request, *WRITER_ROLES)
    values = sent(request.state.form, kind.value, creating=True)
    try:
        record = create_record(store_of(request), _actor(user), kind.value, values, request.url.path,
                               allowed=lambda wijken: may_create(user, kind.value, wijken))
    except EditRefused as error:
        problems, general = problem_texts(kind.value, error)
        return render(request, _new_result(kind.value, values, problems, general, 422), "html")
    except NotPermitted as error:
        raise _refused(error) from None
    return RedirectResponse(_url(record.kind, record.key, "?saved=1"), status_code=303)


@router.post("/kaart/{kind}.json", tags=TAGS, status_code=201,
             dependencies=[Depends(_known_kind), Depends(writer_first)],
             response_model=schemas.Record, responses=schemas.change_responses(),
             summary="Add a record (bearer token; coordinator in their wijken, admin)")
def new_json(request: Request, kind: Kind, body: schemas.NewBody) -> JSONResponse:
    user = json_writer(request)
    try:
        record = create_record(store_of(request), _actor(user), kind.value, body.values, request.url.path,
                               allowed=lambda wijken: may_create(user, kind.value, wijken))
    except (EditRefused, NotPermitted) as error:
        raise _refused(error) from None
    return JSONResponse(record.public(), status_code=201)


# --- A record and changing it -------------------------------------------------------------------------------------


@twin(router, "/kaart/{kind}/{key}/edit", summary="The form to change a record: its columns and the record",
      tags=TAGS, model=schemas.RecordForm)
def edit_page(request: Request, kind: Kind, key: str) -> Result:
    user = require(request, *WRITER_ROLES)
    record = _record(store_of(request), kind.value, key)
    refuse_unless_may_change(user, record.wijken, kind.value, key)
    return _edit_result(record, texts_of(record.values), {}, [], None, 200)


def _edit_result(record: Record, texts: dict[str, str], problems: dict[str, str], general: list[str],
                 conflict: dict[str, Any] | None, status: int) -> Result:
    data = {"kind": record.kind, "columns": columns_of(record.kind), "record": record.public()}
    title = i18n.translate(N_("Change: {name}"), {"name": record.label})
    return Result(data, "kaart_form.html", title, status=status, context={
        "kind": record.kind, "fields": fields(record.kind, texts, problems, creating=False), "general": general,
        "action": _url(record.kind, record.key, "/edit"), "record": record, "conflict": conflict})


@router.post("/kaart/{kind}/{key}/edit", include_in_schema=False, dependencies=[Depends(require_form_from_our_page)])
def edit_form(request: Request, kind: Kind, key: str) -> Response:
    user = require(request, *WRITER_ROLES)
    store = store_of(request)
    record = _record(store, kind.value, key)
    refuse_unless_may_change(user, record.wijken, kind.value, key)
    form = request.state.form
    values = sent(form, kind.value, creating=False)
    try:
        apply_edit(store, _actor(user), kind.value, key, values, str(form.get("version") or ""), request.url.path,
                   allowed=lambda wijken: may_change(user, wijken))
    except EditRefused as error:
        problems, general = problem_texts(kind.value, error)
        return render(request, _edit_result(record, {**texts_of(record.values), **values}, problems, general, None,
                                             422), "html")
    except VersionConflict as error:
        now = _record(store, kind.value, key)
        template, fields_ = conflict_message(error)
        conflict = {"message": i18n.translate(template, fields_), "rows": conflict_rows(kind.value, error, values)}
        return render(request, _edit_result(now, {**texts_of(now.values), **values}, {}, [], conflict, 409), "html")
    except (NotPermitted, RecordMissing) as error:
        raise _refused(error) from None
    return RedirectResponse(_url(kind.value, key, "?saved=1"), status_code=303)


@router.put("/kaart/{kind}/{key}.json", tags=TAGS, response_model=schemas.Record, dependencies=[Depends(writer_first)],
            responses=schemas.change_responses(),
            summary="Change a record (bearer token; coordinator in their wijken, admin): the columns sent, if the "
                    "record still has the version you read")
def edit_json(request: Request, kind: Kind, key: str, body: schemas.EditBody) -> JSONResponse:
    user = json_writer(request)
    store = store_of(request)
    record = _record(store, kind.value, key)
    refuse_unless_may_change(user, record.wijken, kind.value, key)
    try:
        after = apply_edit(store, _actor(user), kind.value, key, body.values, body.version, request.url.path,
                           allowed=lambda wijken: may_change(user, wijken))
    except (EditRefused, VersionConflict, NotPermitted, RecordMissing) as error:
        raise _refused(error) from None
    return JSONResponse(after.public())


@twin(router, "/kaart/{kind}/{key}", summary="A record of the sociale kaart: its values (by column of the import "
      "sheet), version and wijken", tags=TAGS, model=schemas.Record)
def record_page(request: Request, kind: Kind, key: str) -> Result:
    user = require(request)
    store = store_of(request)
    record = _record(store, kind.value, key)
    return _record_result(request, store, user, record, [], 200)


def _record_result(request: Request, store: Store, user: auth.User, record: Record, problems: list[str],
                   status: int, removed: bool = False) -> Result:
    def context() -> dict[str, Any]:
        related = (store.read(cypher_files.load("kaart_professional_records"), {"key": record.key})
                   if record.kind == "professional" and not removed else [])
        return {"record": record, "texts": texts_of(record.values), "kind": record.kind, "related": related,
                "may_edit": not removed and may_change(user, record.wijken),
                "may_add": user.role in WRITER_ROLES, "ends": record.kind in PERIOD_KINDS,
                "removes": record.kind in REMOVABLE_KINDS, "problems": problems, "removed": removed,
                "saved": request.query_params.get("saved") == "1", "today": dt.date.today().isoformat(),
                "url": _url(record.kind, record.key)}

    title = f"{label('record', record.kind)}: {record.label}"
    return Result(record.public(), "kaart_record.html", title, context=context, status=status)


# --- Ending a record ----------------------------------------------------------------------------------------------


@router.post("/kaart/{kind}/{key}/end", include_in_schema=False, dependencies=[Depends(require_form_from_our_page)])
def end_form(request: Request, kind: Kind, key: str) -> Response:
    user = require(request, *WRITER_ROLES)
    store = store_of(request)
    record = _record(store, kind.value, key)
    refuse_unless_may_change(user, record.wijken, kind.value, key)
    form = request.state.form
    text = str(form.get("until") or "").strip()
    until, problem = parse_date(text) if text else (dt.date.today(), None)
    try:
        if problem or until is None:
            raise EditRefused([("until", problem)])  # type: ignore[list-item]  # a Msg
        after = end_record(store, _actor(user), kind.value, key, until, str(form.get("version") or ""),
                           request.url.path)
    except EditRefused as error:
        problems, general = problem_texts(kind.value, error)
        return render(request, _record_result(request, store, user, record, [*problems.values(), *general], 422),
                      "html")
    except VersionConflict as error:
        template, fields_ = conflict_message(error)
        now = _record(store, kind.value, key)
        return render(request, _record_result(request, store, user, now, [i18n.translate(template, fields_)], 409),
                      "html")
    except RecordMissing as error:
        raise _refused(error) from None
    if kind.value in REMOVABLE_KINDS:
        return render(request, _record_result(request, store, user, after, [], 200, removed=True), "html")
    return RedirectResponse(_url(kind.value, key, "?saved=1"), status_code=303)


@router.post("/kaart/{kind}/{key}/end.json", tags=TAGS, response_model=schemas.Ended,
             dependencies=[Depends(writer_first)],
             responses=schemas.change_responses(),
             summary="End a record (bearer token): a membership, wijk work or agreement gets its end date; expertise "
                     "and a neighbour pair are removed")
def end_json(request: Request, kind: Kind, key: str, body: schemas.EndBody) -> JSONResponse:
    user = json_writer(request)
    store = store_of(request)
    record = _record(store, kind.value, key)
    refuse_unless_may_change(user, record.wijken, kind.value, key)
    try:
        after = end_record(store, _actor(user), kind.value, key, body.until or dt.date.today(), body.version,
                           request.url.path)
    except (EditRefused, VersionConflict, RecordMissing) as error:
        raise _refused(error) from None
    return JSONResponse({**after.public(), "removed": kind.value in REMOVABLE_KINDS})

