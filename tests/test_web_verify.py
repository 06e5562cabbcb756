"""Verification in the web app: the button "Klopt nog" (form, CSRF, back with a Dutch confirmation), its JSON twin,
who may use them (a refusal changes nothing), the worklist with its twins, and freshness on the home and wijk pages."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from db_counts import graph_snapshot
from web_support import WIJK_IN, WIJK_OUT, client_for, csrf_token_of, load_test_world, log_in

from graph.load import load_nodes, load_relationships
from graph.store import Store

TODAY = dt.date.today()
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def session(store: Store, token: str):  # type: ignore[no-untyped-def]
    client = client_for(store)
    assert log_in(client, token).status_code == 303
    return client


def snapshot(store: Store) -> dict:
    """The database without the sessions and login bookkeeping the requests themselves write."""
    shot = graph_snapshot(store)
    return {kind: [line for line in lines if "Session" not in line] for kind, lines in shot.items()}


def add_outsider(store: Store) -> None:
    """A professional who works only in WK990102, which the coordinator's team does not serve."""
    now = dt.datetime.now(dt.UTC)
    load_nodes(store, "Professional", [{"id": "P-9", "name": "Olga Buiten", "function": "jongerenwerker"}], "test", now)
    load_relationships(store, "works_in_wijk", [{"start": "P-9", "end": WIJK_OUT, "group": "B"}], "test", now)


