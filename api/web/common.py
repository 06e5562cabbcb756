"""The shared machinery of the web app: results and their twins, problem details, paging, the store and the user.

**One URL rule for everything** (Datasette's): a resource's page is ``/path``; its JSON is ``/path.json``; a table
also has ``/path.csv`` and ``/path.xlsx`` (an Excel workbook, api/xlsx.py). The home page ``/`` has ``/index.json``.
Query parameters are the same for all twins. Lists take ``?page=`` (from 1) and ``?size=`` (at most 500) and
answer ``{items, total, page, size, pages, next, previous}`` in JSON. A route module registers a handler that
returns a :class:`Result` with :func:`twin`, which adds the page, the JSON and (for tables) the CSV and XLSX twins.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from api import auth, cache, i18n
from api.i18n import N_
from api.labels import audit_what, label
from api.spreadsheet import cell, spreadsheet_safe
from api.web import schemas, wijk_select
from api.xlsx import XLSX_TYPE, workbook_bytes
from graph.connection import open_store
from graph.store import Store
from queries import pages

TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
PROBLEM_BASE = "https://wijkgraph.example/problems/"  # stable identifiers of the problem types
MAX_SIZE = 500
MAX_PAGE = 1_000_000
DEFAULT_SIZE = 50
TITLES = {400: N_("Bad request"), 401: N_("Not logged in"), 403: N_("Not allowed"), 404: N_("Not found"),
          405: N_("Method not allowed"), 422: N_("Invalid parameters"), 500: N_("Internal error"),
          503: N_("Neo4j is not reachable")}
PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}  # an error answer (RFC 9457): see document_problems


class Problem(Exception):
    """An error for the client: becomes a problem detail (RFC 9457).

    ``detail`` is an English message id with ``{named}`` fields, given as keyword arguments: the handler translates
    it into the request's language (``Problem(404, "There is no wijk {code}.", code=code)``)."""

    def __init__(self, status: int, detail: str, kind: str | None = None, title: str | None = None,
                 **fields: Any) -> None:
        super().__init__(detail.format(**fields) if fields else detail)
        self.status, self.template, self.fields = status, detail, fields
        self.kind = kind or {400: "bad-request", 401: "not-logged-in", 403: "forbidden", 404: "not-found",
                             503: "neo4j-unreachable"}.get(status, "error")
        self.title = title or TITLES.get(status, N_("Error"))

    @property
    def detail(self) -> str:
        """The detail in the language of the request being answered."""
        return i18n.translate(self.template, self.fields)


def fmt_of(request: Request) -> str:
    path = request.url.path
    if path.startswith("/exports/"):
        return "file"  # a download (api/web/exports.py): its errors are problem details, as a twin's
    if path.endswith(".json"):
        return "json"
    if path.endswith(".csv"):
        return "csv"
    if path.endswith(".xlsx"):
        return "xlsx"
    return "html"


def twin_url(request: Request, fmt: str) -> str:
    """The URL of the same resource in another format, with the same query."""
    path = request.url.path
    for suffix in (".json", ".csv", ".xlsx"):
        path = path.removesuffix(suffix)
    if fmt == "html":
        base = "/" if path == "/index" else path
    else:
        base = ("/index" if path == "/" else path.rstrip("/")) + f".{fmt}"
    query = request.url.query
    return f"{base}?{query}" if query else base


# --- Results and rendering ---------------------------------------------------------------------------------------


@dataclass
class Result:
    """What a handler returns: the JSON data, and how to show it as a page and a CSV table."""

    data: Any
    template: str
    title: str
    # The page's extra template values; a function when they cost a query, so the JSON and CSV twins skip it.
    context: dict[str, Any] | Callable[[], dict[str, Any]] = field(default_factory=dict)
    rows: list[dict[str, Any]] | None = None  # the table of the CSV twin (default: data["items"])
    status: int = 200


@dataclass(frozen=True)
class Paging:
    page: int
    size: int

    @property
    def skip(self) -> int:
        return (self.page - 1) * self.size


