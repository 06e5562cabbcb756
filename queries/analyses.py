"""The registry of analyses: name, purpose, parameters, access, and a ``run(store, **params) -> list[dict]``.

Used by the CLI (``wijkgraph analyse``) and the web app. Each analysis is one Cypher file in ``queries/cypher``
(the network measures are pure Python functions over a bounded read, queries/network.py). Parameters are declared
with :class:`Param` and checked here, so a bad value becomes one :class:`AnalysisError` that names the valid ones.
Who may run an analysis and what of households it shows is declared with :class:`Access`, next to the analysis,
and read by the web app and the CLI. Output rows are plain JSON-ready values: neo4j dates become ISO strings.

Importing this module loads no database driver and no networkx: ``wijkgraph analyse --list`` reads it to start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from graph.model import DEFAULT_REQUIRED_EXPERTISE, THIN_THRESHOLD, USER_ROLES, ZRM_NEED_THRESHOLD
from queries.by_wijk import read_for_wijken
from queries.cypher_files import load
from queries.fulltext import SearchTextError
from queries.params import N_, TIERS, AnalysisError, Param, plain

if TYPE_CHECKING:
    from graph.store import Store

__all__ = ["ANALYSES", "GAP_KINDS", "TIERS", "Access", "Analysis", "AnalysisError", "Param", "get", "plain", "run"]

COVERAGE_ORDER = ("missing", "thin", "fly_in", "in_network", "in_team")
GAP_KINDS = (
    "no_team", "empty_group", "no_civil_partner", "missing_signaller", "uncovered_need", "no_coordinator",
    "contact_stale", "contact_never_verified",
)
ANALYST_ROLES = ("coordinator", "analyst", "admin")  # DESIGN.md section 7: the analyses are for coordinators up

Row = dict[str, Any]


@dataclass(frozen=True)
class Access:
    """Who may run an analysis, and what of households its answer shows (DESIGN.md section 7).

    ``household_level``: the answer rests on household data (needs, helpers, ecograms), even when it only counts
    them. Every run is then audited, and a user who may see households of some wijken only gets those wijken: the
    analysis is limited by its ``wijk`` or ``household`` parameter, and one that has neither is refused to such a
    user (it fails closed). ``roles``: the roles that may run it. ``household_columns``: the columns whose values
    are household ids (one id or a list of ids); they are the households written to the audit entry of a run.
    """

    household_level: bool
    roles: tuple[str, ...] = ANALYST_ROLES
    household_columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = sorted(set(self.roles) - set(USER_ROLES))
        if unknown:
            raise ValueError(f"unknown roles {unknown}; the roles are {', '.join(USER_ROLES)}")
        if self.household_columns and not self.household_level:
            raise ValueError("an analysis that shows household ids is household-level")

    def summary(self) -> str:
        """Who may run it and what it reads, as ``wijkgraph analyse --list`` says it.

        >>> print(Access(household_level=True, household_columns=("household",)).summary())
        for coordinators, analysts and admins; household-level: audited, limited to a coordinator's wijken
        >>> print(SOCIALE_KAART.summary())
        for every role; the sociale kaart, no household data
        """
        who = "every role" if set(self.roles) == set(USER_ROLES) else roles_text(self.roles)
        what = ("household-level: audited, limited to a coordinator's wijken" if self.household_level
                else "the sociale kaart, no household data")
        return f"for {who}; {what}"

    def households_in(self, rows: list[Row]) -> set[str]:
        """The household ids in ``rows``: the values of the declared household columns.

        >>> sorted(Access(True, household_columns=("household", "households")).households_in(
        ...     [{"household": "H1", "households": ["H2", "H3"]}, {"household": None, "households": []}]))
        ['H1', 'H2', 'H3']
        """
        found: set[str] = set()
        for row in rows:
            for column in self.household_columns:
                value = row.get(column)
                found.update([value] if isinstance(value, str) else [item for item in value or [] if item])
        return found


def roles_text(roles: tuple[str, ...]) -> str:
    """Roles as a user reads them.

    >>> roles_text(("coordinator", "analyst", "admin")), roles_text(("analyst",))
    ('coordinators, analysts and admins', 'analysts')
    """
    names = [f"{role}s" for role in roles]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# The sociale kaart: who works where, no household data; every role may read it.
SOCIALE_KAART = Access(household_level=False, roles=USER_ROLES)


@dataclass(frozen=True)
class Analysis:
    name: str
    purpose: str
    params: tuple[Param, ...]
    run_checked: Callable[[Store, dict[str, Any]], list[Row]]
    access: Access

    @property
    def limited_by(self) -> Literal["wijk", "household"] | None:
        """The parameter that limits the analysis to some wijken: ``wijk``, ``household`` (its wijk), or None."""
        names = {param.name for param in self.params}
        return "wijk" if "wijk" in names else "household" if "household" in names else None

    def run(self, store: Store, **params: Any) -> list[Row]:
        """Check and complete ``params``, run the analysis, return JSON-ready rows.

        An unknown wijk code is an :class:`AnalysisError`. Only the codes that no row names are looked up: a wijk
        with rows exists, so the usual request costs no extra read.
        """
        checked = self.check(params)
        rows = [plain(row) for row in self.run_checked(store, checked)]
        if checked.get("wijk"):
            named = {row.get("wijk") for row in rows}
            _check_wijken_exist(store, [code for code in checked["wijk"] if code not in named])
        return rows

    def check(self, params: Mapping[str, Any]) -> dict[str, Any]:
        known = {param.name: param for param in self.params}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise AnalysisError("Analysis {analysis!r} has no parameter {unknown}; its parameters are: {valid}.",
                                analysis=self.name, unknown=", ".join(unknown), valid=", ".join(known) or "-")
        checked = {}
        for param in self.params:
            value = params.get(param.name)
            if value is None:
                if param.required:
                    raise AnalysisError("Analysis {analysis!r} needs the parameter {param}.", analysis=self.name,
                                        param=param.name)
                value = param.default_value()
            checked[param.name] = None if value is None else param.coerce(self.name, value)
        return checked


def _check_wijken_exist(store: Store, codes: list[str] | None) -> None:
    if not codes:
        return
    found = {row["code"] for row in store.read(
        "UNWIND $codes AS code MATCH (w:Wijk {code: code}) RETURN w.code AS code", {"codes": codes}
    )}
    missing = [code for code in codes if code not in found]
    if missing:
        raise AnalysisError("Unknown wijk {wijken}: no Wijk with that code in the database.", wijken=", ".join(missing))


# --- Running Cypher files ----------------------------------------------------------------------------


def per_wijk(
    store: Store, file: str, params: Mapping[str, Any], sort_key: Callable[[Row], Any] | None = None
) -> list[Row]:
    """Run a per-wijk Cypher file for the wijken asked (``params["wijk"]``, a list) or for all wijken.

    Each file orders its own rows. The rows of all wijken may come in chunks, one after the other in wijk code
    order: a file that does not order by wijk first gives the ``sort_key`` that restores its order.
    """
    rest = {key: value for key, value in params.items() if key != "wijk"}
    rows = read_for_wijken(store, file, rest, params.get("wijk"))
    if sort_key and params.get("wijk") is None:
        rows.sort(key=sort_key)
    return rows


def _cypher_analysis(file: str, sort_key: Callable[[Row], Any] | None = None) -> Callable[[Store, dict], list[Row]]:
    def run(store: Store, params: dict[str, Any]) -> list[Row]:
        if "wijk" in params:
            return per_wijk(store, file, params, sort_key)
        return store.read(load(file), params)

    return run


def _most_first(count: str, *then: str) -> Callable[[Row], tuple]:
    """The order of a file that lists what needs action first: the largest ``count`` first, then wijk and ``then``
    (restores it over the chunks of all wijken, see :func:`per_wijk`)."""
    return lambda row: (-row[count], row["wijk"], *(row[column] or "" for column in then))


def _gaps_order(row: Row) -> tuple:
    return GAP_KINDS.index(row["kind"]), row["wijk"], row["detail"]


def _with_fresh_since(file: str, sort_key: Callable[[Row], Any]) -> Callable[[Store, dict[str, Any]], list[Row]]:
    """A per-wijk file that also takes ``$fresh_since``: the one 12-month rule of the contact search."""
    def run(store: Store, params: dict[str, Any]) -> list[Row]:
        from queries.who_to_call.model import stale_before

        return per_wijk(store, file, {**params, "fresh_since": stale_before(params["on"])}, sort_key)

    return run


def _missing_expertise_order(row: Row) -> tuple:
    return COVERAGE_ORDER.index(row["coverage"]), -row["demand"], row["wijk"], row["expertise"]


def _missing_expertise(store: Store, params: dict[str, Any]) -> list[Row]:
    return per_wijk(store, "missing_expertise", {**params, "zrm_threshold": ZRM_NEED_THRESHOLD},
                    _missing_expertise_order)


def contacts_answer(store: Store, params: Mapping[str, Any]) -> Any:
    """The contact search's whole answer (:class:`queries.who_to_call.Answer`) for the checked ``params``."""
    from queries.who_to_call import Search, search

    query = Search(text=params["text"], wijken=tuple(params["wijk"] or ()), expertise=params["expertise"],
                   group=params["group"], organisation=params["organisation"], scope=params["scope"] or "mine",
                   on=params["on"])
    try:
        return search(store, query)
    except SearchTextError as error:  # refused here, before the full-text index refuses it with an internal error
        raise AnalysisError(error.template, **error.fields) from None


