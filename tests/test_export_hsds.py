"""The sociale kaart as HSDS 3.0 (wijkgraph export hsds, /exports/sociale-kaart.hsds.*): tabular JSON keyed by the
spec's CSV file names and a CSV data package, every row valid against the HSDS 3.0 constraints
(importers/hsds_spec.py, with formats), and an HSDS data set that goes out and back in is the same graph."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import wipe
from db_counts import graph_snapshot
from jsonschema import Draft202012Validator
from web_support import WIJK_IN, client_for, load_test_world

from api.cli.root import build_command
from graph import schema
from graph.store import Store
from importers.hsds import import_hsds
from importers.hsds_out import hsds_id
from importers.hsds_spec import SPEC_BY_RESOURCE, SPEC_TABLES, format_checker
from importers.hsds_tables import TABLES as READ_TABLES

DATA = Path(__file__).parent / "data"
ORG_1, ORG_2 = "6f0c7e1a-1c2b-4d3e-8f40-5a6b7c8d9e01", "6f0c7e1a-1c2b-4d3e-8f40-5a6b7c8d9e02"
SVC_1, SVC_2, SVC_3 = ("0b5a2c7e-3d4f-4a1b-9c2d-0e1f2a3b4c01", "0b5a2c7e-3d4f-4a1b-9c2d-0e1f2a3b4c02",
                       "0b5a2c7e-3d4f-4a1b-9c2d-0e1f2a3b4c03")
CONTACTS = ("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01", "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b02",
            "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b03")
# An HSDS 3.0 data set in the official tabular shape, written for this test: GGZ in wijk Noord, debt help city-wide,
# an inactive service, and a contact of an organisation without a service.
ORIGINAL = {
    "organizations.csv": [
        {"id": ORG_1, "name": "Stichting Kompas", "description": "GGZ en inloop", "website": "https://kompas.example",
         "email": "info@kompas.example"},
        {"id": ORG_2, "name": "Schuldhulp Testgemeente", "description": "Schuldhulpverlening"}],
    "services.csv": [
        {"id": SVC_1, "organization_id": ORG_1, "name": "Ambulante begeleiding", "status": "active"},
        {"id": SVC_2, "organization_id": ORG_2, "name": "Schuldhulpverlening", "status": "active"},
        {"id": SVC_3, "organization_id": ORG_1, "name": "Inloop", "status": "inactive"}],
    "service_areas.csv": [
        {"id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a01", "service_id": SVC_1, "name": WIJK_IN},
        {"id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a02", "service_id": SVC_2, "name": "GM9901"}],
    "contacts.csv": [
        {"id": CONTACTS[0], "service_id": SVC_1, "name": "Mira Kok", "title": "sociaal psychiatrisch verpleegkundige",
         "email": "mira@kompas.example"},
        {"id": CONTACTS[1], "service_id": SVC_2, "name": "Tom de Vries", "title": "schuldhulpverlener"},
        {"id": CONTACTS[2], "organization_id": ORG_1, "name": "Receptie Kompas"}],
    "phones.csv": [{"id": "7a6b5c4d-3e2f-4a1b-8c0d-9e8f7a6b5c01", "contact_id": CONTACTS[0], "number": "070 123 4567"}],
    "taxonomy_terms.csv": [{"id": "3c2b1a0f-9e8d-4c7b-8a69-5f4e3d2c1b01", "code": "GGZ",
                            "name": "Geestelijke gezondheidszorg", "description": "GGZ"}],
    "attributes.csv": [{"id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01", "link_id": SVC_1, "link_entity": "service",
                        "link_type": "service_type", "taxonomy_term_id": "3c2b1a0f-9e8d-4c7b-8a69-5f4e3d2c1b01"}],
}
IGNORE = ("lastupdated", "firstseen", "source")  # when and by which file it was written: not the graph


def assert_valid_hsds(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Every row valid against its table's HSDS 3.0 constraints (formats too); ids unique; references resolve."""
    assert list(tables) == [spec.path for spec in SPEC_TABLES]
    ids = {spec.resource: {row["id"] for row in tables[spec.path]} for spec in SPEC_TABLES}
    for spec in SPEC_TABLES:
        validator = Draft202012Validator(spec.json_schema(), format_checker=format_checker())
        for row in tables[spec.path]:
            assert not list(validator.iter_errors(row)), (spec.path, row)
            for field, target in spec.foreign_keys.items():
                assert field not in row or row[field] in ids[target], (spec.path, row, field)
        assert len(ids[spec.resource]) == len(tables[spec.path])


def test_the_importer_reads_what_the_export_writes() -> None:
    """The export's tables are the importer's (importers/hsds_tables.py): the same files, and every field written is
    read, but three annotations."""
    read = {table.resource: table for table in READ_TABLES}
    for spec in SPEC_TABLES:
        assert spec.path == read[spec.resource].path
        assert set(spec.fields) - set(read[spec.resource].fields) == {
            "service_area": {"description"}, "taxonomy_term": {"description"}, "attribute": {"link_type"}}.get(
            spec.resource, set()), spec.resource


