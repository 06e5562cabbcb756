"""The role matrix: each role sees exactly what it may over every household-level endpoint, and every read of
household-level data is in the audit log (DESIGN.md section 7)."""

from __future__ import annotations

import json

import pytest
from web_support import FOREIGN, IN_SCOPE, OUT_OF_SCOPE, WIJK_IN, WIJK_OUT, client_for, load_test_world

from api import audit
from graph.store import Store
from queries.analyses import ANALYSES

# Aliases of members and informal contacts in tests/data/households.json and foreign_households.json.
IN_SCOPE_ALIASES = ("Ouder 1", "Kind 1", "Oma")  # of the members and informal contact of HH-T-0001
ALIASES = (*IN_SCOPE_ALIASES, "Ouder Zuid")  # and of HH-T-0003 (tests/data/foreign_households.json)
OK, DENIED, NO_REASON = 200, 403, 400
P, C, A, ADMIN = "professional", "coordinator", "analyst", "admin"
# Thresholds low enough that the foreign household (FOREIGN, 3 helpers of 2 organisations) is in the answer.
ANALYSIS_QUERY = {"too_many_helpers": "max_helpers=1", "shared_households": "min_shared=1"}
# The wijk-limited analyses whose unlimited answer has rows outside the coordinator's wijk in the test world, so
# that the coordinator's check below can fail for them. Brokers is not here: WIJK_OUT's network has no broker.
REACHES_OUTSIDE = {"missing_expertise", "gaps", "overlapping_helpers", "too_many_helpers", "multiple_coordinators",
                   "shared_households", "network_summary", "isolated_partners", "bridging_organisations"}


def household_endpoints() -> list[tuple[str, dict[str, int]]]:
    """(path, expected status per role) for every household-level endpoint."""
    def everyone(status: int = OK) -> dict[str, int]:
        return {P: status, C: status, A: OK, ADMIN: OK}

    rows = [
        (f"/wijken/{WIJK_IN}/households.json", everyone()),
        (f"/wijken/{WIJK_OUT}/households.json", everyone(DENIED)),
        (f"/households/{IN_SCOPE}.json?reason=casusoverleg", everyone()),
        (f"/households/{IN_SCOPE}.json", everyone(NO_REASON)),
        (f"/households/{OUT_OF_SCOPE}.json?reason=casusoverleg", everyone(DENIED)),
        (f"/households/{IN_SCOPE}/ecogram.json?reason=casusoverleg&compare=2025-05-01", everyone()),
        (f"/households/{IN_SCOPE}/ecogram.json", everyone(NO_REASON)),
        (f"/households/{OUT_OF_SCOPE}/ecogram.json?reason=casusoverleg", everyone(DENIED)),
    ]
    for name in ANALYSES:
        if not ANALYSES[name].access.household_level:
            continue
        if name in ("ecogram", "ecogram_change"):
            rows.append((f"/analyses/{name}.json?household={IN_SCOPE}&reason=x", {P: DENIED, C: OK, A: OK, ADMIN: OK}))
            rows.append((f"/analyses/{name}.json?household={OUT_OF_SCOPE}&reason=x",
                         {P: DENIED, C: DENIED, A: OK, ADMIN: OK}))
            continue
        query = ANALYSIS_QUERY.get(name)
        path = f"/analyses/{name}.json" + (f"?{query}&" if query else "?")
        rows.append((path.rstrip("?&"), {P: DENIED, C: OK, A: OK, ADMIN: OK}))
        rows.append((f"{path}wijk={WIJK_IN}", {P: DENIED, C: OK, A: OK, ADMIN: OK}))
        rows.append((f"{path}wijk={WIJK_OUT}", {P: DENIED, C: DENIED, A: OK, ADMIN: OK}))
    rows += [
        ("/audit.json", {P: DENIED, C: DENIED, A: DENIED, ADMIN: OK}),
        ("/users.json", {P: DENIED, C: DENIED, A: DENIED, ADMIN: OK}),
    ]
    return rows


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def outside_scope(path: str, items: list[dict]) -> list[str]:
    """What of an analysis's rows lies outside the coordinator's wijk: other wijken (a row's ``wijk``, or a
    bridging organisation's ``wijk_codes``) and households other than IN_SCOPE (the analysis's household columns)."""
    name = path.removeprefix("/analyses/").partition(".")[0]
    wijken = {row.get("wijk") for row in items} | {code for row in items for code in row.get("wijk_codes", [])}
    households = ANALYSES[name].access.households_in(items)
    return sorted((wijken - {None, WIJK_IN}) | (households - {IN_SCOPE}))


def test_role_matrix(store: Store) -> None:
    tokens = load_test_world(store, foreign_helpers=True)
    failures = []
    reached: set[str] = set()  # the analyses whose unlimited answer (admin) has rows outside WIJK_IN
    for path, expected in household_endpoints():
        for role, status in expected.items():
            response = client_for(store, tokens[role]).get(path)
            if response.status_code != status:
                failures.append(f"{role} {path}: {response.status_code}, expected {status}: {response.text[:200]}")
                continue
            text = response.text
            if role == A:
                leaked = [alias for alias in ALIASES if alias in text]
                if leaked:
                    failures.append(f"analyst saw aliases {leaked} at {path}")
            if status != OK or not path.startswith("/analyses/") or "household=" in path:
                continue
            outside = outside_scope(path, response.json()["items"])
            if role == C and outside:
                failures.append(f"coordinator saw {outside} at {path}")
            if role == ADMIN and "wijk=" not in path and {WIJK_OUT, FOREIGN} & set(outside):
                reached.add(path.removeprefix("/analyses/").partition(".")[0])
    assert not failures, "\n".join(failures)
    assert reached >= REACHES_OUTSIDE, f"no rows outside {WIJK_IN} to check for {REACHES_OUTSIDE - reached}"


