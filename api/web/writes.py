"""What every route that changes the sociale kaart shares: who may write, and how a refused change is answered.

- **JSON writes** take ``Authorization: Bearer`` only (:func:`json_writer`): a browser's session cookie alone is
  refused (403), so another site can never make a browser send a JSON change; pages use their forms (CSRF token).
- **Who may change a record** (:func:`may_change`): an admin everything; a coordinator a record that belongs to one
  of their wijken (``importers.upkeep.records.wijken_of``; for a new record the wijken its values name); a
  professional or analyst nothing.
- **Refusals** as problem details (:func:`problem_for`): 404 no such record, 409 a version conflict (with
  ``current`` and ``version``, to compare and try again), 422 invalid values (with ``problems: [{column, message}]``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from fastapi import Request

from api import auth, i18n
from api.i18n import N_
from api.web.common import Problem, current, require
from importers.upkeep.changes import VersionConflict, plain_value
from importers.upkeep.edit import EditConflict, EditRefused
from importers.upkeep.records import KIND_NAMES, RecordMissing, UnknownKind

WRITER_ROLES = ("coordinator", "admin")
# Kinds whose new records name no wijk yet (a professional before their membership): a coordinator may add them.
NO_WIJK_KINDS = ("professional", "organisation")
REFUSED = N_("The change was refused; nothing was saved: {problems}")
TITLES_OF_CHANGES = {409: N_("Changed by someone else"), 422: N_("Invalid values")}


class ChangeProblem(Problem):
    """A problem detail with members of its own (``current``, ``version``, ``problems``) in the JSON answer."""

    def __init__(self, status: int, detail: str, kind: str, extra: dict[str, Any], **fields: Any) -> None:
        super().__init__(status, detail, kind, TITLES_OF_CHANGES.get(status), **fields)
        self.extra = extra


def json_writer(request: Request, *roles: str) -> auth.User:
    """The user of a JSON write: only with a bearer token (a session cookie alone: 403), in one of ``roles``
    (default: coordinator or admin)."""
    if not request.headers.get("authorization", "").lower().startswith("bearer "):
        if current(request) is not None:
            raise Problem(403, "A change through the JSON API needs an Authorization: Bearer token; in the browser, "
                               "use the form or a bearer token.", kind="bearer-required")
        raise Problem(401, "Log in first: a session from /login, or an Authorization: Bearer token.")
    return require(request, *(roles or WRITER_ROLES))


def writer_first(request: Request) -> None:
    """A route dependency: the JSON writer's token and role are checked before the body (401/403 before 400)."""
    json_writer(request)


def may_change(user: auth.User, wijken: Iterable[str]) -> bool:
    """Whether ``user`` may change a record that belongs to ``wijken``."""
    if user.role == "admin":
        return True
    if user.role != "coordinator":
        return False
    return user.scope is None or bool(set(user.scope) & set(wijken))


def may_create(user: auth.User, kind: str, wijken: Iterable[str]) -> bool:
    """Whether ``user`` may add a record of ``kind`` that would belong to ``wijken``."""
    if user.role == "coordinator" and kind in NO_WIJK_KINDS:
        return True
    return may_change(user, wijken)


def refuse_unless_may_change(user: auth.User, wijken: Iterable[str], kind: str, key: str | None = None) -> None:
    """403 unless ``user`` may change the record (see :func:`may_change`)."""
    wijken = frozenset(wijken)
    allowed = may_create(user, kind, wijken) if key is None else may_change(user, wijken)
    if allowed:
        return
    if user.role not in WRITER_ROLES:
        raise Problem(403, "Only a coordinator (for their wijken) or an administrator can change the sociale kaart.",
                      kind="forbidden")
    raise Problem(403, "This {what} belongs to wijken you do not coordinate ({wijken}); ask a coordinator of "
                       "those wijken or an administrator.", kind="forbidden", what=_kind(kind),
                  wijken=", ".join(sorted(wijken)) or "-")


def _kind(kind: str) -> str:
    return i18n.gettext(KIND_NAMES.get(kind, kind))


CHANGED_BY = N_("{by} changed this record on {when}, after you opened it. Nothing was saved: compare the current "
                 "values and make your change again.")
CHANGED = N_("This record was changed by someone else (or an import) after you opened it. Nothing was saved: "
             "compare the current values and make your change again.")


def conflict_message(error: VersionConflict) -> tuple[str, dict[str, Any]]:
    """The conflict's message id and fields: who changed the record when, and what to do."""
    by = getattr(error, "edited_by", None)
    at = getattr(error, "edited_at", None)
    if by and isinstance(at, dt.datetime):
        return CHANGED_BY, {"by": by, "when": i18n.format_datetime(at)}
    return CHANGED, {}


def problems_of(error: EditRefused) -> list[dict[str, Any]]:
    """The problems of a refused change: column and message, in the user's language."""
    return [{"column": column, "message": i18n.translate(message.template, message.fields)
             if hasattr(message, "template") else str(message)} for column, message in error.problems]


def problem_for(error: EditRefused | VersionConflict | RecordMissing | UnknownKind) -> Problem:
    """The problem detail of a refused change (raise it)."""
    if isinstance(error, EditRefused):
        return ChangeProblem(422, REFUSED, "invalid-values",
                             {"problems": problems_of(error)},
                             problems="; ".join(f"{p['column']}: {p['message']}" if p["column"] else p["message"]
                                                for p in problems_of(error)))
    if isinstance(error, VersionConflict):
        current_values = error.current
        if isinstance(error, EditConflict):
            current_values = error.record.public()["values"]
        template, fields = conflict_message(error)
        return ChangeProblem(409, template, "version-conflict",
                             {"current": {k: plain_value(v) for k, v in (current_values or {}).items()},
                              "version": error.version}, **fields)
    if isinstance(error, RecordMissing):
        return Problem(404, "There is no {what} {key}.", what=_kind(error.kind), key=error.key)
    return Problem(404, "There is no kind of record {what}.", what=str(error))
