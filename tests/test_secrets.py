"""Secrets and defaults (issue 7 item 6): the local Neo4j listens on 127.0.0.1 only, no token or password reaches a
log, and the app refuses to serve beyond this machine without authentication configured."""

from __future__ import annotations

import ipaddress
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from web_support import IN_SCOPE, free_port, load_test_world, log_in

from api import auth
from api.app import create_app
from api.cli.serve import check_exposure, is_loopback
from graph.local_neo4j import LocalNeo4j
from graph.settings import ConnectionSettings, wijkgraph_home
from graph.store import Store

LISTEN = "0A"


def listening_addresses(pid: int) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket the process listens on, from /proc (no tools needed)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table, width in (("tcp", 8), ("tcp6", 32)):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state != LISTEN or inode not in inodes:
                continue
            address, port = local.split(":")
            assert len(address) == width
            found.add((_address(address), int(port, 16)))
    return found


def _address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    words = [raw[i:i + 4][::-1] for i in range(0, len(raw), 4)]  # /proc prints each 32-bit word little-endian
    packed = b"".join(words)
    if len(packed) == 4:
        return ".".join(str(byte) for byte in packed)
    address = ipaddress.IPv6Address(packed)
    return str(address.ipv4_mapped or address)  # Java listens on IPv4 through an IPv4-mapped IPv6 socket


def test_the_local_neo4j_listens_on_loopback_only(neo4j_settings: ConnectionSettings) -> None:
    if not neo4j_settings.uri.startswith("bolt://127.0.0.1"):
        pytest.skip("the session uses an external Neo4j")
    status = LocalNeo4j(wijkgraph_home() / "test-neo4j").status()
    assert status.running and status.pid
    listening = listening_addresses(status.pid)
    port = int(neo4j_settings.uri.rsplit(":", 1)[1])
    assert ("127.0.0.1", port) in listening
    assert all(address in ("127.0.0.1", "::1") for address, _ in listening), listening


def test_address_parsing_of_proc_net() -> None:
    assert _address("0100007F") == "127.0.0.1"
    assert _address("00000000") == "0.0.0.0"
    assert _address("00000000000000000000000001000000") == "::1"
    assert _address("0000000000000000FFFF00000100007F") == "127.0.0.1"


@pytest.fixture
def log_file(tmp_path: Path):
    """Every log record of the server side of this process (app, uvicorn, the neo4j driver) at DEBUG into one file.

    The test's own HTTP client (httpx, httpcore) is left out: it logs the headers it receives, cookies included.
    """
    path = tmp_path / "everything.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.addFilter(lambda record: not record.name.startswith(("httpx", "httpcore")))
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(args)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # An earlier server in this process may have configured uvicorn's loggers not to propagate to the root.
    uvicorn_loggers = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")]
    old_states = [(logger.propagate, logger.disabled) for logger in uvicorn_loggers]
    for logger in uvicorn_loggers:
        logger.propagate, logger.disabled = True, False
    try:
        yield path
    finally:
        for logger, (propagate, disabled) in zip(uvicorn_loggers, old_states, strict=True):
            logger.propagate, logger.disabled = propagate, disabled
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def test_tokens_and_passwords_never_reach_a_log(store: Store, neo4j_settings: ConnectionSettings,
                                               log_file: Path, tmp_path: Path) -> None:
    tokens = load_test_world(store)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(lambda: store), host="127.0.0.1", port=port, log_config=None,
                                           log_level="debug", access_log=True, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.1)
        with httpx.Client(base_url=base) as client:
            login = log_in(client, tokens["coordinator"])
            assert login.status_code == 303
            cookie = login.cookies[auth.SESSION_COOKIE]
            assert client.get("/me.json").json()["name"] == "test-coordinator"  # with the session cookie
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens['admin']}"}) as client:
            assert client.get(f"/households/{IN_SCOPE}.json").status_code == 200
            assert client.get("/users.json").status_code == 200
        assert httpx.get(f"{base}/me.json", headers={"Authorization": "Bearer wg_wrong-token"}).status_code == 401
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    env = dict(os.environ, WIJKGRAPH_DEBUG="1")
    added = subprocess.run([sys.executable, "-m", "api", "users", "add", "secret-tester", "--role", "analyst"],
                           capture_output=True, text=True, env=env, timeout=120)
    assert added.returncode == 0, added.stderr
    new_token = next(line for line in added.stdout.split() if line.startswith(auth.TOKEN_PREFIX))

    secrets = {"coordinator token": tokens["coordinator"], "admin token": tokens["admin"],
               "new token": new_token, "wrong token": "wg_wrong-token", "session cookie": cookie}
    if neo4j_settings.password:
        secrets["Neo4j password"] = neo4j_settings.password
    logs = {"app, uvicorn and driver log": log_file.read_text(encoding="utf-8"),
            "users add stderr": added.stderr}
    state = wijkgraph_home() / "test-neo4j"
    if neo4j_settings.uri.startswith("bolt://127.0.0.1") and state.exists():
        logs["launcher.log"] = (state / "launcher.log").read_text(errors="replace")
        for path in sorted((state / "dbms" / "logs").glob("*.log")):
            logs[path.name] = path.read_text(errors="replace")
        assert "debug.log" in logs
    assert "GET /households/" in logs["app, uvicorn and driver log"]  # the log did record the requests
    leaks = [f"{what} in {name}" for what, secret in secrets.items() for name, text in logs.items()
             if secret in text]
    assert not leaks, leaks


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "10.1.2.3", "wijkgraph.example"])
def test_other_addresses(host: str) -> None:
    assert not is_loopback(host)


def test_serving_beyond_this_machine_needs_an_admin(store: Store) -> None:
    refusal = ("Refusing to serve on 0.0.0.0, which other machines can reach, without authentication configured: "
               "there is no admin user. Create one first with `wijkgraph users add <name> --role admin`, or serve "
               "on 127.0.0.1 (the default).")
    check_exposure(store, "127.0.0.1")  # this machine only: always allowed
    with pytest.raises(RuntimeError) as refused:
        check_exposure(store, "0.0.0.0")
    assert str(refused.value) == refusal
    auth.add_user(store, "only-admin", "admin")
    # wijkgraph refuses to disable the last enabled admin; a database can still hold only disabled ones (one from
    # before that rule, or edited by hand).
    store.write("MATCH (u:User {name: 'only-admin'}) SET u.disabled = true")
    with pytest.raises(RuntimeError):
        check_exposure(store, "0.0.0.0")  # a disabled admin is no admin
    auth.add_user(store, "admin", "admin")
    check_exposure(store, "0.0.0.0")


def test_serve_refuses_without_an_admin(store: Store) -> None:
    # 192.0.2.10 is TEST-NET-1 (RFC 5737): not an address of this machine, so nothing could ever listen there.
    result = subprocess.run([sys.executable, "-m", "api", "serve", "--host", "192.0.2.10", "--port",
                             str(free_port())], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Fout: wijkgraph draait niet op 192.0.2.10, dat andere computers kunnen bereiken, zolang niemand kan inloggen "
        "om hem te beheren: er is geen beheerder. Maak er eerst een met `wijkgraph users add <naam> --role admin`, of "
        "draai op 127.0.0.1 (de standaard).")
