"""Per-wijk Cypher for chosen wijken or for all of them in parallel chunks (queries/by_wijk.py), on a small world of
seven wijken with chunks of two: the reads it makes, their parameters, and answers equal to one query. Written from
the mutation check's survivors (docs/mutation-report.md): the demo test covers the chunks, but too slowly to run
for every mutant."""

from __future__ import annotations

import datetime as dt
import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from graph.load import load_nodes, load_relationships
from graph.store import Store
from queries import by_wijk
from queries.who_to_call.model import stale_before

WIJKEN = [f"WK99{i:02}" for i in range(1, 8)]
# gaps' parameters as the registry gives them: the date, the start of the 12-month freshness rule, both contact gaps.
ON = {"on": dt.date(2026, 1, 1), "fresh_since": stale_before(dt.date(2026, 1, 1)), "verification": "all"}


@pytest.fixture
def seven_wijken(store: Store) -> Store:
    now, source = datetime.now(UTC), "test:by_wijk"
    load_nodes(store, "Municipality", [{"code": "GM9901", "name": "Proefstad"}], source, now)
    load_nodes(store, "Wijk", [{"code": code, "name": f"Wijk {code}"} for code in reversed(WIJKEN)], source, now)
    load_relationships(store, "wijk_municipality", [{"start": code, "end": "GM9901"} for code in WIJKEN], source, now)
    return store


def reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any] | None]:
    """The parameters of every read the store makes from now on."""
    made: list[dict[str, Any] | None] = []
    read = store.read
    monkeypatch.setattr(store, "read", lambda query, params=None: made.append(params) or read(query, params))
    return made


def wijken_of(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(row["wijk"] for row in rows))


def gaps(store: Store, wijken: list[str] | None) -> list[dict[str, Any]]:
    return by_wijk.read_for_wijken(store, "gaps", ON, wijken)


def test_all_wijken_in_chunks_give_the_answer_of_one_query(seven_wijken: Store, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    whole = gaps(seven_wijken, None)  # 7 wijken <= CHUNK: one query for all
    assert wijken_of(whole) and set(wijken_of(whole)) == set(WIJKEN)
    monkeypatch.setattr(by_wijk, "CHUNK", 2)
    monkeypatch.setattr(by_wijk, "READERS", 2)
    made = reads(seven_wijken, monkeypatch)
    chunked = gaps(seven_wijken, None)
    assert [params.get("wijken") if params else None for params in made] == [
        None, WIJKEN[0:2], WIJKEN[2:4], WIJKEN[4:6], WIJKEN[6:7]]  # the codes first, then the chunks in code order
    assert sorted(map(str, chunked)) == sorted(map(str, whole)) and len(chunked) == len(whole)
    assert wijken_of(chunked) == WIJKEN  # chunk after chunk, in code order
    assert all(params is None or params["on"] == ON["on"] for params in made)


def test_at_most_readers_chunks_are_read_at_a_time_on_named_threads(seven_wijken: Store,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """READERS bounds the reads of one report (each read holds a Neo4j session and a core); the reader threads
    are named, so that a thread dump tells them apart."""
    monkeypatch.setattr(by_wijk, "CHUNK", 1)
    monkeypatch.setattr(by_wijk, "READERS", 2)
    lock, active, peak, names = threading.Lock(), [0], [0], set()
    read = seven_wijken.read

    def slow_read(query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        if not (params and params.get("wijken")):
            return read(query, params)
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            names.add(threading.current_thread().name.rsplit("_", 1)[0])
        time.sleep(0.2)  # long enough that free reader threads would overlap
        try:
            return read(query, params)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(seven_wijken, "read", slow_read)
    assert set(wijken_of(gaps(seven_wijken, None))) == set(WIJKEN)
    assert (peak[0], names) == (2, {"wijkgraph-reader"})


def test_as_many_wijken_as_a_chunk_is_still_one_query(seven_wijken: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(by_wijk, "CHUNK", len(WIJKEN))
    made = reads(seven_wijken, monkeypatch)
    rows = gaps(seven_wijken, None)
    assert [params.get("wijken") if params else None for params in made] == [None, None]
    assert set(wijken_of(rows)) == set(WIJKEN)


def test_chosen_wijken_are_one_query_without_repeats(seven_wijken: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(by_wijk, "CHUNK", 2)
    made = reads(seven_wijken, monkeypatch)
    rows = gaps(seven_wijken, [WIJKEN[3], WIJKEN[0], WIJKEN[3], WIJKEN[5]])
    assert [params["wijken"] for params in made if params] == [[WIJKEN[3], WIJKEN[0], WIJKEN[5]]]
    assert set(wijken_of(rows)) == {WIJKEN[0], WIJKEN[3], WIJKEN[5]}
    assert gaps(seven_wijken, []) == []


def test_gap_counts_are_the_rows_of_gaps_per_wijk_counted_in_neo4j(seven_wijken: Store,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import Counter

    from queries.analyses import get
    from queries.counts import gap_counts

    rows = get("gaps").run(seven_wijken, on=ON["on"])
    expected = Counter(row["wijk"] for row in rows)
    assert set(expected) == set(WIJKEN) and sum(expected.values()) == len(rows) > len(WIJKEN)  # several per wijk
    monkeypatch.setattr(by_wijk, "CHUNK", 2)
    made = reads(seven_wijken, monkeypatch)
    assert gap_counts(seven_wijken, ON["on"]) == expected
    assert len(made) == 5  # the codes, then four chunks: each a count, never the rows
    assert gap_counts(seven_wijken, ON["on"], [WIJKEN[2]]) == {WIJKEN[2]: expected[WIJKEN[2]]}
