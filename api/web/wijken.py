"""The municipalities and their wijken: the home page, the list of wijken, a wijk's overview and its partner map."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request

from api import cache, i18n
from api.labels import LABELS, label
from api.web import schemas, schemas_home, schemas_households
from api.web.access import household_read, may_run, pseudonymise
from api.web.common import Problem, Result, on_param, page_of, paging, require, store_of, twin
from api.web.home import home_data
from graph.model import EXPERTISE, GROUP_MEANING
from graph.store import Store
from queries import pages
from queries.analyses import get as get_analysis
from queries.who_to_call.model import stale_before
from viz import partner_map as partner_map_viz

router = APIRouter()


@twin(router, "/", summary="My wijken (coverage, open gaps, contacts verified) and the other wijken; for analysts "
      "and admins every wijk, what needs attention first", tags=["wijken"], model=schemas_home.Home)
def home(request: Request, on: str | None = None) -> Result:
    user = require(request)
    data = home_data(request, store_of(request), user, on_param(request))
    title = i18n.gettext("My wijken") if user.scope is not None else i18n.gettext("Wijken")
    return Result(data, "home.html", title)


@twin(router, "/wijken", csv=True, summary="All wijken (paginated)", tags=["wijken"],
      model=schemas.Page[schemas.WijkRow], row=schemas.WijkRow)
def wijken(request: Request, municipality: str | None = None, page: int = 1, size: int = 50) -> Result:
    user = require(request)
    store = store_of(request)
    p = paging(request)
    total, items = cache.cached(request, store, user, "wijken", (municipality or None, p.skip, p.size),
                                lambda: pages.wijken(store, municipality or None, p.skip, p.size))
    return Result(page_of(request, p, total, items), "wijken.html", i18n.gettext("Wijken"))


@twin(router, "/wijken/{code}", summary="Wijk overview: team, rings, coverage, open gaps", tags=["wijken"],
      model=schemas.Wijk)
def wijk(request: Request, code: str, on: str | None = None) -> Result:
    """One read (the heading, the rings, coverage, gaps and freshness in one transaction: queries/pages.py), kept per
    data version (api/cache.py), and one audit entry for the household-level analyses in it."""
    user = require(request)
    store = store_of(request)
    date = on_param(request)
    in_scope = user.scope is None or code in user.scope
    shown = [name for name in ("missing_expertise", "gaps") if in_scope and may_run(user, get_analysis(name))]
    params = {"wijk": [code], "on": date}
    runs = {name: _runner(name, params) for name in (*shown, "freshness")}
    overview = cache.cached(request, store, user, "wijk overview", (code, date, tuple(shown)),
                            lambda: _overview(store, code, date, runs))
    if overview is None:
        raise Problem(404, "There is no wijk {code}.", code=code)
    found = overview.pop("analyses")
    audited = [name for name in shown if get_analysis(name).access.household_level]
    if audited:  # before anything is shown, as run_analysis does, but one entry for the page
        households = {h for name in audited for h in get_analysis(name).access.households_in(found[name])}
        household_read(request, store, user, f"wijk overview {code}: analysis {', '.join(audited)}",
                       {code} if user.scope is not None else set(), households, single=False)
    if user.pseudonymous_only:
        found = pseudonymise(found)
    counts = overview.pop("ring_counts")
    overview["rings"] = {"ring1": counts.get("ring1", 0),
                         "ring2": {group: counts.get(group, 0) for group in GROUP_MEANING},
                         "fly_in": counts.get("fly_in", 0), "ring3": counts.get("ring3", 0)}
    overview["coverage"] = found.get("missing_expertise")
    overview["gaps"] = found.get("gaps")
    overview["freshness"] = {key: found["freshness"][0][key] for key in
                             ("contacts", "fresh", "stale", "never", "fresh_share")}
    overview["freshness"]["fresh_since"] = stale_before(date).isoformat()
    overview["households_visible"] = user.may_see_wijk_households(code)
    if not overview["households_visible"]:
        overview["households"] = None
    overview["on"] = date.isoformat()
    return Result(overview, "wijk.html", f"Wijk {overview['name']}",
                  {"group_meaning": GROUP_MEANING, "expertise": EXPERTISE})


def _overview(store: Store, code: str, date: Any, runs: dict[str, Callable[[Store], list[dict[str, Any]]]]
              ) -> dict[str, Any] | None:
    """The overview as it is kept: the partner map's rings counted once, not kept (a hit unpickles only counts)."""
    overview = pages.wijk_overview(store, code, date, runs)
    if overview is not None:
        overview["ring_counts"] = partner_map_viz.ring_counts(overview.pop("map"))
    return overview


def _runner(name: str, params: dict[str, Any]) -> Callable[[Store], list[dict[str, Any]]]:
    analysis = get_analysis(name)
    return lambda reads: analysis.run(reads, **params)


@twin(router, "/wijken/{code}/map", summary="Partner map: three rings (vis-network JSON)", tags=["wijken"],
      model=schemas_households.PartnerMap)
def partner_map(request: Request, code: str, on: str | None = None) -> Result:
    user = require(request)
    store = store_of(request)
    date = on_param(request)
    data = cache.cached(request, store, user, "partner map", (code, date), lambda: pages.partner_map(store, code, date))
    if data is None:
        raise Problem(404, "There is no wijk {code}.", code=code)
    network = partner_map_viz.network_json(data)
    network.update(wijk=code, name=data["name"], on=date.isoformat())
    # The page translates the map's codes and English keys itself (the JSON twin keeps them): their labels.
    map_labels = {kind: {key: label(kind, key) for key in LABELS[kind]}
                  for kind in ("map", "map_field", "group", "expertise", "scope")}
    return Result(network, "partner_map.html", i18n.gettext("Partner map of %(name)s") % {"name": data["name"]},
                  {"map_labels": map_labels})
