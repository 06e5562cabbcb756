"""Where wijkgraph keeps its state and which Neo4j it talks to.

Two modes:
- external: ``NEO4J_URI`` is set (with ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``);
  nothing local is started and that server (self-hosted, cluster or Aura) is used;
- local (the default): wijkgraph runs its own embedded Neo4j 5.26 from ``graph/neo4j_runtime``
  with its state under ``WIJKGRAPH_HOME`` (default: ``.wijkgraph`` in the checkout).

The home holds a copy of every household (the local store), the Neo4j password and the web app's session key, so
it is private to its owner: folders 0700 and files 0600 from creation (:func:`private_dir`, :func:`open_private`,
:func:`private_umask`), and a home made before that is tightened when the local Neo4j starts (:func:`tighten`).
Only the jars folder keeps the modes Maven gives it: public artefacts from Maven Central, and out of other users'
reach anyway behind the 0700 home.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOCAL_PORT = 7688
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600
SHARED = 0o077  # the group and other permission bits
PUBLIC_PARTS = ("neo4j-lib", "neo4j-lib.partial")  # the jars (see above), by their name in the home


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


# --- A private home -----------------------------------------------------------------------------------------


def private_dir(path: Path) -> Path:
    """``path`` as a folder, creating it and any missing parents 0700 (whatever the umask); returns ``path``.

    A folder that exists already is left as it is: :func:`tighten` is the one place that changes modes.
    """
    missing = []
    folder = path
    while not folder.exists() and not folder.is_symlink():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_FOLDER)
        except FileExistsError:  # made by another process meanwhile
            continue
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode passes through the umask, which may be odd
    return path


def open_private(path: Path, *, append: bool = False) -> IO[str]:
    """``path`` opened for writing text, mode 0600; an existing file is truncated (unless ``append``) and made 0600."""
    private_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    descriptor = os.open(path, flags, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)
    return os.fdopen(descriptor, "a" if append else "w", encoding="utf-8")


def write_private(path: Path, text: str) -> None:
    with open_private(path) as handle:
        handle.write(text)


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created meanwhile by this process are private (umask 077).

    The umask belongs to the whole process: use this only where no other thread creates files (CLI commands).
    """
    previous = os.umask(SHARED)
    try:
        yield
    finally:
        os.umask(previous)


@dataclass(frozen=True)
class Tightened:
    folder: Path
    files: int = 0
    folders: int = 0

    def __add__(self, other: Tightened) -> Tightened:
        return Tightened(self.folder, self.files + other.files, self.folders + other.folders)

    def __bool__(self) -> bool:
        return bool(self.files or self.folders)

    def message(self) -> str:
        return (f"Made {self.folder} private: {self.files} file{'s' if self.files != 1 else ''} and {self.folders} "
                f"folder{'s' if self.folders != 1 else ''} in it could be read by other users; group and other "
                "permissions removed (folders now 0700, files 0600 at most).")


def tighten(folder: Path, skip: tuple[str, ...] = ()) -> Tightened:
    """Remove the group and other permissions from ``folder`` and everything under it; how many were changed.

    Links are never followed (nor changed), and the entries of ``folder`` named in ``skip`` are left as they are.
    Files that vanish meanwhile (a running Neo4j rotates its logs) are passed over.
    """
    files = folders = 0
    for root, dirs, names in os.walk(folder):
        if Path(root) == folder:
            dirs[:] = [name for name in dirs if name not in skip]
            names = [name for name in names if name not in skip]
        for entry in [root, *(os.path.join(root, name) for name in names)]:
            try:
                mode = os.lstat(entry).st_mode
                if stat.S_ISLNK(mode) or not mode & SHARED:
                    continue
                os.chmod(entry, stat.S_IMODE(mode) & ~SHARED)
            except FileNotFoundError:
                continue
            if stat.S_ISDIR(mode):
                folders += 1
            else:
                files += 1
    return Tightened(folder, files, folders)
