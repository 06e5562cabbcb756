"""The mutation check (issue 19): mutmut on a bounded set of queries/ and importers/, outside CI.

``python -m bench mutation`` takes the committed code (a git worktree of HEAD, so work in progress does not count),
starts a Neo4j of its own for the tests that cover the mutated modules, runs ``mutmut run`` with the settings in
pyproject.toml (``[tool.mutmut]``: the modules, the tests), and writes every surviving mutant with its diff to
``bench/results/mutation-survivors.txt``. What was done about each survivor is in ``docs/mutation-report.md``.
It takes about an hour on 2 cores; mutmut is installed on first use (it is not a dependency of wijkgraph).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from importlib.metadata import version
from pathlib import Path

from graph.local_neo4j import LocalNeo4j, free_port
from graph.settings import wijkgraph_home

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results" / "mutation-survivors.txt"
MUTMUT = "mutmut>=3.8,<4"


def _mutmut(work: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=work, env=env, text=True,
                          capture_output=True, check=False)


def survivors(work: Path, env: dict[str, str]) -> list[str]:
    listing = _mutmut(work, "results", env=env).stdout
    return [match.group(1) for match in re.finditer(r"^\s*(\S+): survived$", listing, re.MULTILINE)]


def main() -> int:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", MUTMUT], check=True)
    work = Path(tempfile.mkdtemp(prefix="wijkgraph-mutation-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(work), "HEAD"], cwd=ROOT, check=True)
    neo4j = LocalNeo4j(wijkgraph_home() / "mutation-neo4j", free_port())
    neo4j.start()
    try:
        settings = neo4j.connection()
        env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username,
               "NEO4J_PASSWORD": settings.password or "", "NEO4J_DATABASE": settings.database}
        _mutmut(work, "run", "--max-children", "1", env=env)
        names = survivors(work, env)
        listing = _mutmut(work, "results", "--all", "true", env=env).stdout
        outcomes = Counter(match.group(1) for match in re.finditer(r": ([a-z ]+)$", listing, re.MULTILINE))
        commit = subprocess.check_output(["git", "rev-parse", "HEAD"], cwd=work, text=True).strip()
        OUT.parent.mkdir(parents=True, exist_ok=True)
        with OUT.open("w", encoding="utf-8") as out:
            out.write(f"# mutmut {version('mutmut')} on {commit}: {sum(outcomes.values())} mutants, "
                      + ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items())) + "\n\n")
            for name in names:
                out.write(_mutmut(work, "show", name, env=env).stdout + "\n")
        print(f"{len(names)} surviving mutants, with their diffs, in {OUT.relative_to(ROOT)}")
        return 0
    finally:
        neo4j.stop()
        subprocess.run(["git", "worktree", "remove", "--force", str(work)], cwd=ROOT, check=False)
        shutil.rmtree(work, ignore_errors=True)
