"""Faults (issue 7 item 2): Neo4j killed in the middle of an import, Neo4j down for the API and the CLI.

A separate local Neo4j runs in a temporary folder on a free port (the session's test Neo4j is the reference: a
fresh database that gets the same import without interruption). The import is the scale generator's set at 0.4 %
(1 municipality, 13 wijken, 2,000 households): its household load is many batches of 5,000 rows, so a SIGKILL sent
from a thread once the first two are committed lands in the middle of it (the test checks that it did).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import LOCAL

from api import auth
from api.app import create_app
from graph import schema
from graph.local_neo4j import LocalNeo4j, Neo4jRuntimeError, free_port
from graph.model import NODES
from graph.settings import ConnectionSettings
from graph.store import Store, StoreUnavailable, connect
from importers.households import import_households
from importers.kaart import import_kaart
from importers.options import ImportOptions
from importers.scale import Size, generate_scale

KILL_AFTER_ROWS = 10_000  # two committed batches of the household load
# A behaviour check, not a benchmark: the API must answer 503 at once instead of after the driver's retries (15 s
# and more). The bound of the issue is 2 s; the machine running CI may be busy, which the margin below allows for
# while staying far under the retry time it guards against.
ANSWER_WITHIN = 2.0


@pytest.fixture(scope="module")
def scale_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale")
    generate_scale(folder, Size.fraction(0.004), 2026, households_per_file=2_000)
    return folder


@pytest.fixture
def local(tmp_path: Path, neo4j_settings: ConnectionSettings) -> Iterator[LocalNeo4j]:
    """A second local Neo4j in tmp_path; stopped at the end whatever happened."""
    if not neo4j_settings.uri.startswith("bolt://127.0.0.1"):
        pytest.skip("the session uses an external Neo4j; this test starts and kills a local one")
    instance = LocalNeo4j(tmp_path / "neo4j", free_port())
    instance.start()
    try:
        yield instance
    finally:
        with contextlib.suppress(Neo4jRuntimeError):  # killed and not restarted: nothing to stop
            instance.stop()


def snapshot(store: Store) -> dict[str, Any]:
    """Everything that says which graph this is: counts per label and type, every key, every relationship."""
    labels = {row["label"]: row["n"] for row in store.read(
        "MATCH (n) WHERE NOT n:User AND NOT n:AuditEntry UNWIND labels(n) AS label RETURN label, count(*) AS n")}
    keys = {}
    for node in NODES:
        if node.label in ("User", "AuditEntry"):
            continue
        rows = store.read("MATCH (n) WHERE $label IN labels(n) RETURN n[$key] AS key", {"label": node.label,
                                                                                       "key": node.key})
        found = [row["key"] for row in rows]
        assert len(found) == len(set(found)), f"duplicate {node.label} keys"
        keys[node.label] = set(found)
    relationships = store.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.id, a.code) AS a, coalesce(b.id, b.code) AS b, "
        "coalesce(r.ident, '') AS ident")
    triples = [(row["type"], row["a"], row["b"], row["ident"]) for row in relationships]
    assert len(triples) == len(set(triples)), "duplicate relationships"
    types: dict[str, int] = {}
    for triple in triples:
        types[triple[0]] = types.get(triple[0], 0) + 1
    return {"labels": labels, "types": types, "keys": keys, "relationships": set(triples)}


class KillWhenCommitted:
    """An import progress that SIGKILLs Neo4j from another thread once ``rows`` rows are committed."""

    def __init__(self, pid: int, rows: int) -> None:
        self.pid, self.rows, self.done = pid, rows, 0
        self.committed = threading.Event()
        self.killed_at_rows: int | None = None
        self.thread = threading.Thread(target=self._kill, daemon=True)
        self.thread.start()

    def _kill(self) -> None:
        if self.committed.wait(timeout=600):
            self.killed_at_rows = self.done
            os.kill(self.pid, signal.SIGKILL)

    def start(self, description: str, total: int) -> None:
        self.total = total

    def advance(self, amount: int) -> None:
        self.done += amount
        if self.done >= self.rows:
            self.committed.set()


def cli(*args: str, home: Path, port: int) -> subprocess.Popen[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    env.update(WIJKGRAPH_HOME=str(home), WIJKGRAPH_NEO4J_PORT=str(port))
    return subprocess.Popen([sys.executable, "-m", "api", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


def test_kill_during_import_then_restart_and_rerun_gives_the_same_graph(
    store: Store, local: LocalNeo4j, scale_data: Path, tmp_path: Path
) -> None:
    kaart, households = scale_data / "kaart", scale_data / "households"
    # The reference: the same import, uninterrupted, into a fresh database.
    import_kaart(store, kaart)
    import_households(store, households)
    expected = snapshot(store)
    assert expected["labels"]["Household"] == 2_000

    faulty = connect(local.connection())
    schema.apply(faulty)
    token = auth.add_user(faulty, "fault-admin", "admin")
    client = TestClient(create_app(lambda: faulty), raise_server_exceptions=False, base_url=LOCAL)
    client.headers["Authorization"] = f"Bearer {token}"
    import_kaart(faulty, kaart)
    assert client.get("/wijken.json").status_code == 200  # the API has just seen Neo4j up
    count_all = "MATCH (n) WHERE NOT n:User RETURN count(n) AS n"
    before_households = faulty.read(count_all)[0]["n"]

    pid = local.status().pid
    assert pid is not None
    killer = KillWhenCommitted(pid, KILL_AFTER_ROWS)
    with pytest.raises(StoreUnavailable) as failed:
        import_households(faulty, households, ImportOptions(progress=killer))
    killer.thread.join(timeout=30)
    assert str(failed.value) == (f"Neo4j is not reachable at bolt://127.0.0.1:{local.port}. Start the local one "
                                 "with `wijkgraph neo4j start`.")
    assert killer.killed_at_rows is not None and KILL_AFTER_ROWS <= killer.killed_at_rows < killer.total
    assert local.status().running is False

    # Neo4j down: the API answers 503 with a problem detail at once.
    started = time.monotonic()
    response = client.get("/wijken.json")
    elapsed = time.monotonic() - started
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["title"] == "Neo4j is niet bereikbaar" and body["detail"].endswith(str(failed.value))
    assert body["detail"].startswith("De database is niet bereikbaar, dus wijkgraph kan nu niet antwoorden.")
    assert elapsed < ANSWER_WITHIN, f"503 took {elapsed:.1f} s"
    # ... and the CLI says that Neo4j is not reachable and how to start it, without a traceback.
    status = cli("neo4j", "status", home=tmp_path, port=local.port)
    analyse = cli("analyse", "gaps", home=tmp_path, port=local.port)
    status_out, status_err = status.communicate(timeout=120)
    analyse_out, analyse_err = analyse.communicate(timeout=120)
    assert (status.returncode, status_out.strip()) == (1, (
        f"Neo4j draait niet (gegevensmap {local.data_folder}). Start hem met `wijkgraph neo4j start`."))
    assert (analyse.returncode, analyse_err.strip()) == (1, f"Fout: {failed.value}")  # the CLI speaks Dutch
    assert "Traceback" not in status_err + analyse_out + analyse_err

    # Restart: Neo4j recovers its store; the API recovers by itself; the rerun completes the import.
    local.start()
    deadline, answers = time.monotonic() + 30, []
    while time.monotonic() < deadline:
        answers.append(client.get("/wijken.json").status_code)
        if answers[-1] == 200:
            break
        time.sleep(0.5)
    assert answers[-1] == 200 and set(answers) <= {200, 503}, answers
    # What was committed before the kill survived the crash; the rest was never written.
    partial = faulty.read(count_all)[0]["n"]
    assert before_households < partial < sum(expected["labels"].values()), (before_households, partial)
    import_households(faulty, households)
    assert snapshot(faulty) == expected
    faulty.close()
