"""`wijkgraph docs`: rewrite the generated documentation (data model, household JSON Schema, import formats)."""

from __future__ import annotations

from api.cli.output import console
from api.i18n import gettext as _
from graph.settings import PROJECT_ROOT

MODEL_DOC = PROJECT_ROOT / "docs" / "model.md"
OPENAPI_DOC = PROJECT_ROOT / "docs" / "openapi.json"


def openapi_text() -> str:
    """The web API's OpenAPI document as the app serves it at /api/openapi.json, for readers of the docs and for
    client generators that work from a file."""
    import json

    from api.app import create_app

    return json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"


def docs_command() -> None:
    """Regenerate docs/model.md, docs/openapi.json, importers/household.schema.json and the tables of
    docs/import-formats.md."""
    from graph.model_doc import render_model_doc
    from importers.format_docs import write_import_formats
    from importers.household_schema import SCHEMA_FILE, schema_text

    MODEL_DOC.write_text(render_model_doc(), encoding="utf-8")
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    formats = write_import_formats()
    OPENAPI_DOC.write_text(openapi_text(), encoding="utf-8")
    console.print(_("Wrote {model}, {schema} and {formats}").format(model=MODEL_DOC, schema=SCHEMA_FILE,
                                                                     formats=formats))
    console.print(_("Wrote {path}").format(path=OPENAPI_DOC))
