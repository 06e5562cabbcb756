"""Server-side sessions (issue 12): a captured cookie stops working at logout, when the user is disabled, and when
it gets a new token; the cookie holds a random id, no user name; Secure over https, also behind a TLS proxy."""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_support import LOCAL, client_for, csrf_token_of, free_port, load_test_world, log_in

from api import auth
from api.app import create_app
from graph.load import CLEANABLE_NODES
from graph.store import Store

NAME = "test-coordinator"


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def captured_cookie(store: Store, token: str) -> str:
    """Log in as a browser does and return the session cookie, as someone who copied it would have it."""
    client = client_for(store)
    response = log_in(client, token)
    assert response.status_code == 303, response.text
    return client.cookies[auth.SESSION_COOKIE]


def who(store: Store, cookie: str) -> int | str:
    """The user the cookie alone gets in as (another client: only the copied cookie), or the status."""
    client = client_for(store)
    client.cookies.set(auth.SESSION_COOKIE, cookie)
    response = client.get("/me.json")
    return response.json()["name"] if response.status_code == 200 else response.status_code


def sessions_of(store: Store, name: str) -> int:
    return store.read("MATCH (s:Session {user: $name}) RETURN count(s) AS n", {"name": name})[0]["n"]


def test_the_cookie_holds_a_random_id_and_only_its_hash_is_stored(store: Store, tokens: dict[str, str]) -> None:
    cookie = captured_cookie(store, tokens["coordinator"])
    assert who(store, cookie) == NAME
    assert len(cookie) == 43 and NAME not in cookie
    assert NAME.encode() not in base64.urlsafe_b64decode(cookie + "=")  # not the old "name|expiry|signature"
    stored = store.read("MATCH (s:Session) RETURN properties(s) AS session")
    assert len(stored) == 1
    assert stored[0]["session"]["id_hash"] == hashlib.sha256(cookie.encode()).hexdigest()
    everything = str(store.read("MATCH (n) RETURN properties(n) AS p"))
    assert cookie not in everything and tokens["coordinator"] not in everything
    assert sessions_of(store, NAME) == 1 and captured_cookie(store, tokens["coordinator"]) != cookie  # new each time


def test_a_captured_cookie_is_dead_after_logout(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store)
    assert log_in(client, tokens["coordinator"]).status_code == 303
    cookie = client.cookies[auth.SESSION_COOKIE]
    assert who(store, cookie) == NAME
    out = client.post("/logout", data={"csrf_token": csrf_token_of(client.get("/me"))}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    assert who(store, cookie) == 401
    assert sessions_of(store, NAME) == 0


def test_disabling_the_user_ends_all_its_sessions(store: Store, tokens: dict[str, str]) -> None:
    from api.cli.root import build_app

    first, second = captured_cookie(store, tokens["coordinator"]), captured_cookie(store, tokens["coordinator"])
    other = captured_cookie(store, tokens["analyst"])
    result = CliRunner().invoke(build_app(), ["users", "disable", NAME])
    assert result.exit_code == 0, result.output
    assert (who(store, first), who(store, second), who(store, other)) == (401, 401, "test-analyst")
    assert sessions_of(store, NAME) == 0


def test_a_new_token_ends_the_sessions_of_the_old_one(store: Store, tokens: dict[str, str]) -> None:
    from api.cli.root import build_app

    cookie = captured_cookie(store, tokens["coordinator"])
    result = CliRunner().invoke(build_app(), ["users", "add", NAME, "--role", "coordinator", "--team", "T-NOORD",
                                              "--replace"])
    assert result.exit_code == 0, result.output
    assert who(store, cookie) == 401
    new_token = result.stdout.split("dat je alleen nu ziet:")[1].split()[0]  # the CLI speaks Dutch
    assert who(store, captured_cookie(store, new_token)) == NAME


def test_a_session_of_an_older_token_or_past_its_expiry_does_not_count(store: Store, tokens: dict[str, str]) -> None:
    cookie = captured_cookie(store, tokens["coordinator"])
    store.write("MATCH (u:User {name: $name}) SET u.token_hash = 'another'", {"name": NAME})  # not through add_user
    assert who(store, cookie) == 401
    cookie = captured_cookie(store, tokens["analyst"])
    store.write("MATCH (s:Session {user: 'test-analyst'}) SET s.expires = datetime() - duration('PT1S')")
    assert who(store, cookie) == 401
    for forged in ("", "x" * 43, "x" * 10_000, "dGVzdC1hZG1pbnw5OTk5OTk5OTk5fGZvcmdlZA=="):
        assert auth.user_by_session(store, forged) is None


def test_an_expired_session_is_deleted_at_the_next_login(store: Store, tokens: dict[str, str]) -> None:
    captured_cookie(store, tokens["analyst"])
    store.write("MATCH (s:Session) SET s.expires = datetime() - duration('PT1S')")
    captured_cookie(store, tokens["coordinator"])
    assert store.read("MATCH (s:Session) RETURN s.user AS user") == [{"user": NAME}]


def test_sessions_and_login_failures_are_never_cleaned_up_by_an_import() -> None:
    assert {"Session", "LoginFailure"}.isdisjoint(node.label for node in CLEANABLE_NODES)


def test_the_cookie_is_secure_over_https(store: Store, tokens: dict[str, str]) -> None:
    plain = log_in(client_for(store), tokens["coordinator"])
    assert "secure" not in plain.headers["set-cookie"].lower()  # http on loopback: a Secure cookie would be lost
    https = TestClient(create_app(lambda: store), raise_server_exceptions=False,
                       base_url=LOCAL.replace("http:", "https:"))
    secure = log_in(https, tokens["coordinator"])
    assert secure.status_code == 303 and "; secure" in secure.headers["set-cookie"].lower()


@contextmanager
def behind_a_tls_proxy(store: Store) -> Iterator[str]:
    """uvicorn as SECURITY.md says to run it behind a TLS proxy on this machine: it trusts X-Forwarded-Proto
    from 127.0.0.1 (``--proxy-headers --forwarded-allow-ips 127.0.0.1``)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(lambda: store), host="127.0.0.1", port=port, log_config=None,
                                           log_level="warning", lifespan="off", proxy_headers=True,
                                           forwarded_allow_ips="127.0.0.1"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_cookie_is_secure_behind_a_tls_proxy(store: Store, tokens: dict[str, str]) -> None:
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}
    with behind_a_tls_proxy(store) as base, httpx.Client(base_url=base, headers=proxied) as browser:
        form = browser.get("/login")
        presession = form.cookies.get("wijkgraph_presession") or ""
        assert "; secure" in form.headers["set-cookie"].lower()
        # The browser talks https to the proxy, so it sends the Secure cookie back; httpx, talking http to the
        # app, would not: send it by hand.
        answer = browser.post("/login", data={"token": tokens["coordinator"], "next": "/",
                                              "csrf_token": csrf_token_of(form)},
                              headers={"Cookie": f"wijkgraph_presession={presession}"})
        assert answer.status_code == 303, answer.text
        assert "; secure" in answer.headers["set-cookie"].lower()
