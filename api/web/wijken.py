"""The municipalities and their wijken: the home page, the list of wijken, a wijk's overview and its partner map."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api import i18n
from api.labels import LABELS, label
from api.web import schemas, schemas_households
from api.web.access import may_run, run_analysis
from api.web.common import Problem, Result, on_param, page_of, paging, require, store_of, twin
from api.web.home import home_data
from graph.model import EXPERTISE, GROUP_MEANING
from queries import pages
from queries.analyses import get as get_analysis
from queries.who_to_call.model import stale_before
from viz import partner_map as partner_map_viz

router = APIRouter()


@twin(router, "/", summary="My wijken (coverage, open gaps, contacts verified) and the other wijken; for analysts "
      "and admins every wijk, what needs attention first", tags=["wijken"], model=schemas.Home)
def home(request: Request, on: str | None = None) -> Result:
    user = require(request)
    data = home_data(request, store_of(request), user, on_param(request))
    title = i18n.gettext("My wijken") if user.scope is not None else i18n.gettext("Wijken")
    return Result(data, "home.html", title)


@twin(router, "/wijken", csv=True, summary="All wijken (paginated)", tags=["wijken"],
      model=schemas.Page[schemas.WijkRow], row=schemas.WijkRow)
def wijken(request: Request, municipality: str | None = None, page: int = 1, size: int = 50) -> Result:
    require(request)
    p = paging(request)
    total, items = pages.wijken(store_of(request), municipality or None, p.skip, p.size)
    return Result(page_of(request, p, total, items), "wijken.html", i18n.gettext("Wijken"))


@twin(router, "/wijken/{code}", summary="Wijk overview: team, rings, coverage, open gaps", tags=["wijken"],
      model=schemas.Wijk)
def wijk(request: Request, code: str, on: str | None = None) -> Result:
    user = require(request)
    store = store_of(request)
    date = on_param(request)
    overview = pages.wijk(store, code, date)
    if overview is None:
        raise Problem(404, "There is no wijk {code}.", code=code)
    counts = partner_map_viz.ring_counts(pages.partner_map(store, code, date, knows=False) or {})
    overview["rings"] = {"ring1": counts.get("ring1", 0),
                         "ring2": {group: counts.get(group, 0) for group in GROUP_MEANING},
                         "fly_in": counts.get("fly_in", 0), "ring3": counts.get("ring3", 0)}
    in_scope = user.scope is None or code in user.scope
    for key, name in (("coverage", "missing_expertise"), ("gaps", "gaps")):
        may_analyse = in_scope and may_run(user, get_analysis(name))
        overview[key] = run_analysis(request, store, user, name, {"wijk": [code], "on": date}) if may_analyse else None
    fresh = run_analysis(request, store, user, "freshness", {"wijk": [code], "on": date})
    overview["freshness"] = {key: fresh[0][key] for key in ("contacts", "fresh", "stale", "never", "fresh_share")}
    overview["freshness"]["fresh_since"] = stale_before(date).isoformat()
    overview["households_visible"] = user.may_see_wijk_households(code)
    if not overview["households_visible"]:
        overview["households"] = None
    overview["on"] = date.isoformat()
    return Result(overview, "wijk.html", f"Wijk {overview['name']}",
                  {"group_meaning": GROUP_MEANING, "expertise": EXPERTISE})


@twin(router, "/wijken/{code}/map", summary="Partner map: three rings (vis-network JSON)", tags=["wijken"],
      model=schemas_households.PartnerMap)
def partner_map(request: Request, code: str, on: str | None = None) -> Result:
    require(request)
    date = on_param(request)
    data = pages.partner_map(store_of(request), code, date)
    if data is None:
        raise Problem(404, "There is no wijk {code}.", code=code)
    network = partner_map_viz.network_json(data)
    network.update(wijk=code, name=data["name"], on=date.isoformat())
    # The page translates the map's codes and English keys itself (the JSON twin keeps them): their labels.
    map_labels = {kind: {key: label(kind, key) for key in LABELS[kind]}
                  for kind in ("map", "map_field", "group", "expertise", "scope")}
    return Result(network, "partner_map.html", i18n.gettext("Partner map of %(name)s") % {"name": data["name"]},
                  {"map_labels": map_labels})
