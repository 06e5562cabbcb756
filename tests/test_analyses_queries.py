"""Every Cypher file: a header that explains it, index lookups for the wijk; and the `wijkgraph analyse` CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from graph.store import Store
from queries import cypher_files
from queries.analyses import ANALYSES
from queries.explain import PlanCheck, explain, per_wijk_files
from tests.analyses_world import ON, World

PER_WIJK = per_wijk_files()


ANALYSIS_FILES = (
    "who_to_call", "dual_roles", "duplicate_professionals", "ecogram", "ecogram_change", "gaps", "missing_expertise",
    "multiple_coordinators", "network_graph", "overlapping_helpers", "shared_households", "too_many_helpers",
)


def test_the_analysis_files_are_there() -> None:
    # Other features keep their queries here too; these are the analyses'.
    assert set(ANALYSIS_FILES) <= set(cypher_files.names())
    assert {name for name in ANALYSIS_FILES if cypher_files.uses_wijk(name)} == set(ANALYSIS_FILES) - {
        "duplicate_professionals", "ecogram", "ecogram_change",
    }


@pytest.mark.parametrize("name", cypher_files.names())
def test_every_file_explains_itself(name: str) -> None:
    header = cypher_files.header(name)
    for field in cypher_files.HEADER_FIELDS:
        assert re.search(rf"^{field}", header, re.MULTILINE), f"{name}: no {field}"
    body = cypher_files.load(name)[len(header):]
    for parameter in set(re.findall(r"\$(\w+)", body)):
        assert f"${parameter}" in header, f"{name}: ${parameter} is not documented"
        # With an example value an analyst can set in Neo4j Browser.
        assert f":param {parameter} =>" in header, f"{name}: ${parameter} has no :param example"


@pytest.mark.parametrize("name", PER_WIJK)
def test_a_wijk_is_found_through_its_index(store: Store, name: str) -> None:
    check = explain(store, name, "WK063701", ON)
    assert check.wijk_operators, name
    assert all("IndexSeek" in kind for kind, _ in check.wijk_operators), (name, check.wijk_operators)
    assert not check.scans, (name, check.operators)
    assert check.problems == []


def test_the_explain_script_reports_each_file(store: Store) -> None:
    done = subprocess.run([sys.executable, "-m", "queries.explain", "WK063701"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines() if not line.startswith(" ")] == PER_WIJK
    assert all(line.endswith(": ok") for line in done.stdout.splitlines() if not line.startswith(" "))
    assert "  index  NodeUniqueIndexSeek" in done.stdout and "  scan " not in done.stdout


def test_a_label_scan_of_wijk_is_a_problem() -> None:
    scanned = PlanCheck("x", [("ProduceResults", "w"), ("NodeByLabelScan", "w:Wijk")])
    assert scanned.problems == ["NodeByLabelScan w:Wijk"]
    assert PlanCheck("y", [("Filter", "x.a = 1")]).problems == ["no operator reads :Wijk"]
    assert PlanCheck("z", [("NodeUniqueIndexSeek", "UNIQUE w:Wijk(code) WHERE code = $wijk"),
                           ("NodeByLabelScan", "t:Team")]).problems == ["NodeByLabelScan t:Team"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    # In English, to compare with the registry's English texts (the Dutch CLI: tests/test_cli_language.py).
    return subprocess.run([sys.executable, "-m", "api", "analyse", *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200", "WIJKGRAPH_LANG": "en"}, timeout=300)


def test_cli_lists_every_analysis(store: Store) -> None:
    done = cli("--list")
    assert done.returncode == 0, done.stderr
    for analysis in ANALYSES.values():
        assert f"{analysis.name}: {analysis.purpose.split('.')[0]}" in " ".join(done.stdout.split())
        assert f"access: {analysis.access.summary()}" in " ".join(done.stdout.split())
    assert "access: for every role; the sociale kaart, no household data" in done.stdout
    assert "--max-helpers (int, default 5) more helpers than this is too many" in done.stdout


def test_cli_runs_an_analysis_in_each_format(store: Store) -> None:
    World(store).wijk("WK1").wijk("WK2").team("T1", "WK1").civil("C1", "WK1", last_verified=ON)
    done = cli("multiple_coordinators", "--wijk", "WK1", "--on", "2026-01-01", "--format", "json")
    assert (done.returncode, json.loads(done.stdout)) == (0, [])
    done = cli("gaps", "--wijk", "WK1", "--on", "2026-01-01", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [(row["kind"], row["detail"]) for row in json.loads(done.stdout)] == [
        ("empty_group", "group A"), ("empty_group", "group B"), ("empty_group", "group C"),
        ("empty_group", "group D"), ("missing_signaller", "huisarts"), ("missing_signaller", "school"),
        ("missing_signaller", "wijkagent"), ("missing_signaller", "woningcorporatie"),
    ]
    done = cli("contacts", "--wijk", "WK1", "--on", "2026-01-01", "--format", "csv")
    assert done.stdout.splitlines() == [
        "id,kind,name,function,organisation,phone,email,last_verified,freshness,wijk,tier,roles,expertise,score,"
        "reasons,route",
        "C1,civil_partner,Partner C1,buurthuis,,,,2026-01-01,fresh,WK1,ring3,WK1 ring3,,43,civil partner in Wijk WK1,",
    ]
    done = cli("contacts", "buurthuis", "--wijk", "WK1", "--on", "2026-01-01")  # the free text as an argument
    assert done.returncode == 0 and "Partner C1" in done.stdout and "Who to call (1)" in done.stdout


def test_cli_errors_are_one_clear_message(store: Store) -> None:
    World(store).wijk("WK1")
    done = cli("nonsense")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: Unknown analysis 'nonsense'; the analyses are: missing_expertise, gaps,")
    done = cli("gaps", "--wijk", "WK404")
    assert (done.returncode, done.stderr.strip()) == (
        1, "Error: Unknown wijk WK404: no Wijk with that code in the database.")
    done = cli("contacts", "--wijk", "WK1", "--wijk", "WK404", "--wijk", "WK405")  # a known wijk among them
    assert (done.returncode, done.stderr.strip()) == (
        1, "Error: Unknown wijk WK404, WK405: no Wijk with that code in the database.")
    done = cli("gaps", "--max-helpers", "3")
    assert (done.returncode, done.stderr.strip()) == (
        1, "Error: Analysis 'gaps' has no parameter max_helpers; its parameters are: wijk, on, verification.")
    done = cli("gaps", "--on", "yesterday")
    assert (done.returncode, done.stderr.strip()) == (
        1, "Error: Analysis 'gaps': on must be a date YYYY-MM-DD, not 'yesterday'.")
    done = cli("ecogram")
    assert (done.returncode, done.stderr.strip()) == (1, "Error: Analysis 'ecogram' needs the parameter household.")
