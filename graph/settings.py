"""Where wijkgraph keeps its state and which Neo4j it talks to.

Two modes:
- external: ``NEO4J_URI`` is set (with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``);
  nothing local is started and that server (self-hosted, cluster or Aura) is used;
- local (the default): wijkgraph runs its own embedded Neo4j 5.26 from ``graph/neo4j_runtime``
  with its state under ``WIJKGRAPH_HOME`` (default: ``.wijkgraph`` in the checkout).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOCAL_PORT = 7688


def wijkgraph_home() -> Path:
    """The folder for local state: Neo4j jars, data, logs, credentials (git-ignored)."""
    return Path(os.environ.get("WIJKGRAPH_HOME", PROJECT_ROOT / ".wijkgraph")).resolve()


@dataclass(frozen=True)
class ConnectionSettings:
    uri: str
    username: str
    password: str | None
    database: str

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.username, self.password) if self.password else None


def external_settings() -> ConnectionSettings | None:
    """Settings from the standard NEO4J_* variables, or None when NEO4J_URI is not set."""
    uri = os.environ.get("NEO4J_URI", "").strip()
    if not uri:
        return None
    return ConnectionSettings(
        uri=uri,
        username=os.environ.get("NEO4J_USERNAME", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD") or None,
        database=os.environ.get("NEO4J_DATABASE", "neo4j"),
    )


def local_port() -> int:
    return int(os.environ.get("WIJKGRAPH_NEO4J_PORT", DEFAULT_LOCAL_PORT))
