"""The network measures over all wijken, chunk by chunk (betweenness in worker processes,
queries/by_wijk.map_for_wijken), give the answer one process gives of one read; bridging_organisations reads only
the members' organisations (network_members.cypher)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from graph.store import Store
from queries import by_wijk, network
from queries.analyses import run
from tests.analyses_world import ON, World
from tests.test_analyses_network import build


def pid_of_chunk(rows: list[dict[str, Any]]) -> list[tuple[int, list[str]]]:
    """Where a chunk was measured, and its wijken (module level, so that it travels to a worker by name)."""
    return [(os.getpid(), [row["wijk"] for row in rows])]


@pytest.fixture
def world(store: Store) -> Store:
    build(store)
    world = World(store)
    # Group D of GM1 (WK1 and WK2) with an employer, a second team in WK2, ties in WK2: every measure has rows in
    # more than one wijk.
    world.organisation("O3", name="Gemeente Zorg").professional("P7", "Gijs Hoek", organisation="O3")
    world.works_in_municipality("P7", "GM1")
    world.team("T2", "WK2").professional("P8", "Hans Ivens", organisation="O2").member("P8", "T2")
    world.member("P6", "T2").knows("P8", "P1")
    world.household("H2", "WK2").involved("P1", "H2").involved("P8", "H2")
    return store


def test_chunks_are_measured_in_worker_processes_in_chunk_order(world: Store, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    monkeypatch.setattr(by_wijk, "CHUNK", 1)
    done = by_wijk.map_for_wijken(world, "network_graph", {"on": ON}, None, pid_of_chunk)
    assert [wijken for _, wijken in done] == [["WK1"], ["WK2"], ["WK3"]]
    pids = {pid for pid, _ in done}
    assert os.getpid() not in pids and 1 <= len(pids) <= by_wijk.WORKERS
    # Chosen wijken are one read, measured here.
    assert by_wijk.map_for_wijken(world, "network_graph", {"on": ON}, ["WK2", "WK1"], pid_of_chunk) == [
        (os.getpid(), ["WK1", "WK2"])]


@pytest.mark.parametrize(("name", "measure", "args"), [
    ("network_summary", "summary", ()), ("isolated_partners", "isolated", ()), ("brokers", "brokers", (5,)),
    ("brokers", "brokers", (1,))])
def test_worker_answers_equal_one_process(world: Store, monkeypatch: pytest.MonkeyPatch, name: str, measure: str,
                                          args: tuple[Any, ...]) -> None:
    one_process = network.MEASURES[measure](network.read_wijk_graphs(world, None, ON), *args)
    monkeypatch.setattr(by_wijk, "CHUNK", 1)
    in_workers = run(world, name, on=ON, **({"top": args[0]} if args else {}))
    assert in_workers == one_process
    assert {row["wijk"] for row in in_workers} >= {"WK1", "WK2"}  # not a comparison of two near-empty answers


def test_bridging_from_the_members(world: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [
        {"organisation": "Welzijn Oost", "organisation_id": "O1", "wijken": 2, "wijk_codes": ["WK1", "WK2"]},
        {"organisation": "Zorg Thuis", "organisation_id": "O2", "wijken": 2, "wijk_codes": ["WK1", "WK2"]},
        {"organisation": "Gemeente Zorg", "organisation_id": "O3", "wijken": 2, "wijk_codes": ["WK1", "WK2"]},
    ]
    assert run(world, "bridging_organisations", on=ON) == expected
    monkeypatch.setattr(by_wijk, "CHUNK", 1)
    assert run(world, "bridging_organisations", on=ON) == expected
    # Work that starts after ON counts only from its start.
    later = dt.date(2027, 1, 1)
    World(world).organisation("O4", name="Later").professional("P9", "Ina Jong", organisation="O4")
    World(world).member("P9", "T2", since=later).works_in("P9", "WK1", "A", since=later)
    assert run(world, "bridging_organisations", on=ON) == expected
    assert run(world, "bridging_organisations", on=later) == [
        *expected, {"organisation": "Later", "organisation_id": "O4", "wijken": 2, "wijk_codes": ["WK1", "WK2"]}]
