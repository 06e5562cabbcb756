"""Human labels for the codes in the data: what a page shows for ``fly_in``, ``HUISELIJK_GEWELD`` or group ``C``.

The JSON and CSV twins keep the codes (they are the API); pages show :func:`label`, translated into the user's
language through the message catalog (the ids here are English; ``api/locale/nl`` holds the Dutch).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.i18n import N_, gettext

LABELS: dict[str, Mapping[str, str]] = {
    "coverage": {"in_team": N_("in the team"), "in_network": N_("in the wijk network"),
                 "fly_in": N_("fly-in by agreement"), "thin": N_("thinly covered"),
                 "missing": N_("missing")},
    "gap": {"no_team": N_("no team"), "empty_group": N_("empty group"),
            "no_civil_partner": N_("no civil partner"), "uncovered_need": N_("need without expertise"),
            "no_coordinator": N_("no coordinator"), "stale_contact": N_("contact not verified"),
            "huisarts": N_("no GP (huisarts)"), "wijkagent": N_("no community police officer (wijkagent)"),
            "woningcorporatie": N_("no housing corporation"), "onderwijs": N_("no school")},
    "group": {"ring1": N_("ring 1: the team"), "A": N_("group A: plan and assessment"),
              "B": N_("group B: partial support"), "C": N_("group C: signals"),
              "D": N_("group D: city-wide specialists"), "fly_in": N_("fly-in partners"),
              "ring3": N_("ring 3: civil society")},
    "role": {"professional": N_("professional"), "coordinator": N_("coordinator"),
             "analyst": N_("analyst"), "admin": N_("administrator")},
    "expertise": {"GGZ": N_("mental health care (GGZ)"), "LVB": N_("mild intellectual disability (LVB)"),
                  "SCHULDEN": N_("debts"), "JEUGD": N_("youth and parenting"),
                  "OUDEREN": N_("older people and dementia"), "VERSLAVING": N_("addiction"),
                  "HUISELIJK_GEWELD": N_("domestic violence and child abuse"),
                  "WERK_INKOMEN": N_("work and income"), "WONEN": N_("housing")},
    "strength": {"strong": N_("strong"), "normal": N_("normal"), "weak": N_("weak"),
                 "stressful": N_("stressful")},
    "direction": {"to_household": N_("support to the household"),
                  "from_household": N_("support from the household"), "mutual": N_("mutual support"),
                  "none": N_("no support")},
    "tie": {"member": N_("household member"), "informal": N_("informal contact"),
            "professional": N_("professional"), "civil": N_("civil partner")},
    "zrm": {"financien": N_("finances"), "werk_opleiding": N_("work and education"),
            "tijdsbesteding": N_("use of time"), "dagbesteding": N_("daytime activities (ZRM 2013)"),
            "huisvesting": N_("housing"), "huiselijke_relaties": N_("domestic relationships"),
            "geestelijke_gezondheid": N_("mental health"), "lichamelijke_gezondheid": N_("physical health"),
            "middelengebruik": N_("substance use"), "adl": N_("daily living (ZRM 2013)"),
            "basale_adl": N_("basic daily living"), "instrumentele_adl": N_("instrumental daily living"),
            "sociaal_netwerk": N_("social network"),
            "maatschappelijke_participatie": N_("participation in society"), "justitie": N_("justice"),
            "opvoeding": N_("parenting (supplement)")},
}


def label(kind: str, code: Any) -> str:
    """The label of ``code`` among the codes of ``kind``, in the user's language; an unknown code as it is.

    >>> from api.i18n import set_language
    >>> set_language("en"); label("coverage", "fly_in"), label("expertise", "NEW"), label("group", None)
    ('fly-in by agreement', 'NEW', '')
    """
    if code is None:
        return ""
    message = LABELS.get(kind, {}).get(str(code))
    return gettext(message) if message else str(code)