def test_the_button_verifies_and_goes_back_with_a_confirmation(store: Store) -> None:
    tokens = load_test_world(store)
    client = session(store, tokens["coordinator"])
    page = client.get("/kaart/verify")
    assert page.status_code == 200
    assert 'action="/kaart/professional/P-2/verify"' in page.text and ">Klopt nog</button>" in page.text
    sent = client.post("/kaart/professional/P-2/verify", data={
        "csrf_token": csrf_token_of(page), "back": "/kaart/verify?wijk=WK990101"}, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/kaart/verify?wijk=WK990101&verified=professional%3AP-2"
    back = client.get(sent.headers["location"])
    day = f"{TODAY.day} {MONTHS[TODAY.month - 1]} {TODAY.year}"
    assert f'<p class="notice" role="status">Klopt nog: Dr. Bram de Wit is gecontroleerd op {day}.</p>' in back.text
    row = client.get("/kaart/verify.json", headers={"Authorization": f"Bearer {tokens['coordinator']}"}).json()
    p2 = next(item for item in row["items"] if item["id"] == "P-2")
    assert (p2["last_verified"], p2["verified_by"], p2["freshness"]) == (TODAY.isoformat(), "test-coordinator", "fresh")
    # A back that leads to another site goes to the worklist instead.
    sent = client.post("/kaart/professional/P-2/verify", data={
        "csrf_token": csrf_token_of(page), "back": "//evil.example/x"}, follow_redirects=False)
    assert sent.headers["location"] == "/kaart/verify?verified=professional%3AP-2"


def test_the_json_twin_verifies_with_a_bearer_token(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["admin"])
    answer = client.post("/kaart/civil_partner/C-1/verify.json", json={"on": "2026-06-02"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["kind"], body["key"], body["values"]["last_verified"], body["label"], body["wijken"]) == (
        "civil_partner", "C-1", "2026-06-02", "Buurthuis De Kern", [WIJK_IN, WIJK_OUT])
    answer = client.post("/kaart/organisation/ORG-GGZ/verify.json")  # no body: today
    assert answer.status_code == 200 and answer.json()["values"]["last_verified"] == TODAY.isoformat()
    found = store.read("MATCH (o:Organisation {id: 'ORG-GGZ'}) RETURN o.last_verified AS day, o.verified_by AS by")
    assert (found[0]["day"].to_native(), found[0]["by"]) == (TODAY, "test-admin")
    assert store.read("MATCH (a:AuditEntry {action: 'verify'}) RETURN a.target AS target ORDER BY a.at") == [
        {"target": "civil_partner C-1"}, {"target": "organisation ORG-GGZ"}]


REFUSALS = [
    # (who, path, body, status, words of the Dutch detail)
    ("professional", "/kaart/professional/P-2/verify.json", None, 403, "coördinator"),
    ("analyst", "/kaart/professional/P-2/verify.json", None, 403, "coördinator"),
    ("coordinator", "/kaart/professional/P-9/verify.json", None, 403, "WK990102"),
    ("coordinator", "/kaart/professional/P-404/verify.json", None, 404, "P-404"),
    ("coordinator", "/kaart/team/T-NOORD/verify.json", None, 404, "team"),
    ("coordinator", "/kaart/professional/P-2/verify.json", {"on": (TODAY + dt.timedelta(days=1)).isoformat()}, 422,
     "niet na vandaag"),
    ("coordinator", "/kaart/professional/P-2/verify.json", {"on": "gisteren"}, 400, "gisteren"),
    ("coordinator", "/kaart/professional/P-1/verify.json", {"on": "2025-01-01"}, 422, "2026-01-15"),
]


@pytest.mark.parametrize(("role", "path", "body", "status", "words"), REFUSALS)
def test_a_refused_verification_changes_nothing(store: Store, role: str, path: str, body: dict | None, status: int,
                                                words: str) -> None:
    tokens = load_test_world(store)
    add_outsider(store)
    before = snapshot(store)
    answer = client_for(store, tokens[role]).post(path, json=body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert words in answer.json()["detail"]
    assert snapshot(store) == before


def test_a_session_alone_and_a_form_without_its_token_are_refused(store: Store) -> None:
    tokens = load_test_world(store)
    client = session(store, tokens["coordinator"])
    before = snapshot(store)
    assert client.post("/kaart/professional/P-2/verify.json").status_code == 403  # no bearer: use the form
    assert client.post("/kaart/professional/P-2/verify", data={"back": "/"}).status_code == 403  # no CSRF token
    other = client_for(store)
    other.cookies = client.cookies
    page = client.get("/kaart/verify")
    assert other.post("/kaart/professional/P-2/verify", data={"csrf_token": csrf_token_of(page)},
                      headers={"Origin": "https://evil.example"}).status_code == 403
    assert snapshot(store) == before


def test_only_contacts_the_user_may_verify_get_the_button(store: Store) -> None:
    tokens = load_test_world(store)
    add_outsider(store)
    coordinator = session(store, tokens["coordinator"])
    page = coordinator.get("/contacts?text=jongerenwerker&scope=municipality").text
    assert "Olga Buiten" in page and "/kaart/professional/P-9/verify" not in page  # outside their wijk
    page = coordinator.get("/contacts?wijk=WK990101").text
    assert 'action="/kaart/professional/P-1/verify"' in page
    professional = session(store, tokens["professional"]).get("/contacts?wijk=WK990101").text
    assert "Anna Jansen" in professional and "/verify" not in professional
    admin = session(store, tokens["admin"]).get("/contacts?text=jongerenwerker").text
    assert 'action="/kaart/professional/P-9/verify"' in admin


def test_the_worklist_of_a_coordinator(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["coordinator"])
    body = client.get("/kaart/verify.json?on=2026-12-01").json()
    assert (body["wijken"], body["fresh_since"], body["counts"], body["total"]) == (
        [WIJK_IN], "2025-12-01", {"fresh": 4, "stale": 1, "never": 2}, 7)
    assert [(row["kind"], row["id"], row["freshness"], row["last_verified"]) for row in body["items"]] == [
        ("professional", "P-2", "stale", "2024-03-01"), ("professional", "P-1", "fresh", "2026-01-15"),
        ("professional", "P-5", "fresh", "2026-02-02"), ("civil_partner", "C-1", "fresh", "2026-05-01"),
        ("professional", "P-3", "fresh", "2026-06-01"),
        ("professional", "P-4", "never", None), ("organisation", "ORG-GGZ", "never", None)]
    assert body["items"][0] | {"wijken": None} == {
        "kind": "professional", "id": "P-2", "name": "Dr. Bram de Wit", "function": "huisarts",
        "organisation": "Huisartsenpraktijk Noord", "phone": "0622222222", "email": "bram@huisarts.example",
        "last_verified": "2024-03-01", "verified_by": None, "freshness": "stale", "wijken": None}
    csv = client.get("/kaart/verify.csv?on=2026-12-01").text.splitlines()
    assert csv[0] == "kind,id,name,function,organisation,phone,email,last_verified,verified_by,freshness,wijken"
    assert len(csv) == 8 and csv[1].startswith("professional,P-2,Dr. Bram de Wit,huisarts,")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/kaart/verify.xlsx?on=2026-12-01").content)).active
    assert sheet is not None and sheet.max_row == 8 and sheet.cell(2, 2).value == "P-2"
    page = session(store, tokens["coordinator"]).get("/kaart/verify?on=2026-12-01").text
    verified, never = page.split('<h2 id="never-h">')
    assert re.findall(r'data-id="([^"]+)"', verified) == ["P-2", "P-1", "P-5", "C-1", "P-3"]
    assert re.findall(r'data-id="([^"]+)"', never) == ["P-4", "ORG-GGZ"]
    assert "7 contacten: 4 vers, 1 verouderd, 2 nooit gecontroleerd." in page
    # Their own wijk only.
    assert client.get(f"/kaart/verify.json?wijk={WIJK_OUT}").status_code == 403
    assert client.get(f"/kaart/verify.json?wijk={WIJK_IN}").json()["wijken"] == [WIJK_IN]


def test_the_worklist_of_an_admin_and_who_else_may_see_it(store: Store) -> None:
    tokens = load_test_world(store)
    admin = client_for(store, tokens["admin"])
    assert admin.get("/kaart/verify.json").json()["items"] == []  # an admin chooses first
    assert admin.get("/kaart/verify.json?municipality=GM9901").json()["wijken"] == [WIJK_IN, WIJK_OUT]
    # The civil partner of both wijken and the municipality's group-D psychiatrist.
    assert [row["id"] for row in admin.get(f"/kaart/verify.json?wijk={WIJK_OUT}").json()["items"]] == ["C-1", "P-3"]
    assert admin.get("/kaart/verify.json?wijk=WK404").status_code == 404
    assert admin.get("/kaart/verify.json?municipality=GM404").status_code == 404
    for role in ("professional", "analyst"):
        assert client_for(store, tokens[role]).get("/kaart/verify.json").status_code == 403
    # The page's wijk selector (kept per data version as HTML): every wijk once, the chosen one marked, or none.
    chosen = admin.get(f"/kaart/verify?wijk={WIJK_OUT}").text
    selector = chosen[chosen.index('<select id="f-wijk"'):chosen.index("</select>", chosen.index('id="f-wijk"'))]
    assert re.findall(r'<option value="(WK\d+)"', selector) == [WIJK_IN, WIJK_OUT]
    assert re.findall(r'<option value="(\w*)" ?selected>', selector) == [WIJK_OUT]
    whole = admin.get("/kaart/verify?municipality=GM9901").text
    assert " selected>" not in whole[whole.index('<select id="f-wijk"'):whole.index('<select id="f-municipality"')]


def test_freshness_on_the_home_and_wijk_pages(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["coordinator"])
    (wijk,) = client.get("/index.json?on=2026-12-01").json()["wijken"]
    assert (wijk["contacts"], wijk["verified"], wijk["stale"], wijk["never"], wijk["verified_share"]) == (
        7, 4, 1, 2, 0.5714)
    overview = client.get(f"/wijken/{WIJK_IN}.json?on=2026-12-01").json()
    assert overview["freshness"] == {"contacts": 7, "fresh": 4, "stale": 1, "never": 2, "fresh_share": 0.5714,
                                     "fresh_since": "2025-12-01"}
    page = session(store, tokens["coordinator"]).get(f"/wijken/{WIJK_IN}?on=2026-12-01").text
    assert ("57% van 7 contacten gecontroleerd in de laatste 12 maanden (sinds 1 dec 2025): 4 vers, 1 verouderd, "
            "2 nooit gecontroleerd.") in page
    assert f'href="/kaart/verify?wijk={WIJK_IN}"' in page
