"""A first load through Neo4j's offline importer (``neo4j-admin database import full``), generated from the model.

The transactional load (:mod:`graph.load`) MERGEs rows in batches; a first load of an empty database can instead
write the same rows as the importer's CSV files and let Neo4j build the store offline, which is many times faster.
The files are generated from :mod:`graph.model` as the load queries are:

- per label: ``<key>:ID(<Label>)`` (an id space per label, the key also stored as the property), one column per
  declared property typed in the header (``since:date``, ``score:long``, ``wijken:string[]``), then ``source``,
  ``firstseen:datetime`` and ``lastupdated:datetime``;
- per relationship declaration: ``:START_ID(<Label>)``, ``:END_ID(<Label>)``, ``ident`` for a declaration with an
  identity (:func:`graph.load.identity_of`), the declared properties and the same three tracking columns.

Each group is a header file and data files (:class:`Parts`): one per writer, so that worker processes
(:mod:`importers.bulk_households`) write their parts at once and the importer reads them as one input.

What MERGE would do to repeated rows is done here: within one call, a node key or a relationship (its ends and
identity) written twice is written once, with the values of the last row. Values are checked against their declared
type, so the offline store holds exactly what the transactional load would (a date stays a date, a whole number a
whole number): each column has a converter for its type chosen once (``_CONVERTERS``), which refuses any other
type; the exact error then comes from :func:`_value`.

The import itself runs against the local Neo4j's folder while it is stopped (:func:`offline_import`): the current
store of the database is moved aside first and put back when the importer fails, so a failed run leaves the database
as it was. Afterwards :func:`create_schema` makes the constraints and indexes in one pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, LiteralString, cast

from neo4j import ManagedTransaction

from graph import schema
from graph.load import IDENTITY_PROPERTY, identity_of
from graph.model import NODE_BY_LABEL, REL_BY_NAME, Prop
from graph.settings import PRIVATE_FILE, SHARED, open_private, private_dir
from graph.store import Store

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
    """``value`` as the importer reads a cell of ``prop``'s declared type (None: an empty cell, no property).

    The slow, exact check: the writers use the converters of :func:`_converter` and come here only to name the
    value that one of them refused."""
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


class _NotDeclared(Exception):
    """A converter met a value not of its column's type; :func:`_value` then says which and where."""


# One converter per declared type, chosen once per column: exact type tests (``type(v) is int`` is not a bool, ``type(v)
# is date`` not a datetime), so that a row costs one call per cell instead of a chain of isinstance tests.
def _string(value: Any) -> str:
    if value.__class__ is str:
        return '"' + value.replace('"', '""') + '"'
    if value is None:
        return ""
    raise _NotDeclared


def _key(value: Any) -> str:
    if value.__class__ is str:
        return '"' + value.replace('"', '""') + '"'
    raise _NotDeclared


def _int(value: Any) -> str:
    if value.__class__ is int:
        return str(value)
    if value is None:
        return ""
    raise _NotDeclared


def _float(value: Any) -> str:
    if value.__class__ is float:
        return repr(value)
    if value is None:
        return ""
    raise _NotDeclared


