"""HSDS as published: every shape of the spec (tabular JSON of 3.0 and 3.1, a CSV data package, a folder of CSV
files, API-shaped objects and paginated lists) imports into the same graph; shapes that are none of these are named.

The fixtures in tests/data/hsds-* are ours (invented Zoetermeer organisations), written in each official shape.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from db_counts import graph_counts

from graph.store import Store
from importers.hsds import import_hsds
from importers.options import ImportOptions
from importers.problems import ImportRefused

SKIPPED_30 = ("tables not read, wijkgraph has no place for them: schedule")
META = "meta tables skipped: meta_table_description, metadata (they describe the data set, not services)"
WORLD = {"Organisation": 2, "Professional": 4, "EMPLOYED_BY": 4, "OFFERS": 3, "HAS_EXPERTISE": 4, "WORKS_IN": 3}
ORGANISATIONS = [
    {"id": "hsds:org-1", "name": "Stichting Welzijn Meerzicht", "scope": "wijk", "phone": "079 200 1000",
     "e164": "+31792001000", "offers": ["OUDEREN"]},
    {"id": "hsds:org-2", "name": "GGZ Zoetermeer Ambulant", "scope": "stedelijk", "phone": None, "e164": None,
     "offers": ["GGZ", "LVB"]},
]
PROFESSIONALS = [
    {"id": "hsds:c-1", "name": "Fatima Yilmaz", "phone": "06 1234 5601", "e164": "+31612345601",
     "employer": "hsds:org-1", "expertise": ["OUDEREN"], "work": ["WK063701 B"]},
    {"id": "hsds:c-2", "name": "Drs. Pieter van Dijk", "phone": "+31 6 2345 6702", "e164": "+31623456702",
     "employer": "hsds:org-2", "expertise": ["GGZ", "LVB"], "work": ["WK063702 B"]},
    {"id": "hsds:c-3", "name": "Sanne Visser", "phone": None, "e164": None, "employer": "hsds:org-2",
     "expertise": [], "work": []},
    {"id": "hsds:c-4", "name": "Noor de Graaf", "phone": None, "e164": None, "employer": "hsds:org-2",
     "expertise": ["GGZ"], "work": ["GM0637 D"]},
]


@pytest.fixture
def zoetermeer(store: Store) -> Store:
    """Zoetermeer with the wijken Meerzicht and Oosterheem, where the fixtures' services work."""
    store.write(
        "CREATE (m:Municipality {code: 'GM0637', name: 'Zoetermeer'}) "
        "CREATE (:Wijk {code: 'WK063701', name: 'Meerzicht'})-[:IN_MUNICIPALITY]->(m) "
        "CREATE (:Wijk {code: 'WK063702', name: 'Oosterheem'})-[:IN_MUNICIPALITY]->(m)")
    return store


def organisations(store: Store) -> list[dict[str, Any]]:
    return store.read(
        "MATCH (o:Organisation) WHERE o.id STARTS WITH 'hsds:' OPTIONAL MATCH (o)-[:OFFERS]->(e:Expertise) "
        "WITH o, e ORDER BY e.code RETURN o.id AS id, o.name AS name, o.scope AS scope, o.phone AS phone, "
        "o.phone_e164 AS e164, collect(e.code) AS offers ORDER BY id")


def professionals(store: Store) -> list[dict[str, Any]]:
    return store.read(
        "MATCH (p:Professional)-[:EMPLOYED_BY]->(o:Organisation) WHERE p.id STARTS WITH 'hsds:' "
        "OPTIONAL MATCH (p)-[:HAS_EXPERTISE]->(e:Expertise) WITH p, o, e ORDER BY e.code "
        "WITH p, o, collect(e.code) AS expertise OPTIONAL MATCH (p)-[w:WORKS_IN]->(area) "
        "WITH p, o, expertise, area.code + ' ' + w.group AS work ORDER BY work "
        "RETURN p.id AS id, p.name AS name, p.phone AS phone, p.phone_e164 AS e164, o.id AS employer, expertise, "
        "collect(work) AS work ORDER BY id")


