"""The role matrix of every write endpoint of issue 16 (edits, verification, links and registrations, users): for each
role the exact status, and a refused request leaves the database exactly as it was.

The write routes are read from ``app.routes`` (POST, PUT, DELETE, PATCH): a new write route without a row in
:data:`MATRIX` fails :func:`test_every_write_route_has_a_row`. Roles: anonymous, professional, a coordinator of the
record's wijk (``coordinator``: team T-NOORD, wijk WK990101), a coordinator of another wijk (``coordinator_out``:
WK990102 only), analyst, admin. A page's form is sent as a browser sends it (session cookie and the page's CSRF
token); a JSON write with the role's bearer token. Each allowed request runs in a freshly loaded test world and
must change it; each refused one must leave every node and relationship as it was (sessions, login failures and
the audit entries of reads aside: logging a refusal is not a change).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route
from web_support import WIJK_IN, WIJK_OUT, client_for, csrf_token_of, load_test_world, log_in

from api import auth
from api.app import create_app
from graph import schema as graph_schema
from graph.store import Store
from importers.upkeep import links, registrations
from importers.upkeep.changes import Actor
from importers.upkeep.edit import create_record
from importers.upkeep.records import read_record

ROLES = ("anonymous", "professional", "coordinator", "coordinator_out", "analyst", "admin")
# Write routes that are not of issue 16, each with where it is covered.
OTHER_WRITES = {
    ("POST", "/login"): "tests/test_web_app.py, test_login_throttle.py",
    ("POST", "/logout"): "tests/test_sessions.py",
    ("POST", "/language"): "tests/test_i18n.py",
    ("POST", "/households/{household_id}"): "a reason sent by form: a read (tests/test_web_roles.py)",
    ("POST", "/households/{household_id}/ecogram"): "a reason sent by form: a read",
    ("POST", "/analyses/{name}"): "a reason sent by form: a read",
}
ADMIN = Actor("test-admin", "admin")
REGISTRATION = {"name": "Eva Nieuw", "function": "buurtwerker", "organisation_id": "ORG-WELZIJN",
                "email": "eva@welzijn.example", "phone": "0655555555", "group": "B"}


@dataclass
class World:
    store: Store
    tokens: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)  # what the next request works on (see the prepare functions)
    clients: dict[tuple[str, bool], TestClient] = field(default_factory=dict)
    used: int = 0  # requests prepared so far: each gets records of its own


@dataclass(frozen=True)
class Row:
    """One write route: how to call it in a world, and the status for each role (in ROLES order)."""

    method: str
    route: str
    path: Callable[[World], str]
    body: Callable[[World], dict[str, Any]] | None
    statuses: tuple[int, int, int, int, int, int]
    form: bool = False
    page: Callable[[World], str] | None = None  # the page whose CSRF token a form sends (default: /me or /login)
    prepare: Callable[[World], None] | None = None  # makes what this request changes (a link, a user, ...)

    def expected(self) -> dict[str, int]:
        return dict(zip(ROLES, self.statuses, strict=True))


def version(world: World, kind: str, key: str) -> str:
    record = read_record(world.store, kind, key)
    assert record is not None, (kind, key)
    return record.version


def today() -> str:
    return dt.date.today().isoformat()


def edit_values(world: World) -> dict[str, Any]:
    return {"values": {"phone": f"0612{world.used:06d}"}, "version": version(world, "professional", "P-1")}


def end_values(world: World) -> dict[str, Any]:
    return {"until": today(), "version": version(world, "wijk_work", world.ids["work"])}


def membership(world: World) -> dict[str, str]:
    return {"professional_id": world.ids["member"], "team_id": "T-NOORD", "team_role": "psychiater", "group": "A",
            "since": "2026-01-01"}


def new_professional(world: World) -> str:
    """A professional of its own for a request (added through the edit engine, as an admin)."""
    key = f"P-T{world.used}"
    create_record(world.store, ADMIN, "professional", {"id": key, "name": f"Test Persoon {world.used}",
                                                       "function": "buurtwerker", "organisation_id": "ORG-WELZIJN"},
                  "/test")
    return key


def new_member(world: World) -> None:
    """A professional outside T-NOORD, to add a membership for."""
    world.ids["member"] = new_professional(world)


def new_work(world: World) -> None:
    """A professional's own wijk work in WIJK_IN, to end."""
    key = new_professional(world)
    create_record(world.store, ADMIN, "wijk_work", {"professional_id": key, "wijk_code": WIJK_IN, "group": "B",
                                                    "since": "2026-01-01"}, "/test")
    world.ids["work"] = f"{key}~{WIJK_IN}"


