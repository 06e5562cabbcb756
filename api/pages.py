"""The routes: every resource as a page with a JSON twin (and a CSV twin for tables), see :mod:`api.app`.

Household-level reads (household lists, households, ecograms, analyses over households) go through
:func:`household_read`, which checks the role and wijk, asks professionals and coordinators for a reason, writes the
audit entry before anything is shown, and strips aliases for analysts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from api import audit, auth
from api.app import PROBLEM_SCHEMA, Problem, Result, page_of, paging, require, store_of, templates, twin
from graph.model import EXPERTISE, GROUP_MEANING
from graph.store import Store
from queries import pages
from queries.analyses import ANALYSES, TIERS, Analysis
from queries.analyses import get as get_analysis
from viz import ecogram as ecogram_viz
from viz import partner_map as partner_map_viz

# Analyses that read no household-level data; every other one is audited (an unknown new one too: safe default).
NOT_HOUSEHOLD_LEVEL = frozenset({"contacts", "duplicate_professionals"})
PROFESSIONAL_ANALYSES = frozenset({"contacts"})  # the sociale kaart; the other analyses are for coordinators up
REASON_HEADER = "x-wijkgraph-reason"
MAX_REASON = 200
_HOUSEHOLD_IN_TEXT = re.compile(r"household (\S+)")
_ID_IN_PARENS = re.compile(r"\(([^()]+)\)\s*$")


# --- Access, audit, pseudonymisation --------------------------------------------------------------------------


def reason_of(request: Request) -> str | None:
    reason = (request.query_params.get("reason") or request.headers.get(REASON_HEADER) or "").strip()
    if len(reason) > MAX_REASON:
        raise Problem(400, f"The reason is at most {MAX_REASON} characters: a purpose, not a story about a client.")
    return reason or None


def analysis_scope(user: auth.User, name: str) -> frozenset[str] | None:
    """The wijken ``user`` may run analysis ``name`` for (None: all); 403 when the role may not run it."""
    if user.role == "professional" and name not in PROFESSIONAL_ANALYSES:
        raise Problem(403, f"The analysis {name!r} is for coordinators, analysts and admins; as a professional you "
                           "can use the contact search and the partner maps.")
    if user.role == "coordinator" and name not in NOT_HOUSEHOLD_LEVEL:
        return user.scope or frozenset()
    return None


def household_ids(rows: list[dict[str, Any]]) -> set[str]:
    """Household ids named in analysis rows: ``household``, ``households`` and "household X" in details."""
    found: set[str] = set()
    for row in rows:
        if isinstance(row.get("household"), str):
            found.add(row["household"])
        for item in row.get("households") or []:
            if isinstance(item, str):
                found.add(item)
        if isinstance(row.get("detail"), str):
            found.update(_HOUSEHOLD_IN_TEXT.findall(row["detail"]))
    return found


def pseudonymise(value: Any) -> Any:
    """For analysts: no aliases of household members or informal contacts, anywhere in the answer."""
    if isinstance(value, list):
        return [pseudonymise(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: pseudonymise(item) for key, item in value.items() if key != "alias"}
    if out.get("kind") in ("member", "informal") and "ref" in out and "label" in out:
        out["label"] = f"{out.get('detail') or out['kind']} {out['ref']}"
    if "label" in out and "ref" in out and "change" in out and out.get("kind") in ("member", "informal"):
        out["label"] = out["ref"]
    for key in ("informal_gained", "informal_lost"):
        if isinstance(out.get(key), list):
            out[key] = [(_ID_IN_PARENS.search(item).group(1) if isinstance(item, str) and _ID_IN_PARENS.search(item)
                         else "(hidden)") for item in out[key]]
    if isinstance(out.get("details"), dict) and out.get("kind") in ("member", "informal"):
        out["details"] = {**out["details"], "label": out.get("label")}
    return out


def household_read(request: Request, store: Store, user: auth.User, what: str, wijken: set[str | None],
                   households: set[str], *, single: bool) -> None:
    """Check that ``user`` may read household-level data of ``wijken``, and log the read (before it is shown).

    ``single``: one household's own data (page, ecogram); professionals and coordinators must say why.
    """
    reason = reason_of(request)
    allowed = all(user.may_see_wijk_households(wijk) for wijk in wijken)
    if not allowed:
        audit.record(store, user.name, user.role, str(request.url.path), what, households, reason, status=403)
        raise Problem(403, "You may see households only of the wijken your teams serve.")
    if single and user.role in auth.SCOPED_ROLES and not reason:
        raise Problem(400, "Say why you open this household's data: give a reason (the `reason` query parameter or "
                           "the X-Wijkgraph-Reason header), e.g. 'casusoverleg' or 'ondersteuningsplan'. It is "
                           "written to the audit log.", kind="reason-required", title="A reason is required")
    audit.record(store, user.name, user.role, str(request.url.path), what, households, reason)


def on_param(request: Request, name: str = "on", default: dt.date | None = None) -> dt.date:
    text = request.query_params.get(name)
    if not text:
        return default or dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Problem(400, f"{name} must be a date YYYY-MM-DD, not {text!r}.") from None


# --- Analyses -----------------------------------------------------------------------------------------------------


def analysis_params(request: Request, analysis: Analysis) -> dict[str, Any]:
    """The analysis's parameters from the query string (lists repeat the name: ``?wijk=A&wijk=B``)."""
    known = {param.name: param for param in analysis.params}
    params: dict[str, Any] = {}
    for key in request.query_params:
        if key in ("page", "size", "reason"):
            continue
        values = [value for value in request.query_params.getlist(key) if value.strip()]
        if not values:
            continue
        param = known.get(key)
        if param and param.kind in ("wijken", "expertise_list"):
            params[key] = [part.strip() for value in values for part in value.split(",") if part.strip()]
        else:
            params[key] = values[0]
    return params


