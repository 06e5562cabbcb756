"""The capacity part of the missing_expertise baseline: the hours per week a source gives one wijk, in plain Python.

Written from the header of ``queries/cypher/missing_expertise.cypher`` (and docs/analyses.md), not from its Cypher:
a professional's hours are divided equally over every wijk they serve at the date (the wijken of the teams they are
an active member of, of their active wijk work, and of the municipalities they actively work for); a team member
without hours of their own counts for the team's hours divided over its active members and its wijken; an
agreement's hours over the wijken of its teams. Unknown hours are None, and a sum with an unknown part is unknown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def _active(since: str | None, until: str | None, on: str) -> bool:
    return (since is None or since <= on) and (until is None or until >= on)


class Hours:
    """Who serves which wijken at ``on`` and the hours each source gives one wijk. ``data`` is the baseline's
    export (bench.baseline.Export): its serves, members, works_in, wijken and hours."""

    def __init__(self, data: Any, on: str) -> None:
        self.hours: dict[tuple[str, str], float] = data.hours
        self.team_wijken: dict[str, set[str]] = defaultdict(set)
        for wijk, teams in data.serves.items():
            for team in teams:
                self.team_wijken[team].add(wijk)
        self.members: dict[str, set[str]] = defaultdict(set)  # team -> active members
        self.served: dict[str, set[str]] = defaultdict(set)  # professional -> wijken served
        for team, rows in data.members.items():
            for p, _, since, until in rows:
                if _active(since, until, on):
                    self.members[team].add(p)
                    self.served[p] |= self.team_wijken[team]
        in_municipality: dict[str, set[str]] = defaultdict(set)
        for code, wijk in data.wijken.items():
            in_municipality[wijk["municipality"]].add(code)
        for area, rows in data.works_in.items():
            for p, _, since, until in rows:
                if _active(since, until, on):
                    self.served[p] |= {area} if area in data.wijken else in_municipality[area]

    def person(self, p: str) -> float | None:
        """A professional's own hours for one of their wijken."""
        own = self.hours.get(("Professional", p))
        return None if own is None else own / len(self.served[p])

    def member(self, p: str, teams: Iterable[str]) -> float | None:
        """A team member's hours in a wijk that ``teams`` (theirs) serve: their own, else the teams' shares."""
        own = self.person(p)
        if own is not None:
            return own
        shares = [None if ("Team", t) not in self.hours
                  else self.hours[("Team", t)] / (len(self.members[t]) * len(self.team_wijken[t])) for t in teams]
        return total(shares)

    def agreement(self, agreement: dict[str, Any]) -> float | None:
        hours = agreement.get("h")
        wijken = set().union(*(self.team_wijken[t] for t in agreement["teams"]))
        return None if hours is None else hours / len(wijken)


def total(shares: Iterable[float | None]) -> float | None:
    """The sum; None when a part is unknown."""
    found = list(shares)
    return None if any(share is None for share in found) else sum(share for share in found if share is not None)


def thin(demand: int, capacity: float | None, threshold: float) -> bool:
    """Whether the demand passes ``threshold`` households per hour of the capacity (unknown: never)."""
    return capacity is not None and demand > 0 and demand > threshold * capacity
