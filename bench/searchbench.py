"""Benchmark: the contact search ("Wie bel ik?") per query, as a team member types it, at a scale.

``python -m bench search --scale national`` imports the generated kaart only (no households: the search reads the
sociale kaart), then times everyday searches of a professional whose own wijk is a random wijk: an expertise in
the wijk (with and without filler words), a function in the wijk, a word form of an expertise, an organisation
with a typo, a person's name, free text. Each kind runs over ``--queries`` random wijken after a warm-up; the
table gives p50, p95 and max per kind and over all queries, against the target p95 < 50 ms.

A search that answers nothing (no row, no route, no "none in the region") is a failed search: :func:`benchmark` raises
:class:`EmptyAnswers` when any kind answers nothing for every wijk, so a benchmark of empty answers cannot pass.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import Table, median, percentile
from graph.store import Store
from queries.who_to_call import Search, search

TARGET_P95_MS = 50.0
WARM_UP = 20


class EmptyAnswers(RuntimeError):
    """Every search of a kind answered nothing: the timings would be of empty answers."""


def _typo(name: str) -> str:
    """One letter dropped from the first long word: ``Parnassia`` becomes ``Parnasia``."""
    words = name.split()
    for number, word in enumerate(words):
        if len(word) >= 6:
            words[number] = word[:len(word) // 2] + word[len(word) // 2 + 1:]
            return " ".join(words)
    return name


KINDS: dict[str, Callable[[dict[str, Any]], str]] = {
    "expertise in the wijk": lambda s: f"GGZ in {s['wijk_name']}",
    "expertise, no filler (LVB)": lambda s: f"LVB {s['wijk_name']}",
    "function in the wijk (sentence)": lambda s: f"wie is de wijkagent in {s['wijk_name']}",
    "word form of an expertise": lambda s: f"schuldhulpverlening {s['wijk_name']}",
    "organisation with a typo": lambda s: _typo(s["organisation"]),
    "a person's name": lambda s: s["person"],
    "free text in my wijk": lambda s: "huisartsen",
}


def samples(store: Store, count: int, seed: int = 14) -> list[dict[str, Any]]:
    """``count`` random wijken, each with its name, an organisation and a person working in it."""
    rows = store.read(
        "MATCH (w:Wijk)<-[:WORKS_IN]-(p:Professional)-[:EMPLOYED_BY]->(o:Organisation) "
        "WITH w, collect(p.name)[0] AS person, collect(o.name)[0] AS organisation "
        "RETURN w.code AS wijk, w.name AS wijk_name, person, organisation ORDER BY wijk")
    return random.Random(seed).sample(rows, min(count, len(rows)))


def answered(answer: Any) -> bool:
    """Contacts or routes found, or the plain statement that nobody in the region offers the expertise."""
    return bool(answer.rows or answer.routes) or bool(answer.statement and answer.statement.code == "none_in_region")


def time_searches(store: Store, picked: list[dict[str, Any]], on: dt.date) -> dict[str, dict[str, Any]]:
    """Per kind: milliseconds per search and how many answered something."""
    results: dict[str, dict[str, Any]] = {}
    for kind, text_of in KINDS.items():
        for sample in picked[:WARM_UP]:
            search(store, Search(text=text_of(sample), user_wijken=(sample["wijk"],), on=on))
        times, answers, rows = [], 0, 0
        for sample in picked:
            began = time.perf_counter()
            answer = search(store, Search(text=text_of(sample), user_wijken=(sample["wijk"],), on=on))
            times.append((time.perf_counter() - began) * 1000)
            answers += answered(answer)
            rows += len(answer.rows) + len(answer.routes)
        results[kind] = {"ms": times, "answered": answers, "rows": rows}
    return results


def round_trips(store: Store, count: int) -> list[float]:
    """Milliseconds of ``RETURN 1``: what one round trip to Neo4j costs on this machine now (the floor)."""
    times = []
    for _ in range(count):
        began = time.perf_counter()
        store.read("RETURN 1 AS one")
        times.append((time.perf_counter() - began) * 1000)
    return times


def benchmark(store: Store, scale: str, count: int, on: dt.date | None = None) -> tuple[Table, dict[str, Any]]:
    on = on or dt.date.today()
    picked = samples(store, count)
    if not picked:
        raise EmptyAnswers("no wijk with a professional to search in: was the kaart imported?")
    floor_before = round_trips(store, count)
    results = time_searches(store, picked, on)
    floor = floor_before + round_trips(store, count)
    empty = [kind for kind, result in results.items() if not result["answered"]]
    if empty:
        raise EmptyAnswers(f"these searches answered nothing for every wijk: {', '.join(empty)}")
    table = Table(f"Contact search at scale {scale}: {len(picked)} random wijken per kind, warm, on={on}",
                  ["search (example)", "p50 (ms)", "p95 (ms)", "max (ms)", "answered", "rows + routes",
                   "target p95", "met"])
    every: list[float] = []
    for kind, result in results.items():
        every += result["ms"]
        p95 = percentile(result["ms"], 0.95)
        example = KINDS[kind](picked[0])
        table.add(f"{kind}: `{example}`", median(result["ms"]), p95, max(result["ms"]),
                  f"{result['answered']}/{len(picked)}", result["rows"], f"< {TARGET_P95_MS:.0f} ms",
                  "yes" if p95 < TARGET_P95_MS else "no")
    p95 = percentile(every, 0.95)
    table.add("all searches", median(every), p95, max(every), "", "", f"< {TARGET_P95_MS:.0f} ms",
              "yes" if p95 < TARGET_P95_MS else "no")
    table.add("(floor) one round trip, `RETURN 1`, before and after", median(floor), percentile(floor, 0.95),
              max(floor), "", "", "", "")
    table.notes.append("Each search as a professional whose own wijk is the sampled wijk (Search.user_wijken), "
                       "through queries.who_to_call.search: parse, the cached vocabulary check, the candidates "
                       "query, grouping and ranking, and the routes query when nobody has the expertise.")
    return table, {"scale": scale, "wijken": len(picked),
                   "kinds": {kind: {"p50": median(r["ms"]), "p95": percentile(r["ms"], 0.95),
                                    "answered": r["answered"]} for kind, r in results.items()},
                   "p95": p95, "floor_p50": median(floor), "floor_p95": percentile(floor, 0.95)}


def load_kaart(store: Store, folder: Path) -> float:
    """Import the generated kaart of ``folder``; seconds taken."""
    from importers.kaart import import_kaart

    began = time.perf_counter()
    import_kaart(store, folder / "kaart")
    return time.perf_counter() - began
