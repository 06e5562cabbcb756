"""The analyses: the list a user may run, and each analysis as a table with its JSON and CSV twins."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api import auth
from api.i18n import gettext as _
from api.labels import label
from api.web import schemas
from api.web.access import analysis_scope, may_run, run_analysis
from api.web.common import Result, page_of, paging, require, store_of, twin, wijk_options
from api.web.security import CSRF_FIELD, require_form_from_our_page
from api.web.tables import sort_and_filter
from graph.model import EXPERTISE
from queries.analyses import ANALYSES, Analysis
from queries.analyses import get as get_analysis
from queries.params import TIERS

router = APIRouter()
NOT_PARAMETERS = ("page", "size", "reason", "sort", "q", CSRF_FIELD)


def analysis_params(request: Request, analysis: Analysis) -> dict[str, Any]:
    """The analysis's parameters from the query string (lists repeat the name: ``?wijk=A&wijk=B``)."""
    known = {param.name: param for param in analysis.params}
    params: dict[str, Any] = {}
    form = getattr(request.state, "form", None)  # the page's form, sent by POST when it carries a reason
    given = form if form is not None else request.query_params
    for key in given:
        if key in NOT_PARAMETERS:
            continue
        values = [value for value in given.getlist(key) if isinstance(value, str) and value.strip()]
        if not values:
            continue
        param = known.get(key)
        if param and param.repeats:
            params[key] = [part.strip() for value in values for part in value.split(",") if part.strip()]
        else:
            params[key] = values[0]
    return params


def allowed_analyses(user: auth.User) -> list[Analysis]:
    return [analysis for analysis in ANALYSES.values() if may_run(user, analysis)]


def describe(analysis: Analysis) -> dict[str, Any]:
    return {"name": analysis.name, "purpose": analysis.purpose, "url": f"/analyses/{analysis.name}",
            "household_level": analysis.access.household_level,
            "needs_reason": analysis.limited_by == "household",  # one household's data: a reason, sent by POST
            "parameters": [{"name": p.name, "kind": p.kind, "required": p.required, "help": p.help,
                            "default": p.default_label or (None if callable(p.default) else p.default)}
                           for p in analysis.params]}


@twin(router, "/analyses", summary="The analyses you may run", tags=["analyses"], model=schemas.Analyses)
def analyses(request: Request) -> Result:
    user = require(request)
    return Result({"items": [describe(a) for a in allowed_analyses(user)]}, "analyses.html", _("Analyses"))


@twin(router, "/analyses/{name}", csv=True, summary="Run an analysis: its parameters as query parameters "
      "(repeat wijk for several); paginated", tags=["analyses"], form=require_form_from_our_page,
      model=schemas.AnalysisAnswer)
def analysis(request: Request, name: str, page: int = 1, size: int = 50) -> Result:
    user = require(request)
    store = store_of(request)
    chosen = get_analysis(name)
    p = paging(request)
    params = analysis_params(request, chosen)
    needs_input = any(param.required and param.name not in params for param in chosen.params)
    rows = [] if needs_input else run_analysis(request, store, user, name, params)
    rows, applied = sort_and_filter(request, rows)  # over all rows, before paging: the same in page, JSON and CSV
    result = page_of(request, p, len(rows), rows[p.skip:p.skip + p.size])
    result.update(analysis=describe(chosen), parameters=dict(params), sort=applied["sort"], q=applied["q"])
    scope = analysis_scope(user, chosen)  # the wijken this user may run it for (None: all)
    return Result(result, "analysis.html", label("analysis", name), lambda: {
        "wijken": wijk_options(store, user.scope, only=scope, request=request), "expertise": EXPERTISE, "tiers": TIERS,
        "needs_input": needs_input, "applied": applied,
        "query": getattr(request.state, "form", None) or request.query_params}, rows=rows)