def run_analysis(request: Request, store: Store, user: auth.User, name: str, params: dict[str, Any]
                 ) -> list[dict[str, Any]]:
    """Run an analysis as ``user``: role and wijk checks, audit for household-level ones, aliases stripped."""
    analysis = get_analysis(name)
    scope = analysis_scope(user, name)
    household_level = name not in NOT_HOUSEHOLD_LEVEL
    wijken: set[str | None] = set()
    if scope is not None and any(param.name == "wijk" for param in analysis.params):
        asked = params.get("wijk")
        asked = [asked] if isinstance(asked, str) else list(asked or [])
        outside = sorted(set(asked) - scope)
        if outside:
            audit.record(store, user.name, user.role, str(request.url.path), f"analysis {name}", (), reason_of(request),
                         status=403)
            raise Problem(403, f"Wijk {', '.join(outside)} is not one of your wijken ({', '.join(sorted(scope))}).")
        if not asked:
            if not scope:
                raise Problem(403, "You have no wijken: ask an admin to give you a team or wijk.")
            params = {**params, "wijk": sorted(scope)}
        wijken = set(params["wijk"])
    if "household" in params and any(param.name == "household" for param in analysis.params):
        exists, wijk = pages.household_wijk(store, str(params["household"]))
        if not exists:
            raise Problem(404, f"There is no household {params['household']}.")
        wijken = {wijk}
        household_read(request, store, user, f"analysis {name}", wijken, {str(params["household"])}, single=True)
        rows = analysis.run(store, **params)
    else:
        rows = analysis.run(store, **params)
        if household_level:
            household_read(request, store, user, f"analysis {name}", wijken, household_ids(rows), single=False)
    return pseudonymise(rows) if user.pseudonymous_only else rows


def allowed_analyses(user: auth.User) -> list[Analysis]:
    if user.role == "professional":
        return [ANALYSES[name] for name in ANALYSES if name in PROFESSIONAL_ANALYSES]
    return list(ANALYSES.values())


def describe(analysis: Analysis) -> dict[str, Any]:
    return {"name": analysis.name, "purpose": analysis.purpose, "url": f"/analyses/{analysis.name}",
            "household_level": analysis.name not in NOT_HOUSEHOLD_LEVEL,
            "parameters": [{"name": p.name, "kind": p.kind, "required": p.required, "help": p.help,
                            "default": p.default_label or (None if callable(p.default) else p.default)}
                           for p in analysis.params]}


