"""The wijkgraph web app: FastAPI, JSON and HTML twins of every resource, problem details for every error.

The routes live in :mod:`api.web`, one module per resource; this module puts them together with the defences that
hold for every route (:mod:`api.web.security`). The URL rule, the problem details and the roles are described in
README.md ("The web app") and in :mod:`api.web.common`. Start it with ``wijkgraph serve``, or
``uvicorn api.app:create_app --factory``: the host allow-list and the exposure rule hold either way.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path

from api import i18n
from api.web import (
    admin,
    advise,
    analyses,
    contacts,
    exports,
    households,
    kaart,
    links,
    meta,
    organisations,
    register,
    registrations,
    reports,
    security,
    users,
    verify,
    wijken,
)
from api.web.common import Problem, document_problems, templates
from api.web.errors import install_error_handlers, response_for
from graph.local_neo4j import Neo4jRuntimeError
from graph.store import Store, StoreUnavailable

STATIC_DIR = Path(__file__).parent / "static"
# In this order: meta serves /static/vis-network.* before the static folder is mounted.
# links, registrations and register before the /kaart/{kind}/... routes: /kaart/registrations is not a kind.
RESOURCES = (meta, wijken, households, contacts, links, registrations, register, verify, organisations, analyses,
             advise, reports, admin, users, exports, kaart)
OPENAPI_URL = "/api/openapi.json"
# Young objects are collected after 10,000 allocations instead of 700; the older generations keep their ratios, so a
# full pass comes about 14 times less often.
GC_THRESHOLDS = (10_000, 10, 10)
_gc_settled = threading.Event()


def settle_heap() -> None:
    """Once per process, when its first app starts: freeze what lives as long as the process (modules, templates,
    the app: about 150,000 objects) out of the cyclic garbage collector's reach, and collect less often.

    A full collection walked all of them and took 100-150 ms, about once every 5 pages of a busy worker at national
    scale, and each slow call of the pages probed coincided with one (BENCHMARKS.md, after the one-command run).
    After this a full pass takes about 30 ms and comes rarely. Frozen objects are still freed when nothing refers
    to them; only a reference cycle among them would stay, which objects made at start-up do not form once they are
    no longer used (https://docs.python.org/3/library/gc.html#gc.freeze).
    """
    if _gc_settled.is_set():
        return
    _gc_settled.set()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settle_heap()
    yield


def create_app(store_factory: Callable[[], Store] | None = None) -> FastAPI:
    """The app. ``store_factory`` gives the store (default: the configured Neo4j, see graph.connection)."""
    app = FastAPI(
        title="wijkgraph",
        version="0.1.0",
        description="The network around sociale wijkteams: partner maps, ecograms, contacts and analyses. "
                    "Every page `/path` has a JSON twin `/path.json` (and tables a CSV twin `/path.csv`). "
                    "Authenticate with `Authorization: Bearer <token>` (see `wijkgraph users add`).",
        docs_url=None, redoc_url=None, openapi_url=OPENAPI_URL, lifespan=_lifespan,
    )
    app.state.store_factory = store_factory
    templates.env.globals["csrf_field"] = security.csrf_field
    install_error_handlers(app)
    document_problems(app)
    app.add_middleware(Defences)
    for resource in RESOURCES:
        # The routes themselves (FastAPI's include_router now wraps a router in one opaque route): app.routes lists
        # every route, which the access tests walk.
        app.router.routes.extend(resource.router.routes)
    app.add_api_route("/api/docs", _api_docs, include_in_schema=False, response_class=HTMLResponse)
    app.mount("/api/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    return app


class Defences:
    """The defences of every answer (api/web/security.py), as a plain ASGI middleware: Starlette's
    ``BaseHTTPMiddleware`` (``app.middleware("http")``) runs every request in a task of its own and passes the answer
    through a stream, which cost CPU on every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        # The language of this answer (Dutch unless the user or the browser asks for English); the route and the
        # templates read it from the context, which the route's thread inherits.
        i18n.set_language(i18n.negotiate(request.headers.get("accept-language"), request.cookies.get(i18n.COOKIE)))
        language = i18n.language()

        async def finish(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Language", language)
                headers["Vary"] = ", ".join(filter(None, (headers.get("Vary"), "Accept-Language, Cookie")))
                cookie = security.presession_cookie(request)
                if cookie:
                    headers.append("set-cookie", cookie)
                security.add_security_headers(request.url.path, headers)
            await send(message)

        try:
            security.check_request(request)
        except (Problem, StoreUnavailable, Neo4jRuntimeError) as error:
            await response_for(request, error)(scope, receive, finish)
            return
        await self.app(scope, receive, finish)


def _api_docs() -> HTMLResponse:
    """Swagger UI from the swagger-ui-bundle package and our own start script: no CDN, no inline script (CSP)."""
    return HTMLResponse(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>wijkgraph API</title>"
        "<link rel='stylesheet' href='/api/docs/assets/swagger-ui.css'></head><body><div id='swagger-ui'"
        f" data-openapi='{OPENAPI_URL}'></div><script src='/api/docs/assets/swagger-ui-bundle.js'></script>"
        "<script src='/static/swagger-init.js'></script></body></html>")
