"""Self-service and registration links in the web app (api/web/links.py, registrations.py, register.py): the pages
and their JSON, who may make links (a coordinator only in their wijken, never a professional or analyst), and the
guarantees of SECURITY.md "Self-service and registration links": throttled like the login, a form's worth of
input, nothing about other professionals, refused plainly."""

from __future__ import annotations

import re

import httpx
import pytest
from web_support import client_for, csrf_token_of, load_test_world, log_in

from api import login_throttle
from graph.store import Store

OUTSIDE = "P-9"  # works only in WK990102, outside the test coordinator's wijk


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    tokens = load_test_world(store)
    store.write("CREATE (p:Professional {id: $id, name: 'Iris Zuid', source: 'test'}) WITH p "
                "MATCH (w:Wijk {code: 'WK990102'}) CREATE (p)-[:WORKS_IN {group: 'B', source: 'test'}]->(w)",
                {"id": OUTSIDE})
    return tokens


def session(store: Store, token: str) -> httpx.Client:
    client = client_for(store)
    assert log_in(client, token).status_code == 303
    return client


def link_from(page: httpx.Response) -> str:
    found = re.search(r'id="link-url"[^>]*value="(http://[^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1")


def test_a_coordinator_makes_a_link_and_sees_what_was_changed(store: Store, tokens: dict[str, str]) -> None:
    coordinator = session(store, tokens["coordinator"])
    form = coordinator.get("/kaart/professional/P-1/link")
    assert form.status_code == 200 and "Maak een persoonlijke link" in form.text
    made = coordinator.post("/kaart/professional/P-1/link", data={"csrf_token": csrf_token_of(form)})
    assert made.status_code == 200 and "Kopieer de link nu" in made.text
    url = link_from(made)
    assert re.fullmatch(r"http://127\.0\.0\.1/self/wgl_[A-Za-z0-9_-]{43}", url)

    professional = client_for(store)  # no login
    page = professional.get(path_of(url))
    assert page.status_code == 200 and "Anna Jansen" in page.text and "0611111111" in page.text
    assert "Bram" not in page.text  # nobody else
    version = re.search(r'name="version" value="([0-9a-f]+)"', page.text).group(1)  # type: ignore[union-attr]
    sent = professional.post(path_of(url), data={
        "csrf_token": csrf_token_of(page), "version": version, "action": "correct", "name": "Anna Jansen",
        "function": "wijkcoach", "email": "anna@welzijn.example", "phone": "06 2345 6789"})
    assert sent.status_code == 200 and "Je gegevens zijn opgeslagen" in sent.text

    listed = client_for(store, tokens["coordinator"]).get("/links.json").json()["items"]
    assert [(i["professional"], i["status"], i["outcome"]) for i in listed] == [("P-1", "used", "corrected")]
    assert [(c["column"], c["before"], c["after"]) for c in listed[0]["changes"]] == [
        ("phone", "0611111111", "06 2345 6789")]
    links_page = coordinator.get("/links")
    assert "gebruikt" in links_page.text and "0611111111" in links_page.text and "06 2345 6789" in links_page.text
    again = professional.get(path_of(url))
    assert again.status_code == 410 and "al gebruikt" in again.text and "coördinator" in again.text


def test_who_may_make_links(store: Store, tokens: dict[str, str]) -> None:
    for role in ("professional", "analyst"):
        answer = client_for(store, tokens[role]).post("/kaart/professional/P-1/link.json", json={})
        assert answer.status_code == 403, role
        assert client_for(store, tokens[role]).get("/links.json").status_code == 403
    coordinator = client_for(store, tokens["coordinator"])
    assert coordinator.post(f"/kaart/professional/{OUTSIDE}/link.json", json={}).status_code == 403
    assert coordinator.post("/kaart/professional/P-NOPE/link.json", json={}).status_code == 404
    made = coordinator.post("/kaart/professional/P-1/link.json", json={})
    assert made.status_code == 201 and made.json()["url"].startswith("http://127.0.0.1/self/wgl_")
    assert client_for(store, tokens["admin"]).post(f"/kaart/professional/{OUTSIDE}/link.json").status_code == 201
    cookie_only = session(store, tokens["coordinator"])  # a browser's cookie alone makes no JSON change
    assert cookie_only.post("/kaart/professional/P-1/link.json", json={}).status_code == 403
    assert [i["professional"] for i in coordinator.get("/links.json").json()["items"]] == ["P-1"]
    assert len(client_for(store, tokens["admin"]).get("/links.json").json()["items"]) == 2
    assert store.read("MATCH (l:SelfServiceLink) RETURN count(l) AS n") == [{"n": 2}]


def test_revoked_and_expired_links_are_refused_plainly(store: Store, tokens: dict[str, str]) -> None:
    coordinator = client_for(store, tokens["coordinator"])
    first = coordinator.post("/kaart/professional/P-1/link.json").json()
    second = coordinator.post("/kaart/professional/P-2/link.json").json()
    revoked = coordinator.post(f"/links/{first['id']}/revoke.json")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert coordinator.post(f"/links/{first['id']}/revoke.json").status_code == 409
    page = client_for(store).get(path_of(first["url"]))
    assert page.status_code == 410 and "ingetrokken" in page.text
    store.write("MATCH (l:SelfServiceLink {id: $id}) SET l.expires = datetime() - duration({hours: 1})",
                {"id": second["id"]})
    page = client_for(store).get(path_of(second["url"]))
    assert page.status_code == 410 and "verlopen" in page.text and "nieuwe link" in page.text
    outsider = client_for(store, tokens["professional"])
    assert outsider.post(f"/links/{second['id']}/revoke.json").status_code == 403


def test_guessing_tokens_is_throttled_like_the_login(store: Store, tokens: dict[str, str]) -> None:
    made = client_for(store, tokens["coordinator"]).post("/kaart/professional/P-1/link.json").json()
    guesser = client_for(store)
    guesses = [f"/self/wgl_{'A' * 42}{n}" for n in range(login_throttle.MAX_FAILURES)]
    for guess in guesses:
        answer = guesser.get(guess)
        assert answer.status_code == 404 and "Deze link werkt niet" in answer.text
        assert "verlopen" not in answer.text and "gebruikt" not in answer.text  # nothing about existence
    throttled = guesser.get(path_of(made["url"]))  # the right token too: it is not looked at
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
    assert guesser.get(f"/register/wgl_{'B' * 43}").status_code == 429
    entries = store.read("MATCH (a:AuditEntry {what: 'link not valid'}) RETURN a.resource AS resource, "
                         "a.status AS status")
    assert entries == [{"resource": "/self", "status": 404}] * login_throttle.MAX_FAILURES
    logged = str(store.read("MATCH (a:AuditEntry) RETURN properties(a) AS a"))
    assert "AAAAAAAA" not in logged and made["url"].rsplit("/", 1)[1] not in logged


def test_public_forms_take_no_more_than_a_form(store: Store, tokens: dict[str, str]) -> None:
    made = client_for(store, tokens["coordinator"]).post("/kaart/professional/P-1/link.json").json()
    professional = client_for(store)
    page = professional.get(path_of(made["url"]))
    before = store.read("MATCH (p:Professional {id: 'P-1'}) RETURN properties(p) AS p")
    big = professional.post(path_of(made["url"]), data={"csrf_token": csrf_token_of(page), "action": "correct",
                                                        "name": "A" * 20_000})
    assert big.status_code == 413
    long = professional.post(path_of(made["url"]), data={"csrf_token": csrf_token_of(page), "action": "correct",
                                                         "name": "A" * 300, "phone": "0612345678"})
    assert long.status_code == 422 and "200 tekens" in long.text
    no_csrf = professional.post(path_of(made["url"]), data={"action": "confirm"})
    assert no_csrf.status_code == 403
    assert store.read("MATCH (p:Professional {id: 'P-1'}) RETURN properties(p) AS p") == before
    assert professional.get(path_of(made["url"])).status_code == 200  # still open


def test_a_registration_link_brings_in_a_professional_after_approval(store: Store, tokens: dict[str, str]) -> None:
    coordinator = client_for(store, tokens["coordinator"])
    assert coordinator.post("/kaart/registration-links.json", json={"wijk": "WK990102"}).status_code == 403
    made = coordinator.post("/kaart/registration-links.json", json={"wijk": "WK990101"})
    assert made.status_code == 201 and made.json()["kind"] == "registration"
    newcomer = client_for(store)
    page = newcomer.get(path_of(made.json()["url"]))
    assert page.status_code == 200 and "Noord" in page.text and "Welzijn Test" in page.text
    assert "Anna Jansen" not in page.text and "anna@" not in page.text
    sent = newcomer.post(path_of(made.json()["url"]), data={
        "csrf_token": csrf_token_of(page), "name": "Fleur de Boer", "function": "jongerenwerker",
        "organisation_id": "ORG-WELZIJN", "email": "anna@welzijn.example", "phone": "", "group": "B",
        "expertise": ["JEUGD", "WONEN"]})
    assert sent.status_code == 200 and "ontvangen" in sent.text and "Anna" not in sent.text  # same answer for all
    bad = newcomer.post(path_of(made.json()["url"]), data={"csrf_token": csrf_token_of(page), "name": "X",
                                                          "organisation_id": "ORG-WELZIJN", "group": "Q"})
    assert bad.status_code == 422 and "groep" in bad.text.lower()
    pending = coordinator.get("/kaart/registrations.json").json()["items"]
    assert [(r["name"], [(d["id"], d["reasons"]) for d in r["duplicates"]]) for r in pending] == [
        ("Fleur de Boer", [("P-1", ["same_email"])])]
    assert client_for(store, tokens["professional"]).get("/kaart/registrations.json").status_code == 403
    assert "Anna Jansen" in session(store, tokens["coordinator"]).get("/kaart/registrations").text
    approved = coordinator.post(f"/kaart/registrations/{pending[0]['id']}/approve.json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    new_id = approved.json()["professional"]
    assert store.read("MATCH (p:Professional {id: $id})-[w:WORKS_IN]->(:Wijk {code: 'WK990101'}) "
                      "RETURN p.name AS name, w.group AS group", {"id": new_id}) == [
        {"name": "Fleur de Boer", "group": "B"}]
    assert coordinator.post(f"/kaart/registrations/{pending[0]['id']}/approve.json").status_code == 404
    listed = session(store, tokens["coordinator"]).get("/kaart/registration-links")
    assert listed.status_code == 200 and "1 aangemeld" in listed.text


def test_the_pages_forms_revoke_a_link_and_reject_a_registration(store: Store, tokens: dict[str, str]) -> None:
    api = client_for(store, tokens["coordinator"])
    personal = api.post("/kaart/professional/P-1/link.json").json()
    registration = api.post("/kaart/registration-links.json", json={"wijk": "WK990101"}).json()
    newcomer = client_for(store)
    form = newcomer.get(path_of(registration["url"]))
    assert newcomer.post(path_of(registration["url"]), data={
        "csrf_token": csrf_token_of(form), "name": "Gijs Bos", "organisation_id": "ORG-GGZ", "group": "D",
        "phone": "079 346 8000"}).status_code == 200
    browser = session(store, tokens["coordinator"])
    page = browser.get("/links")
    assert f'action="/links/{personal["id"]}/revoke"' in page.text
    revoked = browser.post(f"/links/{personal['id']}/revoke", data={"csrf_token": csrf_token_of(page)},
                           follow_redirects=False)
    assert (revoked.status_code, revoked.headers["location"]) == (303, "/links")
    assert "ingetrokken" in browser.get("/links").text
    assert browser.post(f"/links/{registration['id']}/revoke", data={}).status_code == 403  # no CSRF token
    page = browser.get("/kaart/registrations")
    pending = api.get("/kaart/registrations.json").json()["items"]
    assert [item["name"] for item in pending] == ["Gijs Bos"]
    rejected = browser.post(f"/kaart/registrations/{pending[0]['id']}/reject",
                            data={"csrf_token": csrf_token_of(page)}, follow_redirects=False)
    assert (rejected.status_code, rejected.headers["location"]) == (303, "/kaart/registrations")
    assert api.get("/kaart/registrations.json").json()["items"] == []
    assert store.read("MATCH (p:Professional {name: 'Gijs Bos'}) RETURN p") == []
    statuses = {item["id"]: item["status"] for item in api.get("/links.json").json()["items"]}
    assert statuses == {personal["id"]: "revoked", registration["id"]: "open"}
