"""`wijkgraph docs`: rewrite the generated documentation (data model, household JSON Schema)."""

from __future__ import annotations

from api.cli.output import console
from graph.settings import PROJECT_ROOT

MODEL_DOC = PROJECT_ROOT / "docs" / "model.md"


def docs_command() -> None:
    """Regenerate docs/model.md and importers/household.schema.json from graph/model.py."""
    from graph.model_doc import render_model_doc
    from importers.household_schema import SCHEMA_FILE, schema_text

    MODEL_DOC.write_text(render_model_doc(), encoding="utf-8")
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    console.print(f"Wrote {MODEL_DOC} and {SCHEMA_FILE}")
