"""Reads for the web pages that are not analyses: home, wijk lists and overview, partner map, organisations,
households.

Each function runs one Cypher file of ``queries/cypher`` (the ``page_*`` files, with the same header convention as
the analyses) and returns JSON-ready values (dates as ISO strings). Access control and the audit log are the API's
business: these functions read what they are asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph.store import Store
from queries.analyses import plain
from queries.cypher_files import load

Row = dict[str, Any]


def municipalities(store: Store) -> list[Row]:
    """Every municipality with its wijken and their teams."""
    return plain(store.read(load("page_municipalities")))


def wijken(store: Store, municipality: str | None = None, skip: int = 0, limit: int = 50) -> tuple[int, list[Row]]:
    """(total, one page of wijken)."""
    row = store.read(load("page_wijken"), {"municipality": municipality, "skip": skip, "limit": limit})[0]
    return row["total"], plain(row["items"])


def wijk(store: Store, code: str, on: dt.date) -> Row | None:
    """The wijk with its municipality, serving teams and their ring-1 members; None when unknown."""
    rows = store.read(load("page_wijk"), {"wijk": code, "on": on})
    return plain(rows[0]) if rows else None


def wijk_overview(store: Store, code: str, on: dt.date, analyses: Mapping[str, Callable[[Store], list[Row]]]
                  ) -> Row | None:
    """The wijk overview in one read transaction: the heading (:func:`wijk`), the partner map's rings (its nodes,
    without the KNOWS ties) and the rows of ``analyses`` (name -> a function that runs it on the store it gets),
    each run inside that same transaction. None when the wijk does not exist (and then no analysis runs)."""

    def work(tx: ManagedTransaction) -> Row | None:
        rows = tx.run(load("page_wijk"), {"wijk": code, "on": on}).data()
        if not rows:
            return None
        overview = plain(rows[0])
        overview["map"] = plain(tx.run(load("page_partner_map"), {"wijk": code, "on": on}).data()[0])
        reads = _InTransaction.of(store, tx)
        overview["analyses"] = {name: run(reads) for name, run in analyses.items()}
        return overview

    return store.in_read_transaction(work)


class _InTransaction(Store):
    """The store as the analyses see it, its reads running in one open transaction (see :func:`wijk_overview`)."""

    tx: ManagedTransaction

    @classmethod
    def of(cls, store: Store, tx: ManagedTransaction) -> _InTransaction:
        reads = cls.__new__(cls)  # the store's own state, whatever its constructor takes
        reads.__dict__.update(vars(store))
        reads.tx = tx
        return reads

    def read(self, query: LiteralString, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return [record.data() for record in self.tx.run(query, dict(parameters or {}))]


def partner_map(store: Store, code: str, on: dt.date, knows: bool = True) -> Row | None:
    """The three rings of a wijk (teams, ring1, ring2, fly_in, ring3) and, with ``knows``, the KNOWS ties among its
    people (a second read)."""
    rows = store.read(load("page_partner_map"), {"wijk": code, "on": on})
    if not rows:
        return None
    data = plain(rows[0])
    ids = sorted({person["id"] for person in (*data["ring1"], *data["ring2"])})
    data["knows"] = store.read(load("page_knows_ties"), {"ids": ids}) if ids and knows else []
    return data


def organisation(store: Store, organisation_id: str, on: dt.date) -> Row | None:
    """An organisation with the expertise it offers, its people (contact details, teams, where they work at ``on``)
    and the teams' fly-in agreements with it; None when unknown."""
    rows = store.read(load("page_organisation"), {"organisation": organisation_id, "on": on})
    return plain(rows[0]) if rows else None


def wijk_households(store: Store, code: str, on: dt.date, skip: int = 0, limit: int = 50) -> tuple[int, list[Row]]:
    """(total, one page of the households of a wijk)."""
    rows = store.read(load("page_wijk_households"), {"wijk": code, "on": on, "skip": skip, "limit": limit})
    if not rows:
        return 0, []
    return rows[0]["total"], plain(rows[0]["items"])


def household(store: Store, household_id: str) -> Row | None:
    """One household with members, contacts, needs, helpers, coordinators, ZRM and ecogram snapshots."""
    rows = store.read(load("page_household"), {"household": household_id})
    return plain(rows[0]) if rows else None


def household_wijk(store: Store, household_id: str) -> tuple[bool, str | None]:
    """(whether the household exists, the code of its wijk)."""
    rows = store.read(load("page_household_wijk"), {"household": household_id})
    return (True, rows[0]["wijk"]) if rows else (False, None)


def team_wijken(store: Store, teams: list[str]) -> list[str]:
    """Codes of the wijken the teams serve."""
    if not teams:
        return []
    return [row["code"] for row in store.read(load("page_team_wijken"), {"teams": list(teams)})]