def paging(request: Request) -> Paging:
    def number(name: str, default: int) -> int:
        text = request.query_params.get(name)
        if text in (None, ""):
            return default
        try:
            value = int(text)
        except ValueError:
            raise Problem(400, "{name} must be a whole number, not {text!r}.", name=name, text=text) from None
        if value < 1:
            raise Problem(400, "{name} must be 1 or more, not {value}.", name=name, value=value)
        if value > MAX_PAGE:  # beyond it the offset overflows Neo4j's integers (was a 500)
            raise Problem(400, "{name} must be at most {most}, not {value}.", name=name, most=MAX_PAGE, value=value)
        return value

    return Paging(number("page", 1), min(number("size", DEFAULT_SIZE), MAX_SIZE))


def page_of(request: Request, p: Paging, total: int, items: list[Any]) -> dict[str, Any]:
    pages_count = max(1, math.ceil(total / p.size)) if total else 1

    def link(page: int) -> str:
        multi = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "size")]
        return f"{request.url.path}?{urlencode([*multi, ('page', page), ('size', p.size)])}"

    return {"items": items, "total": total, "page": p.page, "size": p.size, "pages": pages_count,
            "next": link(p.page + 1) if p.page < pages_count else None,
            "previous": link(p.page - 1) if p.page > 1 else None}


def query_string(**params: Any) -> str:
    return urlencode({key: value for key, value in params.items() if value not in (None, "")})


def page_cell(value: Any) -> str:
    """A table cell as a page shows it: like the CSV's, with yes and no in the user's language (ja/nee)."""
    return cell(value, i18n.gettext("yes"), i18n.gettext("no"))


templates.env.globals["cell"] = page_cell
templates.env.globals["query_string"] = query_string
templates.env.globals["wijk_option_groups"] = wijk_select.option_groups
# Dutch first: {{ _("...") }} and {% trans %} in the templates translate into the request's language (api.i18n).
templates.env.add_extension("jinja2.ext.i18n")
templates.env.policies["ext.i18n.trimmed"] = True
templates.env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
templates.env.globals["language"] = i18n.language
templates.env.globals["label"] = label
templates.env.globals["audit_what"] = audit_what
templates.env.filters.update(date=i18n.format_date, datetime=i18n.format_datetime, number=i18n.format_number,
                             percent=i18n.format_percent)


def csv_response(rows: list[dict[str, Any]], filename: str) -> Response:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([spreadsheet_safe(cell(row.get(column))) for column in columns] for row in rows)
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})