def wijk_options(store: Store) -> list[dict[str, Any]]:
    return [{"code": wijk["code"], "name": wijk["name"], "municipality": municipality["name"]}
            for municipality in pages.municipalities(store) for wijk in municipality["wijken"]]


# --- Routes ------------------------------------------------------------------------------------------------------


def install(app: FastAPI) -> None:
    @app.get("/login", include_in_schema=False)
    def login_form(request: Request, next: str = "/") -> Response:
        return templates.TemplateResponse(request, "login.html", {
            "request": request, "title": "Log in", "next": _safe_next(next), "error": None, "user": None,
            "json_url": None, "csv_url": None})

    @app.post("/login", include_in_schema=False)
    def login(request: Request, token: str = Form(""), next: str = Form("/")) -> Response:
        user = auth.user_by_token(store_of(request), token.strip()) if token.strip() else None
        if user is None:
            return templates.TemplateResponse(request, "login.html", {
                "request": request, "title": "Log in", "next": _safe_next(next), "user": None,
                "json_url": None, "csv_url": None,
                "error": "That token is not valid. Check that you copied all of it."}, status_code=401)
        response = RedirectResponse(_safe_next(next), status_code=303)
        response.set_cookie(auth.SESSION_COOKIE, auth.session_cookie(user), max_age=auth.SESSION_SECONDS,
                            httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")
        return response

    @app.post("/logout", include_in_schema=False)
    def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(auth.SESSION_COOKIE, path="/")
        return response

    @app.get("/health", include_in_schema=True, tags=["meta"], summary="Liveness: is Neo4j reachable (no login)",
             response_class=PlainTextResponse,
             responses={503: {"description": "Neo4j is not reachable",
                              "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}})
    def health(request: Request) -> Response:
        store_of(request).verify()
        return PlainTextResponse("ok")

    @app.get("/static/vis-network.min.js", include_in_schema=False)
    def vis_js() -> Response:
        return Response(_VIS_JS(), media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/static/vis-network.css", include_in_schema=False)
    def vis_css() -> Response:
        return Response(partner_map_viz.vis_css(), media_type="text/css",
                        headers={"Cache-Control": "public, max-age=86400"})

    @twin(app, "/", summary="Municipalities and their wijken", tags=["wijken"])
    def home(request: Request) -> Result:
        user = require(request)
        municipalities = pages.municipalities(store_of(request))
        return Result({"municipalities": municipalities, "user": user.public()}, "home.html", "wijkgraph")

    @twin(app, "/me", summary="The logged-in user", tags=["meta"])
    def me(request: Request) -> Result:
        user = require(request)
        return Result(user.public(), "me.html", f"You: {user.name}")

    @twin(app, "/wijken", csv=True, summary="All wijken (paginated)", tags=["wijken"])
    def wijken(request: Request, municipality: str | None = None, page: int = 1, size: int = 50) -> Result:
        require(request)
        p = paging(request)
        total, items = pages.wijken(store_of(request), municipality or None, p.skip, p.size)
        return Result(page_of(request, p, total, items), "wijken.html", "Wijken")

    @twin(app, "/wijken/{code}", summary="Wijk overview: team, rings, coverage, open gaps", tags=["wijken"])
    def wijk(request: Request, code: str, on: str | None = None) -> Result:
        user = require(request)
        store = store_of(request)
        date = on_param(request)
        overview = pages.wijk(store, code, date)
        if overview is None:
            raise Problem(404, f"There is no wijk {code}.")
        counts = partner_map_viz.ring_counts(pages.partner_map(store, code, date, knows=False) or {})
        overview["rings"] = {"ring1": counts.get("ring1", 0),
                             "ring2": {group: counts.get(group, 0) for group in GROUP_MEANING},
                             "fly_in": counts.get("fly_in", 0), "ring3": counts.get("ring3", 0)}
        may_analyse = user.role != "professional" and (user.scope is None or code in user.scope)
        overview["coverage"] = overview["gaps"] = None
        if may_analyse:
            overview["coverage"] = run_analysis(request, store, user, "missing_expertise", {"wijk": [code], "on": date})
            overview["gaps"] = run_analysis(request, store, user, "gaps", {"wijk": [code], "on": date})
        overview["households_visible"] = user.may_see_wijk_households(code)
        if not overview["households_visible"]:
            overview["households"] = None
        overview["on"] = date.isoformat()
        return Result(overview, "wijk.html", f"Wijk {overview['name']}",
                      {"group_meaning": GROUP_MEANING, "expertise": EXPERTISE})

    @twin(app, "/wijken/{code}/map", summary="Partner map: three rings (vis-network JSON)", tags=["wijken"])
    def partner_map(request: Request, code: str, on: str | None = None) -> Result:
        require(request)
        date = on_param(request)
        data = pages.partner_map(store_of(request), code, date)
        if data is None:
            raise Problem(404, f"There is no wijk {code}.")
        network = partner_map_viz.network_json(data)
        network.update(wijk=code, name=data["name"], on=date.isoformat())
        return Result(network, "partner_map.html", f"Partner map of {data['name']}")

    @twin(app, "/wijken/{code}/households", csv=True, summary="Households of a wijk (household-level, audited)",
          tags=["households"])
    def wijk_households(request: Request, code: str, on: str | None = None, reason: str | None = None,
                        page: int = 1, size: int = 50) -> Result:
        user = require(request)
        store = store_of(request)
        if pages.wijk(store, code, dt.date.today()) is None:
            raise Problem(404, f"There is no wijk {code}.")
        p = paging(request)
        date = on_param(request)
        if not user.may_see_wijk_households(code):
            household_read(request, store, user, f"households of {code}", {code}, set(), single=False)
        total, items = pages.wijk_households(store, code, date, p.skip, p.size)
        household_read(request, store, user, f"households of {code}", {code}, {item["id"] for item in items},
                       single=False)
        return Result(page_of(request, p, total, items), "households.html", f"Households of {code}",
                      {"wijk": code})

    @twin(app, "/households/{household_id}", summary="One household (household-level, audited; reason required "
          "for professionals and coordinators)", tags=["households"])
    def household(request: Request, household_id: str, reason: str | None = None) -> Result:
        user = require(request)
        store = store_of(request)
        exists, wijk_code = pages.household_wijk(store, household_id)
        if not exists:
            raise Problem(404, f"There is no household {household_id}.")
        household_read(request, store, user, f"household {household_id}", {wijk_code}, {household_id}, single=True)
        data = pages.household(store, household_id)
        if user.pseudonymous_only:
            data = pseudonymise(data)
        return Result(data, "household.html", f"Household {household_id}", {"reason": reason_of(request)})

    @twin(app, "/households/{household_id}/ecogram", summary="A household's ecogram at a date, and the change since "
          "another (household-level, audited)", tags=["households"])
    def ecogram(request: Request, household_id: str, on: str | None = None, compare: str | None = None,
                reason: str | None = None) -> Result:
        user = require(request)
        store = store_of(request)
        exists, wijk_code = pages.household_wijk(store, household_id)
        if not exists:
            raise Problem(404, f"There is no household {household_id}.")
        household_read(request, store, user, f"ecogram of {household_id}", {wijk_code}, {household_id}, single=True)
        snapshots = [{"id": e["id"], "date": e["date"]}
                     for e in (pages.household(store, household_id) or {}).get("ecograms", [])]
        latest = dt.date.fromisoformat(snapshots[-1]["date"]) if snapshots else dt.date.today()
        date = on_param(request, default=latest)
        ties = ANALYSES["ecogram"].run(store, household=household_id, on=date)
        data: dict[str, Any] = {"household": household_id, "wijk": wijk_code, "on": date.isoformat(),
                                "snapshot": {"id": ties[0]["ecogram"], "date": ties[0]["date"]} if ties else None,
                                "snapshots": snapshots, "ties": ties}
        if compare:
            before_date = on_param(request, "compare")
            before = ANALYSES["ecogram"].run(store, household=household_id, on=before_date)
            change = ANALYSES["ecogram_change"].run(store, household=household_id, **{"from": before_date, "to": date})
            data.update(compare=before_date.isoformat(), change=change[0] if change else None,
                        diff=ecogram_viz.diff(before, ties))
        if user.pseudonymous_only:
            data = pseudonymise(data)
        data["network"] = ecogram_viz.network_json(household_id, data["ties"])
        return Result(data, "ecogram.html", f"Ecogram of {household_id}", {"reason": reason_of(request)})

    @twin(app, "/contacts", csv=True, summary="Contact search: who to call in a wijk, by expertise and text",
          tags=["contacts"])
    def contacts(request: Request, wijk: str | None = None, expertise: str | None = None, group: str | None = None,
                 organisation: str | None = None, text: str | None = None, page: int = 1, size: int = 50) -> Result:
        user = require(request)
        store = store_of(request)
        p = paging(request)
        params = {key: value for key, value in {"wijk": wijk, "expertise": expertise, "group": group,
                                                "organisation": organisation, "text": text}.items() if value}
        searched = bool(params)
        rows = run_analysis(request, store, user, "contacts", params) if searched else []
        result = page_of(request, p, len(rows), rows[p.skip:p.skip + p.size])
        result["filters"] = params
        return Result(result, "contacts.html", "Who to call", lambda: {
            "wijken": wijk_options(store), "expertise": EXPERTISE, "tiers": TIERS, "searched": searched},
            rows=rows)

    @twin(app, "/analyses", summary="The analyses you may run", tags=["analyses"])
    def analyses(request: Request) -> Result:
        user = require(request)
        return Result({"items": [describe(a) for a in allowed_analyses(user)]}, "analyses.html", "Analyses")

    @twin(app, "/analyses/{name}", csv=True, summary="Run an analysis: its parameters as query parameters "
          "(repeat wijk for several); paginated", tags=["analyses"])
    def analysis(request: Request, name: str, reason: str | None = None, page: int = 1, size: int = 50) -> Result:
        user = require(request)
        store = store_of(request)
        chosen = get_analysis(name)
        p = paging(request)
        params = analysis_params(request, chosen)
        needs_input = any(param.required and param.name not in params for param in chosen.params)
        rows = [] if needs_input else run_analysis(request, store, user, name, params)
        result = page_of(request, p, len(rows), rows[p.skip:p.skip + p.size])
        result.update(analysis=describe(chosen), parameters={key: value for key, value in params.items()})
        return Result(result, "analysis.html", f"Analysis: {name}", lambda: {
            "wijken": wijk_options(store), "expertise": EXPERTISE, "tiers": TIERS, "needs_input": needs_input,
            "query": request.query_params}, rows=rows)

    @twin(app, "/audit", csv=True, summary="The audit log (admins)", tags=["admin"])
    def audit_log(request: Request, user: str | None = None, since: str | None = None, household: str | None = None,
                  page: int = 1, size: int = 50) -> Result:
        require(request, "admin")
        p = paging(request)
        since_date = on_param(request, "since") if since else None
        total, items = audit.query(store_of(request), user or None, since_date, household or None, p.skip, p.size)
        result = page_of(request, p, total, items)
        result["filters"] = {"user": user, "since": since, "household": household}
        return Result(result, "audit.html", "Audit log")

    @twin(app, "/users", summary="Users (admins)", tags=["admin"])
    def users(request: Request) -> Result:
        require(request, "admin")
        return Result({"items": auth.list_users(store_of(request))}, "users.html", "Users")


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


_vis_cache: list[str] = []


def _VIS_JS() -> str:
    if not _vis_cache:
        _vis_cache.append(partner_map_viz.vis_js())
    return _vis_cache[0]


def query_string(**params: Any) -> str:
    return urlencode({key: value for key, value in params.items() if value not in (None, "")})


templates.env.globals["query_string"] = query_string
