"""The audit log is append-only in the code: no Cypher text of the product can change or delete an audit entry.

Read from the source, not run: every Cypher text of our packages (string constants, f-strings with their fields as
``{}``, and ``.cypher`` files) is checked. A text that writes (SET, REMOVE, DELETE, MERGE) may not mention
AuditEntry at all, whatever its variable is called; and every node it deletes must be bound to a label that is not
AuditEntry (a label-less ``MATCH (n) DETACH DELETE n`` would take the log with it). Only ``api/audit.py`` creates
entries.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graph.load import CLEANABLE_NODES

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "importers", "queries", "api", "viz")
WRITES = re.compile(r"\b(SET|REMOVE|DELETE|MERGE)\b", re.IGNORECASE)
DELETED = re.compile(r"\bDELETE\s+(\w+)", re.IGNORECASE)


def _text_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: its fields become {} (a label from the model, a number)
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return None


def cypher_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            parts = [node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
            inside = {id(value) for joined in parts for value in joined.values}
            for node in ast.walk(tree):
                text = _text_of(node)
                if text and id(node) not in inside and re.search(r"\b(MATCH|CREATE|MERGE)\b", text):
                    texts.append((path.relative_to(ROOT).as_posix(), text))
        texts += [(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
                  for path in (ROOT / package).rglob("*.cypher")]
    return texts


def violations(text: str) -> list[str]:
    """What in one Cypher text could change or delete an audit entry."""
    if not WRITES.search(text):
        return []
    found = ["writes and mentions AuditEntry"] if "AuditEntry" in text else []
    for variable in DELETED.findall(text):
        labels = re.findall(rf"[(\[]\s*{variable}\s*:\s*([\w{{}}]+)", text)  # (n:Label) or [r:TYPE]
        if not labels:
            found.append(f"deletes {variable}, which no label binds")
        elif "AuditEntry" in labels:
            found.append(f"deletes {variable}:AuditEntry")
    return found


def test_the_check_catches_each_way_round_it() -> None:
    assert violations("MATCH (e:AuditEntry) SET e.reason = 'x'") == ["writes and mentions AuditEntry"]
    assert violations("MATCH (n) DETACH DELETE n") == ["deletes n, which no label binds"]
    assert violations("MATCH (n) WHERE n.source = $s DELETE n") == ["deletes n, which no label binds"]
    assert violations("MATCH (s:Session {id: $id}) DELETE s") == []
    assert violations("MATCH ()-[r:{}]->() WHERE r.source = $source DELETE r") == []
    assert violations("MATCH (n:{}) WHERE n.source = $source DETACH DELETE n") == []  # a label from the model
    assert violations("CREATE (a:AuditEntry $entry)") == []
    assert violations("MATCH (a:AuditEntry) RETURN a") == []


def test_no_code_updates_or_deletes_audit_entries() -> None:
    texts = cypher_texts()
    assert len(texts) > 50  # the scan reads the product's Cypher (an empty scan would pass anything)
    # Reads are logged by api/audit.py, changes by importers/upkeep/changes.py (in the change's own transaction).
    assert {file for file, text in texts if "CREATE (a:AuditEntry" in text} == {"api/audit.py",
                                                                                 "importers/upkeep/changes.py"}
    assert [(file, text, found) for file, text in texts if (found := violations(text))] == []


def test_the_cleanup_by_label_can_never_name_audit_entries() -> None:
    """graph/load.py deletes stale nodes of a model label (``MATCH (n:{label})``): the log is not one of them."""
    labels = {node.label for node in CLEANABLE_NODES}
    assert "Professional" in labels and "AuditEntry" not in labels
