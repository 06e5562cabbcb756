"""CSV exports cannot carry a formula into a spreadsheet (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest
from web_support import WIJK_IN, client_for, load_test_world

from api.cli.analyse import print_rows
from api.spreadsheet import spreadsheet_safe
from api.web.common import csv_response
from graph.store import Store


@pytest.mark.parametrize(("text", "written"), [
    ('=HYPERLINK("http://x.example","klik")', '\'=HYPERLINK("http://x.example","klik")'),
    ("+31 6 1234 5678", "'+31 6 1234 5678"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("-3", "-3"),
    ("12.5", "12.5"),
    ("Buurthuis De Kern", "Buurthuis De Kern"),
    ("", ""),
])
def test_formula_starts_are_written_as_text(text: str, written: str) -> None:
    assert spreadsheet_safe(text) == written


# Whitespace before the formula: spreadsheets trim it on import and then run the formula.
HIDDEN_FORMULAS = [" @SUM(1)", "\n=1+1", "\t=1+1", "\r=1+1", "  +31 6", " \t\r\n-2+3", "\u00a0=1+1", "\u200b=1+1",
                   "\ufeff@SUM(1)", "\uff1d1+1"]


@pytest.mark.parametrize("text", HIDDEN_FORMULAS)
def test_formulas_after_leading_whitespace_are_written_as_text(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", [" 12", "\n-3", " Buurthuis = ontmoeting", "a=1"])
def test_numbers_and_plain_text_after_whitespace_stay_as_they_are(text: str) -> None:
    assert spreadsheet_safe(text) == text


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_cli_csv_writer_neutralises_hidden_formulas(capsys: pytest.CaptureFixture[str]) -> None:
    print_rows([{"name": text, "n": 1} for text in HIDDEN_FORMULAS], "csv", "t")
    rows = _cells(capsys.readouterr().out)
    assert [row[0] for row in rows[1:]] == ["'" + text for text in HIDDEN_FORMULAS]


def test_the_web_csv_writer_neutralises_hidden_formulas() -> None:
    response = csv_response([{"name": text} for text in HIDDEN_FORMULAS], "t")
    rows = _cells(bytes(response.body).decode("utf-8"))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in HIDDEN_FORMULAS]


def test_a_web_csv_twin_neutralises_a_stored_hidden_formula(store: Store) -> None:
    tokens = load_test_world(store)
    store.write("MATCH (w:Wijk {code: $code}) SET w.name = $name", {"code": WIJK_IN, "name": "\n=1+1"})
    answer = client_for(store, tokens["admin"]).get("/wijken.csv")
    assert answer.status_code == 200, answer.text
    rows = _cells(answer.text)
    name = rows[0].index("name")
    assert "'\n=1+1" in [row[name] for row in rows[1:]]
    assert "\n=1+1" not in [row[name] for row in rows[1:]]
