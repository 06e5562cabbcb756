"""A first load through Neo4j's offline importer (``neo4j-admin database import full``), generated from the model.

The transactional load (:mod:`graph.load`) MERGEs rows in batches; a first load of an empty database can instead
write the same rows as the importer's CSV files and let Neo4j build the store offline, which is many times faster.
The files are generated from :mod:`graph.model` as the load queries are:

- one node file per label: ``<key>:ID(<Label>)`` (an id space per label, the key also stored as the property), one
  column per declared property typed in the header (``since:date``, ``score:long``, ``wijken:string[]``), then
  ``source``, ``firstseen:datetime`` and ``lastupdated:datetime``;
- one relationship file per declaration: ``:START_ID(<Label>)``, ``:END_ID(<Label>)``, ``ident`` for a declaration
  with an identity (:func:`graph.load.identity_of`), the declared properties and the same three tracking columns.

What MERGE would do to repeated rows is done here: within one call, a node key or a relationship (its ends and
identity) written twice is written once, with the values of the last row. Values are checked against their declared
type, so the offline store holds exactly what the transactional load would (a date stays a date, a whole number a
whole number).

The import itself runs against the local Neo4j's folder while it is stopped (:func:`offline_import`): the current
store of the database is moved aside first and put back when the importer fails, so a failed run leaves the database
as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from graph.load import IDENTITY_PROPERTY, identity_of
from graph.model import NODE_BY_LABEL, REL_BY_NAME, Prop
from graph.settings import PRIVATE_FILE, SHARED, open_private, private_dir

# Between the items of a list property: a control character no text of ours holds (the default ';' may be in one).
ARRAY_DELIMITER = "\x1f"
NEO4J_TYPE = {"string": "string", "int": "long", "float": "double", "bool": "boolean", "date": "date",
              "list": "string[]"}
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
WRITE_BUFFER = 1 << 20


class BulkFailed(RuntimeError):
    """neo4j-admin refused the files or failed; the database was put back as it was. The message is an English
    template with fields (``template``, ``fields``), shown in the user's language."""

    def __init__(self, template: str, **fields: Any) -> None:
        super().__init__(template.format(**fields))
        self.template, self.fields = template, fields


def N_(template: str) -> str:
    """Marks a message template for the catalog (``bin/i18n``); the CLI translates it (graph imports nothing of api)."""
    return template


IMPORT_FAILED = N_("neo4j-admin could not import the files (exit code {code}); the database was put back as it was. "
                   "Its output ends with:\n{tail}")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _value(prop: Prop, value: Any, where: str) -> str:
    """``value`` as the importer reads a cell of ``prop``'s declared type (None: an empty cell, no property)."""
    if value is None:
        return ""
    kind = prop.type
    if kind == "string" and isinstance(value, str):
        return _quoted(value)
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if kind == "float" and isinstance(value, float):
        return repr(value)
    if kind == "bool" and isinstance(value, bool):
        return "true" if value else "false"
    if kind == "date" and isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if kind == "list" and isinstance(value, list) and all(isinstance(item, str) for item in value):
        return _quoted(ARRAY_DELIMITER.join(value))
    # A plan whose value is not of the declared type would give another graph offline than through MERGE: a bug.
    raise TypeError(f"{where}.{prop.name}: {value!r} is not of the declared type {kind}")


def _header(columns: Iterable[str], props: Iterable[Prop]) -> str:
    typed = [f"{prop.name}:{NEO4J_TYPE[prop.type]}" for prop in props]
    return ",".join([*columns, *typed, "source", "firstseen:datetime", "lastupdated:datetime"]) + "\n"


