"""Household-level reads: who may read them, why, the audit entry, and the aliases analysts never see.

Every read of household-level data (household lists, households, ecograms, analyses over households) goes through
:func:`household_read`, which checks the role and wijk, asks professionals and coordinators for a reason, and writes
the audit entry before anything is shown. Analyses go through :func:`run_analysis`, which reads what each analysis
declares about itself (:class:`queries.analyses.Access`): the roles that may run it, whether it is household-level,
and which columns hold household ids. A user limited to some wijken is limited by the analysis's ``wijk`` or
``household`` parameter; an analysis that has neither is refused to such a user (fail closed).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from api import audit, auth, cache
from api.i18n import N_
from api.labels import label
from api.web.common import Problem
from api.web.security import refuse_cross_origin_household_read
from graph.store import Store
from queries import pages
from queries.analyses import Analysis, Row
from queries.analyses import get as get_analysis

REASON_HEADER = "x-wijkgraph-reason"
OUTSIDE_SCOPE = N_("You may see households only of the wijken your teams serve.")
MAX_REASON = 200


def reason_of(request: Request) -> str | None:
    """The reason given in the page's form (a POST) or the X-Wijkgraph-Reason header; never in the URL."""
    if "reason" in request.query_params:
        raise Problem(400, "Give the reason in the form, or as the X-Wijkgraph-Reason header, never in the URL: "
                           "URLs are written to access logs and browser histories.", kind="reason-in-url")
    form = getattr(request.state, "form", None)
    sent = form.get("reason") if form is not None else None
    reason = (sent if isinstance(sent, str) else request.headers.get(REASON_HEADER) or "").strip()
    if len(reason) > MAX_REASON:
        raise Problem(400, "The reason is at most {most} characters: a purpose, not a story about a client.",
                      most=MAX_REASON)
    return reason or None


