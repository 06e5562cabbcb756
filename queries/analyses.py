"""The registry of analyses: name, purpose, parameters and a ``run(store, **params) -> list[dict]``.

Used by the CLI (``wijkgraph analyse``) and the API. Each analysis is one Cypher file in ``queries/cypher``
(the network measures run networkx over a bounded read). Parameters are checked
here, so a bad value becomes one :class:`AnalysisError` that names the valid ones. Output rows are plain
JSON-ready values: neo4j dates become ISO strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.model import DEFAULT_REQUIRED_EXPERTISE, EXPERTISE, ZRM_NEED_THRESHOLD
from graph.store import Store
from queries import network
from queries.by_wijk import read_for_wijken
from queries.cypher_files import load
from queries.fulltext import contact_query

TIERS = ("ring1", "A", "B", "C", "D", "fly_in", "ring3")
COVERAGE_ORDER = ("missing", "fly_in", "in_network", "in_team")
GAP_KINDS = (
    "no_team", "empty_group", "no_civil_partner", "missing_signaller", "uncovered_need", "no_coordinator",
    "stale_contact",
)


MAX_NUMBER = 1_000_000  # the largest whole-number parameter (max_helpers, min_shared, top)


class AnalysisError(ValueError):
    """An unknown analysis or a bad parameter; the message lists what is valid."""


Row = dict[str, Any]


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # wijken, date, int, text, expertise, expertise_list, tier
    default: Any
    help: str
    required: bool = False
    default_label: str = ""  # how --list shows a computed default

    def summary(self) -> str:
        default = "required" if self.required else f"default {self.default_label or _show(self.default)}"
        return f"({self.kind}, {default}) {self.help}"

    def describe(self) -> str:
        return f"{self.name} {self.summary()}"


@dataclass(frozen=True)
class Analysis:
    name: str
    purpose: str
    params: tuple[Param, ...]
    run_checked: Callable[[Store, dict[str, Any]], list[Row]]

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
            valid = ", ".join(known) or "none"
            raise AnalysisError(
                f"Analysis {self.name!r} has no parameter {', '.join(unknown)}; its parameters are: {valid}."
            )
        checked = {}
        for param in self.params:
            value = params.get(param.name)
            if value is None:
                if param.required:
                    raise AnalysisError(f"Analysis {self.name!r} needs {param.describe()}")
                value = param.default() if callable(param.default) else param.default
            checked[param.name] = None if value is None else _coerce(self.name, param, value)
        return checked


def _show(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ",".join(map(str, value))
    return "none" if value is None else str(value)


def _coerce(analysis: str, param: Param, value: Any) -> Any:
    def bad(expected: str) -> AnalysisError:
        return AnalysisError(f"Analysis {analysis!r}: {param.name} must be {expected}, not {value!r}.")

    if param.kind == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise bad("a date YYYY-MM-DD") from None
    if param.kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise bad("a whole number") from None
        if number < 0:
            raise bad("zero or more")
        if number > MAX_NUMBER:  # Neo4j's integers are 64-bit; a bigger number was an internal error
            raise bad(f"at most {MAX_NUMBER}")
        return number
    if param.kind == "wijken":
        codes = [value] if isinstance(value, str) else list(value)
        return [str(code).strip() for code in codes if str(code).strip()] or None
    if param.kind in ("expertise", "expertise_list"):
        codes = [value] if isinstance(value, str) else list(value)
        codes = [str(code).strip().upper() for code in codes]
        wrong = [code for code in codes if code not in EXPERTISE]
        if wrong:
            raise AnalysisError(
                f"Analysis {analysis!r}: unknown expertise {', '.join(wrong)}; valid: {', '.join(EXPERTISE)}."
            )
        if param.kind == "expertise":
            if len(codes) != 1:
                raise bad("one expertise code")
            return codes[0]
        return codes
    if param.kind == "tier":
        if value not in TIERS:
            raise bad(f"one of {', '.join(TIERS)}")
        return value
    text = str(value).strip()
    return text or None


def _check_wijken_exist(store: Store, codes: list[str] | None) -> None:
    if not codes:
        return
    found = {row["code"] for row in store.read(
        "UNWIND $codes AS code MATCH (w:Wijk {code: code}) RETURN w.code AS code", {"codes": codes}
    )}
    missing = [code for code in codes if code not in found]
    if missing:
        raise AnalysisError(f"Unknown wijk {', '.join(missing)}: no Wijk with that code in the database.")


def plain(value: Any) -> Any:
    """Neo4j temporal values as ISO strings, recursively; everything else as it is."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


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


def _missing_expertise_order(row: Row) -> tuple:
    return COVERAGE_ORDER.index(row["coverage"]), -row["demand"], row["wijk"], row["expertise"]


def _missing_expertise(store: Store, params: dict[str, Any]) -> list[Row]:
    return per_wijk(store, "missing_expertise", {**params, "zrm_threshold": ZRM_NEED_THRESHOLD},
                    _missing_expertise_order)


def _contacts(store: Store, params: dict[str, Any]) -> list[Row]:
    query = contact_query(params["text"])
    if params["text"] and query is None:
        return []  # a search for punctuation only finds nobody (rather than everybody)
    return per_wijk(store, "contacts", {**params, "text": query})


