"""The exposure rule holds however the app is started (issue 12): uvicorn run directly on 0.0.0.0, with no enabled
admin, refuses every request that arrives over an address other machines can reach, and serves this machine as
before; once an admin exists, the network is served too (and asks for a login like anywhere else)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from web_support import free_port

from api import auth
from graph.store import Store


def network_address() -> str:
    """This machine's address on its default route (no packet is sent: a UDP socket only picks its source)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.123", 9))  # TEST-NET-1: never routed anywhere
            address = probe.getsockname()[0]
        except OSError:
            address = ""
    if not address or address.startswith("127."):
        pytest.fail("this machine has no network address besides loopback, so the exposure rule cannot be tested")
    return address


@pytest.fixture
def uvicorn_on_all_addresses(store: Store) -> Iterator[int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "0.0.0.0", "--port", str(port),
         "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stderr.read() if server.stderr else "uvicorn stopped"
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_uvicorn_on_every_address_refuses_the_network_until_an_admin_exists(
        store: Store, uvicorn_on_all_addresses: int) -> None:
    port, address = uvicorn_on_all_addresses, network_address()
    remote = f"http://{address}:{port}"
    headers = {"Host": "127.0.0.1"}  # an allowed host name: the refusal is about the address, not the name
    for path in ("/login", "/index.json", "/health"):
        refused = httpx.get(f"{remote}{path}", headers=headers, timeout=10)
        assert refused.status_code == 503, (path, refused.status_code)
        assert "Deze wijkgraph is bereikbaar vanaf andere computers" in refused.text, path
    assert httpx.get(f"{remote}/index.json", headers=headers, timeout=10).headers["content-type"].startswith(
        "application/problem+json")
    # Through a proxy on this machine it is the network too.
    proxied = httpx.get(f"http://127.0.0.1:{port}/login", headers={"X-Forwarded-For": "198.51.100.7"}, timeout=10)
    assert proxied.status_code == 503
    assert httpx.get(f"http://127.0.0.1:{port}/login", timeout=10).status_code == 200  # this machine: as before
    token = auth.add_user(store, "net-admin", "admin")
    assert httpx.get(f"{remote}/login", headers=headers, timeout=10).status_code == 200
    assert httpx.get(f"{remote}/index.json", headers=headers, timeout=10).status_code == 401
    answer = httpx.get(f"{remote}/index.json", headers={**headers, "Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 200 and "municipalities" in answer.json()
