"""Verification ("Klopt nog") in the domain: last_verified and verified_by set, audited in the same transaction; a
refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from db_counts import graph_snapshot
from web_support import load_test_world

from graph.store import Store
from importers.upkeep.changes import Actor
from importers.upkeep.edit import EditRefused
from importers.upkeep.records import RecordMissing, read_record
from importers.upkeep.verify import verify, verify_in
from queries.analyses import run

COORDINATOR = Actor("test-coordinator", "coordinator")


def audit_entries(store: Store) -> list[dict]:
    return store.read("MATCH (a:AuditEntry {action: 'verify'}) RETURN a.user AS user, a.role AS role, "
                      "a.target AS target, a.resource AS resource, a.before AS before, a.after AS after, "
                      "a.wijken AS wijken ORDER BY a.at")


def test_verify_sets_the_day_and_who_and_audits_it(store: Store) -> None:
    load_test_world(store)
    before = read_record(store, "professional", "P-2")
    assert before is not None and before.values["last_verified"] == dt.date(2024, 3, 1)
    record = verify(store, COORDINATOR, "professional", "P-2", "/kaart/professional/P-2/verify")
    today = dt.date.today()
    assert record.values["last_verified"] == today and record.version != before.version
    assert {key: value for key, value in record.values.items() if key != "last_verified"} == {
        key: value for key, value in before.values.items() if key != "last_verified"}  # nothing else changed
    assert store.read("MATCH (p:Professional {id: 'P-2'}) RETURN p.verified_by AS by, p.edited_at AS edited")[0] == {
        "by": "test-coordinator", "edited": None}
    (entry,) = audit_entries(store)
    assert {**entry, "before": json.loads(entry["before"]), "after": json.loads(entry["after"])} == {
        "user": "test-coordinator", "role": "coordinator", "target": "professional P-2",
        "resource": "/kaart/professional/P-2/verify", "wijken": ["WK990101"],
        "before": {"last_verified": "2024-03-01", "verified_by": None},
        "after": {"last_verified": today.isoformat(), "verified_by": "test-coordinator"}}


def test_a_given_day_for_every_kind_of_contact(store: Store) -> None:
    load_test_world(store)
    day = dt.date.today() - dt.timedelta(days=3)
    for kind, key in (("professional", "P-4"), ("organisation", "ORG-GGZ"), ("civil_partner", "C-1")):
        record = verify(store, Actor("test-admin", "admin"), kind, key, "/test", on=day)
        assert record.values["last_verified"] == day, kind
    assert [(entry["target"], json.loads(entry["after"])) for entry in audit_entries(store)] == [
        (target, {"last_verified": day.isoformat(), "verified_by": "test-admin"})
        for target in ("professional P-4", "organisation ORG-GGZ", "civil_partner C-1")]


def test_verification_makes_a_contact_fresh(store: Store) -> None:
    load_test_world(store)
    on = dt.date.today()
    (before,) = run(store, "freshness", wijk=["WK990101"], on=on)
    verify(store, COORDINATOR, "professional", "P-4", "/test")  # never verified
    (after,) = run(store, "freshness", wijk=["WK990101"], on=on)
    assert (after["fresh"], after["never"]) == (before["fresh"] + 1, before["never"] - 1)
    assert [row["detail"] for row in run(store, "gaps", wijk=["WK990101"], on=on, verification="never")
            if row["kind"] == "contact_never_verified"] == ["GGZ Test (ORG-GGZ)"]


@pytest.mark.parametrize(("kind", "key", "on", "refusal", "message"), [
    ("professional", "P-2", dt.date.today() + dt.timedelta(days=1), EditRefused, "expected a date not after today"),
    ("professional", "P-1", dt.date(2025, 1, 1), EditRefused,
     "expected a date on or after the last verification (2026-01-15), not 2025-01-01"),
    ("professional", "P-404", None, RecordMissing, "there is no professional P-404"),
    ("membership", "P-1~T-NOORD", None, EditRefused, "a team membership is no contact"),
])
def test_refused_means_unchanged(store: Store, kind: str, key: str, on: dt.date | None, refusal: type[Exception],
                                 message: str) -> None:
    load_test_world(store)
    before = graph_snapshot(store)
    with pytest.raises(refusal, match=re.escape(message)):
        verify(store, COORDINATOR, kind, key, "/test", on=on)
    assert graph_snapshot(store) == before


def test_verify_in_is_undone_with_the_transaction_it_is_part_of(store: Store) -> None:
    load_test_world(store)
    before = graph_snapshot(store)

    def verify_then_fail(tx):  # type: ignore[no-untyped-def]
        verify_in(tx, Actor("link:P-2", "self-service"), "professional", "P-2", "/self/x")
        raise RuntimeError("the link was used already")

    with pytest.raises(RuntimeError):
        store.in_write_transaction(verify_then_fail)
    assert graph_snapshot(store) == before
