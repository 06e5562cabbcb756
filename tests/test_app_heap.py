"""The web app's first start in a process freezes the objects made at start-up out of the garbage collector's reach
and collects less often (api/app.py settle_heap): full collections over them were the slow calls of the pages
benchmark. Run in a fresh interpreter, as a server worker starts."""

from __future__ import annotations

import json
import subprocess
import sys

from graph.settings import PROJECT_ROOT

PROBE = """
import gc, json
from fastapi.testclient import TestClient
from api.app import GC_THRESHOLDS, create_app
before = (gc.get_freeze_count(), gc.get_threshold())
with TestClient(create_app(lambda: None)):
    first = gc.get_freeze_count()
    later = [[n] for n in range(20_000)]  # made after the start: not frozen by a second app either
    with TestClient(create_app(lambda: None)):
        second = gc.get_freeze_count()
print(json.dumps({"before": before, "first": first, "second": second, "after": gc.get_threshold(),
                  "thresholds": GC_THRESHOLDS}))
"""


def test_the_first_app_freezes_the_start_up_objects_once_and_collects_less_often() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before"] == [0, [700, 10, 10]]  # CPython's defaults before any app started
    assert seen["first"] > 50_000  # the modules, templates and the app
    # Once per process: a second freeze would hold the 20,000 lists made since; frozen objects may only be freed.
    assert seen["second"] <= seen["first"]
    assert seen["after"] == seen["thresholds"] == [10_000, 10, 10]
