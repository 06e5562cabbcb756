"""WIJKGRAPH_HOME is private to its owner (issue 12, Medium 1): another local user must not be able to copy the
store, the logs, the password or the demo. Folders 0700 and files 0600 from creation, also those the Java launcher
and Neo4j write; a home made before that is tightened when the local Neo4j starts, which says so."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.local_neo4j import LocalNeo4j, Neo4jRuntimeError, free_port, is_installed, library_dir
from graph.settings import PROJECT_ROOT, open_private, private_dir, tighten

SHARED = 0o077
MESSAGE = ("Made {home} private: {files} files and {folders} folders in it could be read by other users; group and "
           "other permissions removed (folders now 0700, files 0600 at most).")


def shared_entries(folder: Path) -> list[str]:
    """Everything under ``folder`` (itself included) with a group or other permission bit; links are not followed."""
    found = []
    for root, dirs, names in os.walk(folder):
        for entry in [Path(root), *(Path(root) / name for name in [*names, *dirs])]:
            mode = entry.lstat().st_mode
            if not stat.S_ISLNK(mode) and mode & SHARED:
                found.append(f"{entry.relative_to(folder)} {stat.filemode(mode)}")
    return sorted(set(found))


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """Umask 0: whatever is created is as open as its code asks, so only our own modes keep it private."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_private_folders_and_files_whatever_the_umask(tmp_path: Path, loose_umask: None) -> None:
    target = private_dir(tmp_path / "home" / "neo4j" / "dbms")
    for folder in (tmp_path / "home", tmp_path / "home" / "neo4j", target):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    old = tmp_path / "home" / "old.log"
    old.write_text("other users could read this")
    os.chmod(old, 0o644)
    with open_private(old) as handle:
        handle.write("new")
    assert (stat.S_IMODE(old.stat().st_mode), old.read_text()) == (0o600, "new")


def test_tighten_counts_what_it_changes_and_leaves_links_and_the_jars(tmp_path: Path) -> None:
    home, outside = tmp_path / "home", tmp_path / "outside.txt"
    (home / "demo").mkdir(parents=True)
    (home / "neo4j-lib").mkdir()
    for path in (home / "demo" / "households.json", home / "web-secret", home / "neo4j-lib" / "neo4j.jar", outside):
        path.write_text("x")
        os.chmod(path, 0o644)
    for folder in (home, home / "demo", home / "neo4j-lib"):
        os.chmod(folder, 0o755)
    (home / "link").symlink_to(outside)
    done = tighten(home, skip=("neo4j-lib",))
    assert (done.files, done.folders) == (2, 2)
    assert shared_entries(home) == ["neo4j-lib drwxr-xr-x", "neo4j-lib/neo4j.jar -rw-r--r--"]
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644  # the link's target is not ours to change
    assert not tighten(home, skip=("neo4j-lib",))
    assert done.message() == MESSAGE.format(home=home, files=2, folders=2)


@pytest.mark.parametrize("home", [Path("/"), Path.home(), PROJECT_ROOT, PROJECT_ROOT.parent])
def test_a_home_that_holds_more_than_wijkgraph_is_refused(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKGRAPH_HOME", str(home))
    with pytest.raises(Neo4jRuntimeError, match="a folder that holds more than wijkgraph's own data"):
        LocalNeo4j().make_private()


# --- A real local Neo4j in a temporary home ----------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home of its own, with the jars of the session's home linked in (resolving them again takes minutes)."""
    if not is_installed():
        pytest.skip("the Neo4j jars are not installed (bin/setup installs them)")
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)  # as `wijkgraph neo4j install` makes it (tested above: private_dir)
    (folder / "neo4j-lib").symlink_to(library_dir().resolve(), target_is_directory=True)
    return folder.resolve()


def wijkgraph(home: Path, *args: str, port: int = 0) -> subprocess.CompletedProcess[str]:
    """The CLI on ``home``'s local Neo4j, with the everyday umask 022 (what this change must not depend on)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEO4J_")}
    env.update(WIJKGRAPH_HOME=str(home), WIJKGRAPH_NEO4J_PORT=str(port or 7688), COLUMNS="400")
    return subprocess.run([sys.executable, "-m", "api", *args], capture_output=True, text=True, env=env, umask=0o022,
                          timeout=600)


@pytest.fixture
def running(home: Path) -> Iterator[int]:
    """A port for a local Neo4j in ``home``; stopped at the end whatever happened."""
    port = free_port()
    try:
        yield port
    finally:
        wijkgraph(home, "neo4j", "stop", port=port)


def test_a_new_home_is_private_from_creation(home: Path, running: int) -> None:
    started = wijkgraph(home, "neo4j", "start", port=running)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "could be read by other users" not in started.stdout + started.stderr  # nothing needed tightening
    demo = wijkgraph(home, "demo", "--no-load")
    assert demo.returncode == 0, demo.stderr
    secret = subprocess.run([sys.executable, "-c", "from api.auth import _secret; _secret()"],
                            env={**os.environ, "WIJKGRAPH_HOME": str(home), "WIJKGRAPH_SECRET": ""}, umask=0o022,
                            capture_output=True, text=True, timeout=60)
    assert secret.returncode == 0, secret.stderr
    # What the walk covers: the launcher's files, Neo4j's store and logs, the demo and the session key.
    for written in ("neo4j/password", "neo4j/launcher.log", "neo4j/state.json", "neo4j/dbms/data/databases/neo4j",
                    "neo4j/dbms/data/transactions/neo4j", "neo4j/dbms/logs/debug.log", "demo/households.json",
                    "web-secret"):
        assert (home / written).exists(), written
    assert shared_entries(home) == []


def test_a_home_other_users_could_read_is_tightened_on_start_and_says_so(home: Path, running: int) -> None:
    # A home from before this change: folders 0755 and files 0644, as the umask made them.
    for name in ("neo4j/password", "demo/households.json", "web-secret", "bench-results.json"):
        (home / name).parent.mkdir(exist_ok=True)
        (home / name).write_text("a-password-of-old\n" if name == "neo4j/password" else "{}")
        os.chmod(home / name, 0o644)
    for folder in (home, home / "neo4j", home / "demo"):
        os.chmod(folder, 0o755)
    started = wijkgraph(home, "neo4j", "start", port=running)
    assert started.returncode == 0, started.stdout + started.stderr
    assert MESSAGE.format(home=home, files=4, folders=3) in started.stdout.splitlines()
    assert shared_entries(home) == []
    again = wijkgraph(home, "neo4j", "start", port=running)  # reused, and nothing left to tighten
    assert again.returncode == 0 and "could be read by other users" not in again.stdout, again.stdout
