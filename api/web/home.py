"""The home page: "Mijn wijken" for professionals and coordinators, an overview by what needs attention for
analysts and admins.

A user with a scope (professionals and coordinators) sees their own wijken first, each with its coverage badges (per
required expertise), its open gaps and the share of its contacts verified within a year; the other wijken below,
those of their own municipalities first. Analysts and admins see every wijk, the ones that need attention first:
most required expertise missing, then most open gaps, then the lowest share verified.

Coverage and gaps are the analyses ``missing_expertise`` and ``gaps``, run through :func:`run_analysis` exactly as
the wijk page runs them: a role that may not run them sees neither (a professional), and each run is audited. The
rest is one read (``page_municipalities.cypher``) and the analysis ``freshness`` (how many of each wijk's contacts were
verified within 12 months, longer ago, or never; the contacts of a wijk as queries/cypher/freshness.cypher defines
them).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import Request

from api import auth, cache
from api.i18n import format_date
from api.i18n import gettext as _
from api.labels import label
from api.web.access import may_run, run_analysis
from api.web.common import every_municipality, templates
from api.web.overview import OVERVIEW
from graph.model import DEFAULT_REQUIRED_EXPERTISE
from graph.store import Store
from queries.analyses import get as get_analysis
from queries.who_to_call.model import stale_before

Row = dict[str, Any]
VERIFIED_WITHIN = "a contact counts as verified (fresh) when its last_verified is on or after verified_since: within " \
                  "the 12 months before on; the others are the contact_stale and contact_never_verified gaps"


def _coverage_and_gaps(request: Request, store: Store, user: auth.User, codes: list[str], on: dt.date
                       ) -> tuple[dict[str, dict[str, str]], dict[str, int]] | None:
    """Per wijk code of a user's scope: {expertise: coverage} and the number of open gaps (the audited analyses, as
    on the wijk page); None when the role may not see them."""
    if not all(may_run(user, get_analysis(name)) for name in ("missing_expertise", "gaps")):
        return None
    params: dict[str, Any] = {"wijk": codes, "on": on}
    coverage: dict[str, dict[str, str]] = {code: {} for code in codes}
    for row in run_analysis(request, store, user, "missing_expertise", params):
        coverage.setdefault(row["wijk"], {})[row["expertise"]] = row["coverage"]
    gaps: dict[str, int] = {code: 0 for code in codes}
    for row in run_analysis(request, store, user, "gaps", params):
        gaps[row["wijk"]] = gaps.get(row["wijk"], 0) + 1
    return coverage, gaps


def _attention(wijk: Row) -> tuple:
    """Most required expertise missing first, then thin, then fly-in only, then most gaps, then the lowest share
    verified."""
    coverage = (wijk["coverage"] or {}).values()
    share = wijk["verified_share"]
    return (-sum(value == "missing" for value in coverage), -sum(value == "thin" for value in coverage),
            -sum(value == "fly_in" for value in coverage),
            -(wijk["gaps"] or 0), 1.0 if share is None else share, wijk["name"] or "", wijk["code"])


def _every_wijk(request: Request, store: Store, user: auth.User, on: dt.date
                ) -> tuple[dict[str, Row], tuple[dict[str, dict[str, str]], dict[str, int]] | None, dict[str, Any]]:
    """Freshness, coverage and gaps of every wijk for a user without a scope: the figures kept per data version
    (api/web/overview.py) when the role may see coverage and gaps, else the freshness analysis alone."""
    if not all(may_run(user, get_analysis(name)) for name in ("missing_expertise", "gaps")):
        fresh = {row["wijk"]: row for row in run_analysis(request, store, user, "freshness", {"on": on})}
        return fresh, None, {"state": "fresh", "computed_at": None}
    answer = OVERVIEW.figures(store, on, cache.data_version(request, store))
    figures = answer.figures
    state = {"state": answer.state, "computed_at": figures.computed_at.isoformat() if figures else None}
    if figures is None:
        return {}, None, state
    return figures.freshness, (figures.coverage, figures.gaps), state


def home_data(request: Request, store: Store, user: auth.User, on: dt.date) -> dict[str, Any]:
    """The page's data. Without a scope: every wijk, sorted, kept per data version and the figures it was made of
    (3,300 wijken at national scale take longer to sort and copy than the page may take)."""
    if user.scope is None:
        figures = _every_wijk(request, store, user, on)
        return cache.cached(request, store, user, "home", (on, figures[2]["state"], figures[2]["computed_at"]),
                            lambda: _home_data(request, store, user, on, figures))
    return _home_data(request, store, user, on, None)


def _home_data(request: Request, store: Store, user: auth.User, on: dt.date,
               every_wijk: tuple[dict[str, Row], tuple[dict[str, dict[str, str]], dict[str, int]] | None,
                                 dict[str, Any]] | None) -> dict[str, Any]:
    scope = None if user.scope is None else sorted(user.scope)
    municipalities = every_municipality(request, store)
    focus: list[Row] = [{**wijk, "municipality": municipality["code"], "municipality_name": municipality["name"]}
                        for municipality in municipalities for wijk in municipality["wijken"]
                        if scope is None or wijk["code"] in scope]
    figures: dict[str, Any] = {"state": "fresh", "computed_at": None}
    if every_wijk is not None and focus:
        fresh, found, figures = every_wijk
    elif focus:
        fresh = {row["wijk"]: row for row in run_analysis(request, store, user, "freshness", {"wijk": scope, "on": on})}
        found = _coverage_and_gaps(request, store, user, [wijk["code"] for wijk in focus], on)
    else:
        fresh, found = {}, None
    for wijk in focus:
        row = fresh.get(wijk["code"], {})
        wijk.update(contacts=row.get("contacts", 0), verified=row.get("fresh", 0), stale=row.get("stale", 0),
                    never=row.get("never", 0), verified_share=row.get("fresh_share"))
    for wijk in focus:
        wijk["coverage"] = found[0].get(wijk["code"], {}) if found else None
        wijk["missing"] = sum(value == "missing" for value in wijk["coverage"].values()) if found else None
        wijk["gaps"] = found[1].get(wijk["code"], 0) if found else None
    focus.sort(key=_attention)
    # Everything else: the other wijken, those of the user's own municipalities first.
    own = {wijk["municipality"] for wijk in focus} if scope is not None else set()
    others = [{"code": m["code"], "name": m["name"],
               "wijken": [{"code": w["code"], "name": w["name"], "teams": w["teams"]}
                          for w in m["wijken"] if scope is None or w["code"] not in scope]}
              for m in sorted(municipalities, key=lambda m: m["code"] not in own)]
    return {"user": user.public(), "on": on.isoformat(), "verified_since": stale_before(on).isoformat(),
            "verified_rule": VERIFIED_WITHIN, "required_expertise": list(DEFAULT_REQUIRED_EXPERTISE),
            "coverage_shown": found is not None or not focus, "figures": figures, "wijken": focus,
            "municipalities": [m for m in others if m["wijken"] or scope is None]}


# --- Gaps as sentences --------------------------------------------------------------------------------------------

_LAST_VERIFIED = re.compile(r"last verified (\d{4}-\d{2}-\d{2})")


def gap_sentence(gap: Row) -> str:
    """A gap of the ``gaps`` analysis as a sentence in the reader's language, built from its kind and fields (the
    English ``detail`` stays in the JSON)."""
    kind, detail, evidence = gap.get("kind"), str(gap.get("detail") or ""), gap.get("evidence") or []
    if kind == "no_team":
        return _("No team serves this wijk.")
    if kind == "empty_group":
        return _("Nobody works in %(group)s in this wijk.") % {"group": label("group", detail.split()[1])}
    if kind == "no_civil_partner":
        return _("No ring-3 partner (civil society) is active in this wijk.")
    if kind == "missing_signaller":
        return _("Key signaller missing: %(signaller)s.") % {"signaller": label("signaller", detail)}
    if kind == "uncovered_need":
        return _("Household %(household)s needs %(expertise)s and none of its helpers has it.") % {
            "household": gap.get("household"), "expertise": label("expertise", detail.rsplit(" ", 1)[-1])}
    if kind == "no_coordinator":
        return _("Household %(household)s has %(helpers)s helpers and no coordinator.") % {
            "household": gap.get("household"), "helpers": len(evidence)}
    if kind == "contact_stale":
        found = _LAST_VERIFIED.search(" ".join(evidence))
        return _("%(contact)s was last verified on %(date)s, over a year ago.") % {
            "contact": detail, "date": format_date(found.group(1)) if found else "?"}
    if kind == "contact_never_verified":
        return _("%(contact)s has never been verified.") % {"contact": detail}
    return detail


templates.env.globals["gap_sentence"] = gap_sentence
