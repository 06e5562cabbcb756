"""Shared set-up of the web tests: the small test world (tests/data), one user per role, a client or a live server.

Roles of the test world: the professional and the coordinator belong to team T-NOORD, which serves WK990101 only;
household HH-T-0001 lives in WK990101, HH-T-0002 in WK990102 (no team).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi.testclient import TestClient

from api import auth
from api.app import create_app
from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart

DATA = Path(__file__).parent / "data"
IN_SCOPE, OUT_OF_SCOPE = "HH-T-0001", "HH-T-0002"
WIJK_IN, WIJK_OUT = "WK990101", "WK990102"
# A value of the test world for each path parameter, for the tests that walk every route: a new route with a new
# path parameter adds its sample here.
PATH_SAMPLES = {"code": WIJK_IN, "household_id": IN_SCOPE, "organisation_id": "ORG-GGZ"}


def load_test_world(store: Store) -> dict[str, str]:
    """Import the test kaart and households; create one user per role; role -> token."""
    import_kaart(store, DATA / "kaart")
    import_households(store, DATA / "households.json")
    tokens = {}
    for role in auth.ROLES:
        teams = ["T-NOORD"] if role in auth.SCOPED_ROLES else []
        tokens[role] = auth.add_user(store, f"test-{role}", role, teams=teams)
    return tokens


def client_for(store: Store, token: str | None = None) -> TestClient:
    client = TestClient(create_app(lambda: store), raise_server_exceptions=False)
    if token:
        client.headers["Authorization"] = f"Bearer {token}"
    return client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(store: Store) -> Iterator[str]:
    """Serve the app with uvicorn in a thread on a free loopback port; yields the base URL."""
    port = free_port()
    # log_config=None: uvicorn's default config would stop its loggers propagating for the rest of the test process.
    server = uvicorn.Server(uvicorn.Config(create_app(lambda: store), host="127.0.0.1", port=port, log_config=None,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/login", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
