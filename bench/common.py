"""What every benchmark shares: the machine, a dedicated Neo4j, the generated data, statistics and tables."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from graph import schema
from graph.local_neo4j import LocalNeo4j, free_port
from graph.settings import PROJECT_ROOT, ConnectionSettings, external_settings, wijkgraph_home
from graph.store import Store, connect

PYTHON = sys.executable


def data_root() -> Path:
    return wijkgraph_home() / "data"


def scale_name(scale: str) -> str:
    return {"1": "national", "1.0": "national"}.get(scale, scale)


def scale_fraction(scale: str) -> float:
    return {"national": 1.0, "regional": 0.1, "small": 0.01}.get(scale) or float(scale)


def generator_digest() -> str:
    return hashlib.sha256((PROJECT_ROOT / "importers" / "scale.py").read_bytes()).hexdigest()


def generated(scale: str) -> Path:
    """The generated files of ``scale`` under <WIJKGRAPH_HOME>/data/<scale> (generated once, then reused while the
    generator is the same: files of an older generator would lack its newer branches)."""
    folder = data_root() / scale_name(scale)
    stamp = folder / "generator.sha256"
    if (not (folder / "households").is_dir() or not any((folder / "households").glob("*.json"))
            or not stamp.is_file() or stamp.read_text() != generator_digest()):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([PYTHON, "-m", "api", "generate", "--scale", scale_name(scale), "--out", str(folder)],
                       check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
        stamp.write_text(generator_digest())
    return folder


def data_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# --- Neo4j ---------------------------------------------------------------------------------------------------


class BenchNeo4j:
    """The benchmark's own Neo4j (<WIJKGRAPH_HOME>/bench-neo4j), wiped per scale; or NEO4J_URI when set."""

    def __init__(self) -> None:
        self.external = external_settings()
        self.local = None if self.external else LocalNeo4j(wijkgraph_home() / "bench-neo4j", free_port())
        self.store: Store | None = None

    @property
    def settings(self) -> ConnectionSettings:
        return self.external or self.local.connection()  # type: ignore[union-attr]

    def fresh(self) -> Store:
        """An empty database with the schema applied."""
        if self.store:
            self.store.close()
        if self.local:
            self.local.stop()
            shutil.rmtree(self.local.data_folder, ignore_errors=True)
            self.local.port = free_port()
            self.local.start()
            self.store = connect(self.settings)
        else:
            self.store = connect(self.settings)
            self.store.write_autocommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        schema.apply(self.store)
        return self.store

    def connect(self) -> Store:
        """The database as it is (no wipe), for a benchmark of data imported before."""
        if self.local:
            raise SystemExit("--no-import needs NEO4J_URI: the benchmark's own Neo4j starts empty")
        self.store = connect(self.settings)
        return self.store

    def env(self) -> dict[str, str]:
        settings = self.settings
        return dict(os.environ, NEO4J_URI=settings.uri, NEO4J_USERNAME=settings.username,
                    NEO4J_PASSWORD=settings.password or "", NEO4J_DATABASE=settings.database)

    def stop(self) -> None:
        if self.store:
            self.store.close()
            self.store = None
        if self.local:
            self.local.stop()


# --- Statistics and tables ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def fmt(value: Any, digits: int = 1) -> str:
    if isinstance(value, float):
        if value != value:  # nan
            return "-"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def met_cell(value: float, target: float, at_least: bool = False) -> str:
    """A table's "met" cell: "yes" when ``value`` is under ``target`` (``at_least``: not under it), else NO with the
    factor it missed by. A missing figure (nan) never meets its target."""
    if value != value:
        return "NO (not measured)"
    if (value >= target) if at_least else (value < target):
        return "yes"
    if at_least:
        return f"NO ({target / value:.1f}x short)" if value > 0 else "NO (nothing)"
    return f"NO ({value / target:.1f}x over)" if target > 0 else f"NO (target {target:g})"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: Any) -> None:
        self.rows.append(list(cells))

    def markdown(self) -> str:
        lines = [f"### {self.title}", "", "| " + " | ".join(self.columns) + " |",
                 "|" + "|".join("---" for _ in self.columns) + "|"]
        lines += ["| " + " | ".join(fmt(cell) for cell in row) + " |" for row in self.rows]
        if self.notes:
            lines.append("")
            lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {"cores": str(os.cpu_count()), "ram": f"{pages / 2**30:.1f} GiB", "cpu": model,
            "os": platform.platform(), "python": platform.python_version(), "driver": f"neo4j {neo4j.__version__}",
            "rust_ext": _rust_ext()}


