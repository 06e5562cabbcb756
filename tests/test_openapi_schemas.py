"""The OpenAPI document is typed (issue 19, finding 1): every success answer has a schema that states its fields (a
JSON twin answering ``{}`` would not match it), every CSV twin names its columns, and real answers of the test world,
for every role, match the document's schemas (with jsonschema, as schemathesis checks them in test_fuzz_api.py)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import Any

import jsonschema
import pytest
from web_support import IN_SCOPE, WIJK_IN, client_for, load_test_world

from api import auth
from api.app import create_app
from api.xlsx import XLSX_TYPE as XLSX
from graph.store import Store
from queries.analyses import ANALYSES

SPEC: dict[str, Any] = create_app(lambda: None).openapi()  # type: ignore[arg-type,return-value]
HOUSEHOLD_READ = "reason=casusoverleg"


def _schema(ref_or_schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with the document's components beside it, so that its ``$ref``s resolve."""
    return {**ref_or_schema, "components": SPEC["components"]}


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return SPEC["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def success_answers() -> list[tuple[str, str, dict[str, Any]]]:
    """(path, media type, schema) of every operation's 200 answer."""
    return [(path, media, content["schema"]) for path, operations in SPEC["paths"].items()
            for operation in operations.values()
            for media, content in operation["responses"].get("200", {}).get("content", {}).items()]


def test_every_success_answer_states_its_content() -> None:
    """No bare "object" or "string": a JSON answer names its required fields; a CSV names its columns; /health
    answers "ok" only."""
    answers = success_answers()
    # The JSON twins and the answers of changes, CSV and XLSX twins, 4 export files, /health: a new answer adds here.
    assert Counter(media for _, media, _ in answers) == {
        "application/json": 38, "text/csv": 8, XLSX: 8, "text/plain": 1, "application/graphml+xml": 1,
        "application/gexf+xml": 1, "application/zip": 1}
    for path, media, schema in answers:
        if media == "application/json":
            model = _resolved(schema)
            assert model.get("required") and model.get("properties"), path
            with pytest.raises(jsonschema.ValidationError):  # the empty answer of a broken twin
                jsonschema.validate({}, _schema(schema))
        elif media in ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
            assert "column" in schema.get("description", ""), path
        elif path.startswith("/exports/"):  # GraphML, GEXF, a ZIP of HSDS CSV files (api/web/exports.py)
            assert schema.get("description") and media in ("application/graphml+xml", "application/gexf+xml",
                                                            "application/zip"), path
        else:
            assert (path, media, schema) == ("/health", "text/plain", {"type": "string", "enum": ["ok"]})


def test_enumerations_come_from_the_model() -> None:
    schemas = SPEC["components"]["schemas"]
    assert schemas["User"]["properties"]["role"]["enum"] == list(auth.ROLES)
    assert schemas["GapRow"]["properties"]["kind"]["enum"][:2] == ["no_team", "empty_group"]
    assert schemas["CoverageRow"]["properties"]["coverage"]["enum"] == ["missing", "thin", "fly_in", "in_network",
                                                                        "in_team"]
    assert schemas["AnalysisInfo"]["properties"]["name"]["enum"] == list(ANALYSES)


def test_error_answers_are_problem_details() -> None:
    for path, operations in SPEC["paths"].items():
        for code, answer in (item for operation in operations.values() for item in operation["responses"].items()):
            if code.startswith(("4", "5")) and code != "422":
                schema = answer["content"]["application/problem+json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}, (path, code)
    problem = SPEC["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail"]


def _urls() -> list[str]:
    urls = ["/index.json", "/me.json", "/wijken.json", f"/wijken/{WIJK_IN}.json", f"/wijken/{WIJK_IN}/map.json",
            f"/wijken/{WIJK_IN}/households.json", f"/households/{IN_SCOPE}.json?{HOUSEHOLD_READ}",
            f"/households/{IN_SCOPE}/ecogram.json?{HOUSEHOLD_READ}&compare=2025-05-01",
            f"/contacts.json?wijk={WIJK_IN}", "/organisations/ORG-GGZ.json", "/analyses.json", "/audit.json",
            "/users.json", "/wijken/WK000000.json", "/households/HH-NONE.json?reason=x"]
    for name, analysis in ANALYSES.items():
        needs = {param.name for param in analysis.params}
        urls.append(f"/analyses/{name}.json" + (f"?household={IN_SCOPE}&{HOUSEHOLD_READ}" if "household" in needs
                                                 else ""))
    return urls


def _operation(url: str) -> dict[str, Any]:
    path = url.split("?")[0]
    for pattern, operations in SPEC["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", pattern), path):
            return operations["get"]
    raise AssertionError(f"{url} is not in the document")


def test_real_answers_match_the_document_for_every_role(store: Store) -> None:
    tokens = load_test_world(store)
    seen: dict[str, list[int]] = {}
    for role in auth.ROLES:
        client = client_for(store, tokens[role])
        for url in _urls():
            response = client.get(url)
            media = response.headers["content-type"].split(";")[0]
            schema = _operation(url)["responses"][str(response.status_code)]["content"][media]["schema"]
            jsonschema.validate(response.json(), _schema(schema))
            seen.setdefault(role, []).append(response.status_code)
    assert seen["admin"].count(200) == len(_urls()) - 2 and seen["admin"].count(404) == 2
    # No analysis but those over the sociale kaart, no audit log, no users, and an unknown household is refused as
    # one outside their wijken.
    kaart_only = [name for name, analysis in ANALYSES.items() if "professional" in analysis.access.roles]
    assert sorted(kaart_only) == ["contacts", "freshness"]
    assert seen["professional"].count(403) == len(ANALYSES) - len(kaart_only) + 3
    everything = len(_urls())
    assert {role: codes.count(200) for role, codes in seen.items()} == {  # the rest are 403s and 404s (validated)
        "professional": 13, "coordinator": everything - 4, "analyst": everything - 4, "admin": everything - 2}


def test_csv_twins_have_the_documented_columns(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["admin"])
    client.get("/index.json")  # an audit entry at least
    for url in ("/wijken.csv", f"/wijken/{WIJK_IN}/households.csv", f"/contacts.csv?wijk={WIJK_IN}", "/audit.csv"):
        response = client.get(url)
        header = next(csv.reader(io.StringIO(response.text)))
        description = _operation(url)["responses"]["200"]["content"]["text/csv"]["schema"]["description"]
        documented = description.rsplit(": ", 1)[1].split(",")
        assert response.status_code == 200 and header and set(header) <= set(documented), (url, header, documented)