def test_the_sociale_kaart_is_for_every_role(store: Store, tokens: dict[str, str]) -> None:
    for role in (P, C, A, ADMIN):
        client = client_for(store, tokens[role])
        for path in ("/index.json", "/wijken.json", f"/wijken/{WIJK_IN}.json", f"/wijken/{WIJK_OUT}/map.json",
                     f"/contacts.json?wijk={WIJK_IN}", "/analyses/contacts.json?text=jansen"):
            assert client.get(path).status_code == OK, (role, path)
        listed = {item["name"] for item in client.get("/analyses.json").json()["items"]}
        # A professional runs the analyses over the sociale kaart only: who to call, and how fresh it is.
        assert listed == ({"contacts", "freshness"} if role == P else set(ANALYSES))


def test_coverage_and_gaps_on_the_wijk_page_follow_the_role(store: Store, tokens: dict[str, str]) -> None:
    def overview(role: str, wijk: str) -> dict:
        return client_for(store, tokens[role]).get(f"/wijken/{wijk}.json").json()

    assert overview(P, WIJK_IN)["coverage"] is None and overview(P, WIJK_IN)["gaps"] is None
    assert overview(C, WIJK_IN)["coverage"] and overview(C, WIJK_OUT)["coverage"] is None
    assert overview(C, WIJK_OUT)["households"] is None and overview(C, WIJK_IN)["households"] == 1
    assert overview(A, WIJK_OUT)["coverage"] and overview(ADMIN, WIJK_OUT)["gaps"] is not None


def test_aliases_for_others_and_pseudonyms_for_analysts(store: Store, tokens: dict[str, str]) -> None:
    path = f"/households/{IN_SCOPE}.json?reason=casusoverleg"
    admin = client_for(store, tokens[ADMIN]).get(path).json()
    analyst = client_for(store, tokens[A]).get(path).json()
    assert {m["alias"] for m in admin["members"]} == {"Ouder 1", "Kind 1"}
    assert all("alias" not in m for m in analyst["members"] + analyst["informal_contacts"])
    assert [m["id"] for m in analyst["members"]] == [m["id"] for m in admin["members"]]
    ecogram = client_for(store, tokens[A]).get(
        f"/households/{IN_SCOPE}/ecogram.json?on=2025-11-01&compare=2025-05-01").json()
    text = json.dumps(ecogram)
    assert not any(alias in text for alias in ALIASES)
    assert [(tie["ref"], tie["label"]) for tie in ecogram["change"]["lost"]] == [
        ("HH-T-0001-M2", "kind HH-T-0001-M2"), ("HH-T-0001-C1", "familie HH-T-0001-C1")]  # role or kind, and id


def test_every_household_read_is_audited(store: Store, tokens: dict[str, str]) -> None:
    coordinator = client_for(store, tokens[C])
    assert coordinator.get(f"/households/{IN_SCOPE}.json?reason=casusoverleg").status_code == OK
    assert coordinator.get(f"/households/{IN_SCOPE}/ecogram.json",
                           headers={"X-Wijkgraph-Reason": "ondersteuningsplan"}).status_code == OK
    assert coordinator.get(f"/households/{OUT_OF_SCOPE}.json?reason=nieuwsgierig").status_code == DENIED
    assert client_for(store, tokens[A]).get("/analyses/too_many_helpers.json?max_helpers=0").status_code == OK
    assert client_for(store, tokens[P]).get("/contacts.json?wijk=WK990101").status_code == OK  # not household data
    total, entries = audit.query(store, limit=100)
    seen = [(e["user"], e["what"], e["reason"], e["status"], e["households"]) for e in reversed(entries)]
    assert seen == [
        ("test-coordinator", f"household {IN_SCOPE}", "casusoverleg", 200, [IN_SCOPE]),
        ("test-coordinator", f"ecogram of {IN_SCOPE}", "ondersteuningsplan", 200, [IN_SCOPE]),
        ("test-coordinator", f"household {OUT_OF_SCOPE}", "nieuwsgierig", 403, [OUT_OF_SCOPE]),
        ("test-analyst", "analysis too_many_helpers", None, 200, [IN_SCOPE]),
    ]
    admin = client_for(store, tokens[ADMIN])
    mine = admin.get("/audit.json?user=test-coordinator").json()
    assert mine["total"] == 3 and all(item["user"] == "test-coordinator" for item in mine["items"])
    assert admin.get(f"/audit.json?household={OUT_OF_SCOPE}").json()["total"] == 1
    assert admin.get("/audit.json?since=2999-01-01").json()["total"] == 0
    # Append-only through the API: nothing changes or removes an entry.
    for method in ("post", "put", "patch", "delete"):
        assert getattr(admin, method)("/audit.json").status_code == 405
    assert audit.query(store)[0] == total


def test_audit_command(store: Store, tokens: dict[str, str]) -> None:
    import os
    import subprocess
    import sys

    client_for(store, tokens[C]).get(f"/households/{IN_SCOPE}.json?reason=casusoverleg")
    done = subprocess.run([sys.executable, "-m", "api", "audit", "--user", "test-coordinator"], capture_output=True,
                          text=True, env={**os.environ, "COLUMNS": "200"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "casusoverleg" in done.stdout and IN_SCOPE in done.stdout
    done = subprocess.run([sys.executable, "-m", "api", "audit", "--since", "gisteren"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and "--since moet een datum JJJJ-MM-DD zijn" in done.stderr  # the CLI speaks Dutch
