"""Access control (issue 7 item 4), beyond tests/test_web_roles.py (which holds the role matrix over the JSON twins):

- every route is enumerated from ``app.routes``, so a new endpoint is covered by itself: without a valid token
  only the explicitly public routes answer;
- analysts never receive an alias of a household member or informal contact, in any twin (JSON, CSV, HTML page) of
  any household-level endpoint;
- every household-level read writes an audit entry; no route can change or remove one.
"""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route
from test_upkeep_roles import MATRIX as UPKEEP_MATRIX
from test_upkeep_roles import plain_path
from test_web_roles import ALIASES, IN_SCOPE_ALIASES, household_endpoints
from web_support import IN_SCOPE, PATH_SAMPLES, WIJK_IN, client_for, load_test_world

from api.app import create_app
from graph.store import Store
from queries.analyses import ANALYSES

SAMPLES = {**PATH_SAMPLES, "name": "gaps"}
# Routes that answer without a token, each with why.
PUBLIC = {
    ("GET", "/health"): "liveness for monitoring; says only whether Neo4j answers",
    ("GET", "/login"): "the login form",
    ("POST", "/login"): "logging in",
    ("POST", "/logout"): "only removes the session cookie",
    ("POST", "/language"): "the user's choice of language: only sets a cookie (the login page has the switch too)",
    ("GET", "/static/vis-network.min.js"): "a public JavaScript library",
    ("GET", "/static/vis-network.css"): "its style sheet",
    ("GET", "/api/openapi.json"): "the API's description: no data",
    ("GET", "/api/docs"): "the API's documentation page: no data",
    # Self-service and registration links (SECURITY.md): the link's token is the credential; a token that opens no
    # link answers 404 and counts for the login back-off (tests/test_web_links.py).
    ("GET", "/self/{token}"): "a professional's own link: shows only that professional's details",
    ("POST", "/self/{token}"): "confirms or corrects them, once (CSRF token of the page)",
    ("GET", "/register/{token}"): "a wijk network's registration form: lists organisations, never people",
    ("POST", "/register/{token}"): "a pending registration that counts nowhere until a coordinator approves it",
    ("GET", "/register/{token}/thanks"): "a thank-you page: no data",
}
LINK_PAGES = {"/self/{token}", "/register/{token}"}  # the sample token opens no link: 404
# The only routes that are not reads.
WRITES = {("POST", "/login"), ("POST", "/logout"), ("POST", "/language"),
          # users in the app (tests/test_web_users.py): a user change writes its own audit entry, changes none
          ("POST", "/users"), ("POST", "/users/{name}/disable"), ("POST", "/users/{name}/token"),
          ("POST", "/users/{name}/limit"), ("POST", "/users.json"), ("POST", "/users/{name}/disable.json"),
          ("POST", "/users/{name}/token.json"), ("POST", "/users/{name}/limit.json"),
          # "Klopt nog" (tests/test_web_verify.py): sets a contact's last_verified and verified_by, audited
          ("POST", "/kaart/{kind}/{key}/verify"), ("POST", "/kaart/{kind}/{key}/verify.json"),
          # self-service and registration links (tests/test_web_links.py): each change writes its own audit entry
          ("POST", "/self/{token}"), ("POST", "/register/{token}"), ("POST", "/kaart/professional/{key}/link"),
          ("POST", "/kaart/professional/{key}/link.json"), ("POST", "/links/{link_id}/revoke"),
          ("POST", "/links/{link_id}/revoke.json"), ("POST", "/kaart/registration-links"),
          ("POST", "/kaart/registration-links.json"), ("POST", "/kaart/registrations/{registration_id}/approve"),
          ("POST", "/kaart/registrations/{registration_id}/approve.json"),
          ("POST", "/kaart/registrations/{registration_id}/reject"),
          ("POST", "/kaart/registrations/{registration_id}/reject.json")}
# Pages whose form sends a reason by POST (a reason never goes in a URL); they read, as their GET does.
FORM_READS = {("POST", "/households/{household_id}"), ("POST", "/households/{household_id}/ecogram"),
              ("POST", "/analyses/{name}")}


