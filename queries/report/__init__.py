"""The council report (issue 17, item 6): the figures of a wijk or a municipality at a date and at an earlier date.

:func:`council_report` gathers, for the wijken of the area, what the analyses of :mod:`queries.analyses` say
(missing_expertise, gaps, overlapping_helpers, too_many_helpers, freshness) and the demand per ZRM life domain
(``queries/cypher/report_life_domains.cypher``), at ``on`` and at ``since``, and the change between the two; and
:func:`queries.report.summary.summary` chooses the sentences of its plain summary.

**Aggregated only.** The report holds counts and codes: no household keys, no names of household members or informal
contacts, and no names of professionals either (the evidence of a coverage is left out: the council reads how a wijk
is covered, not by whom). Anyone who may read it may run the analyses it rests on.

**The past.** Every relationship carries since/until and every ZRM assessment its date, so coverage, demand,
overlaps and structural gaps at ``since`` are read from the graph as it was. A contact's ``last_verified`` holds only
its latest verification, so freshness is reported at ``on`` only, and the contact gaps (stale, never verified) are
left out of the change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from graph.model import ZRM_NEED_THRESHOLD
from queries.analyses import COVERAGE_ORDER, GAP_KINDS, run
from queries.by_wijk import read_for_wijken
from queries.cypher_files import load
from queries.params import N_, AnalysisError, plain

if TYPE_CHECKING:
    from graph.store import Store

__all__ = ["AREA_KINDS", "CONTACT_GAPS", "HOUSEHOLD_GAPS", "UnknownArea", "change", "check_dates", "council_report",
           "default_since", "figures_at", "read_area"]

AREA_KINDS = ("wijk", "municipality")
HOUSEHOLD_GAPS = ("uncovered_need", "no_coordinator")  # counted in households
CONTACT_GAPS = ("contact_stale", "contact_never_verified")  # counted in contacts; at `on` only (see the module)
STRONG = ("in_team", "in_network")  # the levels a council need not worry about; every other one is weak or missing
MAX_HELPERS = 5


class UnknownArea(AnalysisError):
    """No wijk or municipality with the code asked."""


def default_since(on: dt.date) -> dt.date:
    """One year before ``on`` (29 February becomes 28 February; in the year 1, its first day).

    >>> default_since(dt.date(2026, 11, 1)), default_since(dt.date(2028, 2, 29)), default_since(dt.date(1, 5, 1))
    (datetime.date(2025, 11, 1), datetime.date(2027, 2, 28), datetime.date(1, 1, 1))
    """
    if on.year == dt.MINYEAR:
        return dt.date.min
    try:
        return on.replace(year=on.year - 1)
    except ValueError:
        return on.replace(year=on.year - 1, day=28)


def read_area(store: Store, kind: str, code: str) -> dict[str, Any]:
    """The wijk or municipality ``code`` (``kind``) with its wijken (``report_area.cypher``); :class:`UnknownArea`
    when there is none. Who may read its report is decided on these wijken, before any figure is read."""
    if kind not in AREA_KINDS:
        raise AnalysisError("A report is about a wijk or a municipality, not {kind!r}.", kind=kind)
    rows = store.read(load("report_area"), {"kind": kind, "code": code})
    if not rows:
        raise UnknownArea(N_("There is no wijk {code}.") if kind == "wijk" else N_("There is no municipality {code}."),
                          code=code)
    return plain(rows[0])


def check_dates(on: dt.date, since: dt.date | None) -> dt.date:
    """``since``, or one year before ``on``; it must come before ``on``."""
    since = since or default_since(on)
    if since >= on:
        raise AnalysisError("since ({since}) must be before on ({on}).", since=since.isoformat(), on=on.isoformat())
    return since


def council_report(store: Store, area: dict[str, Any], on: dt.date, since: dt.date | None = None,
                   max_helpers: int = MAX_HELPERS) -> dict[str, Any]:
    """The report of ``area`` (:func:`read_area`) at ``on``, with the change since ``since`` (default: a year
    before ``on``)."""
    from queries.report.summary import summary

    since = check_dates(on, since)
    wijken = [wijk["code"] for wijk in area["wijken"]]
    # The two dates side by side: Neo4j runs each read on one core, and a report's first view waits for all twelve.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="wijkgraph-report") as pool:
        earlier = pool.submit(figures_at, store, wijken, since, max_helpers)
        now, before = figures_at(store, wijken, on, max_helpers), earlier.result()
    report = {**area, "on": on.isoformat(), "since": since.isoformat(), "max_helpers": max_helpers,
              "now": now, "before": before, "change": change(before, now)}
    report["summary"] = [sentence.as_json() for sentence in summary(report)]
    return report


def figures_at(store: Store, wijken: list[str], on: dt.date, max_helpers: int = MAX_HELPERS) -> dict[str, Any]:
    """The report's figures for ``wijken`` at ``on``: counts and codes only."""
    if not wijken:
        return _figures([], [], [], [], [], [], max_helpers)
    return _figures(
        run(store, "missing_expertise", wijk=wijken, on=on),
        run(store, "gaps", wijk=wijken, on=on),
        run(store, "overlapping_helpers", wijk=wijken, on=on),
        run(store, "too_many_helpers", wijk=wijken, on=on, max_helpers=max_helpers),
        run(store, "freshness", wijk=wijken, on=on),
        read_for_wijken(store, "report_life_domains", {"on": on, "zrm_threshold": ZRM_NEED_THRESHOLD}, wijken),
        max_helpers)


