"""The test suite wipes the database it runs on, so it refuses a NEO4J_URI it was not told it may wipe: a user who
exported NEO4J_URI for the app (README, docs/cluster.md) and then runs bin/test keeps their data. (A kept national
benchmark store was wiped this way once.)"""

from __future__ import annotations

import os
import subprocess
import sys

from graph.settings import PROJECT_ROOT


def test_a_neo4j_uri_without_permission_to_wipe_is_refused_before_any_test_runs() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "WIJKGRAPH_TESTS_MAY_WIPE"}
    environment["NEO4J_URI"] = "bolt://127.0.0.1:9"  # nothing listens there: a refusal must come before connecting
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_access.py::test_only_household_level_analyses_can_hold_an_alias"],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 2, done.stdout[-2000:]
    assert ("NEO4J_URI is set (bolt://127.0.0.1:9), and the tests wipe the database they run on, so they refuse a "
            "server they did not start. Unset NEO4J_URI to let them start their own Neo4j, or set "
            "WIJKGRAPH_TESTS_MAY_WIPE=1 when that database may be wiped.") in done.stdout
    assert " passed" not in done.stdout and " failed" not in done.stdout
