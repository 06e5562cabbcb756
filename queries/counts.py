"""How many rows an analysis has per wijk, counted in Neo4j, for pages that show counts (the analysts' home page).

The analysis's own Cypher file runs inside ``CALL { ... }`` and only ``wijk, count(*)`` comes back, so the one
definition of each gap stays in its file and the rows never reach Python. For ``gaps`` over every wijk at national
scale that is 3,300 rows instead of 214,861 with their evidence lists: hydrating those held the web worker's
interpreter for about 15 s after every import or edit, and every page that worker served meanwhile waited for it
(BENCHMARKS.md, the one-command national run).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from queries.by_wijk import read_for_wijken

if TYPE_CHECKING:
    from graph.store import Store


def gap_counts(store: Store, on: dt.date, wijken: list[str] | None = None) -> dict[str, int]:
    """Per wijk code, its number of gaps of every kind at ``on`` (the rows ``gaps`` would answer with its defaults);
    a wijk without gaps is absent."""
    from queries.who_to_call.model import stale_before

    parameters = {"on": on, "fresh_since": stale_before(on), "verification": "all"}
    return {row["wijk"]: row["rows"] for row in read_for_wijken(store, "gaps", parameters, wijken, counted=True)}
