"""Shared by the robustness tests of the importers: the test data and the database's counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.store import Store

DATA = Path(__file__).parent / "data"


def counts(store: Store) -> dict[str, int]:
    """Nodes per label, relationships per type and all properties: what a refused import must leave unchanged."""
    nodes = store.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
    rels = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    properties = store.read("MATCH (n) RETURN sum(size(keys(n))) AS n")[0]["n"]
    return {**{row["label"]: row["n"] for row in nodes}, **{row["type"]: row["n"] for row in rels},
            "(properties)": properties}


def household_document() -> dict[str, Any]:
    """A fresh copy of the test households (tests/data/households.json), to break."""
    return json.loads((DATA / "households.json").read_text(encoding="utf-8"))


def write_json(path: Path, document: Any) -> Path:
    """``document`` as JSON at ``path``; a string is written as it is (to write broken JSON)."""
    path.write_text(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False),
                    encoding="utf-8")
    return path
