"""Human labels for the codes in the data: what a page shows for ``fly_in``, ``HUISELIJK_GEWELD`` or group ``C``.

The JSON and CSV twins keep the codes (they are the API); pages show :func:`label`, translated into the user's
language through the message catalog (the ids here are English; ``api/locale/nl`` holds the Dutch).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from api.i18n import N_, gettext

LABELS: dict[str, Mapping[str, str]] = {
    "coverage": {"in_team": N_("in the team"), "in_network": N_("in the wijk network"),
                 "fly_in": N_("fly-in by agreement"), "thin": N_("thinly covered"),
                 "missing": N_("missing")},
    "gap": {"no_team": N_("no team"), "empty_group": N_("empty group"),
            "no_civil_partner": N_("no civil partner"), "uncovered_need": N_("need without expertise"),
            "no_coordinator": N_("no coordinator"), "contact_stale": N_("contact verified over a year ago"),
            "contact_never_verified": N_("contact never verified"),
            "huisarts": N_("no GP (huisarts)"), "wijkagent": N_("no community police officer (wijkagent)"),
            "woningcorporatie": N_("no housing corporation"), "onderwijs": N_("no school")},
    "group": {"ring1": N_("ring 1: the team"), "A": N_("group A: plan and assessment"),
              "B": N_("group B: partial support"), "C": N_("group C: signals"),
              "D": N_("group D: city-wide specialists"), "fly_in": N_("fly-in partners"),
              "ring3": N_("ring 3: civil society")},
    # The partner map: its headings and node types, the names of the fields in its details panel, a scope.
    "map": {"team": N_("Team"), "ring1": N_("Ring 1 · team"), "ring2": N_("Ring 2 · wijk network"),
            "A": N_("Group A"), "B": N_("Group B"), "C": N_("Group C"), "D": N_("Group D"),
            "fly_in": N_("Fly-in partners"), "ring3": N_("Ring 3 · civil society")},
    "map_field": {"type": N_("Where"), "name": N_("Name"), "function": N_("Function"),
                  "team_role": N_("Role in the team"), "organisation": N_("Organisation"), "phone": N_("Phone"),
                  "email": N_("Email"),
                  "last_verified": N_("Last verified"), "expertise": N_("Expertise"), "group": N_("Group"),
                  "also_in_ring2": N_("Also in ring 2, group"), "scope": N_("Works in"), "kind": N_("Kind"),
                  "topic": N_("Topic"), "agreement": N_("Agreement")},
    "scope": {"wijk": N_("this wijk"), "municipality": N_("the whole municipality")},
    # The contact search (queries/who_to_call): how fresh contact details are, the routes, how far it looked.
    "freshness": {"fresh": N_("fresh"), "stale": N_("stale"), "never": N_("never verified")},
    "route": {"agreement": N_("werkafspraak"), "specialist": N_("city-wide specialist"),
              "neighbour_team": N_("team of a neighbouring wijk"),
              "region_organisation": N_("organisation in the region")},
    "search_scope": {"mine": N_("my wijken"), "municipality": N_("the municipality"), "region": N_("the region"),
                     "all": N_("all wijken")},
    "role": {"professional": N_("professional"), "coordinator": N_("coordinator"),
             "analyst": N_("analyst"), "admin": N_("administrator"),
             "operator": N_("command line (operator)")},
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
    # Column headers of the tables (analyses and lists); the JSON and CSV twins keep the column names.
    "column": {"wijk": N_("wijk"), "wijk_name": N_("wijk name"), "expertise": N_("expertise"),
               "coverage": N_("coverage"), "demand": N_("demand (households)"), "evidence": N_("found in"),
               "kind": N_("kind"), "household": N_("household"), "households": N_("households"),
               "detail": N_("detail"), "organisation_a": N_("organisation A"), "organisation_b": N_("organisation B"),
               "shared": N_("shared households"), "helpers": N_("helpers"), "professionals": N_("professionals"),
               "life_domains": N_("life domains"), "life_domain": N_("life domain"),
               "organisations": N_("organisations"), "overlap_since": N_("overlap since"),
               "coordinators": N_("coordinators"), "professional_a": N_("professional A"), "name_a": N_("name A"),
               "professional_b": N_("professional B"), "name_b": N_("name B"),
               "organisations_a": N_("organisations A"), "organisations_b": N_("organisations B"),
               "reasons": N_("reasons"), "professional": N_("professional"), "name": N_("name"),
               "function": N_("function"), "role_count": N_("roles (number)"), "roles": N_("roles"),
               "tier": N_("ring or group"), "organisation": N_("organisation"), "phone": N_("phone"),
               "email": N_("e-mail"), "last_verified": N_("last verified"), "id": N_("id"),
               "nodes": N_("nodes"), "ties": N_("ties"), "density": N_("density"), "components": N_("components"),
               "isolated_partners": N_("isolated partners"), "ring": N_("ring"), "group": N_("group"),
               "rank": N_("rank"), "betweenness": N_("betweenness"), "organisation_id": N_("organisation id"),
               "wijken": N_("wijken"), "wijk_codes": N_("wijk codes"), "team_role": N_("team role"),
               "since": N_("since"), "until": N_("until"), "teams": N_("teams"),
               "municipality_name": N_("municipality"), "code": N_("code"),
               "municipalities": N_("municipalities"), "verified_by": N_("verified by"),
               "freshness": N_("freshness"), "contacts": N_("contacts"), "fresh": N_("fresh"), "stale": N_("stale"),
               "never": N_("never verified"), "fresh_share": N_("share fresh"),
               "oldest_verified": N_("oldest verification"), "municipality": N_("municipality code"),
               "capacity": N_("capacity (hours per week)")},
    "analysis": {"missing_expertise": N_("Missing expertise"), "gaps": N_("Gaps"),
                 "overlapping_helpers": N_("Overlapping helpers"), "too_many_helpers": N_("Too many helpers"),
                 "multiple_coordinators": N_("More than one coordinator"),
                 "shared_households": N_("Shared households"),
                 "duplicate_professionals": N_("Double registrations"), "dual_roles": N_("Dual roles"),
                 "contacts": N_("Who to call"), "ecogram": N_("Ecogram"), "ecogram_change": N_("Ecogram change"),
                 "network_summary": N_("Collaboration network"), "isolated_partners": N_("Isolated partners"),
                 "brokers": N_("Brokers"), "bridging_organisations": N_("Bridging organisations"),
                 "freshness": N_("Freshness of the contacts")},
    "parameter": {"wijk": N_("wijk"), "on": N_("on date"), "expertise": N_("expertise"),
                  "max_helpers": N_("most helpers"), "min_shared": N_("least shared households"),
                  "group": N_("ring or group"), "organisation": N_("organisation"), "text": N_("search words"),
                  "household": N_("household"), "from": N_("from"), "to": N_("to"), "top": N_("top"),
                  "verification": N_("contact gaps"), "thin_threshold": N_("thin above (households per hour)")},
    "signaller": {"huisarts": N_("a GP (huisarts)"), "wijkagent": N_("a community police officer (wijkagent)"),
                  "woningcorporatie": N_("a housing corporation"), "school": N_("a school")},
    # The defaults an analysis's form shows for parameters whose default is not a value (queries/analyses.py).
    "default": {"all wijken": N_("all wijken"), "today": N_("today"), "a year before today": N_("a year before today")},
    "duplicate": {"same_name_and_organisation": N_("same name and organisation"), "same_email": N_("same e-mail"),
                  "same_phone": N_("same phone number")},
    "agreement": {"active": N_("active"), "needed": N_("needed"), "ended": N_("ended")},
    # What an audit entry did (graph/model.py AUDIT_ACTIONS): a read, or a change of the sociale kaart or the users.
    "audit_action": {"read": N_("read"), "create": N_("added"), "edit": N_("changed"), "end": N_("ended"),
                     "remove": N_("removed"), "verify": N_("verified"), "link_create": N_("link created"),
                     "link_revoke": N_("link revoked"), "link_use": N_("link used"), "register": N_("registered"),
                     "approve": N_("approved"), "reject": N_("rejected"), "user_add": N_("user added"),
                     "user_disable": N_("user disabled"), "user_token": N_("new token"),
                     "user_limit": N_("user limited")},
    # Self-service and registration links (importers/upkeep/links.py, registrations.py).
    "link_status": {"open": N_("open"), "used": N_("used"), "expired": N_("expired"), "revoked": N_("revoked"),
                    "unknown": N_("unknown")},
    "link_kind": {"self_service": N_("personal link"), "registration": N_("registration link")},
    "link_outcome": {"confirmed": N_("confirmed"), "corrected": N_("corrected")},
    "registration_status": {"pending": N_("waiting for approval"), "approved": N_("approved"),
                            "rejected": N_("rejected")},
    "duplicate_reason": {"same_name": N_("same name"), "same_email": N_("same e-mail"),
                         "same_phone": N_("same phone number")},
    # The kinds of records the app changes (importers/upkeep/records.py KINDS).
    "record": {"professional": N_("professional"), "organisation": N_("organisation"),
               "civil_partner": N_("civil partner"), "membership": N_("team membership"),
               "wijk_work": N_("wijk work"), "expertise": N_("expertise"), "agreement": N_("agreement"),
               "neighbour": N_("neighbouring wijk")},
    # The figures of the council report's "change since" (queries/report change); {subject} is labelled apart.
    "report_figure": {"demand": N_("households calling for {subject}"), "missing": N_("wijken without {subject}"),
                      "life_domain_demand": N_("households scoring low on {subject}"),
                      "overlap_households": N_("households with overlapping helpers"),
                      "too_many_helpers": N_("households with too many helpers"), "gap": N_("gaps: {subject}")},
    # The columns of the sociale-kaart sheets, as the edit forms name them (importers/kaart_sheets.py).
    "field": {"id": N_("id"), "name": N_("name"), "function": N_("function"), "organisation_id": N_("organisation"),
              "email": N_("e-mail"), "phone": N_("phone"), "last_verified": N_("last verified"),
              "kind": N_("kind"), "scope": N_("scope"), "website": N_("website"),
              "municipalities": N_("municipalities"), "wijk_codes": N_("wijken"),
              "professional_id": N_("professional"), "team_id": N_("team"), "team_role": N_("role in the team"),
              "group": N_("group"), "since": N_("since"), "until": N_("until"), "wijk_code": N_("wijk"),
              "municipality_code": N_("municipality (group D)"), "expertise": N_("expertise"),
              "topic": N_("topic"), "status": N_("status"), "wijk": N_("wijk"),
              "neighbour": N_("neighbouring wijk"), "capacity_hours": N_("capacity (hours per week)")},
}


# What an audit entry says was read: stored as English text with an id (the log never changes), shown translated.
AUDIT_WHAT = ((re.compile(r"^household (?P<id>\S+)$"), N_("household {id}")),
              (re.compile(r"^households of (?P<id>\S+)$"), N_("households of {id}")),
              (re.compile(r"^ecogram of (?P<id>\S+)$"), N_("ecogram of {id}")),
              (re.compile(r"^analysis (?P<id>\S+)$"), N_("analysis {id}")),
              (re.compile(r"^login failed$"), N_("login failed")),
              (re.compile(r"^report of wijk (?P<id>\S+)$"), N_("council report of wijk {id}")),
              (re.compile(r"^report of municipality (?P<id>\S+)$"), N_("council report of municipality {id}")))


def audit_what(what: str | None) -> str:
    """An audit entry's "what" in the user's language; text of another form as it is.

    >>> from api.i18n import set_language
    >>> set_language("nl"); audit_what("household HH-1"), audit_what("analysis gaps"), audit_what("other")
    ('huishouden HH-1', 'analyse gaps', 'other')
    """
    for pattern, template in AUDIT_WHAT:
        found = pattern.match(what or "")
        if found:
            return gettext(template).format(**found.groupdict())
    return what or ""


# Columns of analysis rows whose values are codes, with the label kinds to try in order (a ``kind`` is a gap's in
# gaps and a tie's in the ecogram): the web app's tables and the CLI's show them as labels.
CODE_COLUMNS: dict[str, tuple[str, ...]] = {
    "coverage": ("coverage",), "kind": ("gap", "tie"), "expertise": ("expertise",), "tier": ("group",),
    "group": ("group",), "life_domain": ("zrm",), "life_domains": ("zrm",), "role": ("role",),
    "reasons": ("duplicate",), "freshness": ("freshness",)}


def column_label(column: str, code: str) -> str:
    """The label of a code in ``column`` of an analysis row (see CODE_COLUMNS); another value as it is.

    >>> from api.i18n import set_language
    >>> set_language("nl"); column_label("kind", "member"), column_label("kind", "no_team"), column_label("x", "y")
    ('gezinslid', 'geen team', 'y')
    """
    for kind in CODE_COLUMNS.get(column, ()):
        if code in LABELS.get(kind, {}):
            return label(kind, code)
    return code


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
