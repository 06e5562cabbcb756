"""Benchmark 3: `wijkgraph serve --workers 2` on loopback under 32 concurrent clients (httpx AsyncClient)."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import time
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


async def load(base: str, token: str, urls: list[str], clients: int, max_requests: int, max_seconds: float
               ) -> tuple[list[float], dict[str, int], float]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = itertools.count()
    deadline = time.perf_counter() + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=30) as client:
        async def worker() -> None:
            while (index := next(counter)) < max_requests and time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    response = await client.get(urls[index % len(urls)])
                    if response.status_code != 200:
                        errors[str(response.status_code)] = errors.get(str(response.status_code), 0) + 1
                except httpx.HTTPError as error:
                    errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
                latencies.append((time.perf_counter() - began) * 1000)

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
        latencies, errors, seconds = asyncio.run(load(base, token, urls, clients, max_requests, max_seconds))
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
    table.notes.append(
        f"Endpoints round-robin over {len(wijken)} random wijken: " + ", ".join(f"`{e.format('<code>')}`"
                                                                           for e in ENDPOINTS)
        + f"; bearer token of an admin; bounded at {max_requests} requests or {max_seconds:.0f} s; 200 warm-up "
        "requests first. The load generator (one Python process, httpx AsyncClient) shares the 2 cores with the "
        "server's workers and Neo4j.")
    return table, {"requests": len(latencies), "errors": errors, "rps": len(latencies) / seconds,
                   "p50": percentile(latencies, 0.5), "p95": p95}
