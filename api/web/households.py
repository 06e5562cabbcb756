"""Households: a wijk's households, one household, its ecogram. All household-level: checked and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request

from api.web.access import household_read, household_wijk, pseudonymise, reason_of
from api.web.common import Problem, Result, given, on_param, page_of, paging, require, store_of, twin
from api.web.security import require_form_from_our_page
from queries import pages
from queries.analyses import ANALYSES
from viz import ecogram as ecogram_viz

router = APIRouter()


@twin(router, "/wijken/{code}/households", csv=True, summary="Households of a wijk (household-level, audited)",
      tags=["households"])
def wijk_households(request: Request, code: str, on: str | None = None, page: int = 1, size: int = 50) -> Result:
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
    return Result(page_of(request, p, total, items), "households.html", f"Households of {code}", {"wijk": code})


@twin(router, "/households/{household_id}", summary="One household (household-level, audited; professionals and "
      "coordinators give a reason in the X-Wijkgraph-Reason header)", tags=["households"],
      form=require_form_from_our_page)
def household(request: Request, household_id: str) -> Result:
    user = require(request)
    store = store_of(request)
    wijk_code = household_wijk(request, store, user, household_id, f"household {household_id}")
    household_read(request, store, user, f"household {household_id}", {wijk_code}, {household_id}, single=True)
    data = pages.household(store, household_id)
    if user.pseudonymous_only:
        data = pseudonymise(data)
    return Result(data, "household.html", f"Household {household_id}", {"reason": reason_of(request)})


@twin(router, "/households/{household_id}/ecogram", summary="A household's ecogram at a date, and the change since "
      "another (household-level, audited; a reason as for the household)", tags=["households"],
      form=require_form_from_our_page)
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
        before = ANALYSES["ecogram"].run(store, household=household_id, on=before_date)
        change = ANALYSES["ecogram_change"].run(store, household=household_id, **{"from": before_date, "to": date})
        data.update(compare=before_date.isoformat(), change=change[0] if change else None,
                    diff=ecogram_viz.diff(before, ties))
    if user.pseudonymous_only:
        data = pseudonymise(data)
    data["network"] = ecogram_viz.network_json(household_id, data["ties"])
    return Result(data, "ecogram.html", f"Ecogram of {household_id}", {"reason": reason_of(request)})
