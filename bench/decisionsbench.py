"""Benchmark of issue 17's decisions at scale: per-wijk latency of the new analyses (``dual_roles``, ``freshness``,
``missing_expertise`` with its ``thin`` level), the warm handover per wijk, and the placement advisor per
municipality, each against its target (per wijk p95 < 50 ms; the advisor for one municipality p95 < 2 s).

``python -m bench decisions --scale national`` loads the scale first (as ``analyses`` does); ``--no-import`` times
what the database of NEO4J_URI already holds. Its table goes between the markers of :data:`MARKERS` in BENCHMARKS.md
(bench/sections.py: the rest of the file is left as it is); ``python -m bench all`` writes it with the other tables
in its own section.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from bench import sections
from bench.common import Table, percentile
from graph.model import DEFAULT_REQUIRED_EXPERTISE
from graph.store import Store
from queries.advise.handover import handover
from queries.advise.placement import MAX_EXACT_CANDIDATES, placement
from queries.analyses import ANALYSES

PER_WIJK_ANALYSES = ("dual_roles", "freshness", "missing_expertise")
# Target p95 per row (milliseconds); the smoke test lowers one to see the "met" cell say NO.
TARGETS_MS = {"dual_roles": 50.0, "freshness": 50.0, "missing_expertise": 50.0, "handover": 50.0,
              "placement": 2000.0, "placement_exact": 2000.0}
PLACEMENT_EXPERTISE = "LVB"
PLACEMENT_COUNT = 2
FLOOR_CALLS = 50  # one round trip (`RETURN 1`) this many times before and after: what the machine allows now
WARM_UP = 20  # calls before the timed ones (per-wijk rows); 5 for the advisor
# Weakest coverage first: the handover is asked for the expertise a wijk lacks most.
COVERAGE_ORDER = ("missing", "thin", "fly_in", "in_network", "in_team")
MARKERS = sections.markers("decisions")


def sample_wijken_with_team(store: Store, count: int, seed: int = 6) -> tuple[list[str], list[str]]:
    """``count`` random wijken (the seed of the per-wijk analyses) and, of those, the ones a team serves (the
    handover starts from a team)."""
    rows = store.read("MATCH (w:Wijk) RETURN w.code AS code, EXISTS { (w)<-[:SERVES]-(:Team) } AS served")
    served = {row["code"] for row in rows if row["served"]}
    codes = sorted(row["code"] for row in rows)
    sample = random.Random(seed).sample(codes, min(count, len(codes)))
    return sample, [code for code in sample if code in served]


def sample_municipalities(store: Store, count: int, seed: int = 6) -> list[str]:
    codes = sorted(row["code"] for row in store.read(
        "MATCH (m:Municipality) WHERE EXISTS { (m)<-[:IN_MUNICIPALITY]-(:Wijk) } RETURN m.code AS code"))
    return random.Random(seed).sample(codes, min(count, len(codes)))


def weakest_expertise(store: Store, wijken: list[str], on: dt.date) -> dict[str, tuple[str, str]]:
    """Per wijk the required expertise it lacks most (missing, then thin, ...; ties: the higher demand, then the
    code) and its coverage, from the missing_expertise analysis."""
    best: dict[str, tuple[tuple[int, int, str], str, str]] = {}
    for row in ANALYSES["missing_expertise"].run(store, wijk=wijken, on=on, expertise=list(DEFAULT_REQUIRED_EXPERTISE)):
        key = (COVERAGE_ORDER.index(row["coverage"]), -int(row["demand"] or 0), row["expertise"])
        if row["wijk"] not in best or key < best[row["wijk"]][0]:
            best[row["wijk"]] = (key, row["expertise"], row["coverage"])
    return {wijk: (expertise, coverage) for wijk, (_, expertise, coverage) in best.items()}


def timed(calls: list[Callable[[], Any]], warm_up: int) -> tuple[list[float], list[Any]]:
    """Milliseconds of each call (after ``warm_up`` untimed calls of the first ones) and what each returned."""
    for call in calls[:warm_up]:
        call()
    samples, answers = [], []
    for call in calls:
        began = time.perf_counter()
        answers.append(call())
        samples.append((time.perf_counter() - began) * 1000)
    return samples, answers


def met(p95: float, target: float) -> str:
    return "yes" if p95 < target else f"NO ({p95 / target:.1f}x over)"


def measure(store: Store, wijk_count: int, municipality_count: int, on: dt.date) -> dict[str, dict[str, Any]]:
    """Per row: the samples (ms), how many calls answered something, and what was asked."""
    wijken, served = sample_wijken_with_team(store, wijk_count)
    rows: dict[str, dict[str, Any]] = {}
    floor, _ = timed([partial(store.read, "RETURN 1")] * FLOOR_CALLS, 5)
    for name in PER_WIJK_ANALYSES:
        samples, answers = timed([partial(ANALYSES[name].run, store, wijk=w, on=on) for w in wijken], WARM_UP)
        rows[name] = {"samples": samples, "answered": sum(1 for a in answers if a), "asked": "per wijk"}
    weakest = weakest_expertise(store, served, on)
    asked = [(w, *weakest[w]) for w in served if w in weakest]
    samples, answers = timed([partial(handover, store, w, x, None, on) for w, x, _ in asked], WARM_UP)
    levels: dict[str, int] = {}
    for _, _, coverage in asked:
        levels[coverage] = levels.get(coverage, 0) + 1
    rows["handover"] = {"samples": samples, "answered": sum(1 for a in answers if a["paths"]),
                        "asked": ", ".join(f"{n} {level}" for level, n in sorted(
                            levels.items(), key=lambda item: COVERAGE_ORDER.index(item[0]))),
                        "paths": sum(len(a["paths"]) for a in answers),
                        "without_team": len(wijken) - len(served)}
    municipalities = sample_municipalities(store, municipality_count)
    sizes = {row["m"]: row["n"] for row in store.read(
        "MATCH (m:Municipality)<-[:IN_MUNICIPALITY]-(w:Wijk) WHERE m.code IN $codes RETURN m.code AS m, "
        "count(w) AS n", {"codes": municipalities})}
    for name, exact in (("placement", False), ("placement_exact", True)):
        chosen = [m for m in municipalities if not exact or sizes[m] <= MAX_EXACT_CANDIDATES]
        samples, answers = timed([partial(placement, store, PLACEMENT_EXPERTISE, PLACEMENT_COUNT, [m], on,
                                           with_exact=exact) for m in chosen], 5)
        rows[name] = {"samples": samples, "answered": sum(1 for a in answers if a[0]["steps"]),
                      "asked": "per municipality", "wijken": [sizes[m] for m in chosen]}
    after, _ = timed([partial(store.read, "RETURN 1")] * FLOOR_CALLS, 0)
    rows["floor"] = {"samples": floor + after, "answered": FLOOR_CALLS * 2, "asked": "RETURN 1"}
    return rows


LABELS = {
    "dual_roles": "dual_roles (dubbele petten), one wijk",
    "freshness": "freshness, one wijk",
    "missing_expertise": "missing_expertise (with thin), one wijk",
    "handover": "warm handover, one wijk, its weakest required expertise, from its teams",
    "placement": f"placement advisor (greedy), one municipality, {PLACEMENT_EXPERTISE}, count {PLACEMENT_COUNT}",
    "placement_exact": f"placement advisor with the exact optimum (HiGHS), one municipality of at most "
                       f"{MAX_EXACT_CANDIDATES} wijken",
}


FLOOR_LABEL = "(floor) one round trip, `RETURN 1`, before and after"


def benchmark(store: Store, scale: str, wijk_count: int = 200, municipality_count: int = 30,
              on: dt.date | None = None) -> tuple[Table, dict[str, Any]]:
    on = on or dt.date.today()
    rows = measure(store, wijk_count, municipality_count, on)
    table = Table(f"Decisions (issue 17) at scale {scale}: per wijk and per municipality, warm, on={on}",
                  ["what", "calls", "answered", "p50 (ms)", "p95 (ms)", "max (ms)", "target p95", "met"])
    result: dict[str, Any] = {"on": on.isoformat(), "rows": {}}
    for name, row in rows.items():
        samples = row["samples"]
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        target = TARGETS_MS.get(name)
        if target is None:  # the floor
            table.add(FLOOR_LABEL, len(samples), "", p50, p95, max(samples), "", "")
            result["rows"][name] = {"calls": len(samples), "p50": p50, "p95": p95, "max": max(samples)}
            continue
        table.add(LABELS[name], len(samples), row["answered"], p50, p95, max(samples, default=float("nan")),
                  f"< {target / 1000:g} s" if target >= 1000 else f"< {target:g} ms",
                  met(p95, target) if samples else "NO (nothing timed)")
        result["rows"][name] = {**{k: v for k, v in row.items() if k != "samples"}, "calls": len(samples),
                                "p50": p50, "p95": p95, "max": max(samples, default=None), "target_ms": target,
                                "met": bool(samples) and p95 < target, "samples": samples}
    hand = rows["handover"]
    table.notes.append(
        f"Per-wijk rows: the same {wijk_count} random wijken (seed 6) as the per-wijk analyses, "
        f"{WARM_UP} untimed calls first; through the analysis registry as the CLI and API run them. The handover "
        f"is asked in the wijken a team serves ({hand['without_team']} sampled wijken have none), for the required "
        f"expertise ({', '.join(DEFAULT_REQUIRED_EXPERTISE)}) that each lacks most ({hand['asked']}), with paths of "
        f"at most three hops from the members of its teams; {hand['paths']} paths in all.")
    table.notes.append(
        f"Advisor rows: {municipality_count} random municipalities (seed 6), 5 untimed calls first; "
        f"queries.advise.placement.placement for one municipality ({PLACEMENT_EXPERTISE}, count {PLACEMENT_COUNT}): "
        "the neighbours read, missing_expertise for its wijken, the greedy steps (and the integer programme). "
        f"Wijken per municipality timed: {min(rows['placement']['wijken'], default=0)}-"
        f"{max(rows['placement']['wijken'], default=0)}.")
    return table, result

