"""The local Neo4j: an embedded Neo4j 5.26 Community with Bolt on 127.0.0.1, run by our launcher.

Maven resolves ``org.neo4j:neo4j`` from Maven Central (``neo4j_runtime/pom.xml``) into
``<home>/neo4j-lib``; ``neo4j_runtime/Neo4jLauncher.java`` runs in Java's single-file source mode
against those jars. One instance lives in one state folder:

    <state>/dbms/           Neo4j's home: data/ and logs/
    <state>/launcher.log    the launcher's output (start-up errors end up here)
    <state>/state.json      pid, port and URI of the running launcher
    <state>/password        the generated password of user neo4j (mode 600)

The state folder holds a copy of every household, so all of it is private: Python creates its folders 0700 and
files 0600, the JVM runs with umask 077 (so Neo4j's store, logs and everything else it writes are private too), and
the launcher itself keeps its folder 0700. A start first tightens a home made before that (and says so).

Every failure is raised as :class:`Neo4jRuntimeError` with a message that says what to do.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.settings import (
    PROJECT_ROOT,
    PUBLIC_PARTS,
    SHARED,
    ConnectionSettings,
    Tightened,
    local_port,
    open_private,
    private_dir,
    tighten,
    wijkgraph_home,
    write_private,
)

RUNTIME_DIR = Path(__file__).resolve().parent / "neo4j_runtime"
LAUNCHER = RUNTIME_DIR / "Neo4jLauncher.java"
POM = RUNTIME_DIR / "pom.xml"
READY = "NEO4J_READY"
FAILED = "NEO4J_FAILED"
# Neo4j's own build runs embedded 5.x with these; without them the JVM prints warnings on start.
JVM_OPENS = [
    f"--add-opens=java.base/{package}=ALL-UNNAMED"
    for package in (
        "java.lang",
        "java.nio",
        "java.io",
        "java.util",
        "java.util.concurrent",
        "sun.net.www.protocol.http",
        "sun.nio.ch",
    )
]


class Neo4jRuntimeError(RuntimeError):
    """A local Neo4j could not be installed, started or stopped; the message says what to do."""


@dataclass(frozen=True)
class Status:
    running: bool
    uri: str | None
    pid: int | None
    data_folder: Path


def library_dir() -> Path:
    return wijkgraph_home() / "neo4j-lib"


def neo4j_version() -> str:
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text())
    assert match, "neo4j.version missing in pom.xml"
    return match.group(1)


def is_installed() -> bool:
    marker = library_dir() / ".version"
    return marker.exists() and marker.read_text().strip() == neo4j_version()


def install(quiet: bool = True) -> Path:
    """Resolve the Neo4j jars with Maven into the library folder (skipped when already there)."""
    target = library_dir()
    if is_installed():
        return target
    if shutil.which("mvn") is None:
        raise Neo4jRuntimeError(
            "Maven (mvn) was not found. It resolves Neo4j from Maven Central: install it "
            "(Debian: apt-get install maven) or point wijkgraph at an existing Neo4j with NEO4J_URI."
        )
    private_dir(target.parent)  # the home, private from its creation (the jars themselves are public)
    staging = target.with_name("neo4j-lib.partial")
    shutil.rmtree(staging, ignore_errors=True)
    command = [
        "mvn", "-B", "-f", str(POM), "dependency:copy-dependencies",
        "-DincludeScope=runtime", f"-DoutputDirectory={staging}",
    ]
    if quiet:
        command.insert(2, "-q")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        raise Neo4jRuntimeError(
            f"Maven could not resolve org.neo4j:neo4j:{neo4j_version()} from Maven Central.\n{tail}"
        )
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    (target / ".version").write_text(neo4j_version())
    return target


def java_executable() -> str:
    """The `java` to run the launcher with; it must be Java 17 or newer (Neo4j 5.26 supports 17 and 21)."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise Neo4jRuntimeError(
            "Java was not found. The local Neo4j 5.26 needs Java 17 or 21: install it "
            "(Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME, "
            "or point wijkgraph at an existing Neo4j with NEO4J_URI."
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True)
    match = re.search(r'version "(\d+)', result.stderr + result.stdout)
    major = int(match.group(1)) if match else 0
    if major < 17:
        raise Neo4jRuntimeError(
            f"{java} is Java {major or 'of unknown version'}; the local Neo4j 5.26 needs Java 17 or 21. "
            "Set JAVA_HOME to a Java 17 installation."
        )
    return java


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _bolt_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited child not yet reaped) still answers kill(0); check its state.
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        return stat.read_text().split(") ", 1)[-1][:1] != "Z"
    return True


