"""The warm handover: who in my team knows someone who can reach expertise X in wijk Y?

A warm handover ("warme overdracht") is a team member introducing a household to a colleague they know, instead
of a number on a list. The paths run over the known collaboration ties between professionals (the ties of the
network analysis, DESIGN.md 5.5), read by ``cypher/advise_handover.cypher``:

* ``knows``: a KNOWS contact (the member's achterland), strength 0.8;
* ``team``: both are active members of one team, strength 0.6;
* ``households``: both actively help the same households, strength 0.4 (only their number is read, never which).

A pair tied in several ways counts its strongest tie: KNOWS > same team > shared households. A path starts at an
active member of the team (the teams serving the wijk, or the team asked), runs through people who are neither in
that team nor ends themselves, and ends at a professional who has the expertise and works in or for the wijk:
in the wijk (WORKS_IN or its team), through a werkafspraak of its team (fly-in), city-wide for its municipality
(group D), in a neighbouring wijk, or for an organisation that serves the wijk's municipality (a regional partner
such as MEE, which may cover a wijk where the analyses find the expertise missing), in that order of preference
(``PLACES``).

**Strength of a path**: the product, over its hops, of the tie's strength and the freshness of the person reached
(contact details verified within 12 months of the date: 1; longer ago: 0.6; never: 0.4; the 12-month rule of
:func:`queries.who_to_call.model.freshness`). It is the probability-like "reliability" of the path, and the most
reliable path is the shortest path when a hop of reliability r has length ``-log r`` (the classic transformation;
e.g. Ahuja, Magnanti & Orlin 1993, *Network Flows*, section 4.7). Paths have at most :data:`MAX_HOPS` hops; every
hop multiplies by at most 0.8, so a shorter path of the same ties always ranks higher.

For every pair (team member, end) the strongest path is kept; they are ranked by strength (highest first), then
fewer hops, the place's preference, the end's name and the team member's name. Each path is explained in one
sentence, made of message templates that the faces translate (``explanation``), e.g. "Anna (your team) knows Bram
(MEE), who has LVB expertise and works in Meerzicht.".

The answer names professionals (the sociale kaart) and counts shared households; it holds no household ids or other
household-level data, so reading it writes no audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from queries.cypher_files import load
from queries.params import N_, AnalysisError, plain
from queries.who_to_call.model import freshness

if TYPE_CHECKING:
    from neo4j import ManagedTransaction

    from graph.store import Store

MAX_HOPS = 3
DEFAULT_LIMIT = 10
TIE_STRENGTH = {"knows": 0.8, "team": 0.6, "households": 0.4}
FRESHNESS_WEIGHT = {"fresh": 1.0, "stale": 0.6, "never": 0.4}
PLACES = ("wijk", "agreement", "municipality", "neighbour", "organisation")

FIRST = {  # the first hop, from the team member
    "knows": N_("{a} (your team) knows {b}"),
    "team": N_("{a} (your team) is in a team with {b}"),
    "household": N_("{a} (your team) helps one household together with {b}"),
    "households": N_("{a} (your team) helps {households} households together with {b}"),
}
NEXT = {  # every later hop
    "knows": N_(", who knows {b}"),
    "team": N_(", who is in a team with {b}"),
    "household": N_(", who helps one household together with {b}"),
    "households": N_(", who helps {households} households together with {b}"),
}
END = {  # where the last person works
    "wijk": N_(", who has {expertise} expertise and works in {place}."),
    "agreement": N_(", who has {expertise} expertise and flies in to {place} through a werkafspraak."),
    "municipality": N_(", who has {expertise} expertise and works city-wide in {place}."),
    "neighbour": N_(", who has {expertise} expertise and works in the neighbouring wijk {place}."),
    "organisation": N_(", who has {expertise} expertise and works at an organisation that also serves {place}."),
}
SELF = N_("{a} (your team) has {expertise} expertise.")


@dataclass(frozen=True)
class Tie:
    kind: str  # knows, team or households: the strongest tie of the pair
    households: int = 0  # the number of shared households (for kind households)

    @property
    def strength(self) -> float:
        return TIE_STRENGTH[self.kind]


@dataclass(frozen=True)
class End:
    place: str  # one of PLACES
    place_name: str


@dataclass(frozen=True)
class Path:
    people: tuple[str, ...]  # ids, from the team member to the end
    ties: tuple[Tie, ...]
    score: float

    @property
    def hops(self) -> int:
        return len(self.ties)


def tie_graph(ties: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Tie]]:
    """The undirected tie graph from rows ``{a, b, kind, households}``: per pair its strongest tie."""
    graph: dict[str, dict[str, Tie]] = {}
    made: dict[tuple[str, int], Tie] = {}  # ties are values: one object per kind and count, not one per row
    for row in ties:
        a, b = row["a"], row["b"]
        if a == b:
            continue
        key = (row["kind"], int(row.get("households") or 0))
        tie = made.get(key) or made.setdefault(key, Tie(*key))
        for one, other in ((a, b), (b, a)):
            known = graph.setdefault(one, {}).get(other)
            if known is None or tie.strength > known.strength:
                graph[one][other] = tie
    return graph


def strongest_paths(graph: Mapping[str, Mapping[str, Tie]], starts: Sequence[str], ends: Iterable[str],
                    weight: Mapping[str, float], max_hops: int = MAX_HOPS) -> dict[tuple[str, str], Path]:
    """Per (start, end) the strongest path of at most ``max_hops`` hops whose inner people are neither starts nor
    ends. ``weight[p]``: the freshness weight of reaching p. A start that is an end is a path of 0 hops (score 1).
    Ties in strength: fewer hops, then the smaller sequence of ids."""
    if 1 <= max_hops <= 3:
        return _layered_paths(graph, set(starts), set(ends), weight, max_hops)
    return _walked_paths(graph, set(starts), set(ends), weight, max_hops)


def _offer(best: dict[tuple[str, str], Path], people: tuple[str, ...], ties: tuple[Tie, ...], score: float) -> None:
    """Keep the path if it beats the pair's best so far: stronger, then fewer hops, then the smaller ids."""
    key = (people[0], people[-1])
    known = best.get(key)
    if known is None or (-score, len(ties), people) < (-known.score, known.hops, known.people):
        best[key] = Path(people, ties, score)


