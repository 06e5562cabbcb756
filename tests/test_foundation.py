"""The foundation: a real Neo4j 5.26 over Bolt, the store layer, the schema, the local runtime's errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph import schema
from graph.local_neo4j import LocalNeo4j, Neo4jRuntimeError, free_port
from graph.model import NODES
from graph.settings import ConnectionSettings, wijkgraph_home
from graph.store import DuplicateKeyError, Store, StoreUnavailable, connect

WIJKGRAPH = [sys.executable, "-m", "api"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WIJKGRAPH, *args], capture_output=True, text=True, env=env or dict(os.environ), timeout=300)


def test_server_is_neo4j_5_26_community(store: Store) -> None:
    assert store.server_agent().startswith("Neo4j/5.26.")
    components = store.read("CALL dbms.components() YIELD name, versions, edition RETURN *")
    assert components == [{"name": "Neo4j Kernel", "versions": [store.server_agent().split("/")[1]],
                           "edition": "community"}]


def test_write_and_read_back_through_bolt(store: Store) -> None:
    counters = store.write(
        "CREATE (:Municipality {code: $code, name: $name})", {"code": "GM0637", "name": "Zoetermeer"}
    )
    assert counters == {"nodes_created": 1, "labels_added": 1, "properties_set": 2}
    assert store.read("MATCH (m:Municipality {code: 'GM0637'}) RETURN m.name AS name") == [{"name": "Zoetermeer"}]


def test_batched_writes_hold_every_row(store: Store) -> None:
    rows = ({"code": f"WK{i:06d}", "name": f"wijk {i}"} for i in range(12_345))
    batches: list[int] = []
    counters = store.write_batches(
        "UNWIND $rows AS row CREATE (:Wijk {code: row.code, name: row.name})", rows, batch_size=1000,
        on_batch=batches.append,
    )
    assert counters["nodes_created"] == 12_345
    assert batches == [1000] * 12 + [345]
    assert store.read("MATCH (w:Wijk) RETURN count(w) AS n") == [{"n": 12_345}]


def test_duplicate_key_is_refused_with_a_clear_error(store: Store) -> None:
    store.write("CREATE (:Professional {id: 'P-1', name: 'Sanne de Vries'})")
    with pytest.raises(DuplicateKeyError) as refused:
        store.write("CREATE (:Professional {id: 'P-1', name: 'Someone Else'})")
    assert str(refused.value) == "A Professional with id 'P-1' already exists; keys must be unique."
    assert store.read("MATCH (p:Professional) RETURN p.name AS name") == [{"name": "Sanne de Vries"}]


def test_schema_is_complete_and_idempotent(store: Store) -> None:
    expected = {statement.name for statement in schema.statements()}
    assert expected <= schema.existing(store)
    before = schema.existing(store)
    assert schema.apply(store) == schema.SCHEMA_VERSION
    assert schema.existing(store) == before
    assert schema.recorded_version(store) == schema.SCHEMA_VERSION
    # every node label of the model has the uniqueness constraint of its key
    constraints = store.read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN *")
    unique = {(row["labelsOrTypes"][0], row["properties"][0]) for row in constraints if row["type"] == "UNIQUENESS"}
    keys = {(node.label, node.key) for node in NODES}
    assert len(keys) == len(NODES) > 10 and ("Household", "id") in keys
    assert keys - unique == set()


def test_reference_data_is_loaded(store: Store) -> None:
    codes = [row["code"] for row in store.read("MATCH (e:Expertise) RETURN e.code AS code ORDER BY code")]
    assert codes == sorted(["GGZ", "LVB", "SCHULDEN", "JEUGD", "OUDEREN", "VERSLAVING", "HUISELIJK_GEWELD",
                            "WERK_INKOMEN", "WONEN"])
    assert store.read(
        "MATCH (:LifeDomain {code: 'geestelijke_gezondheid'})-[:CALLS_FOR]->(e) RETURN e.code AS code"
    ) == [{"code": "GGZ"}]


def test_newer_schema_is_refused(store: Store) -> None:
    store.write("MATCH (s:WijkgraphSchema {id: 'schema'}) SET s.version = 99")
    with pytest.raises(schema.SchemaTooNew) as refused:
        schema.apply(store)
    assert str(refused.value) == (
        f"This database has wijkgraph schema version 99, newer than this wijkgraph's {schema.SCHEMA_VERSION}. "
        "Upgrade wijkgraph before using this database; nothing was changed."
    )


def test_unreachable_neo4j_is_a_clear_error() -> None:
    port = free_port()
    store = connect(ConnectionSettings(f"bolt://127.0.0.1:{port}", "neo4j", "x", "neo4j"))
    with pytest.raises(StoreUnavailable) as refused:
        store.read("RETURN 1")
    assert str(refused.value) == (
        f"Neo4j is not reachable at bolt://127.0.0.1:{port}. Start the local one with `wijkgraph neo4j start`."
    )
    store.close()


def test_cli_status_reports_the_server(neo4j_settings: ConnectionSettings, store: Store) -> None:
    result = run_cli("neo4j", "status")
    assert result.returncode == 0, result.stderr
    assert f"externe Neo4j op {neo4j_settings.uri}, database neo4j" in result.stdout  # Dutch unless WIJKGRAPH_LANG=en
    assert "server: Neo4j/5.26." in result.stdout


def test_second_start_reuses_the_running_instance(neo4j_settings: ConnectionSettings) -> None:
    if not neo4j_settings.uri.startswith("bolt://127.0.0.1"):
        pytest.skip("the session uses an external Neo4j")
    local = LocalNeo4j(wijkgraph_home() / "test-neo4j")
    status, started = local.start()
    assert started is False
    assert status.uri == neo4j_settings.uri


def test_port_taken_is_one_clear_message(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env.update(WIJKGRAPH_HOME=str(tmp_path), WIJKGRAPH_NEO4J_PORT=str(port))
        result = run_cli("neo4j", "start", env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Fout: Port {port} on 127.0.0.1 is already in use by another program, so the local Neo4j cannot "
        f"listen there. Stop that program or choose a free port, e.g. WIJKGRAPH_NEO4J_PORT={port + 10} "
        "wijkgraph neo4j start."
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_java_missing_is_one_clear_message(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_") and k != "JAVA_HOME"}
    env.update(WIJKGRAPH_HOME=str(tmp_path), PATH=str(Path(sys.executable).parent))
    result = run_cli("neo4j", "start", env=env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Fout: Java was not found. The local Neo4j 5.26 needs Java 17 or 21: install it (Debian: apt-get install "
        "openjdk-17-jdk-headless) or set JAVA_HOME, or point wijkgraph at an existing Neo4j with NEO4J_URI."
    )


def test_restart_keeps_data_and_damaged_data_folder_is_one_clear_message(
    tmp_path: Path, neo4j_settings: ConnectionSettings
) -> None:
    if not neo4j_settings.uri.startswith("bolt://127.0.0.1"):
        pytest.skip("the session uses an external Neo4j")
    local = LocalNeo4j(tmp_path / "neo4j", free_port())
    local.start()
    with connect(local.connection()).driver as driver:
        driver.execute_query("UNWIND range(1, 100) AS i CREATE (:Wijk {code: 'WK' + i})", database_="neo4j")
    assert local.stop() is True
    assert local.status().running is False
    assert "NEO4J_FAILED" not in local.log_file.read_text()
    # A clean stop keeps the data: the same folder starts again with everything in it.
    local.start()
    with connect(local.connection()).driver as driver:
        records = driver.execute_query("MATCH (w:Wijk) RETURN count(w) AS n", database_="neo4j").records
        assert records[0]["n"] == 100
    assert local.stop() is True
    for store_file in (local.data_folder / "databases" / "neo4j").glob("neostore*"):
        store_file.write_bytes(b"\x00not a neo4j store" * 100)
    with pytest.raises(Neo4jRuntimeError) as refused:
        local.start()
    message = str(refused.value)
    assert message.startswith(f"The local Neo4j could not open its data folder {local.data_folder}: it looks damaged")
    assert message.endswith(
        "Move that folder aside (or delete it, losing the local data) and run `wijkgraph neo4j start` again, "
        "then reload with `wijkgraph demo` or your imports."
    )
    assert local.status().running is False
