"""Answers kept per data version (api/cache.py): a hit answers what the database answered, an import, an edit and a
verification are seen by the next request, no answer crosses scopes, household-level answers from memory are
audited, and the wijk overview is one read and one audit write (api/web/wijken.py)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request
from web_support import DATA, LOCAL, WIJK_IN, WIJK_OUT, client_for, load_test_world

from api import auth, cache
from api.app import create_app
from graph import version
from graph.store import Store
from importers.kaart import import_kaart


@pytest.fixture(autouse=True)
def long_version_period(monkeypatch: pytest.MonkeyPatch) -> None:
    """The version kept for an hour: every "seen by the next answer" below holds only because this process's bumps
    are noticed at once (graph/version.py), never because a second passed."""
    monkeypatch.setattr(cache, "VERSION_SECONDS", 3600.0)


def hits() -> int:
    return cache.ANSWERS.hits


def entries(store: Store, user: str) -> list[str]:
    return [row["what"] for row in store.read(
        "MATCH (a:AuditEntry {user: $user, action: 'read'}) RETURN a.what AS what ORDER BY a.at, a.id", {"user": user})]


def contact(answer: dict[str, Any], key: str) -> dict[str, Any]:
    return next(row for row in answer["items"] if row["id"] == key)


def test_a_hit_answers_what_the_database_answered(store: Store) -> None:
    client = client_for(store, load_test_world(store)["admin"])
    for url in (f"/analyses/gaps.json?wijk={WIJK_IN}", f"/analyses/missing_expertise.json?wijk={WIJK_IN}",
                f"/contacts.json?wijk={WIJK_IN}", f"/wijken/{WIJK_IN}.json", f"/wijken/{WIJK_IN}/map.json",
                "/wijken.json", f"/analyses/freshness.json?wijk={WIJK_IN}&on=2026-06-01"):
        first = client.get(url)
        assert first.status_code == 200, first.text
        before = hits()
        again = client.get(url)
        assert hits() == before + 1, url
        assert again.json() == first.json(), url


def test_an_edit_and_a_verification_are_seen_by_the_next_answer(store: Store) -> None:
    tokens = load_test_world(store)
    admin = client_for(store, tokens["admin"])
    url = f"/contacts.json?wijk={WIJK_IN}"
    assert contact(admin.get(url).json(), "P-1")["phone"] == "0611111111"
    assert contact(admin.get(url).json(), "P-1")["phone"] == "0611111111"  # from memory
    record = admin.get("/kaart/professional/P-1.json").json()
    edited = admin.put("/kaart/professional/P-1.json", json={"values": {"phone": "0619999999"},
                                                             "version": record["version"]})
    assert edited.status_code == 200, edited.text
    assert contact(admin.get(url).json(), "P-1")["phone"] == "0619999999"

    overview = f"/wijken/{WIJK_IN}.json"
    fresh = admin.get(overview).json()["freshness"]
    assert admin.get(overview).json()["freshness"] == fresh  # from memory
    assert contact(admin.get(url).json(), "P-2")["freshness"] == "stale"
    assert admin.post("/kaart/professional/P-2/verify.json").status_code == 200
    after = admin.get(overview).json()["freshness"]
    assert (after["fresh"], after["stale"]) == (fresh["fresh"] + 1, fresh["stale"] - 1)
    assert contact(admin.get(url).json(), "P-2")["freshness"] == "fresh"


def test_an_import_is_seen_by_the_next_answer(store: Store, tmp_path: Path) -> None:
    admin = client_for(store, load_test_world(store)["admin"])
    url = f"/wijken/{WIJK_IN}.json"

    def members() -> list[tuple[str, str]]:
        return [(m["id"], m["name"]) for team in admin.get(url).json()["teams"] for m in team["members"]]

    assert members() == [("P-1", "Anna Jansen"), ("P-4", "Dewi Smit")]
    assert members() == [("P-1", "Anna Jansen"), ("P-4", "Dewi Smit")]  # from memory
    folder = tmp_path / "kaart"
    shutil.copytree(DATA / "kaart", folder)
    sheet = folder / "professionals.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Anna Jansen", "Anna de Vries"), encoding="utf-8")
    import_kaart(store, folder)
    assert members() == [("P-1", "Anna de Vries"), ("P-4", "Dewi Smit")]


def request() -> Request:
    return Request({"type": "http", "headers": [], "method": "GET", "path": "/"})


def test_an_answer_is_never_given_to_another_scope(store: Store) -> None:
    load_test_world(store)
    noord = auth.User("a", "coordinator", "x", (WIJK_IN,), (), frozenset({WIJK_IN}))
    zuid = auth.User("b", "coordinator", "y", (WIJK_OUT,), (), frozenset({WIJK_OUT}))
    analyst = auth.User("c", "analyst", "z")
    computed: list[str] = []

    def answer(user: auth.User) -> str:
        def compute() -> str:
            computed.append(user.name)
            return f"for {user.name}"

        return cache.cached(request(), store, user, "test", {"wijk": [WIJK_IN]}, compute)

    assert [answer(noord), answer(zuid), answer(analyst), answer(noord), answer(zuid)] == [
        "for a", "for b", "for c", "for a", "for b"]
    assert computed == ["a", "b", "c"]


def test_the_overview_of_a_wijk_outside_ones_scope_shows_no_analyses_read_for_another(store: Store) -> None:
    tokens = load_test_world(store)
    tokens["coordinator_out"] = auth.add_user(store, "test-coordinator-zuid", "coordinator", wijken=[WIJK_OUT])
    url = f"/wijken/{WIJK_IN}.json"
    admin = client_for(store, tokens["admin"]).get(url).json()
    assert admin["coverage"] and admin["gaps"] is not None
    for role in ("coordinator_out", "professional"):
        other = client_for(store, tokens[role]).get(url).json()
        assert (other["coverage"], other["gaps"]) == (None, None), role
    assert client_for(store, tokens["coordinator"]).get(url).json()["coverage"] == admin["coverage"]


def test_household_level_answers_from_memory_are_audited_before_they_are_shown(store: Store) -> None:
    coordinator = client_for(store, load_test_world(store)["coordinator"])
    for url, what in ((f"/analyses/gaps.json?wijk={WIJK_IN}", "analysis gaps"),
                      (f"/wijken/{WIJK_IN}.json", f"wijk overview {WIJK_IN}: analysis missing_expertise, gaps")):
        start = entries(store, "test-coordinator")
        first = coordinator.get(url)
        before = hits()
        second = coordinator.get(url)
        assert hits() == before + 1 and second.json() == first.json()
        assert entries(store, "test-coordinator") == [*start, what, what]


class CountingStore(Store):
    """The store, counting its calls that each are one transaction (or one auto-commit query)."""

    calls: Counter[str]

    @classmethod
    def of(cls, store: Store) -> CountingStore:
        counting = cls.__new__(cls)
        counting.__dict__.update(vars(store))
        counting.calls = Counter()
        return counting

    def read(self, *args: Any, **kwargs: Any) -> Any:
        self.calls["read"] += 1
        return super().read(*args, **kwargs)

    def read_autocommit(self, *args: Any, **kwargs: Any) -> Any:
        self.calls["read_autocommit"] += 1
        return super().read_autocommit(*args, **kwargs)

    def in_read_transaction(self, *args: Any, **kwargs: Any) -> Any:
        self.calls["in_read_transaction"] += 1
        return super().in_read_transaction(*args, **kwargs)

    def write(self, *args: Any, **kwargs: Any) -> Any:
        self.calls["write"] += 1
        return super().write(*args, **kwargs)

    def in_write_transaction(self, *args: Any, **kwargs: Any) -> Any:
        self.calls["in_write_transaction"] += 1
        return super().in_write_transaction(*args, **kwargs)

    def write_autocommit(self, *args: Any, **kwargs: Any) -> Any:
        self.calls["write_autocommit"] += 1
        return super().write_autocommit(*args, **kwargs)


def counting_client(store: Store, token: str) -> tuple[TestClient, CountingStore]:
    counting = CountingStore.of(store)
    client = TestClient(create_app(lambda: counting), raise_server_exceptions=False, base_url=LOCAL)
    client.headers["Authorization"] = f"Bearer {token}"
    return client, counting


def test_the_wijk_overview_is_one_read_and_one_audit_write(store: Store) -> None:
    client, counting = counting_client(store, load_test_world(store)["coordinator"])
    assert client.get("/me.json").status_code == 200  # the token's user, looked up once and kept for 5 s
    for expected in ({"read_autocommit": 1, "in_read_transaction": 1, "write_autocommit": 1},  # the version, the
                     # read, the audit entry (one auto-commit query: one round trip)
                     {"write_autocommit": 1}):  # from memory, the version read less than a second ago: the audit
        counting.calls.clear()
        answer = client.get(f"/wijken/{WIJK_IN}.json")
        assert answer.status_code == 200, answer.text
        assert dict(counting.calls) == expected


def test_the_version_is_read_once_per_period_and_again_at_once_after_a_bump_of_this_process(store: Store) -> None:
    tokens = load_test_world(store)
    client, counting = counting_client(store, tokens["admin"])
    url = f"/contacts.json?wijk={WIJK_IN}"
    assert client.get(url).status_code == 200
    counting.calls.clear()
    assert contact(client.get(url).json(), "P-1")["phone"] == "0611111111"
    assert dict(counting.calls) == {}  # the version read less than VERSION_SECONDS ago, the answer from memory
    # A bump of another process (here: the query itself, past graph/version.py) is not seen within the period ...
    store.write("MATCH (p:Professional {id: 'P-1'}) SET p.phone = '0618888888'")
    store.write(version.BUMP)
    assert contact(client.get(url).json(), "P-1")["phone"] == "0611111111"
    # ... but once it is over.
    cache.VERSION_SECONDS = 0.0
    assert contact(client.get(url).json(), "P-1")["phone"] == "0618888888"
    cache.VERSION_SECONDS = 3600.0
    # A bump of this process (an edit in the app) is seen by the next request at once, whatever the period.
    record = client.get("/kaart/professional/P-1.json").json()
    edited = client.put("/kaart/professional/P-1.json", json={"values": {"phone": "0617777777"},
                                                              "version": record["version"]})
    assert edited.status_code == 200, edited.text
    counting.calls.clear()
    assert contact(client.get(url).json(), "P-1")["phone"] == "0617777777"
    assert counting.calls["read_autocommit"] == 1


def test_a_version_read_while_a_bump_of_this_process_is_open_is_not_kept(store: Store) -> None:
    load_test_world(store)
    app = create_app(lambda: store)
    scope = {"type": "http", "headers": [], "method": "GET", "path": "/", "app": app}
    before = cache.data_version(Request(dict(scope)), store)
    assert before is not None
    with store.session("write") as session, session.begin_transaction() as tx:
        bumped = version.bump_in(tx)  # open, not committed
        assert cache.data_version(Request(dict(scope)), store) == before  # what Neo4j answers now: used, not kept
        tx.commit()
    assert cache.data_version(Request(dict(scope)), store) == bumped
