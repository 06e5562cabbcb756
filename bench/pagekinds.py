"""The page benchmark's kinds of page: every HTML page a user reaches (api/web/*.py), each with the role that uses it
and how to make a random instance of it from the sampled data (:class:`Pool`).

The kinds of bench/apimix.py come first (the wijk overview, the contact search, the analyses, the household lists and
household pages), then the pages the API mix leaves out: home, the wijken list, the partner map, the ecogram, the
analyses list and every per-wijk analysis page, the organisation and kaart record pages with their forms, the
self-service and registration pages, the verify worklist, the advisor pages, the council reports and the admin pages.

Roles: the professional is limited to the sampled wijken (the per-wijk and household pages ask within them); the
coordinator to :data:`COORDINATOR_WIJKEN` of them (their home, worklist and link pages are of a coordinator's few
wijken, not of hundreds); the analyst and the admin see every wijk.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from api import auth
from bench.apimix import Call, households_of
from graph.model import DEFAULT_REQUIRED_EXPERTISE, USER_ROLES
from graph.store import Store
from queries.analyses import ANALYSES

COORDINATOR_WIJKEN = 3
USER_PREFIX = "bench-page-"
SEARCH_TEXTS = ("GGZ", "LVB", "schuldhulpverlening", "wijkagent", "huisartsen")


@dataclass
class Pool:
    """What the instances are drawn from: the sampled wijken and what lies in them."""

    wijken: list[str]
    names: dict[str, str] = field(default_factory=dict)  # wijk code -> name
    households: list[tuple[str, str]] = field(default_factory=list)  # (wijk, household id)
    municipalities: list[str] = field(default_factory=list)
    professionals: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    wijk_total: int = 0
    served: list[str] = field(default_factory=list)  # the sampled wijken a team serves (the handover starts there)


def read_pool(store: Store, wijken: list[str]) -> Pool:
    names = {row["code"]: row["name"] for row in store.read(
        "MATCH (w:Wijk) WHERE w.code IN $codes RETURN w.code AS code, w.name AS name", {"codes": wijken})}
    households = [(wijk, h) for wijk, ids in households_of(store, wijken).items() for h in ids]
    municipalities = [row["code"] for row in store.read(
        "MATCH (w:Wijk)-[:IN_MUNICIPALITY]->(m:Municipality) WHERE w.code IN $codes "
        "RETURN DISTINCT m.code AS code ORDER BY code", {"codes": wijken})]
    people = store.read(
        "MATCH (w:Wijk)<-[:WORKS_IN]-(p:Professional) WHERE w.code IN $codes "
        "OPTIONAL MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) "
        "RETURN collect(DISTINCT p.id) AS professionals, collect(DISTINCT o.id) AS organisations", {"codes": wijken})
    users = [row["name"] for row in store.read(
        "MATCH (u:User) WHERE u.name STARTS WITH $prefix RETURN u.name AS name ORDER BY name",
        {"prefix": "bench-"})]
    total = store.read("MATCH (w:Wijk) RETURN count(w) AS n")[0]["n"]
    served = [row["code"] for row in store.read(
        "MATCH (w:Wijk) WHERE w.code IN $codes AND EXISTS { (w)<-[:SERVES]-(:Team) } RETURN w.code AS code "
        "ORDER BY code", {"codes": wijken})]
    return Pool(wijken, names, households, municipalities, sorted(people[0]["professionals"]),
                sorted(people[0]["organisations"]), users, total, served)


def add_users(store: Store, wijken: list[str]) -> dict[str, str]:
    """A user per role (role -> token): the professional limited to ``wijken``, the coordinator to a few of them."""
    scopes = {"professional": wijken, "coordinator": wijken[:COORDINATOR_WIJKEN]}
    return {role: auth.add_user(store, f"{USER_PREFIX}{role}", role, wijken=scopes.get(role, ()), replace=True)
            for role in USER_ROLES}


Maker = Callable[[random.Random, Pool], str]


@dataclass(frozen=True)
class PageKind:
    name: str
    role: str
    make: Maker
    audited: bool = False  # a household-level page: sent with a reason, as the page's form sends it

    def call(self, rng: random.Random, pool: Pool) -> Call:
        return Call(self.role, "household" if self.audited else "page", self.make(rng, pool))


def _wijk(rng: random.Random, pool: Pool) -> str:
    return rng.choice(pool.wijken)


def _own_wijk(rng: random.Random, pool: Pool) -> str:
    return rng.choice(pool.wijken[:COORDINATOR_WIJKEN])


def _household(rng: random.Random, pool: Pool) -> str:
    return quote(rng.choice(pool.households)[1], safe="")


def _professional(rng: random.Random, pool: Pool) -> str:
    return quote(rng.choice(pool.professionals), safe="~")


def _search(rng: random.Random, pool: Pool) -> str:
    wijk = _wijk(rng, pool)
    text = f"{rng.choice(SEARCH_TEXTS)} {pool.names.get(wijk, '')}".strip()
    return "/contacts?" + urlencode({"wijk": wijk, "text": text})


def _expertise(rng: random.Random) -> str:
    return rng.choice(DEFAULT_REQUIRED_EXPERTISE)


def _analysis_kinds() -> list[PageKind]:
    """Every analysis page: for one wijk when it has a ``wijk`` parameter, as it is when it has no parameter at all
    (the household-level ones with a required household are the ecogram's page); as the analyst, or the first role
    that may run it."""
    kinds = []
    for name, analysis in ANALYSES.items():
        per_wijk = any(param.name == "wijk" for param in analysis.params)
        if not per_wijk and analysis.params:
            continue
        role = next(r for r in ("analyst", "coordinator", "admin", "professional") if r in analysis.access.roles)
        make = (lambda n: lambda rng, pool: f"/analyses/{n}?wijk={_wijk(rng, pool)}")(name) if per_wijk else (
            lambda n: lambda rng, pool: f"/analyses/{n}")(name)
        kinds.append(PageKind(f"analysis {name}" + ("" if per_wijk else " (no parameters)"), role, make))
    return kinds


def page_kinds() -> list[PageKind]:
    """Every kind of HTML page, in the order of the table."""
    q = quote
    return [
        # The kinds of the API mix (bench/apimix.py).
        PageKind("wijk overview", "professional", lambda r, p: f"/wijken/{_wijk(r, p)}"),
        PageKind("contacts of a wijk", "professional", lambda r, p: f"/contacts?wijk={_wijk(r, p)}"),
        PageKind("contact search (text)", "professional", _search),
        PageKind("households of a wijk", "professional", lambda r, p: f"/wijken/{_wijk(r, p)}/households", True),
        PageKind("household", "professional", lambda r, p: f"/households/{_household(r, p)}", True),
        *_analysis_kinds(),
        # The pages the API mix leaves out.
        PageKind("home (my wijken)", "coordinator", lambda r, p: "/"),
        PageKind("home (all wijken)", "analyst", lambda r, p: "/"),
        PageKind("wijken list", "analyst", lambda r, p: f"/wijken?page={r.randint(1, max(1, -(-p.wijk_total // 50)))}"),
        PageKind("partner map", "professional", lambda r, p: f"/wijken/{_wijk(r, p)}/map"),
        PageKind("ecogram", "professional", lambda r, p: f"/households/{_household(r, p)}/ecogram", True),
        PageKind("analyses list", "coordinator", lambda r, p: "/analyses"),
        PageKind("organisation", "professional",
                 lambda r, p: f"/organisations/{q(r.choice(p.organisations), safe='')}"),
        PageKind("kaart record", "professional",
                 lambda r, p: f"/kaart/professional/{_professional(r, p)}"),
        PageKind("kaart record: edit form", "admin",
                 lambda r, p: f"/kaart/professional/{_professional(r, p)}/edit"),
        PageKind("kaart record: new form", "admin",
                 lambda r, p: f"/kaart/{r.choice(('professional', 'agreement'))}/new"),
        PageKind("self-service links of a professional", "admin",
                 lambda r, p: f"/kaart/professional/{_professional(r, p)}/link"),
        PageKind("verify worklist (Klopt nog?)", "coordinator", lambda r, p: f"/kaart/verify?wijk={_own_wijk(r, p)}"),
        PageKind("links", "coordinator", lambda r, p: "/links"),
        PageKind("registration links", "coordinator", lambda r, p: "/kaart/registration-links"),
        PageKind("registrations", "coordinator", lambda r, p: "/kaart/registrations"),
        PageKind("placement advisor (one municipality)", "analyst", lambda r, p: "/advise/placement?" + urlencode(
            {"expertise": _expertise(r), "count": 2, "municipality": r.choice(p.municipalities)})),
        PageKind("warm handover", "professional", lambda r, p: "/advise/handover?" + urlencode(
            {"wijk": r.choice(p.served), "expertise": _expertise(r)})),  # a wijk without a team: a 400 by design
        PageKind("reports list", "analyst", lambda r, p: "/reports"),
        PageKind("report of a wijk", "analyst", lambda r, p: f"/reports/wijk/{_wijk(r, p)}"),
        PageKind("report of a municipality", "analyst",
                 lambda r, p: f"/reports/municipality/{r.choice(p.municipalities)}"),
        PageKind("me", "professional", lambda r, p: "/me"),
        PageKind("audit log", "admin", lambda r, p: f"/audit?page={r.randint(1, 5)}"),
        PageKind("users", "admin", lambda r, p: "/users"),
        PageKind("a user", "admin", lambda r, p: f"/users/{q(r.choice(p.users), safe='')}"),
    ]


def describe(kinds: list[PageKind]) -> dict[str, Any]:
    return {kind.name: kind.role for kind in kinds}
