"""The contact search ("Wie bel ik?"): from what a user typed to ranked contacts, with reasons and routes.

:func:`search` parses the text (:mod:`queries.who_to_call.understand`), decides the wijken the search is about (the
anchors: wijken named in the text or given, else the user's own) and the scope (``mine``: the anchors and their
municipality's city-wide specialists; ``municipality``; ``region``; ``all`` when nothing anchors the search), reads
the candidates (``who_to_call.cypher``) one scope wider than asked, so that the answer can say what widening adds,
and gives one row per contact with every role it has in the scope, ranked by :func:`score`. When nobody reachable
in the scope has the expertise asked, :mod:`queries.who_to_call.routes` adds the nearest routes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from graph.model import EXPERTISE
from queries.cypher_files import load
from queries.fulltext import INDEX_STOPWORDS, forgiving_query, search_words
from queries.params import TIERS, AnalysisError, plain
from queries.who_to_call.model import SCOPES, Answer, Contact, Message, Plan, Role, Understood, Widening, freshness
from queries.who_to_call.routes import routes_for
from queries.who_to_call.understand import Parsed, understand
from queries.who_to_call.vocabulary import Graph, graph_names

if TYPE_CHECKING:
    from graph.store import Store

TIER_SCORE = {"ring1": 100, "A": 90, "B": 80, "C": 70, "D": 60, "fly_in": 50, "ring3": 40}
PLACE_SCORE = {"neighbour": 30, "municipality": 20, "region": 10}
EXPERTISE_SCORE, FUNCTION_SCORE, ORGANISATION_SCORE, TEXT_SCORE = 60, 10, 10, 5
FRESH_SCORE = {"fresh": 3, "stale": 0, "never": -3}
WIDER = {"mine": "municipality", "municipality": "region"}


@dataclass(frozen=True)
class Search:
    """A search as the web app, the CLI or the analysis asks it (see the contract in docs/search.md)."""

    text: str | None = None
    wijken: tuple[str, ...] = ()  # explicit wijk codes
    expertise: str | None = None  # explicit expertise code
    group: str | None = None  # tier filter
    organisation: str | None = None  # organisation id or part of its name
    user_wijken: tuple[str, ...] = ()  # the user's own wijken: the default anchors
    scope: str = "mine"
    on: dt.date = field(default_factory=dt.date.today)


def check(query: Search, graph: Graph) -> None:
    if query.scope not in SCOPES:
        raise AnalysisError("The scope must be one of {valid}, not {value!r}.", valid=", ".join(SCOPES),
                            value=query.scope)
    if query.group is not None and query.group not in TIERS:
        raise AnalysisError("The group must be one of {valid}, not {value!r}.", valid=", ".join(TIERS),
                            value=query.group)
    if query.expertise is not None and query.expertise not in EXPERTISE:
        raise AnalysisError("Unknown expertise {wrong}; valid: {valid}.", wrong=query.expertise,
                            valid=", ".join(EXPERTISE))
    missing = [code for code in query.wijken if code not in graph.wijk]
    if missing:
        raise AnalysisError("Unknown wijk {wijken}: no Wijk with that code in the database.", wijken=", ".join(missing))


def plan(query: Search, graph: Graph) -> Plan:
    home = {graph.wijk[code].municipality for code in query.user_wijken if code in graph.wijk}
    parsed = understand(query.text, graph.vocabulary, home=sorted(home))
    dropped = tuple(word for word in parsed.words if word in INDEX_STOPWORDS)  # the index knows no such word
    parsed = replace(parsed, words=tuple(w for w in parsed.words if w not in dropped), ignored=parsed.ignored + dropped)
    expertise = tuple(dict.fromkeys([*([query.expertise] if query.expertise else []), *parsed.expertise]))
    anchors = tuple(dict.fromkeys([*query.wijken, *(place.code for place in parsed.wijken)]))
    named = tuple(place.code for place in parsed.municipalities)
    if not anchors and not named:
        anchors = tuple(code for code in query.user_wijken if code in graph.wijk)
    municipalities = tuple(dict.fromkeys([*(graph.wijk[code].municipality for code in anchors), *named]))
    region = tuple(sorted({m for code in municipalities for m in graph.municipalities_in_region(code)}))
    scope = query.scope
    if not anchors:
        scope = "all" if not municipalities else "municipality" if scope == "mine" else scope
    return Plan(parsed, expertise, anchors, municipalities, region, scope)


def scope_area(plan: Plan, graph: Graph, scope: str) -> tuple[list[str], list[str]]:
    """The wijken and the municipalities (for city-wide specialists) of ``scope``."""
    if scope == "mine":
        return list(plan.anchors), list(plan.municipalities)
    if scope == "all":
        return sorted(graph.wijk), sorted(graph.municipality)
    municipalities = plan.municipalities if scope == "municipality" else plan.region_municipalities
    return [code for m in municipalities for code in graph.wijken_of.get(m, [])], list(municipalities)


def place_of(role_wijk: str | None, municipality: str, plan: Plan, graph: Graph) -> str:
    if role_wijk in plan.anchors:
        return "wijk"
    if role_wijk is None and municipality in plan.municipalities:
        return "municipality"
    if any(role_wijk in graph.neighbours.get(anchor, ()) for anchor in plan.anchors):
        return "neighbour"
    if municipality in plan.municipalities:
        return "municipality"
    return "region" if municipality in plan.region_municipalities else "all"


IN_SCOPE = {"mine": ("wijk",), "municipality": ("wijk", "neighbour", "municipality"),
            "region": ("wijk", "neighbour", "municipality", "region"),
            "all": ("wijk", "neighbour", "municipality", "region", "all")}


def in_scope(role: Role, scope: str) -> bool:
    """A city-wide specialist of the anchors' municipality is part of the wijk's own network (ring 2, group D)."""
    return role.place in IN_SCOPE[scope] or (scope == "mine" and role.wijk is None and role.place == "municipality")


def closeness(role: Role) -> int:
    if role.place == "wijk" or (role.wijk is None and role.place == "municipality"):
        return TIER_SCORE[role.tier]
    return PLACE_SCORE.get(role.place, TIER_SCORE[role.tier] // 10)


def search(store: Store, query: Search) -> Answer:
    """The answer to ``query`` (see the module and docs/search.md)."""
    search_words(query.text)  # the text's limits, before anything is read
    graph = graph_names(store)
    check(query, graph)
    the_plan = plan(query, graph)
    parsed = the_plan.parsed
    filtered = bool(the_plan.expertise or parsed.functions or parsed.organisations or parsed.words or query.group
                    or query.organisation)
    asked = bool(the_plan.expertise or parsed.functions or parsed.organisations or parsed.words or parsed.wijken
                 or parsed.municipalities)
    if query.text and query.text.strip() and not asked:  # only punctuation or filler words: nobody, not everybody
        return empty_answer(the_plan, graph, query.on)
    read_scope = WIDER.get(the_plan.scope, the_plan.scope) if filtered else the_plan.scope
    wijken, municipalities = scope_area(the_plan, graph, read_scope)
    if read_scope == "all" and (parsed.words or parsed.organisations):  # only where the names found have roles
        wijken, municipalities = places(store, parsed)
    rows = store.read(load("who_to_call"), {
        "wijken": wijken, "municipalities": municipalities, "on": query.on,
        "expertise": list(the_plan.expertise) or None,
        "expertise_words": list(parsed.expertise_phrases) or None,
        "functions": list(parsed.functions) or None, "organisations": list(parsed.organisations) or None,
        "organisation": query.organisation, "text": forgiving_query(parsed.words), "group": query.group,
    }) if wijken or municipalities else []
    contacts = group_rows(rows, the_plan, graph, query.on)
    found = sorted((c for c in contacts if c.roles), key=lambda c: (-c.score, c.name, c.id))
    wider_scope = WIDER.get(the_plan.scope)
    wider: tuple[Widening, ...] = ()
    if wider_scope:
        more = len(contacts) - len(found) if read_scope == wider_scope else None
        wider = (Widening(wider_scope, more),)
    statement, routes = routes_for(store, graph, the_plan, found, query.on)
    return Answer(understood_of(the_plan, graph), the_plan.scope, the_plan.anchors, tuple(found), statement,
                  tuple(routes), wider, Message.of("fresh_rule", date=query.on.isoformat()))


def places(store: Store, parsed: Parsed) -> tuple[list[str], list[str]]:
    """The wijken and municipalities where the contacts that the free text or the organisations name have roles."""
    found = store.read(load("who_to_call_places"), {"text": forgiving_query(parsed.words),
                                                    "organisations": list(parsed.organisations) or None})[0]
    return sorted(found["wijken"]), sorted(found["municipalities"])


def empty_answer(the_plan: Plan, graph: Graph, on: dt.date) -> Answer:
    return Answer(understood_of(the_plan, graph), the_plan.scope, the_plan.anchors, (),
                  Message.of("nothing_found_anywhere"), (), (), Message.of("fresh_rule", date=on.isoformat()))


def group_rows(rows: list[dict[str, Any]], the_plan: Plan, graph: Graph, on: dt.date) -> list[Contact]:
    """One contact per id, with its roles in the plan's scope (none: only in the wider one)."""
    by_id: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_id[row["id"]].append(plain(row))
    return [contact_of(found, the_plan, graph, on) for found in by_id.values()]


