"""The audit log's filters (user, household, since) over a log with known entries: each returns exactly the
matching entries, and Cypher-looking text returns none while the log still has them all, so that a filter that
were ignored, or pasted into the Cypher, would show (issue 19, finding 5)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from test_injection import PAYLOADS
from web_support import IN_SCOPE, OUT_OF_SCOPE, audit_ids, client_for, load_test_world

from graph.store import Store


@pytest.fixture
def world(store: Store) -> dict[str, str]:
    return load_test_world(store, audit_log=True)


def test_audit_filters_return_exactly_the_matching_entries(store: Store, world: dict[str, str]) -> None:
    client = client_for(store, world["admin"])
    cases = {  # filter -> the matching entries, newest first
        "": ["E5", "E4", "E3", "E2", "E1"],
        "user=test-coordinator": ["E4", "E1"],
        "user=test-analyst": ["E2"],
        f"household={OUT_OF_SCOPE}": ["E3", "E2"],
        f"household={IN_SCOPE}": ["E5", "E2", "E1"],
        "since=2025-06-20": ["E5", "E4", "E3"],
        "user=test-coordinator&since=2025-06-01": ["E4"],
        f"user=test-analyst&household={IN_SCOPE}": ["E2"],
        f"user=test-admin&household={IN_SCOPE}": [],
    }
    for query, expected in cases.items():
        body = client.get(f"/audit.json?{query}").json()
        assert (body["total"], audit_ids(body)) == (len(expected), expected), query
    for payload in PAYLOADS:  # Cypher-looking text matches no entry, while the log still has them all
        for parameter in ("user", "household"):
            body = client.get(f"/audit.json?{parameter}={quote(payload, safe='')}").json()
            assert (body["total"], body["items"]) == (0, []), (parameter, payload)
    assert audit_ids(client.get("/audit.json").json()) == cases[""]