def _hops_to_ends(graph: Mapping[str, Mapping[str, Tie]], end_set: set[str], max_hops: int) -> dict[str, int]:
    """A lower bound of the hops from each person to an end, for those within ``max_hops - 1`` (breadth first from
    the ends, ignoring who may be inside a path): a path that cannot reach an end in time is not followed."""
    to_end = dict.fromkeys(end_set, 0)
    frontier = list(end_set)
    for distance in range(1, max_hops):
        frontier = [other for here in frontier for other in graph.get(here, {}) if other not in to_end]
        for other in frontier:
            to_end.setdefault(other, distance)
    return to_end


# Two prefixes whose scores differ by less than this share may end equal once multiplied further (floating point
# rounds); both are kept so that the smaller ids win such a tie, as in the walk. Rounding errs by ~1e-16 per step.
NEAR = 1e-12


def _layered_paths(graph: Mapping[str, Mapping[str, Tie]], start_set: set[str], end_set: set[str],
                   weight: Mapping[str, float], max_hops: int) -> dict[tuple[str, str], Path]:
    """:func:`strongest_paths` for at most three hops, layer by layer instead of path by path: per start, the
    best two-hop prefixes to each inner person next to an end, then one more hop to each end. With at most two
    inner people a path is simple by itself (no tie joins a person to themself), so the answer equals the walk's
    (the hypothesis test compares both with brute force); every score is the walk's product, in its order."""
    best: dict[tuple[str, str], Path] = {}
    to_end = _hops_to_ends(graph, end_set, max_hops)
    never = FRESHNESS_WEIGHT["never"]
    Step = tuple[str, Tie, float, float]  # the person reached, the tie, its strength, the person's freshness weight
    split: dict[str, tuple[list[Step], list[Step]]] = {}

    def ties_of(here: str) -> tuple[list[Step], list[Step]]:  # (to ends, to inner people in reach), split once
        if here not in split:
            to_ends: list[Step] = []
            inner: list[Step] = []
            for other, tie in graph.get(here, {}).items():
                if other not in start_set and other in to_end:
                    (to_ends if other in end_set else inner).append(
                        (other, tie, tie.strength, weight.get(other, never)))
            split[here] = (to_ends, inner)
        return split[here]

    for start in sorted(start_set):
        if start in end_set:
            _offer(best, (start,), (), 1.0)
        to_ends, inner = ties_of(start)
        for end, tie, strength, fresh in to_ends:
            _offer(best, (start, end), (tie,), 1.0 * strength * fresh)
        if max_hops < 2:
            continue
        reach: dict[str, list[tuple[float, str, Tie, Tie]]] = {}  # inner person -> (score, first, tie 1, tie 2)
        for first, tie1, strength1, fresh1 in inner:
            if to_end[first] > max_hops - 1:
                continue
            score1 = 1.0 * strength1 * fresh1
            first_ends, first_inner = ties_of(first)
            for end, tie2, strength2, fresh2 in first_ends:
                _offer(best, (start, first, end), (tie1, tie2), score1 * strength2 * fresh2)
            if max_hops < 3:
                continue
            for second, tie2, strength2, fresh2 in first_inner:
                if to_end[second] == 1 and second != first:
                    reach.setdefault(second, []).append((score1 * strength2 * fresh2, first, tie1, tie2))
        for second, prefixes in reach.items():
            # Of equal prefixes the smallest first person wins whatever follows; nearly equal ones all stay.
            kept: dict[float, tuple[float, str, Tie, Tie]] = {}
            top = max(prefix[0] for prefix in prefixes)
            for prefix in prefixes:
                if prefix[0] >= top * (1 - NEAR) and (prefix[0] not in kept or prefix[1] < kept[prefix[0]][1]):
                    kept[prefix[0]] = prefix
            for end, tie3, strength3, fresh3 in ties_of(second)[0]:
                for score2, first, tie1, tie2 in kept.values():
                    _offer(best, (start, first, second, end), (tie1, tie2, tie3), score2 * strength3 * fresh3)
    return best