def contact_of(rows: list[dict[str, Any]], the_plan: Plan, graph: Graph, on: dt.date) -> Contact:
    first = rows[0]
    roles = []
    for row in rows:
        municipality = row["municipality"] or graph.wijk[row["wijk"]].municipality
        place = place_of(row["wijk"], municipality, the_plan, graph)
        wijk_name = graph.wijk[row["wijk"]].name if row["wijk"] else None
        roles.append(Role(row["wijk"], wijk_name, municipality, row["tier"], row["team"], place))
    roles = sorted({role for role in roles if in_scope(role, the_plan.scope)},
                   key=lambda role: (-closeness(role), role.wijk or "", role.team or ""))
    fresh = freshness(first["last_verified"], on)
    expertise = tuple(sorted({code for row in rows for code in row["expertise"]}))
    flags = {key: any(row[key] for row in rows) for key in ("strong", "function_match", "organisation_match",
                                                            "text_match")}
    score = (max((closeness(role) for role in roles), default=0) + FRESH_SCORE[fresh]
             + EXPERTISE_SCORE * flags["strong"] + FUNCTION_SCORE * flags["function_match"]
             + ORGANISATION_SCORE * flags["organisation_match"] + TEXT_SCORE * flags["text_match"])
    return Contact(first["id"], first["kind"], first["name"], first["function"], first["organisation"],
                   first["phone"], first["email"], first["last_verified"], fresh, tuple(roles), expertise, score,
                   tuple(reasons(roles, expertise, flags, first, the_plan, graph, fresh)))