def pseudonymise(value: Any) -> Any:
    """For analysts: no aliases of household members or informal contacts, anywhere in the answer."""
    if isinstance(value, list):
        return [pseudonymise(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: pseudonymise(item) for key, item in value.items() if key != "alias"}
    if out.get("kind") in ("member", "informal") and "ref" in out and "label" in out:
        out["label"] = f"{out.get('detail') or out['kind']} {out['ref']}"
    if isinstance(out.get("details"), dict) and out.get("kind") in ("member", "informal"):
        out["details"] = {**out["details"], "label": out.get("label")}
    return out


def household_read(request: Request, store: Store, user: auth.User, what: str, wijken: set[str | None],
                   households: set[str], *, single: bool) -> None:
    """Check that ``user`` may read household-level data of ``wijken``, and log the read (before it is shown).

    ``single``: one household's own data (page, ecogram); professionals and coordinators must say why.
    """
    refuse_cross_origin_household_read(request)
    reason = reason_of(request)
    allowed = all(user.may_see_wijk_households(wijk) for wijk in wijken)
    if not allowed:
        audit.record(store, user.name, user.role, str(request.url.path), what, households, reason, status=403)
        raise Problem(403, OUTSIDE_SCOPE)
    if single and user.role in auth.SCOPED_ROLES and not reason:
        raise Problem(400, "Say why you open this household's data: give a reason in the page's form or as the "
                           "X-Wijkgraph-Reason header, e.g. 'casusoverleg' or 'ondersteuningsplan'. It is written to "
                           "the audit log.", kind="reason-required", title=N_("A reason is required"))
    audit.record(store, user.name, user.role, str(request.url.path), what, households, reason)


def household_wijk(request: Request, store: Store, user: auth.User, household_id: str, what: str) -> str | None:
    """The wijk of a household. A household that does not exist is refused as one outside the user's wijken
    would be (the answer must not tell a scoped user which households exist); both are audited."""
    exists, wijk = cache.cached(request, store, user, "household's wijk", household_id,
                                lambda: pages.household_wijk(store, household_id))
    if exists:
        return wijk
    refuse_cross_origin_household_read(request)
    scoped = user.role in auth.SCOPED_ROLES
    audit.record(store, user.name, user.role, str(request.url.path), what, {household_id}, reason_of(request),
                 status=403 if scoped else 404)
    if scoped:
        raise Problem(403, OUTSIDE_SCOPE)
    raise Problem(404, "There is no household {household}.", household=household_id)


def may_run(user: auth.User, analysis: Analysis) -> bool:
    return user.role in analysis.access.roles


def analysis_scope(user: auth.User, analysis: Analysis) -> frozenset[str] | None:
    """The wijken ``user`` may run ``analysis`` for (None: all); 403 when the role may not run it."""
    if not may_run(user, analysis):
        raise Problem(403, "The analysis '{analysis}' is only for the roles {roles}; as {role} you can use 'Who to "
                           "call' and the partner maps.", analysis=label("analysis", analysis.name),
                      roles=", ".join(label("role", role) for role in analysis.access.roles),
                      role=label("role", user.role))
    if analysis.access.household_level and user.role in auth.SCOPED_ROLES:
        return user.scope or frozenset()  # a scoped user without wijken gets none, never all
    return None


def _limit_to_scope(request: Request, store: Store, user: auth.User, analysis: Analysis, scope: frozenset[str],
                    params: dict[str, Any]) -> dict[str, Any]:
    """``params`` limited to the wijken of ``scope``; 403 (audited) for wijken outside it or an unlimitable analysis."""
    what = f"analysis {analysis.name}"
    if analysis.limited_by is None:
        audit.record(store, user.name, user.role, str(request.url.path), what, (), reason_of(request), status=403)
        raise Problem(403, "The analysis '{analysis}' covers every wijk and cannot be limited to yours ({wijken}); "
                           "ask an analyst or an administrator.", analysis=label("analysis", analysis.name),
                      wijken=", ".join(sorted(scope)) or "-")
    if analysis.limited_by != "wijk":
        return params  # a household's wijk is checked when it is read
    asked = params.get("wijk")
    asked = [asked] if isinstance(asked, str) else list(asked or [])
    outside = sorted(set(asked) - scope)
    if outside:
        audit.record(store, user.name, user.role, str(request.url.path), what, (), reason_of(request), status=403)
        raise Problem(403, "Wijk {outside} is not one of your wijken ({wijken}).", outside=", ".join(outside),
                      wijken=", ".join(sorted(scope)))
    if asked:
        return {**params, "wijk": asked}
    if not scope:
        raise Problem(403, "You have no wijken: ask an administrator to give you a team or wijk.")
    return {**params, "wijk": sorted(scope)}


def run_analysis(request: Request, store: Store, user: auth.User, name: str, params: dict[str, Any]) -> list[Row]:
    """Run an analysis as ``user``: role and wijk checks, audit for household-level ones, aliases stripped."""
    analysis = get_analysis(name)
    scope = analysis_scope(user, analysis)
    if scope is not None:
        params = _limit_to_scope(request, store, user, analysis, scope, params)
    wijken: set[str | None] = set(params["wijk"]) if scope is not None and analysis.limited_by == "wijk" else set()
    what = f"analysis {name}"
    if "household" in params and analysis.limited_by == "household":
        wijk = household_wijk(request, store, user, str(params["household"]), what)
        household_read(request, store, user, what, {wijk}, {str(params["household"])}, single=True)
        rows = _rows(request, store, user, analysis, params)
    else:
        rows = _rows(request, store, user, analysis, params)
        if analysis.access.household_level:
            household_read(request, store, user, what, wijken, analysis.access.households_in(rows), single=False)
    # Aliases are properties of household members and informal contacts: only a household-level analysis can hold
    # one, so only its rows are walked (a kaart-level answer of thousands of rows is not).
    return pseudonymise(rows) if user.pseudonymous_only and analysis.access.household_level else rows


def _rows(request: Request, store: Store, user: auth.User, analysis: Analysis, params: dict[str, Any]) -> list[Row]:
    """The analysis's rows, from the answers kept per data version (api/cache.py) when it ran with the same checked
    parameters (defaults filled in) for the same scope; the audit entry is the caller's, hit or miss."""
    checked = analysis.check(params)
    return cache.cached(request, store, user, f"analysis {analysis.name}", checked,
                        lambda: analysis.run(store, **params))
