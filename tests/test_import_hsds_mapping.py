"""The HSDS import's expertise mapping file (shipped default, a municipality's own, its errors) and phone numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from db_counts import graph_counts

from graph.store import Store
from importers.hsds import import_hsds
from importers.hsds_expertise import DEFAULT_MAP, expertise_of, read_map
from importers.hsds_phones import e164, shown
from importers.problems import ImportRefused


@pytest.fixture
def zoetermeer(store: Store) -> Store:
    store.write(
        "CREATE (m:Municipality {code: 'GM0637', name: 'Zoetermeer'}) "
        "CREATE (:Wijk {code: 'WK063701', name: 'Meerzicht'})-[:IN_MUNICIPALITY]->(m) "
        "CREATE (:Wijk {code: 'WK063702', name: 'Oosterheem'})-[:IN_MUNICIPALITY]->(m)")
    return store


def expertise(store: Store) -> dict[str, list[str]]:
    rows = store.read("MATCH (p:Professional)-[:HAS_EXPERTISE]->(e:Expertise) WITH p, e ORDER BY e.code "
                      "RETURN p.id AS id, collect(e.code) AS codes ORDER BY id")
    return {row["id"]: row["codes"] for row in rows}


def test_the_default_map_reads_names_descriptions_and_terms_in_dutch_and_english() -> None:
    assert expertise_of("Community Counselling", None, "Counselling Services provided by trained professionals. "
                        "Suitable for people with mental health conditions such as anxiety, depression") == {"GGZ"}
    assert expertise_of("Community Counselling") == set()  # the name alone says nothing: the description does
    assert expertise_of("Ambulante begeleiding", "Begeleiding thuis bij psychische klachten en depressie") == {"GGZ"}
    assert expertise_of("Beschermd wonen voor jongeren met LVB") == {"WONEN", "LVB"}
    assert expertise_of("Onschuldig vervoer") == set()
    assert DEFAULT_MAP.name == "hsds_expertise.csv"


def test_a_municipality_map_replaces_the_default(zoetermeer: Store, data_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "mijn-kaart.csv"
    mapping.write_text("word,expertise\nbegeleiding,LVB\nouderenadvies,OUDEREN\n", encoding="utf-8")
    import_hsds(zoetermeer, data_dir / "hsds-csv-3.0", expertise_map=mapping)
    # c-2's service is "Ambulante begeleiding" (now LVB only: "depressie" is not in this map; its term is "lvb"),
    # c-4's "Community Counselling" maps to nothing without the default's "mental health".
    assert expertise(zoetermeer) == {"hsds:c-1": ["OUDEREN"], "hsds:c-2": ["LVB"]}


def refused_map(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "kaart-map.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused) as error:
        read_map(path)
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize(("text", "expected"), [
    ("", ["kaart-map.csv: the expertise mapping is empty; expected a header row with the columns word, expertise"]),
    ("woord,expertise\nggz,GGZ\n", ["kaart-map.csv, row 1, column word: column word is missing; expected the "
                                    "columns word, expertise"]),
    ("word,expertise\nggz,GGZ\npsychiatrie,PSY\n,LVB\nschuld,\n", [
        "kaart-map.csv, row 3, column expertise: expected one of GGZ, LVB, SCHULDEN, JEUGD, OUDEREN, VERSLAVING, "
        "HUISELIJK_GEWELD, WERK_INKOMEN, WONEN, got 'PSY'",
        "kaart-map.csv, row 4, column word: a word is required",
        "kaart-map.csv, row 5, column expertise: expected one of GGZ, LVB, SCHULDEN, JEUGD, OUDEREN, VERSLAVING, "
        "HUISELIJK_GEWELD, WERK_INKOMEN, WONEN, got ''",
    ]),
])
def test_mapping_errors_name_file_row_and_column(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert refused_map(tmp_path, text) == expected


def test_a_bad_map_refuses_the_import_before_anything_is_read(zoetermeer: Store, data_dir: Path,
                                                               tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as error:
        import_hsds(zoetermeer, data_dir / "hsds-csv-3.0", expertise_map=tmp_path / "missing.csv")
    assert [str(problem) for problem in error.value.problems] == ["missing.csv: expertise mapping file not found"]
    assert graph_counts(zoetermeer, "hsds:hsds-csv-3.0") == {}


@pytest.mark.parametrize(("typed", "display", "normalised"), [
    ("06 1234 5601", "06 1234 5601", "+31612345601"),
    ('"+31 6 2345 6702"', "+31 6 2345 6702", "+31623456702"),
    ("'079 - 346 80 00'", "079 - 346 80 00", "+31793468000"),
    ('"+44 1234 234567"', "+44 1234 234567", "+441234234567"),
    ("+31 (0)79 200 1000", "+31 (0)79 200 1000", "+31792001000"),
])
def test_phones_are_shown_as_typed_and_kept_in_e164(typed: str, display: str, normalised: str) -> None:
    assert (shown(typed), e164(typed)) == (display, (normalised, None))


def test_an_invalid_phone_number_is_refused_plainly(zoetermeer: Store, data_dir: Path, tmp_path: Path) -> None:
    document: dict[str, Any] = json.loads((data_dir / "hsds-tabular-3.0" / "sociale-kaart.json").read_text("utf-8"))
    document["phone"][0]["number"] = "12"
    document["phone"][1]["number"] = "bel de receptie"
    path = tmp_path / "kaart.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportRefused) as error:
        import_hsds(zoetermeer, path)
    assert [str(problem) for problem in error.value.problems] == [
        "kaart.json, row phone[0] (ph-1), column number: '12' is not a valid phone number; expected a Dutch number "
        "such as 06 1234 5678 or 079 346 8000, or one with its country code such as +44 20 7946 0000",
        "kaart.json, row phone[1] (ph-2), column number: 'bel de receptie' is not a valid phone number; expected a "
        "Dutch number such as 06 1234 5678 or 079 346 8000, or one with its country code such as +44 20 7946 0000",
    ]


def test_cli_takes_a_mapping_file_and_says_what_it_read(zoetermeer: Store, data_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "mijn-kaart.csv"
    mapping.write_text("word,expertise\nbegeleiding,LVB\nouderenadvies,OUDEREN\n", encoding="utf-8")
    command = [sys.executable, "-m", "api", "import", "hsds", str(data_dir / "hsds-package-3.1"), "--expertise-map"]
    ok = subprocess.run([*command, str(mapping)], capture_output=True, text=True, env=dict(os.environ))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-3:] == [
        "  gelezen als CSV-datapakket, HSDS 3.1",
        "  metatabellen overgeslagen: meta_table_description, metadata (ze beschrijven de gegevensset, geen diensten)",
        "  tabellen niet gelezen, wijkgraph heeft er geen plek voor: schedule, service_capacity, unit, url",
    ]
    assert expertise(zoetermeer) == {"hsds:c-1": ["OUDEREN"], "hsds:c-2": ["LVB"]}
    mapping.write_text("word,expertise\npsychiatrie,PSY\n", encoding="utf-8")
    bad = subprocess.run([*command, str(mapping)], capture_output=True, text=True, env=dict(os.environ))
    assert bad.returncode == 1
    assert bad.stderr.strip() == (
        "Fout: mijn-kaart.csv is niet geïmporteerd: 1 probleem; er is niets weggeschreven.\n"
        "  mijn-kaart.csv, rij 2, kolom expertise: verwacht een van GGZ, LVB, SCHULDEN, JEUGD, OUDEREN, VERSLAVING, "
        "HUISELIJK_GEWELD, WERK_INKOMEN, WONEN, maar het is 'PSY'")
