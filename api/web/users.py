"""For admins: the users, and changing them in the app (issue 16 item 6): add (the token shown once), disable, a new
token (shown once), limit to teams or wijken.

Pages: ``/users`` (the list and the form to add one) and ``/users/{name}`` (one user and its forms); every form
carries the CSRF token and works without JavaScript. JSON (bearer token only, :func:`api.web.writes.json_writer`):
``POST /users.json``, ``POST /users/{name}/disable.json``, ``POST /users/{name}/token.json``,
``POST /users/{name}/limit.json``. The rules and the audit entries are in :mod:`api.user_changes`; a refused change
leaves everything as it was. A token is in the one answer that made it and never in any later page or JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import escape

from api import auth, cache, i18n
from api.i18n import N_
from api.i18n import gettext as _
from api.user_changes import AuthError, team_options
from api.web import schemas, wijk_select
from api.web.common import PROBLEM_SCHEMA, TITLES, Problem, Result, render, require, store_of, twin, wijk_options
from api.web.schemas_users import UserAdd, UserChanged, UserLimit, UserWithToken
from api.web.security import require_form_from_our_page
from api.web.writes import ChangeProblem, json_writer
from importers.upkeep.changes import Actor

router = APIRouter()
FORM = [Depends(require_form_from_our_page)]
CONFLICT = N_("Conflict")  # the title of a 409: a rule refused the change


def _actor(user: auth.User) -> Actor:
    return Actor(user.name, user.role)


def _row(store: Any, name: str) -> dict[str, Any]:
    rows = [row for row in auth.list_users(store) if row["name"] == name]
    if not rows:
        raise Problem(404, "There is no user {name!r}.", name=name)
    return rows[0]


def _message(error: AuthError) -> str:
    return i18n.translate(error.template, error.fields)


def _problem(error: AuthError) -> Problem:
    """The problem detail of a refused change: 404, 409 (with the rule), 422 (with ``problems``)."""
    if error.status == 422:
        return ChangeProblem(422, "The change was refused; nothing was saved: {problems}", "invalid-values",
                             {"problems": [{"column": error.column, "message": _message(error)}]},
                             problems=_message(error))
    return Problem(error.status, error.template, kind="not-found" if error.status == 404 else "refused",
                   title=TITLES.get(error.status, CONFLICT), **error.fields)


# --- Pages --------------------------------------------------------------------------------------------------------


def _limit_choices(request: Request, sent: dict[str, Any]) -> dict[str, Any]:
    """The team and wijk selectors of the users pages: every team and every wijk (about 3,650 and 3,300 at national
    scale), rendered to option tags once per data version in this process (api/web/wijk_select.py), then the
    chosen ones marked."""
    store = store_of(request)
    version = cache.data_version(request, store)

    def html(kind: str, build: Callable[[], str]) -> str:
        key = None if version is None else (store.settings.uri, store.database, version, f"user limits {kind}")
        return wijk_select.kept_html(key, build)

    def team_tags() -> str:
        return "".join(f'<option value="{escape(t["id"])}">{escape(t["name"])} ({escape(t["id"])}'
                       f'{": " + escape(", ".join(t["wijken"])) if t["wijken"] else ""})</option>'
                       for t in team_options(store))

    def wijk_tags() -> str:
        return "".join(f'<option value="{escape(w["code"])}">{escape(w["name"])} ({escape(w["code"])}, '
                       f'{escape(w["municipality"])})</option>' for w in wijk_options(store, request=request))

    teams, wijken = html("teams", team_tags), html("wijken", wijk_tags)
    return {"teams": wijk_select.mark_selected(teams, sent.get("teams")), "team_count": teams.count("<option "),
            "wijken": wijk_select.mark_selected(wijken, sent.get("wijken")), "wijk_count": wijken.count("<option ")}


def _list_page(request: Request, *, status: int = 200, notice: str | None = None, error: str | None = None,
               sent: dict[str, Any] | None = None) -> Result:
    store = store_of(request)
    chosen = sent or {"teams": [], "wijken": []}
    return Result({"items": auth.list_users(store)}, "users.html", _("Users"), status=status, context=lambda: {
        "limits": _limit_choices(request, chosen), "notice": notice, "error": error,
        "sent": chosen, "roles": auth.ROLES, "json_url": "/users.json"})


def _user_page(request: Request, name: str, *, status: int = 200, notice: str | None = None,
               error: str | None = None) -> Result:
    store = store_of(request)
    row = _row(store, name)
    return Result(row, "user_detail.html", _("User {name}").format(name=name), status=status, context=lambda: {
        "limits": _limit_choices(request, row), "notice": notice, "error": error,
        "scoped": row["role"] in auth.SCOPED_ROLES, "json_url": f"/users/{quote(name, safe='')}.json"})


@twin(router, "/users", summary="Users (admins)", tags=["admin"], model=schemas.Users)
def users(request: Request) -> Result:
    require(request, "admin")
    return _list_page(request)


@twin(router, "/users/{name}", summary="One user (admins)", tags=["admin"], model=schemas.UserRow)
def user(request: Request, name: str) -> Result:
    require(request, "admin")
    return _user_page(request, name)


def _token_page(request: Request, name: str, token: str, added: bool) -> Response:
    title = _("User {name} added") if added else _("New token for {name}")
    result = Result({"user": _row(store_of(request), name), "token": token, "added": added}, "user_token.html",
                    title.format(name=name), status=201 if added else 200, context={"json_url": None})
    return render(request, result, "html")


def _form_list(request: Request, field: str) -> list[str]:
    return [value for value in request.state.form.getlist(field) if isinstance(value, str) and value]


def _form_text(request: Request, field: str) -> str:
    value = request.state.form.get(field)
    return value if isinstance(value, str) else ""


@router.post("/users", include_in_schema=False, dependencies=FORM, response_class=HTMLResponse)
def add_form(request: Request) -> Response:
    admin = require(request, "admin")
    name, role = _form_text(request, "name"), _form_text(request, "role")
    teams, wijken = _form_list(request, "teams"), _form_list(request, "wijken")
    try:
        token = auth.add_user(store_of(request), name, role, wijken, teams, actor=_actor(admin),
                              resource=request.url.path)
    except AuthError as error:
        sent = {"name": name, "role": role, "teams": teams, "wijken": wijken}
        return render(request, _list_page(request, status=error.status, error=_message(error), sent=sent), "html")
    return _token_page(request, name.strip(), token, added=True)


def _refused_on_user_page(request: Request, name: str, error: AuthError) -> Response:
    if error.status == 404:
        raise _problem(error)
    return render(request, _user_page(request, name, status=error.status, error=_message(error)), "html")


@router.post("/users/{name}/disable", include_in_schema=False, dependencies=FORM, response_class=HTMLResponse)
def disable_form(request: Request, name: str) -> Response:
    admin = require(request, "admin")
    try:
        _disable(request, admin, name)
    except AuthError as error:
        return _refused_on_user_page(request, name, error)
    notice = _("User {name} is disabled: its token and sessions no longer work.").format(name=name)
    return render(request, _user_page(request, name, notice=notice), "html")


@router.post("/users/{name}/token", include_in_schema=False, dependencies=FORM, response_class=HTMLResponse)
def token_form(request: Request, name: str) -> Response:
    admin = require(request, "admin")
    try:
        token = auth.replace_token(store_of(request), name, actor=_actor(admin), resource=request.url.path)
    except AuthError as error:
        return _refused_on_user_page(request, name, error)
    return _token_page(request, name, token, added=False)


@router.post("/users/{name}/limit", include_in_schema=False, dependencies=FORM, response_class=HTMLResponse)
def limit_form(request: Request, name: str) -> Response:
    admin = require(request, "admin")
    try:
        auth.limit_user(store_of(request), name, _form_list(request, "teams"), _form_list(request, "wijken"),
                        actor=_actor(admin), resource=request.url.path)
    except AuthError as error:
        return _refused_on_user_page(request, name, error)
    notice = _("The teams and wijken of {name} are saved.").format(name=name)
    return render(request, _user_page(request, name, notice=notice), "html")


def _disable(request: Request, admin: auth.User, name: str) -> None:
    if not auth.disable_user(store_of(request), name, actor=_actor(admin), resource=request.url.path):
        raise AuthError(N_("There is no user {name!r}."), 404, name=name)


# --- JSON (bearer token only) -------------------------------------------------------------------------------------


def admin_writer(request: Request) -> auth.User:
    """The admin of a JSON change, checked before the body is read (no bearer token: 401 or 403, not a 400)."""
    return json_writer(request, "admin")


def _responses(model: type, ok: int = 200) -> dict[int | str, dict[str, Any]]:
    problem = {"application/problem+json": {"schema": PROBLEM_SCHEMA}}
    described = {400: "Invalid body", 401: TITLES[401], 403: TITLES[403], 404: "There is no such user",
                 409: "Refused by a rule (the last admin, yourself, an existing name); nothing changed",
                 422: "Invalid values (unknown team, wijk or role; problems by column); nothing changed",
                 503: TITLES[503]}
    return {ok: {"description": model.__doc__ or "", "model": model},
            **{code: {"description": text, "content": problem} for code, text in described.items()}}


def _answer(request: Request, name: str, token: str | None = None, status: int = 200) -> JSONResponse:
    body: dict[str, Any] = {"user": _row(store_of(request), name)}
    if token is not None:
        body["token"] = token
    return JSONResponse(body, status_code=status)


@router.post("/users.json", tags=["admin"], summary="Add a user (admins, bearer token); its token is in this "
             "answer only", status_code=201, response_model=None, responses=_responses(UserWithToken, 201))
def add_json(request: Request, body: UserAdd, admin: auth.User = Depends(admin_writer)) -> JSONResponse:
    try:
        token = auth.add_user(store_of(request), body.name, body.role, body.wijken, body.teams, actor=_actor(admin),
                              resource=request.url.path)
    except AuthError as error:
        raise _problem(error) from None
    return _answer(request, body.name.strip(), token, 201)


@router.post("/users/{name}/disable.json", tags=["admin"], summary="Disable a user (admins, bearer token): its "
             "token and sessions stop at once", response_model=None, responses=_responses(UserChanged))
def disable_json(request: Request, name: str, admin: auth.User = Depends(admin_writer)) -> JSONResponse:
    try:
        _disable(request, admin, name)
    except AuthError as error:
        raise _problem(error) from None
    return _answer(request, name)


@router.post("/users/{name}/token.json", tags=["admin"], summary="A new token for a user (admins, bearer token): "
             "in this answer only; the old token and its sessions stop at once", response_model=None,
             responses=_responses(UserWithToken))
def token_json(request: Request, name: str, admin: auth.User = Depends(admin_writer)) -> JSONResponse:
    try:
        token = auth.replace_token(store_of(request), name, actor=_actor(admin), resource=request.url.path)
    except AuthError as error:
        raise _problem(error) from None
    return _answer(request, name, token)


@router.post("/users/{name}/limit.json", tags=["admin"], summary="Limit a professional or coordinator to teams "
             "and wijken (admins, bearer token)", response_model=None, responses=_responses(UserChanged))
def limit_json(request: Request, name: str, body: UserLimit, admin: auth.User = Depends(admin_writer)
               ) -> JSONResponse:
    try:
        auth.limit_user(store_of(request), name, body.teams, body.wijken, actor=_actor(admin),
                        resource=request.url.path)
    except AuthError as error:
        raise _problem(error) from None
    return _answer(request, name)
