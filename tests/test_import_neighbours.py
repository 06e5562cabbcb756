"""Neighbouring wijken, regions and the municipalities an organisation serves, through the sociale-kaart importer.

What "who to call" needs to look past the wijk (issue 14): a ``neighbours`` sheet (one relationship per pair, read
both ways), ``region`` on municipalities, ``municipalities`` and ``last_verified`` on organisations.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import neo4j
import pytest
from db_counts import graph_counts, graph_snapshot
from openpyxl import Workbook, load_workbook

from graph.store import Store
from importers.kaart import import_kaart, write_template
from importers.problems import ImportRefused

MUNICIPALITIES = "code,name,region\nGM9901,Testgemeente,Testregio\nGM9902,Buurgemeente,Testregio\n"
WIJKEN = ("code,name,municipality_code\nWK990101,Noord,GM9901\nWK990102,Zuid,GM9901\nWK990103,Oost,GM9901\n"
          "WK990201,Centrum,GM9902\n")
ORGANISATIONS = ("id,name,kind,scope,website,phone,email,municipalities,last_verified\n"
                 "ORG-WELZIJN,Welzijn Test,welzijn,stedelijk,,,,GM9901,2026-03-01\n"
                 "ORG-GGZ,GGZ Test,ggz,regionaal,,088-1234567,aanmelding@ggz.example,GM9901;GM9902,\n"
                 "ORG-HUISARTS,Huisartsenpraktijk Noord,huisarts,wijk,,,,,\n")


@pytest.fixture
def kaart(tmp_path: Path, data_dir: Path) -> Path:
    folder = tmp_path / "kaart"
    shutil.copytree(data_dir / "kaart", folder)
    edit(folder, "municipalities", MUNICIPALITIES)
    edit(folder, "wijken", WIJKEN)
    edit(folder, "organisations", ORGANISATIONS)
    return folder


def edit(folder: Path, sheet: str, text: str) -> None:
    (folder / f"{sheet}.csv").write_text(text, encoding="utf-8")


def neighbours_of(store: Store, code: str) -> list[str]:
    rows = store.read("MATCH (:Wijk {code: $code})-[:NEIGHBOURS]-(n:Wijk) RETURN n.code AS code ORDER BY code",
                      {"code": code})
    return [row["code"] for row in rows]


def test_a_pair_given_twice_or_both_ways_is_one_relationship(store: Store, kaart: Path) -> None:
    edit(kaart, "neighbours", "wijk,neighbour\nWK990102,WK990101\nWK990101,WK990102\nWK990102,WK990101\n"
                              "WK990102,WK990103\nWK990103,WK990201\n")
    result = import_kaart(store, kaart)
    assert result.written["NEIGHBOURS"] == 3
    # Stored once per pair, the smaller code first; read in either direction.
    assert store.read("MATCH (a:Wijk)-[r:NEIGHBOURS]->(b:Wijk) RETURN a.code AS a, b.code AS b, r.source AS source "
                      "ORDER BY a, b") == [
        {"a": "WK990101", "b": "WK990102", "source": "kaart:kaart"},
        {"a": "WK990102", "b": "WK990103", "source": "kaart:kaart"},
        {"a": "WK990103", "b": "WK990201", "source": "kaart:kaart"},
    ]
    assert neighbours_of(store, "WK990102") == ["WK990101", "WK990103"]
    assert neighbours_of(store, "WK990201") == ["WK990103"]  # across the municipal border
    before = graph_snapshot(store)
    edit(kaart, "neighbours", "wijk,neighbour\nWK990101,WK990102\nWK990103,WK990102\nWK990201,WK990103\n")
    import_kaart(store, kaart)  # the same pairs, written the other way round: nothing changes
    assert graph_snapshot(store) == before


def test_regions_and_the_municipalities_an_organisation_serves(store: Store, kaart: Path) -> None:
    import_kaart(store, kaart)
    counts = graph_counts(store)
    assert (counts["Municipality"], counts["SERVES_MUNICIPALITY"], counts.get("NEIGHBOURS", 0)) == (2, 3, 0)
    assert store.read("MATCH (m:Municipality) RETURN m.code AS code, m.region AS region ORDER BY code") == [
        {"code": "GM9901", "region": "Testregio"}, {"code": "GM9902", "region": "Testregio"}]
    assert store.read(
        "MATCH (o:Organisation) OPTIONAL MATCH (o)-[:SERVES_MUNICIPALITY]->(m:Municipality) WITH o, m ORDER BY m.code "
        "RETURN o.id AS id, o.last_verified AS verified, collect(m.code) AS serves ORDER BY id"
    ) == [
        {"id": "ORG-GGZ", "verified": None, "serves": ["GM9901", "GM9902"]},
        {"id": "ORG-HUISARTS", "verified": None, "serves": []},
        {"id": "ORG-WELZIJN", "verified": neo4j.time.Date(2026, 3, 1), "serves": ["GM9901"]},
    ]


def refused(store: Store, path: Path) -> list[str]:
    before = graph_snapshot(store)
    with pytest.raises(ImportRefused) as error:
        import_kaart(store, path)
    assert graph_snapshot(store) == before, "a refused file must write nothing"
    return [str(problem) for problem in error.value.problems]


def test_bad_neighbours_are_refused_naming_row_and_column(store: Store, kaart: Path) -> None:
    edit(kaart, "neighbours", "wijk,neighbour\nWK990101,WK990102\nWK990103,WK990103\nWK990101,WK999999\n"
                              "WK990102,\nWK990777,WK990101\n")
    problems = sorted(refused(store, kaart))
    assert len(problems) == 4
    assert problems[0] == ("neighbours.csv, row 3, column neighbour: expected another wijk than in column wijk: "
                           "'WK990103' cannot neighbour itself")
    assert problems[1].startswith("neighbours.csv, row 4, column neighbour: unknown wijk 'WK999999': ")
    assert problems[2] == "neighbours.csv, row 5, column neighbour: a value is required"
    assert problems[3].startswith("neighbours.csv, row 6, column wijk: unknown wijk 'WK990777': ")


def test_bad_served_municipalities_and_dates_are_refused(store: Store, kaart: Path) -> None:
    edit(kaart, "organisations", ORGANISATIONS + "ORG-A,Nieuw A,welzijn,,,,,GM9901;GM0000,\n"
                                                 "ORG-B,Nieuw B,ggz,,,,,GM9902,vorige week\n")
    problems = sorted(refused(store, kaart))
    assert len(problems) == 2
    assert problems[0].startswith("organisations.csv, row 5, column municipalities: unknown municipality 'GM0000': ")
    assert problems[1].startswith("organisations.csv, row 6, column last_verified: expected a date")
    assert problems[1].endswith("got 'vorige week'")


def test_the_workbook_takes_neighbours_as_a_sheet(store: Store, kaart: Path, tmp_path: Path) -> None:
    edit(kaart, "neighbours", "wijk,neighbour\nWK990102,WK990101\nWK990101,WK990102\n")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for file in sorted(kaart.glob("*.csv")):
        sheet = workbook.create_sheet(file.stem)
        for row in csv.reader(file.open(encoding="utf-8")):
            sheet.append(row)
    workbook.save(tmp_path / "kaart.xlsx")
    import_kaart(store, tmp_path / "kaart.xlsx")
    assert store.read("MATCH (a:Wijk)-[:NEIGHBOURS]->(b:Wijk) RETURN a.code AS a, b.code AS b") == [
        {"a": "WK990101", "b": "WK990102"}]


def test_the_template_has_the_new_sheet_and_columns(tmp_path: Path) -> None:
    book = load_workbook(write_template(tmp_path / "template.xlsx"))
    header = {sheet.title: [cell.value for cell in next(sheet.iter_rows())] for sheet in book.worksheets}
    assert header["neighbours"] == ["wijk", "neighbour"]
    assert header["municipalities"] == ["code", "name", "region"]
    assert header["organisations"][-2:] == ["municipalities", "last_verified"]
