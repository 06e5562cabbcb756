"""Time to 503 when Neo4j goes down under the web app (issue 12): ``python -m bench.neo4j_down [--clients 8]``.

A local Neo4j of its own (in a temporary folder, on a free port) gets a small generated world (1 municipality,
13 wijken, 2,000 households); ``wijkgraph serve``'s app runs with uvicorn in a thread on loopback, with the store
it uses in production (``graph.connection.open_store``, so the web app's driver settings). Client threads request
the contact search, a household-level analysis and the wijk list without pause, while Neo4j is

1. stopped cleanly (SIGTERM: Neo4j's own shutdown), then started again;
2. killed (SIGKILL), then started again.

For each it prints how long the requests took that were *in flight* when Neo4j went down and were answered 503,
how long the requests took that *started while it was down or restarting* and were answered 503, and when the
app answered 200 again. Answers other than 200 and 503 are counted (there should be none). No assertion: these are
the figures for SECURITY.md; the behaviour itself is tested in tests/test_neo4j_down.py.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from api import auth
from api.app import create_app
from graph import schema
from graph.local_neo4j import LocalNeo4j, free_port
from graph.store import connect
from importers.households import import_households
from importers.kaart import import_kaart
from importers.scale import Size, generate_scale


@dataclass(frozen=True)
class Answer:
    started: float
    ended: float
    status: int
    path: str

    @property
    def seconds(self) -> float:
        return self.ended - self.started


WARM_ANSWERS = 100  # 200s before Neo4j goes down: the in-flight requests are not the first (cold) ones
SLOW = 2.0  # seconds: an answer other than 200 that took longer is listed


class Clients:
    """Threads that request the app without pause and keep every answer's start, end and status."""

    def __init__(self, base: str, token: str, wijk: str, count: int) -> None:
        self.base, self.token, self.wijk = base, token, wijk
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(count)]

    def _run(self, n: int) -> None:
        paths = [f"/contacts.json?wijk={self.wijk}&text=wijk", f"/analyses/gaps.json?wijk={self.wijk}",
                 "/wijken.json"]
        with httpx.Client(base_url=self.base, timeout=120,
                          headers={"Authorization": f"Bearer {self.token}"}) as client:
            i = n
            while not self.stop.is_set():
                started, path = time.monotonic(), paths[i % len(paths)]
                try:
                    status = client.get(path).status_code
                except httpx.HTTPError:
                    status = 0
                with self.lock:
                    self.answers.append(Answer(started, time.monotonic(), status, path))
                i += 1
                time.sleep(0.02)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=180)

    def since(self, moment: float) -> list[Answer]:
        with self.lock:
            return [answer for answer in self.answers if answer.ended >= moment]


def _wait_for(clients: Clients, moment: float, status: int, timeout: float = 120) -> float:
    """The end of the first answer with ``status`` that started after ``moment``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [a.ended for a in clients.since(moment) if a.started >= moment and a.status == status]
        if found:
            return min(found)
        time.sleep(0.05)
    raise RuntimeError(f"no {status} answer within {timeout} s")


def _figures(label: str, answers: list[Answer], down: float, restart: float, ready: float, up: float) -> None:
    in_flight = [a for a in answers if a.started < down <= a.ended]
    while_down = [a for a in answers if down <= a.started < restart]
    restarting = [a for a in answers if restart <= a.started < up]

    def show(name: str, found: list[Answer], since_down: bool = False) -> str:
        if not found:
            return f"{name}: none"
        parts = []
        for code in sorted({a.status for a in found}):
            values = [a.ended - down if since_down else a.seconds for a in found if a.status == code]
            parts.append(f"{len(values)} x {code or 'no answer'} (median {statistics.median(values):.2f} s, "
                         f"max {max(values):.2f} s)")
        return f"{name}: {', '.join(parts)}"

    print(f"{label}")
    print(f"  {show('in flight when Neo4j went down (time from the stop or kill to the answer)', in_flight, True)}")
    print(f"  {show('started while Neo4j was going down or down', while_down)}")
    print(f"  {show('started while Neo4j was starting again', restarting)}")
    print(f"  Neo4j answered again {ready - restart:.1f} s after the restart began; the app answered 200 "
          f"{max(0.0, up - ready):.2f} s after that")
    for slow in sorted((a for a in answers if a.seconds > SLOW), key=lambda a: a.started):
        print(f"  slow: {slow.status} after {slow.seconds:.2f} s, started {slow.started - down:+.2f} s from the "
              f"stop or kill: {slow.path}")


def _scenario(label: str, local: LocalNeo4j, clients: Clients, kill: bool) -> None:
    warm = time.monotonic()
    while sum(a.status == 200 for a in clients.since(warm)) < WARM_ANSWERS:  # queries planned, pool filled
        time.sleep(0.1)
    time.sleep(1)
    down = time.monotonic()
    if kill:
        pid = local.status().pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
    else:
        local.stop()
    _wait_for(clients, time.monotonic(), 503)
    time.sleep(3)  # requests while it is down
    restart = time.monotonic()
    local.start()
    ready = time.monotonic()
    up = _wait_for(clients, restart, 200)
    time.sleep(2)
    _figures(label, clients.since(down - 60), down, restart, ready, up)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wijkgraph-down-") as folder:
        root = Path(folder)
        local = LocalNeo4j(root / "neo4j", free_port())
        local.start()
        try:
            settings = local.connection()
            os.environ.update({"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username,
                               "NEO4J_PASSWORD": settings.password or "", "NEO4J_DATABASE": settings.database})
            loader = connect(settings)
            schema.apply(loader)
            generate_scale(root / "data", Size.fraction(0.004), 2026, households_per_file=2_000)
            import_kaart(loader, root / "data" / "kaart")
            import_households(loader, root / "data" / "households")
            token = auth.add_user(loader, "down-admin", "admin")
            wijk = loader.read("MATCH (w:Wijk) RETURN w.code AS code ORDER BY code LIMIT 1")[0]["code"]
            loader.close()
            port = free_port()
            server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_config=None,
                                                   log_level="critical", lifespan="off"))
            threading.Thread(target=server.run, daemon=True).start()
            time.sleep(1.5)
            clients = Clients(f"http://127.0.0.1:{port}", token, wijk, args.clients)
            clients.start()
            _scenario("Neo4j stopped cleanly (SIGTERM), then started again", local, clients, kill=False)
            _scenario("Neo4j killed (SIGKILL), then started again", local, clients, kill=True)
            clients.finish()
            server.should_exit = True
        finally:
            local.stop()


if __name__ == "__main__":
    main()
