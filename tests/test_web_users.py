"""Users in the app (issue 16 item 6): an admin adds a user (the token shown once), disables one, gives one a new
token, limits one to teams or wijken; through the pages (forms with the CSRF token) and the JSON API (bearer only).
Every change is audited without a token or hash; a refused change leaves users, sessions and audit log as they were.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from web_support import WIJK_IN, WIJK_OUT, client_for, csrf_token_of, load_test_world, log_in

from api import auth
from graph.store import Store

ADMIN, COORDINATOR = "test-admin", "test-coordinator"
TOKEN = re.compile(r"wg_[A-Za-z0-9_-]{43}")


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def browser(store: Store, token: str) -> TestClient:
    """A client logged in through the login form (a session cookie, no bearer token), as a browser is."""
    client = client_for(store)
    assert log_in(client, token).status_code == 303
    return client


def send_form(client: TestClient, page: str, action: str, data: dict[str, Any] | None = None) -> httpx.Response:
    """Open ``page`` and send its form to ``action`` with the page's CSRF token, as a browser does."""
    return client.post(action, data={**(data or {}), "csrf_token": csrf_token_of(client.get(page))})


def state(store: Store) -> dict[str, Any]:
    """Everything a user change may touch: the users (all properties), the sessions, the audit entries."""
    return {"users": store.read("MATCH (u:User) RETURN properties(u) AS u ORDER BY u.name"),
            "sessions": store.read("MATCH (s:Session) RETURN s.id_hash AS id ORDER BY id"),
            "audit": store.read("MATCH (a:AuditEntry) RETURN properties(a) AS a ORDER BY a.id")}


def changes(store: Store) -> list[tuple[str, str, str, dict | None, dict | None]]:
    """The audit entries of user changes, oldest first: (user, action, target, before, after)."""
    rows = store.read("MATCH (a:AuditEntry) WHERE a.action STARTS WITH 'user_' RETURN a.user AS user, "
                      "a.action AS action, a.target AS target, a.before AS before, a.after AS after, a.wijken AS w "
                      "ORDER BY a.at")
    assert all(row["w"] == [] for row in rows)  # only admins see user changes
    return [(row["user"], row["action"], row["target"], json.loads(row["before"]) if row["before"] else None,
             json.loads(row["after"]) if row["after"] else None) for row in rows]


def who(store: Store, token: str) -> int | str:
    response = client_for(store, token).get("/me.json")
    return response.json()["name"] if response.status_code == 200 else response.status_code


def session_of(store: Store, token: str) -> str:
    client = client_for(store)
    assert log_in(client, token).status_code == 303
    return client.cookies[auth.SESSION_COOKIE]


def cookie_user(store: Store, cookie: str) -> int | str:
    client = client_for(store)
    client.cookies.set(auth.SESSION_COOKIE, cookie)
    response = client.get("/me.json")
    return response.json()["name"] if response.status_code == 200 else response.status_code


def state_of(name: str, store: Store) -> dict[str, Any]:
    rows = store.read("MATCH (u:User {name: $name}) RETURN u.role AS role, u.teams AS teams, u.wijken AS wijken, "
                      "u.disabled AS disabled", {"name": name})
    return rows[0]


COORDINATOR_STATE = {"role": "coordinator", "teams": ["T-NOORD"], "wijken": [], "disabled": False}


def test_an_admin_adds_a_user_through_the_page_and_sees_its_token_once(store: Store,
                                                                       tokens: dict[str, str]) -> None:
    admin = browser(store, tokens["admin"])
    page = admin.get("/users")
    assert page.status_code == 200 and 'action="/users"' in page.text and "Wijkteam Noord" in page.text
    answer = send_form(admin, "/users", "/users", {"name": "nieuw", "role": "coordinator", "teams": "T-NOORD",
                                                   "wijken": WIJK_OUT})
    assert answer.status_code == 201, answer.text
    shown = TOKEN.findall(answer.text)
    assert len(shown) == 1 and "Kopieer het nu" in answer.text
    token = shown[0]
    me = client_for(store, token).get("/me.json").json()
    assert (me["name"], me["role"], me["scope"]) == ("nieuw", "coordinator", [WIJK_IN, WIJK_OUT])
    assert changes(store) == [(ADMIN, "user_add", "user nieuw", None,
                               {"role": "coordinator", "teams": ["T-NOORD"], "wijken": [WIJK_OUT], "disabled": False})]
    # Never again: no later page or JSON, and nothing stored, holds the token; the audit log not even its hash.
    for path in ("/users", "/users.json", "/users/nieuw", "/users/nieuw.json", "/audit", "/audit.json"):
        later = admin.get(path) if not path.endswith(".json") else client_for(store, tokens["admin"]).get(path)
        assert later.status_code == 200 and token not in later.text, path
    assert token not in str(store.read("MATCH (n) RETURN properties(n) AS p"))
    assert auth.hash_token(token) not in str(state(store)["audit"])
    row = client_for(store, tokens["admin"]).get("/users.json").json()["items"]
    assert [(u["name"], u["teams"], u["wijken"], u["disabled"]) for u in row if u["name"] == "nieuw"] == [
        ("nieuw", ["T-NOORD"], [WIJK_OUT], False)]
    assert all(u["changed_at"][:4] >= "2026" for u in row)


