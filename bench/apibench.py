"""Benchmark 3: `wijkgraph serve --workers 2` on loopback: a cold pass, 32 closed-loop clients and an open loop at a
fixed arrival rate (keep-alive HTTP/1.1), over the mix of every role and kind of read (bench/apimix.py)."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import apimix
from bench.apimix import Call
from bench.common import PYTHON, BenchNeo4j, Table, percentile
from graph.local_neo4j import free_port
from graph.settings import PROJECT_ROOT, wijkgraph_home


def server_log() -> Path:
    """Where the bench's server writes its stderr: a file, because a pipe nobody reads fills up (64 KiB) under load
    and then blocks the server's logging, and with it every request."""
    return wijkgraph_home() / "bench-serve.log"


def start_server(neo: BenchNeo4j, port: int, workers: int) -> subprocess.Popen:
    log = server_log()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [PYTHON, "-m", "api", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            env=neo.env(), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"serve exited: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.3)
    stop_server(process)
    raise RuntimeError("serve did not answer /health within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def cpu_seconds(pid: int | None = None, group: int | None = None) -> float:
    """User plus system CPU seconds of process ``pid``, or of every process in process group ``group``."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or (pid is not None and int(entry) != pid):
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if group is None or int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ...
            total += int(fields[11]) + int(fields[12])
    return total / ticks


class HttpError(Exception):
    """A response the load generator could not read (closed connection, missing Content-Length)."""


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
               ) -> tuple[int, bool, bytes]:
    """Send one keep-alive GET and read its response whole (Content-Length or chunked): (status, whether the
    server closes the connection, the body)."""
    writer.write(request)
    status_line = await reader.readline()
    if not status_line:
        raise HttpError("connection closed")
    length, close, chunked = None, False, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            close = value.strip().lower() == b"close"
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
    parts = []
    if chunked:
        while (size := int((await reader.readline()).split(b";")[0].strip() or b"0", 16)) > 0:
            parts.append((await reader.readexactly(size + 2))[:-2])
        while (await reader.readline()) not in (b"\r\n", b""):  # trailers
            pass
    elif length is None:
        raise HttpError("no Content-Length")
    else:
        parts.append(await reader.readexactly(length))
    return int(status_line.split()[1]), close, b"".join(parts)


@dataclass
class Run:
    """One load run: per request sent, (index of its call, latency in ms, outcome: the status or an error name)."""

    samples: list[tuple[int, float, str]] = field(default_factory=list)
    seconds: float = 0.0
    late_ms: list[float] = field(default_factory=list)  # open loop: how late each request left its schedule

    @property
    def latencies(self) -> list[float]:
        return [latency for _, latency, _ in self.samples]

    @property
    def errors(self) -> dict[str, int]:
        return dict(Counter(outcome for _, _, outcome in self.samples if outcome != "200"))


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]
REQUEST_TIMEOUT = 30.0  # seconds: a request not answered by then counts as a TimeoutError
COLD_SECONDS = 900.0  # the cold pass sends every call once: bounded only by this
TARGET_MS = 100.0  # issue 18, target 1: p95 under this and no errors, closed and open loop
# An idle keep-alive connection is not reused after this long: uvicorn closes one after 5 s (its timeout_keep_alive),
# and a request sent on it as it closes failed as "connection closed" (the open loop's HttpErrors at national, 2 of
# 1,500). HTTP clients expire them the same way (httpx: keepalive_expiry 5 s).
KEEP_ALIVE_SECONDS = 4.0


async def _send(address: tuple[str, int], connection: Connection | None, request: bytes
                ) -> tuple[str, Connection | None]:
    """One request on ``connection`` (opened when None): its outcome and the connection to reuse (None if closed)."""
    try:
        if connection is None:
            connection = await asyncio.open_connection(*address)
        status, close, _ = await asyncio.wait_for(_get(*connection, request), REQUEST_TIMEOUT)
        if close:
            connection[1].close()
            connection = None
        return str(status), connection
    except (TimeoutError, OSError, asyncio.IncompleteReadError, HttpError, ValueError) as error:
        if connection:
            connection[1].close()
        return type(error).__name__, None


def _address(base: str) -> tuple[str, int]:
    host, port = base.removeprefix("http://").split(":")
    return host, int(port)


async def closed_loop(base: str, requests: list[bytes], clients: int, max_requests: int, max_seconds: float) -> Run:
    """``clients`` closed-loop clients, each on its own keep-alive connection, until ``max_requests`` or
    ``max_seconds``. A bare HTTP/1.1 client on asyncio streams, so that the generator takes little of the CPU it
    shares with the server (httpx took ~3 ms per request)."""
    address, run, counter = _address(base), Run(), itertools.count()
    deadline = time.perf_counter() + max_seconds

    async def client() -> None:
        connection: Connection | None = None
        while (index := next(counter)) < max_requests and time.perf_counter() < deadline:
            began = time.perf_counter()
            outcome, connection = await _send(address, connection, requests[index % len(requests)])
            run.samples.append((index % len(requests), (time.perf_counter() - began) * 1000, outcome))
        if connection:
            connection[1].close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    run.seconds = time.perf_counter() - began
    return run


async def open_loop(base: str, requests: list[bytes], rate: float, seconds: float, connections: int = 256) -> Run:
    """Requests arrive at a fixed ``rate`` per second for ``seconds``, whether or not the earlier ones were answered
    (open loop); each latency counts from the request's scheduled arrival, so time spent queueing (for a connection,
    in the server) counts. At most ``connections`` at a time; idle ones are reused."""
    address, run = _address(base), Run()
    idle: list[tuple[Connection, float]] = []  # and since when it is idle; the most recent last
    gate = asyncio.Semaphore(connections)
    began = time.perf_counter()

    def reusable() -> Connection | None:
        """The most recently idle connection; those idle longer than :data:`KEEP_ALIVE_SECONDS` are closed, as
        HTTP clients expire them (the server may have closed them already)."""
        while idle and time.perf_counter() - idle[0][1] > KEEP_ALIVE_SECONDS:
            idle.pop(0)[0][1].close()
        return idle.pop()[0] if idle else None

    async def arrive(index: int, scheduled: float) -> None:
        async with gate:
            outcome, connection = await _send(address, reusable(), requests[index % len(requests)])
            if connection:
                idle.append((connection, time.perf_counter()))
        run.samples.append((index % len(requests), (time.perf_counter() - scheduled) * 1000, outcome))

    tasks = []
    for index in range(max(1, round(rate * seconds))):
        scheduled = began + index / rate
        if (delay := scheduled - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        run.late_ms.append((time.perf_counter() - scheduled) * 1000)  # the generator's own lag, not the server's
        tasks.append(asyncio.create_task(arrive(index, scheduled)))
    await asyncio.gather(*tasks)
    for (_, writer), _ in idle:
        writer.close()
    run.seconds = time.perf_counter() - began
    return run


async def load(base: str, token: str, urls: list[str], clients: int, max_requests: int, max_seconds: float
               ) -> tuple[list[float], dict[str, int], float]:
    """The closed loop over ``urls`` as one user: (latencies in ms, errors by kind, seconds)."""
    host = base.removeprefix("http://")
    requests = [f"GET {url} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
                for url in urls]
    run = await closed_loop(base, requests, clients, max_requests, max_seconds)
    return run.latencies, run.errors, run.seconds


def stats(run: Run, calls: list[Call] | None = None, by: str | None = None) -> dict[str, Any]:
    """Requests, errors, rate and latency percentiles of ``run``; with ``by`` (kind or role) the same per group."""
    latencies = run.latencies
    result: dict[str, Any] = {"requests": len(latencies), "errors": run.errors, "seconds": run.seconds,
                              "rps": len(latencies) / run.seconds if run.seconds else 0.0,
                              "p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95),
                              "max": max(latencies, default=float("nan"))}
    if calls is not None and by:
        groups: dict[str, Run] = {}
        for sample in run.samples:
            groups.setdefault(getattr(calls[sample[0]], by), Run(seconds=run.seconds)).samples.append(sample)
        result[f"by_{by}"] = {name: stats(group) for name, group in sorted(groups.items())}
    return result


def benchmark(neo: BenchNeo4j, wijken: list[str], scale: str, workers: int = 2, clients: int = 32,
              max_requests: int = 4000, max_seconds: float = 60.0, rate: float = 50.0,
              open_seconds: float = 30.0) -> tuple[Table, dict[str, Any]]:
    """A cold pass (every distinct call once, right after the server started), then the warm closed loop of
    ``clients`` and the warm open loop at ``rate`` requests per second, over the mix of bench/apimix.py."""
    assert neo.store
    tokens = apimix.add_users(neo.store, wijken)
    calls = apimix.mix(neo.store, wijken)
    port = free_port()
    process = start_server(neo, port, workers)
    try:
        base = f"http://127.0.0.1:{port}"
        requests = [call.request(f"127.0.0.1:{port}", tokens[call.role]) for call in calls]
        cold = asyncio.run(closed_loop(base, requests, clients, len(requests), max(max_seconds, COLD_SECONDS)))
        neo4j_pid = neo.local.status().pid if neo.local else None
        before = (cpu_seconds(group=process.pid), cpu_seconds(pid=neo4j_pid) if neo4j_pid else 0.0, time.process_time())
        closed = asyncio.run(closed_loop(base, requests, clients, max_requests, max_seconds))
        cpu = {"server": cpu_seconds(group=process.pid) - before[0],
               "neo4j": (cpu_seconds(pid=neo4j_pid) - before[1]) if neo4j_pid else float("nan"),
               "load generator": time.process_time() - before[2]}
        opened = asyncio.run(open_loop(base, requests, rate, open_seconds))
    finally:
        stop_server(process)
    result = {"mix": apimix.describe(calls), "workers": workers, "clients": clients, "rate": rate,
              "cold": stats(cold, calls, "kind"),
              "closed": {**stats(closed, calls, "kind"), "by_role": stats(closed, calls, "role")["by_role"]},
              "open": {**stats(opened, calls, "kind"), "late_p95_ms": percentile(opened.late_ms, 0.95)},
              "cpu_ms_per_request": {name: used * 1000 / max(1, len(closed.samples)) for name, used in cpu.items()}}
    return table_of(result, scale, max_requests, max_seconds, open_seconds), result


def _met(figures: dict[str, Any], errors_matter: bool = True) -> str:
    p95, errors = figures["p95"], sum(figures["errors"].values())
    if p95 < TARGET_MS and not (errors and errors_matter):
        return "yes"
    factor = f"{p95 / TARGET_MS:.1f}x" if TARGET_MS > 0 else "over"
    return f"NO (p95 {factor} the target, {figures['errors'] or 'no'} errors)"


def table_of(result: dict[str, Any], scale: str, max_requests: int, max_seconds: float, open_seconds: float
             ) -> Table:
    mix = result["mix"]
    table = Table(f"API at scale {scale}: `wijkgraph serve --workers {result['workers']}`, loopback, every role, "
                  f"{mix['distinct_urls']:,} distinct URLs",
                  ["run", "requests", "errors", "seconds", "requests/s", "p50 (ms)", "p95 (ms)", "max (ms)", "target",
                   "met"])

    def add(label: str, figures: dict[str, Any], target: str, met: str) -> None:
        table.add(label, figures["requests"], sum(figures["errors"].values()), figures["seconds"], figures["rps"],
                  figures["p50"], figures["p95"], figures["max"], target, met)

    add(f"cold: every call once, {result['clients']} clients", result["cold"], "(for reference)", "")
    add(f"warm closed loop: {result['clients']} clients", result["closed"], f"p95 < {TARGET_MS:g} ms, no errors",
        _met(result["closed"]))
    for name, figures in {**result["closed"]["by_kind"], **result["closed"]["by_role"]}.items():
        add(f"  of which {name}", figures, "", "")
    add(f"warm open loop: {result['rate']:g} requests/s", result["open"], f"p95 < {TARGET_MS:g} ms, no errors",
        _met(result["open"]))
    table.notes.append("CPU per request of the closed loop (ms; 2 cores = 2,000 ms of CPU per second): " + ", ".join(
        f"{name} {value:.1f}" for name, value in result["cpu_ms_per_request"].items()) + ".")
    kinds = ", ".join(f"{k} {v:,}" for k, v in mix["by_kind"].items())
    roles = ", ".join(f"{k} {v:,}" for k, v in mix["by_role"].items())
    table.notes.append(
        f"The mix (bench/apimix.py): {mix['calls']:,} calls ({kinds}; by role {roles}): HTML pages, JSON and CSV "
        "twins of the wijk, the contact search and the analyses, and household reads (lists, pages, JSON; each writes "
        "its audit entry), each role as its own user (professional and coordinator limited to the sampled wijken), "
        "shuffled. "
        "The cold pass sends every call once right after the server started; the closed loop then runs until "
        f"{max_requests:,} requests or {max_seconds:.0f} s; the open loop sends {result['rate']:g} requests/s for "
        f"{open_seconds:.0f} s, each latency counted from its scheduled arrival (queueing counts; the generator "
        f"itself left its schedule by {result['open']['late_p95_ms']:.1f} ms at p95). The load generator (one "
        "Python process on asyncio streams) shares the cores with the server's workers and Neo4j.")
    return table
