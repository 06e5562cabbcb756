"""The API benchmark's request mix: every role with its own user, HTML pages, JSON and CSV twins, and household reads
(each writes its audit entry before it answers), over many distinct URLs of the sampled wijken."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from api import auth
from graph.model import USER_ROLES
from graph.store import Store

REASON = "benchmark"  # the reason a household read gives (X-Wijkgraph-Reason): professionals and coordinators must
HOUSEHOLDS_PER_WIJK = 3
# (kind, URL template): what every role reads, what the analysing roles read, what the household readers read.
EVERYONE = (("page", "/wijken/{wijk}"), ("json", "/wijken/{wijk}.json"), ("page", "/contacts?wijk={wijk}"),
            ("json", "/contacts.json?wijk={wijk}"), ("csv", "/contacts.csv?wijk={wijk}"))
ANALYSING = (("json", "/analyses/missing_expertise.json?wijk={wijk}"), ("csv", "/analyses/gaps.csv?wijk={wijk}"),
             ("page", "/analyses/overlapping_helpers?wijk={wijk}"),
             ("json", "/analyses/network_summary.json?wijk={wijk}"))
HOUSEHOLD_LISTS = (("household", "/wijken/{wijk}/households.json"), ("household", "/wijken/{wijk}/households"))
HOUSEHOLD = (("household", "/households/{household}.json"), ("household", "/households/{household}"))
ANALYSING_ROLES = ("coordinator", "analyst", "admin")
HOUSEHOLD_ROLES = ("professional", "coordinator", "admin")  # the analyst sees pseudonymous answers, no household


@dataclass(frozen=True)
class Call:
    role: str
    kind: str  # page, json, csv or household (a household-level read, audited)
    url: str

    def request(self, host: str, token: str) -> bytes:
        reason = f"X-Wijkgraph-Reason: {REASON}\r\n" if self.kind == "household" else ""
        return (f"GET {self.url} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n{reason}"
                "Accept-Language: nl\r\n\r\n").encode()


def add_users(store: Store, wijken: list[str]) -> dict[str, str]:
    """A user per role (professional and coordinator scoped to the sampled wijken): role -> token."""
    return {role: auth.add_user(store, f"bench-{role}", role, wijken=wijken if role in auth.SCOPED_ROLES else (),
                                replace=True) for role in USER_ROLES}


def households_of(store: Store, wijken: list[str], per_wijk: int = HOUSEHOLDS_PER_WIJK) -> dict[str, list[str]]:
    rows = store.read("UNWIND $wijken AS code MATCH (w:Wijk {code: code})<-[:LIVES_IN]-(h:Household) "
                      "WITH code, h.id AS id ORDER BY id RETURN code, collect(id)[..$n] AS ids",
                      {"wijken": wijken, "n": per_wijk})
    return {row["code"]: row["ids"] for row in rows}


def calls_of(role: str, wijk: str, households: list[str]) -> list[Call]:
    templates = list(EVERYONE)
    if role in ANALYSING_ROLES:
        templates += ANALYSING
    if role in HOUSEHOLD_ROLES:
        templates += HOUSEHOLD_LISTS
    calls = [Call(role, kind, url.format(wijk=wijk)) for kind, url in templates]
    if role in HOUSEHOLD_ROLES:
        calls += [Call(role, kind, url.format(household=h)) for h in households for kind, url in HOUSEHOLD]
    return calls


def mix(store: Store, wijken: list[str], seed: int = 7) -> list[Call]:
    """Every call of every role for every sampled wijk once, shuffled (seeded) so that roles and kinds interleave."""
    households = households_of(store, wijken)
    calls = [call for wijk in wijken for role in USER_ROLES for call in calls_of(role, wijk, households.get(wijk, []))]
    random.Random(seed).shuffle(calls)
    return calls


def describe(calls: list[Call]) -> dict[str, Any]:
    return {"distinct_urls": len({call.url for call in calls}), "calls": len(calls),
            "by_kind": dict(sorted(Counter(call.kind for call in calls).items())),
            "by_role": dict(sorted(Counter(call.role for call in calls).items()))}