def _figures(coverage: list[dict], gaps: list[dict], overlap: list[dict], too_many: list[dict],
             freshness: list[dict], domains: list[dict], max_helpers: int) -> dict[str, Any]:
    return {
        "households": sum(row["households"] for row in domains),
        "assessed": sum(row["assessed"] for row in domains),
        "coverage": [{key: row[key] for key in ("wijk", "wijk_name", "expertise", "coverage", "demand")}
                     for row in coverage],
        "expertise": _per_expertise(coverage),
        "life_domains": _life_domains(domains),
        "gaps": _gaps(gaps),
        "overlap": {"households": len({row["household"] for row in overlap}), "cases": len(overlap),
                    "life_domains": _counted(Counter(row["life_domain"] for row in overlap), "life_domain",
                                             "households")},
        "too_many_helpers": {"households": len(too_many), "max_helpers": max_helpers,
                             "most_helpers": max((row["helpers"] for row in too_many), default=None)},
        "freshness": _freshness(freshness),
    }


def _counted(counts: Counter[str], key: str, name: str) -> list[dict[str, Any]]:
    """``counts`` as rows, the largest first, then by code."""
    return [{key: code, name: n} for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _per_expertise(coverage: list[dict]) -> list[dict[str, Any]]:
    """Per required expertise: its demand over the wijken, how many wijken have each level, and the demand in the
    wijken where it is missing and where it is weak (neither in the team nor in the wijk network)."""
    found: dict[str, dict[str, Any]] = {}
    for row in coverage:
        entry = found.setdefault(row["expertise"], {"expertise": row["expertise"], "wijken": 0, "demand": 0,
                                                    "levels": {}, "missing_demand": 0, "weak": 0, "weak_demand": 0})
        entry["wijken"] += 1
        entry["demand"] += row["demand"]
        entry["levels"][row["coverage"]] = entry["levels"].get(row["coverage"], 0) + 1
        if row["coverage"] == "missing":
            entry["missing_demand"] += row["demand"]
        elif row["coverage"] not in STRONG:
            entry["weak"] += 1
            entry["weak_demand"] += row["demand"]
    for entry in found.values():  # the levels in the analysis's order (weakest first), a new level after them
        entry["levels"] = dict(sorted(entry["levels"].items(), key=lambda item: _level_rank(item[0])))
    return sorted(found.values(), key=lambda entry: entry["expertise"])


def _level_rank(level: str) -> tuple[int, str]:
    return (COVERAGE_ORDER.index(level) if level in COVERAGE_ORDER else len(COVERAGE_ORDER), level)


def _life_domains(rows: list[dict]) -> list[dict[str, Any]]:
    """Demand, help and unhelped demand per life domain, summed over the wijken; the most demand first."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        for domain in row["life_domains"]:
            entry = totals.setdefault(domain["life_domain"], {"life_domain": domain["life_domain"], "demand": 0,
                                                              "helped": 0, "unhelped": 0})
            for key in ("demand", "helped", "unhelped"):
                entry[key] += domain[key]
    return sorted(totals.values(), key=lambda entry: (-entry["demand"], -entry["helped"], entry["life_domain"]))


def _gaps(rows: list[dict]) -> list[dict[str, Any]]:
    """Per kind of gap: how many (households for the household kinds, else rows), in how many wijken, and for the
    empty groups and missing signallers which ones (group letters, signaller codes)."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault(row["kind"], {"kind": row["kind"], "items": set(), "wijken": set(),
                                               "details": set()})
        entry["items"].add(row["household"] if row["kind"] in HOUSEHOLD_GAPS else (row["wijk"], row["detail"]))
        entry["wijken"].add(row["wijk"])
        if row["kind"] == "empty_group":
            entry["details"].add(row["detail"].split()[1])  # "group D (municipality GM1)" -> "D"
        elif row["kind"] == "missing_signaller":
            entry["details"].add(row["detail"])
    return [{"kind": kind, "count": len(found[kind]["items"]), "wijken": len(found[kind]["wijken"]),
             "details": sorted(found[kind]["details"])} for kind in GAP_KINDS if kind in found]


