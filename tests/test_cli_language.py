"""The CLI speaks Dutch unless WIJKGRAPH_LANG=en: an import problem, and the human table of `wijkgraph analyse` (Dutch
column headers and labels for codes) while `--format json` and `csv` keep the column names and codes.

(A user error in both languages, and the help's word on the language: tests/test_cli_wiring.py, which needs no Neo4j.)
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from api import i18n
from api.labels import label
from graph.store import Store
from importers.kaart import import_kaart

DATA = Path(__file__).parent / "data"
WIJK = "WK990101"


def cli(*args: str, language: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "WIJKGRAPH_LANG"}
    env |= {"COLUMNS": "250", "LANG": "en_US.UTF-8"}  # an English system locale: it does not count
    if language:
        env["WIJKGRAPH_LANG"] = language
    return subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def kaart(store: Store) -> Store:
    import_kaart(store, DATA / "kaart")
    return store


def test_an_import_problem_is_in_dutch_by_default_and_in_english_with_wijkgraph_lang_en(kaart: Store,
                                                                                       tmp_path: Path) -> None:
    household = json.loads((DATA / "households.json").read_text())["households"][1]
    household["wijk"] = "WK000000"
    path = tmp_path / "gezinnen.json"
    path.write_text(json.dumps({"households": [household]}), encoding="utf-8")
    key = household["id"]

    dutch = cli("import", "households", str(path))
    assert (dutch.returncode, dutch.stdout.strip(), dutch.stderr.strip()) == (1, "", (
        "Fout: gezinnen.json is niet geïmporteerd: 1 probleem; er is niets weggeschreven.\n"
        f"  gezinnen.json, huishouden 1 ({key}), kolom wijk: onbekende wijk 'WK000000': importeer eerst de sociale "
        "kaart met deze wijk"))
    english = cli("import", "households", str(path), language="en")
    assert (english.returncode, english.stdout.strip(), english.stderr.strip()) == (1, "", (
        "Error: gezinnen.json was not imported: 1 problem; nothing was written.\n"
        f"  gezinnen.json, household 1 ({key}), column wijk: unknown wijk 'WK000000': import the sociale kaart with "
        "this wijk first"))


def table_lines(output: str) -> list[list[str]]:
    """The cells of each line of a rich table (box characters and blank cells dropped)."""
    rows = []
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.replace("┃", "│").split("│")[1:-1]]
        if cells:
            rows.append(cells)
    return rows


def test_the_analysis_table_has_dutch_headers_and_labels_while_json_and_csv_keep_codes(kaart: Store) -> None:
    args = ("analyse", "missing_expertise", "--wijk", WIJK, "--expertise", "GGZ", "--expertise", "LVB")
    as_json = cli(*args, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert sorted((row["wijk"], row["expertise"]) for row in rows) == [(WIJK, "GGZ"), (WIJK, "LVB")]
    columns = list(rows[0])
    assert columns[:4] == ["wijk", "wijk_name", "expertise", "coverage"]  # English keys and codes in JSON
    assert {row["coverage"] for row in rows} <= {"in_team", "in_network", "fly_in", "thin", "missing"}
    as_csv = cli(*args, "--format", "csv")
    assert next(csv.reader(io.StringIO(as_csv.stdout))) == columns  # and in CSV

    table = cli(*args)
    assert table.returncode == 0, table.stderr
    assert "missing_expertise (2 rijen)" in table.stdout
    lines = table_lines(table.stdout)
    assert lines[0][:4] == ["wijk", "naam van de wijk", "expertise", "dekking"]
    assert len(lines[0]) == len(columns) and not {"wijk_name", "coverage", "demand"} & set(lines[0])
    expertise = {"GGZ": "geestelijke gezondheidszorg (GGZ)", "LVB": "licht verstandelijke beperking (LVB)"}
    i18n.set_language("nl")
    assert sorted((line[2], line[3]) for line in lines[1:]) == sorted(
        (expertise[row["expertise"]], label("coverage", row["coverage"])) for row in rows)
    assert not {row["coverage"] for row in rows} & {line[3] for line in lines[1:]}  # labels, not codes

    english = cli(*args, language="en")
    assert "missing_expertise (2 rows)" in english.stdout
    assert table_lines(english.stdout)[0][:4] == ["wijk", "wijk name", "expertise", "coverage"]
