"""Comparing an analysis's answer with the baseline's, so that the comparison cannot pass by accident.

The answers compare as multisets (a row given twice, e.g. when chunks of wijken are stitched, is a difference) and,
where the analysis defines an order, the answer must come in that order. An empty comparison proves nothing: it is a
failure, not a pass (e.g. ``on=1900-01-01``, when nothing is active yet). So is a compared kind of row that neither
side has (``required``): the data never took that branch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing ``got`` (the analysis) with ``expected`` (the baseline)."""

    got_rows: int
    expected_rows: int
    only_got: list[Any] = field(default_factory=list)  # rows (with repeats) the analysis has beyond the baseline
    only_expected: list[Any] = field(default_factory=list)
    out_of_order: int | None = None  # index of the first row the analysis gave before a row that should precede it
    empty_kinds: list[str] = field(default_factory=list)  # required kinds of row that neither side has

    @property
    def empty(self) -> bool:
        return not self.got_rows and not self.expected_rows

    @property
    def equal(self) -> bool:
        return (not self.empty and not self.only_got and not self.only_expected and self.out_of_order is None
                and not self.empty_kinds)

    def verdict(self) -> str:
        """One cell of the results table: yes with both row counts, or NO with why."""
        counts = f"{self.got_rows} rows in Neo4j, {self.expected_rows} in the baseline"
        if self.empty:
            return f"NO: nothing to compare ({counts})"
        problems = []
        if self.only_got or self.only_expected:
            problems.append(f"{len(self.only_got)} rows only in Neo4j, {len(self.only_expected)} only in the "
                            "baseline")
        if self.out_of_order is not None:
            problems.append(f"row {self.out_of_order} out of order")
        if self.empty_kinds:
            problems.append(f"no {', '.join(self.empty_kinds)} rows on either side")
        return f"NO: {'; '.join(problems)} ({counts})" if problems else f"yes ({counts})"

    def summary(self) -> dict[str, Any]:
        return {"got_rows": self.got_rows, "expected_rows": self.expected_rows, "only_got": len(self.only_got),
                "only_expected": len(self.only_expected), "out_of_order": self.out_of_order,
                "empty_kinds": self.empty_kinds, "equal": self.equal}


def first_out_of_order(rows: Sequence[Any], key: Callable[[Any], Any]) -> int | None:
    """The index of the first row whose order key is below the one before it (ties may come in any order)."""
    keys = [key(row) for row in rows]
    return next((index for index in range(1, len(keys)) if keys[index] < keys[index - 1]), None)


def compare(got: Sequence[Hashable], expected: Iterable[Hashable], order: Callable[[Any], Any] | None = None,
            kind_of: Callable[[Any], str] | None = None, required: Sequence[str] = ()) -> Comparison:
    """Compare the rows as multisets, then (with ``order``) the order of ``got``; with ``kind_of``, every kind in
    ``required`` must occur on at least one side."""
    got_count, expected_count = Counter(got), Counter(expected)
    only_got = sorted((got_count - expected_count).elements(), key=repr)
    only_expected = sorted((expected_count - got_count).elements(), key=repr)
    present = {kind_of(row) for row in (*got_count, *expected_count)} if kind_of else set()
    return Comparison(sum(got_count.values()), sum(expected_count.values()), only_got, only_expected,
                      first_out_of_order(got, order) if order else None,
                      [kind for kind in required if kind not in present] if kind_of else [])