def _contacts(store: Store, params: dict[str, Any]) -> list[Row]:
    from queries.who_to_call import answer_rows

    return answer_rows(contacts_answer(store, params))


def _network(measure: str, *extra: str) -> Callable[[Store, dict[str, Any]], list[Row]]:
    """A network measure (:data:`queries.network.MEASURES`) over the collaboration graphs of the wijken asked."""

    def run(store: Store, params: dict[str, Any]) -> list[Row]:
        from queries import network  # the graph store's driver loads only when an analysis runs

        return network.measure_rows(store, measure, params["wijk"], params["on"], *(params[name] for name in extra))

    return run


# --- The registry -------------------------------------------------------------------------------------

WIJK = Param("wijk", "wijken", None, N_("Wijk code(s)"), default_label="all wijken")
ON = Param("on", "date", dt.date.today, N_("the date at which relationships must be active (YYYY-MM-DD)"),
           default_label="today")
_STANDARD = (WIJK, ON)
# The collaboration ties include shared households (DESIGN.md 5.5), so the network measures rest on household data.
_NETWORK_ACCESS = Access(household_level=True)

ANALYSES: dict[str, Analysis] = {analysis.name: analysis for analysis in (
    Analysis(
        "missing_expertise",
        N_("Per wijk and required expertise: in the team, in the network (group A/B), by fly-in, or missing; thin "
           "when the hours per week that serve it do not carry the demand (households whose needs or ZRM scores call "
           "for it). Weakest coverage and highest demand first."),
        (*_STANDARD, Param("expertise", "expertise_list", DEFAULT_REQUIRED_EXPERTISE, N_("required expertise codes")),
         Param("thin_threshold", "number", THIN_THRESHOLD, N_("households per hour per week above which coverage is "
                                                              "thin"))),
        _missing_expertise,
        Access(household_level=True),  # demand counts households; no row names one
    ),
    Analysis(
        "gaps",
        N_("Per wijk: no team, empty ring-2 groups, no ring-3 partners, missing key signallers, needs no helper "
           "covers, households with two or more helpers and no coordinator, contacts last verified more than 12 months "
           "ago (stale) and contacts never verified, each a kind of its own."),
        (*_STANDARD, Param("verification", "verification", "all",
                           N_("which contact gaps to list: all (stale and never verified), stale, or never"))),
        _with_fresh_since("gaps", _gaps_order),
        Access(household_level=True, household_columns=("household",)),
    ),
    Analysis(
        "freshness",
        N_("Per wijk, how fresh its contact details are: of its contacts (team members, ring 2 and group D, ring-3 "
           "partners, organisations with an active agreement with its team), how many were verified in the last 12 "
           "months, longer ago, or never. Lowest fresh share first."),
        _STANDARD, _with_fresh_since("freshness", lambda row: (row["fresh_share"] is None, row["fresh_share"] or 0,
                                                               row["wijk"])), SOCIALE_KAART,
    ),
    Analysis(
        "overlapping_helpers",
        N_("Households where two or more professionals cover the same life domain at the same time."),
        _STANDARD, _cypher_analysis("overlapping_helpers", _most_first("helpers", "household", "life_domain")),
        Access(household_level=True, household_columns=("household",)),
    ),
    Analysis(
        "too_many_helpers",
        N_("Households with more than max_helpers active helpers."),
        (*_STANDARD, Param("max_helpers", "int", 5, N_("more helpers than this is too many"))),
        _cypher_analysis("too_many_helpers", _most_first("helpers", "household")),
        Access(household_level=True, household_columns=("household",)),
    ),
    Analysis(
        "multiple_coordinators",
        N_("Households with more than one active coordinator (1 Huishouden 1 Plan)."),
        _STANDARD, _cypher_analysis("multiple_coordinators", _most_first("coordinators", "household")),
        Access(household_level=True, household_columns=("household",)),
    ),
    Analysis(
        "shared_households",
        N_("Per wijk, organisation pairs whose professionals help at least min_shared of the same households."),
        (*_STANDARD, Param("min_shared", "int", 2, N_("the least number of shared households"))),
        _cypher_analysis("shared_households", _most_first("shared", "organisation_a", "organisation_b")),
        Access(household_level=True, household_columns=("households",)),
    ),
    Analysis(
        "duplicate_professionals",
        N_("Probable double registrations of one professional: same normalised name and organisation, same e-mail, "
           "or same phone; each pair once with the reasons."),
        (), _cypher_analysis("duplicate_professionals"), Access(household_level=False),
    ),
    Analysis(
        "dual_roles",
        N_("Dubbele petten: per wijk, the professionals with more than one role (ring 1 in a team, group A-D in a "
           "wijk, group D for the municipality), each with every role they have, here and elsewhere."),
        _STANDARD, _cypher_analysis("dual_roles", _most_first("role_count", "name", "professional")),
        Access(household_level=False),
    ),
    Analysis(
        "contacts",
        N_("Who to call (Wie bel ik?): type what you need, e.g. \"GGZ in Meerzicht\" or \"wijkagent Oosterheem\". "
           "One row per person or organisation with every role it has (team, group A-D, fly-in, ring 3), ranked by how "
           "well it answers, with the reasons, contact details and how fresh they are; when nobody in or around the "
           "wijk has the expertise, the nearest routes."),
        (Param("text", "text", None, N_("what you look for: wijk, expertise, function, organisation or name"),
               positional=True),
         WIJK, ON,
         Param("expertise", "expertise", None, N_("only contacts with this expertise code")),
         Param("group", "tier", None, N_("only this ring or group: ring1, A, B, C, D, fly_in, ring3")),
         Param("organisation", "text", None, N_("organisation id or part of its name")),
         Param("scope", "scope", "mine", N_("mine (the wijken asked), municipality, region or all"))),
        _contacts, SOCIALE_KAART,
    ),
    Analysis(
        "ecogram",
        N_("A household's network at a date: its latest ecogram snapshot on or before 'on', with every tie."),
        (Param("household", "text", None, N_("household id"), required=True), ON),
        _cypher_analysis("ecogram"), Access(household_level=True, household_columns=("household",)),
    ),
    Analysis(
        "ecogram_change",
        N_("How a household's network changed between two dates, every tie counted (members, informal contacts, "
           "professionals, civil partners): ties gained, lost and changed (e.g. strong to stressful), strong and "
           "stressful ties, the formal share."),
        (Param("household", "text", None, N_("household id"), required=True),
         Param("from", "date", lambda: dt.date.today() - dt.timedelta(days=365), N_("the earlier date"),
               default_label="a year before today"),
         Param("to", "date", dt.date.today, N_("the later date"), default_label="today")),
        _cypher_analysis("ecogram_change"), Access(household_level=True, household_columns=("household",)),
    ),
    Analysis(
        "network_summary",
        N_("Per wijk, the collaboration network of its three rings: nodes, ties, density, components, isolated "
           "partners."),
        _STANDARD, _network("summary"), _NETWORK_ACCESS,
    ),
    Analysis(
        "isolated_partners",
        N_("Per wijk, ring-2 and ring-3 partners with no collaboration tie to any ring-1 team member."),
        _STANDARD, _network("isolated"), _NETWORK_ACCESS,
    ),
    Analysis(
        "brokers",
        N_("Per wijk, the top people by betweenness centrality: who connects the others."),
        (*_STANDARD, Param("top", "int", 5, N_("how many brokers per wijk"))),
        _network("brokers", "top"), _NETWORK_ACCESS,
    ),
    Analysis(
        "bridging_organisations",
        N_("Organisations whose people are in the collaboration networks of two or more of the wijken asked."),
        _STANDARD, _network("bridging"), _NETWORK_ACCESS,
    ),
)}


def get(name: str) -> Analysis:
    try:
        return ANALYSES[name]
    except KeyError:
        raise AnalysisError("Unknown analysis {name!r}; the analyses are: {analyses}.", name=name,
                            analyses=", ".join(ANALYSES)) from None


def run(store: Store, name: str, **params: Any) -> list[Row]:
    """Run the analysis ``name`` with ``params`` (missing ones take their defaults)."""
    return get(name).run(store, **params)
