"""The web app's URL rule, errors, login and users, over HTTP (FastAPI's TestClient) against a real Neo4j."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from web_support import IN_SCOPE, LOCAL, WIJK_IN, WIJK_OUT, client_for, csrf_token_of, load_test_world, log_in

from api import auth
from api.app import create_app
from graph.local_neo4j import free_port
from graph.settings import ConnectionSettings
from graph.store import Store, connect
from queries.analyses import ANALYSES


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def problem(response) -> dict:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == response.status_code
    assert "Traceback" not in response.text
    return body


TWINS = ["/", "/me", "/wijken", f"/wijken/{WIJK_IN}", f"/wijken/{WIJK_IN}/map", f"/wijken/{WIJK_IN}/households",
         "/contacts?wijk=WK990101", "/analyses", "/analyses/gaps", "/analyses/contacts?wijk=WK990101", "/audit",
         "/users", f"/households/{IN_SCOPE}?reason=test", f"/households/{IN_SCOPE}/ecogram?reason=test"]


ON = "2026-06-15"  # a fixed date for the twins that take one: "verified within the year before" moves with today
ADMIN_USER = {"name": "test-admin", "role": "admin", "wijken": [], "teams": [], "scope": None}
COVERAGE = {"LVB": "missing", "GGZ": "fly_in"}  # no LVB anywhere; GGZ by the fly-in agreement A-GGZ (and P-3)
NOORD_GAPS = [("missing_signaller", None, "school"), ("missing_signaller", None, "woningcorporatie"),
              ("uncovered_need", IN_SCOPE, f"household {IN_SCOPE} needs GGZ"),
              ("contact_stale", None, "Dr. Bram de Wit (P-2)"), ("contact_never_verified", None, "Dewi Smit (P-4)"),
              ("contact_never_verified", None, "GGZ Test (ORG-GGZ)")]
ZUID_GAPS = [("no_team", None, "no team serves the wijk"), ("empty_group", None, "group A"),
             ("empty_group", None, "group B"), ("empty_group", None, "group C"),
             ("missing_signaller", None, "huisarts"), ("missing_signaller", None, "school"),
             ("missing_signaller", None, "wijkagent"), ("missing_signaller", None, "woningcorporatie")]
# One row per contact, its closest role as its tier: Anna Jansen's group-A role is in her ring-1 row.
CONTACTS = [("ring1", "P-1", "Anna Jansen"), ("ring1", "P-4", "Dewi Smit"),
            ("B", "P-2", "Dr. Bram de Wit"), ("C", "P-5", "Eva Visser"), ("D", "P-3", "Chris Bakker"),
            ("fly_in", "ORG-GGZ", "GGZ Test"), ("ring3", "C-1", "Buurthuis De Kern")]


def index_wijken(body: dict) -> list[tuple]:
    return [(w["code"], w["name"], w["teams"], w["contacts"], w["verified"], w["coverage"], w["missing"], w["gaps"])
            for w in body["wijken"]]


def gap_rows(rows: list[dict]) -> list[tuple]:
    return [(row["kind"], row["household"], row["detail"]) for row in rows]


def contact_rows(body: dict) -> list[tuple]:
    return [(row["tier"], row["id"], row["name"]) for row in body["items"]]


# What each twin says of the test world (as the admin), exactly: (query added to the twin's URL, the part of its
# answer compared, the expected value). A twin answering {} or the wrong rows fails here.
TWIN_CONTENT = {
    "/": (f"on={ON}", lambda b: (b["user"], b["on"], b["verified_since"], b["required_expertise"], index_wijken(b),
                                  b["municipalities"]),
          (ADMIN_USER, ON, "2025-06-15", ["GGZ", "LVB"],
           # analysts and admins: every wijk, what needs attention first (as much missing, then most gaps)
           [("WK990102", "Zuid", [], 2, 2, COVERAGE, 1, 8), ("WK990101", "Noord", ["Wijkteam Noord"], 7, 4, COVERAGE,
                                                              1, 6)],
           [{"code": "GM9901", "name": "Testgemeente", "wijken": [
               {"code": "WK990101", "name": "Noord", "teams": ["Wijkteam Noord"]},
               {"code": "WK990102", "name": "Zuid", "teams": []}]}])),
    "/me": ("", lambda b: b, ADMIN_USER),
    "/wijken": ("", lambda b: (b["total"], b["items"]), (2, [
        {"code": "WK990101", "name": "Noord", "municipality": "GM9901", "municipality_name": "Testgemeente",
         "teams": 1},
        {"code": "WK990102", "name": "Zuid", "municipality": "GM9901", "municipality_name": "Testgemeente",
         "teams": 0}])),
    f"/wijken/{WIJK_IN}": (f"on={ON}", lambda b: (
        b["code"], b["name"], b["municipality_name"], [(t["id"], [m["id"] for m in t["members"]]) for t in b["teams"]],
        b["households"], b["rings"], [(c["expertise"], c["coverage"], c["demand"]) for c in b["coverage"]],
        gap_rows(b["gaps"]), b["on"]),
        (WIJK_IN, "Noord", "Testgemeente", [("T-NOORD", ["P-1", "P-4"])], 1,
         {"ring1": 2, "ring2": {"A": 0, "B": 1, "C": 1, "D": 1}, "fly_in": 1, "ring3": 1},
         [("LVB", "missing", 0), ("GGZ", "fly_in", 1)], NOORD_GAPS, ON)),
    f"/wijken/{WIJK_IN}/map": (f"on={ON}", lambda b: (
        b["wijk"], b["counts"], sorted(node["id"] for node in b["nodes"]),
        sorted((edge["from"], edge["to"]) for edge in b["edges"])),
        (WIJK_IN, {"team": 1, "ring1": 2, "B": 1, "C": 1, "D": 1, "fly_in": 1, "ring3": 1},
         ["P-1", "P-2", "P-3", "P-4", "P-5", "civil:C-1", "org:ORG-GGZ", "team:T-NOORD"],
         [("P-1", "P-2"), ("P-1", "P-5"), ("P-1", "team:T-NOORD"), ("P-4", "team:T-NOORD"),
          ("org:ORG-GGZ", "team:T-NOORD")])),
    f"/wijken/{WIJK_IN}/households": ("", lambda b: (b["total"], [(
        h["id"], h["composition"], h["helpers"], h["coordinators"], h["needs"], h["ecograms"], h["latest_ecogram"])
        for h in b["items"]]), (1, [(IN_SCOPE, "eenouder", 2, 1, ["GGZ"], 2, "2025-11-01")])),
    "/contacts?wijk=WK990101": ("", lambda b: (b["total"], contact_rows(b), b["items"][0]["phone"]),
                                (7, CONTACTS, "0611111111")),
    "/analyses": ("", lambda b: [item["name"] for item in b["items"]], list(ANALYSES)),
    "/analyses/gaps": (f"on={ON}", lambda b: (b["total"], sorted(
        (row["wijk"], *gap) for row, gap in zip(b["items"], gap_rows(b["items"]), strict=True))),
        (14, sorted([(WIJK_IN, *gap) for gap in NOORD_GAPS] + [(WIJK_OUT, *gap) for gap in ZUID_GAPS]))),
    "/analyses/contacts?wijk=WK990101": ("", lambda b: (b["total"], contact_rows(b)), (7, CONTACTS)),
    "/audit": ("", lambda b: (b["total"], [(e["user"], e["role"], e["what"], e["reason"], e["status"], e["households"])
                                           for e in b["items"]]),
               (1, [("test-coordinator", "coordinator", f"household {IN_SCOPE}", "casusoverleg", 200, [IN_SCOPE])])),
    "/users": ("", lambda b: [{k: v for k, v in u.items() if k != "changed_at"} for u in b["items"]], [
        {"name": "test-admin", "role": "admin", "wijken": [], "teams": [], "disabled": False},
        {"name": "test-analyst", "role": "analyst", "wijken": [], "teams": [], "disabled": False},
        {"name": "test-coordinator", "role": "coordinator", "wijken": [], "teams": ["T-NOORD"], "disabled": False},
        {"name": "test-professional", "role": "professional", "wijken": [], "teams": ["T-NOORD"],
         "disabled": False}]),
    f"/households/{IN_SCOPE}?reason=test": ("", lambda b: (
        b["id"], b["wijk"], b["composition"], [(m["id"], m["role"], m["alias"]) for m in b["members"]],
        [(h["id"], h["life_domain"], h["since"]) for h in b["helpers"]], [c["id"] for c in b["coordinators"]],
        [n["expertise"] for n in b["needs"]], [(e["id"], e["date"], e["ties"]) for e in b["ecograms"]]),
        (IN_SCOPE, WIJK_IN, "eenouder", [("HH-T-0001-M1", "ouder", "Ouder 1"), ("HH-T-0001-M2", "kind", "Kind 1")],
         [("P-1", "financien", "2025-05-01"), ("P-4", "financien", "2025-06-01")], ["P-1"], ["GGZ"],
         [("HH-T-0001-E1", "2025-05-01", 3), ("HH-T-0001-E2", "2025-11-01", 2)])),
    f"/households/{IN_SCOPE}/ecogram?reason=test": ("", lambda b: (
        b["household"], b["on"], b["snapshot"]["id"],
        [(t["kind"], t["ref"], t["label"], t["quality"], t["direction"]) for t in b["ties"]]),
        (IN_SCOPE, "2025-11-01", "HH-T-0001-E2", [("professional", "P-1", "Anna Jansen", "strong", "to_household"),
                                                  ("civil", "C-1", "Buurthuis De Kern", "weak", "to_household")])),
}


@pytest.mark.parametrize("path", TWINS)
def test_every_page_has_a_json_twin(store: Store, tokens: dict[str, str], path: str) -> None:
    client = client_for(store, tokens["admin"])
    if path == "/audit":  # one known entry to show
        client_for(store, tokens["coordinator"]).get(f"/households/{IN_SCOPE}.json?reason=casusoverleg")
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    base, _, query = path.partition("?")
    query = "&".join(part for part in query.split("&") if part and not part.startswith("reason="))  # never in URLs
    json_path = ("/index" if base == "/" else base) + ".json" + (f"?{query}" if query else "")
    assert f'href="{json_path.replace("&", "&amp;")}"' in page.text  # the page links its twin
    twin = client.get(json_path)
    assert twin.status_code == 200, twin.text
    assert twin.headers["content-type"].startswith("application/json")
    query, part, expected = TWIN_CONTENT[path]
    body = client.get(json_path + ("&" if "?" in json_path else "?") + query if query else json_path).json()
    assert part(body) == expected


def test_the_home_and_me_twins_of_a_coordinator(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["coordinator"])
    me = {"name": "test-coordinator", "role": "coordinator", "wijken": [], "teams": ["T-NOORD"], "scope": [WIJK_IN]}
    assert client.get("/me.json").json() == me
    home = client.get(f"/index.json?on={ON}").json()
    # "Mijn wijken" first: the coordinator's own wijk with its coverage and gaps; the other wijken below, by name only.
    assert (home["user"], index_wijken(home), home["municipalities"]) == (
        me, [("WK990101", "Noord", ["Wijkteam Noord"], 7, 4, COVERAGE, 1, 6)],
        [{"code": "GM9901", "name": "Testgemeente", "wijken": [{"code": "WK990102", "name": "Zuid", "teams": []}]}])


def test_tables_have_csv_twins_and_lists_paginate(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["admin"])
    first = client.get("/wijken.json?size=1").json()
    assert (first["total"], first["page"], first["size"], first["pages"], len(first["items"])) == (2, 1, 1, 2, 1)
    assert first["next"] == "/wijken.json?page=2&size=1" and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["items"][0]["code"] != first["items"][0]["code"] and second["next"] is None
    csv = client.get("/contacts.csv?wijk=WK990101")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert lines[0].startswith("id,kind,name") and len(lines) == 1 + client.get(
        "/contacts.json?wijk=WK990101&size=500").json()["total"]
    assert client.get("/analyses/gaps.csv").status_code == 200
    assert problem(client.get("/wijken.json?page=0"))["status"] == 400
    assert problem(client.get("/wijken.json?page=abc"))["detail"] == "page moet een geheel getal zijn, niet 'abc'."


def test_errors_are_problem_details(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["admin"])
    assert problem(client.get("/wijken/WK000000.json"))["detail"] == "Er is geen wijk WK000000."
    assert problem(client.get("/nothing/here.json"))["detail"] == "Er is geen pagina of gegeven op /nothing/here.json."
    assert problem(client.get("/analyses/nonsense.json"))["detail"].startswith(
        "Onbekende analyse 'nonsense'; de analyses zijn: missing_expertise, gaps,")
    assert problem(client.get("/analyses/gaps.json?colour=red"))["detail"] == (
        "Analyse 'gaps' heeft geen parameter colour; de parameters zijn: wijk, on, verification.")
    assert problem(client.get("/analyses/gaps.json?on=yesterday"))["detail"] == (
        "Analyse 'gaps': on moet een datum JJJJ-MM-DD zijn, niet 'yesterday'.")
    assert problem(client.get("/households/HH-NOPE.json"))["status"] == 404
    html = client.get("/wijken/WK000000")
    assert html.status_code == 404 and "text/html" in html.headers["content-type"] and "WK000000" in html.text


def test_unexpected_errors_give_an_incident_id_and_no_trace(store: Store, tokens: dict[str, str]) -> None:
    def broken() -> Store:
        raise RuntimeError("secret internal detail /home/x")

    client = TestClient(create_app(broken), raise_server_exceptions=False, base_url=LOCAL)
    client.headers["Authorization"] = f"Bearer {tokens['admin']}"
    response = client.get("/wijken.json")
    body = problem(response)
    assert response.status_code == 500 and body["detail"] == (
        f"Er ging iets mis op de server; het is vastgelegd als incident {body['incident']}. Geef dit incidentnummer "
        "door aan je beheerder.")
    assert "secret internal detail" not in response.text


def test_neo4j_down_is_a_quick_503() -> None:
    dead = connect(ConnectionSettings(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x", "neo4j"))
    try:
        client = client_for(dead, "wg_whatever")
        started = time.monotonic()
        response = client.get("/wijken.json")
        assert time.monotonic() - started < 5
        body = problem(response)
        assert response.status_code == 503 and body["title"] == "Neo4j is niet bereikbaar"
        assert body["detail"].startswith("De database is niet bereikbaar, dus wijkgraph kan nu niet antwoorden.")
        assert body["detail"].endswith("Neo4j is not reachable at " + dead.settings.uri + ". Start the local one "
                                       "with `wijkgraph neo4j start`.")
    finally:
        dead.close()


def test_login_sets_a_strict_httponly_session(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store)
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert problem(client.get("/index.json"))["status"] == 401
    bad = log_in(client, "wg_wrong")
    assert bad.status_code == 401 and "Dat token is niet geldig." in bad.text
    good = log_in(client, tokens["coordinator"], "//evil.example/")
    assert good.status_code == 303 and good.headers["location"] == "/"
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert tokens["coordinator"] not in good.headers["set-cookie"]
    assert client.get("/me.json").json()["name"] == "test-coordinator"
    client.post("/logout", data={"csrf_token": csrf_token_of(client.get("/me"))})
    assert problem(client.get("/me.json"))["status"] == 401
    # A forged cookie is refused.
    client.cookies.set(auth.SESSION_COOKIE, "dGVzdC1hZG1pbnw5OTk5OTk5OTk5fGZvcmdlZA==")
    assert problem(client.get("/me.json"))["status"] == 401


def test_users_tokens_are_stored_hashed_and_can_be_disabled(store: Store, tokens: dict[str, str]) -> None:
    stored = store.read("MATCH (u:User) RETURN u.token_hash AS hash")
    assert len(stored) == 4 and all(len(row["hash"]) == 64 for row in stored)
    assert not any(token in str(stored) for token in tokens.values())
    client = client_for(store, tokens["analyst"])
    assert client.get("/me.json").status_code == 200
    assert auth.disable_user(store, "test-analyst")
    assert problem(client_for(store, tokens["analyst"]).get("/me.json"))["status"] == 401
    with pytest.raises(auth.AuthError, match="Unknown role"):
        auth.add_user(store, "x", "boss")
    with pytest.raises(auth.AuthError, match="Unknown team"):
        auth.add_user(store, "x", "professional", teams=["T-NONE"])
    with pytest.raises(auth.AuthError, match="choose at least one team or wijk"):
        auth.add_user(store, "x", "coordinator")
    with pytest.raises(auth.AuthError, match="already exists"):
        auth.add_user(store, "test-admin", "admin")


def test_a_token_is_looked_up_once_per_cache_period_and_disabling_ends_it_at_once(
        store: Store, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[str] = []
    real = auth._user_by_hash
    monkeypatch.setattr(auth, "_user_by_hash", lambda st, digest: lookups.append(digest) or real(st, digest))
    auth.forget_cached_users()
    client = client_for(store, tokens["analyst"])
    assert [client.get("/me.json").status_code for _ in range(3)] == [200, 200, 200]
    assert len(lookups) == 1
    monkeypatch.setattr(auth, "TOKEN_CACHE_SECONDS", 0.0)  # the period has passed: the next request looks up again
    assert client.get("/me.json").status_code == 200
    assert len(lookups) == 2
    monkeypatch.setattr(auth, "TOKEN_CACHE_SECONDS", 3600.0)
    assert auth.disable_user(store, "test-analyst")
    assert problem(client.get("/me.json"))["status"] == 401
    assert len(lookups) == 3


def test_demo_users_one_per_role(store: Store, tokens: dict[str, str]) -> None:
    demo = auth.create_demo_users(store)
    assert set(demo) == set(auth.ROLES)
    for role, token in demo.items():
        me = client_for(store, token).get("/me.json").json()
        assert me["role"] == role and me["name"] == f"demo-{role}"
    assert client_for(store, demo["professional"]).get("/me.json").json()["scope"] == [WIJK_IN]


def test_openapi_lists_the_json_twins(store: Store) -> None:
    spec = client_for(store).get("/api/openapi.json").json()
    assert "/wijken/{code}.json" in spec["paths"] and "/analyses/{name}.csv" in spec["paths"]
    assert "/wijken/{code}" not in spec["paths"]


def test_users_add_and_serve_commands(store: Store) -> None:
    import os
    import subprocess
    import sys

    import httpx
    from web_support import free_port as web_port

    load_test_world(store)
    done = subprocess.run([sys.executable, "-m", "api", "users", "add", "kees", "--role", "professional", "--team",
                           "T-NOORD"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    token = next(word for word in done.stdout.split() if word.startswith(auth.TOKEN_PREFIX))
    assert auth.user_by_token(store, token).scope == {WIJK_IN}
    again = subprocess.run([sys.executable, "-m", "api", "users", "add", "kees", "--role", "admin"],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "Gebruiker 'kees' bestaat al" in again.stderr  # the CLI speaks Dutch
    port = web_port()
    server = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)], env={**os.environ},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
                time.sleep(0.3)
        assert health.text == "ok"
        me = httpx.get(f"http://127.0.0.1:{port}/me.json", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["name"] == "kees" and me["role"] == "professional"
    finally:
        server.terminate()
        server.wait(timeout=20)
