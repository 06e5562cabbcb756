"""Advice for decisions (issue 17): where scarce expertise should go (:mod:`queries.advise.placement`) and who in a
team can make a warm handover to someone with the expertise (:mod:`queries.advise.handover`).

This module declares their parameters and who may ask for them, and checks given values (text from the CLI or a
form, or Python values) into the values the functions take; a bad value is one :class:`AnalysisError` that says
what was expected. Importing it loads neither the database driver nor scipy.

Access: the placement advisor is for coordinators (for their municipality), analysts and admins; the handover is for
every role, limited to the user's wijken for professionals and coordinators. Neither answer holds household-level
data (counts only), so neither writes an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from graph.model import USER_ROLES
from queries.params import N_, AnalysisError, Param

PLACEMENT_ROLES = ("coordinator", "analyst", "admin")
HANDOVER_ROLES = USER_ROLES

PLACEMENT_PARAMS = (
    Param("expertise", "expertise", None, N_("the scarce expertise to place"), required=True),
    Param("count", "int", 1, N_("how many experts or agreements to place")),
    Param("municipality", "text", None, N_("municipality code (default: every municipality you may advise on)")),
    Param("on", "date", dt.date.today, N_("the date at which relationships must be active (YYYY-MM-DD)"),
          default_label="today"),
)
HANDOVER_PARAMS = (
    Param("wijk", "text", None, N_("Wijk code"), required=True),
    Param("expertise", "expertise", None, N_("the expertise the household needs"), required=True),
    Param("team", "text", None, N_("the team to start from (default: the teams that serve the wijk)")),
    Param("on", "date", dt.date.today, N_("the date at which relationships must be active (YYYY-MM-DD)"),
          default_label="today"),
)


def _checked(name: str, params: tuple[Param, ...], given: Mapping[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for param in params:
        value = given.get(param.name)
        if value is None or value == "":
            if param.required:
                raise AnalysisError("Analysis {analysis!r} needs the parameter {param}.", analysis=name,
                                    param=param.name)
            value = param.default_value()
        checked[param.name] = None if value is None else param.coerce(name, value)
    return checked


def check_placement(given: Mapping[str, Any]) -> dict[str, Any]:
    """``expertise``, ``count``, ``municipality``, ``on``, ``neighbour_discount`` and ``exact``, checked."""
    from queries.advise.placement import DEFAULT_DISCOUNT

    checked = _checked("advise placement", PLACEMENT_PARAMS, given)
    discount = given.get("neighbour_discount")
    try:
        checked["neighbour_discount"] = DEFAULT_DISCOUNT if discount in (None, "") else float(discount)
    except (TypeError, ValueError):
        checked["neighbour_discount"] = -1.0
    if not 0 <= checked["neighbour_discount"] <= 1:
        raise AnalysisError("The neighbour discount must be between 0 and 1, not {value}.", value=discount)
    checked["exact"] = str(given.get("exact") or "").lower() in ("1", "true", "yes", "on", "ja")
    checked["municipality"] = checked["municipality"].upper() if checked["municipality"] else None
    return checked


def check_handover(given: Mapping[str, Any]) -> dict[str, Any]:
    """``wijk``, ``expertise``, ``team`` and ``on``, checked."""
    return _checked("advise handover", HANDOVER_PARAMS, given)
