"""Who to call: the contact search over the sociale kaart, by wijk, expertise, tier, organisation and text."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.i18n import gettext as _
from api.web import schemas
from api.web.access import run_analysis
from api.web.common import Result, page_of, paging, require, store_of, twin, wijk_options
from graph.model import EXPERTISE
from queries.params import TIERS

router = APIRouter()


@twin(router, "/contacts", csv=True, summary="Contact search: who to call in a wijk, by expertise and text",
      tags=["contacts"], model=schemas.Contacts, row=schemas.ContactRow)
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
    return Result(result, "contacts.html", _("Who to call"), lambda: {
        "wijken": wijk_options(store, user.scope), "expertise": EXPERTISE, "tiers": TIERS, "searched": searched},
        rows=rows)
