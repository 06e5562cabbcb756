"""The API benchmark (bench/apibench.py, bench/apimix.py) and the traceability of every benchmark run: both load
modes run briefly at a tiny scale with the result structure checked (never a speed: benchmarks are scripts); the
header names the commit and whether the tree was dirty; the raw results land as JSON under the results folder."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bench import __main__ as bench_main
from bench import apibench
from bench.common import commit_line, git_state, write_results
from graph.model import USER_ROLES
from graph.settings import PROJECT_ROOT
from graph.store import Store


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout.strip()


def test_the_header_names_the_commit_and_whether_the_tree_was_dirty() -> None:
    state = git_state()
    assert state["commit"] == git("rev-parse", "HEAD") and len(state["commit"]) == 40
    porcelain = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, check=True).stdout
    changed = [line[3:] for line in porcelain.splitlines() if line and line[3:] != "BENCHMARKS.md"]
    assert (state["dirty"], state["changed"]) == (bool(changed), changed)
    # BENCHMARKS.md is the bench's own output (rewritten after every table), so it never makes the tree dirty.
    assert "BENCHMARKS.md" not in state["changed"]
    # Each name is a whole path (the status column " M" must not eat its first letter).
    assert all((PROJECT_ROOT / path).exists() for path in state["changed"])
    assert commit_line({"commit": "a" * 40, "dirty": False, "changed": []}) == f"- commit: {'a' * 40} (clean tree)"
    assert commit_line({"commit": "b" * 40, "dirty": True, "changed": ["bench/x.py", "README.md"]}) == (
        f"- commit: {'b' * 40} (dirty tree: 2 tracked files changed: bench/x.py, README.md)")


def test_raw_results_are_written_with_the_commit(tmp_path: Path) -> None:
    path = write_results({"api": {"p95": 12.5}}, "python -m bench api --scale 0.001", "api-0.001", tmp_path)
    assert path.parent == tmp_path and path.name.startswith("api-0.001-") and path.suffix == ".json"
    written = json.loads(path.read_text())
    assert written["results"] == {"api": {"p95": 12.5}}
    assert written["run"]["commit"] == git("rev-parse", "HEAD")
    assert written["run"]["command"] == "python -m bench api --scale 0.001"
    assert set(written["run"]) >= {"dirty", "changed", "date", "machine"}


def test_the_api_benchmark_runs_both_loops_over_every_role_and_kind(store: Store, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apibench, "REQUEST_TIMEOUT", 600.0)  # a busy shared machine is slow, not wrong
    out = tmp_path / "api.md"
    assert bench_main.main(["api", "--scale", "0.001", "--wijken", "2", "--requests", "80", "--seconds", "900",
                            "--rate", "20", "--open-seconds", "2", "--out", str(out), "--results",
                            str(tmp_path / "results")]) == 0
    text = out.read_text()
    assert text.startswith(f"- commit: {git('rev-parse', 'HEAD')} (")
    [raw] = (tmp_path / "results").glob("api-0.001-*.json")
    written = json.loads(raw.read_text())
    assert written["run"]["command"].startswith("python -m bench api --scale 0.001")
    api = written["results"]["api"]
    mix = api["mix"]
    assert set(mix["by_kind"]) == {"page", "json", "csv", "household"}
    assert set(mix["by_role"]) == set(USER_ROLES)
    # Per wijk: 5 reads for everyone, 4 analyses, 2 household lists and 2 reads of each of 3 households.
    assert mix["distinct_urls"] == 2 * (5 + 4 + 2 + 3 * 2)
    assert mix["calls"] == 2 * (13 + 17 + 9 + 17)  # professional, coordinator, analyst, admin: each call once
    assert api["cold"]["requests"] == mix["calls"]  # the cold pass sends every call once
    assert api["closed"]["requests"] == 80
    assert api["open"]["requests"] == 40  # 20 requests/s for 2 s
    for run in ("cold", "closed", "open"):
        # Every role may read what it is sent: no 4xx and no crash. A busy shared machine may overload the server
        # (503 from the driver's wait for a connection, a timeout): capacity, which a test does not judge.
        assert set(api[run]["errors"]) <= {"503", "TimeoutError"}, (run, api[run]["errors"])
        assert 0 < api[run]["p50"] <= api[run]["p95"] <= api[run]["max"]
    for group in ("by_kind", "by_role"):
        figures = api["closed"][group]
        assert set(figures) == set(mix[group]) and all(f["requests"] > sum(f["errors"].values()) for f in
                                                       figures.values()), figures
    assert api["open"]["late_p95_ms"] >= 0
    # The household-level reads wrote their audit entries as the bench users (the analyst's: the household-level
    # analyses gaps and overlapping_helpers).
    audited = store.read("MATCH (a:AuditEntry) WHERE a.user STARTS WITH 'bench-' RETURN DISTINCT a.user AS user")
    assert {row["user"] for row in audited} == {f"bench-{role}" for role in USER_ROLES}
    assert "| warm open loop: 20 requests/s |" in text and "| cold: every call once, 32 clients |" in text


def test_the_naive_rate_is_a_median_of_five_with_its_spread(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "import.md"
    assert bench_main.main(["import", "--scale", "0.001", "--runs", "1", "--out", str(out), "--results",
                            str(tmp_path)]) == 0
    [raw] = tmp_path.glob("import-0.001-*.json")
    result = json.loads(raw.read_text())["results"]["import"]
    rates = sorted(elements / seconds for seconds, elements in result["naive_runs"])
    assert len(rates) == 5
    assert (result["naive_rate_min"], result["naive_rate"], result["naive_rate_max"]) == (rates[0], rates[2], rates[4])
    text = out.read_text()
    assert text.startswith(f"- commit: {git('rev-parse', 'HEAD')} (")
    spread = f"{rates[0]:,.0f}-{rates[4]:,.0f}/s"
    assert f"| (a) naive: one MERGE per row, auto-commit (median of 5; rate {spread}) |" in text
    assert "| import end to end / naive (over the naive runs: min-max) |" in text
