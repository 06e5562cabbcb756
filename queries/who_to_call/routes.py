"""Never a dead end: the nearest routes when nobody reachable in the search's scope has the expertise asked.

A route is a contact with details (phone or e-mail) and how fresh they are, ranked: an organisation flying the
expertise in through a werkafspraak (active before still needed), a city-wide specialist of the municipality, the
team of a neighbouring wijk that has it, an organisation of the region that offers it (regional before national);
within a kind fresh before stale before never verified, then by name. Without any: a plain statement that nobody
in the region offers it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from queries.cypher_files import load
from queries.params import plain
from queries.who_to_call.model import FRESHNESS, ROUTES, Contact, Message, Plan, Role, freshness

if TYPE_CHECKING:
    from graph.store import Store
    from queries.who_to_call.vocabulary import Graph


def routes_for(store: Store, graph: Graph, plan: Plan, found: list[Contact], on: dt.date
               ) -> tuple[Message | None, list[Contact]]:
    """The statement and the routes of an answer whose direct rows are ``found``."""
    place = _place_name(plan, graph)
    if not plan.expertise or not plan.municipalities:
        if found:
            return None, []
        return (Message.of("nothing_found", place=place) if place else Message.of("nothing_found_anywhere")), []
    expertise = plan.expertise[0]
    if any(contact.reachable and expertise in contact.expertise for contact in found):
        return None, []
    anchor = plan.anchors[0] if plan.anchors else None
    municipality = graph.wijk[anchor].municipality if anchor else plan.municipalities[0]
    region = graph.region_of(municipality)
    rows = store.read(load("who_to_call_routes"), {"anchor": anchor, "municipality": municipality,
                                                    "region": region, "expertise": expertise, "on": on})
    routes = ranked([route_of(plain(row), expertise, municipality, region, graph, on) for row in rows])
    already = {contact.id for contact in found if contact.reachable and expertise in contact.expertise}
    routes = [route for route in routes if route.id not in already]
    if not routes:
        city = graph.municipality[municipality].name if municipality in graph.municipality else municipality
        return Message.of("none_in_region", wijk=place, expertise=expertise, region=region or city), []
    return Message.of("nobody_here", wijk=place, expertise=expertise), routes


def _place_name(plan: Plan, graph: Graph) -> str | None:
    if plan.anchors:
        return ", ".join(graph.wijk[code].name for code in plan.anchors)
    names = [graph.municipality[code].name for code in plan.municipalities if code in graph.municipality]
    return ", ".join(names) or None


def _order(route: Contact, row_status: str | None, national: bool) -> tuple:
    return (ROUTES.index(route.route or ""), row_status == "needed", national, FRESHNESS.index(route.freshness),
            route.name, route.id)


def ranked(routes: list[tuple[tuple, Contact]]) -> list[Contact]:
    """Best first, each contact once (at its best route), numbered by ``score`` (the highest first)."""
    seen: set[str] = set()
    best = []
    for _, route in sorted(routes, key=lambda pair: pair[0]):
        if route.id not in seen and route.reachable:
            seen.add(route.id)
            best.append(route)
    return [Contact(**{**route.__dict__, "score": len(best) - number}) for number, route in enumerate(best)]


def route_of(row: dict[str, Any], expertise: str, municipality: str, region: str | None, graph: Graph,
             on: dt.date) -> tuple[tuple, Contact]:
    city = graph.municipality[municipality].name if municipality in graph.municipality else municipality
    neighbour = graph.wijk.get(row["wijk"]) if row["wijk"] else None
    roles: tuple[Role, ...] = ()
    if row["route"] == "agreement":
        code = "route_needed" if row["status"] == "needed" else "route_agreement"
        reason = Message.of(code, organisation=row["name"], expertise=expertise, team=row["team"])
    elif row["route"] == "specialist":
        reason = Message.of("route_specialist", municipality=city, expertise=expertise)
        roles = (Role(None, None, municipality, "D", None, "municipality"),)
    elif row["route"] == "neighbour_team":
        organisation = row["kind"] == "organisation"
        reason = Message.of("route_neighbour_fly_in" if organisation else "route_neighbour",
                            wijk=neighbour.name if neighbour else row["wijk"], expertise=expertise)
        roles = (Role(row["wijk"], neighbour.name if neighbour else None, neighbour.municipality if neighbour else "",
                      "fly_in" if organisation else "ring1", row["team"], "neighbour"),)
    elif row["national"]:
        reason = Message.of("route_national", expertise=expertise)
    else:
        reason = Message.of("route_region", expertise=expertise, region=region or city)
    fresh = freshness(row["last_verified"], on)
    stale = ([Message.of("stale", date=row["last_verified"])] if fresh == "stale"
             else [Message.of("never_verified")] if fresh == "never" else [])
    route = Contact(row["id"], row["kind"], row["name"], row["function"], ", ".join(row["organisations"] or []) or None,
                    row["phone"], row["email"], row["last_verified"], fresh, roles,
                    (expertise,), 0, (reason, *stale), row["route"])
    return _order(route, row["status"], bool(row["national"])), route
