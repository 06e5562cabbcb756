"""Who may run an analysis, and what of households it shows, is declared on the analysis (queries.analyses.Access)
and the web app reads that declaration. A user limited to some wijken is refused an analysis that cannot be limited
to wijken (fail closed): the test registers such an analysis, as the next wave of analyses may bring one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from web_support import client_for, load_test_world

from graph.store import Store
from queries.analyses import ANALYSES, ON, Access, Analysis

EVERYWHERE = Analysis(
    "households_everywhere",
    "Every household of every wijk: household-level, with neither a wijk nor a household parameter.",
    (ON,),
    lambda store, params: store.read("MATCH (h:Household) RETURN h.id AS household ORDER BY household"),
    Access(household_level=True, household_columns=("household",)),
)
ANALYSTS_ONLY = Analysis(
    "kaart_for_analysts", "The wijken, for analysts only.", (ON,),
    lambda store, params: store.read("MATCH (w:Wijk) RETURN w.code AS wijk ORDER BY wijk"),
    Access(household_level=False, roles=("analyst",)),
)


@pytest.fixture
def tokens(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    for analysis in (EVERYWHERE, ANALYSTS_ONLY):
        monkeypatch.setitem(ANALYSES, analysis.name, analysis)
    yield load_test_world(store)


def last_audit(store: Store) -> dict[str, object]:
    return store.read("MATCH (a:AuditEntry) WITH a ORDER BY a.at DESC LIMIT 1 "
                      "RETURN a {.user, .what, .households, .status} AS entry")[0]["entry"]


def test_an_analysis_that_cannot_be_limited_to_wijken_is_refused_to_a_coordinator(
        store: Store, tokens: dict[str, str]) -> None:
    coordinator = client_for(store, tokens["coordinator"])
    response = coordinator.get("/analyses/households_everywhere.json")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "De analyse 'households_everywhere' gaat over alle wijken en kan niet worden beperkt tot die van jou "
        "(WK990101); vraag het een analist of een beheerder.")
    assert last_audit(store) == {"user": "test-coordinator", "what": "analysis households_everywhere",
                                 "households": [], "status": 403}
    page = coordinator.get("/analyses/households_everywhere")
    assert page.status_code == 403 and "kan niet worden beperkt tot die van jou" in page.text
    assert "HH-T-0002" not in page.text + coordinator.get("/analyses/households_everywhere.csv").text


def test_the_same_analysis_runs_for_analysts_and_admins_and_names_its_households_in_the_audit(
        store: Store, tokens: dict[str, str]) -> None:
    everyone = ["HH-T-0001", "HH-T-0002"]
    for role in ("analyst", "admin"):
        response = client_for(store, tokens[role]).get("/analyses/households_everywhere.json")
        assert response.status_code == 200
        assert [row["household"] for row in response.json()["items"]] == everyone
        assert last_audit(store) == {"user": f"test-{role}", "what": "analysis households_everywhere",
                                     "households": everyone, "status": 200}


def test_the_roles_come_from_the_declaration(store: Store, tokens: dict[str, str]) -> None:
    for role, dutch in (("coordinator", "coördinator"), ("admin", "beheerder"), ("professional", "professional")):
        response = client_for(store, tokens[role]).get("/analyses/kaart_for_analysts.json")
        assert response.status_code == 403, role
        assert response.json()["detail"] == (
            f"De analyse 'kaart_for_analysts' is alleen voor de rollen analist; als {dutch} kun je 'Wie bel ik?' en "
            "de partnerkaarten gebruiken.")
    assert client_for(store, tokens["analyst"]).get("/analyses/kaart_for_analysts.json").status_code == 200
    listed = {role: [item["name"] for item in client_for(store, token).get("/analyses.json").json()["items"]]
              for role, token in tokens.items()}
    assert listed["professional"] == ["freshness", "contacts"]  # the sociale kaart's own analyses, in listing order
    assert "kaart_for_analysts" in listed["analyst"] and "kaart_for_analysts" not in listed["coordinator"]
    assert listed["coordinator"] == [name for name in ANALYSES if name != "kaart_for_analysts"]


def test_a_declaration_names_only_known_roles_and_household_columns_only_when_household_level() -> None:
    with pytest.raises(ValueError, match="unknown roles"):
        Access(household_level=False, roles=("team",))
    with pytest.raises(ValueError, match="is household-level"):
        Access(household_level=False, household_columns=("household",))
