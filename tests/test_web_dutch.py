"""Dutch first in the web app's own messages: problem details in the user's language with the same type, the audit
log's moments in Dutch notation and Amsterdam time, the reason prompt in a social worker's words."""

from __future__ import annotations

import re

import pytest
from web_support import IN_SCOPE, client_for, load_test_world

from api import auth
from graph.store import Store

PROBLEMS = "https://wijkgraph.example/problems/"


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def visible_text(html: str) -> str:
    """The text a reader sees: no tags, no attribute values."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_problem_detail_is_dutch_by_default_and_english_when_asked(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["coordinator"])
    dutch = client.get("/wijken/WK000000.json")
    english = client.get("/wijken/WK000000.json", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert (dutch.status_code, english.status_code) == (404, 404)
    assert dutch.json()["type"] == english.json()["type"] == PROBLEMS + "not-found"
    assert (dutch.json()["title"], dutch.json()["detail"]) == ("Niet gevonden", "Er is geen wijk WK000000.")
    assert (english.json()["title"], english.json()["detail"]) == ("Not found", "There is no wijk WK000000.")
    # A bad analysis parameter from the layer below (queries), translated here, the code values kept.
    bad = client.get("/analyses/gaps.json", params={"on": "gisteren"})
    assert bad.json()["type"] == PROBLEMS + "bad-analysis-parameters"
    assert bad.json()["detail"] == "Analyse 'gaps': on moet een datum JJJJ-MM-DD zijn, niet 'gisteren'."
    # The page of the same problem: Dutch.
    page = client.get("/wijken/WK000000")
    assert page.status_code == 404 and "<h1>Niet gevonden</h1>" in page.text
    assert "Er is geen wijk WK000000." in page.text


def test_the_audit_log_shows_dutch_moments_in_amsterdam_time(store: Store, tokens: dict[str, str]) -> None:
    for moment, entry in (("2026-12-01T16:46:00.401Z", "winter"), ("2026-07-01T10:05:00Z", "summer")):
        store.write(
            "CREATE (:AuditEntry {id: $id, at: datetime($at), user: 'test-coordinator', role: 'coordinator', "
            "action: 'read', resource: '/households/HH-T-0001', what: 'household HH-T-0001', "
            "households: ['HH-T-0001'], household_count: 1, reason: 'casusoverleg', status: 200, "
            "source: 'wijkgraph:audit'})", {"id": entry, "at": moment})
    page = client_for(store, tokens["admin"]).get("/audit")
    assert page.status_code == 200, page.text
    text = visible_text(page.text)
    # 16:46 UTC is 17:46 in Amsterdam in winter (CET), 10:05 UTC is 12:05 in summer (CEST); newest first.
    assert re.search(r"1 dec 2026 17:46 test-coordinator coördinator huishouden HH-T-0001 /households/HH-T-0001 "
                     r"casusoverleg 1 200 .*1 jul 2026 12:05 test-coordinator coördinator", text), text
    assert "2026-12-01T16:46" not in text and "<h1>Auditlog</h1>" in page.text
    # The JSON twin keeps the moment as Neo4j wrote it, and the role code.
    items = client_for(store, tokens["admin"]).get("/audit.json").json()["items"]
    assert [(item["at"][:16], item["role"], item["what"]) for item in items[:2]] == [
        ("2026-12-01T16:46", "coordinator", "household HH-T-0001"),
        ("2026-07-01T10:05", "coordinator", "household HH-T-0001")]


def test_the_reason_prompt_speaks_to_a_social_worker(store: Store, tokens: dict[str, str]) -> None:
    page = client_for(store, tokens["coordinator"]).get(f"/households/{IN_SCOPE}")
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]
    text = visible_text(page.text)
    assert "Waarom open je de gegevens van dit huishouden?" in text
    assert "Je reden komt in het auditlog" in text
    for technical in ("header", "parameter", "X-Wijkgraph", "query", "URL", "reason"):
        assert technical.lower() not in text.lower(), technical
    assert re.search(r'<form method="post" action="/households/' + IN_SCOPE + '"', page.text)
    # API users still learn how to give a reason, in the problem detail.
    problem = client_for(store, tokens["coordinator"]).get(f"/households/{IN_SCOPE}.json").json()
    assert problem["type"].endswith("/reason-required") and "X-Wijkgraph-Reason" in problem["detail"]


def test_pages_say_ja_and_nee_where_the_twins_keep_true_and_false(store: Store, tokens: dict[str, str]) -> None:
    auth.disable_user(store, "test-analyst")
    admin = client_for(store, tokens["admin"])
    page = admin.get("/users").text
    rows = {name: cells for name, cells in re.findall(r"<tr><td><a href=[^>]*>(test-\w+)</a></td>(.*?)</tr>", page)}
    # role, teams, wijken, disabled (then the date of the last change)
    assert re.findall(r"<td>([^<]*)</td>", rows["test-analyst"])[:4] == ["analist", "", "", "ja"]
    assert re.findall(r"<td>([^<]*)</td>", rows["test-coordinator"])[:4] == ["coördinator", "T-NOORD", "", "nee"]
    assert {user["name"]: user["disabled"] for user in admin.get("/users.json").json()["items"]} == {
        "test-admin": False, "test-analyst": True, "test-coordinator": False, "test-professional": False}
    english = admin.get("/users", headers={"Accept-Language": "en"}).text
    assert "<td>analyst</td><td></td><td></td><td>yes</td>" in english
