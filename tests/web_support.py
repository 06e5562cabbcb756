"""Shared set-up of the web tests: the small test world (tests/data), one user per role, a client or a live server.

Roles of the test world: the professional and the coordinator belong to team T-NOORD, which serves WK990101 only;
household HH-T-0001 lives in WK990101, HH-T-0002 in WK990102 (no team). With ``foreign_helpers``, HH-T-0003 lives
in WK990102 too, with helpers of two organisations overlapping in a life domain and two coordinators
(tests/data/foreign_households.json): it shows up in the helper, coordinator and shared-household analyses, so a
coordinator of WK990101 who saw it would be seen.
"""

from __future__ import annotations

import re
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
FOREIGN = "HH-T-0003"  # in WIJK_OUT, with helpers and coordinators (load_test_world(foreign_helpers=True))
WIJK_IN, WIJK_OUT = "WK990101", "WK990102"
# A value of the test world for each path parameter, for the tests that walk every route: a new route with a new
# path parameter adds its sample here.
LOCAL = "http://127.0.0.1"  # the app serves the loopback host names only (api/web/security.py)
PATH_SAMPLES = {"code": WIJK_IN, "household_id": IN_SCOPE, "organisation_id": "ORG-GGZ", "kind": "professional",
                "key": "P-1", "link_id": "0123456789abcdef", "registration_id": "R-0123456789ab",
                "token": "wgl_" + "x" * 43}


def load_test_world(store: Store, *, foreign_helpers: bool = False, audit_log: bool = False) -> dict[str, str]:
    """Import the test kaart and households; create one user per role; role -> token.

    ``foreign_helpers``: also the household FOREIGN outside the scoped users' wijk, with helpers and coordinators.
    ``audit_log``: the audit log starts with the entries of AUDIT_ENTRIES.
    """
    import_kaart(store, DATA / "kaart")
    import_households(store, DATA / "households.json")
    if foreign_helpers:
        import_households(store, DATA / "foreign_households.json")
    tokens = {}
    for role in auth.ROLES:
        teams = ["T-NOORD"] if role in auth.SCOPED_ROLES else []
        tokens[role] = auth.add_user(store, f"test-{role}", role, teams=teams)
    if audit_log:
        seed_audit_log(store)
    return tokens


# Known entries in the audit log for the filter tests, so that an ignored filter, or one pasted into the Cypher
# (where "' OR 1=1 //" would match every entry), shows: (id, at, user, households), oldest first.
AUDIT_ENTRIES = (
    ("E1", "2025-01-10T09:00:00Z", "test-coordinator", [IN_SCOPE]),
    ("E2", "2025-03-05T10:00:00Z", "test-analyst", [IN_SCOPE, OUT_OF_SCOPE]),
    ("E3", "2025-06-20T11:00:00Z", "test-admin", [OUT_OF_SCOPE]),
    ("E4", "2025-09-01T12:00:00Z", "test-coordinator", []),
    ("E5", "2026-02-14T13:00:00Z", "test-professional", [IN_SCOPE]),
)


def seed_audit_log(store: Store) -> None:
    """The entries of AUDIT_ENTRIES, as api/audit.py's ``record`` writes them but at known times."""
    store.write(
        "UNWIND $entries AS e CREATE (:AuditEntry {id: e.id, at: datetime(e.at), user: e.user, role: 'coordinator', "
        "action: 'read', resource: '/households', what: 'seeded ' + e.id, households: e.households, "
        "household_count: size(e.households), reason: 'casusoverleg', status: 200, source: 'wijkgraph:audit'})",
        {"entries": [{"id": id_, "at": at, "user": user, "households": households}
                     for id_, at, user, households in AUDIT_ENTRIES]})


def audit_ids(body: dict) -> list[str]:
    return [item["id"] for item in body["items"]]


def csrf_token_of(page: httpx.Response) -> str:
    """The CSRF token in a page's forms, as a browser would send it back."""
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.text)
    assert found, f"no CSRF token in the page {page.request.url}"
    return found.group(1)


def log_in(client: httpx.Client, token: str, next_path: str = "/") -> httpx.Response:
    """Log in through the login form, as a browser does: the form first (its CSRF token), then the POST."""
    form = csrf_token_of(client.get("/login"))
    return client.post("/login", data={"token": token, "next": next_path, "csrf_token": form},
                       follow_redirects=False)


def reason_to_header(request: httpx.Request) -> None:
    """Tests write ``?reason=`` in their URLs for brevity; a real client must send it as the X-Wijkgraph-Reason
    header (the app refuses a reason in a URL: tests/test_web_security.py), so the test client moves it there."""
    reason = request.url.params.get("reason")
    if reason is not None:
        request.url = request.url.copy_remove_param("reason")
        request.headers["X-Wijkgraph-Reason"] = reason


def client_for(store: Store, token: str | None = None, *, reason_in_url: bool = False) -> TestClient:
    """A client of the app on ``store``; ``reason_in_url`` sends a URL's reason as it is (to test its refusal)."""
    client = TestClient(create_app(lambda: store), raise_server_exceptions=False, base_url=LOCAL)
    if not reason_in_url:
        client.event_hooks = {"request": [reason_to_header], "response": []}
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