def routes() -> list[tuple[str, str]]:
    app = create_app(lambda: None)  # type: ignore[arg-type, return-value]
    found = []
    for route in app.routes:
        if isinstance(route, Route):
            found += [(method, route.path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: SAMPLES[match.group(1)], path)


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def test_only_the_public_routes_answer_without_a_valid_token(store: Store, tokens: dict[str, str]) -> None:
    listed = routes()
    assert len(listed) >= 40 and set(PUBLIC) <= set(listed)
    anonymous, forged = client_for(store), client_for(store, "wg_" + "x" * 43)
    answered = set()
    for method, path in listed:
        for client in (anonymous, forged):
            response = client.request(method, url(path), follow_redirects=False)
            if (method, path) in PUBLIC:
                continue
            if path.endswith((".json", ".csv", ".xlsx")) or path.startswith("/exports/"):
                assert response.status_code == 401, (method, path, response.status_code)
                assert response.headers["content-type"].startswith("application/problem+json")
            elif method == "POST":  # a page's form, without our page's CSRF token: refused before anything is read
                assert response.status_code == 403 and "kwam niet van een pagina van wijkgraph" in response.text, (
                    method, path, response.status_code)
            else:  # a page sends the browser to the login form
                assert (response.status_code, response.headers.get("location", "")[:12]) == (303, "/login?next="), (
                    method, path, response.status_code)
            answered.add((method, path))
    assert answered == set(listed) - set(PUBLIC)
    # ... and the public routes do answer without one (so the list above is not stale). The link pages' unknown
    # sample tokens above counted for the back-off (tests/test_web_links.py); start it afresh.
    store.write("MATCH (f:LoginFailure) DELETE f")
    for method, path in PUBLIC:
        if method == "GET":
            assert anonymous.get(url(path)).status_code == (404 if path in LINK_PAGES else 200), path


def twins(path: str) -> list[str]:
    """The JSON path of an endpoint, its HTML page and (for tables) its CSV twin."""
    base, _, query = path.partition("?")
    stem = base.removesuffix(".json")
    suffix = f"?{query}" if query else ""
    listed = [path, stem + suffix]
    if stem.endswith("/households") or stem.startswith("/analyses/"):
        listed.append(f"{stem}.csv{suffix}")
    return listed


def test_analysts_never_receive_aliases_in_any_twin(store: Store, tokens: dict[str, str]) -> None:
    analyst, admin = client_for(store, tokens["analyst"]), client_for(store, tokens["admin"])
    # The aliases are there to be leaked: an admin sees them in every twin of the household page.
    for twin in twins(f"/households/{IN_SCOPE}.json?reason=x"):
        assert all(alias in admin.get(twin).text for alias in IN_SCOPE_ALIASES), twin
    checked = 0
    for path, expected in household_endpoints():
        if expected["analyst"] != 200:
            continue
        for twin in twins(path):
            response = analyst.get(twin)
            assert response.status_code == 200, (twin, response.status_code)
            leaked = [alias for alias in ALIASES if alias in response.text]
            assert not leaked, f"analyst saw {leaked} at {twin}"
            checked += 1
    assert checked >= 60


def audit_count(store: Store) -> int:
    return store.read("MATCH (a:AuditEntry) RETURN count(a) AS n")[0]["n"]


def test_every_household_level_read_is_audited_in_every_twin(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    for path, expected in household_endpoints():
        if expected["admin"] != 200 or path.startswith(("/audit", "/users")):
            continue
        for twin in twins(path):
            before = audit_count(store)
            assert admin.get(twin).status_code == 200, twin
            entries = store.read("MATCH (a:AuditEntry) WITH a ORDER BY a.at DESC LIMIT 1 "
                                 "RETURN a.user AS user, a.resource AS resource, a.status AS status")
            assert audit_count(store) == before + 1, twin
            assert entries == [{"user": "test-admin", "resource": twin.partition("?")[0], "status": 200}], twin


def test_no_route_changes_the_audit_log(store: Store, tokens: dict[str, str]) -> None:
    # Every route but login, logout, the language switch and the writes of issue 16 (each in the role matrix of
    # tests/test_upkeep_roles.py, which audit their changes themselves) only reads.
    upkeep = {(row.method, row.route) for row in UPKEEP_MATRIX}
    assert {(method, plain_path(path)) for method, path in routes() if method != "GET"} == WRITES | FORM_READS | upkeep
    admin = client_for(store, tokens["admin"])
    admin.get(f"/households/{IN_SCOPE}.json")
    before = store.read("MATCH (a:AuditEntry) RETURN a {.*} AS entry ORDER BY a.id")
    assert before
    entry = before[0]["entry"]["id"]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for path in ("/audit", "/audit.json", "/audit.csv"):
            assert admin.request(method, path).status_code == 405, (method, path)
        assert admin.request(method, f"/audit/{entry}.json").status_code in (404, 405)
    assert store.read("MATCH (a:AuditEntry) RETURN a {.*} AS entry ORDER BY a.id") == before


def test_only_household_level_analyses_can_hold_an_alias(store: Store, tokens: dict[str, str]) -> None:
    # api/web/access.py removes aliases from the answers of household-level analyses only (walking a kaart-level
    # answer of thousands of rows cost 170 ms at national scale); this holds that shortcut to its premise. An admin
    # is not pseudonymised, so an alias in any of these answers would show here.
    admin = client_for(store, tokens["admin"])
    kaart_level = [a for a in ANALYSES.values() if not a.access.household_level]
    assert {a.name for a in kaart_level} >= {"freshness", "duplicate_professionals", "dual_roles", "contacts"}
    for analysis in kaart_level:
        query = f"?wijk={WIJK_IN}" if analysis.limited_by == "wijk" else ""
        response = admin.get(f"/analyses/{analysis.name}.json{query}")
        assert response.status_code == 200, (analysis.name, response.text[:300])
        assert '"alias"' not in response.text and not [a for a in ALIASES if a in response.text], analysis.name
