"""Benchmark 3: `wijkgraph serve --workers 2` on loopback under 32 concurrent clients (keep-alive HTTP/1.1)."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from api import auth
from bench.common import PYTHON, BenchNeo4j, Table, percentile
from graph.local_neo4j import free_port
from graph.settings import PROJECT_ROOT

ENDPOINTS = ("/analyses/missing_expertise.json?wijk={}", "/contacts.json?wijk={}", "/wijken/{}.json")


def start_server(neo: BenchNeo4j, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [PYTHON, "-m", "api", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=neo.env(), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"serve exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
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


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, bool]:
    """Send one keep-alive GET and read its response whole: (status, whether the server closes the connection)."""
    writer.write(request)
    status_line = await reader.readline()
    if not status_line:
        raise HttpError("connection closed")
    length, close = None, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            close = value.strip().lower() == b"close"
    if length is None:
        raise HttpError("no Content-Length")
    await reader.readexactly(length)
    return int(status_line.split()[1]), close


async def load(base: str, token: str, urls: list[str], clients: int, max_requests: int, max_seconds: float
               ) -> tuple[list[float], dict[str, int], float]:
    """``clients`` closed-loop clients, each on its own keep-alive connection, until ``max_requests`` or
    ``max_seconds``: (latencies in ms, errors by kind, seconds). A bare HTTP/1.1 client on asyncio streams, so
    that the generator takes little of the CPU it shares with the server (httpx took ~3 ms per request)."""
    host, port = base.removeprefix("http://").split(":")
    requests = [f"GET {url} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
                for url in urls]
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = itertools.count()
    deadline = time.perf_counter() + max_seconds

    async def worker() -> None:
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while (index := next(counter)) < max_requests and time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                if connection is None:
                    connection = await asyncio.open_connection(host, int(port))
                status, close = await asyncio.wait_for(_get(*connection, requests[index % len(requests)]), 30)
                if status != 200:
                    errors[str(status)] = errors.get(str(status), 0) + 1
                if close:
                    connection[1].close()
                    connection = None
            except (TimeoutError, OSError, asyncio.IncompleteReadError, HttpError, ValueError) as error:
                errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                if connection:
                    connection[1].close()
                connection = None
            latencies.append((time.perf_counter() - began) * 1000)
        if connection:
            connection[1].close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - began


def benchmark(neo: BenchNeo4j, wijken: list[str], scale: str, workers: int = 2, clients: int = 32,
              max_requests: int = 4000, max_seconds: float = 60.0) -> tuple[Table, dict[str, Any]]:
    assert neo.store
    token = auth.add_user(neo.store, "bench-admin", "admin", replace=True)
    port = free_port()
    process = start_server(neo, port, workers)
    try:
        base = f"http://127.0.0.1:{port}"
        urls = [endpoint.format(wijk) for wijk in wijken for endpoint in ENDPOINTS]
        asyncio.run(load(base, token, urls, clients, 200, 30))  # warm-up, not counted
        neo4j_pid = neo.local.status().pid if neo.local else None
        before = (cpu_seconds(group=process.pid), cpu_seconds(pid=neo4j_pid) if neo4j_pid else 0.0, time.process_time())
        latencies, errors, seconds = asyncio.run(load(base, token, urls, clients, max_requests, max_seconds))
        cpu = {"server": cpu_seconds(group=process.pid) - before[0],
               "neo4j": (cpu_seconds(pid=neo4j_pid) - before[1]) if neo4j_pid else float("nan"),
               "load generator": time.process_time() - before[2]}
    finally:
        stop_server(process)
    p95 = percentile(latencies, 0.95)
    table = Table(f"API at scale {scale}: `wijkgraph serve --workers {workers}`, {clients} concurrent clients, "
                  f"loopback", ["requests", "errors", "seconds", "requests/s", "p50 (ms)", "p95 (ms)", "max (ms)",
                                "target", "met"])
    error_count = sum(errors.values())
    table.add(len(latencies), error_count, seconds, len(latencies) / seconds, percentile(latencies, 0.5), p95,
              max(latencies), "p95 < 100 ms, no errors",
              "yes" if p95 < 100 and not error_count else f"NO (p95 {p95 / 100:.1f}x the target, {errors or 'no'} "
                                                          "errors)")
    per_request = {name: seconds_used * 1000 / max(1, len(latencies)) for name, seconds_used in cpu.items()}
    table.notes.append("CPU per request (ms; 2 cores = 2,000 ms of CPU per second): " + ", ".join(
        f"{name} {value:.1f}" for name, value in per_request.items()) + ".")
    table.notes.append(
        f"Endpoints round-robin over {len(wijken)} random wijken: " + ", ".join(f"`{e.format('<code>')}`"
                                                                           for e in ENDPOINTS)
        + f"; bearer token of an admin; bounded at {max_requests} requests or {max_seconds:.0f} s; 200 warm-up "
        "requests first. The load generator (one Python process: 32 keep-alive connections on asyncio streams) shares "
        "the 2 cores with the server's workers and Neo4j.")
    return table, {"requests": len(latencies), "errors": errors, "rps": len(latencies) / seconds,
                   "p50": percentile(latencies, 0.5), "p95": p95, "cpu_ms_per_request": per_request}
