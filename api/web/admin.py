"""For admins: the audit log of household-level reads (the users: api/web/users.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api import audit
from api.i18n import gettext as _
from api.web import schemas
from api.web.common import Result, on_param, page_of, paging, require, store_of, twin

router = APIRouter()


@twin(router, "/audit", csv=True, summary="The audit log (admins)", tags=["admin"],
      model=schemas.Audit, row=schemas.AuditEntry)
def audit_log(request: Request, user: str | None = None, since: str | None = None, household: str | None = None,
              page: int = 1, size: int = 50) -> Result:
    require(request, "admin")
    p = paging(request)
    since_date = on_param(request, "since") if since else None
    total, items = audit.query(store_of(request), user or None, since_date, household or None, p.skip, p.size)
    result = page_of(request, p, total, items)
    result["filters"] = {"user": user, "since": since, "household": household}
    return Result(result, "audit.html", _("Audit log"))
