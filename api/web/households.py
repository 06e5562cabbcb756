"""Households: a wijk's households, one household, its ecogram. All household-level: checked and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request

from api import cache
from api.i18n import gettext as _
from api.labels import label
from api.web import schemas, schemas_households
from api.web.access import household_read, household_wijk, pseudonymise, reason_of
from api.web.common import Problem, Result, given, on_param, page_of, paging, require, store_of, twin
from api.web.security import require_form_from_our_page
from queries import pages
from queries.analyses import ANALYSES
from viz import ecogram as ecogram_viz

router = APIRouter()


@twin(router, "/wijken/{code}/households", csv=True, summary="Households of a wijk (household-level, audited)",
      tags=["households"], model=schemas.Page[schemas_households.HouseholdRow],
      row=schemas_households.HouseholdRow)
def wijk_households(request: Request, code: str, on: str | None = None, page: int = 1, size: int = 50) -> Result:
    user = require(request)
    store = store_of(request)
    today = dt.date.today()
    wijk = cache.cached(request, store, user, "wijk", (code, today), lambda: pages.wijk(store, code, today))
    if wijk is None:
        raise Problem(404, "There is no wijk {code}.", code=code)
    p = paging(request)
    date = on_param(request)
    if not user.may_see_wijk_households(code):
        household_read(request, store, user, f"households of {code}", {code}, set(), single=False)
    total, items = cache.cached(request, store, user, "households of a wijk", (code, date, p.skip, p.size),
                                lambda: pages.wijk_households(store, code, date, p.skip, p.size))
    household_read(request, store, user, f"households of {code}", {code}, {item["id"] for item in items},
                   single=False)
    name = wijk.get("name") or code
    return Result(page_of(request, p, total, items), "households.html", _("Households of %(wijk)s") % {"wijk": name},
                  {"wijk": code, "wijk_name": name})


@twin(router, "/households/{household_id}", summary="One household (household-level, audited; professionals and "
      "coordinators give a reason in the X-Wijkgraph-Reason header)", tags=["households"],
      form=require_form_from_our_page, model=schemas_households.Household)
def household(request: Request, household_id: str) -> Result:
    user = require(request)
    store = store_of(request)
    wijk_code = household_wijk(request, store, user, household_id, f"household {household_id}")
    household_read(request, store, user, f"household {household_id}", {wijk_code}, {household_id}, single=True)
    data = cache.cached(request, store, user, "household", household_id, lambda: pages.household(store, household_id))
    if user.pseudonymous_only:
        data = pseudonymise(data)
    return Result(data, "household.html", _("Household %(household)s") % {"household": household_id},
                  {"reason": reason_of(request)})


@twin(router, "/households/{household_id}/ecogram", summary="A household's ecogram at a date, and the change since "
      "another (household-level, audited; a reason as for the household)", tags=["households"],
      form=require_form_from_our_page, model=schemas_households.Ecogram)
def ecogram(request: Request, household_id: str, on: str | None = None, compare: str | None = None) -> Result:
    user = require(request)
    store = store_of(request)
    wijk_code = household_wijk(request, store, user, household_id, f"ecogram of {household_id}")
    household_read(request, store, user, f"ecogram of {household_id}", {wijk_code}, {household_id}, single=True)
    snapshots = [{"id": e["id"], "date": e["date"]}
                 for e in (pages.household(store, household_id) or {}).get("ecograms", [])]
    latest = dt.date.fromisoformat(snapshots[-1]["date"]) if snapshots else dt.date.today()
    date = on_param(request, default=latest)
    ties = ANALYSES["ecogram"].run(store, household=household_id, on=date)
    data: dict[str, Any] = {"household": household_id, "wijk": wijk_code, "on": date.isoformat(),
                            "snapshot": {"id": ties[0]["ecogram"], "date": ties[0]["date"]} if ties else None,
                            "snapshots": snapshots, "ties": ties}
    if given(request, "compare"):
        before_date = on_param(request, "compare")
        change = ANALYSES["ecogram_change"].run(store, household=household_id, **{"from": before_date, "to": date})
        data.update(compare=before_date.isoformat(), change=change[0] if change else None)
    if user.pseudonymous_only:
        data = pseudonymise(data)
    data["network"] = ecogram_viz.network_json(household_id, data["ties"])
    network = data["network"]
    return Result(data, "ecogram.html", _("Ecogram of %(household)s") % {"household": household_id},
                  lambda: {"reason": reason_of(request), "page_network": page_network(network)})


def page_network(network: dict[str, Any]) -> dict[str, Any]:
    """The ecogram's network as the page shows it: the details and hover texts of nodes and edges in the user's
    language (the JSON twin keeps the codes)."""
    nodes = []
    for node in network["nodes"]:
        codes = node.get("details") or {}
        if codes.get("kind") == "household":
            details = {_("kind"): _("household"), _("id"): codes.get("id")}
        else:
            details = {_("kind"): label("tie", codes.get("kind")), _("name"): codes.get("label"),
                       _("detail"): codes.get("detail"), _("tie"): label("strength", codes.get("quality")),
                       _("support"): label("direction", codes.get("direction"))}
        title = "\n".join(f"{key}: {value}" for key, value in details.items() if value)
        nodes.append({**node, "details": details, "title": title})
    edges = [{**edge, "title": f"{label('strength', edge.get('quality'))}, {label('direction', edge.get('direction'))}"}
             for edge in network["edges"]]
    return {**network, "nodes": nodes, "edges": edges}