def _walked_paths(graph: Mapping[str, Mapping[str, Tie]], start_set: set[str], end_set: set[str],
                  weight: Mapping[str, float], max_hops: int) -> dict[tuple[str, str], Path]:
    """:func:`strongest_paths` for any number of hops: every simple path, walked from each start."""
    best: dict[tuple[str, str], Path] = {}
    # A lower bound of the hops from each person to an end (breadth first from the ends, ignoring who may be inside
    # a path): a walk that cannot reach an end within max_hops stops early. Each person's ties are split once (on
    # first visit) into those to an end and those to a possible inner person, sorted, with their strength. Neither
    # changes which paths are offered, so the answer is that of the plain walk over every tie.
    to_end = _hops_to_ends(graph, end_set, max_hops)
    never = FRESHNESS_WEIGHT["never"]
    Step = tuple[str, Tie, float, float]  # the person reached, the tie, its strength, the person's freshness weight
    split: dict[str, tuple[list[Step], list[Step]]] = {}

    def ties_of(here: str) -> tuple[list[Step], list[Step]]:
        if here not in split:
            to_ends: list[Step] = []
            inner: list[Step] = []
            for other, tie in sorted(graph.get(here, {}).items()):
                if other in start_set or other not in to_end:
                    continue
                (to_ends if other in end_set else inner).append((other, tie, tie.strength, weight.get(other, never)))
            split[here] = (to_ends, inner)
        return split[here]

    def walk(people: tuple[str, ...], ties: tuple[Tie, ...], score: float) -> None:
        hops = len(ties) + 1  # of the path to the next person
        to_ends, inner = ties_of(people[-1])
        for other, tie, strength, fresh in to_ends:
            _offer(best, (*people, other), (*ties, tie), score * strength * fresh)
        for other, tie, strength, fresh in inner:
            if hops + to_end[other] <= max_hops and other not in people:
                walk((*people, other), (*ties, tie), score * strength * fresh)

    for start in sorted(start_set):
        if start in end_set:
            _offer(best, (start,), (), 1.0)
        walk((start,), (), 1.0)
    return best


def rank(paths: Iterable[Path], ends: Mapping[str, End], names: Mapping[str, str]) -> list[Path]:
    """Strongest first, then fewer hops, the place's preference, the end's name, the team member's name."""
    return sorted(paths, key=lambda path: (-round(path.score, 9), path.hops, PLACES.index(ends[path.people[-1]].place),
                                           names.get(path.people[-1], ""), names.get(path.people[0], ""),
                                           path.people))


