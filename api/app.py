"""The wijkgraph web app: FastAPI, JSON and HTML twins of every resource, problem details for every error.

The routes live in :mod:`api.web`, one module per resource; this module puts them together. The URL rule, the
problem details and the roles are described in README.md ("The web app") and in :mod:`api.web.common`.
Start it with ``wijkgraph serve``, or ``uvicorn api.app:create_app --factory``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import admin, analyses, contacts, households, meta, organisations, wijken
from api.web.errors import install_error_handlers
from graph.store import Store

STATIC_DIR = Path(__file__).parent / "static"
# In this order: meta serves /static/vis-network.* before the static folder is mounted.
RESOURCES = (meta, wijken, households, contacts, organisations, analyses, admin)


def create_app(store_factory: Callable[[], Store] | None = None) -> FastAPI:
    """The app. ``store_factory`` gives the store (default: the configured Neo4j, see graph.connection)."""
    app = FastAPI(
        title="wijkgraph",
        version="0.1.0",
        description="The network around sociale wijkteams: partner maps, ecograms, contacts and analyses. "
                    "Every page `/path` has a JSON twin `/path.json` (and tables a CSV twin `/path.csv`). "
                    "Authenticate with `Authorization: Bearer <token>` (see `wijkgraph users add`).",
        docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.store_factory = store_factory
    install_error_handlers(app)
    for resource in RESOURCES:
        # The routes themselves (FastAPI's include_router now wraps a router in one opaque route): app.routes lists
        # every route, which the access tests walk.
        app.router.routes.extend(resource.router.routes)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    return app
