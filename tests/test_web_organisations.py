"""The organisation page and its JSON twin: what it offers, its people with their contact details and where they work,
the teams' agreements with it; for every role, 404 for an unknown organisation."""

from __future__ import annotations

import pytest
from web_support import client_for, load_test_world

from graph.store import Store


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


WELZIJN_PEOPLE = [
    {"id": "P-1", "name": "Anna Jansen", "function": "wijkcoach", "phone": "0611111111",
     "email": "anna@welzijn.example", "last_verified": "2026-01-15", "expertise": [], "teams": ["Wijkteam Noord"],
     "wijken": ["WK990101"], "municipalities": []},
    {"id": "P-4", "name": "Dewi Smit", "function": "schuldhulpverlener", "phone": None,
     "email": "dewi@welzijn.example", "last_verified": None, "expertise": ["SCHULDEN"], "teams": ["Wijkteam Noord"],
     "wijken": [], "municipalities": []},
]


def test_an_organisation_with_its_people_and_agreements(store: Store, tokens: dict[str, str]) -> None:
    professional = client_for(store, tokens["professional"])
    ggz = professional.get("/organisations/ORG-GGZ.json?on=2026-01-01")
    assert ggz.status_code == 200
    assert ggz.json() == {
        "id": "ORG-GGZ", "name": "GGZ Test", "kind": "ggz", "scope": "regionaal", "website": "https://ggz.example",
        "phone": None, "email": None, "expertise": ["GGZ"], "on": "2026-01-01",
        "people": [{"id": "P-3", "name": "Chris Bakker", "function": "psychiater", "phone": "0633333333",
                    "email": "chris@ggz.example", "last_verified": "2026-06-01", "expertise": ["GGZ"], "teams": [],
                    "wijken": [], "municipalities": ["GM9901"]}],
        "agreements": [{"id": "A-GGZ", "topic": "GGZ invliegen", "status": "active", "expertise": "GGZ",
                        "team": "T-NOORD", "team_name": "Wijkteam Noord", "since": "2025-03-01", "until": None}],
    }
    welzijn = professional.get("/organisations/ORG-WELZIJN.json?on=2026-01-01").json()
    assert (welzijn["people"], welzijn["agreements"], welzijn["expertise"]) == (WELZIJN_PEOPLE, [], [])
    # Before P-1 and P-4 joined the team (2025-01-01) they had no team and P-1 no wijk.
    earlier = professional.get("/organisations/ORG-WELZIJN.json?on=2024-06-01").json()["people"]
    assert [(p["id"], p["teams"], p["wijken"]) for p in earlier] == [("P-1", [], []), ("P-4", [], [])]


def test_the_page_shows_the_contact_details_for_every_role(store: Store, tokens: dict[str, str]) -> None:
    for role, token in tokens.items():
        page = client_for(store, token).get("/organisations/ORG-GGZ")
        assert page.status_code == 200, role
        assert page.headers["content-type"].startswith("text/html")
        for shown in ("GGZ Test", "Chris Bakker", "0633333333", "chris@ggz.example", "Wijkteam Noord",
                      "GGZ invliegen", 'href="/organisations/ORG-GGZ.json"'):
            assert shown in page.text, (role, shown)
    # In Dutch: labels for the codes (expertise, the agreement's status) and Dutch dates.
    page = client_for(store, tokens["professional"]).get("/organisations/ORG-GGZ?on=2026-01-01").text
    for shown in ("<h2 id=\"offers-h\">Aangeboden expertise</h2>", "<li>geestelijke gezondheidszorg (GGZ)</li>",
                  "<td>actief</td>", "<td>1 mrt 2025</td>", "situatie op 1 jan 2026"):
        assert shown in page, shown


def test_an_unknown_organisation_is_a_404_problem(store: Store, tokens: dict[str, str]) -> None:
    response = client_for(store, tokens["analyst"]).get("/organisations/ORG-NONE.json")
    assert response.status_code == 404
    assert response.json()["detail"] == "Er is geen organisatie ORG-NONE."
    assert client_for(store).get("/organisations/ORG-GGZ.json").status_code == 401
