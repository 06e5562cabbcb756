"""The shape every import shares: validate whole, then load in batches, then clean up the source.

An importer turns its file into a :class:`Plan` (node and relationship rows keyed by the model's
declarations) plus a list of problems. If there are problems, the import is refused before anything
is written, or with ``skip_invalid`` (:class:`~importers.options.ImportOptions`) the valid rows are
loaded and the problems go to a report file.

Between plan and load, :func:`importers.upkeep.imports.keep_app_changes` keeps what was changed in the app later
than the file says (Cartography's get -> transform -> load -> cleanup); the conflicts go to ``<file>.conflicts.csv``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.load import cleanup, kept_by_app
from graph.model import NODE_BY_LABEL, REL_BY_NAME
from graph.store import Store
from graph.version import bump
from graph.writers import Retries, import_writers, plan_batches, write_all
from importers.guard import check_before_writing
from importers.options import RESERVED_SOURCE_PREFIX, ImportOptions, Progress
from importers.problems import ImportRefused, Msg, Problem, write_report
from importers.upkeep.imports import Conflict, Locator, keep_app_changes, write_conflicts


@dataclass
class Plan:
    """Rows to load: per node label and per relationship declaration name, in load order."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Where a record came from (file and sheet, row), for the conflict report; None: the file's name only.
    where: Locator | None = field(default=None, compare=False)

    def node(self, label: str, row: dict[str, Any]) -> None:
        assert label in NODE_BY_LABEL, label
        self.nodes.setdefault(label, []).append(row)

    def relationship(self, name: str, start: Any, end: Any, **properties: Any) -> None:
        assert name in REL_BY_NAME, name
        self.relationships.setdefault(name, []).append({"start": start, "end": end, **properties})

    @property
    def size(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.relationships.values()))


@dataclass
class ImportResult:
    source: str
    written: Counter[str]  # rows per label or relationship type
    database: Counter[str]  # Neo4j's update counters
    rejected: int = 0
    report: Path | None = None
    deleted: Counter[str] = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)  # what the importer wants the user to know (tables skipped)
    conflicts: list[Conflict] = field(default_factory=list)  # file values not written: the app's are newer
    conflicts_report: Path | None = None  # where they were written (CSV)
    kept: Counter[str] = field(default_factory=Counter)  # what the cleanup kept because the app changed it
    retries: int = 0  # batches run again after a transient failure (graph/writers.py)
    deadlocks: int = 0  # of those, after a deadlock between the writers


def load_plan(
    store: Store, plan: Plan, source: str, now: datetime, progress: Progress | None = None,
    writers: int | None = None, retries: Retries | None = None,
) -> tuple[Counter[str], Counter[str]]:
    """Write ``plan``: all its nodes, then all its relationships, in batches, with ``writers`` threads (by default
    :func:`graph.writers.import_writers`); ``retries`` counts the batches run again."""
    if progress:
        progress.start(Msg("loading {source}", source=source), plan.size)
    advance: Callable[[int], None] | None = progress.advance if progress else None
    count = import_writers() if writers is None else writers
    node_part, rel_part = plan_batches(plan.nodes, plan.relationships, source, now)
    database = write_all(store, node_part, count, advance, retries)
    database += write_all(store, rel_part, count, advance, retries)
    written: Counter[str] = Counter()
    for label, rows in plan.nodes.items():
        written[label] += len(rows)
    for name, rows in plan.relationships.items():
        written[REL_BY_NAME[name].type] += len(rows)
    return written, database


Plans = Plan | Callable[[], Iterable[Plan]]  # one plan, or a function that yields the plans of a source anew


def run_import(store: Store, label: str, plans: Plans, problems: list[Problem], options: ImportOptions) -> ImportResult:
    """Refuse, or load and clean up.

    ``plans`` (one plan, or a function that yields them lazily for inputs split over many files) must already
    exclude the rows behind ``problems``. Before anything is written, the plans' keys decide whether the import may
    go ahead (:func:`importers.guard.check_before_writing`): keys another source owns, or a cleanup that would
    delete too much, refuse it with the database unchanged. All plans share one timestamp, and the cleanup runs
    once after the last, so a source split over many files is cleaned up as a whole. ``options.source`` must be
    set (:meth:`ImportOptions.for_file`).
    """
    source = options.source
    if source is None:
        raise ValueError("run_import needs a source: fill it in with ImportOptions.for_file")
    for name, given in (("source", source), ("replaces", options.replaces)):
        if given is not None and given.startswith(RESERVED_SOURCE_PREFIX):
            raise ImportRefused(label, [Problem(label, None, name, Msg(
                "source names starting with {prefix!r} are reserved for wijkgraph's own data",
                prefix=RESERVED_SOURCE_PREFIX))])
    if problems and not options.skip_invalid:
        raise ImportRefused(label, problems)
    each: Callable[[], Iterable[Plan]] = (lambda: [plans]) if isinstance(plans, Plan) else plans
    check_before_writing(store, label, source, each, options)
    report_path = None
    if problems:
        report_path = options.report or Path(f"{label}.rejected.csv")
        write_report(report_path, sorted(problems, key=str))
    now = datetime.now(UTC)
    result = ImportResult(source, Counter(), Counter(), rejected=len(problems), report=report_path)
    retries = Retries()
    try:
        for plan in each():
            result.conflicts += keep_app_changes(store, plan, source, label)
            written, database = load_plan(store, plan, source, now, options.progress, retries=retries)
            result.written += written
            result.database += database
        # The guard has decided already: what is left to delete is what it counted (and what the app changed stays).
        for cleaned in (source, options.replaces) if options.replaces else (source,):
            result.deleted += cleanup(store, cleaned, now, force=True)  # bumps the data version
            result.kept += kept_by_app(store, cleaned, now)
    except BaseException as error:
        _bump_after_failure(store, error)
        raise
    result.retries, result.deadlocks = retries.retries, retries.deadlocks
    if result.conflicts:
        beside = options.report.parent if options.report else Path()
        result.conflicts_report = options.conflicts or beside / f"{label}.conflicts.csv"
        write_conflicts(result.conflicts_report, result.conflicts)
    return result


def _bump_after_failure(store: Store, error: BaseException) -> None:
    """An import that failed part way may have written some batches: bump the data version, so that no answer
    cached before it is served as current (graph/version.py). The import's own error is the one raised."""
    try:
        bump(store)
    except Exception as failed:  # Neo4j down, most likely the import's own error too: then nothing is served
        error.add_note(f"The data version could not be bumped after the failed import: {failed}")