def role_reason(role: Role, graph: Graph) -> Message:
    municipality = graph.municipality.get(role.municipality)
    city = municipality.name if municipality else role.municipality
    if role.place in ("wijk", "all") or (role.wijk is None and role.place == "municipality"):
        if role.tier == "ring1":
            return Message.of("team_of_wijk", wijk=role.wijk_name, team=role.team)
        if role.tier == "fly_in":
            return Message.of("fly_in", team=role.team, wijk=role.wijk_name)
        if role.tier == "ring3":
            return Message.of("civil_partner", wijk=role.wijk_name)
        if role.wijk is None:
            return Message.of("city_wide", municipality=city)
        return Message.of("group_of_wijk", group=role.tier, wijk=role.wijk_name)
    if role.place == "neighbour":
        return Message.of("neighbour_wijk", wijk=role.wijk_name, tier=role.tier)
    if role.wijk is None:
        return Message.of("city_wide", municipality=city)
    return Message.of("other_wijk", wijk=role.wijk_name, municipality=city, tier=role.tier)


def reasons(roles: list[Role], expertise: tuple[str, ...], flags: dict[str, bool], row: dict[str, Any],
            the_plan: Plan, graph: Graph, fresh: str) -> list[Message]:
    found = list(dict.fromkeys(role_reason(role, graph) for role in roles[:3]))
    asked = [code for code in the_plan.expertise if code in expertise]
    if flags["strong"]:
        found += [Message.of("has_expertise", expertise=code) for code in asked]
    elif the_plan.expertise:
        found.append(Message.of("text_expertise", words=" ".join(the_plan.parsed.expertise_words)))
    if flags["function_match"]:
        found.append(Message.of("function", function=row["function"]))
    if flags["organisation_match"]:
        found.append(Message.of("organisation", organisation=row["organisation"] or row["name"]))
    if flags["text_match"]:
        found.append(Message.of("name_matches", words=" ".join(the_plan.parsed.words)))
    if fresh == "stale":
        found.append(Message.of("stale", date=row["last_verified"]))
    elif fresh == "never":
        found.append(Message.of("never_verified"))
    return found


def understood_of(the_plan: Plan, graph: Graph) -> Understood:
    parsed = the_plan.parsed
    names = dict(graph.vocabulary.organisations)
    return Understood(
        wijken=tuple({"code": p.code, "name": p.name, "municipality": p.municipality} for p in parsed.wijken),
        municipalities=tuple({"code": p.code, "name": p.name} for p in parsed.municipalities),
        expertise=the_plan.expertise, functions=parsed.functions,
        organisations=tuple({"id": org, "name": names.get(org, org)} for org in parsed.organisations),
        words=parsed.words, ignored=parsed.ignored)
