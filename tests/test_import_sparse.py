"""Relationships to reference nodes written from the sparse side (graph/load_sparse.py), two writers
(graph/writers.py), and the data version of an import that fails part way (importers/pipeline.py)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import wipe
from db_counts import graph_counts, graph_snapshot

import graph.store
from graph import load_sparse, schema
from graph.load import load_nodes, load_relationships
from graph.model import RELATIONSHIPS
from graph.store import Store
from graph.version import current
from graph.writers import WRITERS_VARIABLE, Batch, Retries, write_all
from importers.households import build_plan, import_households, read_households
from importers.kaart import import_kaart
from importers.options import ImportOptions
from importers.pipeline import Plan, run_import
from queries.explain import plan_operators

SPARSE = [rel for rel in RELATIONSHIPS if load_sparse.from_sparse_side(rel)]


@pytest.fixture
def kaart_loaded(store: Store, data_dir: Path) -> Store:
    import_kaart(store, data_dir / "kaart")
    return store


def many_households(data_dir: Path, tmp_path: Path, count: int) -> Path:
    """``count`` copies of the test file's first household under new keys (every key of its members, assessments,
    ecograms and consents starts with the household's), in one file."""
    text = json.dumps(json.loads((data_dir / "households.json").read_text())["households"][0])
    copies = [json.loads(text.replace("HH-T-0001", f"HH-X-{index:04}")) for index in range(count)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"households": copies}), encoding="utf-8")
    return path


def test_the_types_written_from_the_sparse_side_are_those_ending_on_reference_nodes() -> None:
    assert sorted(rel.name for rel in SPARSE) == ["agreement_expertise", "has_expertise", "needs", "offers",
                                                  "scored"]


@pytest.mark.parametrize("rel", SPARSE, ids=lambda rel: rel.name)
def test_plans_take_no_lock_on_the_reference_node_and_expand_from_the_start_node(store: Store, rel: Any) -> None:
    find, update = explain(store, load_sparse.find_query(rel)), explain(store, load_sparse.update_query(rel))
    create = explain(store, load_sparse.create_query(rel))
    for operators in (find, update, create):
        assert not {"Eager", "LockingMerge", "Merge"} & {name for name, _ in operators}, operators
    for operators in (find, update):
        expands = [(name, details) for name, details in operators if name.startswith("Expand")]
        assert len(expands) == 1 and expands[0][0] == "Expand(All)", operators
        assert expands[0][1].startswith("(a)-[r:"), expands  # from the start node, the sparse end


def explain(store: Store, query: Any) -> list[tuple[str, str]]:
    with store.session() as session:
        plan = session.run("EXPLAIN " + query, {"rows": [], "source": "s", "now": dt.datetime.now(dt.UTC)}
                           ).consume().plan
    return plan_operators(plan)


def test_reimport_creates_no_duplicate_and_keeps_firstseen(kaart_loaded: Store, data_dir: Path) -> None:
    store = kaart_loaded
    import_households(store, data_dir / "households.json")
    first = rels_to_reference(store)
    assert [(row["type"], row["end"]) for row in first] == [
        ("NEEDS", "GGZ"), ("SCORED", "financien"), ("SCORED", "geestelijke_gezondheid"), ("SCORED", "sociaal_netwerk")]
    counts = graph_counts(store)
    import_households(store, data_dir / "households.json")
    again = rels_to_reference(store)
    assert graph_counts(store) == counts
    assert [row["firstseen"] for row in again] == [row["firstseen"] for row in first]
    assert all(after["lastupdated"] > before["lastupdated"] for before, after in zip(first, again, strict=True))
    assert [row["props"] for row in again] == [row["props"] for row in first]


def rels_to_reference(store: Store) -> list[dict[str, Any]]:
    return store.read(
        "MATCH (a)-[r:NEEDS|SCORED]->(b) RETURN type(r) AS type, b.code AS end, r.firstseen AS firstseen, "
        "r.lastupdated AS lastupdated, r.source AS source, "
        "[k IN keys(r) WHERE NOT k IN ['firstseen', 'lastupdated'] | [k, r[k]]] AS props ORDER BY type, end")


