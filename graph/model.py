"""The wijkgraph data model, declared once.

Every node label and relationship type is declared here with its key, its properties (type, whether
it is personal data) and a description. The loaders (:mod:`graph.load`), the schema
(:mod:`graph.schema`), the importers' validation and ``docs/model.md`` (``wijkgraph docs``) are
all generated from these declarations, so they cannot drift apart.

Every node and relationship also carries ``source`` (which import wrote it), ``firstseen`` and
``lastupdated`` (datetimes), as in Cartography; they are set by the loader and not declared per type. What is
changed in the app (``importers/upkeep``) also carries ``edited_at`` (datetime) and ``edited_by`` (user name); what
the app created has source ``wijkgraph:app`` (no import's cleanup deletes it).

Vocabulary: ``../shared/DESIGN.md`` section 2. Households and everything around them are
pseudonymous: keys like ``HH-ZTM-0001``, never names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- Enumerations ---------------------------------------------------------------------------------

GROUPS = ("A", "B", "C", "D")
GROUP_MEANING = {
    "A": "writes a support plan and assesses self-reliance (wijkcoach, maatschappelijk werk, wijkverpleegkundige)",
    "B": "supports part of the problems, writes no plan (huisarts, cliëntondersteuner, fysiotherapeut, jeugdarts)",
    "C": "gives no support, passes signals on (huismeester, wijkagent, leerkracht, kinderopvang)",
    "D": "city-wide specialist, called in by the wijk (GGZ, schuldhulp, Wmo-consulent, leerplicht, psycholoog)",
}
AGREEMENT_STATUSES = ("active", "needed", "ended")
ORGANISATION_SCOPES = ("wijk", "stedelijk", "regionaal", "landelijk")  # how far an organisation reaches
ORIGIN_GROUPS = ("A", "D")  # a core-team member comes from group A (wijk) or D (city-wide specialist)
TIE_QUALITIES = ("strong", "normal", "weak", "stressful")  # Hartman (1978): strong, tenuous, stressful
TIE_DIRECTIONS = ("to_household", "from_household", "mutual", "none")  # direction of support (energy flow)
TIE_KINDS = ("member", "informal", "professional", "civil")
# Who uses wijkgraph (DESIGN.md section 7); what each role may see is in api/auth.py and on each analysis.
USER_ROLES = ("professional", "coordinator", "analyst", "admin")
# What an audit entry records: a read of household-level data, or a change (importers/upkeep, api/auth.py).
AUDIT_ACTIONS = ("read", "create", "edit", "end", "remove", "verify", "link_create", "link_revoke", "link_use",
                 "register", "approve", "reject", "user_add", "user_disable", "user_token", "user_limit")
# Links that need no login (importers/upkeep/links.py): a professional's own single-use link to confirm or correct
# their details, and a wijk network's registration link (multi-use until it expires).
LINK_KINDS = ("self_service", "registration")
LINK_OUTCOMES = ("confirmed", "corrected")
REGISTRATION_STATUSES = ("pending", "approved", "rejected")

EXPERTISE = {
    "GGZ": "geestelijke gezondheidszorg (mental health care)",
    "LVB": "licht verstandelijke beperking (mild intellectual disability)",
    "SCHULDEN": "schulden en schuldhulpverlening (debt)",
    "JEUGD": "jeugd en opvoeding (youth and parenting)",
    "OUDEREN": "ouderen en dementie (older people, dementia)",
    "VERSLAVING": "verslaving (addiction)",
    "HUISELIJK_GEWELD": "huiselijk geweld en kindermishandeling (domestic violence)",
    "WERK_INKOMEN": "werk en inkomen (work and income)",
    "WONEN": "wonen (housing)",
}
DEFAULT_REQUIRED_EXPERTISE = ("GGZ", "LVB")

# Life domains: the ZRM 2017 domains (13), the ZRM 2013 domains that 2017 split or renamed, and the
# parenting supplement. An assessment stores its matrix version; involvements name the domain they serve.
LIFE_DOMAINS = {
    "financien": "Financiën",
    "werk_opleiding": "Werk & opleiding",
    "tijdsbesteding": "Tijdsbesteding",
    "dagbesteding": "Dagbesteding (ZRM 2013)",
    "huisvesting": "Huisvesting",
    "huiselijke_relaties": "Huiselijke relaties",
    "geestelijke_gezondheid": "Geestelijke gezondheid",
    "lichamelijke_gezondheid": "Lichamelijke gezondheid",
    "middelengebruik": "Middelengebruik / verslaving",
    "adl": "ADL (ZRM 2013)",
    "basale_adl": "Basale ADL",
    "instrumentele_adl": "Instrumentele ADL",
    "sociaal_netwerk": "Sociaal netwerk",
    "maatschappelijke_participatie": "Maatschappelijke participatie",
    "justitie": "Justitie",
    "opvoeding": "Opvoeding (supplement ouderschap)",
}
ZRM_VERSIONS = {
    "ZRM-2013": (
        "financien", "dagbesteding", "huisvesting", "huiselijke_relaties", "geestelijke_gezondheid",
        "lichamelijke_gezondheid", "middelengebruik", "adl", "sociaal_netwerk", "maatschappelijke_participatie",
        "justitie",
    ),
    "ZRM-2017": (
        "financien", "werk_opleiding", "tijdsbesteding", "huisvesting", "huiselijke_relaties",
        "geestelijke_gezondheid", "lichamelijke_gezondheid", "middelengebruik", "basale_adl", "instrumentele_adl",
        "sociaal_netwerk", "maatschappelijke_participatie", "justitie",
    ),
}
# The one place where a life domain calls for an expertise: a ZRM score at or below
# ZRM_NEED_THRESHOLD (2 = "niet zelfredzaam") in the domain counts as demand for that expertise.
DOMAIN_CALLS_FOR = {
    "geestelijke_gezondheid": "GGZ",
    "middelengebruik": "VERSLAVING",
    "financien": "SCHULDEN",
    "werk_opleiding": "WERK_INKOMEN",
    "dagbesteding": "WERK_INKOMEN",
    "huisvesting": "WONEN",
    "opvoeding": "JEUGD",
}
ZRM_NEED_THRESHOLD = 2
# Capacity in hours per week; coverage is thin above this many households of demand per hour (docs/analyses.md):
THIN_THRESHOLD = 13.5  # Den Haag's norm of 204 minutes per client a year (seed-000 L2395-2400): 46 weeks * 60 / 204

# --- Declarations -------------------------------------------------------------------------------------

TYPES = ("string", "int", "float", "bool", "date", "list")


@dataclass(frozen=True)
class Prop:
    name: str
    type: str = "string"
    required: bool = False
    personal: bool = False  # personal data of a professional or contact: shown, but never to analysts in bulk
    choices: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        assert self.type in TYPES, self.type


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    description: str
    properties: tuple[Prop, ...] = ()
    household_level: bool = False  # special-category data: role-restricted and audited
    indexes: tuple[str, ...] = ()
    system: bool = False  # wijkgraph's own bookkeeping (users, sessions, audit log): not domain data, never exported

    @property
    def all_properties(self) -> tuple[Prop, ...]:
        return (Prop(self.key, required=True, description="unique key"), *self.properties)


@dataclass(frozen=True)
class RelType:
    name: str  # unique name of this declaration (one type may join several label pairs)
    type: str
    start: str  # label
    end: str  # label
    description: str
    properties: tuple[Prop, ...] = ()
    identity: tuple[str, ...] = ()  # properties that tell two relationships between the same nodes apart
    household_level: bool = False
    start_field: str = "start"
    end_field: str = "end"


def _p(name: str, type_: str = "string", **extra: object) -> Prop:
    return Prop(name, type_, **extra)  # type: ignore[arg-type]


_CAPACITY = Prop("capacity_hours", "float", description="hours per week for the wijken it serves (thin coverage)")


NODES: tuple[NodeType, ...] = (
    NodeType("Municipality", "code", "A gemeente, keyed by its CBS code (GM0518).", (
        _p("name", required=True),
        _p("region", description="the region it works in with its neighbours: Haaglanden, Holland Rijnland, "
                                 "Zuid-Kennemerland, ..."),
    )),
    NodeType("Wijk", "code", "A wijk (neighbourhood), keyed by its CBS code (WK051801) or a local code.", (
        _p("name", required=True),
    )),
    NodeType("Team", "id", "A sociaal wijkteam or jeugd- en gezinsteam: the core (ring 1) of one or more wijken.", (
        _p("name", required=True),
        _p("kind", description="swt, wijkzorgteam, jgt, wijkteam"),
        _p("phone", personal=False), _p("email"), _CAPACITY,
    )),
    NodeType("Organisation", "id", "An organisation that employs professionals or offers expertise.", (
        _p("name", required=True),
        _p("kind", description="welzijn, wijkverpleging, jeugdzorg, gemeente, ggz, lvb, huisarts, ..."),
        _p("scope", choices=ORGANISATION_SCOPES),
        _p("website"),
        _p("phone", personal=False, description="general number, e.g. of the intake desk that fly-in goes through"),
        _p("phone_e164", personal=False, description="derived: the phone in E.164 (+31793468000), for matching"),
        _p("email", description="general address"),
        _p("last_verified", "date", description="when the general contact details were last confirmed"),
        _p("verified_by", description="who confirmed them last: a user, the professional's own link, or the import"),
    ), indexes=("name",)),
    NodeType("Professional", "id", "A professional of ring 1 or 2. Group A-D lives on the work, not here.", (
        _p("name", required=True, personal=True),
        _p("function", description="wijkcoach, huisarts, wijkagent, ..."),
        _p("email", personal=True), _p("phone", personal=True, description="as the person typed it"),
        _p("phone_e164", personal=True, description="derived: the phone in E.164 (+31612345678), for matching; "
                                                    "filled by the HSDS import"),
        _p("name_normalised", description="derived: lower case, no titles or punctuation (duplicate detection)"),
        _p("last_verified", "date", description="when the contact details were last confirmed"),
        _p("verified_by", description="who confirmed them last: a user, the professional's own link, or the import"),
        _CAPACITY,
    ), indexes=("email", "phone", "name_normalised", "last_verified")),
    NodeType("CivilPartner", "id", "A ring-3 civil-society partner: bewonersvereniging, buurthuis, voedselbank, ...", (
        _p("name", required=True),
        _p("kind", description="bewonersvereniging, mantelzorg, vrijwilligers, sport, levensbeschouwing, ..."),
        _p("email"), _p("phone"),
        _p("last_verified", "date"),
        _p("verified_by", description="who confirmed the details last"),
    )),
    NodeType("Expertise", "code", "An expertise a wijk may need: GGZ, LVB, SCHULDEN, ... (imports read the codes in "
             "any case)", (
        _p("name", required=True),
    )),
    NodeType("LifeDomain", "code", "A life domain (ZRM domain) in which a household can need support.", (
        _p("name", required=True),
    )),
    NodeType("Agreement", "id", "A werkafspraak: a team may fly in expertise from an organisation (invliegen).", (
        _p("topic", required=True),
        _p("status", required=True, choices=AGREEMENT_STATUSES),
        _p("since", "date"), _p("until", "date"), _CAPACITY,
    )),
    NodeType("Household", "id", "A household (casus), pseudonymous: a key, no names, no address.", (
        _p("composition", choices=("alleenstaand", "eenouder", "samenwonend", "anders")),
        _p("with_children", "bool"),
        _p("complexity", choices=("enkelvoudig", "meervoudig", "multiproblem")),
    ), household_level=True),
    NodeType("HouseholdMember", "id", "A member of a household, pseudonymous (role and age band only).", (
        _p("role", required=True, description="ouder, partner, kind, anders"),
        _p("age_band", description="0-11, 12-17, 18-26, 27-66, 67+"),
        _p("alias", personal=True, description="pseudonym shown in ecograms, never a real name"),
    ), household_level=True),
    NodeType("InformalContact", "id", "An informal contact of a household (family, friend, neighbour), pseudonymous.", (
        _p("kind", required=True, description="familie, vriend, buur, mantelzorger, vrijwilliger, ..."),
        _p("alias", personal=True, description="pseudonym shown in ecograms, never a real name"),
    ), household_level=True),
    NodeType("ZrmAssessment", "id", "A Zelfredzaamheid-Matrix assessment of a household at a date.", (
        _p("date", "date", required=True),
        _p("version", required=True, choices=tuple(ZRM_VERSIONS)),
    ), household_level=True),
    NodeType("Ecogram", "id", "A snapshot of a household's network at a date (Hartman's ecomap).", (
        _p("date", "date", required=True),
    ), household_level=True),
    NodeType("Consent", "id", "Consent a household gave for one purpose (aanmelding, delen plan, casuïstiek).", (
        _p("purpose", required=True),
        _p("given_on", "date", required=True), _p("withdrawn_on", "date"),
    ), household_level=True),
    NodeType("User", "name", "A user of the web app and API; the token itself is never stored, only its hash.", (
        _p("role", required=True, choices=USER_ROLES),
        _p("token_hash", required=True, description="sha256 of the random token (hex)"),
        _p("wijken", "list", description="wijk codes the user may see households of"),
        _p("teams", "list", description="team ids: the user may see households of the wijken they serve"),
        _p("disabled", "bool"),
    ), indexes=("token_hash",), system=True),
    NodeType("AuditEntry", "id", "One read of household-level data, or one change of the sociale kaart or of the "
             "users: who, when, what, why, and for a change what it was before and after. Append-only.", (
        _p("at", required=True, description="datetime of the read or change (UTC)"),
        _p("user", required=True), _p("role", required=True),
        _p("action", required=True, choices=AUDIT_ACTIONS, description="read, or the kind of change"),
        _p("resource", required=True, description="the path that was read or sent the change"),
        _p("target", description="what was changed: kind and key, e.g. 'professional P-0001'"),
        _p("before", description="a change: the record before, as JSON (absent when it was created)"),
        _p("after", description="a change: the record after, as JSON (absent when it was removed)"),
        _p("wijken", "list", description="a change: the wijken the record belongs to (who may see the change)"),
        _p("what", description="what was shown: an analysis, a household, an ecogram"),
        _p("households", "list", description="ids of the households in the answer (the first 1000)"),
        _p("household_count", "int", description="how many households the answer held"),
        _p("reason", description="why, as given by the user"),
        _p("status", "int", description="HTTP status of the answer"),
    ), indexes=("at", "user"), system=True),
    NodeType("Session", "id_hash", "A logged-in browser of the web app. Its cookie holds a random id; only the id's "
             "hash is kept. Logging out, disabling the user and a new token delete it.", (
        _p("user", required=True, description="name of the User"),
        _p("token_hash", required=True, description="the user's token hash at login: a new token ends the session"),
        _p("expires", required=True, description="datetime (UTC) after which the session no longer counts"),
    ), indexes=("user", "expires"), system=True),
    NodeType("LoginFailure", "id", "One failed login: the client address it came from, and when (the back-off).", (
        _p("client", required=True, description="the client's address (an IPv6 client's /64 network)"),
        _p("at", required=True, description="datetime (UTC) of the attempt"),
    ), indexes=("client", "at"), system=True),
    NodeType("SelfServiceLink", "token_hash", "A link that needs no login: a professional's own single-use link to "
             "confirm or correct their details, or a wijk network's registration link. Only the token's hash is kept; "
             "the link is refused once it expired, was revoked or (a professional's own) was used.", (
        _p("id", required=True, description="the link's id in the app's URLs (random, not the token)"),
        _p("kind", required=True, choices=LINK_KINDS),
        _p("created_by", required=True, description="the user who made it"),
        _p("created_at", required=True, description="datetime (UTC)"),
        _p("expires", required=True, description="datetime (UTC) after which it is refused"),
        _p("professional", description="self_service: the id of the professional it is for"),
        _p("wijk", description="registration: the code of the wijk whose network it is for"),
        _p("wijken", "list", description="the wijken it belongs to: which coordinators see it"),
        _p("used_at", description="self_service: datetime (UTC) it was used; a second use is refused"),
        _p("outcome", choices=LINK_OUTCOMES, description="self_service: what the professional did with it"),
        _p("revoked_at", description="datetime (UTC) it was revoked"),
        _p("revoked_by", description="the user who revoked it"),
        _p("mailed_at", description="datetime (UTC) the app sent it by e-mail (SMTP configured)"),
    ), indexes=("id", "created_by"), system=True),
    NodeType("Registration", "id", "A professional who introduced themselves through a registration link. It counts "
             "nowhere until a coordinator approves it; then the Professional is made from it.", (
        _p("link", required=True, description="the id of the registration link it came through"),
        _p("wijk", required=True, description="the wijk code of the link"),
        _p("status", required=True, choices=REGISTRATION_STATUSES),
        _p("submitted_at", required=True, description="datetime (UTC)"),
        _p("name", required=True, personal=True),
        _p("name_normalised", description="derived, for the duplicates shown beside it"),
        _p("function"),
        _p("organisation_id", description="an existing organisation chosen in the form"),
        _p("organisation_name", description="an organisation typed in the form (not yet in the sociale kaart)"),
        _p("email", personal=True), _p("phone", personal=True),
        _p("phone_e164", personal=True, description="derived: the phone in E.164, for the duplicates"),
        _p("expertise", "list", description="expertise codes"),
        _p("group", choices=GROUPS, description="the group (A-D) they work in in the wijk"),
        _p("decided_by", description="the user who approved or rejected it"),
        _p("decided_at", description="datetime (UTC)"),
        _p("professional", description="approved: the id of the Professional made from it"),
    ), indexes=("status", "wijk"), system=True),
)

_SINCE_UNTIL = (_p("since", "date"), _p("until", "date"))

RELATIONSHIPS: tuple[RelType, ...] = (
    RelType("wijk_municipality", "IN_MUNICIPALITY", "Wijk", "Municipality", "The wijk lies in the municipality."),
    RelType("team_municipality", "IN_MUNICIPALITY", "Team", "Municipality", "The team belongs to the municipality."),
    RelType("wijk_neighbour", "NEIGHBOURS", "Wijk", "Wijk",
            "The wijken border each other: stored once per pair, read in either direction."),
    RelType("team_serves", "SERVES", "Team", "Wijk", "The team is the core team of the wijk."),
    RelType("employed_by", "EMPLOYED_BY", "Professional", "Organisation", "The professional's employer."),
    RelType("member_of", "MEMBER_OF", "Professional", "Team", "Ring 1: membership of a core team.", (
        _p("team_role", description="wijkcoach, wijkverpleegkundige, schuldhulpverlener, coördinator, ..."),
        _p("group", choices=GROUPS, description="group of origin (A or D)"),
        *_SINCE_UNTIL,
    )),
    RelType("works_in_wijk", "WORKS_IN", "Professional", "Wijk", "Ring 2: the professional works in the wijk.", (
        _p("group", required=True, choices=GROUPS), *_SINCE_UNTIL,
    )),
    RelType("works_in_municipality", "WORKS_IN", "Professional", "Municipality",
            "Ring 2, group D: city-wide specialist for the municipality.", (
                _p("group", required=True, choices=GROUPS), *_SINCE_UNTIL,
            )),
    RelType("has_expertise", "HAS_EXPERTISE", "Professional", "Expertise", "The professional brings the expertise."),
    RelType("offers", "OFFERS", "Organisation", "Expertise", "The organisation offers the expertise."),
    RelType("organisation_serves", "SERVES_MUNICIPALITY", "Organisation", "Municipality",
            "The organisation works for the municipality's residents (a regional one for several)."),
    RelType("agreement_team", "OF_TEAM", "Agreement", "Team", "The team that may fly in expertise."),
    RelType("agreement_organisation", "WITH_ORGANISATION", "Agreement", "Organisation",
            "The organisation that flies in."),
    RelType("agreement_expertise", "FOR_EXPERTISE", "Agreement", "Expertise", "The expertise flown in."),
    RelType("civil_active_in", "ACTIVE_IN", "CivilPartner", "Wijk", "Ring 3: the partner is active in the wijk."),
    RelType("knows", "KNOWS", "Professional", "Professional",
            "A known working contact (the member's achterland); collaboration tie for network analysis."),
    RelType("calls_for", "CALLS_FOR", "LifeDomain", "Expertise",
            "A low ZRM score in the domain calls for the expertise (reference data, see DOMAIN_CALLS_FOR)."),
    RelType("lives_in", "LIVES_IN", "Household", "Wijk", "The wijk of the household.", household_level=True),
    RelType("member_of_household", "BELONGS_TO", "HouseholdMember", "Household", "Membership of the household.",
            household_level=True),
    RelType("contact_of", "CONTACT_OF", "InformalContact", "Household", "The household's informal contact.",
            household_level=True),
    RelType("involved_with", "INVOLVED_WITH", "Professional", "Household",
            "Formal help: the professional helps the household in a life domain.", (
                _p("life_domain", required=True, choices=tuple(LIFE_DOMAINS)), *_SINCE_UNTIL,
            ), identity=("life_domain", "since"), household_level=True),
    RelType("coordinates", "COORDINATES", "Professional", "Household",
            "The professional is the household's zorgcoördinator (1 Huishouden 1 Plan).", _SINCE_UNTIL,
            identity=("since",), household_level=True),
    RelType("needs", "NEEDS", "Household", "Expertise", "The household's situation calls for the expertise.",
            _SINCE_UNTIL, household_level=True),
    RelType("assessed", "ASSESSED", "Household", "ZrmAssessment", "A ZRM assessment of the household.",
            household_level=True),
    RelType("scored", "SCORED", "ZrmAssessment", "LifeDomain", "The ZRM score (1-5) in one domain.", (
        _p("score", "int", required=True),
    ), household_level=True),
    RelType("has_ecogram", "HAS_ECOGRAM", "Household", "Ecogram", "A snapshot of the household's network.",
            household_level=True),
    *(
        RelType(f"tie_{kind}", "TIE", "Ecogram", label,
                f"A tie of the ecogram to a {label} (Hartman quality, direction of support).", (
                    _p("quality", required=True, choices=TIE_QUALITIES),
                    _p("direction", required=True, choices=TIE_DIRECTIONS),
                ), household_level=True)
        for kind, label in (
            ("member", "HouseholdMember"), ("informal", "InformalContact"),
            ("professional", "Professional"), ("civil", "CivilPartner"),
        )
    ),
    RelType("gave_consent", "GAVE", "Household", "Consent", "Consent given by the household.",
            household_level=True),
)

NODE_BY_LABEL = {node.label: node for node in NODES}
REL_BY_NAME = {rel.name: rel for rel in RELATIONSHIPS}


@dataclass(frozen=True)
class ReferenceData:
    """Rows every database holds: expertise, life domains and which domain calls for which expertise."""

    expertise: list[dict[str, str]] = field(default_factory=lambda: [
        {"code": code, "name": name} for code, name in EXPERTISE.items()
    ])
    life_domains: list[dict[str, str]] = field(default_factory=lambda: [
        {"code": code, "name": name} for code, name in LIFE_DOMAINS.items()
    ])
    calls_for: list[dict[str, str]] = field(default_factory=lambda: [
        {"start": domain, "end": expertise} for domain, expertise in DOMAIN_CALLS_FOR.items()
    ])