def test_adding_through_json_gives_the_token_in_that_answer_only(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    answer = admin.post("/users.json", json={"name": "api-analist", "role": "analyst"})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["user"] == {"name": "api-analist", "role": "analyst", "teams": [], "wijken": [], "disabled": False,
                            "changed_at": body["user"]["changed_at"]}
    assert who(store, body["token"]) == "api-analist"
    assert body["token"] not in admin.get("/users.json").text + admin.get("/users/api-analist.json").text
    before = state(store)
    again = admin.post("/users.json", json={"name": "api-analist", "role": "admin"})
    assert (again.status_code, again.json()["detail"]) == (
        409, "Gebruiker 'api-analist' bestaat al; gebruik --replace om een nieuw token en een nieuwe rol te geven.")
    bad = admin.post("/users.json", json={"name": "x", "role": "coordinator", "teams": ["T-NONE"]})
    assert bad.status_code == 422 and bad.json()["problems"] == [
        {"column": "teams", "message": "Onbekend team T-NONE: er is geen team met die id in de database."}]
    assert admin.post("/users.json", json={"name": "y", "role": "professional"}).status_code == 422
    assert admin.post("/users.json", json={"name": "a/b", "role": "analyst"}).status_code == 400  # the schema
    assert state(store) == before


def test_disabling_ends_token_and_sessions_at_once(store: Store, tokens: dict[str, str]) -> None:
    cookie = session_of(store, tokens["coordinator"])
    admin = browser(store, tokens["admin"])
    page = send_form(admin, f"/users/{COORDINATOR}", f"/users/{COORDINATOR}/disable")
    assert page.status_code == 200 and "is uitgeschakeld" in page.text
    assert (who(store, tokens["coordinator"]), cookie_user(store, cookie)) == (401, 401)
    assert changes(store) == [(ADMIN, "user_disable", f"user {COORDINATOR}", COORDINATOR_STATE,
                               {**COORDINATOR_STATE, "disabled": True})]
    answer = client_for(store, tokens["admin"]).post("/users/test-analyst/disable.json")
    assert answer.status_code == 200 and answer.json()["user"]["disabled"] is True
    assert who(store, tokens["analyst"]) == 401
    assert [change[1:3] for change in changes(store)][-1] == ("user_disable", "user test-analyst")


def test_a_new_token_stops_the_old_one_and_its_sessions(store: Store, tokens: dict[str, str]) -> None:
    cookie = session_of(store, tokens["coordinator"])
    admin = browser(store, tokens["admin"])
    page = send_form(admin, f"/users/{COORDINATOR}", f"/users/{COORDINATOR}/token")
    assert page.status_code == 200, page.text
    [new] = TOKEN.findall(page.text)
    assert (who(store, tokens["coordinator"]), cookie_user(store, cookie), who(store, new)) == (401, 401, COORDINATOR)
    assert store.read("MATCH (s:Session {user: $name}) RETURN count(s) AS n", {"name": COORDINATOR}) == [{"n": 0}]
    answer = client_for(store, tokens["admin"]).post(f"/users/{COORDINATOR}/token.json")
    assert answer.status_code == 200 and set(answer.json()) == {"user", "token"}
    assert (who(store, new), who(store, answer.json()["token"])) == (401, COORDINATOR)
    assert answer.json()["token"] not in admin.get(f"/users/{COORDINATOR}").text
    assert changes(store) == [(ADMIN, "user_token", f"user {COORDINATOR}", COORDINATOR_STATE, COORDINATOR_STATE)] * 2
    # A disabled user is enabled again by a new token (only the new one works).
    auth.disable_user(store, "test-analyst")
    again = client_for(store, tokens["admin"]).post("/users/test-analyst/token.json").json()
    assert again["user"]["disabled"] is False and who(store, again["token"]) == "test-analyst"
    assert who(store, tokens["analyst"]) == 401


def test_an_admin_limits_a_user_to_teams_or_wijken(store: Store, tokens: dict[str, str]) -> None:
    admin = browser(store, tokens["admin"])
    page = send_form(admin, f"/users/{COORDINATOR}", f"/users/{COORDINATOR}/limit", {"wijken": WIJK_OUT})
    assert page.status_code == 200 and "zijn opgeslagen" in page.text
    assert client_for(store, tokens["coordinator"]).get("/me.json").json()["scope"] == [WIJK_OUT]  # at once
    answer = client_for(store, tokens["admin"]).post(f"/users/{COORDINATOR}/limit.json",
                                                     json={"teams": ["T-NOORD"], "wijken": [WIJK_OUT]})
    assert answer.status_code == 200 and answer.json()["user"]["teams"] == ["T-NOORD"]
    assert client_for(store, tokens["coordinator"]).get("/me.json").json()["scope"] == [WIJK_IN, WIJK_OUT]
    # The form shows what the user has now, chosen in the selectors (options rendered once per data version).
    page = admin.get(f"/users/{COORDINATOR}").text
    assert re.findall(r'<option value="([^"]+)" selected>', page) == ["T-NOORD", WIJK_OUT]
    assert f'<option value="{WIJK_IN}">' in page
    assert re.findall(r'<option value="([^"]+)" selected>', admin.get("/users").text) == []
    assert changes(store) == [
        (ADMIN, "user_limit", f"user {COORDINATOR}", COORDINATOR_STATE,
         {**COORDINATOR_STATE, "teams": [], "wijken": [WIJK_OUT]}),
        (ADMIN, "user_limit", f"user {COORDINATOR}", {**COORDINATOR_STATE, "teams": [], "wijken": [WIJK_OUT]},
         {**COORDINATOR_STATE, "wijken": [WIJK_OUT]})]


def test_refused_changes_leave_everything_as_it_was(store: Store, tokens: dict[str, str]) -> None:
    admin_page = browser(store, tokens["admin"])
    admin = client_for(store, tokens["admin"])
    before = state(store)
    refused = [
        (admin.post(f"/users/{ADMIN}/disable.json"), 409, "Je kunt jezelf niet uitschakelen; vraag een andere "
                                                           "beheerder."),
        (admin.post("/users/niemand/disable.json"), 404, "Er is geen gebruiker 'niemand'."),
        (admin.post("/users/niemand/token.json"), 404, "Er is geen gebruiker 'niemand'."),
        (admin.post("/users/test-analyst/limit.json", json={"wijken": [WIJK_IN]}), 409, None),
        (admin.post(f"/users/{COORDINATOR}/limit.json", json={"teams": [], "wijken": []}), 422, None),
        (admin.post(f"/users/{COORDINATOR}/limit.json", json={"wijken": ["WK000000"]}), 422, None),
    ]
    for response, status, detail in refused:
        assert response.status_code == status, response.text
        assert detail is None or response.json()["detail"] == detail
    page = send_form(admin_page, f"/users/{ADMIN}", f"/users/{ADMIN}/disable")
    assert page.status_code == 409 and "Je kunt jezelf niet uitschakelen" in page.text
    page = send_form(admin_page, "/users", "/users", {"name": COORDINATOR, "role": "admin"})
    assert page.status_code == 409 and "bestaat al" in page.text and f'value="{COORDINATOR}"' in page.text
    page = send_form(admin_page, "/users", "/users", {"name": "z", "role": "coordinator"})
    assert page.status_code == 422 and "kies minstens één team of wijk" in page.text
    assert TOKEN.findall(page.text) == []
    after = state(store)
    after["sessions"] = [s for s in after["sessions"] if s in before["sessions"]]  # the admin's own login
    assert {**after, "sessions": before["sessions"]} == before and len(after["users"]) == 4


def test_only_admins_change_users(store: Store, tokens: dict[str, str]) -> None:
    before = state(store)
    writes = [("/users.json", {"name": "x", "role": "analyst"}), (f"/users/{COORDINATOR}/disable.json", None),
              (f"/users/{COORDINATOR}/token.json", None),
              (f"/users/{COORDINATOR}/limit.json", {"wijken": [WIJK_OUT]})]
    for role in ("professional", "coordinator", "analyst"):
        client = client_for(store, tokens[role])
        for path, body in writes:
            assert client.post(path, json=body).status_code == 403, (role, path)
        for page in ("/users", f"/users/{COORDINATOR}"):
            assert browser(store, tokens[role]).get(page).status_code == 403
        pages = browser(store, tokens[role])
        token = csrf_token_of(pages.get("/me"))
        for action in ("/users", f"/users/{COORDINATOR}/disable", f"/users/{COORDINATOR}/token",
                       f"/users/{COORDINATOR}/limit"):
            assert pages.post(action, data={"csrf_token": token, "name": "x", "role": "analyst"}).status_code == 403
    # An admin's session cookie alone does not make a JSON change: the form, or a bearer token.
    admin_page = browser(store, tokens["admin"])
    for path, body in writes:
        response = admin_page.post(path, json=body)
        assert response.status_code == 403 and "bearer" in response.json()["detail"].lower(), path
    assert client_for(store).post("/users.json", json=writes[0][1]).status_code == 401
    after = state(store)
    assert after["users"] == before["users"] and after["audit"] == before["audit"]
