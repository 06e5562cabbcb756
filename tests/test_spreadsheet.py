"""CSV exports cannot carry a formula into a spreadsheet (OWASP CSV injection)."""

from __future__ import annotations

import pytest

from api.spreadsheet import spreadsheet_safe


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
