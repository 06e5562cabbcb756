"""Changing the sociale kaart in the web app: record pages and forms (CSRF, without JavaScript, Dutch), and the JSON
routes (bearer only; 403, 404, 409, 422 problem details). Who may change what: an admin everything, a coordinator
the records of their wijken (test world: WK990101), a professional or analyst nothing."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx
import pytest
from db_counts import graph_snapshot
from web_support import client_for, csrf_token_of, load_test_world, log_in

from graph.store import Store


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def browser(store: Store, token: str) -> httpx.Client:
    client = client_for(store)
    assert log_in(client, token).status_code == 303
    return client


def version_in(page: httpx.Response) -> str:
    found = re.search(r'name="version" value="(\w+)"', page.text)
    assert found, page.text
    return found.group(1)


def phone_of(store: Store, key: str) -> str:
    return store.read("MATCH (p:Professional {id: $key}) RETURN p.phone AS phone", {"key": key})[0]["phone"]


def changes(store: Store) -> list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]]:
    rows = store.read("MATCH (a:AuditEntry) WHERE a.action <> 'read' RETURN a.user AS user, a.action AS action, "
                      "a.target AS target, a.before AS before, a.after AS after ORDER BY a.at, a.id")
    return [(row["user"], row["action"], row["target"], row["before"] and json.loads(row["before"]),
             row["after"] and json.loads(row["after"])) for row in rows]


def text_of(page: httpx.Response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.text)))


def test_a_coordinator_edits_a_contact_through_the_form(store: Store, tokens: dict[str, str]) -> None:
    client = browser(store, tokens["coordinator"])
    page = client.get("/kaart/professional/P-1")
    assert page.status_code == 200
    assert '<a href="/kaart/professional/P-1/edit" id="edit">Wijzig</a>' in page.text
    assert "Anna Jansen" in page.text and "15 jan 2026" in page.text
    form = client.get("/kaart/professional/P-1/edit")
    assert form.status_code == 200
    assert re.search(r'<form method="post" action="/kaart/professional/P-1/edit" class="record-form">\s*'
                     r'<input type="hidden" name="csrf_token"', form.text)
    assert '<label for="f-phone">telefoon</label>' in form.text
    answer = client.post("/kaart/professional/P-1/edit", follow_redirects=False, data={
        "csrf_token": csrf_token_of(form), "version": version_in(form), "name": "Anna Jansen",
        "function": "wijkcoach", "organisation_id": "ORG-WELZIJN", "email": "anna@welzijn.example",
        "phone": "06 1234 0001"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/kaart/professional/P-1?saved=1")
    assert "Opgeslagen." in client.get(answer.headers["location"]).text
    assert phone_of(store, "P-1") == "06 1234 0001"
    assert [(user, action, target, before and before["phone"], after and after["phone"])
            for user, action, target, before, after in changes(store)] == [
        ("test-coordinator", "edit", "professional P-1", "0611111111", "06 1234 0001")]


def test_a_form_without_its_csrf_token_or_with_bad_values_changes_nothing(store: Store,
                                                                          tokens: dict[str, str]) -> None:
    client = browser(store, tokens["coordinator"])
    form = client.get("/kaart/membership/P-1~T-NOORD/edit")
    before = graph_snapshot(store, ignore=())
    forged = client.post("/kaart/membership/P-1~T-NOORD/edit", data={"version": version_in(form), "group": "D"})
    assert forged.status_code == 403
    refused = client.post("/kaart/membership/P-1~T-NOORD/edit", data={
        "csrf_token": csrf_token_of(form), "version": version_in(form), "team_role": "wijkcoach", "group": "A",
        "since": "2025-01-01", "until": "12/31/2026"})
    assert refused.status_code == 422
    assert ('<span class="problem" id="p-until">verwacht een datum als dag-maand-jaar, maar \'12/31/2026\' is '
            'maand/dag/jaar; schrijf 31-12-2026 of 2026-12-31</span>' in html.unescape(refused.text))
    assert 'value="12/31/2026"' in refused.text  # what the editor typed stays in the form
    assert graph_snapshot(store, ignore=()) == before


def test_two_editors_the_second_sees_who_changed_it_and_can_retry(store: Store, tokens: dict[str, str]) -> None:
    client = browser(store, tokens["coordinator"])
    form = client.get("/kaart/professional/P-2/edit")
    admin = client_for(store, tokens["admin"])
    record = admin.get("/kaart/professional/P-2.json").json()
    assert admin.put("/kaart/professional/P-2.json", json={"values": {"email": "bram@nieuw.example"},
                                                            "version": record["version"]}).status_code == 200
    before = graph_snapshot(store, ignore=())
    mine = {"csrf_token": csrf_token_of(form), "version": version_in(form), "name": "Dr. Bram de Wit",
            "function": "huisarts", "organisation_id": "ORG-HUISARTS", "email": "bram@huisarts.example",
            "phone": "0622222233"}
    conflict = client.post("/kaart/professional/P-2/edit", data=mine)
    assert conflict.status_code == 409
    shown = text_of(conflict)
    assert re.search(r"test-admin heeft dit gegeven op \d+ dec 2026 \d\d:\d\d gewijzigd, nadat jij het opende\. "
                     r"Er is niets opgeslagen", shown), shown
    assert "e-mail bram@nieuw.example bram@huisarts.example" in shown  # now, and the editor's change
    assert 'value="0622222233"' in conflict.text  # the change is kept in the form
    assert graph_snapshot(store, ignore=()) == before
    retry = client.post("/kaart/professional/P-2/edit", follow_redirects=False,
                        data={**mine, "version": version_in(conflict), "email": "bram@nieuw.example"})
    assert retry.status_code == 303
    assert phone_of(store, "P-2") == "0622222233"


def test_json_reads_and_changes_a_record_with_its_version(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    record = admin.get("/kaart/membership/P-1~T-NOORD.json").json()
    assert record == {"kind": "membership", "key": "P-1~T-NOORD", "label": "Anna Jansen · Wijkteam Noord",
                      "values": {"professional_id": "P-1", "team_id": "T-NOORD", "team_role": "wijkcoach",
                                 "group": "A", "since": "2025-01-01", "until": None},
                      "version": record["version"], "wijken": ["WK990101"]}
    changed = admin.put("/kaart/membership/P-1~T-NOORD.json",
                        json={"values": {"team_role": "coördinator"}, "version": record["version"]})
    assert changed.status_code == 200 and changed.json()["values"]["team_role"] == "coördinator"
    before = graph_snapshot(store, ignore=())
    stale = admin.put("/kaart/membership/P-1~T-NOORD.json", headers={"Accept-Language": "en"},
                      json={"values": {"team_role": "x"}, "version": record["version"]})
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    assert stale.json()["current"]["team_role"] == "coördinator"
    assert stale.json()["version"] == changed.json()["version"]
    assert stale.json()["detail"].startswith("test-admin changed this record on ")
    invalid = admin.put("/kaart/membership/P-1~T-NOORD.json", headers={"Accept-Language": "en"},
                        json={"values": {"group": "Q", "colour": "x"}, "version": changed.json()["version"]})
    assert invalid.status_code == 422
    assert invalid.json()["problems"] == [
        {"column": "colour", "message": "unknown column; expected professional_id, team_id, team_role, group, "
                                        "since, until"},
        {"column": "group", "message": "expected one of A, D, got 'Q'"}]
    missing = admin.put("/kaart/professional/P-404.json", json={"values": {}, "version": "x"})
    assert missing.status_code == 404
    assert graph_snapshot(store, ignore=()) == before


def test_json_adds_and_ends_records(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    added = admin.post("/kaart/expertise.json", json={"values": {"professional_id": "P-5", "expertise": "GGZ"}})
    assert added.status_code == 201 and added.json()["key"] == "P-5~GGZ"
    removed = admin.post("/kaart/expertise/P-5~GGZ/end.json", json={"version": added.json()["version"]})
    assert removed.status_code == 200 and removed.json()["removed"] is True
    assert admin.get("/kaart/expertise/P-5~GGZ.json").status_code == 404
    agreement = admin.get("/kaart/agreement/A-GGZ.json").json()
    ended = admin.post("/kaart/agreement/A-GGZ/end.json", json={"until": "2026-06-30",
                                                                "version": agreement["version"]})
    assert ended.status_code == 200
    assert (ended.json()["values"]["status"], ended.json()["values"]["until"], ended.json()["removed"]) == (
        "ended", "2026-06-30", False)
    assert [(action, target) for _, action, target, _, _ in changes(store)] == [
        ("create", "expertise P-5~GGZ"), ("remove", "expertise P-5~GGZ"), ("end", "agreement A-GGZ")]


@pytest.mark.parametrize("role", ["professional", "analyst"])
def test_professionals_and_analysts_cannot_change_anything(store: Store, tokens: dict[str, str], role: str) -> None:
    api = client_for(store, tokens[role])
    record = api.get("/kaart/professional/P-1.json")
    assert record.status_code == 200  # the sociale kaart is for every role
    client = browser(store, tokens[role])
    before = graph_snapshot(store, ignore=())
    assert api.put("/kaart/professional/P-1.json", json={"values": {"phone": "0612340000"},
                                                         "version": record.json()["version"]}).status_code == 403
    assert api.post("/kaart/civil_partner.json", json={"values": {"id": "C-9", "name": "X",
                                                                  "wijk_codes": "WK990101"}}).status_code == 403
    assert api.post("/kaart/membership/P-1~T-NOORD/end.json", json={"version": "x"}).status_code == 403
    page = client.get("/kaart/professional/P-1")
    assert page.status_code == 200 and 'id="edit"' not in page.text
    assert client.get("/kaart/professional/P-1/edit").status_code == 403
    assert client.get("/kaart/civil_partner/new").status_code == 403
    assert graph_snapshot(store, ignore=()) == before


def test_a_coordinator_changes_only_records_of_their_wijken(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    south = admin.post("/kaart/civil_partner.json", json={"values": {"id": "C-2", "name": "Sportclub Zuid",
                                                                     "wijk_codes": "WK990102"}}).json()
    coordinator = client_for(store, tokens["coordinator"])
    client = browser(store, tokens["coordinator"])
    before = graph_snapshot(store, ignore=())
    outside = coordinator.put("/kaart/civil_partner/C-2.json", headers={"Accept-Language": "en"},
                              json={"values": {"name": "X"}, "version": south["version"]})
    assert outside.status_code == 403
    assert outside.json()["detail"] == ("This civil partner belongs to wijken you do not coordinate (WK990102); ask "
                                        "a coordinator of those wijken or an administrator.")
    c1 = coordinator.get("/kaart/civil_partner/C-1.json").json()
    moved = coordinator.put("/kaart/civil_partner/C-1.json", json={"values": {"wijk_codes": "WK990102"},
                                                                   "version": c1["version"]})
    assert moved.status_code == 403  # it would leave the coordinator's wijken
    assert coordinator.post("/kaart/wijk_work.json", json={"values": {
        "professional_id": "P-4", "wijk_code": "WK990102", "group": "B"}}).status_code == 403
    assert client.get("/kaart/civil_partner/C-2/edit").status_code == 403
    assert 'id="edit"' not in client.get("/kaart/civil_partner/C-2").text
    assert graph_snapshot(store, ignore=()) == before
    inside = coordinator.post("/kaart/wijk_work.json", json={"values": {
        "professional_id": "P-4", "wijk_code": "WK990101", "group": "B"}})
    assert inside.status_code == 201


def test_json_writes_need_a_bearer_token_not_the_session_cookie(store: Store, tokens: dict[str, str]) -> None:
    client = browser(store, tokens["admin"])
    record = client.get("/kaart/professional/P-1.json").json()
    before = graph_snapshot(store, ignore=())
    answer = client.put("/kaart/professional/P-1.json", json={"values": {"phone": "0612340000"},
                                                              "version": record["version"]})
    assert answer.status_code == 403
    assert answer.json()["type"].endswith("/bearer-required")
    assert graph_snapshot(store, ignore=()) == before


def test_the_new_form_adds_a_membership_and_the_end_form_ends_it(store: Store, tokens: dict[str, str]) -> None:
    client = browser(store, tokens["coordinator"])
    form = client.get("/kaart/membership/new?professional_id=P-5")
    assert form.status_code == 200 and 'id="f-professional_id" name="professional_id" type="text" value="P-5"' in \
        form.text
    added = client.post("/kaart/membership/new", follow_redirects=False, data={
        "csrf_token": csrf_token_of(form), "professional_id": "P-5", "team_id": "T-NOORD",
        "team_role": "wijkagent", "group": "D", "since": "1 maart 2026", "until": ""})
    assert (added.status_code, added.headers["location"]) == (303, "/kaart/membership/P-5~T-NOORD?saved=1")
    page = client.get("/kaart/membership/P-5~T-NOORD")
    ended = client.post("/kaart/membership/P-5~T-NOORD/end", follow_redirects=False, data={
        "csrf_token": csrf_token_of(page), "version": version_in(page), "until": "31-12-2026"})
    assert ended.status_code == 303
    assert store.read("MATCH (:Professional {id: 'P-5'})-[r:MEMBER_OF]->(:Team {id: 'T-NOORD'}) "
                      "RETURN toString(r.since) AS since, toString(r.until) AS until, r.source AS source") == [
        {"since": "2026-03-01", "until": "2026-12-31", "source": "wijkgraph:app"}]
    early = client.post("/kaart/membership/P-5~T-NOORD/end", data={
        "csrf_token": csrf_token_of(page), "version": version_in(client.get("/kaart/membership/P-5~T-NOORD")),
        "until": "2020-01-01"})
    assert early.status_code == 422
    assert "verwacht een datum op of na since (2026-03-01)" in early.text


def test_the_audit_log_shows_each_change_before_and_after(store: Store, tokens: dict[str, str]) -> None:
    admin = client_for(store, tokens["admin"])
    record = admin.get("/kaart/professional/P-1.json").json()
    admin.put("/kaart/professional/P-1.json", json={"values": {"phone": "06 1234 0001", "function": "coach"},
                                                    "version": record["version"]})
    admin.post("/kaart/expertise.json", json={"values": {"professional_id": "P-5", "expertise": "GGZ"}})
    entries = admin.get("/audit.json").json()["items"]
    assert [(entry["action"], entry["target"], entry["wijken"], entry["changes"]) for entry in entries[:2]] == [
        ("create", "expertise P-5~GGZ", ["WK990101"],
         [{"field": "expertise", "before": None, "after": "GGZ"},
          {"field": "professional_id", "before": None, "after": "P-5"}]),
        ("edit", "professional P-1", ["WK990101"],
         [{"field": "function", "before": "wijkcoach", "after": "coach"},
          {"field": "phone", "before": "0611111111", "after": "06 1234 0001"}])]
    page = browser(store, tokens["admin"]).get("/audit")
    shown = text_of(page)
    assert ('gewijzigd : professional P-1 functie : wijkcoach → coach telefoon : 0611111111 → 06 1234 0001'
            in shown), shown
    assert "toegevoegd : expertise P-5~GGZ expertise : — → GGZ professional : — → P-5" in shown
    assert '<a href="/kaart/professional/P-1">professional P-1</a>' in page.text


def test_wijk_and_contact_pages_link_editors_to_the_record_pages(store: Store, tokens: dict[str, str]) -> None:
    coordinator = browser(store, tokens["coordinator"])
    wijk = coordinator.get("/wijken/WK990101")
    assert '<a href="/kaart/professional/P-1">Anna Jansen</a>' in wijk.text
    assert '<a href="/kaart/neighbour/new?wijk=WK990101">een buurwijk</a>' in wijk.text
    assert 'href="/kaart/neighbour/new' not in coordinator.get("/wijken/WK990102").text  # not their wijk
    contacts = coordinator.get("/contacts?wijk=WK990101")
    assert '<a class="edit-record" href="/kaart/professional/P-1">wijzig</a>' in contacts.text
    professional = browser(store, tokens["professional"])
    assert 'href="/kaart/' not in professional.get("/wijken/WK990101").text
    assert 'class="edit-record"' not in professional.get("/contacts?wijk=WK990101").text
