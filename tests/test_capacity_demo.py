"""The demo's planted thin coverage (issue 17 item 2): Den Haag's one MEE consultant, 3 hours a week for 24 wijken,
is thin LVB fly-in where two or more households call for LVB; Meerzicht's GGZ fly-in (the demo coordinator's wijk)
is thin, Oosterheem's with the same hours is not. The manifest's cases are worked out from the files
(importers/demo/capacity.py), independently of the Cypher; here the analysis must find exactly them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from web_support import client_for

from api.auth import create_demo_users
from graph.store import Store
from tests.demo_world import Demo, analyse, load_demo

MEERZICHT, OOSTERHEEM = "WK063701", "WK063702"


@pytest.fixture(scope="module")
def demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    yield from load_demo(session_store, tmp_path_factory)


def test_the_analysis_finds_exactly_the_planted_thin_coverage(demo: Demo) -> None:
    rows = analyse(demo, "missing_expertise", on=demo.on)
    thin = [(r["wijk"], r["expertise"], r["demand"], r["capacity"]) for r in rows if r["coverage"] == "thin"]
    planted = demo.planted("thin_coverage")
    assert thin == [(c["wijk"], c["expertise"], c["demand"], c["capacity"]) for c in planted]
    den_haag = [c for c in planted if c["expertise"] == "LVB"]
    assert den_haag and all(c["wijk"].startswith("WK0518") and c["capacity"] == 0.12 and c["demand"] >= 2
                            for c in den_haag)
    # Every other Den Haag wijk keeps LVB by fly-in: its one or no household fits in 0.125 hour at 13.5 an hour.
    others = [r for r in rows if r["wijk"].startswith("WK0518") and r["expertise"] == "LVB" and r not in den_haag]
    assert {(r["coverage"], r["capacity"]) for r in others if r["coverage"] != "thin"} == {("fly_in", 0.12)}
    assert all(r["demand"] <= 1 for r in others if r["coverage"] == "fly_in")
    by_key = {(r["wijk"], r["expertise"]): r for r in rows}
    assert by_key[(MEERZICHT, "GGZ")]["coverage"] == "thin" and by_key[(MEERZICHT, "GGZ")]["capacity"] == 0.5
    assert by_key[(OOSTERHEEM, "GGZ")]["coverage"] == "fly_in" and by_key[(OOSTERHEEM, "GGZ")]["capacity"] == 0.5
    # Thin comes right after missing: the first rows that are not missing are the thin ones, most demand first.
    first = [r for r in rows if r["coverage"] != "missing"][:len(planted)]
    assert {r["coverage"] for r in first} == {"thin"}
    assert [r["demand"] for r in first] == sorted((r["demand"] for r in first), reverse=True)


def test_a_higher_threshold_makes_the_planted_coverage_fly_in_again(demo: Demo) -> None:
    """At 20 households per hour Den Haag's 2 households on 0.125 hour (16 an hour) are no longer thin."""
    rows = analyse(demo, "missing_expertise", on=demo.on, thin_threshold=20)
    assert {(r["wijk"], r["coverage"]) for r in rows if r["expertise"] == "LVB" and r["wijk"].startswith("WK0518")} \
        == {(r["wijk"], "fly_in") for r in rows if r["expertise"] == "LVB" and r["wijk"].startswith("WK0518")}


def test_the_demo_coordinator_sees_thin_with_a_warm_handover(demo: Demo) -> None:
    tokens = create_demo_users(demo.store)
    client = client_for(demo.store, tokens["coordinator"])
    page = client.get(f"/wijken/{MEERZICHT}", headers={"Accept-Language": "nl"})
    assert page.status_code == 200
    assert '<span class="badge thin">dun bezet</span>' in page.text
    assert f'href="/advise/handover?wijk={MEERZICHT}&amp;expertise=GGZ">Warme overdracht</a>' in page.text
    home = client.get("/index.json").json()
    mine = next(w for w in home["wijken"] if w["code"] == MEERZICHT)
    assert mine["coverage"] == {"GGZ": "thin", "LVB": "missing"}
