"""A typed client generated from the published OpenAPI document (docs/openapi.json) by a standard generator
(openapi-python-client) calls the running API and gets typed answers: the document is good enough to build on."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

from web_support import WIJK_IN, live_server, load_test_world

from api.cli.docs import OPENAPI_DOC
from graph.store import Store

# The generator knows a few media types; the file downloads (XLSX twins, GraphML, GEXF, a zipped HSDS package) are,
# to a client, files of bytes, and its configuration says so (content_type_overrides) instead of the generator
# leaving those answers out with a warning.
FILE_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/graphml+xml",
              "application/gexf+xml", "application/zip")
GENERATOR_CONFIG = "content_type_overrides:\n" + "".join(f"  {media}: application/octet-stream\n"
                                                          for media in FILE_TYPES)


def generate_client(folder: Path) -> None:
    scripts = Path(sys.executable).parent  # the generator formats its output with ruff, beside it in the venv
    config = folder / "generator.yaml"
    config.write_text(GENERATOR_CONFIG, encoding="utf-8")
    done = subprocess.run([str(scripts / "openapi-python-client"), "generate", "--path", str(OPENAPI_DOC), "--meta",
                           "none", "--config", str(config), "--output-path", str(folder / "wijkgraph_client")],
                          capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr


def test_a_generated_client_gets_typed_answers(store: Store, tmp_path: Path) -> None:
    tokens = load_test_world(store)
    generate_client(tmp_path)
    sys.path.insert(0, str(tmp_path))
    try:
        client_module = importlib.import_module("wijkgraph_client")
        me = importlib.import_module("wijkgraph_client.api.meta.me_json_me_json_get")
        wijk = importlib.import_module("wijkgraph_client.api.wijken.wijk_json_wijken_code_json_get")
        with live_server(store) as base:
            client = client_module.AuthenticatedClient(base_url=base.rstrip("/"), token=tokens["coordinator"])
            user = me.sync(client=client)
            assert (type(user).__name__, user.name, str(user.role.value), user.scope) == (
                "User", "test-coordinator", "coordinator", [WIJK_IN])
            noord = wijk.sync(WIJK_IN, client=client, on="2026-06-15")
            assert (type(noord).__name__, noord.code, noord.name) == ("Wijk", WIJK_IN, "Noord")
            missing = wijk.sync("WK404", client=client)
            assert (type(missing).__name__, missing.status) == ("Problem", 404)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.startswith("wijkgraph_client")]:
            del sys.modules[name]
