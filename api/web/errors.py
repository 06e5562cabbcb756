"""Every error as an RFC 9457 problem detail (``application/problem+json``: type, title, status, detail).

The JSON and CSV twins answer the problem itself; the HTML twin shows it as a page (a 401 sends the browser to
``/login``; a missing reason shows the form that asks for one). No stack trace reaches a client: an unexpected
error is logged here with an incident id, and the client gets that id. Neo4j down gives 503 at once.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import auth, i18n
from api.i18n import N_
from api.web.common import PROBLEM_BASE, TITLES, Problem, fmt_of, templates, twin_url
from graph.local_neo4j import Neo4jRuntimeError
from graph.store import StoreBusy, StoreUnavailable
from queries.params import AnalysisError

log = logging.getLogger("wijkgraph.web")


def problem_response(request: Request, status: int, title: str, detail: str, kind: str,
                     extra: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Response:
    response = _problem_response(request, status, title, detail, kind, extra)
    response.headers.update(headers or {})  # e.g. Allow on a 405 (RFC 9110)
    return response


def _problem_response(request: Request, status: int, title: str, detail: str, kind: str,
                      extra: dict[str, Any] | None = None) -> Response:
    body = {"type": PROBLEM_BASE + kind, "title": i18n.gettext(title), "status": status, "detail": detail,
            "instance": request.url.path, **(extra or {})}
    if fmt_of(request) != "html":
        return JSONResponse(body, status_code=status, media_type="application/problem+json")
    if status == 401 and request.method == "GET":
        return RedirectResponse(f"/login?{urlencode({'next': twin_url(request, 'html')})}", status_code=303)
    user = getattr(request.state, "user", None)
    if kind == "reason-required":
        return templates.TemplateResponse(
            request, "reason.html", {"request": request, "problem": body,
                                     "title": i18n.gettext("Why do you open this household?"), "user": user,
                                     "json_url": None, "csv_url": None,
                                     "query": [(k, v) for k, v in request.query_params.multi_items()
                                               if k != "reason"]}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"request": request, "problem": body, "title": body["title"], "user": user,
                                "json_url": None, "csv_url": None}, status_code=status)


def _unreachable(error: Exception) -> str:
    """What a user reads when Neo4j is down; the technical cause (English, from the graph layer) for the admin."""
    return i18n.translate(N_("The database is not reachable, so wijkgraph cannot answer now. Try again in a few "
                             "minutes; if it lasts, tell your administrator: {cause}"), {"cause": str(error)})


def _store_problem(request: Request, error: Exception) -> Response:
    """503 either way: Neo4j down (or refusing our credentials), or up but too busy to answer in time."""
    if isinstance(error, StoreBusy):
        log.warning("Neo4j too slow: %s", error)
        detail = i18n.translate(N_("The database answers too slowly right now: it is busy. Try again in a moment; "
                                   "if it lasts, tell your administrator: {cause}"), {"cause": str(error)})
        return problem_response(request, 503, N_("Neo4j answers too slowly"), detail, "neo4j-too-slow",
                                headers={"Retry-After": "5"})
    log.warning("Neo4j unreachable: %s", error)
    return problem_response(request, 503, N_("Neo4j is not reachable"), _unreachable(error), "neo4j-unreachable")


def response_for(request: Request, error: Problem | StoreUnavailable | Neo4jRuntimeError) -> Response:
    """The problem response of an error raised outside a route (in a middleware), as the handlers give it."""
    if isinstance(error, Problem):
        return problem_response(request, error.status, error.title, error.detail, error.kind)
    return _store_problem(request, error)


def allowed_methods(request: Request) -> str:
    """The methods of the first route template this path matches, over all its routes (the router names only the
    first route's: a JSON twin's GET and its PUT are two routes of one template)."""
    routes = [route for route in request.app.router.routes
              if getattr(route, "methods", None) and getattr(route, "path_regex", None) is not None]
    template = next((route.path for route in routes if route.path_regex.match(request.url.path)), None)
    methods = {method for route in routes if route.path == template for method in route.methods}
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, error: Problem) -> Response:
        # A refused change (api/web/writes.py) adds members of its own: current and version, or problems.
        return problem_response(request, error.status, error.title, error.detail, error.kind,
                                getattr(error, "extra", None))

    @app.exception_handler(AnalysisError)
    async def _analysis(request: Request, error: AnalysisError) -> Response:
        return problem_response(request, 400, N_("Bad analysis parameters"),
                                i18n.translate(error.template, error.fields), "bad-analysis-parameters")

    @app.exception_handler(auth.AuthError)
    async def _auth(request: Request, error: auth.AuthError) -> Response:
        return problem_response(request, 400, N_("Bad request"), i18n.translate(error.template, error.fields),
                                "bad-request")

    @app.exception_handler(StoreUnavailable)
    @app.exception_handler(Neo4jRuntimeError)
    async def _store(request: Request, error: Exception) -> Response:
        return _store_problem(request, error)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        parts, whole_numbers = [], []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "path"))
            if item.get("type") == "int_parsing":  # the usual mistake (?page=abc): said as the paging check says it
                whole_numbers.append(i18n.translate("{name} must be a whole number, not {text!r}.",
                                                    {"name": where, "text": item.get("input")}))
            else:  # pydantic's own words, in English, after a translated opening
                parts.append(f"{where}: {item.get('msg')}")
        detail = " ".join([*whole_numbers, *([i18n.translate(N_("Invalid parameters: {errors}"),
                                                             {"errors": "; ".join(parts)})] if parts else [])])
        detail = detail or i18n.gettext("The request is not valid.")
        return problem_response(request, 400, N_("Invalid parameters"), detail, "invalid-parameters")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        detail = str(error.detail)
        if error.status_code == 404 and detail == "Not Found":
            detail = i18n.translate(N_("There is no page or resource at {path}."), {"path": request.url.path})
        elif error.status_code == 405 and detail == "Method Not Allowed":
            detail = i18n.gettext("This address does not take that method.")
        headers = getattr(error, "headers", None)
        if error.status_code == 405 and headers and "Allow" in headers:
            headers = {**headers, "Allow": allowed_methods(request) or headers["Allow"]}
        return problem_response(request, error.status_code, TITLES.get(error.status_code, N_("Error")), detail,
                                {404: "not-found", 405: "method-not-allowed"}.get(error.status_code, "error"),
                                headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        incident = uuid.uuid4().hex[:12]
        log.exception("Unexpected error %s on %s %s", incident, request.method, request.url.path)
        return problem_response(
            request, 500, N_("Internal error"),
            i18n.translate(N_("Something went wrong on the server; it was logged as incident {incident}. "
                              "Please tell your administrator the incident id."), {"incident": incident}),
            "internal-error", {"incident": incident})
