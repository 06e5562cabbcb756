"""A number too long for Python's int (json.loads refuses over 4,300 digits) is a problem of its household and
field, like any other wrong value, never an "Unexpected error ... This is a bug"."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_import_households import refused

from graph.store import Store
from importers.hsds import import_hsds
from importers.kaart import import_kaart
from importers.problems import ImportRefused

LONG = "9" * 100_000


@pytest.fixture
def kaart_loaded(store: Store, data_dir: Path) -> Store:
    import_kaart(store, data_dir / "kaart")
    return store


def households_with(data_dir: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = (data_dir / "households.json").read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path = tmp_path / "households.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('"financien": 2', f'"financien": {LONG}',
     "households.json, row household 1 (HH-T-0001), column zrm[0].scores.financien: expected integer, "
     "got a number of 100000 digits"),
    ('"complexity": "multiproblem"', f'"complexity": -{LONG}',
     "households.json, row household 1 (HH-T-0001), column complexity: expected one of"),
    ('"wijk": "WK990101"', f'"wijk": {LONG}',
     "households.json, row household 1 (HH-T-0001), column wijk: expected string, got a number of 100000 digits"),
])
def test_a_100000_digit_number_names_file_household_and_field(
    kaart_loaded: Store, data_dir: Path, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    problems = refused(kaart_loaded, households_with(data_dir, tmp_path, old, new))
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert len(problems[0]) < 300, "the number itself is never echoed"


def test_a_long_number_outside_the_households_names_the_field(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "households.json"
    path.write_text(f'{{"households": [], "extra": {LONG}}}', encoding="utf-8")
    assert refused(store, path) == ["households.json, column extra: unknown field; expected only households"]


def test_the_cli_names_the_household_instead_of_a_bug(kaart_loaded: Store, data_dir: Path, tmp_path: Path) -> None:
    path = households_with(data_dir, tmp_path, '"financien": 2', f'"financien": {LONG}')
    done = subprocess.run([sys.executable, "-m", "api", "import", "households", str(path)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1
    assert "Dit is een fout" not in done.stderr and "ValueError" not in done.stderr
    assert "huishouden 1 (HH-T-0001), kolom zrm[0].scores.financien: verwacht integer, maar het is a number of " \
           "100000 digits" in " ".join(done.stderr.split())


def test_hsds_names_the_row_and_field_of_a_long_number(kaart_loaded: Store, data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "hsds"
    shutil.copytree(data_dir / "hsds", folder)
    organisations = folder / "organizations.json"
    text = organisations.read_text(encoding="utf-8")
    organisations.write_text(text.replace('"name": "GGZ Test Ambulant"', f'"name": {LONG}', 1), encoding="utf-8")
    with pytest.raises(ImportRefused) as error:
        import_hsds(kaart_loaded, folder)
    problems = [str(problem) for problem in error.value.problems]
    assert len(problems) == 1, problems
    assert problems == ["organizations.json, row organizations[1] (org-2), column name: expected a string, got "
                        "a number of 100000 digits"]