class LocalNeo4j:
    """One local Neo4j instance living in ``state_dir`` and listening on ``port``."""

    def __init__(self, state_dir: Path | None = None, port: int | None = None) -> None:
        self.state_dir = (state_dir or wijkgraph_home() / "neo4j").resolve()
        self.port = port or local_port()

    @property
    def dbms_home(self) -> Path:
        return self.state_dir / "dbms"

    @property
    def data_folder(self) -> Path:
        return self.dbms_home / "data"

    @property
    def log_file(self) -> Path:
        return self.state_dir / "launcher.log"

    @property
    def _state_file(self) -> Path:
        return self.state_dir / "state.json"

    @property
    def _password_file(self) -> Path:
        return self.state_dir / "password"

    def _state(self) -> dict | None:
        try:
            return json.loads(self._state_file.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def _password(self) -> str:
        if not self._password_file.exists():
            private_dir(self.state_dir)
            fd = os.open(self._password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(24))
        return self._password_file.read_text().strip()

    def connection(self) -> ConnectionSettings:
        state = self._state()
        port = state["port"] if state else self.port
        return ConnectionSettings(
            uri=f"bolt://127.0.0.1:{port}", username="neo4j", password=self._password(), database="neo4j"
        )

    def status(self) -> Status:
        state = self._state()
        running = bool(state and _pid_alive(state["pid"]) and _bolt_answers(state["port"]))
        return Status(
            running=running,
            uri=f"bolt://127.0.0.1:{state['port']}" if running and state else None,
            pid=state["pid"] if running and state else None,
            data_folder=self.data_folder,
        )

    def log_tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no launcher log)"

    def make_private(self) -> Tightened:
        """Create the home and the state folder 0700, or tighten them when other users could read them."""
        home = wijkgraph_home()
        if home in (Path("/"), Path.home()) or PROJECT_ROOT.is_relative_to(home):
            raise Neo4jRuntimeError(
                f"WIJKGRAPH_HOME is {home}, a folder that holds more than wijkgraph's own data; wijkgraph makes its "
                "home private to you, so give it a folder of its own (e.g. WIJKGRAPH_HOME=~/.wijkgraph)."
            )
        done = tighten(private_dir(home), skip=PUBLIC_PARTS)
        if not self.state_dir.is_relative_to(home):
            done += tighten(private_dir(self.state_dir))
        return done

    def start(self, timeout: float = 180.0, report: Callable[[str], None] | None = None) -> tuple[Status, bool]:
        """Start the instance and wait until Bolt answers; returns (status, started_now).

        A running instance of this state folder is reused (started_now is False). Either way the home is made
        private first (:meth:`make_private`); what that changed is said through ``report`` (default: stderr).
        """
        tightened = self.make_private()
        if tightened:
            (report or _to_stderr)(tightened.message())
        current = self.status()
        if current.running:
            return current, False
        java = java_executable()
        if not port_is_free(self.port):
            raise Neo4jRuntimeError(
                f"Port {self.port} on 127.0.0.1 is already in use by another program, so the local Neo4j "
                f"cannot listen there. Stop that program or choose a free port, e.g. "
                f"WIJKGRAPH_NEO4J_PORT={self.port + 10} wijkgraph neo4j start."
            )
        lib = install()
        environment = dict(os.environ, WIJKGRAPH_NEO4J_PASSWORD=self._password())
        heap = os.environ.get("WIJKGRAPH_NEO4J_HEAP", "1g")
        command = [
            java, f"-Xmx{heap}", *JVM_OPENS, "-cp", f"{lib}/*", str(LAUNCHER), str(self.dbms_home), str(self.port),
        ]
        with open_private(self.log_file) as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=environment, start_new_session=True, umask=SHARED,  # whatever Neo4j writes is private to its owner
            )
        write_private(self._state_file, json.dumps({"pid": process.pid, "port": self.port}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            output = self.log_file.read_text(errors="replace")
            if READY in output and _bolt_answers(self.port):
                return self.status(), True
            failure = re.search(rf"^{FAILED} (\S+) (.*)$", output, re.MULTILINE)
            if failure or process.poll() is not None:
                process.wait(timeout=30)
                self._state_file.unlink(missing_ok=True)
                raise self._start_failure(failure.group(1) if failure else "exited", failure and failure.group(2))
            time.sleep(0.25)
        self._terminate(process.pid)
        self._state_file.unlink(missing_ok=True)
        raise Neo4jRuntimeError(
            f"The local Neo4j did not answer on bolt://127.0.0.1:{self.port} within {timeout:.0f} s and was stopped. "
            f"Its log ({self.log_file}) ends with:\n{self.log_tail()}"
        )

    def _start_failure(self, kind: str, detail: str | None) -> Neo4jRuntimeError:
        if kind == "port-in-use":
            return Neo4jRuntimeError(
                f"Port {self.port} on 127.0.0.1 is already in use, so the local Neo4j cannot listen there. "
                f"Stop the program that holds it or choose another port with WIJKGRAPH_NEO4J_PORT."
            )
        if kind == "store-damaged":
            return Neo4jRuntimeError(
                f"The local Neo4j could not open its data folder {self.data_folder}: it looks damaged "
                f"({detail}). Move that folder aside (or delete it, losing the local data) and run "
                f"`wijkgraph neo4j start` again, then reload with `wijkgraph demo` or your imports."
            )
        return Neo4jRuntimeError(
            f"The local Neo4j failed to start ({detail or 'the launcher exited'}). "
            f"Its log ({self.log_file}) ends with:\n{self.log_tail()}"
        )

    def stop(self, timeout: float = 90.0) -> bool:
        """Shut the instance down cleanly (SIGTERM runs Neo4j's shutdown); returns False if none ran."""
        state = self._state()
        if not state or not _pid_alive(state["pid"]):
            self._state_file.unlink(missing_ok=True)
            return False
        self._terminate(state["pid"], timeout)
        self._state_file.unlink(missing_ok=True)
        return True

    @staticmethod
    def _terminate(pid: int, timeout: float = 90.0) -> None:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                # Reap it when it is our own child; otherwise just poll.
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    return
            except ChildProcessError:
                pass
            if not _pid_alive(pid):
                return
            time.sleep(0.2)
        os.kill(pid, signal.SIGKILL)
        raise Neo4jRuntimeError(
            f"The local Neo4j (pid {pid}) did not shut down within {timeout:.0f} s and was killed; "
            "the next start will run recovery."
        )