def test_an_edit_in_the_app_keeps_its_source_and_firstseen(kaart_loaded: Store, data_dir: Path) -> None:
    store = kaart_loaded
    import_households(store, data_dir / "households.json")
    store.write("MATCH ()-[r:NEEDS|SCORED]->(b) WHERE b.code IN ['GGZ', 'financien'] "
                "SET r.source = 'wijkgraph:app', r.firstseen = datetime('2020-01-01T00:00:00Z')")
    import_households(store, data_dir / "households.json")
    rows = rels_to_reference(store)
    assert [(row["end"], row["source"]) for row in rows] == [
        ("GGZ", "wijkgraph:app"), ("financien", "wijkgraph:app"), ("geestelijke_gezondheid", "households:households"),
        ("sociaal_netwerk", "households:households")]
    assert [row["firstseen"].year for row in rows[:2]] == [2020, 2020]
    assert rows[0]["lastupdated"].year > 2020


def test_a_need_listed_twice_is_one_relationship_with_the_last_rows_properties(
    kaart_loaded: Store, data_dir: Path, tmp_path: Path
) -> None:
    document = json.loads((data_dir / "households.json").read_text())
    document["households"][0]["needs"] = [{"expertise": "GGZ", "since": "2025-01-01"},
                                          {"expertise": "LVB", "since": "2025-02-01"},
                                          {"expertise": "GGZ", "since": "2025-03-01"}]
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for _ in range(2):
        import_households(kaart_loaded, path)
        assert kaart_loaded.read(
            "MATCH (:Household {id: 'HH-T-0001'})-[r:NEEDS]->(e) RETURN e.code AS code, toString(r.since) AS since "
            "ORDER BY code") == [{"code": "GGZ", "since": "2025-03-01"}, {"code": "LVB", "since": "2025-02-01"}]


def test_two_writers_give_the_graph_of_the_merge_of_each_row(
    store: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same households written by the old load (one MERGE statement per type, one writer) and by the import
    with two writers and small batches: the same nodes, relationships and properties."""
    path = many_households(data_dir, tmp_path, 120)
    source = ImportOptions().for_file(path, "households").source
    assert source is not None
    import_kaart(store, data_dir / "kaart")
    plan = build_plan(read_households(path))
    now = dt.datetime.now(dt.UTC)
    for label, rows in plan.nodes.items():
        load_nodes(store, label, rows, source, now)
    for name, rows in plan.relationships.items():
        load_relationships(store, name, rows, source, now)
    merged = graph_snapshot(store, ignore=("lastupdated", "firstseen"))
    wipe(store)
    schema.apply(store)
    import_kaart(store, data_dir / "kaart")
    monkeypatch.setenv(WRITERS_VARIABLE, "2")
    monkeypatch.setattr(graph.store, "DEFAULT_BATCH_SIZE", 37)
    result = import_households(store, path)
    assert graph_snapshot(store, ignore=("lastupdated", "firstseen")) == merged
    assert result.written["SCORED"] == 360 and result.database["relationships_created"] > 360
    assert result.retries >= result.deadlocks >= 0


def test_an_import_that_fails_part_way_bumps_the_data_version(kaart_loaded: Store) -> None:
    store = kaart_loaded
    before = current(store)
    plan = Plan()
    plan.node("Household", {"id": "HH-FAIL-1", "composition": None, "with_children": None, "complexity": None})
    plan.relationship("needs", "HH-FAIL-1", "GGZ", since=object(), until=None)  # the driver cannot send it
    with pytest.raises((TypeError, ValueError)):
        run_import(store, "fail", plan, [], ImportOptions(source="households:fail"))
    assert store.read("MATCH (h:Household {id: 'HH-FAIL-1'}) RETURN count(h) AS n") == [{"n": 1}]
    assert current(store) != before  # the household is in: answers cached before it are not current


def test_a_deadlock_between_the_writers_is_retried_and_counted(store: Store) -> None:
    """Two batches that lock two nodes in opposite orders, each waiting for the other after its first lock: Neo4j
    ends one, the driver runs it again, and both are written."""
    store.write("CREATE (:Expertise {code: 'X1'}), (:Expertise {code: 'X2'})")
    meeting = threading.Barrier(2, timeout=30)

    def locking(first: str, second: str) -> Any:
        attempts = []

        def work(tx: Any) -> Counter[str]:
            attempts.append(1)
            tx.run("MATCH (e:Expertise {code: $code}) SET e.name = $code", code=first).consume()
            if len(attempts) == 1:
                meeting.wait()
            tx.run("MATCH (e:Expertise {code: $code}) SET e.name = $code", code=second).consume()
            return Counter(batches=1)

        return work

    retries = Retries()
    written = write_all(store, [Batch(1, locking("X1", "X2")), Batch(1, locking("X2", "X1"))], writers=2,
                        retries=retries)
    assert written == Counter(batches=2)
    assert (retries.retries, retries.deadlocks) == (1, 1)