def test_the_sociale_kaart_as_valid_hsds(store: Store) -> None:
    tokens = load_test_world(store, foreign_helpers=True)
    client = client_for(store, tokens["professional"])
    answer = client.get("/exports/sociale-kaart.hsds.json", params={"on": "2026-06-01"})
    assert answer.status_code == 200, answer.text
    tables = answer.json()
    assert_valid_hsds(tables)
    organisations = {row["name"]: row for row in tables["organizations.csv"]}
    assert sorted(organisations) == ["GGZ Test", "Huisartsenpraktijk Noord", "Welzijn Test"]
    assert organisations["GGZ Test"] == {"id": hsds_id("organization", "ORG-GGZ"), "name": "GGZ Test",
                                         "description": "", "website": "https://ggz.example"}
    contacts = {row["name"]: row for row in tables["contacts.csv"]}
    assert sorted(contacts) == ["Anna Jansen", "Chris Bakker", "Dewi Smit", "Dr. Bram de Wit"]  # Eva: no employer
    services = {row["id"]: row for row in tables["services.csv"]}
    chris = services[contacts["Chris Bakker"]["service_id"]]
    assert (chris["name"], chris["organization_id"]) == ("GGZ", organisations["GGZ Test"]["id"])
    areas = [row["name"] for row in tables["service_areas.csv"] if row["service_id"] == chris["id"]]
    assert areas == ["GM9901"]
    terms = {row["id"]: row["code"] for row in tables["taxonomy_terms.csv"]}
    assert sorted(terms.values()) == ["GGZ", "SCHULDEN"]
    assert [terms[row["taxonomy_term_id"]] for row in tables["attributes.csv"] if row["link_id"] == chris["id"]] == [
        "GGZ"]
    assert {row["number"] for row in tables["phones.csv"]} == {"0611111111", "0622222222", "0633333333"}
    text = json.dumps(tables)
    assert "HH-T-" not in text and "Oma" not in text  # no household data


def test_the_data_package_holds_the_same_tables(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["coordinator"])
    tables = client.get("/exports/sociale-kaart.hsds.json", params={"wijk": WIJK_IN}).json()
    answer = client.get("/exports/sociale-kaart.hsds.zip", params={"wijk": WIJK_IN})
    assert answer.headers["content-disposition"] == f'attachment; filename="sociale-kaart-{WIJK_IN}.hsds.zip"'
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    package = json.loads(archive.read("datapackage.json"))
    assert (package["profile"], package["version"]) == ("tabular-data-package", "3.0")
    assert sorted(archive.namelist()) == sorted(["datapackage.json", *tables])
    for resource in package["resources"]:
        spec = SPEC_BY_RESOURCE[resource["name"]]
        assert resource["path"] == spec.path and resource["profile"] == "tabular-data-resource"
        assert [field["name"] for field in resource["schema"]["fields"]] == list(spec.fields)
        reader = csv.DictReader(io.StringIO(archive.read(spec.path).decode("utf-8")))
        assert reader.fieldnames == list(spec.fields)
        assert [{key: value for key, value in row.items() if value or key in spec.required} for row in reader] == (
            tables[spec.path])


def load_areas(store: Store, source: str) -> None:
    """Only the municipality and its wijken, which the data set's service areas name."""
    if source == "ours":  # the test kaart's
        store.write("CREATE (m:Municipality {code: 'GM9901', name: 'Testgemeente'}) "
                    "CREATE (:Wijk {code: 'WK990101', name: 'Noord'})-[:IN_MUNICIPALITY]->(m) "
                    "CREATE (:Wijk {code: 'WK990102', name: 'Zuid'})-[:IN_MUNICIPALITY]->(m)")
    else:  # Zoetermeer, where the HSDS import's fixtures (tests/test_import_hsds_shapes.py) work
        store.write("CREATE (m:Municipality {code: 'GM0637', name: 'Zoetermeer'}) "
                    "CREATE (:Wijk {code: 'WK063701', name: 'Meerzicht'})-[:IN_MUNICIPALITY]->(m) "
                    "CREATE (:Wijk {code: 'WK063702', name: 'Oosterheem'})-[:IN_MUNICIPALITY]->(m)")


def export_with_the_cli(out: Path, form: str) -> None:
    done = CliRunner().invoke(build_command(), ["export", "hsds", str(out), "--format", form])
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize(("source", "form"), [
    ("ours", "json"), ("ours", "csv"), ("hsds-tabular-3.0/sociale-kaart.json", "json"), ("hsds-csv-3.0", "csv")])
def test_an_hsds_data_set_goes_out_and_back_in_as_the_same_graph(store: Store, tmp_path: Path, source: str,
                                                                 form: str) -> None:
    """Ours (UUID ids) and the HSDS import's own fixtures in official shapes (ids like org-1): imported, exported,
    imported into an empty database: the same nodes, relationships and properties."""
    load_areas(store, source)
    if source == "ours":
        original = tmp_path / "original.json"
        original.write_text(json.dumps(ORIGINAL), encoding="utf-8")
    else:
        original = DATA / source
    import_hsds(store, original)
    before = graph_snapshot(store, IGNORE)
    assert sum("['Professional']" in line for line in before["nodes"]) >= 3
    exported = tmp_path / ("export.json" if form == "json" else "export")
    export_with_the_cli(exported, form)
    wipe(store)
    schema.apply(store)
    load_areas(store, source)
    import_hsds(store, exported)
    assert graph_snapshot(store, IGNORE) == before
