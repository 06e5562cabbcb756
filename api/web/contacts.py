"""Who to call ("Wie bel ik?"): one search box over the sociale kaart, answered by the engine in queries/who_to_call.

The page shows what the search understood (chips), how far it looked (the user's own wijken first; links widen to
the municipality and the region, without JavaScript), one row per contact with every role, the reasons, the contact
details and how fresh they are, and, when nobody in or around the wijk has the expertise, the plain statement and
the ranked routes. The JSON twin is the same answer with codes and English keys; the CSV twin its rows, then the
routes (as ``wijkgraph analyse contacts --format csv``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from api import auth, cache
from api.cli.contacts_answer import say as say_cli
from api.i18n import format_date
from api.i18n import gettext as _
from api.labels import label
from api.web import schemas
from api.web.access import analysis_scope
from api.web.common import Problem, Result, page_of, paging, require, store_of, twin, wijk_options
from graph.model import EXPERTISE
from queries.analyses import get as get_analysis
from queries.fulltext import SearchTextError
from queries.params import TIERS
from queries.who_to_call import Answer, Search, answer_rows, flat_rows, search

router = APIRouter()

# How far each role may widen a search. The sociale kaart is for every role; a professional or coordinator starts on
# their own wijken and may widen to their municipality and region, an analyst or administrator starts on all wijken.
SCOPES_FOR = {role: ("mine", "municipality", "region") for role in auth.SCOPED_ROLES}
ALL_SCOPES = ("mine", "municipality", "region", "all")
ADVANCED = ("wijk", "expertise", "group", "organisation")  # the "uitgebreid zoeken" fields


@twin(router, "/contacts", csv=True, summary="Who to call (Wie bel ik?): type what you need; ranked contacts with "
      "reasons and freshness, and routes when nobody near has the expertise", tags=["contacts"],
      model=schemas.Contacts, row=schemas.ContactRow)
def contacts(request: Request, text: str | None = None, wijk: str | None = None, expertise: str | None = None,
             group: str | None = None, organisation: str | None = None, scope: str | None = None,
             on: str | None = None, page: int = 1, size: int = 50) -> Result:
    user = require(request)
    store = store_of(request)
    p = paging(request)
    analysis = get_analysis("contacts")
    analysis_scope(user, analysis)  # a role that may not search is refused here
    scopes = SCOPES_FOR.get(user.role, ALL_SCOPES)
    if scope and scope in ALL_SCOPES and scope not in scopes:
        raise Problem(403, "As {role} you can search up to the region of your wijken, not {scope}.",
                      role=label("role", user.role), scope=label("search_scope", scope))
    given = {key: value for key, value in {"text": text, "wijk": wijk, "expertise": expertise, "group": group,
                                           "organisation": organisation}.items() if value}
    checked = analysis.check({**given, "scope": scope or "mine", "on": on})
    mine = tuple(sorted(user.scope or ())) if user.role in auth.SCOPED_ROLES else ()
    searched = bool(given or mine)
    answer = cache.cached(request, store, user, "contacts", (checked, mine), lambda: _search(store, checked, mine)
                          ) if searched else None
    rows = [contact.to_dict() for contact in answer.rows] if answer else []
    data = page_of(request, p, len(rows), rows[p.skip:p.skip + p.size])
    data.update(_answer(answer, scopes) | {"filters": {**given, **({"scope": scope} if scope else {})},
                                            "on": checked["on"].isoformat()})
    return Result(data, "contacts.html", _("Who to call"), lambda: {
        "wijken": wijk_options(store, user.scope, request=request), "expertise": EXPERTISE, "tiers": TIERS,
        "searched": searched,
        "advanced": any(key in given for key in ADVANCED), "say": say, "wider_links": _wider_links(request, data),
    }, rows=flat_rows(answer_rows(answer)) if answer else [])


def say(message: Any) -> str:
    """A message of the search in the user's language, its dates as the page shows dates ("1 dec 2026")."""
    data = message if isinstance(message, dict) else message.to_dict()
    fields = {key: format_date(value) if key == "date" else value for key, value in data["fields"].items()}
    return say_cli({**data, "fields": fields})


def _search(store: Any, checked: dict[str, Any], mine: tuple[str, ...]) -> Answer:
    query = Search(text=checked["text"], wijken=tuple(checked["wijk"] or ()), expertise=checked["expertise"],
                   group=checked["group"], organisation=checked["organisation"], user_wijken=mine,
                   scope=checked["scope"], on=checked["on"])
    try:
        return search(store, query)
    except SearchTextError as error:
        raise Problem(400, error.template, **error.fields) from None


def _answer(answer: Answer | None, scopes: tuple[str, ...]) -> dict[str, Any]:
    """The JSON twin's fields beyond the page of rows."""
    if answer is None:
        return {"understood": None, "scope": None, "scopes": list(scopes), "anchors": [], "statement": None,
                "routes": [], "wider": [], "fresh_rule": None}
    whole = answer.to_dict()
    return {"understood": whole["understood"], "scope": answer.scope, "scopes": list(scopes),
            "anchors": whole["anchors"], "statement": whole["statement"], "routes": whole["routes"],
            "wider": [w for w in whole["wider"] if w["scope"] in scopes], "fresh_rule": whole["fresh_rule"]}


def _wider_links(request: Request, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The scope buttons: a link per scope the user may choose, with the same search and ``scope`` set."""
    more = {w["scope"]: w["more"] for w in data["wider"]}
    query = [(key, value) for key, value in request.query_params.multi_items()
             if value and key not in ("scope", "page")]
    return [{"scope": scope, "url": "/contacts?" + urlencode([*query, ("scope", scope)]), "more": more.get(scope),
             "current": scope == data["scope"]} for scope in data["scopes"]]
