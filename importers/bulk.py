"""A bulk first load: the importers' validated plans into an empty local database through neo4j-admin.

``wijkgraph import bulk --kaart K --households H`` is the first load of a new database (say, before a dump is
uploaded to Aura): the same files, the same checks and the same refusals as ``wijkgraph import kaart K`` followed by
``wijkgraph import households H``, and the same graph afterwards, but the rows go to Neo4j's offline importer
(:mod:`graph.bulk`) instead of batched MERGEs:

1. refused, with everything unchanged, unless the database is empty (nothing but the reference data) and local
   (``NEO4J_URI`` names another server: the offline importer needs the store's folder);
2. each input is read and validated by its importer's own functions, in the order the two imports would run (the
   households see the kaart's keys as if it were loaded already), and its plans are written as the importer's CSV
   files in a private temporary folder beside the data (the households files by two worker processes while they
   are all valid, :mod:`importers.bulk_households`); a problem refuses the load as the import would, before Neo4j
   is touched;
3. Neo4j is stopped, the importer builds the store (a failure puts the old one back), and Neo4j is started again;
4. the schema (constraints and indexes in one pass, :func:`graph.bulk.create_schema`, then
   :func:`graph.schema.apply` for the reference data and the schema version) and the data version
   (:mod:`graph.version`) follow, as after the transactional imports. The temporary folder is removed.

What MERGE does on repeated rows and the tracking properties (``source``, ``firstseen``, ``lastupdated``) are
generated in :mod:`graph.bulk`; ``tests/test_bulk.py`` compares the whole graph with the transactional imports'.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, LiteralString

from graph import schema
from graph.bulk import BulkFiles, create_schema, import_command, offline_import
from graph.local_neo4j import JVM_OPENS, LocalNeo4j, install, java_executable
from graph.model import NODES, REL_BY_NAME, ReferenceData
from graph.settings import external_settings, private_dir, wijkgraph_home
from graph.store import Store, connect, forget_bookmarks
from graph.version import bump
from importers import households as household_import
from importers import kaart as kaart_import
from importers.bulk_households import lookup_queries, reference_keys, write_in_workers
from importers.guard import _foreign_problem
from importers.options import RESERVED_SOURCE_PREFIX, ImportOptions
from importers.pipeline import ImportResult, Plan
from importers.problems import ImportRefused, Msg, Problem, write_report


def N_(template: str) -> str:
    """Marks a message template for the catalog (``bin/i18n``); the CLI translates it."""
    return template


REMOTE_REFUSED = N_("A bulk load writes the store of the local Neo4j offline, but NEO4J_URI names {uri}. Nothing was "
                    "changed. Load into a local database (unset NEO4J_URI) and move it with a dump, or use `wijkgraph "
                    "import kaart` and `wijkgraph import households`.")
NOT_EMPTY = N_("The database is not empty: besides the reference data it holds {count} nodes ({labels}). A bulk load "
               "only fills an empty database; nothing was changed. Add to it with `wijkgraph import kaart` and "
               "`wijkgraph import households`, or start from an empty database.")
NOTHING_GIVEN = N_("Give at least one input to load: --kaart, --households or both.")
# The phases of a bulk load, as BulkResult.seconds names them.
VALIDATE, IMPORT, START, SCHEMA = (N_("checking and writing the files"), N_("neo4j-admin import"),
                                   N_("starting Neo4j"), N_("schema and indexes"))
EMPTY_QUERY: LiteralString = (
    f"MATCH (n) WHERE NOT n:{schema.SCHEMA_LABEL} AND (n.source IS NULL OR n.source <> $reference "
    "OR n.edited_at IS NOT NULL) "
    "RETURN count(n) AS count, collect(DISTINCT labels(n)[0])[..5] AS labels"
)


class BulkRefused(RuntimeError):
    """The bulk load may not run here; nothing was changed. An English template with fields, shown translated."""

    def __init__(self, template: str, **fields: Any) -> None:
        super().__init__(template.format(**fields))
        self.template, self.fields = template, fields


@dataclass(frozen=True)
class BulkInputs:
    kaart: Path | None = None  # a sociale-kaart workbook or folder of CSV files
    households: Path | None = None  # a household JSON file or a folder of them


@dataclass
class BulkResult:
    results: list[ImportResult]  # one per input, as its import would have reported it
    seconds: dict[str, float] = field(default_factory=dict)  # per phase: validate and write, import, start, schema
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per phase (see _Phases)
    report: Path | None = None  # neo4j-admin's own output (kept only when it failed)

    @property
    def elements(self) -> int:
        return sum(result.database["nodes_created"] + result.database["relationships_created"]
                   for result in self.results)


def local_target() -> LocalNeo4j:
    """The local Neo4j a bulk load writes into, or :class:`BulkRefused` when NEO4J_URI names another server."""
    external = external_settings()
    if external is not None:
        raise BulkRefused(REMOTE_REFUSED, uri=external.uri)
    return LocalNeo4j()


def check_empty(store: Store) -> None:
    """:class:`BulkRefused` unless the database holds nothing but the reference data and the schema's nodes."""
    row = store.read(EMPTY_QUERY, {"reference": schema.REFERENCE_SOURCE})[0]
    if row["count"]:
        raise BulkRefused(NOT_EMPTY, count=row["count"], labels=", ".join(row["labels"]))


