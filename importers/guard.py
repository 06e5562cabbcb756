"""The decision an import takes before it writes anything: may it go ahead?

"Refused means unchanged": everything that can refuse an import is decided here, from the keys of its plans,
while the database is still as it was.

- **Keys of another source.** An import may only write keys that are new or that its own source holds. A key held
  by another source means the file overlaps a source imported before (typically the same sociale kaart saved as a
  new file, which by default is a new source): the import is refused, naming the source and how many keys, unless
  ``--replaces`` names that source. Keys of wijkgraph's own sources (``wijkgraph:``) are never taken over, but for
  what the app created (``wijkgraph:app``): a file may list it, and it stays the app's
  (:mod:`importers.upkeep.imports` decides whose values count).
- **Too much to clean up.** What the source (and a replaced source) holds but the plans no longer write would be
  deleted after the load. When that is more than ``max_delete_share`` of any label or relationship type, the
  import is refused unless ``--force``. What was edited in the app is never deleted, so it does not count.

Lazy plans (a folder of household files) are read once here and once more to load, never all at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from graph.load import APP_SOURCE, StaleShare, owners, refuse_stale, rewritten, source_totals
from graph.sources import held_by_others
from graph.store import Store
from importers.options import RESERVED_SOURCE_PREFIX, ImportOptions
from importers.problems import ImportRefused, Msg, Problem


class Plan(Protocol):
    """The rows of an import plan (:class:`importers.pipeline.Plan`) as the guard reads them."""

    nodes: dict[str, list[dict[str, Any]]]
    relationships: dict[str, list[dict[str, Any]]]


def check_before_writing(store: Store, label: str, source: str, plans: Callable[[], Iterable[Plan]],
                         options: ImportOptions) -> None:
    """Raise :class:`ImportRefused` or :class:`graph.load.CleanupRefused` if the import may not go ahead."""
    replaced = options.replaces
    sources = [source] if replaced is None or replaced == source else [source, replaced]
    totals = {name: source_totals(store, name, deletable=True) for name in sources}
    if replaced is not None and replaced != source and not totals[replaced] and not source_totals(store, replaced):
        raise ImportRefused(label, [Problem(label, None, "replaces", Msg(
            "there is no source {replaced!r} to replace: the database holds nothing of it", replaced=replaced))])
    kept: dict[str, Counter[str]] = {name: Counter() for name in sources}
    foreign: dict[tuple[str, str], list[Any]] = {}  # (source, label) -> [count, an example key]
    # Per key only where the answer can differ: what a source that holds nothing deletable can lose need not be
    # counted, and a label whose every node is this source's holds no foreign key (a first load asks neither; it
    # still reads its plans once here, which costs far less than a lookup per key).
    counted = [name for name in sources if totals[name]]
    foreign_labels: dict[str, bool] = {}
    for plan in plans():
        if counted:
            for name, counts in rewritten(store, counted, plan.nodes, plan.relationships, deletable=True).items():
                kept[name] += counts
        nodes = {node_label: rows for node_label, rows in plan.nodes.items()
                 if _foreign_possible_label(store, source, node_label, foreign_labels)}
        for (owner, node_label), (count, example) in owners(store, source, nodes).items():
            if owner == APP_SOURCE:
                continue  # the app's own records may be listed; they keep their source (graph.load)
            if owner != replaced or owner.startswith(RESERVED_SOURCE_PREFIX):
                entry = foreign.setdefault((owner, node_label), [0, example])
                entry[0] += count
    if foreign:
        raise ImportRefused(label, [_foreign_problem(label, owner, node_label, count, example)
                                    for (owner, node_label), (count, example) in sorted(foreign.items())])
    if options.force:
        return
    for name in sources:
        shares = [StaleShare(what, total - kept[name][what], total) for what, total in totals[name].items()]
        refuse_stale(name, shares, options.max_delete_share, replaced=name != source)


def _foreign_possible_label(store: Store, source: str, label: str, known: dict[str, bool]) -> bool:
    if label not in known:
        known[label] = held_by_others(store, label, source)
    return known[label]


def _foreign_problem(label: str, owner: str, node_label: str, count: int, example: Any) -> Problem:
    if owner.startswith(RESERVED_SOURCE_PREFIX):
        return Problem(label, None, None, Msg(
            "{kind} keys of this file belong to wijkgraph's own data, which no import may change: {count}, such as "
            "{example!r}", count=count, kind=node_label, example=example))
    return Problem(label, None, None, Msg(
        "source {owner!r} already holds {kind} keys of this file: {count}, such as {example!r}. If this file "
        "replaces that source (a copy saved under a new name), repeat with --replaces {owner}; otherwise give these "
        "rows keys of their own", count=count, kind=node_label, example=example, owner=owner))
