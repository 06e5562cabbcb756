"""The household and ecogram importer: loads, re-imports, bad files, and the JSON Schema file."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from db_counts import graph_counts
from neo4j.time import Date

from graph.store import Store
from importers.household_schema import SCHEMA_FILE, schema_text
from importers.households import import_households
from importers.kaart import import_kaart
from importers.options import ImportOptions
from importers.problems import ImportRefused


@pytest.fixture
def kaart_loaded(store: Store, data_dir: Path) -> Store:
    import_kaart(store, data_dir / "kaart")
    return store


@pytest.fixture
def document(data_dir: Path) -> dict[str, Any]:
    return json.loads((data_dir / "households.json").read_text())


def write(tmp_path: Path, document: Any, name: str = "households.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document, encoding="utf-8")
    return path


def refused(store: Store, path: Path) -> list[str]:
    before = graph_counts(store)
    with pytest.raises(ImportRefused) as error:
        import_households(store, path)
    assert graph_counts(store) == before, "a refused file must write nothing"
    return [str(problem) for problem in error.value.problems]


def test_households_load_and_reimport_changes_nothing(kaart_loaded: Store, data_dir: Path) -> None:
    store = kaart_loaded
    import_households(store, data_dir / "households.json")
    first = graph_counts(store)
    expected = {"Household": 2, "HouseholdMember": 2, "InformalContact": 1, "ZrmAssessment": 1, "Ecogram": 2,
                "Consent": 1, "LIVES_IN": 2, "BELONGS_TO": 2, "CONTACT_OF": 1, "NEEDS": 1, "INVOLVED_WITH": 2,
                "COORDINATES": 1, "ASSESSED": 1, "SCORED": 3, "HAS_ECOGRAM": 2, "TIE": 5, "GAVE": 1}
    assert {key: first[key] for key in expected} == expected
    import_households(store, data_dir / "households.json")
    assert graph_counts(store) == first
    assert store.read(
        "MATCH (:Household {id: 'HH-T-0001'})-[:HAS_ECOGRAM]->(e:Ecogram {date: date('2025-05-01')})-[t:TIE]->(x) "
        "RETURN labels(x)[0] AS kind, t.quality AS quality, t.direction AS direction ORDER BY kind"
    ) == [
        {"kind": "HouseholdMember", "quality": "stressful", "direction": "mutual"},
        {"kind": "InformalContact", "quality": "strong", "direction": "to_household"},
        {"kind": "Professional", "quality": "normal", "direction": "to_household"},
    ]
    assert store.read(
        "MATCH (p:Professional)-[i:INVOLVED_WITH]->(:Household {id: 'HH-T-0001'}) "
        "RETURN p.id AS p, i.life_domain AS domain, i.since AS since, i.until AS until ORDER BY p"
    ) == [{"p": "P-1", "domain": "financien", "since": Date(2025, 5, 1), "until": None},
          {"p": "P-4", "domain": "financien", "since": Date(2025, 6, 1), "until": None}]


def test_two_involvements_in_different_domains_are_two_relationships(
    kaart_loaded: Store, document: dict[str, Any], tmp_path: Path
) -> None:
    document["households"][0]["involvements"].append(
        {"professional": "P-1", "life_domain": "huisvesting", "since": "2025-05-01"})
    import_households(kaart_loaded, write(tmp_path, document))
    assert kaart_loaded.read(
        "MATCH (:Professional {id: 'P-1'})-[i:INVOLVED_WITH]->() RETURN i.life_domain AS d ORDER BY d"
    ) == [{"d": "financien"}, {"d": "huisvesting"}]


def test_wrong_types_and_values_are_refused(kaart_loaded: Store, document: dict[str, Any], tmp_path: Path) -> None:
    household = document["households"][0]
    household["with_children"] = "yes"
    household["zrm"][0]["scores"]["financien"] = 7
    household["ecograms"][0]["ties"][0]["quality"] = "tenuous"
    assert refused(kaart_loaded, write(tmp_path, document)) == [
        "households.json, row household 1 (HH-T-0001), column ecograms[0].ties[0].quality: expected one of "
        "strong, normal, weak, stressful, got 'tenuous'",
        "households.json, row household 1 (HH-T-0001), column with_children: expected boolean, got str 'yes'",
        "households.json, row household 1 (HH-T-0001), column zrm[0].scores.financien: expected at most 5, got 7",
    ]


def test_bad_date_is_refused(kaart_loaded: Store, document: dict[str, Any], tmp_path: Path) -> None:
    document["households"][0]["needs"][0]["since"] = "2025-02-30"
    assert refused(kaart_loaded, write(tmp_path, document)) == [
        "households.json, row household 1 (HH-T-0001), column needs[0].since: expected a date as YYYY-MM-DD, "
        "got '2025-02-30'"
    ]


def test_unknown_references_are_refused(kaart_loaded: Store, document: dict[str, Any], tmp_path: Path) -> None:
    household = document["households"][0]
    household["wijk"] = "WK000000"
    household["involvements"][0]["professional"] = "P-404"
    household["ecograms"][0]["ties"][0]["ref"] = "HH-T-0001-C9"
    assert refused(kaart_loaded, write(tmp_path, document)) == [
        "households.json, row household 1 (HH-T-0001), column wijk: unknown wijk 'WK000000': import the sociale "
        "kaart with this wijk first",
        "households.json, row household 1 (HH-T-0001), column involvements[0].professional: unknown professional "
        "'P-404'",
        "households.json, row household 1 (HH-T-0001), column ecograms[0].ties[0].ref: unknown InformalContact "
        "'HH-T-0001-C9'",
    ]


def test_duplicate_keys_and_foreign_zrm_domains_are_refused(
    kaart_loaded: Store, document: dict[str, Any], tmp_path: Path
) -> None:
    twin = copy.deepcopy(document["households"][1])
    document["households"].append(twin)
    document["households"][0]["zrm"][0]["scores"]["dagbesteding"] = 3
    assert refused(kaart_loaded, write(tmp_path, document)) == [
        "households.json, row household 1 (HH-T-0001), column zrm[0].scores.dagbesteding: domain 'dagbesteding' "
        "is not part of ZRM-2017",
        "households.json, row household 3 (HH-T-0002), column id: duplicate key 'HH-T-0002'; already used by "
        "households.json, household 2 (HH-T-0002), id",
    ]


@pytest.mark.parametrize(("content", "expected"), [
    ("", "households.json: the file is empty; expected a JSON object"),
    ('{"households": [', "households.json, row line 1, column column 17: invalid JSON: Expecting value"),
    ("[1, 2]", 'households.json, column households: expected an object {"households": [...]}'),
    ('{"households": []}', "households.json, column households: the list of households is empty"),
    ('{"households": [{"id": "H1", "wijk": "WK990101"}], "names": []}',
     "households.json, column names: unknown field; expected only households"),
    ("[" * 100_000 + "]" * 100_000, "households.json: the JSON is nested too deeply"),
])
def test_unreadable_documents_are_refused(kaart_loaded: Store, tmp_path: Path, content: str, expected: str) -> None:
    assert refused(kaart_loaded, write(tmp_path, content)) == [expected]


def test_unreadable_encoding_is_refused(kaart_loaded: Store, tmp_path: Path) -> None:
    path = tmp_path / "households.json"
    path.write_bytes('{"households": [{"id": "Café"}]}'.encode("cp1252"))
    assert refused(kaart_loaded, path) == ["households.json: the file is not UTF-8 (byte 27)"]


def test_skip_invalid_loads_the_valid_households(
    kaart_loaded: Store, document: dict[str, Any], tmp_path: Path
) -> None:
    document["households"][1]["wijk"] = "WK000000"
    report = tmp_path / "rejected.csv"
    result = import_households(kaart_loaded, write(tmp_path, document), ImportOptions(skip_invalid=True, report=report))
    assert result.rejected == 1
    assert kaart_loaded.read("MATCH (h:Household) RETURN h.id AS id") == [{"id": "HH-T-0001"}]
    assert report.read_text(encoding="utf-8").splitlines() == [
        "file,row,column,problem",
        "households.json,household 2 (HH-T-0002),wijk,unknown wijk 'WK000000': import the sociale kaart with "
        "this wijk first",
    ]


def test_committed_json_schema_matches_the_model() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_a_folder_of_files_is_one_source(kaart_loaded: Store, document: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "split"
    folder.mkdir()
    write(folder, {"households": [document["households"][0]]}, "part-1.json")
    write(folder, {"households": [document["households"][1]]}, "part-2.json")
    result = import_households(kaart_loaded, folder)
    assert result.source == "households:split"
    assert result.written["Household"] == 2
    first = graph_counts(kaart_loaded)
    # Re-importing the folder keeps the households of both files: cleanup runs once, after the last file.
    result = import_households(kaart_loaded, folder)
    assert result.deleted == {}
    assert graph_counts(kaart_loaded) == first


def test_duplicate_keys_across_files_are_refused(
    kaart_loaded: Store, document: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "split"
    folder.mkdir()
    write(folder, {"households": [document["households"][1]]}, "part-1.json")
    write(folder, {"households": [document["households"][1]]}, "part-2.json")
    assert refused(kaart_loaded, folder) == [
        "part-2.json, row household 1 (HH-T-0002), column id: duplicate key 'HH-T-0002'; already used in "
        "an earlier file of this import"
    ]