def _freshness(rows: list[dict]) -> dict[str, Any]:
    """The contacts over the wijken (a contact of several wijken counts in each, as on the wijk pages)."""
    totals = {key: sum(row[key] for row in rows) for key in ("contacts", "fresh", "stale", "never")}
    share = round(totals["fresh"] / totals["contacts"], 4) if totals["contacts"] else None
    wijken = [{key: row[key] for key in ("wijk", "wijk_name", "contacts", "fresh", "stale", "never", "fresh_share")}
              for row in sorted(rows, key=lambda row: row["wijk_name"] or row["wijk"])]
    return {**totals, "fresh_share": share, "wijken": wijken}


def change(before: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
    """What changed between two sets of figures: the coverages that moved, and each figure before and now."""
    was = {(row["wijk"], row["expertise"]): row["coverage"] for row in before["coverage"]}
    moved = [{"wijk": row["wijk"], "wijk_name": row["wijk_name"], "expertise": row["expertise"],
              "before": was[(row["wijk"], row["expertise"])], "after": row["coverage"]}
             for row in now["coverage"] if was.get((row["wijk"], row["expertise"]), row["coverage"]) != row["coverage"]]
    figures = []

    def add(figure: str, subject: str | None, old: int, new: int) -> None:
        figures.append({"figure": figure, "subject": subject, "before": old, "after": new, "difference": new - old})

    def by(rows: list[dict], key: str, value: str) -> dict[str, int]:
        return {row[key]: row[value] for row in rows}

    for name, value in (("demand", "demand"), ("missing", None)):
        old = {row["expertise"]: row["levels"].get("missing", 0) if value is None else row[value]
               for row in before["expertise"]}
        new = {row["expertise"]: row["levels"].get("missing", 0) if value is None else row[value]
               for row in now["expertise"]}
        for code in sorted(old.keys() | new.keys()):
            add(name, code, old.get(code, 0), new.get(code, 0))
    old, new = by(before["life_domains"], "life_domain", "demand"), by(now["life_domains"], "life_domain", "demand")
    for code in sorted(old.keys() | new.keys(), key=lambda code: (-new.get(code, 0), code)):
        if old.get(code) or new.get(code):  # a domain with help only is in the figures, not in the change
            add("life_domain_demand", code, old.get(code, 0), new.get(code, 0))
    add("overlap_households", None, before["overlap"]["households"], now["overlap"]["households"])
    add("too_many_helpers", None, before["too_many_helpers"]["households"], now["too_many_helpers"]["households"])
    old, new = by(before["gaps"], "kind", "count"), by(now["gaps"], "kind", "count")
    for kind in GAP_KINDS:
        if kind not in CONTACT_GAPS and (kind in old or kind in new):
            add("gap", kind, old.get(kind, 0), new.get(kind, 0))
    return {"coverage": moved, "figures": figures}