def refused(store: Store, path: Path, **options: Any) -> list[str]:
    before = graph_counts(store)
    with pytest.raises(ImportRefused) as error:
        import_hsds(store, path, **options)
    assert graph_counts(store) == before, "a refused file must write nothing"
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize(("shape", "notices"), [
    ("hsds-tabular-3.0/sociale-kaart.json", ["read as tabular JSON, HSDS 3 (no version given)", META, SKIPPED_30]),
    ("hsds-tabular-3.1/sociale-kaart.json", ["read as tabular JSON, HSDS 3.1", META, "tables not read, wijkgraph "
                                             "has no place for them: schedule, service_capacity, unit, url"]),
    ("hsds-package-3.1", ["read as CSV data package, HSDS 3.1", META, "tables not read, wijkgraph has no place for "
                                                                      "them: schedule, service_capacity, unit, url"]),
    ("hsds-csv-3.0", ["read as CSV files, HSDS 3 (no version given)", META, SKIPPED_30]),
])
def test_every_tabular_shape_gives_the_same_graph(zoetermeer: Store, data_dir: Path, shape: str,
                                                  notices: list[str]) -> None:
    result = import_hsds(zoetermeer, data_dir / shape)
    assert result.rejected == 0 and result.notices == notices
    assert graph_counts(zoetermeer, result.source) == WORLD
    assert organisations(zoetermeer) == ORGANISATIONS
    assert professionals(zoetermeer) == PROFESSIONALS


