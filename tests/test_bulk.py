"""The bulk first load (importers/bulk.py, graph/bulk.py) gives the graph of the transactional imports.

One local Neo4j of this module (its starts are slow on a busy machine) goes through, in order: `schema apply`; a bulk
load of the generated files (0.001 of national, households over three files) with one unknown wijk, refused with the
problems the transactional import gives and nothing changed; the bulk load of the good files; a second bulk load,
refused because the database is no longer empty; then, wiped, ``import_kaart`` and ``import_households`` of the same
files. The two graphs are compared whole, as multisets: every node's labels and properties with their types, every
relationship's type, ends (label and key) and typed properties. Only what a load stamps with its own time is left
out: ``firstseen`` and ``lastupdated`` of every node and relationship, and the data version's counter (``epoch``,
``version``, ``changed`` of the ``WijkgraphSchema`` node ``data``, graph/version.py).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph import schema
from graph.local_neo4j import LocalNeo4j, free_port
from graph.settings import wijkgraph_home
from graph.store import Store, connect
from importers.bulk import BulkInputs, BulkRefused, BulkResult, bulk_load, local_target
from importers.households import import_households
from importers.kaart import import_kaart
from importers.pipeline import ImportResult
from importers.problems import ImportRefused
from importers.scale import generate_scale, parse_scale

LOAD_STAMPS = ("firstseen", "lastupdated")  # each load's own time
DATA_VERSION = ("epoch", "version", "changed")  # the data version's counter: how many writes bumped it


def typed(value: Any) -> str:
    """A property value with its type: the date 2026-01-01 and the text '2026-01-01' differ, 1 and 1.0 too."""
    if isinstance(value, list):
        return "[" + ", ".join(typed(item) for item in value) + "]"
    return f"{type(value).__name__}:{value!r}"


def graph_multiset(store: Store) -> tuple[Counter[str], Counter[str]]:
    """Every node (labels, typed properties) and relationship (type, ends by label and key, typed properties)."""
    def shown(props: dict[str, Any], ignore: tuple[str, ...]) -> str:
        return "{" + ", ".join(f"{key}={typed(value)}" for key, value in sorted(props.items())
                               if key not in ignore) + "}"

    def ignored(labels: list[str], props: dict[str, Any]) -> tuple[str, ...]:
        data_version = "WijkgraphSchema" in labels and props.get("id") == "data"
        return LOAD_STAMPS + (DATA_VERSION if data_version else ())

    nodes = Counter(f"{sorted(row['labels'])} {shown(row['props'], ignored(row['labels'], row['props']))}"
                    for row in store.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"))
    rels = Counter(
        f"{row['a']}-[{row['type']} {shown(row['props'], LOAD_STAMPS)}]->{row['b']}"
        for row in store.read(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
            "labels(a)[0] + ':' + coalesce(a.id, a.code, a.name) AS a, "
            "labels(b)[0] + ':' + coalesce(b.id, b.code, b.name) AS b"))
    return nodes, rels


@dataclass
class World:
    """What one local Neo4j of this module went through, in order (one Neo4j: its starts are slow)."""

    empty: tuple[Counter[str], Counter[str]]  # after `schema apply`: the reference data
    bulk_refused: ImportRefused  # a bulk load of the kaart and households with one unknown wijk
    after_refused: tuple[Counter[str], Counter[str]]
    temporary_left: list[Path]  # the bulk load's temporary folders left behind
    bulk: BulkResult  # the bulk load of the good files
    bulk_graph: tuple[Counter[str], Counter[str]]
    not_empty: BulkRefused  # a second bulk load into the loaded database
    after_not_empty: tuple[Counter[str], Counter[str]]
    kaart: ImportResult  # then, wiped: the transactional imports of the same files
    transactional_refused: ImportRefused  # the bad households file
    households: ImportResult
    graph: tuple[Counter[str], Counter[str]]


def _bad_copy(data: Path, folder: Path) -> Path:
    shutil.copytree(data / "households", folder)
    last = sorted(folder.glob("*.json"))[-1]
    document = json.loads(last.read_text())
    document["households"][3]["wijk"] = "WK9999NO"
    last.write_text(json.dumps(document))
    return folder


def _bulk_side(local: LocalNeo4j, store: Store, data: Path, bad: Path) -> dict[str, Any]:
    schema.apply(store)  # as `wijkgraph neo4j start` leaves a new database: the reference data, nothing else
    seen: dict[str, Any] = {"empty": graph_multiset(store)}
    folders = set(wijkgraph_home().glob("bulk-*"))  # another bulk load in this home (a benchmark) may have its own
    with pytest.raises(ImportRefused) as refused:
        bulk_load(local, BulkInputs(data / "kaart", bad), start_timeout=900)
    seen.update(bulk_refused=refused.value, after_refused=graph_multiset(store),
                temporary_left=sorted(set(wijkgraph_home().glob("bulk-*")) - folders))
    seen["bulk"] = bulk_load(local, BulkInputs(data / "kaart", data / "households"), start_timeout=900)
    with closing(connect(local.connection())) as loaded:
        seen["bulk_graph"] = graph_multiset(loaded)
        with pytest.raises(BulkRefused) as not_empty:
            bulk_load(local, BulkInputs(data / "kaart", data / "households"), start_timeout=900)
        seen.update(not_empty=not_empty.value, after_not_empty=graph_multiset(loaded))
    return seen


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("bulk")
    data = root / "data"
    generate_scale(data, parse_scale("0.001"), 2026, households_per_file=200)
    bad = _bad_copy(data, root / "bad-households")
    local = LocalNeo4j(wijkgraph_home() / "test-bulk-neo4j", free_port())
    local.stop()
    shutil.rmtree(local.state_dir, ignore_errors=True)
    local.start(timeout=900)
    try:
        with closing(connect(local.connection())) as store:
            seen = _bulk_side(local, store, data, bad)
        with closing(connect(local.connection())) as store:
            store.write_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
            schema.apply(store)
            kaart = import_kaart(store, data / "kaart")
            with pytest.raises(ImportRefused) as refused:
                import_households(store, bad)
            households = import_households(store, data / "households")
            yield World(**seen, kaart=kaart, transactional_refused=refused.value, households=households,
                        graph=graph_multiset(store))
    finally:
        local.stop()
        shutil.rmtree(local.state_dir, ignore_errors=True)


def test_bulk_load_gives_the_graph_of_the_transactional_imports(world: World) -> None:
    nodes, rels = world.graph
    bulk_nodes, bulk_rels = world.bulk_graph
    assert sum(nodes.values()) > 4_000 and sum(rels.values()) > 15_000  # the whole 0.001 of national
    assert bulk_nodes - nodes == Counter() and nodes - bulk_nodes == Counter()
    assert bulk_rels - rels == Counter() and rels - bulk_rels == Counter()
    # What each input reports: the rows it wrote and what is new in the database, as the imports say it.
    kaart, households = world.bulk.results
    assert (kaart.source, households.source) == (world.kaart.source, world.households.source)
    assert (kaart.written, households.written) == (world.kaart.written, world.households.written)
    for bulk_side, transactional in ((kaart, world.kaart), (households, world.households)):
        for counter in ("nodes_created", "relationships_created"):
            assert bulk_side.database[counter] == transactional.database[counter]
    assert world.bulk.elements == sum(nodes.values()) + sum(rels.values()) - sum(world.empty[0].values()) - sum(
        world.empty[1].values())


def test_bad_file_is_refused_with_the_imports_problems_and_nothing_changes(world: World) -> None:
    assert [str(problem) for problem in world.bulk_refused.problems] == [
        str(problem) for problem in world.transactional_refused.problems]
    assert "WK9999NO" in str(world.bulk_refused)
    assert world.after_refused == world.empty
    assert world.temporary_left == []


def test_a_database_that_is_not_empty_is_refused_unchanged(world: World) -> None:
    assert str(world.not_empty).startswith("The database is not empty: besides the reference data it holds ")
    assert world.after_not_empty == world.bulk_graph


def test_a_remote_neo4j_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://example.databases.neo4j.io")
    with pytest.raises(BulkRefused, match=r"NEO4J_URI names neo4j\+s://example\.databases\.neo4j\.io\. Nothing"):
        local_target()
