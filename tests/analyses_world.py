"""A small hand-built graph for the analyses tests, written through the model's own loaders.

Each method loads one node or relationship with ``graph.load``; tests read as a list of facts with known answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from graph.load import load_nodes, load_relationships
from graph.store import Store

ON = dt.date(2026, 1, 1)
SOURCE = "test:analyses"


class World:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.now = datetime.now(UTC)

    def nodes(self, label: str, *rows: dict[str, Any]) -> World:
        load_nodes(self.store, label, rows, SOURCE, self.now)
        return self

    def rels(self, name: str, *rows: dict[str, Any]) -> World:
        load_relationships(self.store, name, rows, SOURCE, self.now)
        return self

    def municipality(self, code: str) -> World:
        return self.nodes("Municipality", {"code": code, "name": f"Gemeente {code}"})

    def wijk(self, code: str, municipality: str | None = None) -> World:
        self.nodes("Wijk", {"code": code, "name": f"Wijk {code}"})
        if municipality:
            self.rels("wijk_municipality", {"start": code, "end": municipality})
        return self

    def team(self, team_id: str, *wijken: str) -> World:
        self.nodes("Team", {"id": team_id, "name": f"Team {team_id}"})
        return self.rels("team_serves", *({"start": team_id, "end": wijk} for wijk in wijken))

    def organisation(self, org_id: str, kind: str | None = None, name: str | None = None) -> World:
        return self.nodes("Organisation", {"id": org_id, "name": name or f"Org {org_id}", "kind": kind})

    def professional(
        self, pid: str, name: str | None = None, function: str | None = None, organisation: str | None = None,
        expertise: Iterable[str] = (), **extra: Any,
    ) -> World:
        self.nodes("Professional", {"id": pid, "name": name or f"Prof {pid}", "function": function, **extra})
        if organisation:
            self.rels("employed_by", {"start": pid, "end": organisation})
        return self.rels("has_expertise", *({"start": pid, "end": code} for code in expertise))

    def member(self, pid: str, team: str, group: str = "A", since: dt.date | None = None,
               until: dt.date | None = None) -> World:
        return self.rels("member_of", {"start": pid, "end": team, "team_role": "wijkcoach", "group": group,
                                       "since": since, "until": until})

    def works_in(self, pid: str, wijk: str, group: str, since: dt.date | None = None,
                 until: dt.date | None = None) -> World:
        return self.rels("works_in_wijk", {"start": pid, "end": wijk, "group": group, "since": since, "until": until})

    def works_in_municipality(self, pid: str, municipality: str, until: dt.date | None = None) -> World:
        return self.rels("works_in_municipality", {"start": pid, "end": municipality, "group": "D", "until": until})

    def civil(self, cid: str, wijk: str, kind: str = "buurthuis", **extra: Any) -> World:
        self.nodes("CivilPartner", {"id": cid, "name": f"Partner {cid}", "kind": kind, **extra})
        return self.rels("civil_active_in", {"start": cid, "end": wijk})

    def agreement(self, aid: str, team: str, organisation: str, expertise: str, status: str = "active",
                  until: dt.date | None = None) -> World:
        self.nodes("Agreement", {"id": aid, "topic": f"{expertise} invliegen", "status": status, "until": until})
        self.rels("agreement_team", {"start": aid, "end": team})
        self.rels("agreement_organisation", {"start": aid, "end": organisation})
        return self.rels("agreement_expertise", {"start": aid, "end": expertise})

    def household(self, hid: str, wijk: str) -> World:
        self.nodes("Household", {"id": hid})
        return self.rels("lives_in", {"start": hid, "end": wijk})

    def needs(self, hid: str, expertise: str, since: dt.date | None = None, until: dt.date | None = None) -> World:
        return self.rels("needs", {"start": hid, "end": expertise, "since": since, "until": until})

    def involved(self, pid: str, hid: str, domain: str = "financien", since: dt.date | None = None,
                 until: dt.date | None = None) -> World:
        return self.rels("involved_with", {"start": pid, "end": hid, "life_domain": domain, "since": since,
                                           "until": until})

    def coordinates(self, pid: str, hid: str, since: dt.date | None = None, until: dt.date | None = None) -> World:
        return self.rels("coordinates", {"start": pid, "end": hid, "since": since, "until": until})

    def zrm(self, zid: str, hid: str, date: dt.date, scores: dict[str, int]) -> World:
        self.nodes("ZrmAssessment", {"id": zid, "date": date, "version": "ZRM-2017"})
        self.rels("assessed", {"start": hid, "end": zid})
        return self.rels("scored", *({"start": zid, "end": domain, "score": score} for domain, score in scores.items()))

    def knows(self, a: str, b: str) -> World:
        return self.rels("knows", {"start": a, "end": b})

    def ecogram(self, eid: str, hid: str, date: dt.date, ties: Iterable[tuple[str, str, str, str]]) -> World:
        """``ties``: (kind, ref, quality, direction), kind one of member, informal, professional, civil."""
        self.nodes("Ecogram", {"id": eid, "date": date})
        self.rels("has_ecogram", {"start": hid, "end": eid})
        for kind, ref, quality, direction in ties:
            self.rels(f"tie_{kind}", {"start": eid, "end": ref, "quality": quality, "direction": direction})
        return self
