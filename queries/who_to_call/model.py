"""What the contact search answers: the dataclasses of an answer, its messages, and the freshness rule.

Every text a user reads is a :class:`Message`: an English template with ``{named}`` fields that the web app and
the CLI translate (queries cannot import api). The templates are marked with ``N_`` here so that bin/i18n extracts
them. Each dataclass has ``to_dict()``: the JSON-ready shape of the twins and of ``wijkgraph analyse contacts``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from queries.params import N_, SCOPES
from queries.who_to_call.understand import Parsed

__all__ = ["SCOPES"]
ROUTES = ("agreement", "specialist", "neighbour_team", "region_organisation")
FRESHNESS = ("fresh", "stale", "never")
STALE_AFTER_MONTHS = 12

# Why a contact is in the answer (Contact.reasons), and what the answer says about itself.
TEMPLATES = {
    "team_of_wijk": N_("in the team of {wijk}"),
    "group_of_wijk": N_("group {group} in {wijk}"),
    "city_wide": N_("city-wide specialist of {municipality}"),
    "fly_in": N_("flies in through a werkafspraak with {team}"),
    "civil_partner": N_("civil partner in {wijk}"),
    "neighbour_wijk": N_("works in the neighbouring wijk {wijk}"),
    "other_wijk": N_("works in {wijk} ({municipality})"),
    "has_expertise": N_("has expertise {expertise}"),
    "text_expertise": N_("name, function or organisation mentions {words}"),
    "function": N_("function {function}"),
    "organisation": N_("works at {organisation}"),
    "name_matches": N_("name, function or organisation matches {words}"),
    "stale": N_("contact details last verified on {date}, more than 12 months ago"),
    "never_verified": N_("contact details never verified"),
    "route_agreement": N_("{organisation} flies in {expertise} through a werkafspraak with {team}"),
    "route_needed": N_("a werkafspraak with {organisation} for {expertise} is still to be made ({team})"),
    "route_specialist": N_("city-wide specialist of {municipality} with expertise {expertise}"),
    "route_neighbour": N_("in the team of the neighbouring wijk {wijk}, has expertise {expertise}"),
    "route_neighbour_fly_in": N_("the team of the neighbouring wijk {wijk} flies in {expertise} from here"),
    "route_region": N_("offers {expertise} in the region {region}"),
    "route_national": N_("offers {expertise} nationally"),
    "nobody_here": N_("Nobody in or around {wijk} has expertise {expertise}. These are the nearest routes."),
    "none_in_region": N_("Nobody in or around {wijk} has expertise {expertise}, and nobody in the region {region} "
                         "offers it."),
    "nothing_found": N_("Nobody found for this search in {place}."),
    "nothing_found_anywhere": N_("Nobody found for this search."),
    "fresh_rule": N_("Contact details are stale when last verified more than 12 months before {date}."),
}


@dataclass(frozen=True)
class Message:
    code: str
    template: str
    fields: dict[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.code, self.template, tuple(sorted(self.fields.items()))))

    @classmethod
    def of(cls, code: str, **fields: Any) -> Message:
        return cls(code, TEMPLATES[code], fields)

    def text(self) -> str:
        """The English text.

        >>> Message.of("team_of_wijk", wijk="Meerzicht").text()
        'in the team of Meerzicht'
        """
        return self.template.format(**self.fields)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "template": self.template, "fields": dict(self.fields)}


@dataclass(frozen=True)
class Role:
    wijk: str | None
    wijk_name: str | None
    municipality: str
    tier: str
    team: str | None
    place: str  # wijk (an anchor), neighbour, municipality, region, all

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Contact:
    id: str
    kind: str  # professional, organisation, civil_partner
    name: str
    function: str | None
    organisation: str | None
    phone: str | None
    email: str | None
    last_verified: str | None
    freshness: str
    roles: tuple[Role, ...]
    expertise: tuple[str, ...]
    score: int
    reasons: tuple[Message, ...]
    route: str | None = None

    @property
    def wijk(self) -> str | None:
        return self.roles[0].wijk if self.roles else None

    @property
    def tier(self) -> str | None:
        return self.roles[0].tier if self.roles else None

    @property
    def reachable(self) -> bool:
        return bool(self.phone or self.email)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "name": self.name, "function": self.function,
            "organisation": self.organisation, "phone": self.phone, "email": self.email,
            "last_verified": self.last_verified, "freshness": self.freshness, "wijk": self.wijk, "tier": self.tier,
            "roles": [role.to_dict() for role in self.roles], "expertise": list(self.expertise), "score": self.score,
            "reasons": [reason.to_dict() for reason in self.reasons], "route": self.route,
        }


@dataclass(frozen=True)
class Understood:
    wijken: tuple[dict[str, str], ...] = ()  # {code, name, municipality}
    municipalities: tuple[dict[str, str], ...] = ()  # {code, name}
    expertise: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    organisations: tuple[dict[str, str], ...] = ()  # {id, name}
    words: tuple[str, ...] = ()  # free text, searched in names, functions and organisations
    ignored: tuple[str, ...] = ()  # filler words

    def to_dict(self) -> dict[str, Any]:
        return {key: [dict(item) if isinstance(item, dict) else item for item in value]
                for key, value in asdict(self).items()}


@dataclass(frozen=True)
class Plan:
    """What the search looks for and where (made by the engine, read by the routes)."""

    parsed: Parsed
    expertise: tuple[str, ...]
    anchors: tuple[str, ...]
    municipalities: tuple[str, ...]  # of the anchors, or named in the text
    region_municipalities: tuple[str, ...]
    scope: str


@dataclass(frozen=True)
class Widening:
    scope: str
    more: int | None  # contacts the wider scope adds; None when not counted

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    understood: Understood
    scope: str
    anchors: tuple[str, ...]
    rows: tuple[Contact, ...]
    statement: Message | None
    routes: tuple[Contact, ...]
    wider: tuple[Widening, ...]
    fresh_rule: Message

    def to_dict(self) -> dict[str, Any]:
        return {
            "understood": self.understood.to_dict(), "scope": self.scope, "anchors": list(self.anchors),
            "rows": [row.to_dict() for row in self.rows],
            "statement": self.statement.to_dict() if self.statement else None,
            "routes": [route.to_dict() for route in self.routes], "wider": [w.to_dict() for w in self.wider],
            "fresh_rule": self.fresh_rule.to_dict(),
        }


def answer_rows(answer: Answer) -> list[dict[str, Any]]:
    """The flat rows of the twins and the CLI: the answer's rows, then its routes."""
    return [contact.to_dict() for contact in (*answer.rows, *answer.routes)]