def new_link(world: World) -> None:
    """An open self-service link of P-2 to revoke, and one of P-1 to use."""
    admin = ADMIN
    world.ids["link"] = links.create_link(world.store, admin, "self_service", [WIJK_IN], "/test",
                                          professional="P-2")[1].id
    world.ids["self_token"] = links.create_link(world.store, admin, "self_service", [WIJK_IN], "/test",
                                                professional="P-1")[0]


def new_registration(world: World) -> None:
    """A registration waiting in WIJK_IN."""
    token, _ = links.create_link(world.store, ADMIN, "registration", [WIJK_IN], "/test",
                                 wijk=WIJK_IN)
    world.ids["registration"] = registrations.submit(world.store, token, {
        **REGISTRATION, "name": f"Piet Wachtend {world.used}", "email": f"piet{world.used}@welzijn.example",
        "expertise": []}, "/register")


def new_target(world: World) -> None:
    """A user of its own for each user change."""
    world.ids["target"] = f"target-{world.used}"
    auth.add_user(world.store, world.ids["target"], "professional", teams=["T-NOORD"])


def self_form(world: World) -> dict[str, Any]:
    page = client_for(world.store).get(f"/self/{world.ids['self_token']}")
    found = re.search(r'name="version" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return {"action": "confirm", "version": found.group(1)}


def flat(body: Callable[[World], dict[str, Any]]) -> Callable[[World], dict[str, Any]]:
    """A JSON body's values as a form's fields (the form sends the columns and the version side by side)."""
    return lambda world: {**body(world).get("values", {}), **{k: v for k, v in body(world).items() if k != "values"}}


def row(method: str, route: str, path: Callable[[World], str], body: Callable[[World], dict[str, Any]] | None,
        ok: int, out: int = 403, *, form: bool = False, admin_only: bool = False,
        prepare: Callable[[World], None] | None = None) -> Row:
    coordinator = 403 if admin_only else ok
    return Row(method, route, path, body, (401, 403, coordinator, 403 if admin_only else out, 403, ok), form,
               prepare=prepare)


def public(method: str, route: str, path: Callable[[World], str], body: Callable[[World], dict[str, Any]], ok: int,
           prepare: Callable[[World], None] | None = None) -> Row:
    """A link page: whoever holds the link uses it, logged in or not (the form's CSRF token from the page itself)."""
    return Row(method, route, path, body, (ok,) * 6, True, path, prepare)  # type: ignore[arg-type]


P1 = "/kaart/professional/P-1"
MATRIX: tuple[Row, ...] = (
    # A: edits (importers/upkeep/edit.py, api/web/kaart.py)
    row("POST", "/kaart/{kind}/new", lambda w: "/kaart/membership/new", membership, 303, form=True,
        prepare=new_member),
    row("POST", "/kaart/{kind}.json", lambda w: "/kaart/membership.json", lambda w: {"values": membership(w)}, 201,
        prepare=new_member),
    row("POST", "/kaart/{kind}/{key}/edit", lambda w: f"{P1}/edit", flat(edit_values), 303, form=True),
    row("PUT", "/kaart/{kind}/{key}.json", lambda w: f"{P1}.json", edit_values, 200),
    row("POST", "/kaart/{kind}/{key}/end", lambda w: f"/kaart/wijk_work/{w.ids['work']}/end", end_values, 303,
        form=True, prepare=new_work),
    row("POST", "/kaart/{kind}/{key}/end.json", lambda w: f"/kaart/wijk_work/{w.ids['work']}/end.json", end_values,
        200, prepare=new_work),
    # B: verification
    row("POST", "/kaart/{kind}/{key}/verify", lambda w: f"{P1}/verify", lambda w: {}, 303, form=True),
    row("POST", "/kaart/{kind}/{key}/verify.json", lambda w: f"{P1}/verify.json", lambda w: {}, 200),
    # C: self-service and registration links, registrations
    row("POST", "/kaart/professional/{key}/link", lambda w: f"{P1}/link", lambda w: {}, 200, form=True),
    row("POST", "/kaart/professional/{key}/link.json", lambda w: f"{P1}/link.json", lambda w: {}, 201),
    row("POST", "/links/{link_id}/revoke", lambda w: f"/links/{w.ids['link']}/revoke", lambda w: {}, 303, 404,
        form=True, prepare=new_link),
    row("POST", "/links/{link_id}/revoke.json", lambda w: f"/links/{w.ids['link']}/revoke.json", None, 200, 404,
        prepare=new_link),
    row("POST", "/kaart/registration-links", lambda w: "/kaart/registration-links", lambda w: {"wijk": WIJK_IN}, 200,
        form=True),
    row("POST", "/kaart/registration-links.json", lambda w: "/kaart/registration-links.json",
        lambda w: {"wijk": WIJK_IN}, 201),
    *(row("POST", f"/kaart/registrations/{{registration_id}}/{decision}",
          lambda w, d=decision: f"/kaart/registrations/{w.ids['registration']}/{d}", lambda w: {}, 303, 404, form=True,
          prepare=new_registration) for decision in ("approve", "reject")),
    *(row("POST", f"/kaart/registrations/{{registration_id}}/{decision}.json",
          lambda w, d=decision: f"/kaart/registrations/{w.ids['registration']}/{d}.json", None, 200, 404,
          prepare=new_registration) for decision in ("approve", "reject")),
    public("POST", "/self/{token}", lambda w: f"/self/{w.ids['self_token']}", self_form, 200, new_link),
    public("POST", "/register/{token}", lambda w: f"/register/{w.ids['registration_token']}",
           lambda w: {**REGISTRATION, "name": f"Eva Nieuw {w.used}"}, 303),
    # E: users (api/web/users.py)
    row("POST", "/users", lambda w: "/users", lambda w: {"name": f"nieuw-{w.used}", "role": "analyst"}, 201,
        form=True, admin_only=True),
    row("POST", "/users.json", lambda w: "/users.json", lambda w: {"name": f"nieuw-{w.used}", "role": "analyst"}, 201,
        admin_only=True),
    *(row("POST", f"/users/{{name}}/{action}", lambda w, a=action: f"/users/{w.ids['target']}/{a}", body, 200,
          form=True, admin_only=True, prepare=new_target)
      for action, body in (("disable", lambda w: {}), ("token", lambda w: {}),
                           ("limit", lambda w: {"wijken": WIJK_OUT}))),
    *(row("POST", f"/users/{{name}}/{action}.json", lambda w, a=action: f"/users/{w.ids['target']}/{a}.json", body,
          200, admin_only=True, prepare=new_target)
      for action, body in (("disable", None), ("token", None), ("limit", lambda w: {"wijken": [WIJK_OUT]}))),
)


def write_routes() -> set[tuple[str, str]]:
    """(method, path) of every route that is not a read; a path parameter's convertor left out ({kind:x} -> {kind}),
    as the OpenAPI document writes it."""
    app = create_app(lambda: None)  # type: ignore[arg-type, return-value]
    return {(method, plain_path(route.path)) for route in app.routes if isinstance(route, Route)
            for method in route.methods or () if method in ("POST", "PUT", "DELETE", "PATCH")}


def plain_path(path: str) -> str:
    """A route's path without its parameters' convertors.

    >>> plain_path("/kaart/{kind:record_kind}.json")
    '/kaart/{kind}.json'
    """
    return re.sub(r"\{(\w+):[^}]+\}", r"{\1}", path)


def test_every_write_route_has_a_row() -> None:
    """A new write route fails here until it has a row in MATRIX (or is listed in OTHER_WRITES with why)."""
    rows = [(r.method, r.route) for r in MATRIX]
    assert len(rows) == len(set(rows)), "a route with two rows"
    assert write_routes() - set(OTHER_WRITES) == set(rows)


def snapshot(store: Store) -> list[str]:
    """Every node and relationship with its properties, as sorted text (sessions, login failures and the audit
    entries of reads aside)."""
    nodes = store.read("MATCH (n) WHERE NOT (n:Session OR n:LoginFailure OR (n:AuditEntry AND n.action = 'read')) "
                       "RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS p")
    rels = store.read("MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, properties(r) AS p, "
                      "elementId(b) AS b")
    return sorted(json.dumps(item, sort_keys=True, default=str) for item in nodes + rels)


@pytest.fixture(scope="module")
def world(session_store: Store) -> World:
    """The test world (loaded once: refused requests leave it as it was, and each allowed one changes records of
    its own), a coordinator of the other wijk, and a registration link of WIJK_IN."""
    from conftest import wipe

    wipe(session_store)
    graph_schema.apply(session_store)
    tokens = load_test_world(session_store)
    tokens["coordinator_out"] = auth.add_user(session_store, "test-coordinator-zuid", "coordinator",
                                              wijken=[WIJK_OUT])
    found = World(session_store, tokens)
    found.ids["registration_token"], _ = links.create_link(session_store, ADMIN, "registration", [WIJK_IN], "/test",
                                                           wijk=WIJK_IN)
    return found


def client_of(world: World, role: str, form: bool) -> TestClient:
    """A browser (session cookie) for a form, an API client (bearer token) for JSON; anonymous has neither."""
    if (role, form) not in world.clients:
        client = client_for(world.store, world.tokens[role] if role != "anonymous" and not form else None)
        if form and role != "anonymous":
            assert log_in(client, world.tokens[role]).status_code == 303
        world.clients[role, form] = client
    return world.clients[role, form]


def send(world: World, entry: Row, role: str) -> httpx.Response:
    client = client_of(world, role, entry.form)
    body = entry.body(world) if entry.body else None
    if not entry.form:
        return client.request(entry.method, entry.path(world), json=body)
    page = entry.page(world) if entry.page else ("/login" if role == "anonymous" else "/me")
    data = {**(body or {}), "csrf_token": csrf_token_of(client.get(page))}
    return client.request(entry.method, entry.path(world), data=data, follow_redirects=False)


@pytest.mark.parametrize("entry", MATRIX, ids=[f"{r.method} {r.route}" for r in MATRIX])
def test_role_matrix(world: World, entry: Row) -> None:
    failures: list[str] = []
    store = world.store
    for role, status in entry.expected().items():
        if entry.prepare:
            entry.prepare(world)
        world.used += 1
        before = snapshot(store)
        response = send(world, entry, role)
        if response.status_code != status:
            failures.append(f"{role}: {response.status_code}, expected {status}: {response.text[:300]}")
            continue
        changed = snapshot(store) != before
        if status >= 400 and changed:
            failures.append(f"{role}: refused with {status}, but the database changed")
        if status < 400 and not changed:
            failures.append(f"{role}: {status}, but nothing changed")
    assert not failures, "\n".join(failures)
