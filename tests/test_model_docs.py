"""The generated documentation matches the model it documents."""

from __future__ import annotations

from graph.model import NODES, RELATIONSHIPS
from graph.model_doc import render_model_doc
from graph.settings import PROJECT_ROOT


def test_model_doc_is_up_to_date() -> None:
    committed = (PROJECT_ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert committed == render_model_doc(), "run `wijkgraph docs` and commit docs/model.md"


def test_model_doc_names_every_label_and_relationship() -> None:
    text = render_model_doc()
    for node in NODES:
        assert f"| `{node.label}` | `{node.key}` |" in text
    for rel in RELATIONSHIPS:
        assert f"`({rel.start})-[:{rel.type}]->({rel.end})`" in text


def test_the_published_openapi_document_is_the_apps() -> None:
    """docs/openapi.json is the document the app serves (typed answers, problem details), for readers and for
    client generators that work from a file."""
    import json

    from api.cli.docs import OPENAPI_DOC, openapi_text

    committed = OPENAPI_DOC.read_text(encoding="utf-8")
    assert committed == openapi_text(), "run `wijkgraph docs` and commit docs/openapi.json"
    document = json.loads(committed)
    assert "/analyses/{name}.json" in document["paths"] and "Problem" in document["components"]["schemas"]
