"""The import guard asks per key only where the answer can differ (graph/sources.py, importers/guard.py).

A first load of a source cannot rewrite what its source holds, and a label no other source holds cannot hold a
foreign key: then the guard must not look up the keys (at national size those look-ups took minutes). Where the
answer can differ, it still must: a copy of a household file under another source name is refused.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from db_counts import graph_snapshot

import importers.guard as guard
from graph.sources import held_by_others
from graph.store import Store
from importers.households import import_households
from importers.kaart import import_kaart
from importers.problems import ImportRefused

DATA = Path(__file__).parent / "data"


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """Every per-key question of the guard: ('owners', labels) and ('rewritten', sources)."""
    calls: list[tuple[str, list[str]]] = []
    owners, rewritten = guard.owners, guard.rewritten

    def spy_owners(store: Store, source: str, nodes: Mapping[str, Iterable[Mapping[str, Any]]]) -> Any:
        calls.append(("owners", sorted(nodes)))
        return owners(store, source, nodes)

    def spy_rewritten(store: Store, sources: Iterable[str], *rest: Any, **named: Any) -> Any:
        calls.append(("rewritten", sorted(sources)))
        return rewritten(store, sources, *rest, **named)

    monkeypatch.setattr(guard, "owners", spy_owners)
    monkeypatch.setattr(guard, "rewritten", spy_rewritten)
    return calls


def test_held_by_others_counts_every_other_source(store: Store) -> None:
    assert held_by_others(store, "Household", "households:a") is False  # none at all
    store.write("CREATE (:Household {id: 'HH-1', source: 'households:a'})")
    assert held_by_others(store, "Household", "households:a") is False
    assert held_by_others(store, "Household", "households:b") is True
    store.write("CREATE (:Household {id: 'HH-2'})")  # no source: counted as another's, to be safe
    assert held_by_others(store, "Household", "households:a") is True


def test_a_first_load_asks_no_key_of_its_own_labels(store: Store, asked: list[tuple[str, list[str]]]) -> None:
    import_kaart(store, DATA / "kaart")
    asked.clear()
    import_households(store, DATA / "households.json")
    assert ("rewritten", ["households:households"]) not in asked
    assert asked and all(labels == [] for kind, labels in asked if kind == "owners"), asked


def test_a_copy_under_another_name_is_still_refused(store: Store, tmp_path: Path,
                                                    asked: list[tuple[str, list[str]]]) -> None:
    import_kaart(store, DATA / "kaart")
    import_households(store, DATA / "households.json")
    count = len(json.loads((DATA / "households.json").read_text(encoding="utf-8"))["households"])
    copy = tmp_path / "copy.json"
    shutil.copy(DATA / "households.json", copy)
    before = graph_snapshot(store, ignore=())
    asked.clear()
    with pytest.raises(ImportRefused) as error:
        import_households(store, copy)
    assert graph_snapshot(store, ignore=()) == before
    assert any(kind == "owners" and "Household" in labels for kind, labels in asked), asked
    assert any(str(problem).startswith(f"copy.json: source 'households:households' already holds Household keys "
                                       f"of this file: {count}, such as ") for problem in error.value.problems), [
        str(problem) for problem in error.value.problems]