def _rust_ext() -> str:
    try:
        from importlib.metadata import version
        return f"neo4j-rust-ext {version('neo4j-rust-ext')}"
    except Exception:
        return "not installed"


def git_state(root: Path = PROJECT_ROOT) -> dict[str, Any]:
    """The commit the benchmark ran on and the tracked files changed beside it (a dirty tree ran other code)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.rstrip() if done.returncode == 0 else ""

    # BENCHMARKS.md is what the bench writes (after every table), not code it runs.
    changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
               if line and line[3:] != "BENCHMARKS.md"]
    return {"commit": git("rev-parse", "HEAD") or "unknown", "dirty": bool(changed), "changed": changed}


def commit_line(state: dict[str, Any]) -> str:
    if not state["dirty"]:
        return f"- commit: {state['commit']} (clean tree)"
    shown = ", ".join(state["changed"][:5]) + (", ..." if len(state["changed"]) > 5 else "")
    return f"- commit: {state['commit']} (dirty tree: {len(state['changed'])} tracked files changed: {shown})"


# What the server itself runs with (a --no-import run may point at a server started otherwise).
SERVER_HEAP = ("CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
               "RETURN attributes.HeapMemoryUsage.value.properties.max AS heap")
SERVER_PAGECACHE = "SHOW SETTINGS YIELD name, value WHERE name = 'server.memory.pagecache.size' RETURN value"


def server_memory(store: Store | None) -> str:
    """The heap and page cache the server reports, or what this process would start one with when it cannot be
    asked (Neo4j stopped, or a user without the right to read them)."""
    configured = (f"heap {os.environ.get('WIJKGRAPH_NEO4J_HEAP', '1g')}, page cache "
                  f"{os.environ.get('WIJKGRAPH_NEO4J_PAGECACHE_MB', '512')} MB")
    if store is None:
        return f"{configured}, as configured; the server could not be asked"
    try:
        heap = store.read(SERVER_HEAP)[0]["heap"]
        pagecache = store.read(SERVER_PAGECACHE)[0]["value"]
    except Exception as error:  # a header line must not fail the run it describes
        return f"{configured}, as configured; the server did not say ({type(error).__name__})"
    return f"heap {int(heap) / 2**30:.1f} GiB, page cache {pagecache}, as the server reports"


def header(store: Store | None, settings: ConnectionSettings, command: str, started: str, load_start: str) -> str:
    """The lines above a run's tables; ``store`` None (Neo4j stopped by a failed step): the server's version unknown."""
    info = machine()
    return "\n".join([
        commit_line(git_state()),
        f"- date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')} (started {started})",
        f"- machine: {info['cores']} cores, {info['ram']} RAM, {info['cpu']}; {info['os']}",
        f"- load average (1/5/15 min) at start: {load_start}; at end: {load_average()}",
        f"- versions: Python {info['python']}, server {store.server_agent() if store else 'unknown'}, "
        f"driver {info['driver']}, "
        f"{info['rust_ext']}",
        f"- Neo4j: {settings.uri} ({server_memory(store)})",
        f"- command: `{command}`",
    ])


def dump_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, default=str))


RESULTS = PROJECT_ROOT / "bench" / "results"


def write_results(results: dict[str, Any], command: str, name: str, folder: Path = RESULTS,
                  path: Path | None = None) -> Path:
    """The raw results of a run as ``folder/<name>-<UTC time>.json``, with the commit, the command and the machine
    (the tables of BENCHMARKS.md are made from these figures); ``path``: rewrite that file instead (a run that
    writes as it goes keeps one file)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = path or folder / f"{name}-{stamp}.json"
    dump_json(path, {"run": {**git_state(), "command": command, "date": stamp, "machine": machine()},
                     "results": results})
    return path
