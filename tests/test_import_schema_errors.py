"""The one JSON Schema error explainer, in the wording of each JSON importer; ImportOptions' file defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from importers.hsds import WORDING as HSDS
from importers.options import ImportOptions
from importers.schema_errors import Wording, explain

HOUSEHOLDS = Wording()


def message(schema: dict[str, Any], value: Any, wording: Wording) -> str:
    (error,) = Draft202012Validator(schema).iter_errors(value)
    return explain(error, wording)


def test_type_errors_in_each_wording() -> None:
    nullable = {"type": ["string", "null"]}
    assert message(nullable, 42, HSDS) == "expected a string, got int 42"
    assert message(nullable, 42, HOUSEHOLDS) == "expected ['string', 'null'], got int 42"
    assert message({"type": "boolean"}, "yes", HOUSEHOLDS) == "expected boolean, got str 'yes'"
    assert message(nullable, ["x" * 50], HSDS) == f"expected a string, got list {repr(['x' * 50])[:37]}..."


def test_enum_errors_in_each_wording() -> None:
    assert message({"enum": ["active", "inactive", None]}, "open", HSDS) == (
        "expected one of active, inactive, got str 'open'")
    assert message({"enum": ["strong", "weak"]}, "tenuous", HOUSEHOLDS) == (
        "expected one of strong, weak, got 'tenuous'")


def test_options_fill_in_the_defaults_for_a_file() -> None:
    path = Path("/data/kaart.xlsx")
    assert ImportOptions().for_file(path, "kaart") == ImportOptions(
        source="kaart:kaart", report=Path("/data/kaart.xlsx.rejected.csv"))
    chosen = ImportOptions(source="mine", report=Path("r.csv"), force=True)
    assert chosen.for_file(path, "kaart") == chosen
