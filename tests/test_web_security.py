"""The web app's defences (issue 12): security headers, allowed hosts, forms only from our own pages, household reads
only from our own pages, reasons never in URLs, no telling which households exist, Swagger UI without a CDN. The
exposure rule over a real network address is in tests/test_web_exposure.py, the forged page in a real browser in
tests/test_browser_security.py."""

from __future__ import annotations

import html
import re

import pytest
from web_support import IN_SCOPE, OUT_OF_SCOPE, WIJK_IN, client_for, csrf_token_of, load_test_world, log_in

from api import auth
from graph.store import Store

REASON = {"X-Wijkgraph-Reason": "casusoverleg"}
OTHER_SITE = {"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:9999"}  # another port of this host
OWN_PAGE = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def audit_entries(store: Store) -> list[dict[str, object]]:
    return store.read("MATCH (a:AuditEntry) RETURN a {.user, .what, .households, .reason, .status} AS entry "
                      "ORDER BY a.at, a.id")


def entries(store: Store) -> list[object]:
    return [row["entry"] for row in audit_entries(store)]


def test_every_answer_carries_the_security_headers(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    answers = {path: admin.get(path, headers=REASON) for path in
               ("/login", "/wijken.json", "/nowhere", f"/households/{IN_SCOPE}", f"/wijken/{WIJK_IN}/map",
                "/static/wijkgraph.css")}
    answers["/index.json anonymous"] = client_for(store).get("/index.json")
    for path, response in answers.items():
        policy = response.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy, path
        assert (response.headers.get("x-frame-options"), response.headers.get("x-content-type-options"),
                response.headers.get("referrer-policy")) == ("DENY", "nosniff", "no-referrer"), path
    assert answers[f"/households/{IN_SCOPE}"].status_code == 200
    assert {path: answers[path].headers.get("cache-control") for path in answers} == {
        **{path: "no-store" for path in answers}, "/static/wijkgraph.css": None}


def test_no_page_runs_an_inline_script(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    pages = [admin.get(path, headers=REASON).text for path in
             ("/login", f"/wijken/{WIJK_IN}/map", f"/households/{IN_SCOPE}/ecogram", "/api/docs")]
    scripts = [tag for page in pages for tag in re.findall(r"<script\b[^>]*>", page)]
    assert len(scripts) >= 8
    inline = [tag for tag in scripts if "src=" not in tag and 'type="application/json"' not in tag]
    assert inline == []


def test_only_the_allowed_hosts_are_served(store: Store, tokens: dict[str, str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    admin = client_for(store, tokens["admin"])
    forged = client_for(store).get("/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert forged.status_code == 400 and "location" not in forged.headers  # not even the login redirect
    assert admin.get("/index.json", headers={"Host": "evil.example"}).json()["type"].endswith("/host-not-allowed")
    assert admin.get("/", headers={"Host": "wijk.example:8443"}).status_code == 400
    monkeypatch.setenv("WIJKGRAPH_ALLOWED_HOSTS", "wijk.example, intranet.example")
    assert admin.get("/index.json", headers={"Host": "wijk.example:8443"}).status_code == 200
    assert admin.get("/index.json", headers={"Host": "localhost:8000"}).status_code == 200


def test_a_reason_in_a_url_is_refused_and_nothing_is_read(store: Store, tokens: dict[str, str]) -> None:
    coordinator = client_for(store, tokens["coordinator"], reason_in_url=True)
    for path in (f"/households/{IN_SCOPE}.json?reason=casusoverleg", f"/households/{IN_SCOPE}?reason=casusoverleg",
                 f"/households/{IN_SCOPE}/ecogram.json?reason=x",
                 f"/analyses/ecogram.json?household={IN_SCOPE}&reason=x"):
        response = coordinator.get(path)
        assert response.status_code == 400, path
        assert "nooit in de URL" in response.text, path
    assert entries(store) == []
    assert coordinator.get(f"/households/{IN_SCOPE}.json", headers=REASON).status_code == 200


def test_a_household_read_with_the_session_cookie_only_from_our_own_pages(
        store: Store, tokens: dict[str, str]) -> None:
    browser = client_for(store)
    assert log_in(browser, tokens["admin"]).status_code == 303
    for path in (f"/households/{IN_SCOPE}", f"/households/{IN_SCOPE}.json", f"/households/{IN_SCOPE}/ecogram",
                 f"/wijken/{WIJK_IN}/households", f"/analyses/too_many_helpers.json?wijk={WIJK_IN}"):
        response = browser.get(path, headers={**REASON, **OTHER_SITE})
        assert response.status_code == 403 and "alleen getoond aan verzoeken vanaf de eigen" in response.text, path
    assert entries(store) == []
    assert browser.get(f"/households/{IN_SCOPE}", headers={**REASON, **OWN_PAGE}).status_code == 200
    assert browser.get(f"/households/{IN_SCOPE}", headers={**REASON, "Sec-Fetch-Site": "none"}).status_code == 200
    assert [entry["status"] for entry in entries(store)] == [200, 200]  # type: ignore[index]


def test_forms_need_our_pages_token_and_origin(store: Store, tokens: dict[str, str]) -> None:
    victim = client_for(store)
    assert log_in(victim, tokens["coordinator"]).status_code == 303
    session = victim.cookies[auth.SESSION_COOKIE]
    token = csrf_token_of(victim.get("/me"))
    # Another site logs the victim in as the attacker: no token of ours, or the token but another origin.
    for headers, data in (({}, {"token": tokens["analyst"]}),
                          (OTHER_SITE, {"token": tokens["analyst"], "csrf_token": token})):
        forged = victim.post("/login", data=data, headers=headers, follow_redirects=False)
        assert forged.status_code == 403 and "set-cookie" not in forged.headers
    # ... logs the victim out, or opens a household with its own reason.
    assert victim.post("/logout", data={}, follow_redirects=False).status_code == 403
    reason = {"reason": "attacker's reason"}
    assert victim.post(f"/households/{IN_SCOPE}", data=reason).status_code == 403
    assert victim.post(f"/households/{IN_SCOPE}", data={**reason, "csrf_token": token},
                       headers=OTHER_SITE).status_code == 403
    assert victim.cookies[auth.SESSION_COOKIE] == session
    assert victim.get("/me.json").json()["name"] == "test-coordinator"
    assert entries(store) == []
    # From our own page the same form opens the household, with the reason given there.
    opened = victim.post(f"/households/{IN_SCOPE}", data={"reason": "casusoverleg", "csrf_token": token},
                         headers=OWN_PAGE)
    assert opened.status_code == 200 and f"Huishouden {IN_SCOPE}" in opened.text
    assert entries(store) == [{"user": "test-coordinator", "what": f"household {IN_SCOPE}", "households": [IN_SCOPE],
                               "reason": "casusoverleg", "status": 200}]


def test_an_unknown_household_is_answered_as_one_outside_the_wijken(store: Store, tokens: dict[str, str]) -> None:
    coordinator = client_for(store, tokens["coordinator"])
    unknown = coordinator.get("/households/HH-T-9999.json", headers=REASON)
    outside = coordinator.get(f"/households/{OUT_OF_SCOPE}.json", headers=REASON)
    assert (unknown.status_code, unknown.json()["detail"]) == (outside.status_code, outside.json()["detail"]) == (
        403, "Je mag alleen huishoudens zien van de wijken waar jouw teams werken.")
    for path in ("/households/HH-T-9999/ecogram.json", "/analyses/ecogram.json?household=HH-T-9999"):
        assert coordinator.get(path, headers=REASON).status_code == 403, path
    assert client_for(store, tokens["analyst"]).get("/households/HH-T-9999.json").status_code == 404
    assert [(entry["user"], entry["households"], entry["status"]) for entry in entries(store)] == [  # type: ignore[index]
        ("test-coordinator", ["HH-T-9999"], 403), ("test-coordinator", [OUT_OF_SCOPE], 403),
        ("test-coordinator", ["HH-T-9999"], 403), ("test-coordinator", ["HH-T-9999"], 403),
        ("test-analyst", ["HH-T-9999"], 404)]


def test_the_api_docs_load_nothing_from_elsewhere(store: Store) -> None:
    client = client_for(store)
    page = client.get("/api/docs").text
    sources = re.findall(r"(?:src|href)='([^']+)'", page)
    assert sources and all(source.startswith("/") for source in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert "SwaggerUIBundle" in client.get("/api/docs/assets/swagger-ui-bundle.js").text


def test_the_reason_form_opens_the_page_it_was_asked_for(store: Store, tokens: dict[str, str]) -> None:
    browser = client_for(store)
    log_in(browser, tokens["coordinator"])
    asked = browser.get(f"/households/{IN_SCOPE}/ecogram?on=2025-06-01&compare=2025-11-01", headers=OWN_PAGE)
    assert asked.status_code == 400 and "Waarom open je de gegevens van dit huishouden?" in asked.text
    found = re.search(r'<form method="post" action="(/households/[^"]+)"', asked.text)
    assert found, "the reason form"
    action = html.unescape(found.group(1))
    assert action == f"/households/{IN_SCOPE}/ecogram?on=2025-06-01&compare=2025-11-01"  # no reason in it
    page = browser.post(action, data={"reason": "casusoverleg", "csrf_token": csrf_token_of(asked)}, headers=OWN_PAGE)
    assert page.status_code == 200
    assert "Je ziet de momentopname van <strong>1 mei 2025</strong>" in page.text and 'id="diff"' in page.text
    assert [(e["what"], e["reason"]) for e in entries(store)] == [  # type: ignore[index]
        (f"ecogram of {IN_SCOPE}", "casusoverleg")]


def test_the_twins_of_a_page_with_a_form_answer_only_get(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    for path in (f"/households/{IN_SCOPE}.json", f"/households/{IN_SCOPE}/ecogram.json", "/analyses/gaps.csv"):
        answer = admin.post(path)
        assert (answer.status_code, answer.headers.get("allow")) == (405, "GET"), path
