"""The council report (issue 17, item 6): ``/reports/wijk/{code}`` and ``/reports/municipality/{code}`` as a page,
its JSON twin and a PDF (``.pdf``: the same report rendered by WeasyPrint); ``/reports`` lists the areas you may ask.

**Who.** Analysts and admins, for every wijk and municipality; a coordinator for their own wijken, and for a
municipality only when every wijk of it is theirs (its figures count the households of all its wijken); never a
professional. The report is aggregated (counts and codes, no household keys, no names), but it rests on household
data, so each report made (page, JSON or PDF) is written to the audit log as a household-level analysis is, and so is
a coordinator's refused attempt for wijken outside theirs. A role that may not ask at all is refused before anything
is read or written. Parameters: ``on`` (default today) and ``since`` (default a year before ``on``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api import audit, auth, cache
from api.i18n import gettext as _
from api.web.common import Problem, Result, every_municipality, on_param, require, store_of, twin
from api.web.schemas import Model
from graph.store import Store
from queries.params import AnalysisError

router = APIRouter()
REPORT_ROLES = ("coordinator", "analyst", "admin")


class ReportAnswer(Model):
    """A council report: the area, its figures at ``on`` (now) and ``since`` (before), what changed, and the summary
    sentences (message id, fields and the text in the request's language). Counts and codes only."""

    kind: str
    code: str
    name: str
    municipality: str | None
    municipality_name: str | None
    wijken: list[dict[str, Any]]
    on: str
    since: str
    max_helpers: int
    now: dict[str, Any]
    before: dict[str, Any]
    change: dict[str, Any]
    summary: list[dict[str, Any]]


class ReportAreas(Model):
    """The municipalities and wijken whose report you may ask, each with its URL."""

    items: list[dict[str, Any]]


def _report(request: Request, kind: str) -> dict[str, Any]:
    """The report of the area in the path, for the user of the request, audited."""
    from api.reports import with_texts
    from queries.report import UnknownArea, council_report, read_area

    user = require(request, *REPORT_ROLES)
    code = request.path_params["code"]
    on = on_param(request)
    since = on_param(request, "since", default=None) if request.query_params.get("since") else None
    store = store_of(request)
    try:
        area = read_area(store, kind, code)
    except UnknownArea as error:
        raise Problem(404, error.template, **error.fields) from None
    what, resource = f"report of {kind} {code}", str(request.url.path)
    outside = sorted(w["code"] for w in area["wijken"] if not user.may_see_wijk_households(w["code"]))
    if outside:
        audit.record(store, user.name, user.role, resource, what, (), None, status=403)
        raise Problem(403, "The report of {area} counts the households of wijken that are not yours ({outside}).",
                      area=area["name"], outside=", ".join(outside))
    try:  # kept per data version (api/cache.py): a report seen again, or its PDF after its page, is not read again
        report = cache.cached(request, store, user, f"report of {kind}", (code, on, since),
                              lambda: council_report(store, area, on, since))
    except AnalysisError as error:
        raise Problem(400, error.template, **error.fields) from None
    audit.record(store, user.name, user.role, resource, what, ())
    return with_texts(report)


def _result(request: Request, report: dict[str, Any]) -> Result:
    from api.reports import charts, figure_text, title

    pdf_url = f"{request.url.path.removesuffix('.json')}.pdf"
    if request.url.query:
        pdf_url += f"?{request.url.query}"
    return Result(report, "report.html", title(report),
                  lambda: {"charts": charts(report), "figure_text": figure_text, "pdf_url": pdf_url})


def _pdf(request: Request, kind: str) -> Response:
    from api.reports import pdf_bytes, print_html

    report = _report(request, kind)
    filename = f"rapportage-{report['code']}-{report['on']}.pdf"
    return Response(pdf_bytes(print_html(report)), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# The PDFs first: "/reports/wijk/{code}" would take "WK1.pdf" as a code.
@router.get("/reports/wijk/{code}.pdf", include_in_schema=False, response_class=Response)
def wijk_report_pdf(request: Request, code: str, on: str | None = None, since: str | None = None) -> Response:
    return _pdf(request, "wijk")


@router.get("/reports/municipality/{code}.pdf", include_in_schema=False, response_class=Response)
def municipality_report_pdf(request: Request, code: str, on: str | None = None, since: str | None = None
                            ) -> Response:
    return _pdf(request, "municipality")


@twin(router, "/reports/wijk/{code}", summary="Report for the council of one wijk: coverage with demand, demand per "
      "life domain, gaps, helpers, freshness, change since an earlier date (counts only; .pdf for the PDF)",
      tags=["reports"], model=ReportAnswer)
def wijk_report(request: Request, code: str, on: str | None = None, since: str | None = None) -> Result:
    return _result(request, _report(request, "wijk"))


@twin(router, "/reports/municipality/{code}", summary="Report for the council of a municipality, over all of its "
      "wijken (counts only; .pdf for the PDF)", tags=["reports"], model=ReportAnswer)
def municipality_report(request: Request, code: str, on: str | None = None, since: str | None = None) -> Result:
    return _result(request, _report(request, "municipality"))


def report_areas(request: Request, store: Store, user: auth.User) -> list[dict[str, Any]]:
    """The municipalities with the wijken ``user`` may report on; a municipality's own report only when all of its
    wijken are the user's."""
    found = []
    for municipality in every_municipality(request, store):
        wijken = [{"code": w["code"], "name": w["name"], "url": f"/reports/wijk/{w['code']}"}
                  for w in municipality["wijken"] if user.may_see_wijk_households(w["code"])]
        if not wijken:
            continue
        whole = len(wijken) == len(municipality["wijken"])
        found.append({"code": municipality["code"], "name": municipality["name"], "wijken": wijken,
                      "url": f"/reports/municipality/{municipality['code']}" if whole else None})
    return found


@twin(router, "/reports", summary="The wijken and municipalities whose report for the council you may ask",
      tags=["reports"], model=ReportAreas)
def reports(request: Request) -> Result:
    user = require(request, *REPORT_ROLES)
    return Result({"items": report_areas(request, store_of(request), user)}, "reports.html",
                  _("Reports for the council"))