def explanation(path: Path, people: Mapping[str, Mapping[str, Any]], end: End,
                expertise: str) -> list[dict[str, Any]]:
    """The path as one sentence: message templates with their fields (translated and joined by the faces)."""

    def shown(pid: str) -> str:
        person = people[pid]
        return f"{person['name']} ({person['organisation']})" if person.get("organisation") else str(person["name"])

    first_name = str(people[path.people[0]]["name"])
    if not path.ties:
        return [{"template": SELF, "fields": {"a": first_name, "expertise": expertise}}]
    parts = []
    for hop, tie in enumerate(path.ties):
        kind = "household" if tie.kind == "households" and tie.households == 1 else tie.kind
        fields: dict[str, Any] = {"b": shown(path.people[hop + 1])}
        if kind == "households":
            fields["households"] = tie.households
        if hop == 0:
            fields["a"] = first_name
        parts.append({"template": (FIRST if hop == 0 else NEXT)[kind], "fields": fields})
    parts.append({"template": END[end.place], "fields": {"expertise": expertise, "place": end.place_name}})
    return parts


def sentence(parts: Sequence[Mapping[str, Any]], translate: Any = None) -> str:
    """The explanation's parts joined, each template translated by ``translate`` (default: as it is).

    >>> sentence([{"template": "{a} knows {b}", "fields": {"a": "Anna", "b": "Bram"}},
    ...           {"template": ", who is here.", "fields": {}}])
    'Anna knows Bram, who is here.'
    """
    return "".join((translate or str)(part["template"]).format(**part["fields"]) for part in parts)


def answer(row: Mapping[str, Any], expertise: str, on: dt.date, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """The handover answer from the row of ``advise_handover.cypher``: the ranked paths, each explained."""
    # Only the people (last_verified) and the teams may hold driver values; the ties, hundreds of rows, are plain.
    row = {**row, "people": plain(list(row["people"])), "teams": plain(list(row["teams"]))}
    people = {person["id"]: person for person in row["people"]}
    names = {pid: person["name"] for pid, person in people.items()}
    ends = {end["id"]: End(end["place"], end["place_name"]) for end in row["ends"]}
    weight = {pid: FRESHNESS_WEIGHT[freshness(person.get("last_verified"), on)] for pid, person in people.items()}
    graph = tie_graph(row["ties"])
    ranked = rank(strongest_paths(graph, row["starts"], ends, weight).values(), ends, names)[:limit]
    paths = []
    for number, path in enumerate(ranked, start=1):
        end = ends[path.people[-1]]
        parts = explanation(path, people, end, expertise)
        paths.append({
            "rank": number, "hops": path.hops, "strength": round(path.score, 4),
            "from": path.people[0], "from_name": names[path.people[0]],
            "to": path.people[-1], "to_name": names[path.people[-1]],
            "to_organisation": people[path.people[-1]].get("organisation"),
            "to_last_verified": people[path.people[-1]].get("last_verified"),
            "to_freshness": freshness(people[path.people[-1]].get("last_verified"), on),
            "place": end.place, "place_name": end.place_name,
            "people": [{"id": pid, "name": names[pid], "organisation": people[pid].get("organisation")}
                       for pid in path.people],
            "ties": [{"kind": tie.kind, "households": tie.households} for tie in path.ties],
            "explanation": parts, "sentence": sentence(parts),
        })
    return {"wijk": row["wijk"], "wijk_name": row["wijk_name"], "expertise": expertise, "on": on.isoformat(),
            "teams": row["teams"], "team_members": len(row["starts"]), "reachable": len(ends), "paths": paths}


def handover(store: Store, wijk: str, expertise: str, team: str | None = None, on: dt.date | None = None,
             limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """Read the wijk's network (``advise_handover.cypher``) and rank the paths (:func:`answer`).

    An unknown wijk or team, or a wijk without a team when no team is given, is an :class:`AnalysisError`."""
    on = on or dt.date.today()
    parameters = {"wijk": wijk, "expertise": expertise, "team": team, "on": on}

    def read(tx: ManagedTransaction) -> dict[str, Any] | None:
        # The record as it comes (Store.read's record.data() would walk its thousands of ties once more in Python
        # for nodes to convert, and it holds none).
        records = list(tx.run(load("advise_handover"), parameters))
        return dict(records[0].items()) if records else None

    row = store.in_read_transaction(read)
    if row is None:
        raise AnalysisError("Unknown wijk {wijken}: no Wijk with that code in the database.", wijken=wijk)
    if not row["teams"]:
        if team:
            raise AnalysisError("Unknown team {team}: no Team with that id in the database.", team=team)
        raise AnalysisError("No team serves wijk {wijk}; name the team to start from with team.", wijk=wijk)
    return answer(row, expertise, on, limit)
