"""Dubbele petten in the wijk overview (issue 17, item 1): the professionals who reach the wijk in more than one role,
each with every role, in Dutch on the page and as exact rows in its JSON twin, for every role that may open it."""

from __future__ import annotations

import re

import pytest
from web_support import WIJK_IN, client_for, load_test_world

from graph.store import Store

ON = "2026-06-15"
# The test world (tests/data/kaart): Anna Jansen (P-1) is ring 1 in Wijkteam Noord (wijkcoach, group A) and does
# group A work in Noord. Written here for this test: Eva Visser (P-5), wijkagent in Noord (C), also works in Zuid (C);
# Chris Bakker (P-3), city-wide (D), was in the team until 2026-03-31.
EXTRA = """
MATCH (eva:Professional {id: 'P-5'}), (zuid:Wijk {code: 'WK990102'}), (chris:Professional {id: 'P-3'}),
      (team:Team {id: 'T-NOORD'})
CREATE (eva)-[:WORKS_IN {group: 'C', since: date('2025-02-01')}]->(zuid)
CREATE (chris)-[:MEMBER_OF {team_role: 'psychiater', group: 'D', since: date('2025-01-01'),
                            until: date('2026-03-31')}]->(team)
"""
ANNA = {"professional": "P-1", "name": "Anna Jansen", "function": "wijkcoach", "role_count": 2, "roles": [
    {"kind": "team", "code": "T-NOORD", "name": "Wijkteam Noord", "group": "A", "team_role": "wijkcoach"},
    {"kind": "wijk", "code": "WK990101", "name": "Noord", "group": "A", "team_role": None}]}
EVA = {"professional": "P-5", "name": "Eva Visser", "function": "wijkagent", "role_count": 2, "roles": [
    {"kind": "wijk", "code": "WK990101", "name": "Noord", "group": "C", "team_role": None},
    {"kind": "wijk", "code": "WK990102", "name": "Zuid", "group": "C", "team_role": None}]}
CHRIS = {"professional": "P-3", "name": "Chris Bakker", "function": "psychiater", "role_count": 2, "roles": [
    {"kind": "team", "code": "T-NOORD", "name": "Wijkteam Noord", "group": "D", "team_role": "psychiater"},
    {"kind": "municipality", "code": "GM9901", "name": "Testgemeente", "group": "D", "team_role": None}]}


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    tokens = load_test_world(store)
    store.write(EXTRA)
    return tokens


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def dual_section(html: str) -> str:
    return visible_text(html.split('id="dual-roles">', 1)[1].split("</section>", 1)[0])


@pytest.mark.parametrize("role", ["professional", "coordinator", "analyst", "admin"])
def test_the_json_twin_lists_every_dual_role_of_the_wijk(store: Store, tokens: dict[str, str], role: str) -> None:
    client = client_for(store, tokens[role])
    answer = client.get(f"/wijken/{WIJK_IN}.json", params={"on": ON})
    assert answer.status_code == 200
    assert answer.json()["dual_roles"] == [ANNA, EVA]  # most roles first, then by name
    # Before Chris Bakker left the team he had two roles too (three rows: two each, by name).
    earlier = client.get(f"/wijken/{WIJK_IN}.json", params={"on": "2026-03-01"}).json()["dual_roles"]
    assert earlier == [ANNA, CHRIS, EVA]
    # Zuid has no team: Eva Visser reaches it with the same two roles.
    assert client.get("/wijken/WK990102.json", params={"on": ON}).json()["dual_roles"] == [EVA]


def test_the_page_names_every_role_in_dutch(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["professional"])
    page = client.get(f"/wijken/{WIJK_IN}", params={"on": ON})
    assert page.status_code == 200
    assert dual_section(page.text) == (
        "Dubbele petten Professionals met meer dan één rol in deze wijk: hun uren en hun loyaliteit zijn gedeeld. "
        "Professionals met meer dan één rol; wie de meeste rollen heeft eerst Naam Functie Rollen "
        "Anna Jansen wijkcoach ring 1 in Wijkteam Noord, als wijkcoach groep A in Noord "
        "Eva Visser wijkagent groep C in Noord groep C in Zuid")
    earlier = client.get(f"/wijken/{WIJK_IN}", params={"on": "2026-03-01"})
    assert "Chris Bakker psychiater ring 1 in Wijkteam Noord, als psychiater groep D voor heel Testgemeente" in (
        dual_section(earlier.text))
    english = client.get(f"/wijken/{WIJK_IN}", params={"on": ON}, headers={"Accept-Language": "en"})
    assert "Anna Jansen wijkcoach ring 1 in Wijkteam Noord, as wijkcoach group A in Noord" in dual_section(english.text)


def test_a_wijk_without_dual_roles_says_so(store: Store) -> None:
    tokens = load_test_world(store)  # without the extra roles: nobody reaches Zuid twice
    client = client_for(store, tokens["analyst"])
    assert client.get("/wijken/WK990102.json", params={"on": ON}).json()["dual_roles"] == []
    page = client.get("/wijken/WK990102", params={"on": ON})
    assert dual_section(page.text) == "Dubbele petten Niemand heeft in deze wijk meer dan één rol."