def _graphs(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    return network.read_wijk_graphs(store, params["wijk"], params["on"])


# --- The registry -------------------------------------------------------------------------------------

WIJK = Param("wijk", "wijken", None, "Wijk code(s)", default_label="all wijken")
ON = Param("on", "date", dt.date.today, "the date at which relationships must be active (YYYY-MM-DD)",
           default_label="today")
_STANDARD = (WIJK, ON)

ANALYSES: dict[str, Analysis] = {analysis.name: analysis for analysis in (
    Analysis(
        "missing_expertise",
        "Per wijk and required expertise: in the team, in the network (group A/B), by fly-in, or missing; "
        "with the demand (households whose needs or ZRM scores call for it). Weakest coverage and highest demand "
        "first.",
        (*_STANDARD, Param("expertise", "expertise_list", DEFAULT_REQUIRED_EXPERTISE, "required expertise codes")),
        _missing_expertise,
    ),
    Analysis(
        "gaps",
        "Per wijk: no team, empty ring-2 groups, no ring-3 partners, missing key signallers, needs no helper "
        "covers, households with two or more helpers and no coordinator, contacts not verified for over a year.",
        _STANDARD, _cypher_analysis("gaps"),
    ),
    Analysis(
        "overlapping_helpers",
        "Households where two or more professionals cover the same life domain at the same time.",
        _STANDARD, _cypher_analysis("overlapping_helpers"),
    ),
    Analysis(
        "too_many_helpers",
        "Households with more than max_helpers active helpers.",
        (*_STANDARD, Param("max_helpers", "int", 5, "more helpers than this is too many")),
        _cypher_analysis("too_many_helpers"),
    ),
    Analysis(
        "multiple_coordinators",
        "Households with more than one active coordinator (1 Huishouden 1 Plan).",
        _STANDARD, _cypher_analysis("multiple_coordinators"),
    ),
    Analysis(
        "shared_households",
        "Per wijk, organisation pairs whose professionals help at least min_shared of the same households.",
        (*_STANDARD, Param("min_shared", "int", 2, "the least number of shared households")),
        _cypher_analysis("shared_households"),
    ),
    Analysis(
        "duplicate_professionals",
        "Probable double registrations of one professional: same normalised name and organisation, same e-mail, "
        "or same phone; each pair once with the reasons.",
        (), _cypher_analysis("duplicate_professionals"),
    ),
    Analysis(
        "contacts",
        "Who to call in a wijk: ring 1, groups A, B, C, D, fly-in partners, ring 3; with function, organisation, "
        "phone, e-mail and last verified. Optional filters and a full-text search.",
        (*_STANDARD,
         Param("expertise", "expertise", None, "only contacts with this expertise code"),
         Param("group", "tier", None, f"only this tier: {', '.join(TIERS)}"),
         Param("organisation", "text", None, "organisation id or part of its name"),
         Param("text", "text", None, "words to search in names, functions and organisations")),
        _contacts,
    ),
    Analysis(
        "ecogram",
        "A household's network at a date: its latest ecogram snapshot on or before 'on', with every tie.",
        (Param("household", "text", None, "household id", required=True), ON),
        _cypher_analysis("ecogram"),
    ),
    Analysis(
        "ecogram_change",
        "How a household's network changed between two dates: informal ties gained and lost, strong and "
        "stressful ties, the formal share.",
        (Param("household", "text", None, "household id", required=True),
         Param("from", "date", lambda: dt.date.today() - dt.timedelta(days=365), "the earlier date",
               default_label="a year before today"),
         Param("to", "date", dt.date.today, "the later date", default_label="today")),
        _cypher_analysis("ecogram_change"),
    ),
    Analysis(
        "network_summary",
        "Per wijk, the collaboration network of its three rings: nodes, ties, density, components, isolated "
        "partners.",
        _STANDARD, lambda store, params: network.summary_rows(_graphs(store, params)),
    ),
    Analysis(
        "isolated_partners",
        "Per wijk, ring-2 and ring-3 partners with no collaboration tie to any ring-1 team member.",
        _STANDARD, lambda store, params: network.isolated_rows(_graphs(store, params)),
    ),
    Analysis(
        "brokers",
        "Per wijk, the top people by betweenness centrality: who connects the others.",
        (*_STANDARD, Param("top", "int", 5, "how many brokers per wijk")),
        lambda store, params: network.broker_rows(_graphs(store, params), params["top"]),
    ),
    Analysis(
        "bridging_organisations",
        "Organisations whose people are in the collaboration networks of two or more of the wijken asked.",
        _STANDARD, lambda store, params: network.bridging_rows(_graphs(store, params)),
    ),
)}


def get(name: str) -> Analysis:
    try:
        return ANALYSES[name]
    except KeyError:
        raise AnalysisError(f"Unknown analysis {name!r}; the analyses are: {', '.join(ANALYSES)}.") from None


def run(store: Store, name: str, **params: Any) -> list[Row]:
    """Run the analysis ``name`` with ``params`` (missing ones take their defaults)."""
    return get(name).run(store, **params)
