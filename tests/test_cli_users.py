"""`wijkgraph users token` and `users limit` (issue 16 item 6: the CLI keeps parity with /users), the CLI's user changes
in the audit log as the operator, and the last enabled admin, whom no change may take away."""

from __future__ import annotations

import json

import pytest
from test_web_users import changes, session_of, state, who
from typer.testing import CliRunner
from web_support import WIJK_IN, WIJK_OUT, client_for, load_test_world

from api import audit, auth
from api.cli.messages import error_text
from api.cli.root import build_app
from api.cli.user_errors import is_user_error
from graph.store import Store

COORDINATOR = "test-coordinator"


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def run(*args: str) -> tuple[int, str]:
    """Exit code and what the command printed; for a user error, its message as `wijkgraph` prints it (in Dutch)."""
    result = CliRunner().invoke(build_app(), ["users", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert is_user_error(result.exception), result.exception
        return 1, error_text(result.exception)
    return result.exit_code, result.output


def test_users_token_prints_a_new_token_once_and_ends_the_old_one(store: Store, tokens: dict[str, str]) -> None:
    cookie = session_of(store, tokens["coordinator"])
    code, output = run("token", COORDINATOR)
    assert code == 0, output
    new = output.split("dat je alleen nu ziet:")[1].split()[0]
    assert "Het oude token en de sessies ervan werken niet meer." in output
    assert (who(store, tokens["coordinator"]), who(store, new)) == (401, COORDINATOR)
    cookie_client = client_for(store)
    cookie_client.cookies.set(auth.SESSION_COOKIE, cookie)
    assert cookie_client.get("/me.json").status_code == 401
    state = {"role": "coordinator", "teams": ["T-NOORD"], "wijken": [], "disabled": False}
    assert changes(store) == [(audit.cli_user(), "user_token", f"user {COORDINATOR}", state, state)]
    roles = store.read("MATCH (a:AuditEntry {action: 'user_token'}) RETURN a.role AS role, a.resource AS resource")
    assert roles == [{"role": "operator", "resource": "cli users token"}]
    code, output = run("token", "niemand")
    assert code == 1 and "Er is geen gebruiker 'niemand'." in output


def test_users_limit_changes_the_teams_and_wijken(store: Store, tokens: dict[str, str]) -> None:
    code, output = run("limit", COORDINATOR, "--wijk", WIJK_OUT, "--wijk", WIJK_IN)
    assert code == 0, output
    assert f"ziet nu de teams - en de wijken {WIJK_IN}, {WIJK_OUT}." in output
    assert client_for(store, tokens["coordinator"]).get("/me.json").json()["scope"] == [WIJK_IN, WIJK_OUT]
    assert changes(store)[-1][1:] == ("user_limit", f"user {COORDINATOR}",
                                      {"role": "coordinator", "teams": ["T-NOORD"], "wijken": [], "disabled": False},
                                      {"role": "coordinator", "teams": [], "wijken": [WIJK_IN, WIJK_OUT],
                                       "disabled": False})
    before = state(store)
    code, output = run("limit", COORDINATOR)
    assert code == 1 and "kies minstens één team of wijk" in output
    code, output = run("limit", "test-analyst", "--team", "T-NOORD")
    assert code == 1 and "test-analyst is analyst en ziet elke wijk" in output
    code, output = run("limit", COORDINATOR, "--team", "T-GEEN")
    assert code == 1 and "Onbekend team T-GEEN" in output
    assert state(store) == before


def test_the_last_enabled_admin_is_neither_disabled_nor_demoted(store: Store, tokens: dict[str, str]) -> None:
    before = state(store)
    code, output = run("disable", "test-admin")
    assert code == 1 and "test-admin is de laatste actieve beheerder" in output
    code, output = run("add", "test-admin", "--role", "analyst", "--replace")
    assert code == 1 and "test-admin is de laatste actieve beheerder" in output
    assert state(store) == before and who(store, tokens["admin"]) == "test-admin"
    # With a second admin, the first can go: the rule counts enabled admins only.
    second = auth.add_user(store, "tweede-beheerder", "admin")
    code, output = run("disable", "test-admin")
    assert code == 0, output
    answer = client_for(store, second).post("/users/test-admin/token.json")  # a new token enables it again
    assert answer.status_code == 200 and answer.json()["user"]["disabled"] is False
    entries = store.read("MATCH (a:AuditEntry {action: 'user_disable'}) RETURN a.after AS after")
    assert [json.loads(entry["after"])["disabled"] for entry in entries] == [True]


def test_cli_add_and_disable_are_audited_as_the_operator(store: Store, tokens: dict[str, str]) -> None:
    code, output = run("add", "cli-analist", "--role", "analyst")
    assert code == 0, output
    token = output.split("dat je alleen nu ziet:")[1].split()[0] if "dat je alleen nu ziet:" in output else None
    code, output = run("disable", "cli-analist")
    assert code == 0, output
    operator = audit.cli_user()
    analyst = {"role": "analyst", "teams": [], "wijken": [], "disabled": False}
    assert changes(store) == [(operator, "user_add", "user cli-analist", None, analyst),
                              (operator, "user_disable", "user cli-analist", analyst, {**analyst, "disabled": True})]
    assert token is None or token not in str(state(store))
