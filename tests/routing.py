"""The routing-scheme run (issue 18, docs/cluster.md): the store, import and analysis tests once more through
``NEO4J_URI=neo4j://127.0.0.1:<port>``, the scheme of a cluster and of Aura, against the local test Neo4j.

``bin/test`` runs it after the whole suite (when it is given no arguments). It starts the test Neo4j again in
``$WIJKGRAPH_HOME/test-neo4j`` on a free port, runs pytest on :data:`ROUTING_TESTS` with the ``NEO4J_*`` variables
set (so conftest takes it for an external server: it wipes it before each test and starts nothing itself) and stops
it at the end, whatever happened; bin/test's own trap stops it by the same path if this process dies. Tests that
stop or start a local Neo4j themselves skip in this run, as they do against any external server.

    .venv/bin/python tests/routing.py [pytest arguments]     # e.g. -x, -k kaart
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from graph.local_neo4j import LocalNeo4j, free_port
from graph.settings import PROJECT_ROOT, wijkgraph_home

TESTS = Path(__file__).resolve().parent
# The files of the routing run, by name (patterns in tests/): what the store, the imports and the analyses do.
ROUTING_TESTS = (
    "test_foundation.py",  # the store: writes, reads, batches, duplicate keys, schema
    "test_cluster.py",  # bookmarks, access modes, busy or down
    "test_neo4j_down.py",  # the store's timeouts (the tests that stop a local Neo4j skip)
    "test_import_*.py",  # every import: sociale kaart, households, HSDS, caps, refusals
    "test_upkeep_imports.py",  # imports beside edits in the app: validation's reads, the cleanup's stale shares
    "test_analyses_*.py",  # every analysis
)


def routing_files() -> list[Path]:
    """The test files of :data:`ROUTING_TESTS`; a pattern that matches nothing is a mistake, not an empty run."""
    files: list[Path] = []
    for pattern in ROUTING_TESTS:
        matched = sorted(TESTS.glob(pattern))
        if not matched:
            raise SystemExit(f"tests/routing.py: no test file matches {pattern!r} in {TESTS}")
        files += [path for path in matched if path not in files]
    return files


def main(arguments: list[str]) -> int:
    if os.environ.get("NEO4J_URI"):
        print("== routing-scheme run skipped: NEO4J_URI is set, and the suite ran against that server already")
        return 0
    state = wijkgraph_home() / "test-neo4j"  # the suite's test Neo4j (conftest), stopped by bin/test's trap too
    LocalNeo4j(state).stop()
    shutil.rmtree(state, ignore_errors=True)
    local = LocalNeo4j(state, free_port())
    print(f"== routing-scheme run: starting the test Neo4j again (port {local.port})", flush=True)
    local.start(timeout=600)  # a busy CI machine: the start is slow, and a failed run costs the whole suite
    try:
        settings = local.connection()
        uri = "neo4j://" + settings.uri.removeprefix("bolt://")
        environment = {**os.environ, "NEO4J_URI": uri, "NEO4J_USERNAME": settings.username,
                       "NEO4J_PASSWORD": settings.password or "", "NEO4J_DATABASE": settings.database,
                       "WIJKGRAPH_TESTS_MAY_WIPE": "1"}  # the server this script started for them
        files = [str(path.relative_to(PROJECT_ROOT)) for path in routing_files()]
        print(f"== routing-scheme run: {len(files)} test files with NEO4J_URI={uri}", flush=True)
        began = time.monotonic()
        code = subprocess.call([sys.executable, "-m", "pytest", *files, *arguments], cwd=PROJECT_ROOT,
                               env=environment)
        print(f"== routing-scheme run: pytest took {time.monotonic() - began:.0f} s (exit code {code})", flush=True)
        return code
    finally:
        local.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
