"""The Open Referral HSDS importer: the example round-trips, every bad case is refused whole, --skip-invalid."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from db_counts import graph_counts

from graph.load import CleanupRefused
from graph.store import Store
from importers.hsds import import_hsds
from importers.hsds_expertise import expertise_of, expertise_words
from importers.hsds_tables import TABLES, known_names
from importers.kaart import import_kaart
from importers.options import ImportOptions
from importers.problems import ImportRefused

SOURCE = "hsds:hsds"


def counts(store: Store, source: str = SOURCE) -> dict[str, int]:
    return graph_counts(store, source)


def everything(store: Store) -> dict[str, int]:
    nodes = store.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
    rels = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    return {**{row["label"]: row["n"] for row in nodes}, **{row["type"]: row["n"] for row in rels}}


@pytest.fixture
def wijken(store: Store, data_dir: Path) -> Store:
    """The test kaart: WK990101 Noord, WK990102 Zuid in GM9901 Testgemeente."""
    import_kaart(store, data_dir / "kaart")
    return store


@pytest.fixture
def hsds(tmp_path: Path, data_dir: Path) -> Path:
    folder = tmp_path / "hsds"
    shutil.copytree(data_dir / "hsds", folder)
    return folder


def rows(folder: Path, table: str) -> list[Any]:
    return json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))


def edit(folder: Path, table: str, content: Any) -> None:
    (folder / f"{table}.json").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def refused(store: Store, path: Path, **options: Any) -> list[str]:
    before = everything(store)
    with pytest.raises(ImportRefused) as error:
        import_hsds(store, path, **options)
    assert everything(store) == before, "a refused file must write nothing"
    return [str(problem) for problem in error.value.problems]


def works_in(store: Store) -> list[tuple[str, str, str, str]]:
    found = store.read(
        "MATCH (p:Professional)-[w:WORKS_IN]->(area) WHERE p.id STARTS WITH 'hsds:' "
        "RETURN p.name AS name, labels(area)[0] AS kind, area.code AS area, w.group AS group ORDER BY name, area"
    )
    return [(row["name"], row["kind"], row["area"], row["group"]) for row in found]


EXPECTED_COUNTS = {
    "Organisation": 4, "Professional": 5, "EMPLOYED_BY": 5, "OFFERS": 5, "HAS_EXPERTISE": 4, "WORKS_IN": 4,
}
EXPECTED_WORK = [
    ("Drs. Karim El Amrani", "Wijk", "WK990101", "B"),
    ("Ilse Vermeulen", "Wijk", "WK990101", "B"),
    ("Ilse Vermeulen", "Wijk", "WK990102", "B"),
    ("Lotte de Boer", "Municipality", "GM9901", "D"),
]


def test_hsds_example_round_trips_into_organisations_expertise_and_contacts_per_wijk(wijken: Store,
                                                                                     hsds: Path) -> None:
    store = wijken
    result = import_hsds(store, hsds)
    assert result.source == SOURCE and result.rejected == 0
    assert counts(store) == EXPECTED_COUNTS
    assert store.read(
        "MATCH (o:Organisation) WHERE o.source = $source OPTIONAL MATCH (o)-[:OFFERS]->(e:Expertise) "
        "WITH o, e ORDER BY e.code RETURN o.id AS id, o.name AS name, o.scope AS scope, o.website AS website, "
        "collect(e.code) AS offers ORDER BY id", {"source": SOURCE},
    ) == [
        {"id": "hsds:org-1", "name": "Stichting Welzijn Testwijk", "scope": "wijk",
         "website": "https://welzijn-testwijk.example", "offers": ["OUDEREN"]},
        {"id": "hsds:org-2", "name": "GGZ Test Ambulant", "scope": "wijk", "website": "https://ggz-ambulant.example",
         "offers": ["GGZ", "JEUGD", "LVB"]},  # JEUGD: the organization's own taxonomy term (a-5)
        {"id": "hsds:org-3", "name": "Schuldhulp Testgemeente", "scope": "stedelijk", "website": None,
         "offers": ["SCHULDEN"]},
        {"id": "hsds:org-4", "name": "Bibliotheek Test", "scope": None, "website": None, "offers": []},
    ]
    assert works_in(store) == EXPECTED_WORK
    assert store.read(
        "MATCH (p:Professional)-[:EMPLOYED_BY]->(o:Organisation) WHERE p.source = $source "
        "OPTIONAL MATCH (p)-[:HAS_EXPERTISE]->(e:Expertise) WITH p, o, e ORDER BY e.code "
        "RETURN p.id AS id, p.name AS name, p.name_normalised AS normalised, p.function AS function, "
        "p.email AS email, p.phone AS phone, o.id AS employer, collect(e.code) AS expertise ORDER BY id",
        {"source": SOURCE},
    ) == [
        {"id": "hsds:c-1", "name": "Ilse Vermeulen", "normalised": "ilse vermeulen", "function": "ouderenadviseur",
         "email": "ilse@welzijn-testwijk.example", "phone": "06 1234 5001", "employer": "hsds:org-1",
         "expertise": ["OUDEREN"]},
        {"id": "hsds:c-2", "name": "Drs. Karim El Amrani", "normalised": "karim el amrani",
         "function": "sociaal psychiatrisch verpleegkundige", "email": "karim@ggz-ambulant.example",
         "phone": "06 1234 5002", "employer": "hsds:org-2", "expertise": ["GGZ", "LVB"]},
        {"id": "hsds:c-3", "name": "Lotte de Boer", "normalised": "lotte de boer", "function": "schuldhulpverlener",
         "email": "lotte@testgemeente.example", "phone": None, "employer": "hsds:org-3", "expertise": ["SCHULDEN"]},
        {"id": "hsds:c-4", "name": "Mira Hoekstra", "normalised": "mira hoekstra",
         "function": "coördinator vrijwilligers", "email": None, "phone": None, "employer": "hsds:org-1",
         "expertise": []},
        {"id": "hsds:c-5", "name": "Tom Kuipers", "normalised": "tom kuipers", "function": "jongerenwerker",
         "email": None, "phone": None, "employer": "hsds:org-1", "expertise": []},
    ]


def test_reimport_gives_identical_counts(wijken: Store, hsds: Path) -> None:
    import_hsds(wijken, hsds)
    first = everything(wijken)
    second = import_hsds(wijken, hsds)
    assert everything(wijken) == first
    assert second.database.get("nodes_created", 0) == 0 and second.database.get("relationships_created", 0) == 0
    assert not second.deleted


def test_single_document_gives_the_same_graph(wijken: Store, hsds: Path, tmp_path: Path) -> None:
    document = {file.stem: json.loads(file.read_text(encoding="utf-8")) for file in sorted(hsds.glob("*.json"))}
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = import_hsds(wijken, path)
    assert result.source == SOURCE
    assert counts(wijken) == EXPECTED_COUNTS
    assert works_in(wijken) == EXPECTED_WORK


def test_group_option_sets_the_group_in_wijken_not_city_wide(wijken: Store, hsds: Path) -> None:
    import_hsds(wijken, hsds, group="A")
    assert works_in(wijken) == [
        ("Drs. Karim El Amrani", "Wijk", "WK990101", "A"),
        ("Ilse Vermeulen", "Wijk", "WK990101", "A"),
        ("Ilse Vermeulen", "Wijk", "WK990102", "A"),
        ("Lotte de Boer", "Municipality", "GM9901", "D"),
    ]


def test_group_outside_a_to_d_is_refused(wijken: Store, hsds: Path) -> None:
    assert refused(wijken, hsds, group="E") == ["hsds, column group: expected one of A, B, C, D, got 'E'"]


def test_wrong_types_are_refused(wijken: Store, hsds: Path) -> None:
    services = rows(hsds, "services")
    services[0]["name"] = 42
    services[1]["status"] = "open"
    edit(hsds, "services", services)
    phones = rows(hsds, "phones")
    phones[0]["number"] = 612345001
    edit(hsds, "phones", phones)
    assert refused(wijken, hsds) == [
        "services.json, row services[0] (svc-1), column name: expected a string, got int 42",
        "services.json, row services[1] (svc-2), column status: expected one of active, inactive, defunct, "
        "temporarily closed, got str 'open'",
        "phones.json, row phones[0] (ph-1), column number: expected a string, got int 612345001",
    ]


def test_missing_required_fields_are_refused(wijken: Store, hsds: Path) -> None:
    organizations = rows(hsds, "organizations")
    organizations.append({"name": "Zonder id"})
    organizations.append({"id": "org-5", "name": "  "})
    organizations.append("org-6")
    edit(hsds, "organizations", organizations)
    contacts = rows(hsds, "contacts")
    contacts.append({"id": "c-6", "name": "Nergens Werkzaam"})
    edit(hsds, "contacts", contacts)
    assert refused(wijken, hsds) == [
        "organizations.json, row organizations[4], column id: required field is missing",
        "organizations.json, row organizations[5] (org-5), column name: required field is missing",
        "organizations.json, row organizations[6]: expected an object, got str 'org-6'",
        "contacts.json, row contacts[5] (c-6), column organization_id or service_id or service_at_location_id or "
        "location_id: expected at least one of organization_id, service_id, service_at_location_id, location_id",
    ]


def test_duplicate_ids_are_refused(wijken: Store, hsds: Path) -> None:
    contacts = rows(hsds, "contacts")
    contacts.append({"id": "c-1", "organization_id": "org-1", "name": "Ilse Vermeulen-Bos"})
    edit(hsds, "contacts", contacts)
    assert refused(wijken, hsds) == [
        "contacts.json, row contacts[5] (c-1), column id: duplicate id 'c-1'; first at contacts[0] (c-1)",
    ]


def test_references_to_missing_rows_are_refused(wijken: Store, hsds: Path) -> None:
    services = rows(hsds, "services")
    services[2]["organization_id"] = "org-9"
    edit(hsds, "services", services)
    phones = rows(hsds, "phones")
    phones[2]["contact_id"] = "c-9"
    edit(hsds, "phones", phones)
    attributes = rows(hsds, "attributes")
    attributes[0]["link_id"] = "svc-9"
    edit(hsds, "attributes", attributes)
    with pytest.raises(ImportRefused) as error:
        import_hsds(wijken, hsds)
    assert [str(problem) for problem in error.value.problems] == [
        "services.json, row services[2] (svc-3), column organization_id: unknown organization 'org-9': "
        "no organization with this id in the input",
        "phones.json, row phones[2] (ph-3), column contact_id: unknown contact 'c-9': no contact with this id in "
        "the input",
        "attributes.json, row attributes[0] (a-1), column link_id: unknown service 'svc-9': no service with this "
        "id in the input",
    ]
    assert error.value.dependent == 2  # contact c-3 and service area sa-4 of service svc-3
    assert counts(wijken) == {}


def test_an_ambiguous_area_is_refused_and_unknown_areas_are_named_in_notices(wijken: Store, hsds: Path) -> None:
    wijken.write("CREATE (:Wijk {code: 'WK990201', name: 'Noord'})")
    areas = rows(hsds, "service_areas")
    areas[1]["name"] = "Oost"
    areas[3] = {"id": "sa-4", "service_id": "svc-3", "extent": '{"type": "Polygon"}', "extent_type": "geojson"}
    edit(hsds, "service_areas", areas)
    assert refused(wijken, hsds) == [
        "service_areas.json, row service_areas[2] (sa-3), column extent: area 'Noord' is ambiguous: it names "
        "WK990101, WK990201; use the code",
    ]
    assert counts(wijken) == {}
    areas[2]["extent"] = "WK990101"
    edit(hsds, "service_areas", areas)
    result = import_hsds(wijken, hsds)
    assert [str(notice) for notice in result.notices if "service area" in notice] == [
        "service_areas.json, row service_areas[1] (sa-2): the service area 'Oost' is no wijk or municipality in the "
        "database; its service is imported without it (import the sociale kaart first if it lies in your "
        "municipality)",
        "service_areas.json, row service_areas[3] (sa-4): the service area names no wijk or municipality (only a "
        "geojson extent); its service is imported without an area",
    ]
    assert result.rejected == 0


def test_without_the_kaart_the_services_are_imported_without_areas(store: Store, hsds: Path) -> None:
    result = import_hsds(store, hsds)
    unknown = [str(notice) for notice in result.notices if "is no wijk or municipality" in str(notice)]
    assert len(unknown) == 5
    assert unknown[0] == ("service_areas.json, row service_areas[0] (sa-1): the service area 'WK990101' is no wijk "
                          "or municipality in the database; its service is imported without it (import the sociale "
                          "kaart first if it lies in your municipality)")
    assert works_in(store) == []
    assert counts(store)["Professional"] == 5


def test_nested_records_are_read_as_rows_of_their_table(wijken: Store, hsds: Path) -> None:
    contacts = rows(hsds, "contacts")
    contacts[3]["phones"] = [{"id": "ph-9", "number": "06 1234 5099"}]  # c-4 had no phone
    edit(hsds, "contacts", contacts)
    import_hsds(wijken, hsds)
    assert wijken.read("MATCH (p:Professional {id: 'hsds:c-4'}) RETURN p.phone AS phone, p.phone_e164 AS e164") == [
        {"phone": "06 1234 5099", "e164": "+31612345099"}]


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "organizations.json: the file is empty; expected JSON"),
    ('[{"id": "org-1", "name": "Café"}]'.encode("cp1252"), "organizations.json: the file is not UTF-8 (byte 29)"),
    (b'[{"id": "org-1",}]', "organizations.json, row line 1, column column 17: invalid JSON: Expecting property name "
                            "enclosed in double quotes"),
    (b'{"id": "org-1"}', "organizations.json, column organizations: expected an array of organizations, got dict"),
])
def test_unreadable_files_are_refused(wijken: Store, hsds: Path, content: bytes, expected: str) -> None:
    (hsds / "organizations.json").write_bytes(content)
    assert refused(wijken, hsds) == [expected]


def test_unknown_table_and_empty_input_are_refused(wijken: Store, hsds: Path, tmp_path: Path) -> None:
    edit(hsds, "organisations", [])
    problems = refused(wijken, hsds)
    assert problems == ["organisations.json: unknown HSDS table 'organisations'; expected one of "
                        + ", ".join(known_names())]
    empty = tmp_path / "empty.json"
    empty.write_text('{"organizations": [], "schedules": [{"id": "x"}]}', encoding="utf-8")
    assert refused(wijken, empty) == ["empty.json: no rows to import: the tables wijkgraph reads (organization, "
                                      "service, contact, ...) are empty or missing"]
    scalar = tmp_path / "scalar.json"
    scalar.write_text("[]", encoding="utf-8")
    assert refused(wijken, scalar) == [
        "scalar.json: no rows to import: the tables wijkgraph reads (organization, service, contact, ...) are empty "
        "or missing"]


def test_skip_invalid_loads_valid_rows_and_reports_the_rest(wijken: Store, hsds: Path, tmp_path: Path) -> None:
    services = rows(hsds, "services")
    services[2]["organization_id"] = "org-9"  # svc-3 goes, and with it contact c-3 and area sa-4
    edit(hsds, "services", services)
    areas = rows(hsds, "service_areas")
    areas[1]["name"] = "Oost"  # only this area is left out (a notice); Ilse still works in Noord
    edit(hsds, "service_areas", areas)
    report = tmp_path / "rejected.csv"
    result = import_hsds(wijken, hsds, ImportOptions(skip_invalid=True, report=report))
    assert result.rejected == 3
    assert works_in(wijken) == [
        ("Drs. Karim El Amrani", "Wijk", "WK990101", "B"),
        ("Ilse Vermeulen", "Wijk", "WK990101", "B"),
    ]
    assert counts(wijken)["Professional"] == 4
    assert list(csv.reader(report.open(encoding="utf-8"))) == [
        ["file", "row", "column", "problem"],
        ["contacts.json", "contacts[2] (c-3)", "service_id", "refers to service 'svc-3', whose row was rejected"],
        ["service_areas.json", "service_areas[3] (sa-4)", "service_id",
         "refers to service 'svc-3', whose row was rejected"],
        ["services.json", "services[2] (svc-3)", "organization_id",
         "unknown organization 'org-9': no organization with this id in the input"],
    ]


def test_reimport_removes_what_the_source_no_longer_lists(wijken: Store, hsds: Path) -> None:
    import_hsds(wijken, hsds)
    areas = rows(hsds, "service_areas")
    edit(hsds, "service_areas", [area for area in areas if area["id"] != "sa-2"])
    with pytest.raises(CleanupRefused):
        import_hsds(wijken, hsds)
    assert len(works_in(wijken)) == 4
    result = import_hsds(wijken, hsds, ImportOptions(max_delete_share=0.5))
    assert result.deleted == {"relationships_deleted": 1}
    assert ("Ilse Vermeulen", "Wijk", "WK990102", "B") not in works_in(wijken)
    assert everything(wijken)["Wijk"] == 2, "the kaart's wijken are not the HSDS source's to remove"


def test_expertise_mapping_table() -> None:
    assert expertise_of("Ambulante GGZ") == {"GGZ"}
    assert expertise_of("huiselijk_geweld") == {"HUISELIJK_GEWELD"}
    assert expertise_of("Schuldhulpverlening", "Budgetcoaching") == {"SCHULDEN"}
    assert expertise_of("Beschermd wonen voor jongeren met LVB") == {"WONEN", "LVB"}
    assert expertise_of("Onschuldig vervoer", None, "") == set()
    assert all(word == word.lower() for words in expertise_words().values() for word in words)


def test_every_table_field_and_mapping_word_is_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "import-formats.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Open Referral HSDS"):]
    for table in TABLES:
        assert f"`{table.name}`" in section, table.name
        for name in table.fields:
            assert re.search(rf"`{name}`", section), f"{table.name}.{name} is not documented"
    for code, words in expertise_words().items():
        line = next(line for line in section.splitlines() if line.startswith(f"| `{code}`"))
        assert all(word in line for word in words), code


def test_cli_imports_hsds(wijken: Store, hsds: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "api", "import", "hsds", str(hsds), "--group", "C"],
                        capture_output=True, text=True, env=dict(os.environ))
    assert ok.returncode == 0, ok.stderr
    assert "Bron 'hsds:hsds' geïmporteerd: 5 EMPLOYED_BY" in ok.stdout
    assert ("Ilse Vermeulen", "Wijk", "WK990102", "C") in works_in(wijken)
    phones = rows(hsds, "phones")
    phones[3]["number"] = 7
    edit(hsds, "phones", phones)
    bad = subprocess.run([sys.executable, "-m", "api", "import", "hsds", str(hsds)], capture_output=True,
                         text=True, env=dict(os.environ))
    assert bad.returncode == 1
    assert bad.stderr.strip() == (
        "Fout: hsds is niet geïmporteerd: 1 probleem; er is niets weggeschreven.\n"
        "  phones.json, rij phones[3] (ph-4), kolom number: verwacht een string, maar het is int 7"
    )
