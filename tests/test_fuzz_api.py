"""API fuzzing (issue 7 item 3): schemathesis generates requests from the app's own OpenAPI document and sends them
to the ASGI app directly (no server), with a valid token for each role, against the small test world in a real
Neo4j. Every response must be no 5xx and must match the document: documented status code, content type, schema.
The document holds the JSON writes of issue 16 too (edits, verification, links, registrations, users), so their
bodies are generated for every role as well (test_every_json_write_is_fuzzed); the pages' forms are covered by the
role matrix (tests/test_upkeep_roles.py).

The examples per operation and role are few (CI time); each one talks to Neo4j.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.specs.openapi.checks import response_schema_conformance
from test_upkeep_roles import write_routes
from web_support import LOCAL, load_test_world

from api import auth
from api.app import create_app
from graph import schema as graph_schema
from graph.store import Store

EXAMPLES = 10
# Checked: no 5xx, documented status codes, content types, headers (Allow on 405) and response schemas (each JSON
# answer's fields, types and enums: issue 19), rejection of
# schema-invalid requests. Not checked: schemathesis's "positive data acceptance", which expects every schema-valid
# request to succeed; here a well-formed but unknown wijk code, analysis name or expertise is rightly a 400/404 with
# a problem detail (documented), which that check counts as a rejection.
_current: dict[str, Store] = {}
APP = create_app(lambda: _current["store"])
LOOPBACK_HOST = {"Host": "127.0.0.1"}  # schemathesis's ASGI client says "testserver", a host the app does not serve
SCHEMA = schemathesis.openapi.from_asgi("/api/openapi.json", APP, headers=LOOPBACK_HOST)
TOKENS: dict[str, str] = {}
CASES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def world(session_store: Store) -> Iterator[None]:
    """The test world, loaded once for the module. The writes change it as they go (records added, users disabled);
    the role's own users keep their tokens, as no generated name is one of theirs."""
    from conftest import wipe

    wipe(session_store)
    graph_schema.apply(session_store)
    TOKENS.update(load_test_world(session_store))
    _current["store"] = session_store
    yield
    _current.clear()
    print(f"\nfuzz cases run: {sum(CASES.values())} over {len(CASES)} operation-role pairs")


@pytest.mark.parametrize("role", auth.ROLES)
@SCHEMA.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case, role: str) -> None:
    CASES[f"{case.operation.label} as {role}"] += 1
    # response_schema_conformance named: the answers' content against their response models (api/web/schemas.py)
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKENS[role]}", **LOOPBACK_HOST},
                           additional_checks=[response_schema_conformance], excluded_checks=[positive_data_acceptance])


@pytest.mark.parametrize(("url", "detail"), [
    ("/wijken.json?page=184467440737095518", "page mag hoogstens 1000000 zijn, niet 184467440737095518."),
    ("/wijken.csv?page=42949673", "page mag hoogstens 1000000 zijn, niet 42949673."),
    ("/analyses/too_many_helpers.json?max_helpers=99999999999999999999",
     "Analyse 'too_many_helpers': max_helpers mag hoogstens 1000000 zijn, niet '99999999999999999999'."),
    ("/analyses/brokers.json?top=9223372036854775808",
     "Analyse 'brokers': top mag hoogstens 1000000 zijn, niet '9223372036854775808'."),
])
def test_numbers_beyond_neo4j_integers_are_a_400_not_a_500(url: str, detail: str) -> None:
    """What the fuzzing found: a huge page or number parameter overflowed Neo4j's integers (a 500)."""
    from fastapi.testclient import TestClient

    client = TestClient(APP, raise_server_exceptions=False, base_url=LOCAL)
    response = client.get(url, headers={"Authorization": f"Bearer {TOKENS['admin']}"})
    assert (response.status_code, response.json()["detail"]) == (400, detail)


def test_405_names_the_allowed_methods() -> None:
    """What the fuzzing found: a 405 lost its Allow header (RFC 9110) in the problem-detail handler."""
    from fastapi.testclient import TestClient

    response = TestClient(APP, base_url=LOCAL).request("PUT", "/audit.json")
    assert (response.status_code, response.headers["allow"]) == (405, "GET")


def test_every_json_write_is_fuzzed() -> None:
    """Every JSON write route (issue 16: PUT and POST ``.json``) is an operation of the OpenAPI document, so the fuzz
    test above generates its bodies for every role; a write route missing from the document would escape it."""
    documented = {(operation.method.upper(), operation.path)
                  for operation in (result.ok() for result in SCHEMA.get_all_operations())}
    writes = {(method, path) for method, path in write_routes() if path.endswith(".json")}
    assert len(writes) >= 13 and writes <= documented, sorted(writes - documented)
