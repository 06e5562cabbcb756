"""The in-memory baseline: read the needed subgraph once with plain Cypher, then compute the analyses in Python.

Written from the analyses' specifications (the comment heads of ``queries/cypher/*.cypher``), independently of their
Cypher, so that comparing the two is a correctness check at scale. Dates are ISO strings (they compare as dates).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import neo4j
import networkx as nx

from bench.baseline_hours import Hours, thin, total
from graph.model import DEFAULT_REQUIRED_EXPERTISE, THIN_THRESHOLD, ZRM_NEED_THRESHOLD
from graph.store import Store


def active(since: str | None, until: str | None, on: str) -> bool:
    return (since is None or since <= on) and (until is None or until >= on)


@dataclass
class Export:
    wijken: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> {name, municipality}
    serves: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # wijk -> teams
    members: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # team -> (p, group, s, u)
    works_in: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # area -> (p, group, s, u)
    expertise: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # professional -> codes
    names: dict[str, str] = field(default_factory=dict)  # professional or civil partner id -> name
    functions: dict[str, str] = field(default_factory=dict)  # professional -> function (lower case)
    verified: dict[str, str | None] = field(default_factory=dict)  # professional or civil partner -> last_verified
    coordinates: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # household -> (s, u)
    employers: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    agreements: list[dict[str, Any]] = field(default_factory=list)
    civil: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # wijk -> civil partners
    households: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # wijk -> households
    needs: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # household -> (x, s, u)
    zrm: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # household -> (date, {dom: sc})
    calls_for: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # domain -> expertise
    involved: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # household -> (p, dom, s, u)
    ecograms: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # household -> (date, civ)
    knows: list[tuple[str, str]] = field(default_factory=list)
    hours: dict[tuple[str, str], float] = field(default_factory=dict)  # (label, key) -> capacity_hours
    rows: int = 0
    reads: int = 0


def export(store: Store) -> Export:
    """Read what the baseline needs in plain reads (``reads`` counts them); dates come as ISO strings
    (``toString``), which the driver hands over far faster than it builds its date objects."""
    data = Export()

    def read(query: str) -> list[Any]:
        # Records as they come (they read like dicts by key) in one fetch: Record.data() and the default fetch
        # size of 1,000 cost more client time than the rows themselves.
        with store.driver.session(database=store.database, fetch_size=-1,
                                  default_access_mode=neo4j.READ_ACCESS) as session:
            rows = list(session.run(query))
        data.rows += len(rows)
        data.reads += 1
        return rows

    for row in read("MATCH (w:Wijk) OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality) "
                    "RETURN w.code AS code, w.name AS name, m.code AS m"):
        data.wijken[row["code"]] = {"name": row["name"], "municipality": row["m"]}
    for row in read("MATCH (n:Professional|Team) WHERE n.capacity_hours IS NOT NULL "
                    "RETURN labels(n)[0] AS label, n.id AS id, n.capacity_hours AS h"):
        data.hours[(row["label"], row["id"])] = row["h"]
    for row in read("MATCH (t:Team)-[:SERVES]->(w:Wijk) RETURN t.id AS t, w.code AS w"):
        data.serves[row["w"]].add(row["t"])
    for row in read("MATCH (p:Professional)-[r:MEMBER_OF]->(t:Team) "
                    "RETURN p.id AS p, t.id AS t, r.group AS g, toString(r.since) AS s, toString(r.until) AS u"):
        data.members[row["t"]].append((row["p"], row["g"], row["s"], row["u"]))
    for row in read("MATCH (p:Professional)-[r:WORKS_IN]->(a) "
                    "RETURN p.id AS p, coalesce(a.code, a.id) AS a, r.group AS g, toString(r.since) AS s, "
                    "toString(r.until) AS u"):
        data.works_in[row["a"]].append((row["p"], row["g"], row["s"], row["u"]))
    for row in read("MATCH (p:Professional)-[:HAS_EXPERTISE]->(x:Expertise) RETURN p.id AS p, x.code AS x"):
        data.expertise[row["p"]].add(row["x"])
    for row in read("MATCH (p:Professional) RETURN p.id AS id, p.name AS name, p.function AS f, "
                    "toString(p.last_verified) AS v "
                    "UNION ALL MATCH (c:CivilPartner) RETURN c.id AS id, c.name AS name, null AS f, "
                    "toString(c.last_verified) AS v "
                    "UNION ALL MATCH (o:Organisation) RETURN o.id AS id, o.name AS name, null AS f, "
                    "toString(o.last_verified) AS v"):
        data.names[row["id"]] = row["name"]
        data.verified[row["id"]] = row["v"]
        if row["f"] is not None:
            data.functions[row["id"]] = row["f"].lower()
    for row in read("MATCH (p:Professional)-[:EMPLOYED_BY]->(o:Organisation) RETURN p.id AS p, o.id AS o, o.name AS n, "
                    "o.kind AS k"):
        data.employers[row["p"]].append({"id": row["o"], "name": row["n"], "kind": (row["k"] or "").lower()})
    for row in read("MATCH (p:Professional)-[c:COORDINATES]->(h:Household) RETURN h.id AS h, "
                    "toString(c.since) AS s, toString(c.until) AS u"):
        data.coordinates[row["h"]].append((row["s"], row["u"]))
    for row in read("MATCH (a:Agreement) RETURN a.id AS id, a.status AS status, toString(a.since) AS s, "
                    "toString(a.until) AS u, a.capacity_hours AS h, "
                    "[(a)-[:OF_TEAM]->(t:Team) | t.id] AS teams, [(a)-[:FOR_EXPERTISE]->(x) | x.code] AS x, "
                    "[(a)-[:WITH_ORGANISATION]->(o:Organisation) | o.name] AS orgs, "
                    "[(a)-[:WITH_ORGANISATION]->(o:Organisation) | o.id] AS org_ids"):
        data.agreements.append(row.data())
    for row in read("MATCH (c:CivilPartner)-[:ACTIVE_IN]->(w:Wijk) RETURN c.id AS c, w.code AS w"):
        data.civil[row["w"]].add(row["c"])
    for row in read("MATCH (h:Household)-[:LIVES_IN]->(w:Wijk) RETURN h.id AS h, w.code AS w"):
        data.households[row["w"]].append(row["h"])
    for row in read("MATCH (h:Household)-[n:NEEDS]->(x:Expertise) RETURN h.id AS h, x.code AS x, "
                    "toString(n.since) AS s, toString(n.until) AS u"):
        data.needs[row["h"]].append((row["x"], row["s"], row["u"]))
    for row in read("MATCH (h:Household)-[:ASSESSED]->(z:ZrmAssessment) RETURN h.id AS h, toString(z.date) AS d, "
                    "[(z)-[s:SCORED]->(l:LifeDomain) | [l.code, s.score]] AS scores"):
        data.zrm[row["h"]].append((row["d"], dict(row["scores"])))
    for row in read("MATCH (l:LifeDomain)-[:CALLS_FOR]->(x:Expertise) RETURN l.code AS l, x.code AS x"):
        data.calls_for[row["l"]].add(row["x"])
    for row in read("MATCH (p:Professional)-[i:INVOLVED_WITH]->(h:Household) RETURN p.id AS p, h.id AS h, "
                    "i.life_domain AS d, toString(i.since) AS s, toString(i.until) AS u"):
        data.involved[row["h"]].append((row["p"], row["d"], row["s"], row["u"]))
    for row in read("MATCH (h:Household)-[:HAS_ECOGRAM]->(e:Ecogram) RETURN h.id AS h, toString(e.date) AS d, "
                    "[(e)-[:TIE]->(c:CivilPartner) | c.id] AS civil"):
        data.ecograms[row["h"]].append((row["d"], row["civil"]))
    for row in read("MATCH (a:Professional)-[:KNOWS]->(b:Professional) RETURN a.id AS a, b.id AS b"):
        data.knows.append((row["a"], row["b"]))
    return data


def _person(data: Export, pid: str) -> str:
    return f"{data.names[pid]} ({pid})"


def _latest(items: list[tuple], on: str) -> list[tuple]:
    dated = [item for item in items if item[0] is not None and item[0] <= on]
    if not dated:
        return []
    last = max(item[0] for item in dated)
    return [item for item in dated if item[0] == last]


# --- Analyses -------------------------------------------------------------------------------------------------


GAP_KINDS = ("no_team", "empty_group", "no_civil_partner", "missing_signaller", "uncovered_need", "no_coordinator",
             "contact_stale", "contact_never_verified")
SIGNALLERS = (("huisarts", ("huisarts",), ("huisarts", "huisartsenpraktijk")),
              ("wijkagent", ("wijkagent", "politie"), ("politie",)),
              ("woningcorporatie", ("woonconsulent", "huismeester", "wijkbeheerder", "woningcorporatie"),
               ("woningcorporatie", "wonen")),
              ("school", ("leerkracht", "intern begeleider", "schoolmaatschappelijk", "docent", "mentor"),
               ("onderwijs", "school")))


def year_before(on: str) -> str:
    day = dt.date.fromisoformat(on)
    try:
        return day.replace(year=day.year - 1).isoformat()
    except ValueError:  # 29 February: Cypher's date - duration({years: 1}) gives 28 February
        return day.replace(year=day.year - 1, day=28).isoformat()


def gaps(data: Export, on: str) -> list[tuple]:
    """(wijk, kind, household, detail, evidence) of every gap kind."""
    found = []
    for code, wijk in data.wijken.items():
        found += _wijk_gaps(data, on, code, wijk["municipality"])
        for household in data.households.get(code, []):
            helpers = {p for p, _, s, u in data.involved.get(household, []) if active(s, u, on)}
            evidence = tuple(sorted(_person(data, p) for p in helpers))
            needed = sorted({x for x, s, u in data.needs.get(household, []) if active(s, u, on)
                             and not any(x in data.expertise.get(p, ()) for p in helpers)})
            found += [(code, "uncovered_need", household, f"household {household} needs {x}", evidence)
                      for x in needed]
            if len(helpers) >= 2 and not any(active(s, u, on) for s, u in data.coordinates.get(household, [])):
                found.append((code, "no_coordinator", household,
                              f"household {household} has {len(helpers)} helpers and no coordinator", evidence))
        found += _stale_contacts(data, on, code, wijk["municipality"])
    return found


def _wijk_gaps(data: Export, on: str, code: str, municipality: str | None) -> list[tuple]:
    found: list[tuple] = []
    if not data.serves.get(code):
        found.append((code, "no_team", None, "no team serves the wijk", ()))
    groups = {g for _, g, s, u in data.works_in.get(code, []) if active(s, u, on)}
    d_in_municipality = any(g == "D" and active(s, u, on) for _, g, s, u in data.works_in.get(municipality or "", []))
    for group in "ABCD":
        if group not in groups and not (group == "D" and d_in_municipality):
            suffix = f" (municipality {municipality})" if group == "D" and municipality else ""
            found.append((code, "empty_group", None, f"group {group}{suffix}", ()))
    if not data.civil.get(code):
        found.append((code, "no_civil_partner", None, "no ring-3 partner is active in the wijk", ()))
    people = {p for p, _, s, u in data.works_in.get(code, []) if active(s, u, on)}
    people |= {p for t in data.serves.get(code, ()) for p, _, s, u in data.members.get(t, []) if active(s, u, on)}
    for signaller, functions, kinds in SIGNALLERS:
        if not any(any(word in data.functions.get(p, "") for word in functions)
                   or any(e["kind"] in kinds for e in data.employers.get(p, ())) for p in people):
            found.append((code, "missing_signaller", None, signaller, ()))
    return found


def _stale_contacts(data: Export, on: str, code: str, municipality: str | None) -> list[tuple]:
    contacts = {p for p, _, s, u in data.works_in.get(code, []) if active(s, u, on)}
    contacts |= {p for p, g, s, u in data.works_in.get(municipality or "", []) if g == "D" and active(s, u, on)}
    contacts |= {p for t in data.serves.get(code, ()) for p, _, s, u in data.members.get(t, []) if active(s, u, on)}
    contacts |= data.civil.get(code, set())
    teams = data.serves.get(code, set())
    contacts |= {o for a in data.agreements if a["status"] == "active" and active(a["s"], a["u"], on)
                 and teams & set(a["teams"]) for o in a["org_ids"]}
    limit = year_before(on)
    found: list[tuple] = []
    for c in contacts:
        when = data.verified.get(c)
        if when is None:
            found.append((code, "contact_never_verified", None, _person(data, c), ("never verified",)))
        elif when < limit:
            found.append((code, "contact_stale", None, _person(data, c), (f"last verified {when}",)))
    return found


def overlapping_helpers(data: Export, on: str) -> list[tuple]:
    """(wijk, household, life_domain, helpers, professionals, overlap_since)."""
    found = []
    for code, households in data.households.items():
        for household in households:
            by_domain: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
            for p, domain, since, until in data.involved.get(household, []):
                if active(since, until, on):
                    by_domain[domain][p].append(since)
            for domain, people in by_domain.items():
                if len(people) < 2:
                    continue
                starts = [None if None in sinces else min(sinces) for sinces in people.values()]
                known = [start for start in starts if start is not None]
                ordered = sorted(people, key=lambda pid: (data.names[pid], pid))
                found.append((code, household, domain, len(people), tuple(_person(data, p) for p in ordered),
                           max(known) if known else None))
    return found


def missing_expertise(data: Export, on: str, threshold: float = THIN_THRESHOLD) -> list[tuple]:
    """(wijk, expertise, coverage, demand, sorted evidence); thin as bench.baseline_hours defines it."""
    found = []
    hours = Hours(data, on)
    for code, wijk in data.wijken.items():
        teams = data.serves.get(code, set())
        ring1 = {p for t in teams for p, _, s, u in data.members.get(t, []) if active(s, u, on)}
        works = [item for item in data.works_in.get(code, []) if active(item[2], item[3], on)]
        d_works = works + [item for item in data.works_in.get(wijk["municipality"], []) if active(item[2], item[3], on)]
        households = data.households.get(code, [])
        for x in DEFAULT_REQUIRED_EXPERTISE:
            in_team = {p for p in ring1 if x in data.expertise.get(p, ())}
            in_network = {p for p, g, _, _ in works if g in ("A", "B") and x in data.expertise.get(p, ())}
            agreed = [a for a in data.agreements if a["status"] == "active" and x in a["x"]
                      and active(a["s"], a["u"], on) and teams & set(a["teams"])]
            agreements = {f"agreement {a['id']}" + (f" with {org}" if org is not None else "")
                          for a in agreed for org in (a["orgs"] or [None])}
            group_d = {p for p, g, _, _ in d_works if g == "D" and x in data.expertise.get(p, ())}
            if in_team:
                coverage, evidence = "in_team", {_person(data, p) for p in in_team}
                capacity = total(hours.member(p, [t for t in teams if any(
                    q == p and active(s, u, on) for q, _, s, u in data.members.get(t, []))]) for p in in_team)
            elif in_network:
                coverage, evidence = "in_network", {_person(data, p) for p in in_network}
                capacity = total(hours.person(p) for p in in_network)
            elif agreements or group_d:
                coverage, evidence = "fly_in", agreements | {_person(data, p) for p in group_d}
                capacity = total([*(hours.agreement(a) for a in agreed), *(hours.person(p) for p in group_d)])
            else:
                coverage, evidence, capacity = "missing", set(), None
            demand = 0
            for h in households:
                need = any(nx_ == x and active(s, u, on) for nx_, s, u in data.needs.get(h, []))
                if not need:
                    need = any(score <= ZRM_NEED_THRESHOLD and x in data.calls_for.get(domain, ())
                               for _, scores in _latest(data.zrm.get(h, []), on) for domain, score in scores.items())
                demand += need
            coverage = "thin" if thin(demand, capacity, threshold) else coverage
            found.append((code, x, coverage, demand, tuple(sorted(evidence))))
    return found


def collaboration_graphs(data: Export, on: str) -> dict[str, nx.Graph]:
    """The three rings of every wijk and the team, household and knows ties between them."""
    knows_of: dict[str, set[str]] = defaultdict(set)
    for a, b in data.knows:
        knows_of[a].add(b)
        knows_of[b].add(a)
    graphs = {}
    for code, wijk in data.wijken.items():
        ring: dict[str, int] = {}
        team_members: list[set[str]] = []
        for t in data.serves.get(code, ()):
            people = {p for p, _, s, u in data.members.get(t, []) if active(s, u, on)}
            team_members.append(people)
            for p in people:
                ring[p] = 1
        for p, _, s, u in data.works_in.get(code, []):
            if active(s, u, on):
                ring.setdefault(p, 2)
        for p, g, s, u in data.works_in.get(wijk["municipality"], []):
            if g == "D" and active(s, u, on):
                ring.setdefault(p, 2)
        for c in data.civil.get(code, ()):
            ring.setdefault(c, 3)
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from((node, {"ring": r}) for node, r in ring.items())
        for people in team_members:
            graph.add_edges_from(itertools.combinations(sorted(people), 2))
        for h in data.households.get(code, []):
            helpers = sorted({p for p, _, s, u in data.involved.get(h, []) if active(s, u, on) and p in ring})
            graph.add_edges_from(itertools.combinations(helpers, 2))
            for _, civil in _latest(data.ecograms.get(h, []), on):
                graph.add_edges_from((c, p) for c in civil if c in ring for p in helpers)
        for a in ring:
            graph.add_edges_from((a, b) for b in knows_of.get(a, ()) if b in ring and a < b)
        graph.remove_edges_from(list(nx.selfloop_edges(graph)))
        graphs[code] = graph
    return graphs


def network_summary(graphs: dict[str, nx.Graph]) -> list[tuple]:
    found = []
    for code, graph in graphs.items():
        isolated = [n for n, r in graph.nodes(data="ring")
                    if r in (2, 3) and not any(graph.nodes[m]["ring"] == 1 for m in graph[n])]
        n = graph.number_of_nodes()
        found.append((code, n, graph.number_of_edges(), round(nx.density(graph) if n > 1 else 0.0, 4),
                   nx.number_connected_components(graph), len(isolated)))
    return found


def brokers(graphs: dict[str, nx.Graph], top: int = 5) -> list[tuple]:
    found: list[tuple[Any, ...]] = []
    for code, graph in graphs.items():
        scores = nx.betweenness_centrality(graph, normalized=True)
        ranked = sorted(((node, round(score, 4)) for node, score in scores.items() if score > 0),
                        key=lambda item: (-item[1], item[0]))[:top]
        found.extend((code, rank, node, score) for rank, (node, score) in enumerate(ranked, start=1))
    return found


# --- The same answers from the registry, as comparable tuples ------------------------------------------------------


def from_registry(name: str, rows: list[dict[str, Any]]) -> list[tuple]:
    """The rows of an analysis as comparable tuples, in the order the analysis gave them."""
    if name == "gaps":
        return [(r["wijk"], r["kind"], r["household"], r["detail"], tuple(r["evidence"])) for r in rows]
    if name == "overlapping_helpers":
        return [(r["wijk"], r["household"], r["life_domain"], r["helpers"], tuple(r["professionals"]),
                 r["overlap_since"]) for r in rows]
    if name == "missing_expertise":
        return [(r["wijk"], r["expertise"], r["coverage"], r["demand"], tuple(sorted(r["evidence"]))) for r in rows]
    if name == "network_summary":
        return [(r["wijk"], r["nodes"], r["ties"], r["density"], r["components"], r["isolated_partners"])
                for r in rows]
    if name == "brokers":
        return [(r["wijk"], r["rank"], r["id"], r["betweenness"]) for r in rows]
    raise KeyError(name)


BASELINES = ("missing_expertise", "gaps", "overlapping_helpers", "network_summary", "brokers")
COVERAGE_ORDER = ("missing", "thin", "fly_in", "in_network", "in_team")
# The order each analysis defines (the "Order:" line of its Cypher header) as a key of its tuples; the network
# measures define none: they compare as multisets.
ORDER: dict[str, Any] = {
    "gaps": lambda t: (GAP_KINDS.index(t[1]), t[0], t[3]),
    "missing_expertise": lambda t: (COVERAGE_ORDER.index(t[2]), -t[3], t[0], t[1]),
    "overlapping_helpers": lambda t: (-t[3], t[0], t[1], t[2]),
}


def compute(name: str, data: Export, on: str, graphs: dict[str, nx.Graph] | None = None) -> list[tuple]:
    if name == "gaps":
        return gaps(data, on)
    if name == "overlapping_helpers":
        return overlapping_helpers(data, on)
    if name == "missing_expertise":
        return missing_expertise(data, on)
    graphs = graphs if graphs is not None else collaboration_graphs(data, on)
    if name == "network_summary":
        return network_summary(graphs)
    if name == "brokers":
        return brokers(graphs)
    raise KeyError(name)