def flat_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of :func:`answer_rows` for a CSV file: roles as ``wijk tier team`` and reasons as English text,
    each list joined by ``; `` when written.

    >>> flat_rows([{"id": "P1", "roles": [{"wijk": "WK1", "tier": "ring1", "team": "T", "municipality": "GM1"}],
    ...             "reasons": [{"template": "in the team of {wijk}", "fields": {"wijk": "Oost"}}]}])
    [{'id': 'P1', 'roles': ['WK1 ring1 T'], 'reasons': ['in the team of Oost']}]
    """
    return [{**row, "roles": [" ".join(str(part) for part in (role["wijk"] or role["municipality"], role["tier"],
                                                               role["team"]) if part) for role in row["roles"]],
             "reasons": [reason["template"].format(**reason["fields"]) for reason in row["reasons"]]}
            for row in rows]


def stale_before(on: dt.date) -> dt.date:
    """The date 12 months before ``on``: contact details verified before it are stale.

    >>> stale_before(dt.date(2026, 3, 15)), stale_before(dt.date(2028, 2, 29))
    (datetime.date(2025, 3, 15), datetime.date(2027, 2, 28))
    """
    try:
        return on.replace(year=on.year - STALE_AFTER_MONTHS // 12)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28)


def freshness(last_verified: dt.date | str | None, on: dt.date) -> str:
    """``fresh`` (verified on or after the day 12 months before ``on``), ``stale`` (before), ``never``.

    >>> [freshness(d, dt.date(2026, 3, 15)) for d in ("2025-03-15", "2025-03-14", None)]
    ['fresh', 'stale', 'never']
    """
    if last_verified is None:
        return "never"
    day = dt.date.fromisoformat(last_verified) if isinstance(last_verified, str) else last_verified
    return "fresh" if day >= stale_before(on) else "stale"
