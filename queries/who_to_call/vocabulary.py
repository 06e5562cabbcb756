"""The names of the graph the search understands (wijken, municipalities, organisations, neighbours), cached.

Read with one query (``who_to_call_vocabulary.cypher``). The counts of wijken, municipalities and organisations
(from Neo4j's count store) are checked at most every :data:`COUNT_EVERY_SECONDS`: an import that adds or removes any
of them is read again within that time. Otherwise the names are read again in the background after :data:`KEEP_SECONDS`
(at national size that takes seconds), while the searches go on with the names they have: a rename is seen within
about a minute. :func:`forget` drops the cache (the tests call it when they wipe the database).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from queries.cypher_files import load
from queries.who_to_call.understand import Place, Vocabulary
from queries.who_to_call.understand import prepare as understand_index

if TYPE_CHECKING:
    from graph.store import Store

KEEP_SECONDS = 60.0
COUNT_EVERY_SECONDS = 2.0  # the counts are asked at most this often (a round trip per search costs more than it)
_COUNTS = ("CALL () { MATCH (w:Wijk) RETURN count(w) AS wijken } "
           "CALL () { MATCH (m:Municipality) RETURN count(m) AS municipalities } "
           "CALL () { MATCH (o:Organisation) RETURN count(o) AS organisations } "
           "RETURN [wijken, municipalities, organisations] AS counts")


@dataclass(frozen=True)
class Graph:
    """The vocabulary with the lookups the engine needs: a wijk or municipality by code, the wijken of a
    municipality and of a region, the neighbours of a wijk."""

    vocabulary: Vocabulary
    wijk: dict[str, Place] = field(default_factory=dict)
    municipality: dict[str, Place] = field(default_factory=dict)
    wijken_of: dict[str, list[str]] = field(default_factory=dict)  # municipality code -> wijk codes
    neighbours: dict[str, set[str]] = field(default_factory=dict)

    def region_of(self, municipality: str) -> str | None:
        place = self.municipality.get(municipality)
        return place.region if place else None

    def municipalities_in_region(self, municipality: str) -> list[str]:
        """The municipality and every municipality with the same region, sorted."""
        region = self.region_of(municipality)
        found = {municipality} | ({code for code, place in self.municipality.items() if place.region == region}
                                  if region else set())
        return sorted(found)


def build(wijken: list[dict], municipalities: list[dict], organisations: list[dict], pairs: list[list[str]]) -> Graph:
    regions = {row["code"]: row.get("region") for row in municipalities}
    wijk_places = tuple(Place(row["code"], row["name"], row.get("municipality") or "", row.get("region"))
                        for row in sorted(wijken, key=lambda row: row["code"]))
    municipality_places = tuple(Place(row["code"], row["name"], row["code"], regions.get(row["code"]))
                                for row in sorted(municipalities, key=lambda row: row["code"]))
    vocabulary = Vocabulary(wijk_places, municipality_places,
                            tuple(sorted((row["id"], row["name"]) for row in organisations if row.get("name"))))
    wijken_of: dict[str, list[str]] = defaultdict(list)
    for place in wijk_places:
        wijken_of[place.municipality].append(place.code)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for one, other in pairs:
        neighbours[one].add(other)
        neighbours[other].add(one)
    return Graph(vocabulary, {place.code: place for place in wijk_places},
                 {place.code: place for place in municipality_places}, dict(wijken_of), dict(neighbours))


_lock = threading.Lock()
_cached: dict[int, tuple[float, list[int], Graph, Store]] = {}
_refreshing: set[int] = set()
_checked: dict[int, float] = {}  # when the counts were last asked, per store


def read_names(store: Store) -> Graph:
    row = store.read(load("who_to_call_vocabulary"))[0]
    graph = build(row["wijken"], row["municipalities"], row["organisations"], row["neighbours"])
    understand_index(graph.vocabulary)  # the name lookups, built here rather than in the first search
    return graph


def graph_names(store: Store) -> Graph:
    """The vocabulary of ``store``'s graph: from the cache while the counts agree; read again at once when they do
    not, and in the background when it is older than :data:`KEEP_SECONDS`."""
    now = time.monotonic()
    with _lock:
        entry = _cached.get(id(store))
        checked = _checked.get(id(store), 0.0)
    if entry and entry[3] is store and now - checked < COUNT_EVERY_SECONDS:
        return entry[2]
    counts = store.read(_COUNTS)[0]["counts"]
    with _lock:
        _checked[id(store)] = now
        if entry and entry[3] is store and entry[1] == counts:
            if now - entry[0] >= KEEP_SECONDS and id(store) not in _refreshing:
                _refreshing.add(id(store))
                threading.Thread(target=_refresh, args=(store, counts), name="wijkgraph-search-names",
                                 daemon=True).start()
            return entry[2]
    graph = read_names(store)
    with _lock:
        _cached[id(store)] = (now, counts, graph, store)
    return graph


def _refresh(store: Store, counts: list[int]) -> None:
    try:
        began = time.monotonic()
        graph = read_names(store)
        with _lock:
            if id(store) in _cached:  # not forgotten meanwhile
                _cached[id(store)] = (began, counts, graph, store)
    except Exception:  # the next search reads the names itself when the counts change
        pass
    finally:
        with _lock:
            _refreshing.discard(id(store))


def forget() -> None:
    """Drop the cached vocabulary of every store."""
    with _lock:
        _cached.clear()
        _checked.clear()