def _bool(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    raise _NotDeclared


def _date(value: Any) -> str:
    if value.__class__ is date:
        return value.isoformat()
    if value is None:
        return ""
    raise _NotDeclared


def _list(value: Any) -> str:
    if value.__class__ is list and all(item.__class__ is str for item in value):
        return _quoted(ARRAY_DELIMITER.join(value))
    if value is None:
        return ""
    raise _NotDeclared


_CONVERTERS = {"string": _string, "int": _int, "float": _float, "bool": _bool, "date": _date, "list": _list}
Columns = tuple[tuple[str, Callable[[Any], str]], ...]


def _columns(props: Iterable[Prop]) -> Columns:
    return tuple((prop.name, _CONVERTERS[prop.type]) for prop in props)


def _refused(props: Iterable[Prop], row: Mapping[str, Any], where: str) -> TypeError:
    """The exact error for a row one of the converters refused."""
    for prop in props:
        _value(prop, row.get(prop.name), where)
    return TypeError(f"{where}: a value is not of its declared type")


def _relationship_refused(props: Iterable[Prop], unique: Mapping[tuple[Any, Any, str], Mapping[str, Any]],
                          where: str) -> TypeError:
    """The exact error for the first relationship row one of the converters refused: an end or a value."""
    for (first, last, _), row in unique.items():
        if not (isinstance(first, str) and isinstance(last, str)):
            return TypeError(f"{where}: the ends {first!r}, {last!r} are not string keys")
        _refused(props, row, where)
    return TypeError(f"{where}: a value is not of its declared type")


def _header(columns: Iterable[str], props: Iterable[Prop]) -> str:
    typed = [f"{prop.name}:{NEO4J_TYPE[prop.type]}" for prop in props]
    return ",".join([*columns, *typed, "source", "firstseen:datetime", "lastupdated:datetime"]) + "\n"


def node_header(label: str) -> str:
    node = NODE_BY_LABEL[label]
    return _header([f"{node.key}:ID({label})"], node.properties)


def relationship_header(name: str) -> str:
    rel = REL_BY_NAME[name]
    return _header([f":START_ID({rel.start})", f":END_ID({rel.end})", *([IDENTITY_PROPERTY] if rel.identity else [])],
                   rel.properties)


@dataclass
class Parts:
    """The importer's data files (without header) per node label and per relationship declaration, the header of each
    group in a file of its own: the files of several writers (worker processes) make one input of the importer."""

    nodes: dict[str, list[Path]] = field(default_factory=dict)
    relationships: dict[str, list[Path]] = field(default_factory=dict)
    multiline: bool = False  # a value holds a line break: the importer must be told (it is slower then)

    def add(self, other: Parts) -> None:
        for mine, theirs in ((self.nodes, other.nodes), (self.relationships, other.relationships)):
            for name, paths in theirs.items():
                mine.setdefault(name, []).extend(paths)
        self.multiline = self.multiline or other.multiline

    def arguments(self, folder: Path) -> list[str]:
        """The importer's ``--nodes`` and ``--relationships`` arguments: header file first, then the parts."""
        def group(name: str, header: str, paths: list[Path]) -> str:
            header_file = folder / f"{name}.header.csv"
            with open_private(header_file) as handle:
                handle.write(header)
            return ",".join(str(path) for path in (header_file, *paths))

        nodes = [f"--nodes={label}={group(f'node-{label}', node_header(label), paths)}"
                 for label, paths in self.nodes.items()]
        rels = [f"--relationships={REL_BY_NAME[name].type}={group(f'rel-{name}', relationship_header(name), paths)}"
                for name, paths in self.relationships.items()]
        return nodes + rels


class BulkFiles:
    """The importer's data files of one writer in ``folder`` (named with ``part``), one per label and per relationship
    declaration, written as rows come; :attr:`parts` lists them.

    ``nodes`` and ``relationships`` count what was written per label and per relationship type.
    """

    def __init__(self, folder: Path, part: str = "") -> None:
        self.folder = private_dir(folder)
        self.part = part
        self._files: dict[str, IO[str]] = {}
        self.parts = Parts()
        self.nodes: dict[str, int] = {}
        self.relationships: dict[str, int] = {}
        self._node_columns = {node.label: _columns(node.properties) for node in NODE_BY_LABEL.values()}
        self._rel_columns = {rel.name: _columns(rel.properties) for rel in REL_BY_NAME.values()}

    def _handle(self, name: str, paths: list[Path]) -> IO[str]:
        handle = self._files.get(name)
        if handle is None:  # open until close(): rows of one file come from many plans
            path = self.folder / f"{name}{self.part}.csv"
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
            handle = self._files[name] = open(descriptor, "w", encoding="utf-8", newline="",  # noqa: SIM115
                                              buffering=WRITE_BUFFER)
            paths.append(path)
        return handle

    @staticmethod
    def _tracking(source: str, now: datetime) -> str:
        stamp = now.isoformat()
        return f",{_quoted(source)},{stamp},{stamp}\n"

    def add_nodes(self, label: str, rows: Iterable[Mapping[str, Any]], source: str, now: datetime) -> int:
        """Write ``rows`` of ``label`` (as :func:`graph.load.load_nodes` takes them); returns how many nodes."""
        node = NODE_BY_LABEL[label]
        unique = {row[node.key]: row for row in rows}  # MERGE on the key: the last row's values count
        tracking, columns = self._tracking(source, now), self._node_columns[label]
        lines = []
        try:
            for key, row in unique.items():
                get = row.get
                lines.append(",".join([_key(key), *[convert(get(name)) for name, convert in columns]]) + tracking)
        except _NotDeclared:
            if not isinstance(key, str):
                raise TypeError(f"{label}.{node.key}: {key!r} is not a string key") from None
            raise _refused(node.properties, row, label) from None
        self._write(self._handle(f"node-{label}", self.parts.nodes.setdefault(label, [])), lines)
        self.nodes[label] = self.nodes.get(label, 0) + len(unique)
        return len(unique)

    def add_relationships(self, name: str, rows: Iterable[Mapping[str, Any]], source: str, now: datetime) -> int:
        """Write ``rows`` of the declaration ``name`` (as :func:`graph.load.load_relationships` takes them)."""
        rel = REL_BY_NAME[name]
        start, end = rel.start_field, rel.end_field
        if rel.identity:  # MERGE on the ends (and identity): the last row's values count
            unique = {(row[start], row[end], identity_of(rel, row)): row for row in rows}
        else:
            unique = {(row[start], row[end], ""): row for row in rows}
        tracking, columns = self._tracking(source, now), self._rel_columns[name]
        lines = []
        try:
            if not columns and not rel.identity:  # most household relationships: just the two ends
                lines = [f"{_key(first)},{_key(last)}{tracking}" for first, last, _ in unique]
            for (first, last, ident), row in unique.items() if columns or rel.identity else ():
                get = row.get
                cells = [_key(first), _key(last), *([_quoted(ident)] if rel.identity else []),
                         *[convert(get(name)) for name, convert in columns]]
                lines.append(",".join(cells) + tracking)
        except _NotDeclared:
            raise _relationship_refused(rel.properties, unique, name) from None
        self._write(self._handle(f"rel-{name}", self.parts.relationships.setdefault(name, [])), lines)
        self.relationships[rel.type] = self.relationships.get(rel.type, 0) + len(unique)
        return len(unique)

    def _write(self, handle: IO[str], lines: list[str]) -> None:
        text = "".join(lines)
        if not self.parts.multiline and (text.count("\n") != len(lines) or "\r" in text):  # one line break a row
            self.parts.multiline = True
        handle.write(text)

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()


def import_command(java: str, lib: Path, parts: Parts, folder: Path, database: str, report: Path, *,
                   threads: int = 2, max_off_heap: str = "3g", heap: str = "1g", jvm_options: Iterable[str] = ()
                   ) -> list[str]:
    """The ``neo4j-admin database import full`` command line, run from the local Neo4j's jars."""
    return [
        java, f"-Xmx{heap}", *jvm_options, "-cp", f"{lib}/*", ADMIN_TOOL, "database", "import", "full",
        *parts.arguments(folder), f"--threads={threads}", f"--max-off-heap-memory={max_off_heap}",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", f"--report-file={report}",
        f"--multiline-fields={'true' if parts.multiline else 'false'}", "--overwrite-destination=false",
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


def create_schema(store: Store, wait_seconds: int = 3600) -> None:
    """Create the constraints and indexes of :func:`graph.schema.statements` in a freshly imported store and wait
    until they are online; :func:`graph.schema.apply` then finds them there.

    Made one by one, each index would be populated by a scan of its own, one after the other. Here the indexes are
    created in one transaction (one population job for all of them, running in the background), and the uniqueness
    constraints, each of which waits for its own index, are made while that job runs: the two cores work at once.
    """
    statements = schema.statements()
    indexes = [statement.cypher for statement in statements if "CONSTRAINT" not in statement.cypher]
    constraints = [statement.cypher for statement in statements if "CONSTRAINT" in statement.cypher]

    def create_indexes(tx: ManagedTransaction) -> None:
        for cypher in indexes:
            tx.run(cast(LiteralString, cypher)).consume()

    store.in_write_transaction(create_indexes)
    for cypher in constraints:
        store.write(cast(LiteralString, cypher))
    store.write("CALL db.awaitIndexes($seconds)", {"seconds": wait_seconds})
