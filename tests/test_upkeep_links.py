"""Self-service and registration links, the engine (importers/upkeep/links.py, registrations.py): only the token's
hash is stored, links expire, a professional's link works once (also when two submits race), a revoked link is
refused, and whatever is refused leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from typing import Any

import pytest
from web_support import load_test_world

from graph.store import Store
from importers.upkeep import links, registrations
from importers.upkeep.changes import Actor
from importers.upkeep.edit import EditRefused
from importers.upkeep.records import read_record

COORDINATOR = Actor("test-coordinator", "coordinator")
WIJK = "WK990101"


@pytest.fixture
def world(store: Store) -> dict[str, str]:
    return load_test_world(store)


def snapshot(store: Store) -> list[Any]:
    """Every node with its properties and every relationship: equal before and after a refusal."""
    nodes = store.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY elementId(n)")
    rels = store.read("MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, "
                      "elementId(b) AS b ORDER BY elementId(r)")
    return [json.dumps(row, sort_keys=True, default=str) for row in nodes + rels]


def self_link(store: Store, professional: str = "P-1") -> tuple[str, links.Link]:
    record = read_record(store, "professional", professional)
    assert record is not None
    return links.create_link(store, COORDINATOR, "self_service", record.wijken, "/test", professional=professional)


def version(store: Store, professional: str = "P-1") -> str:
    record = read_record(store, "professional", professional)
    assert record is not None
    return record.version


def expire(store: Store, link: links.Link) -> None:
    store.write("MATCH (l:SelfServiceLink {id: $id}) SET l.expires = datetime() - duration({days: 1})",
                {"id": link.id})


def test_only_the_hash_of_the_token_is_stored(store: Store, world: dict[str, str]) -> None:
    token, link = self_link(store)
    assert token.startswith("wgl_") and len(token) == 47  # 32 random bytes
    stored = store.read("MATCH (l:SelfServiceLink) RETURN properties(l) AS props")
    assert len(stored) == 1 and stored[0]["props"]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    everything = store.read("MATCH (n) RETURN properties(n) AS props")
    assert not [row for row in everything if token in json.dumps(row, default=str)]
    assert token[4:20] not in json.dumps(everything, default=str)
    assert link.status() == "open" and link.expires - link.created_at == dt.timedelta(days=14)
    entry = store.read("MATCH (a:AuditEntry {action: 'link_create'}) RETURN a.user AS user, a.target AS target, "
                       "a.wijken AS wijken")
    assert entry == [{"user": "test-coordinator", "target": f"link {link.id} (self_service) for professional P-1",
                      "wijken": [WIJK]}]


def test_a_correction_is_applied_verified_audited_and_listed(store: Store, world: dict[str, str]) -> None:
    token, link = self_link(store)
    _, outcome = links.use_self_service(store, token, "/self", version(store),
                                        {"name": "Anna Jansen", "function": "wijkcoach",
                                         "email": "anna@welzijn.example", "phone": "06 2345 6789",
                                         "organisation_id": "ORG-GGZ", "last_verified": "2020-01-01",
                                         "id": "P-666"})  # only the contact columns count
    assert outcome == "corrected"
    record = read_record(store, "professional", "P-1")
    assert record is not None
    assert record.values["phone"] == "06 2345 6789"
    assert record.values["organisation_id"] == "ORG-WELZIJN" and record.key == "P-1"
    assert record.values["last_verified"] == dt.date.today()
    props = store.read("MATCH (p:Professional {id: 'P-1'}) RETURN p.verified_by AS by, p.edited_by AS edited")
    assert props == [{"by": "link:P-1", "edited": "link:P-1"}]
    actions = store.read("MATCH (a:AuditEntry) WHERE a.user = 'link:P-1' RETURN a.action AS action ORDER BY a.at")
    assert sorted(row["action"] for row in actions) == ["edit", "link_use", "verify"]
    listed = links.links_for(store, "test-coordinator", frozenset({WIJK}))
    assert [(item["id"], item["status"], item["outcome"]) for item in listed] == [(link.id, "used", "corrected")]
    assert [(c["column"], c["before"], c["after"]) for c in listed[0]["changes"]] == [
        ("phone", "0611111111", "06 2345 6789")]


def test_a_link_works_once(store: Store, world: dict[str, str]) -> None:
    token, _ = self_link(store)
    assert links.use_self_service(store, token, "/self", version(store))[1] == "confirmed"
    before = snapshot(store)
    with pytest.raises(links.LinkRefused) as refused:
        links.use_self_service(store, token, "/self", version(store), {"phone": "06 3456 7890"})
    assert refused.value.reason == "used"
    assert snapshot(store) == before
    with pytest.raises(links.LinkRefused, match="used"):
        links.link_by_token(store, token, "self_service")


def test_two_submits_that_race_change_once(store: Store, world: dict[str, str]) -> None:
    token, _ = self_link(store)
    current = version(store)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def submit(phone: str) -> None:
        start.wait()
        try:
            links.use_self_service(store, token, "/self", current, {"phone": phone})
            outcomes[phone] = "applied"
        except links.LinkRefused as refused:
            outcomes[phone] = refused.reason

    threads = [threading.Thread(target=submit, args=(phone,)) for phone in ("0611110001", "0611110002")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes.values()) == ["applied", "used"], outcomes
    winner = next(phone for phone, outcome in outcomes.items() if outcome == "applied")
    record = read_record(store, "professional", "P-1")
    assert record is not None and record.values["phone"] == winner
    counts = store.read("MATCH (a:AuditEntry {user: 'link:P-1'}) RETURN a.action AS action, count(*) AS n "
                        "ORDER BY action")
    assert counts == [{"action": "edit", "n": 1}, {"action": "link_use", "n": 1}, {"action": "verify", "n": 1}]


def test_an_expired_link_is_refused_and_changes_nothing(store: Store, world: dict[str, str]) -> None:
    token, link = self_link(store)
    expire(store, link)
    before = snapshot(store)
    with pytest.raises(links.LinkRefused) as refused:
        links.use_self_service(store, token, "/self", version(store), {"phone": "06 3456 7890"})
    assert refused.value.reason == "expired"
    assert snapshot(store) == before


def test_a_revoked_link_is_refused_and_changes_nothing(store: Store, world: dict[str, str]) -> None:
    token, link = self_link(store)
    revoked = links.revoke_link(store, COORDINATOR, link.id, "/links")
    assert revoked.status() == "revoked" and revoked.revoked_by == "test-coordinator"
    before = snapshot(store)
    with pytest.raises(links.LinkRefused, match="revoked"):
        links.use_self_service(store, token, "/self", version(store))
    with pytest.raises(links.LinkRefused, match="revoked"):
        links.revoke_link(store, COORDINATOR, link.id, "/links")  # once is enough
    assert snapshot(store) == before


def test_an_unknown_token_says_only_unknown(store: Store, world: dict[str, str]) -> None:
    token, _ = self_link(store)
    for guess in (token[:-1] + ("A" if token[-1] != "A" else "B"), "", "x" * 5000, token + "x"):
        with pytest.raises(links.LinkRefused) as refused:
            links.link_by_token(store, guess, "self_service")
        assert refused.value.reason == "unknown"
    with pytest.raises(links.LinkRefused, match="unknown"):  # a self-service token is no registration link
        links.link_by_token(store, token, "registration")


def test_a_refused_correction_keeps_the_link_open_and_the_record(store: Store, world: dict[str, str]) -> None:
    token, _ = self_link(store)
    before = snapshot(store)
    with pytest.raises(EditRefused):
        links.use_self_service(store, token, "/self", version(store), {"name": "", "phone": "06 3456 7890"})
    assert snapshot(store) == before
    assert links.link_by_token(store, token, "self_service").status() == "open"


def test_a_registration_waits_for_approval_and_then_counts(store: Store, world: dict[str, str]) -> None:
    token, _ = links.create_link(store, COORDINATOR, "registration", [WIJK], "/test", wijk=WIJK)
    form = {"name": "Fleur de Boer", "function": "jongerenwerker", "organisation_name": "Jongerenwerk Noord",
            "email": "ANNA@welzijn.example", "phone": "06 1111 1111", "group": "b", "expertise": ["JEUGD", "wonen"]}
    first = registrations.submit(store, token, form, "/register")
    second = registrations.submit(store, token, {**form, "name": "Gijs Bos", "email": "gijs@example.nl",
                                                 "phone": "", "organisation_id": "ORG-WELZIJN",
                                                 "organisation_name": ""}, "/register")
    assert store.read("MATCH (p:Professional) WHERE p.name IN ['Fleur de Boer', 'Gijs Bos'] RETURN p") == []
    pending = registrations.registrations(store, frozenset({WIJK}))
    assert [item["id"] for item in pending] == [second, first]
    fleur = pending[1]
    assert (fleur["group"], fleur["expertise"], fleur["phone_e164"]) == ("B", ["JEUGD", "WONEN"], "+31611111111")
    assert [(d["id"], d["reasons"]) for d in fleur["duplicates"]] == [("P-1", ["same_email", "same_phone"])]
    assert pending[0]["duplicates"] == []
    assert registrations.registrations(store, frozenset({"WK990102"})) == []

    professional = registrations.approve(store, COORDINATOR, first, "/approve", frozenset({WIJK}))
    row = store.read(
        "MATCH (p:Professional {id: $id})-[w:WORKS_IN]->(:Wijk {code: $wijk}) "
        "MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) "
        "RETURN p.name AS name, p.source AS source, w.group AS group, o.name AS organisation, o.source AS org_source, "
        "COLLECT { MATCH (p)-[:HAS_EXPERTISE]->(e) RETURN e.code ORDER BY e.code } AS expertise",
        {"id": professional, "wijk": WIJK})
    assert row == [{"name": "Fleur de Boer", "source": "wijkgraph:app", "group": "B",
                    "organisation": "Jongerenwerk Noord", "org_source": "wijkgraph:app",
                    "expertise": ["JEUGD", "WONEN"]}]
    registrations.reject(store, COORDINATOR, second, "/reject", frozenset({WIJK}))
    assert registrations.registrations(store, frozenset({WIJK})) == []
    actions = store.read("MATCH (a:AuditEntry) WHERE a.action IN ['register', 'approve', 'reject'] "
                         "RETURN a.action AS action, count(*) AS n ORDER BY action")
    assert actions == [{"action": "approve", "n": 1}, {"action": "register", "n": 2}, {"action": "reject", "n": 1}]
    with pytest.raises(registrations.RegistrationMissing):  # decided once
        registrations.approve(store, COORDINATOR, second, "/approve")


def test_a_refused_registration_writes_nothing(store: Store, world: dict[str, str]) -> None:
    token, link = links.create_link(store, COORDINATOR, "registration", [WIJK], "/test", wijk=WIJK)
    before = snapshot(store)
    with pytest.raises(registrations.RegistrationRefused) as refused:
        registrations.submit(store, token, {"name": "", "email": "geen-adres", "phone": "12", "group": "E",
                                            "expertise": ["KOKEN"], "organisation_id": "ORG-NOPE"}, "/register")
    assert sorted(column or "" for column, _ in refused.value.problems) == [
        "email", "expertise", "group", "name", "organisation_id", "phone"]
    assert snapshot(store) == before
    expire(store, link)
    with pytest.raises(links.LinkRefused, match="expired"):
        registrations.submit(store, token, {"name": "Fleur", "email": "f@example.nl", "group": "A",
                                            "organisation_id": "ORG-WELZIJN"}, "/register")
    assert len(snapshot(store)) == len(before)
