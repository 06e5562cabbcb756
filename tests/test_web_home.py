"""The home page: "Mijn wijken" first for professionals and coordinators (coverage badges, open gaps, contacts
verified), the other wijken below; analysts and admins get every wijk ordered by what needs attention."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from web_support import WIJK_IN, WIJK_OUT, client_for, load_test_world

from api import audit
from api.web import overview
from api.web.overview import OVERVIEW
from graph import version
from graph.store import Store
from queries.analyses import get as get_analysis

ON = "2026-12-01"  # contacts verified on or after 2025-12-01 count as verified


def focus(answer: dict) -> list[tuple]:
    return [(w["code"], w["coverage"], w["missing"], w["gaps"], w["contacts"], w["verified"], w["verified_share"])
            for w in answer["wijken"]]


def test_a_coordinator_sees_their_wijk_first_with_badges_gaps_and_contacts_verified(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["coordinator"])
    answer = client.get(f"/index.json?on={ON}").json()
    # Noord: GGZ by fly-in (agreement A-GGZ, group-D psychiatrist), no LVB; 6 gaps (2 missing signallers, a need
    # no helper covers, 1 contact stale, 2 never verified); 4 of its 7 contacts (the organisation of the active
    # agreement A-GGZ among them) verified within the year.
    assert focus(answer) == [(WIJK_IN, {"GGZ": "fly_in", "LVB": "missing"}, 1, 6, 7, 4, 0.5714)]
    assert [(w["stale"], w["never"]) for w in answer["wijken"]] == [(1, 2)]
    assert (answer["verified_since"], answer["required_expertise"]) == ("2025-12-01", ["GGZ", "LVB"])
    assert [(m["code"], [w["code"] for w in m["wijken"]]) for m in answer["municipalities"]] == [
        ("GM9901", [WIJK_OUT])]  # everything else, without their own wijk

    page = client.get(f"/?on={ON}").text
    assert "<h1>Mijn wijken</h1>" in page
    mine, others = page.split('<details class="others"', 1)
    assert re.findall(r'<span class="badge (\w+)" title="[^"]+">([^<]+)</span>', mine) == [
        ("fly_in", "GGZ: invliegen via werkafspraak"), ("missing", "LVB: ontbreekt")]
    assert (f'<a href="/analyses/gaps?wijk={WIJK_IN}">6 open hiaten</a> · <span class="freshness" '
            f'data-wijk="{WIJK_IN}">57% van 7 contacten gecontroleerd (1 verouderd, 2 nooit)</span> · '
            f'<a href="/kaart/verify?wijk={WIJK_IN}">controleren</a>') in mine
    assert f'href="/wijken/{WIJK_OUT}"' in others and f'href="/wijken/{WIJK_IN}"' not in others
    assert "gecontroleerd als het binnen het jaar voor 1 dec 2026 is nagekeken (sinds 1 dec 2025)" in page
    # The coverage and gaps are the audited analyses, as on the wijk page.
    assert {entry["what"] for entry in audit.query(store, user="test-coordinator")[1]} >= {
        "analysis missing_expertise", "analysis gaps"}


def test_a_professional_sees_no_coverage_or_gaps(store: Store) -> None:
    tokens = load_test_world(store)
    answer = client_for(store, tokens["professional"]).get(f"/index.json?on={ON}").json()
    assert focus(answer) == [(WIJK_IN, None, None, None, 7, 4, 0.5714)]
    page = client_for(store, tokens["professional"]).get(f"/?on={ON}").text
    assert '<span class="badge' not in page and "/analyses/gaps" not in page


def test_an_analyst_sees_every_wijk_by_what_needs_attention(store: Store) -> None:
    tokens = load_test_world(store)
    answer = client_for(store, tokens["analyst"]).get(f"/index.json?on={ON}").json()
    # Both miss LVB and fly in GGZ; Zuid (no team) has more open gaps, so it comes first.
    assert [(code, coverage, missing, gaps) for code, coverage, missing, gaps, *_ in focus(answer)] == [
        (WIJK_OUT, {"GGZ": "fly_in", "LVB": "missing"}, 1, 8),
        (WIJK_IN, {"GGZ": "fly_in", "LVB": "missing"}, 1, 6)]
    page = client_for(store, tokens["analyst"]).get(f"/?on={ON}").text
    assert re.findall(r'<th scope="row"><a href="/wijken/(\w+)">', page) == [WIJK_OUT, WIJK_IN]


def held_computation(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """From now on the figures are computed only once the returned event is set."""
    release = threading.Event()
    real = overview.compute

    def held(*args: object) -> overview.Figures:
        release.wait(30)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(overview, "compute", held)
    return release


def test_the_figures_of_every_wijk_are_kept_and_shown_stale_while_new_ones_are_computed(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["analyst"])
    first = client.get(f"/index.json?on={ON}").json()
    assert first["figures"]["state"] == "fresh" and first["figures"]["computed_at"]
    before = {w["code"]: w["gaps"] for w in first["wijken"]}
    release = held_computation(monkeypatch)
    # A change the figures must follow: Noord loses its ring-3 partners, and the version is bumped as an import does.
    store.write("MATCH (:CivilPartner)-[r:ACTIVE_IN]->(:Wijk {code: $code}) DELETE r", {"code": WIJK_IN})
    version.bump(store)
    now = len(get_analysis("gaps").run(store, wijk=[WIJK_IN], on=dt.date.fromisoformat(ON)))
    assert now != before[WIJK_IN]
    stale = client.get(f"/index.json?on={ON}").json()  # at once, with the figures of before and when they were made
    assert stale["figures"] == {"state": "stale", "computed_at": first["figures"]["computed_at"]}
    assert {w["code"]: w["gaps"] for w in stale["wijken"]} == before
    page = client.get(f"/?on={ON}").text
    assert re.search(r'<p class="notice" id="figures-state">Cijfers van [^<]+: de gegevens zijn sindsdien gewijzigd, '
                     r'nieuwe cijfers worden berekend\.</p>', page), page[:3000]
    release.set()
    OVERVIEW.wait()
    page = client.get(f"/?on={ON}").text
    assert 'id="figures-state"' not in page
    fresh = client.get(f"/index.json?on={ON}").json()
    assert fresh["figures"]["state"] == "fresh" and fresh["figures"]["computed_at"] > first["figures"]["computed_at"]
    assert {w["code"]: w["gaps"] for w in fresh["wijken"]} == {**before, WIJK_IN: now}
    # Only counts per wijk are shown: no household-level read is audited for them.
    assert not [entry for entry in audit.query(store, user="test-analyst")[1] if entry["household_count"]]


def test_while_the_first_figures_are_computed_the_page_says_so(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = load_test_world(store)
    release = held_computation(monkeypatch)
    monkeypatch.setattr(overview, "FIRST_WAIT_SECONDS", 0.1)
    client = client_for(store, tokens["analyst"])
    version.bump(store)  # a version of this world that no figures were computed for
    answer = client.get(f"/index.json?on={ON}").json()
    assert answer["figures"] == {"state": "computing", "computed_at": None}
    assert [w["gaps"] for w in answer["wijken"]] == [None, None]
    page = client.get(f"/?on={ON}").text
    assert ('<p class="notice" id="figures-state">De cijfers van alle wijken worden berekend; laad deze pagina over '
            'een minuut opnieuw.</p>') in page
    assert 'id="attention"' not in page
    release.set()
    OVERVIEW.wait()
    assert client.get(f"/index.json?on={ON}").json()["figures"]["state"] == "fresh"


def test_the_analysts_page_shows_the_wijken_that_need_attention_most_and_links_the_rest(store: Store) -> None:
    # 300 more wijken in a second municipality: over the 50 rows and the 200 listed wijken a page shows at once.
    store.write("MERGE (m:Municipality {code: 'GM9902'}) SET m.name = 'Verweg' WITH m UNWIND range(1, 300) AS i "
                "CREATE (w:Wijk {code: 'WK99' + toString(1000 + i), name: 'Verwijk ' + toString(i)})"
                "-[:IN_MUNICIPALITY]->(m)")
    tokens = load_test_world(store)
    client = client_for(store, tokens["analyst"])
    answer = client.get(f"/index.json?on={ON}").json()
    assert len(answer["wijken"]) == 302  # the JSON twin holds every wijk
    page = client.get(f"/?on={ON}").text
    rows = re.findall(r'<th scope="row"><a href="/wijken/(\w+)">', page)
    assert rows == [w["code"] for w in answer["wijken"][:50]]
    assert ('De 50 wijken die de meeste aandacht vragen, van de 302. <a href="?on=2026-12-01&amp;show=all">Toon alle '
            'wijken</a>') in page
    # The other wijken: per municipality a link to its wijken, not 302 links.
    assert '<a href="/wijken?municipality=GM9902">Verweg</a> <span class="muted">300 wijken</span>' in page
    assert 'href="/wijken/WK991300"' not in page
    every = client.get(f"/?on={ON}&show=all").text
    assert len(re.findall(r'<th scope="row"><a href="/wijken/(\w+)">', every)) == 302
    assert 'id="attention-more"' not in every