class PlannedStore(Store):
    """The database as the validation of a later input sees it: what it holds plus the keys the inputs before it
    will write (the households refer to the kaart's wijken and professionals)."""

    def __init__(self, store: Store) -> None:
        self.__dict__.update(store.__dict__)  # the same driver and settings (no second connection)
        self.planned: dict[str, set[Any]] = {node.label: set() for node in NODES}
        self._lookups = lookup_queries()

    def read(self, query: LiteralString, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        rows = super().read(query, parameters)
        label = self._lookups.get(query)
        if label is not None and parameters:
            found = {row["key"] for row in rows}
            rows += [{"key": key} for key in parameters["keys"] if key in self.planned[label] and key not in found]
        return rows

    def plan(self, plan: Plan) -> None:
        for label, rows in plan.nodes.items():
            self.planned[label].update(row[_KEY[label]] for row in rows)


class _Writer:
    """One input's plans into the files, checked as :func:`importers.pipeline.run_import` checks them."""

    def __init__(self, files: BulkFiles, store: PlannedStore, label: str, options: ImportOptions) -> None:
        assert options.source is not None
        self.files, self.store, self.label, self.options = files, store, label, options
        self.source: str = options.source
        self.now = datetime.now(UTC)
        self.result = ImportResult(self.source, Counter(), Counter())
        self.taken: dict[str, list[Any]] = {}  # label -> [count, smallest key] of wijkgraph's own keys in the plans
        for name, given in (("source", self.source), ("replaces", options.replaces)):
            if given is not None and given.startswith(RESERVED_SOURCE_PREFIX):
                raise ImportRefused(label, [Problem(label, None, name, Msg(
                    "source names starting with {prefix!r} are reserved for wijkgraph's own data",
                    prefix=RESERVED_SOURCE_PREFIX))])

    def check(self, plan: Plan) -> bool:
        """Note the keys of wijkgraph's own data that ``plan`` would write (the guard refuses them; in an empty
        database nothing else holds keys); True when it writes none so far."""
        for node_label, keys in reference_keys().items():
            taken = sorted({row[_KEY[node_label]] for row in plan.nodes.get(node_label, [])} & keys)
            if taken:
                entry = self.taken.setdefault(node_label, [0, taken[0]])
                entry[0] += len(taken)
                entry[1] = min(entry[1], taken[0])
        return not self.taken

    def write(self, plan: Plan) -> None:
        for node_label, rows in plan.nodes.items():
            self.result.database["nodes_created"] += self.files.add_nodes(node_label, rows, self.source, self.now)
            self.result.written[node_label] += len(rows)
        for name, rows in plan.relationships.items():
            created = self.files.add_relationships(name, rows, self.source, self.now)
            self.result.database["relationships_created"] += created
            self.result.written[REL_BY_NAME[name].type] += len(rows)
        self.store.plan(plan)

    def finish(self, problems: list[Problem]) -> ImportResult:
        """Refuse as the import would (its problems, then the guard's), or write the rejected rows' report."""
        if problems and not self.options.skip_invalid:
            raise ImportRefused(self.label, problems)
        if self.taken:
            raise ImportRefused(self.label, [
                _foreign_problem(self.label, schema.REFERENCE_SOURCE, node_label, count, example)
                for node_label, (count, example) in sorted(self.taken.items())])
        if problems:
            self.result.rejected = len(problems)
            self.result.report = self.options.report or Path(f"{self.label}.rejected.csv")
            write_report(self.result.report, sorted(problems, key=str))
        return self.result


def _kaart(files: BulkFiles, store: PlannedStore, path: Path, options: ImportOptions) -> ImportResult:
    """:func:`importers.kaart.import_kaart` up to its load."""
    writer = _Writer(files, store, path.name, options.for_file(path, "kaart"))
    parsed, problems = kaart_import.validate(store, kaart_import.read_workbook(path), path.name)
    plan = kaart_import.build_plan({name: [row for row in rows if row.valid] for name, rows in parsed.items()})
    if writer.check(plan) and (options.skip_invalid or not problems):
        writer.write(plan)
    return writer.finish(problems)


def _households(files: BulkFiles, store: PlannedStore, path: Path, options: ImportOptions) -> ImportResult:
    """:func:`importers.households.import_households` up to its load, each file read once: validated, and while
    nothing refuses the input (or with ``--skip-invalid``) its valid households written.

    First by the worker processes of :mod:`importers.bulk_households`, one file each; when they meet anything but
    valid files (a problem, a key claimed twice), their parts are removed and the input goes through here in one
    process, which gives the import's own problems."""
    writer = _Writer(files, store, path.name, options.for_file(path, "households"))
    paths = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not paths:
        raise ImportRefused(path.name, [Problem(path.name, None, None, "the folder holds no .json files")])
    parts_folder = files.folder / "households"
    done = write_in_workers(paths, store.planned, parts_folder, writer.source, writer.now)
    if done is not None:
        files.parts.add(done.parts)
        writer.result.written += done.written
        writer.result.database["nodes_created"] += done.nodes
        writer.result.database["relationships_created"] += done.relationships
        return writer.finish([])
    shutil.rmtree(parts_folder, ignore_errors=True)
    problems: list[Problem] = []
    earlier_keys: set[int] = set()
    for file in paths:
        households = household_import.read_households(file)
        file_problems, bad = household_import.validate(store, households, file.name, earlier_keys)
        problems += file_problems
        if problems and not options.skip_invalid:
            continue  # refused in the end: only the problems count now
        plan = household_import.build_plan([item for index, item in enumerate(households) if index not in bad])
        if writer.check(plan):
            writer.write(plan)
    return writer.finish(problems)


def write_inputs(files: BulkFiles, store: Store, inputs: BulkInputs, options: ImportOptions) -> list[ImportResult]:
    """The reference data and every input's plans into ``files``, validated in the order of the imports."""
    planned = PlannedStore(store)
    reference, now = ReferenceData(), datetime.now(UTC)
    files.add_nodes("Expertise", reference.expertise, schema.REFERENCE_SOURCE, now)
    files.add_nodes("LifeDomain", reference.life_domains, schema.REFERENCE_SOURCE, now)
    files.add_relationships("calls_for", reference.calls_for, schema.REFERENCE_SOURCE, now)
    results = []
    if inputs.kaart is not None:
        results.append(_kaart(files, planned, inputs.kaart, options))
    if inputs.households is not None:
        results.append(_households(files, planned, inputs.households, options))
    return results


class _Phases:
    """Wall and CPU seconds per phase. CPU: this process, its children (the workers, neo4j-admin, a Neo4j it started
    and stopped) and the local Neo4j while it runs, so that a phase's cost can be told apart from a busy machine."""

    def __init__(self, local: LocalNeo4j) -> None:
        self.local = local
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def _cpu(self) -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        total = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
        pid = self.local.status().pid
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split() if pid else []
        except OSError:
            fields = []
        return total + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else total

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        began, cpu = time.perf_counter(), self._cpu()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - began
            self.cpu[name] = self._cpu() - cpu


def bulk_load(local: LocalNeo4j, inputs: BulkInputs, options: ImportOptions = ImportOptions(),
              say: Callable[[str], None] | None = None, threads: int = 2, max_off_heap: str = "3g",
              start_timeout: float = 600.0) -> BulkResult:
    """Load ``inputs`` into the empty database of ``local`` through neo4j-admin (see the module's steps).

    Refusals (:class:`BulkRefused`, :class:`ImportRefused`) come before Neo4j is stopped and leave everything as it
    was; a failing neo4j-admin (:class:`graph.bulk.BulkFailed`) puts the old store back and starts Neo4j again.
    """
    if inputs.kaart is None and inputs.households is None:
        raise BulkRefused(NOTHING_GIVEN)
    local.start(timeout=start_timeout, report=say)
    store = connect(local.connection())
    phases = _Phases(local)
    folder = Path(tempfile.mkdtemp(prefix="bulk-", dir=private_dir(wijkgraph_home())))  # 0700: household data
    try:
        with phases.phase(VALIDATE):
            check_empty(store)
            files = BulkFiles(folder / "csv")
            try:
                results = write_inputs(files, store, inputs, options)
            finally:
                files.close()
        store.close()
        try:
            with phases.phase(IMPORT):
                local.stop()
                command = import_command(java_executable(), install(), files.parts, files.folder, "neo4j",
                                         folder / "import.report", threads=threads, max_off_heap=max_off_heap,
                                         jvm_options=JVM_OPENS)
                offline_import(command, local.dbms_home, "neo4j", folder / "neo4j-admin.log")
        finally:
            with phases.phase(START):
                local.start(timeout=start_timeout, report=say)
        with phases.phase(SCHEMA):
            forget_bookmarks()  # the new store's transactions start again from 1: the old bookmarks are never reached
            store = connect(local.connection())
            create_schema(store)
            schema.apply(store)
            bump(store)  # as the cleanup of every import does: answers cached before the load are not current
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    return BulkResult(results, phases.seconds, cpu=phases.cpu)


_KEY = {node.label: node.key for node in NODES}