def only(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return [row for row in rows if row["id"] in keys]


@pytest.mark.parametrize(("file", "counts", "orgs", "people", "notices"), [
    ("organization_full.json", {"Organisation": 1, "Professional": 3, "EMPLOYED_BY": 3, "OFFERS": 2,
                                "HAS_EXPERTISE": 3, "WORKS_IN": 2}, ["hsds:org-2"],
     ["hsds:c-2", "hsds:c-3", "hsds:c-4"],
     ["read as API objects, HSDS 3 (no version given)", "tables not read, wijkgraph has no place for them: "
                                                        "funding, program"]),
    ("service_full.json", {"Organisation": 1, "Professional": 1, "EMPLOYED_BY": 1, "OFFERS": 1, "HAS_EXPERTISE": 1,
                           "WORKS_IN": 1}, ["hsds:org-1"], ["hsds:c-1"],
     ["read as API objects, HSDS 3.1", "tables not read, wijkgraph has no place for them: schedule, url"]),
    ("service_at_location_full.json", {"Organisation": 1, "Professional": 1, "EMPLOYED_BY": 1, "OFFERS": 2,
                                       "HAS_EXPERTISE": 2, "WORKS_IN": 1}, ["hsds:org-2"], ["hsds:c-2"],
     ["read as API objects, HSDS 3 (no version given)"]),
    ("service_list.json", {"Organisation": 2, "Professional": 2, "EMPLOYED_BY": 2, "OFFERS": 2, "HAS_EXPERTISE": 2,
                           "WORKS_IN": 2}, ["hsds:org-1", "hsds:org-2"], ["hsds:c-1", "hsds:c-4"],
     ["read as API objects, paginated list, HSDS 3 (no version given)", "tables not read, wijkgraph has no place "
                                                                        "for them: schedule"]),
])
def test_api_shaped_objects_and_lists_give_their_part_of_the_graph(
        zoetermeer: Store, data_dir: Path, file: str, counts: dict[str, int], orgs: list[str], people: list[str],
        notices: list[str]) -> None:
    result = import_hsds(zoetermeer, data_dir / "hsds-api" / file)
    assert result.rejected == 0 and result.notices == notices
    assert graph_counts(zoetermeer, result.source) == counts
    found = organisations(zoetermeer)
    expected = only(ORGANISATIONS, *orgs)
    assert [row["id"] for row in found] == [row["id"] for row in expected]
    assert professionals(zoetermeer) == only(PROFESSIONALS, *people)


@pytest.mark.parametrize(("file", "counts", "organisation"), [
    ("organization_simple.json", {"Organisation": 1}, {"id": "hsds:org-1", "name": "Stichting Welzijn Meerzicht",
                                                       "scope": None, "phone": None, "e164": None, "offers": []}),
    ("service_simple.json", {"Organisation": 1, "OFFERS": 1}, {"id": "hsds:org-2", "name": "GGZ Zoetermeer Ambulant",
                                                               "scope": None, "phone": None, "e164": None,
                                                               "offers": ["GGZ"]}),
])
def test_simple_objects(zoetermeer: Store, data_dir: Path, file: str, counts: dict[str, int],
                        organisation: dict[str, Any]) -> None:
    result = import_hsds(zoetermeer, data_dir / "hsds-api" / file)
    assert result.notices == ["read as API objects, HSDS 3 (no version given)"]
    assert graph_counts(zoetermeer, result.source) == counts
    assert organisations(zoetermeer) == [organisation]


def test_a_page_of_a_list_says_it_is_one(zoetermeer: Store, data_dir: Path) -> None:
    page = import_hsds(zoetermeer, data_dir / "hsds-api" / "organization_list.json")
    assert graph_counts(zoetermeer, page.source) == {"Organisation": 2}
    assert page.notices == [
        "read as API objects, paginated list, HSDS 3 (no version given)",
        "organization_list.json is page 1 of 2 (2 of 3 records): only the records on this page are imported",
    ]


@pytest.mark.parametrize(("document", "expected"), [
    ({"id": "x-1", "colour": "blue"}, "odd.json: cannot tell which HSDS record this is: expected an organization, "
                                      "service or service_at_location object, a list of them, or tabular JSON, got "
                                      "an object with the fields colour, id"),
    ({"total_items": 1, "contents": [{"id": "x-1"}]},
     "odd.json, row contents[0]: cannot tell which HSDS record this is: expected an organization, service or "
     "service_at_location object, a list of them, or tabular JSON, got an object with the fields id"),
    ("organizations", "odd.json: expected an organization, service or service_at_location object, a list of them, "
                      "or tabular JSON, got str"),
    ({"organisations": []}, "odd.json: unknown HSDS table 'organisations'; expected one of accessibility, address, "
                            "attribute, contact, cost_option, funding, language, location, meta_table_description, "
                            "metadata, organization, organization_identifier, phone, program, required_document, "
                            "schedule, service, service_area, service_at_location, service_capacity, taxonomy, "
                            "taxonomy_term, unit, url"),
])
def test_a_shape_that_is_none_of_these_is_named(zoetermeer: Store, tmp_path: Path, document: Any,
                                                expected: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert refused(zoetermeer, path) == [expected]


def broken(tmp_path: Path, data_dir: Path) -> Path:
    """The tabular 3.0 fixture with three broken references."""
    document = json.loads((data_dir / "hsds-tabular-3.0" / "sociale-kaart.json").read_text(encoding="utf-8"))
    document["service"][2]["organization_id"] = "org-9"  # svc-3 goes, and with it c-4 and sa-3
    document["contact"][1]["service_at_location_id"] = "sal-9"  # c-2 goes, and with it ph-2
    document["phone"][2]["organization_id"] = "org-8"
    path = tmp_path / "kaart.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_broken_references_are_named_per_table_and_row(zoetermeer: Store, tmp_path: Path, data_dir: Path) -> None:
    assert refused(zoetermeer, broken(tmp_path, data_dir)) == [
        "kaart.json, row service[2] (svc-3), column organization_id: unknown organization 'org-9': no organization "
        "with this id in the input",
        "kaart.json, row contact[1] (c-2), column service_at_location_id: unknown service_at_location 'sal-9': no "
        "service_at_location with this id in the input",
        "kaart.json, row phone[2] (ph-3), column organization_id: unknown organization 'org-8': no organization with "
        "this id in the input",
    ]


def test_skip_invalid_loads_the_valid_rows_and_names_each_broken_reference(zoetermeer: Store, tmp_path: Path,
                                                                           data_dir: Path) -> None:
    report = tmp_path / "rejected.csv"
    result = import_hsds(zoetermeer, broken(tmp_path, data_dir), ImportOptions(skip_invalid=True, report=report))
    assert result.rejected == 6
    assert graph_counts(zoetermeer, result.source) == {
        "Organisation": 2, "Professional": 2, "EMPLOYED_BY": 2, "OFFERS": 3, "HAS_EXPERTISE": 1, "WORKS_IN": 1}
    assert list(csv.reader(report.open(encoding="utf-8"))) == [
        ["file", "row", "column", "problem"],
        ["kaart.json", "contact[1] (c-2)", "service_at_location_id",
         "unknown service_at_location 'sal-9': no service_at_location with this id in the input"],
        ["kaart.json", "contact[3] (c-4)", "service_id", "refers to service 'svc-3', whose row was rejected"],
        ["kaart.json", "phone[1] (ph-2)", "contact_id", "refers to contact 'c-2', whose row was rejected"],
        ["kaart.json", "phone[2] (ph-3)", "organization_id",
         "unknown organization 'org-8': no organization with this id in the input"],
        ["kaart.json", "service[2] (svc-3)", "organization_id",
         "unknown organization 'org-9': no organization with this id in the input"],
        ["kaart.json", "service_area[2] (sa-3)", "service_id", "refers to service 'svc-3', whose row was rejected"],
    ]


def package(tmp_path: Path, data_dir: Path, version: Any) -> Path:
    folder = tmp_path / "pakket"
    shutil.copytree(data_dir / "hsds-package-3.1", folder)
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    described["version"] = version
    (folder / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("version", "expected"), [
    ("2.0.1", "datapackage.json, column version: this is HSDS 2.0.1; wijkgraph reads HSDS 3.0 and 3.1 (convert the "
              "data to HSDS 3 first)"),
    ("4.0", "datapackage.json, column version: this is HSDS 4.0; wijkgraph reads HSDS 3.0 and 3.1 (convert the data "
            "to HSDS 3 first)"),
    ("drie", "datapackage.json, column version: expected an HSDS version such as 3.0 or 3.1, got 'drie'"),
])
def test_a_version_other_than_3_0_or_3_1_is_refused(zoetermeer: Store, tmp_path: Path, data_dir: Path,
                                                     version: str, expected: str) -> None:
    assert refused(zoetermeer, package(tmp_path, data_dir, version)) == [expected]


def test_a_later_3_x_is_read_as_3_1_with_a_notice(zoetermeer: Store, tmp_path: Path, data_dir: Path) -> None:
    result = import_hsds(zoetermeer, package(tmp_path, data_dir, "3.2.0"))
    assert result.notices[:2] == [
        "read as CSV data package, HSDS 3.2",
        "datapackage.json is HSDS 3.2.0, newer than 3.1: read as HSDS 3.1 (what later versions added is not read)",
    ]
    assert graph_counts(zoetermeer, result.source) == WORLD


def test_an_hsds_2_table_is_refused_plainly(zoetermeer: Store, tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "oud"
    shutil.copytree(data_dir / "hsds-csv-3.0", folder)
    (folder / "services_taxonomy.csv").write_text("id,service_id,taxonomy_id\nst-1,svc-1,t-1\n", encoding="utf-8")
    assert refused(zoetermeer, folder) == [
        "services_taxonomy.csv: services_taxonomy is a table of HSDS 1 or 2; wijkgraph reads HSDS 3.0 and 3.1 "
        "(convert the data to HSDS 3 first)"]


def test_the_data_package_says_which_file_holds_which_table(zoetermeer: Store, tmp_path: Path,
                                                            data_dir: Path) -> None:
    folder = package(tmp_path, data_dir, "3.1")
    (folder / "organizations.csv").rename(folder / "organisaties.csv")
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    described["resources"][0]["path"] = "organisaties.csv"
    (folder / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    result = import_hsds(zoetermeer, folder)
    assert graph_counts(zoetermeer, result.source) == WORLD


def test_a_data_package_link_to_nowhere_is_read_as_a_folder_of_csv_files(zoetermeer: Store, tmp_path: Path,
                                                                          data_dir: Path) -> None:
    """The spec's examples/csv/datapackage.json is a link to ../../datapackage.json."""
    folder = tmp_path / "csv"
    shutil.copytree(data_dir / "hsds-csv-3.0", folder)
    (folder / "datapackage.json").symlink_to("../../datapackage.json")
    result = import_hsds(zoetermeer, folder)
    assert result.notices[:2] == [
        "read as CSV files, HSDS 3 (no version given)",
        "datapackage.json could not be read (it links to a file that is not there): the CSV files are read by their "
        "names and no version is checked",
    ]
    assert graph_counts(zoetermeer, result.source) == WORLD


def test_a_record_that_comes_again_with_other_content_is_refused(zoetermeer: Store, tmp_path: Path,
                                                                 data_dir: Path) -> None:
    """The same contact under the organization and under its service at location: the copies must agree."""
    organization = json.loads((data_dir / "hsds-api" / "organization_full.json").read_text(encoding="utf-8"))
    organization["contacts"][1]["title"] = "verpleegkundige"  # c-2 again, its title different
    path = tmp_path / "organisatie.json"
    path.write_text(json.dumps(organization), encoding="utf-8")
    assert refused(zoetermeer, path) == [
        "organisatie.json, row organization.contacts[1] (c-2), column title: contact 'c-2' comes again with another "
        "title: 'verpleegkundige' here, 'sociaal psychiatrisch verpleegkundige' at "
        "organization.services[0].service_at_locations[0].contacts[0] (c-2)"]


def test_a_package_may_keep_its_files_in_a_subfolder_and_names_the_ones_it_lacks(
        zoetermeer: Store, tmp_path: Path, data_dir: Path) -> None:
    folder = package(tmp_path, data_dir, "3.1")
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    (folder / "data").mkdir()
    for resource in described["resources"]:
        (folder / resource["path"]).rename(folder / "data" / resource["path"])
        resource["path"] = "data/" + resource["path"]
    described["resources"].append({"name": "program", "path": "data/programs.csv"})
    described["resources"].append({"name": "organization", "path": "../elders/organizations.csv"})
    (folder / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    result = import_hsds(zoetermeer, folder)
    assert graph_counts(zoetermeer, result.source) == WORLD
    assert result.notices[1] == ("datapackage.json lists resources that are not CSV files in this folder, not read: "
                                 "data/programs.csv, ../elders/organizations.csv")


def test_the_hsds_export_writes_tables_under_the_names_this_importer_reads() -> None:
    """importers/hsds_spec.py (the export) and importers/hsds_tables.py (this import) name each table alike."""
    from importers.hsds_spec import SPEC_TABLES
    from importers.hsds_tables import table_of

    for spec in SPEC_TABLES:
        table = table_of(spec.path)
        assert table is not None and (table.resource, table.path) == (spec.resource, spec.path), spec.resource
        assert table_of(spec.resource) == table