def xlsx_response(rows: list[dict[str, Any]], filename: str, title: str) -> Response:
    """The table as an Excel workbook (api/xlsx.py): typed cells, Dutch headers, frozen header row, filter."""
    return Response(workbook_bytes(rows, title), media_type=XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'})


def render(request: Request, result: Result, fmt: str) -> Response:
    if fmt == "json":
        return JSONResponse(result.data, status_code=result.status)
    if fmt in ("csv", "xlsx"):
        rows = result.rows if result.rows is not None else result.data.get("items", [])
        name = request.url.path.strip("/").removesuffix(f".{fmt}").replace("/", "-") or "index"
        return csv_response(rows, name) if fmt == "csv" else xlsx_response(rows, name, result.title)
    extra = result.context() if callable(result.context) else result.context
    context = {"request": request, "data": result.data, "title": result.title, "user": current(request),
               "json_url": twin_url(request, "json"),
               "csv_url": twin_url(request, "csv") if _has_csv(request) else None,
               "xlsx_url": twin_url(request, "xlsx") if _has_csv(request) else None,
               "cell": page_cell, **extra}
    return templates.TemplateResponse(request, result.template, context, status_code=result.status)


def _has_csv(request: Request) -> bool:
    endpoint = getattr(request.scope.get("route"), "endpoint", None)
    return bool(getattr(endpoint, "has_csv", False))


def _endpoint(func: Callable[..., Result], fmt: str, signature: inspect.Signature, has_csv: bool
              ) -> Callable[..., Response]:
    def endpoint(**kwargs: Any) -> Response:
        return render(kwargs["request"], func(**kwargs), fmt)

    endpoint.__signature__ = signature  # type: ignore[attr-defined]
    endpoint.__name__ = f"{func.__name__}_{fmt}"
    endpoint.__doc__ = func.__doc__
    endpoint.has_csv = has_csv  # type: ignore[attr-defined]
    return endpoint


class CSVResponse(Response):
    media_type = "text/csv"


class XLSXResponse(Response):
    media_type = XLSX_TYPE


def _documented_responses(fmt: str, model: type[BaseModel] | None, row: type[BaseModel] | None
                          ) -> dict[int | str, dict[str, Any]]:
    """What a JSON or CSV twin answers, for the OpenAPI document: the data (its response model; a CSV's columns), or
    a problem detail."""
    if fmt == "json":
        if model is None:
            raise ValueError("a JSON twin needs its response model (api/web/schemas.py)")
        ok: dict[str, Any] = {"description": model.__doc__ or "The resource", "model": model}
    else:
        columns = schemas.csv_description(row) if fmt == "csv" else schemas.xlsx_description(row)
        media = "text/csv" if fmt == "csv" else XLSX_TYPE
        ok = {"description": columns, "content": {media: {"schema": {"type": "string", "description": columns}
                                                           | ({} if fmt == "csv" else {"format": "binary"})}}}
    problem = {"application/problem+json": {"schema": PROBLEM_SCHEMA}}
    return {200: ok, **{code: {"description": TITLES[code], "content": problem} for code in (400, 401, 403, 404, 503)}}


def document_problems(app: FastAPI) -> None:
    """Put the problem-details model (api/web/schemas.py) in the OpenAPI document's components, where every error
    answer refers to it (one model for a generated client, not one per answer)."""
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = FastAPI.openapi(app)
            components = document.setdefault("components", {}).setdefault("schemas", {})
            components["Problem"] = schemas.Problem.model_json_schema()
            # FastAPI documents a 422 for every route with parameters; this app answers a bad parameter with a 400
            # problem detail (api/web/errors.py), which every operation already states.
            for operation in (op for item in document.get("paths", {}).values() for op in item.values()):
                if operation.get("responses", {}).get("422", {}).get("description") == "Validation Error":
                    operation["responses"].pop("422")  # FastAPI's; a change's own 422 (api/web/kaart.py) stays
            for unused in ("HTTPValidationError", "ValidationError"):
                components.pop(unused, None)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def twin(router: APIRouter, path: str, *, csv: bool = False, summary: str = "", tags: list[str | Enum] | None = None,
         form: Callable[..., Any] | None = None, model: type[BaseModel] | None = None,
         row: type[BaseModel] | None = None) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Register ``func`` (which takes ``request`` and returns a :class:`Result`) at ``path`` (HTML), ``path.json``
    and, for tables, ``path.csv``. The JSON and CSV twins are in the OpenAPI document.

    ``model``: the JSON answer's response model (api/web/schemas.py), stated in the OpenAPI document (the handler
    still returns a dict); ``row``: the model of a CSV row, whose fields name the CSV's columns (None: an analysis's).

    ``form``: the page also answers a POST of its form (a reason, which never goes in a URL), after the dependency
    ``form`` has checked that the form comes from one of our pages."""

    def decorator(func: Callable[..., Result]) -> Callable[..., Result]:
        json_path = "/index.json" if path == "/" else f"{path}.json"
        tables = [("csv", f"{path}.csv"), ("xlsx", f"{path}.xlsx")] if csv else []
        formats = [("json", json_path), *tables, ("html", path)]
        signature = inspect.signature(func, eval_str=True)  # resolved annotations: FastAPI reads them
        for fmt, route in formats:
            router.add_api_route(
                route, _endpoint(func, fmt, signature, csv), methods=["GET"], include_in_schema=fmt != "html",
                summary=f"{summary} ({fmt.upper()})" if summary else None, tags=tags,
                response_class={"html": HTMLResponse, "json": JSONResponse, "csv": CSVResponse,
                                "xlsx": XLSXResponse}[fmt],
                response_model=None, responses=_documented_responses(fmt, model, row) if fmt != "html" else None,
                name=f"{func.__name__}_{fmt}",
            )
        if form is not None:
            router.add_api_route(path, _endpoint(func, "html", signature, csv), methods=["POST"],
                                 include_in_schema=False, response_class=HTMLResponse, response_model=None,
                                 dependencies=[Depends(form)], name=f"{func.__name__}_form")
        return func

    return decorator


# --- The store, the user and common parameters ------------------------------------------------------------------


_REACHABLE_FOR = 5.0  # seconds a successful connectivity check is trusted
_last_ok: dict[int, float] = {}


def store_of(request: Request) -> Store:
    """The store, checked to be reachable (at most every few seconds): with Neo4j down the answer is a 503 at once,
    not after the driver's transaction retries (which take about 30 s)."""
    if hasattr(request.state, "store"):
        return request.state.store
    factory = getattr(request.app.state, "store_factory", None) or open_store
    store: Store = factory()
    now = time.monotonic()
    if now - _last_ok.get(id(store), -_REACHABLE_FOR) >= _REACHABLE_FOR:
        _last_ok.pop(id(store), None)
        store.verify()
        _last_ok[id(store)] = now
    request.state.store = store
    return store