class BulkFiles:
    """The importer's CSV files in ``folder``, one per label and per relationship declaration, written as rows come.

    ``nodes`` and ``relationships`` count what was written per label and per relationship type.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = private_dir(folder)
        self._node_files: dict[str, IO[str]] = {}
        self._rel_files: dict[str, IO[str]] = {}
        self.nodes: dict[str, int] = {}
        self.relationships: dict[str, int] = {}
        self.multiline = False  # a value holds a line break: the importer must be told (it is slower then)

    def _open(self, name: str, header: str) -> IO[str]:
        # Open until close(): rows of one file come from many plans.
        descriptor = os.open(self.folder / f"{name}.csv", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        handle = open(descriptor, "w", encoding="utf-8", newline="", buffering=WRITE_BUFFER)  # noqa: SIM115
        handle.write(header)
        return handle

    @staticmethod
    def _tracking(source: str, now: datetime) -> str:
        stamp = now.isoformat()
        return f",{_quoted(source)},{stamp},{stamp}\n"

    def add_nodes(self, label: str, rows: Iterable[Mapping[str, Any]], source: str, now: datetime) -> int:
        """Write ``rows`` of ``label`` (as :func:`graph.load.load_nodes` takes them); returns how many nodes."""
        node = NODE_BY_LABEL[label]
        if label not in self._node_files:
            self._node_files[label] = self._open(f"node-{label}", _header([f"{node.key}:ID({label})"],
                                                                          node.properties))
        unique = {row[node.key]: row for row in rows}  # MERGE on the key: the last row's values count
        tracking = self._tracking(source, now)
        lines = []
        for key, row in unique.items():
            if not isinstance(key, str):
                raise TypeError(f"{label}.{node.key}: {key!r} is not a string key")
            fields = [_quoted(key), *(_value(prop, row.get(prop.name), label) for prop in node.properties)]
            lines.append(",".join(fields) + tracking)
        self._write(self._node_files[label], lines)
        self.nodes[label] = self.nodes.get(label, 0) + len(unique)
        return len(unique)

    def add_relationships(self, name: str, rows: Iterable[Mapping[str, Any]], source: str, now: datetime) -> int:
        """Write ``rows`` of the declaration ``name`` (as :func:`graph.load.load_relationships` takes them)."""
        rel = REL_BY_NAME[name]
        if name not in self._rel_files:
            columns = [f":START_ID({rel.start})", f":END_ID({rel.end})"]
            self._rel_files[name] = self._open(f"rel-{name}", _header(
                [*columns, *([IDENTITY_PROPERTY] if rel.identity else [])], rel.properties))
        unique: dict[tuple[Any, Any, str], Mapping[str, Any]] = {}
        for row in rows:  # MERGE on the ends (and identity): the last row's values count
            unique[row[rel.start_field], row[rel.end_field], identity_of(rel, row) if rel.identity else ""] = row
        tracking = self._tracking(source, now)
        lines = []
        for (start, end, ident), row in unique.items():
            fields = [_quoted(str(start)), _quoted(str(end)), *([_quoted(ident)] if rel.identity else []),
                      *(_value(prop, row.get(prop.name), name) for prop in rel.properties)]
            lines.append(",".join(fields) + tracking)
        self._write(self._rel_files[name], lines)
        self.relationships[rel.type] = self.relationships.get(rel.type, 0) + len(unique)
        return len(unique)

    def _write(self, handle: IO[str], lines: list[str]) -> None:
        text = "".join(lines)
        if not self.multiline and (text.count("\n") != len(lines) or "\r" in text):  # one line break a row
            self.multiline = True
        handle.write(text)

    def close(self) -> None:
        for handle in (*self._node_files.values(), *self._rel_files.values()):
            handle.close()

    def arguments(self) -> list[str]:
        """The importer's ``--nodes`` and ``--relationships`` arguments for these files."""
        nodes = [f"--nodes={label}={self.folder / f'node-{label}.csv'}" for label in self._node_files]
        rels = [f"--relationships={REL_BY_NAME[name].type}={self.folder / f'rel-{name}.csv'}"
                for name in self._rel_files]
        return nodes + rels


def import_command(java: str, lib: Path, files: BulkFiles, database: str, report: Path, *, threads: int = 2,
                   max_off_heap: str = "3g", heap: str = "1g", jvm_options: Iterable[str] = ()) -> list[str]:
    """The ``neo4j-admin database import full`` command line, run from the local Neo4j's jars."""
    return [
        java, f"-Xmx{heap}", *jvm_options, "-cp", f"{lib}/*", ADMIN_TOOL, "database", "import", "full",
        *files.arguments(), f"--threads={threads}", f"--max-off-heap-memory={max_off_heap}",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", f"--report-file={report}",
        f"--multiline-fields={'true' if files.multiline else 'false'}", "--overwrite-destination=false",
        database,
    ]


def store_folders(dbms_home: Path, database: str) -> tuple[Path, Path]:
    """The store and the transaction logs of ``database`` in a Neo4j home (the default layout)."""
    return dbms_home / "data" / "databases" / database, dbms_home / "data" / "transactions" / database


@contextmanager
def store_set_aside(dbms_home: Path, database: str) -> Iterator[None]:
    """Move the store of ``database`` aside for the block; put it back if the block fails, else delete it.

    Neo4j must be stopped. The importer then writes into an absent database, as it requires.
    """
    aside = private_dir(dbms_home / "data" / "bulk-previous")
    moved = []
    for folder, name in zip(store_folders(dbms_home, database), ("databases", "transactions"), strict=True):
        if folder.exists():
            target = aside / name
            shutil.rmtree(target, ignore_errors=True)
            folder.rename(target)
            moved.append((target, folder))
    try:
        yield
    except BaseException:
        for target, folder in moved:
            shutil.rmtree(folder, ignore_errors=True)
            target.rename(folder)
        shutil.rmtree(aside, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def offline_import(command: list[str], dbms_home: Path, database: str, log: Path) -> None:
    """Run the importer ``command`` into ``database`` of the (stopped) Neo4j in ``dbms_home``; its output goes to
    ``log``. Raises :class:`BulkFailed` with the database as it was when the importer fails."""
    environment = dict(os.environ, NEO4J_HOME=str(dbms_home), NEO4J_CONF=str(dbms_home / "conf"))
    with store_set_aside(dbms_home, database), open_private(log) as output:
        done = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              env=environment, umask=SHARED)
        if done.returncode != 0:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
            raise BulkFailed(IMPORT_FAILED, code=done.returncode, tail=tail)
