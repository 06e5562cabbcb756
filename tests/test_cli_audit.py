"""The CLI's household-level reads are audited like the web app's: `wijkgraph analyse` of an analysis that rests on
household data writes an audit entry (the OS user, the households shown, the reason) before it prints anything, and
one household's data needs --reason."""

from __future__ import annotations

import csv
import io
import os
import pwd
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api import audit
from api.cli import analyse as cli_analyse
from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart
from queries.analyses import ANALYSES, AnalysisError

DATA = Path(__file__).parent / "data"
HOUSEHOLD = "HH-T-0001"  # in WK990101; its informal contact is "Oma"
OPERATOR = f"cli:{pwd.getpwuid(os.getuid()).pw_name}"


@pytest.fixture
def world(store: Store) -> Store:
    import_kaart(store, DATA / "kaart")
    import_households(store, DATA / "households.json")
    return store


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api", "analyse", *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"}, timeout=300)


def entries(store: Store) -> list[dict[str, Any]]:
    return [row["entry"] for row in store.read(
        "MATCH (a:AuditEntry) RETURN a {.user, .role, .resource, .what, .households, .household_count, .reason, "
        ".status} AS entry ORDER BY a.at")]


def test_one_households_ecogram_is_audited_before_it_is_printed(world: Store) -> None:
    done = cli("ecogram", "--household", HOUSEHOLD, "--on", "2025-06-01", "--reason", "casusoverleg", "--format",
               "json")
    assert done.returncode == 0, done.stderr
    assert "Oma" in done.stdout  # the operator sees the aliases, so the read must be on record
    assert entries(world) == [{
        "user": OPERATOR, "role": "operator", "resource": "cli analyse ecogram", "what": "analysis ecogram",
        "households": [HOUSEHOLD], "household_count": 1, "reason": "casusoverleg", "status": 200}]


def test_one_households_data_without_a_reason_is_refused_and_the_attempt_audited(world: Store) -> None:
    done = cli("ecogram_change", "--household", HOUSEHOLD)
    assert done.returncode == 1
    assert done.stdout == ""
    assert " ".join(done.stderr.split()) == (
        "Fout: Zeg waarom je de gegevens van dit huishouden opent: geef --reason, bijvoorbeeld --reason casusoverleg. "
        "Dat komt met je inlognaam in het auditlog.")
    assert entries(world) == [{
        "user": OPERATOR, "role": "operator", "resource": "cli analyse ecogram_change",
        "what": "analysis ecogram_change", "households": [HOUSEHOLD], "household_count": 1, "reason": None,
        "status": 400}]


def test_an_analysis_over_wijken_records_the_households_it_shows(world: Store) -> None:
    done = cli("too_many_helpers", "--wijk", "WK990101", "--max-helpers", "1", "--format", "csv")
    assert done.returncode == 0, done.stderr
    shown = {row["household"] for row in csv.DictReader(io.StringIO(done.stdout))}
    [entry] = entries(world)
    assert shown and entry["households"] == sorted(shown), (done.stdout, entry)
    assert (entry["user"], entry["role"], entry["resource"], entry["reason"], entry["status"]) == (
        OPERATOR, "operator", "cli analyse too_many_helpers", None, 200)


def test_a_household_level_count_is_audited_with_its_reason(world: Store) -> None:
    done = cli("missing_expertise", "--wijk", "WK990101", "--reason", "  wijkanalyse  ")
    assert done.returncode == 0, done.stderr
    [entry] = entries(world)
    assert (entry["resource"], entry["households"], entry["reason"]) == ("cli analyse missing_expertise", [],
                                                                        "wijkanalyse")


def test_the_sociale_kaart_is_not_audited_and_takes_no_reason(world: Store) -> None:
    assert cli("contacts", "--wijk", "WK990101").returncode == 0
    refused = cli("contacts", "--wijk", "WK990101", "--reason", "x")
    assert refused.returncode == 2 and "No such option: --reason" in refused.stderr
    assert entries(world) == []


def test_reason_is_an_option_of_exactly_the_household_level_analyses() -> None:
    for analysis in ANALYSES.values():
        command = cli_analyse.analysis_command(analysis, ANALYSES.values())
        options = {option for param in command.params for option in param.opts}
        assert ("--reason" in options) == analysis.access.household_level, analysis.name
    done = cli("ecogram", "--help")
    assert "--reason" in done.stdout and "auditlog" in done.stdout


def test_nothing_is_printed_when_the_audit_entry_cannot_be_written(
    world: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the audit log cannot be written")

    monkeypatch.setattr(audit, "record", broken)
    monkeypatch.setattr("graph.connection.open_store", lambda: world)
    for name, values in (("ecogram", {"household": HOUSEHOLD}), ("gaps", {"wijk": ["WK990101"]})):
        with pytest.raises(RuntimeError):
            cli_analyse.run_analysis(ANALYSES[name], values, "json", "casusoverleg")
        assert capsys.readouterr().out == ""


def test_a_reason_longer_than_200_characters_is_refused_before_anything_is_read(world: Store) -> None:
    with pytest.raises(AnalysisError, match="at most 200 characters"):
        cli_analyse.run_analysis(ANALYSES["ecogram"], {"household": HOUSEHOLD}, "json", "x" * 201)
    assert entries(world) == []