def current(request: Request) -> auth.User | None:
    """The logged-in user, looked up once per request (bearer token first, then the session cookie)."""
    if hasattr(request.state, "user"):
        return request.state.user
    user = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = auth.user_by_token(store_of(request), header[7:].strip())
        if user is None:
            request.state.user = None
            raise Problem(401, "The bearer token is not valid (unknown, mistyped or disabled).")
    elif request.cookies.get(auth.SESSION_COOKIE):
        user = auth.user_by_session(store_of(request), request.cookies[auth.SESSION_COOKIE])
    request.state.user = user
    return user


def require(request: Request, *roles: str) -> auth.User:
    user = current(request)
    if user is None:
        raise Problem(401, "Log in first: a session from /login, or an Authorization: Bearer token.")
    if roles and user.role not in roles:
        raise Problem(403, "This is for the role {roles}; you are {role}.",
                      roles=" / ".join(label("role", role) for role in roles), role=label("role", user.role))
    return user


def given(request: Request, name: str) -> str | None:
    """A parameter of the page's form (a POST of one of our forms) or of the query string."""
    form = getattr(request.state, "form", None)
    value = form.get(name) if form is not None and name in form else request.query_params.get(name)
    return value if isinstance(value, str) else None


def on_param(request: Request, name: str = "on", default: dt.date | None = None) -> dt.date:
    text = given(request, name)
    if not text:
        return default or dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Problem(400, "{name} must be a date YYYY-MM-DD, not {text!r}.", name=name, text=text) from None


def every_municipality(request: Request | None, store: Store) -> list[dict[str, Any]]:
    """Every municipality with its wijken (queries/pages.py), kept per data version for a logged-in user."""
    user = current(request) if request is not None else None
    if request is None or user is None:
        return pages.municipalities(store)
    return cache.cached(request, store, user, "municipalities", None, lambda: pages.municipalities(store))


def wijk_options(store: Store, mine: frozenset[str] | None = None, only: frozenset[str] | None = None,
                 request: Request | None = None) -> list[dict[str, Any]]:
    """The wijken for a selector: code, name, municipality and ``mine`` (in the user's scope ``mine``), own first;
    ``only``: offer just these. With a logged-in user's ``request``: kept per data version (api/web/wijk_select.py)."""
    user = current(request) if request is not None else None
    version = cache.data_version(request, store) if request is not None and user is not None else None
    key = None if version is None else (store.settings.uri, store.database, version, mine, only)

    def build() -> list[dict[str, Any]]:
        every = every_municipality(request, store)
        options = [{"code": wijk["code"], "name": wijk["name"], "municipality": municipality["name"],
                    "mine": mine is not None and wijk["code"] in mine}
                   for municipality in every for wijk in municipality["wijken"]
                   if only is None or wijk["code"] in only]
        return sorted(options, key=lambda option: not option["mine"])  # stable: names in order within each part

    return wijk_select.kept_options(key, build)
