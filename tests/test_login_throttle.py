"""Failed logins (issue 12): audited without the token, and a back-off per client address after a few of them."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from web_support import LOCAL, client_for, log_in

from api import audit, auth
from api.app import create_app
from api.login_throttle import FAILED, MAX_FAILURES, WINDOW_SECONDS
from graph.store import Store

WRONG = [f"wg_wrong-{n}-{'x' * 30}" for n in range(MAX_FAILURES)]  # each distinct, so each is looked for


@pytest.fixture
def admin_token(store: Store) -> str:
    return auth.add_user(store, "throttle-admin", "admin")


def from_address(store: Store, address: str) -> TestClient:
    return TestClient(create_app(lambda: store), raise_server_exceptions=False, base_url=LOCAL,
                      client=(address, 50000))


def test_after_n_failures_the_next_login_is_429_even_with_the_right_token(
    store: Store, admin_token: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = client_for(store)
    for token in WRONG:
        failed = log_in(client, token)
        assert failed.status_code == 401 and "Dat token is niet geldig." in failed.text
    refused = log_in(client, admin_token)
    assert refused.status_code == 429, refused.text
    assert 0 < int(refused.headers["retry-after"]) <= WINDOW_SECONDS
    assert "Te veel mislukte inlogpogingen vanaf jouw adres. Probeer het over 15 minuten opnieuw" in refused.text
    assert auth.SESSION_COOKIE not in refused.headers.get("set-cookie", "")
    assert not store.read("MATCH (s:Session) RETURN s")  # not logged in
    assert log_in(client, "wg_yet-another").status_code == 429  # not counted: nothing was checked

    # Audited: every failure, not the refused attempts; never a token or a part of one.
    total, entries = audit.query(store)
    assert total == MAX_FAILURES
    assert {(entry["what"], entry["user"], entry["resource"], entry["status"]) for entry in entries} == {
        (FAILED, "(client testclient)", "/login", 401)}
    stored = str(store.read("MATCH (n) WHERE n:AuditEntry OR n:LoginFailure RETURN properties(n) AS p"))
    logged = caplog.text
    for token in [*WRONG, admin_token]:
        for part in (token, token[3:20], token[-12:]):
            assert part not in stored and part not in logged, part


def test_another_address_is_not_held_back(store: Store, admin_token: str) -> None:
    attacker = from_address(store, "192.0.2.66")
    for token in WRONG:
        assert log_in(attacker, token).status_code == 401
    assert log_in(attacker, admin_token).status_code == 429
    # The same IPv6 /64 counts as one client; another address may log in.
    assert log_in(from_address(store, "192.0.2.67"), admin_token).status_code == 303
    neighbours = [from_address(store, f"2001:db8:1:2::{n}") for n in range(MAX_FAILURES + 1)]
    for client, token in zip(neighbours, WRONG, strict=False):
        assert log_in(client, token).status_code == 401
    assert log_in(neighbours[-1], admin_token).status_code == 429
    assert log_in(from_address(store, "2001:db8:1:3::1"), admin_token).status_code == 303


def test_the_back_off_ends_when_the_failures_are_older_than_the_window(store: Store, admin_token: str) -> None:
    client = client_for(store)
    for token in WRONG:
        log_in(client, token)
    assert log_in(client, admin_token).status_code == 429
    store.write("MATCH (f:LoginFailure) SET f.at = f.at - duration({seconds: $window})", {"window": WINDOW_SECONDS})
    assert log_in(client, admin_token).status_code == 303
    log_in(client_for(store), "wg_wrong-later")  # a new failure deletes the ones past the window
    assert store.read("MATCH (f:LoginFailure) RETURN count(f) AS n")[0]["n"] == 1
