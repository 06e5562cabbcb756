"""Freshness per wijk: fresh, stale and never-verified contacts, the 12-month rule, and one definition of a wijk's
contacts shared by freshness, gaps and the verification worklist."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from graph.store import Store
from queries.analyses import run
from queries.cypher_files import load
from queries.who_to_call.model import stale_before
from tests.analyses_world import ON, World
from tests.test_analyses_gaps import build

WK1 = {"wijk": "WK1", "wijk_name": "Wijk WK1", "municipality": "GM1", "contacts": 8, "fresh": 6, "stale": 1,
       "never": 1, "fresh_share": 0.75, "oldest_verified": "2024-12-31"}
WK2 = {"wijk": "WK2", "wijk_name": "Wijk WK2", "municipality": "GM2", "contacts": 0, "fresh": 0, "stale": 0,
       "never": 0, "fresh_share": None, "oldest_verified": None}


def test_freshness_of_every_wijk(store: Store) -> None:
    build(store)
    # WK1: six contacts verified on or after 2025-01-01 (one exactly then), group-D Gea Hol on 2024-12-31 (stale),
    # civil partner C1 never; P8 helps a household but has no role in the wijk: no contact. WK2 has none (last).
    assert run(store, "freshness", on=ON) == [WK1, WK2]
    assert run(store, "freshness", wijk=["WK2"], on=ON) == [WK2]


def test_the_12_month_rule_is_the_contact_search_one(store: Store) -> None:
    build(store)
    # One day later, Bram Claes (verified 2025-01-01) is stale too.
    later = dt.date(2026, 1, 2)
    assert stale_before(later) == dt.date(2025, 1, 2)
    (row,) = run(store, "freshness", wijk=["WK1"], on=later)
    assert (row["fresh"], row["stale"], row["never"], row["fresh_share"]) == (5, 2, 1, 0.625)


def test_an_active_agreement_makes_its_organisation_a_contact(store: Store) -> None:
    build(store)
    world = World(store)
    world.nodes("Organisation", {"id": "O-GGZ", "name": "GGZ Oost", "last_verified": dt.date(2025, 9, 1)},
                {"id": "O-OLD", "name": "Oud Verband"})
    world.agreement("A1", "T1", "O-GGZ", "GGZ").agreement("A2", "T1", "O-OLD", "GGZ", until=dt.date(2025, 6, 1))
    (row,) = run(store, "freshness", wijk=["WK1"], on=ON)
    assert (row["contacts"], row["fresh"], row["stale"], row["never"]) == (9, 7, 1, 1)


def worklist(store: Store, wijk: str, on: dt.date) -> list[dict]:
    return store.read(load("verification_worklist"), {"wijken": [wijk], "on": on, "fresh_since": stale_before(on)})


def test_freshness_gaps_and_worklist_count_the_same_contacts(store: Store) -> None:
    build(store)
    World(store).nodes("Organisation", {"id": "O-GGZ", "name": "GGZ Oost"}).agreement("A1", "T1", "O-GGZ", "GGZ")
    for on in (ON, dt.date(2026, 1, 2)):
        gaps = run(store, "gaps", wijk=["WK1"], on=on)
        (fresh,) = run(store, "freshness", wijk=["WK1"], on=on)
        rows = worklist(store, "WK1", on)
        assert fresh["contacts"] == len(rows) == 9
        assert fresh["stale"] == sum(row["kind"] == "contact_stale" for row in gaps) == sum(
            row["freshness"] == "stale" for row in rows)
        assert fresh["never"] == sum(row["kind"] == "contact_never_verified" for row in gaps) == sum(
            row["freshness"] == "never" for row in rows) == 2


def test_the_worklist_lists_the_oldest_first_and_the_never_verified_last(store: Store) -> None:
    build(store)
    rows = worklist(store, "WK1", ON)
    assert [(row["kind"], row["id"], row["freshness"], str(row["last_verified"]) if row["last_verified"] else None)
            for row in rows] == [
        ("professional", "P7", "stale", "2024-12-31"),
        ("professional", "P2", "fresh", "2025-01-01"),
        ("professional", "P1", "fresh", "2025-06-01"), ("professional", "P3", "fresh", "2025-06-01"),
        ("professional", "P4", "fresh", "2025-06-01"), ("professional", "P5", "fresh", "2025-06-01"),
        ("professional", "P6", "fresh", "2025-06-01"),
        ("civil_partner", "C1", "never", None)]
    assert rows[3]["name"] == "Cor Dekker" and rows[3]["function"] == "Huisarts" and rows[3]["wijken"] == ["WK1"]
    assert rows[4]["organisation"] == "Org O-POL"


def test_cli_analyse_freshness(store: Store) -> None:
    build(store)
    done = subprocess.run([sys.executable, "-m", "api", "analyse", "freshness", "--on", "2026-01-01", "--format",
                           "json"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200", "WIJKGRAPH_LANG": "en"}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [WK1, WK2]
    done = subprocess.run([sys.executable, "-m", "api", "analyse", "gaps", "--wijk", "WK1", "--on", "2026-01-01",
                           "--verification", "never", "--format", "csv"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200", "WIJKGRAPH_LANG": "en"}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if "contact_" in line] == [
        "WK1,Wijk WK1,contact_never_verified,,Partner C1 (C1),never verified"]
