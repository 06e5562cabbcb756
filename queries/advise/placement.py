"""The placement advisor: where should one or more scarce experts (or werkafspraken) go to cover the most unmet
demand for an expertise in a municipality?

The model (weighted maximum coverage with partial coverage; a facility-location objective)
------------------------------------------------------------------------------------------
* Candidates and demand points are the wijken of one municipality. Neighbours (``NEIGHBOURS``) count only inside
  the municipality: an expert of the municipality is placed for its own residents.
* The **unmet demand** of wijk v is ``u_v = d_v * g_v``: ``d_v`` is the demand as the missing_expertise analysis
  counts it (households in v whose active needs or latest ZRM scores call for the expertise) and ``g_v`` how much
  of it the current coverage leaves open: ``missing`` 1, ``fly_in`` and ``thin`` 0.5 (reachable only by invliegen
  or with too little capacity: half met, a documented choice), ``in_network`` and ``in_team`` 0.
* Placing one expert (or agreement) in wijk s covers demand point v at ``a(s, v)``: 1 when v = s, the
  ``neighbour_discount`` δ (default 0.5) when v neighbours s, else 0. A wijk is covered at its best placement:
  ``f(S) = Σ_v u_v · max_{s ∈ S} a(s, v)`` (0 for S empty). At most ``count`` wijken are chosen, each at most once
  (a second expert in one wijk adds nothing in this model).

``f`` is monotone and submodular (it is a facility-location function, a sum of maxima of non-negative weights:
Cornuéjols, Fisher & Nemhauser 1977, "Location of bank accounts to optimize float", Management Science 23(8)).
So the **greedy** choice, which adds the wijk with the largest marginal gain ``f(S + s) - f(S)`` each step, reaches
at least ``(1 - 1/e) ≈ 0.632`` of the optimum (Nemhauser, Wolsey & Fisher 1978, "An analysis of approximations for
maximizing submodular set functions I", Mathematical Programming 14, 265-294); for plain weighted maximum
coverage see also Khuller, Moss & Naor 1999, "The budgeted maximum coverage problem", IPL 70(1). Greedy breaks
ties by the lowest wijk code and stops when no wijk adds anything.

The **exact** optimum is the integer programme (the facility-location formulation):

    maximise   Σ_v Σ_s u_v a(s, v) y_vs
    subject to Σ_s y_vs <= 1 for every v;  y_vs <= x_s;  Σ_s x_s <= count;  x_s ∈ {0, 1};  0 <= y_vs <= 1

solved with HiGHS through ``scipy.optimize.milp`` (for fixed x the best y is integral, so y may stay continuous).
It is offered up to :data:`MAX_EXACT_CANDIDATES` wijken; above that :func:`exact` refuses with an
:class:`~queries.params.AnalysisError`. Wijken the solver chose that add nothing are left out.

The answer holds wijken, counts of households and weights only: no household-level data, so running the advisor
writes no audit entry.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from queries.cypher_files import load
from queries.params import AnalysisError

if TYPE_CHECKING:
    from graph.store import Store

GAP_WEIGHT = {"missing": 1.0, "fly_in": 0.5, "thin": 0.5, "in_network": 0.0, "in_team": 0.0}
DEFAULT_DISCOUNT = 0.5
MAX_EXACT_CANDIDATES = 60  # wijken; the exact programme is offered up to this many candidates
MAX_COUNT = 50  # experts placed in one answer
GREEDY_BOUND = 1 - 1 / math.e


@dataclass(frozen=True)
class Instance:
    """A placement problem: unmet demand per wijk and the neighbour pairs (both directions need not be given)."""

    weights: Mapping[str, float]  # u_v per wijk code: every candidate and demand point
    neighbours: Mapping[str, frozenset[str]] = field(default_factory=dict)
    discount: float = DEFAULT_DISCOUNT

    def __post_init__(self) -> None:
        if not 0 <= self.discount <= 1:
            raise AnalysisError("The neighbour discount must be between 0 and 1, not {value}.", value=self.discount)
        symmetric: dict[str, set[str]] = {code: set() for code in self.weights}
        for code, others in self.neighbours.items():
            for other in others:
                if code in symmetric and other in symmetric and other != code:
                    symmetric[code].add(other)
                    symmetric[other].add(code)
        object.__setattr__(self, "neighbours", {code: frozenset(others) for code, others in symmetric.items()})

    @property
    def candidates(self) -> list[str]:
        return sorted(self.weights)

    def reach(self, placed: str, point: str) -> float:
        """``a(s, v)``: 1 in the wijk itself, the discount in a neighbouring wijk, else 0."""
        if placed == point:
            return 1.0
        return self.discount if point in self.neighbours[placed] else 0.0

    def value(self, chosen: Sequence[str]) -> float:
        """``f(S)``: the unmet demand that the wijken ``chosen`` cover, each wijk at its best placement."""
        return sum(weight * max((self.reach(s, v) for s in chosen), default=0.0)
                   for v, weight in self.weights.items())


@dataclass(frozen=True)
class Step:
    wijk: str
    gain: float  # the marginal gain f(S + wijk) - f(S)
    covered: float  # f after this step


def greedy(instance: Instance, count: int) -> list[Step]:
    """The greedy placement: each step the wijk with the largest marginal gain (ties: lowest code), at most
    ``count`` steps, stopping early when no wijk adds anything. Within ``1 - 1/e`` of the optimum (NWF 1978)."""
    chosen: list[str] = []
    steps: list[Step] = []
    current = 0.0
    for _ in range(min(count, len(instance.weights))):
        best, best_gain = None, 0.0
        for wijk in instance.candidates:
            if wijk in chosen:
                continue
            gain = instance.value([*chosen, wijk]) - current
            if gain > best_gain + 1e-9:
                best, best_gain = wijk, gain
        if best is None:
            break
        chosen.append(best)
        current = instance.value(chosen)
        steps.append(Step(best, best_gain, current))
    return steps


def check_exact_size(instance: Instance) -> None:
    """Refuse the exact programme for more than :data:`MAX_EXACT_CANDIDATES` candidate wijken."""
    if len(instance.weights) > MAX_EXACT_CANDIDATES:
        raise AnalysisError("The exact optimum is computed for at most {most} wijken; this municipality has {n}. "
                            "Leave out exact: the greedy answer reaches at least 63% of the optimum.",
                            most=MAX_EXACT_CANDIDATES, n=len(instance.weights))


def exact(instance: Instance, count: int) -> tuple[list[str], float]:
    """The optimal placement of at most ``count`` wijken and its value, by the integer programme above (HiGHS via
    ``scipy.optimize.milp``). Wijken that add nothing to the optimum are dropped; the wijken come sorted."""
    check_exact_size(instance)
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

    sites = instance.candidates
    pairs = [(v, s) for v in sites for s in sites if instance.weights[v] > 0 and instance.reach(s, v) > 0]
    if not pairs or count <= 0:
        return [], 0.0
    n_x, n = len(sites), len(sites) + len(pairs)
    index = {s: i for i, s in enumerate(sites)}
    objective = np.zeros(n)
    for k, (v, s) in enumerate(pairs):
        objective[n_x + k] = -instance.weights[v] * instance.reach(s, v)  # milp minimises
    rows: list[np.ndarray] = []
    upper: list[float] = []
    for v in sites:  # each demand point covered at most once
        row = np.zeros(n)
        for k, (point, _) in enumerate(pairs):
            if point == v:
                row[n_x + k] = 1
        rows.append(row)
        upper.append(1)
    for k, (_, s) in enumerate(pairs):  # y_vs <= x_s
        row = np.zeros(n)
        row[n_x + k], row[index[s]] = 1, -1
        rows.append(row)
        upper.append(0)
    row = np.zeros(n)
    row[:n_x] = 1
    rows.append(row)
    upper.append(count)
    integrality = np.concatenate([np.ones(n_x), np.zeros(len(pairs))])
    result = milp(objective, constraints=LinearConstraint(np.array(rows), -np.inf, np.array(upper)),
                  integrality=integrality, bounds=Bounds(0, 1))
    if not result.success:  # pragma: no cover - a feasible bounded programme; HiGHS failing is a bug
        raise RuntimeError(f"the placement programme was not solved: {result.message}")
    chosen = [s for s in sites if result.x[index[s]] > 0.5]
    value = instance.value(chosen)
    for s in list(chosen):  # leave out what adds nothing (the solver may pick any wijk for a free slot)
        rest = [other for other in chosen if other != s]
        if instance.value(rest) >= value - 1e-9:
            chosen = rest
    return sorted(chosen), instance.value(chosen)


# --- From the analyses' rows to an answer -----------------------------------------------------------------


def unmet(coverage: str, demand: int) -> float:
    """``u_v = d_v * g_v``.

    >>> unmet("missing", 3), unmet("fly_in", 3), unmet("in_team", 3)
    (3.0, 1.5, 0.0)
    """
    return demand * GAP_WEIGHT[coverage]


def advise(wijken: Sequence[Mapping[str, Any]], count: int, discount: float = DEFAULT_DISCOUNT,
           with_exact: bool = False) -> dict[str, Any]:
    """The advice for one municipality from its wijken (``code``, ``name``, ``neighbours``, ``coverage``,
    ``demand``): the greedy steps with their marginal gains, and the exact optimum when asked."""
    if not 1 <= count <= MAX_COUNT:
        raise AnalysisError("count must be between 1 and {most}, not {value}.", most=MAX_COUNT, value=count)
    names = {row["code"]: row["name"] for row in wijken}
    instance = Instance({row["code"]: unmet(row["coverage"], row["demand"]) for row in wijken},
                        {row["code"]: frozenset(row["neighbours"]) for row in wijken}, discount)
    if with_exact:
        check_exact_size(instance)
    steps = greedy(instance, count)
    answer: dict[str, Any] = {
        "candidates": len(instance.weights), "unmet_total": round(sum(instance.weights.values()), 4),
        "steps": [{"step": number, "wijk": step.wijk, "wijk_name": names[step.wijk], "gain": round(step.gain, 4),
                   "covered": round(step.covered, 4)} for number, step in enumerate(steps, start=1)],
        "greedy_value": round(steps[-1].covered if steps else 0.0, 4), "exact": None,
        "wijken": [{"wijk": row["code"], "wijk_name": row["name"], "coverage": row["coverage"],
                    "demand": row["demand"], "unmet": instance.weights[row["code"]],
                    "neighbours": sorted(instance.neighbours[row["code"]])} for row in wijken],
    }
    if with_exact:
        chosen, value = exact(instance, count)
        answer["exact"] = {"wijken": chosen, "wijk_names": [names[code] for code in chosen], "value": round(value, 4),
                           "bound": round(GREEDY_BOUND * value, 4),
                           "ratio": round(answer["greedy_value"] / value, 4) if value else 1.0}
    return answer


# --- Reading from Neo4j -----------------------------------------------------------------------------------


def read_municipalities(store: Store, municipalities: Sequence[str] | None, expertise: str,
                        on: dt.date) -> list[dict[str, Any]]:
    """Per municipality asked (every one when None): its wijken with neighbours, coverage and demand of
    ``expertise`` at ``on`` (coverage and demand from the missing_expertise analysis). An unknown code is an
    :class:`AnalysisError`."""
    from queries.analyses import run

    rows = store.read(load("advise_placement"), {"municipalities": list(municipalities) if municipalities else None})
    found = {row["municipality"] for row in rows}
    unknown = sorted(set(municipalities or ()) - found)
    if unknown:
        raise AnalysisError("Unknown municipality {codes}: no Municipality with that code and wijken in the "
                            "database.", codes=", ".join(unknown))
    coverage = {row["wijk"]: row for row in run(store, "missing_expertise", wijk=[row["wijk"] for row in rows],
                                                 on=on, expertise=[expertise])} if rows else {}
    by_municipality: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = by_municipality.setdefault(row["municipality"], {
            "municipality": row["municipality"], "municipality_name": row["municipality_name"], "wijken": []})
        entry["wijken"].append({"code": row["wijk"], "name": row["wijk_name"], "neighbours": row["neighbours"],
                                "coverage": coverage[row["wijk"]]["coverage"],
                                "demand": coverage[row["wijk"]]["demand"]})
    return list(by_municipality.values())


def placement(store: Store, expertise: str, count: int, municipalities: Sequence[str] | None = None,
              on: dt.date | None = None, discount: float = DEFAULT_DISCOUNT, with_exact: bool = False
              ) -> list[dict[str, Any]]:
    """The advice (:func:`advise`) for each municipality asked, one answer each, in code order."""
    on = on or dt.date.today()
    read = read_municipalities(store, municipalities, expertise, on)
    if with_exact:
        for entry in read:
            check_exact_size(Instance({row["code"]: 0.0 for row in entry["wijken"]}))
    return [{"municipality": entry["municipality"], "municipality_name": entry["municipality_name"],
             "expertise": expertise, "count": count, "neighbour_discount": discount, "on": on.isoformat(),
             **advise(entry["wijken"], count, discount, with_exact)} for entry in read]
