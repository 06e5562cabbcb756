"""An organisation of the sociale kaart: what it offers, who works there and how to reach them, its agreements."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.web import schemas
from api.web.common import Problem, Result, on_param, require, store_of, twin
from queries import pages

router = APIRouter()


@twin(router, "/organisations/{organisation_id}", summary="An organisation: expertise offered, its people with "
      "contact details, fly-in agreements", tags=["contacts"],
      model=schemas.Organisation)
def organisation(request: Request, organisation_id: str, on: str | None = None) -> Result:
    require(request)  # the sociale kaart: every role may read it
    date = on_param(request)
    data = pages.organisation(store_of(request), organisation_id, date)
    if data is None:
        raise Problem(404, "There is no organisation {organisation}.", organisation=organisation_id)
    data["on"] = date.isoformat()
    return Result(data, "organisation.html", data["name"])
