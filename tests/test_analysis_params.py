"""Analysis parameters from text or Python to checked values (queries/params.py), without a database: every kind's
accepted forms, its edges (0, the largest number, leap days) and the exact error for each wrong value, with the
template and fields the web app and the CLI translate. Written from the mutation check's survivors
(docs/mutation-report.md): before it, these were reached only through the CLI tests."""

from __future__ import annotations

import datetime as dt

import pytest

from queries.params import KINDS, MAX_NUMBER, TIERS, AnalysisError, Param, plain


def param(kind: str, **extra: object) -> Param:
    return Param("x", kind, extra.pop("default", None), "help text", **extra)  # type: ignore[arg-type]


def refused(kind: str, value: object) -> AnalysisError:
    with pytest.raises(AnalysisError) as error:
        param(kind).coerce("gaps", value)
    return error.value


def test_a_date_from_text_or_a_date() -> None:
    assert param("date").coerce("gaps", "2024-02-29") == dt.date(2024, 2, 29)
    assert param("date").coerce("gaps", dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    for wrong in ("2025-02-29", "29-02-2024", "", "yesterday"):
        error = refused("date", wrong)
        assert str(error) == f"Analysis 'gaps': x must be a date YYYY-MM-DD, not {wrong!r}."
        assert (error.template, error.fields) == (
            "Analysis {analysis!r}: {param} must be a date YYYY-MM-DD, not {value!r}.",
            {"analysis": "gaps", "param": "x", "value": wrong})


def test_a_whole_number_from_zero_to_the_largest() -> None:
    assert [param("int").coerce("gaps", value) for value in ("0", 7, "1000000")] == [0, 7, MAX_NUMBER]
    assert str(refused("int", "-1")) == "Analysis 'gaps': x must be zero or more, not '-1'."
    assert str(refused("int", MAX_NUMBER + 1)) == (
        f"Analysis 'gaps': x must be at most {MAX_NUMBER}, not {MAX_NUMBER + 1!r}.")
    assert refused("int", MAX_NUMBER + 1).fields == {"analysis": "gaps", "param": "x", "value": MAX_NUMBER + 1,
                                                      "most": MAX_NUMBER}
    for wrong in ("three", "1.5", None, ""):
        assert str(refused("int", wrong)) == f"Analysis 'gaps': x must be a whole number, not {wrong!r}."


def test_wijken_as_one_code_or_several_trimmed_and_none_when_empty() -> None:
    assert param("wijken").coerce("gaps", " WK1 ") == ["WK1"]
    assert param("wijken").coerce("gaps", ["WK1", " ", "WK2 "]) == ["WK1", "WK2"]
    assert param("wijken").coerce("gaps", ["", " "]) is None


def test_expertise_codes_in_any_case_and_the_unknown_ones_named() -> None:
    assert param("expertise_list").coerce("gaps", ["ggz", " Lvb "]) == ["GGZ", "LVB"]
    assert param("expertise_list").coerce("gaps", "schulden") == ["SCHULDEN"]
    assert param("expertise").coerce("gaps", "ggz") == "GGZ"
    error = refused("expertise_list", ["GGZ", "ZORG", "X"])
    assert str(error).startswith("Analysis 'gaps': unknown expertise ZORG, X; valid: GGZ, LVB, SCHULDEN")
    assert error.fields["wrong"] == "ZORG, X"
    assert str(refused("expertise", "zorg")).startswith("Analysis 'gaps': unknown expertise ZORG; valid: GGZ, LVB")
    assert str(refused("expertise", ["GGZ", "LVB"])) == (
        "Analysis 'gaps': x must be one expertise code, not ['GGZ', 'LVB'].")


def test_a_tier_is_one_of_the_rings_and_groups() -> None:
    assert [param("tier").coerce("gaps", tier) for tier in TIERS] == list(TIERS)
    error = refused("tier", "E")
    assert str(error) == f"Analysis 'gaps': x must be one of {', '.join(TIERS)}, not 'E'."
    assert error.fields["valid"] == ", ".join(TIERS)


def test_text_is_trimmed_and_none_when_empty() -> None:
    assert param("text").coerce("gaps", "  Dock ") == "Dock"
    assert param("text").coerce("gaps", "   ") is None


def test_a_declaration_says_its_kind_default_and_help() -> None:
    assert param("int", default=5).summary() == "(int, default 5) help text"
    assert param("expertise_list", default=("GGZ", "LVB")).describe() == "x (expertise_list, default GGZ,LVB) help text"
    assert param("date", required=True).summary() == "(date, required) help text"
    assert param("date", default=dt.date.today, default_label="today").summary() == "(date, default today) help text"
    assert param("date", default=lambda: dt.date(2026, 1, 2)).default_value() == dt.date(2026, 1, 2)
    assert param("int", default=3).default_value() == 3
    assert [param(kind).repeats for kind in KINDS] == [kind in ("wijken", "expertise_list") for kind in KINDS]
    with pytest.raises(ValueError, match="parameter x: unknown kind 'float'; the kinds are wijken, date, int, number"):
        param("float")


def test_an_error_without_fields_is_its_template() -> None:
    error = AnalysisError("There is no analysis {name}.")
    assert (str(error), error.template, error.fields) == ("There is no analysis {name}.",
                                                          "There is no analysis {name}.", {})
    filled = AnalysisError("There is no analysis {name}.", name="x")
    assert (str(filled), filled.fields) == ("There is no analysis x.", {"name": "x"})


def test_plain_values_for_json() -> None:
    from neo4j.time import Date, DateTime

    assert plain({"on": Date(2026, 1, 2), "at": [DateTime(2026, 1, 2, 3, 4, 5)], "n": (1, "a")}) == {
        "on": "2026-01-02", "at": ["2026-01-02T03:04:05.000000000"], "n": [1, "a"]}
    assert plain(dt.datetime(2026, 1, 2, 3, 4)) == "2026-01-02T03:04:00"
