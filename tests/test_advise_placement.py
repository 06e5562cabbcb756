"""The placement advisor (queries/advise/placement.py): hand-made instances with known optima (one where greedy is
strictly worse than the optimum and still within 1 - 1/e), the exact programme equal to brute force on small random
instances, the inputs read from Neo4j, and the planted placement choice of the demo."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.store import Store
from queries.advise.placement import (
    GREEDY_BOUND,
    MAX_EXACT_CANDIDATES,
    Instance,
    Step,
    advise,
    exact,
    greedy,
    placement,
)
from queries.params import AnalysisError
from tests.analyses_world import ON, World
from tests.demo_world import Demo, load_demo


def brute_force(instance: Instance, count: int) -> float:
    return max((instance.value(list(chosen)) for size in range(count + 1)
                for chosen in itertools.combinations(instance.candidates, size)), default=0.0)


# A star: M borders A and B, which do not border each other. Greedy takes M first (it reaches everything at
# half), then one side; the optimum takes both sides.
STAR = Instance({"A": 4, "B": 4, "M": 1}, {"M": frozenset({"A", "B"})}, 0.5)


def test_greedy_is_strictly_worse_than_the_optimum_and_within_the_bound() -> None:
    assert greedy(STAR, 2) == [Step("M", 5.0, 5.0), Step("A", 2.0, 7.0)]
    assert exact(STAR, 2) == (["A", "B"], 8.5)
    assert brute_force(STAR, 2) == 8.5
    greedy_value, optimum = 7.0, 8.5
    assert GREEDY_BOUND * optimum <= greedy_value < optimum


@pytest.mark.parametrize(("instance", "count", "chosen", "value"), [
    (Instance({"A": 3}), 1, ["A"], 3.0),  # one wijk: its own unmet demand
    (Instance({"A": 3, "B": 5, "C": 1}, discount=0.0), 2, ["A", "B"], 8.0),  # no neighbours: the two largest
    # A line A-B-C with full neighbour credit: one placement in B covers all.
    (Instance({"A": 2, "B": 1, "C": 2}, {"B": frozenset({"A", "C"})}, 1.0), 1, ["B"], 5.0),
    # With half credit the ends win: A covers 2 + 0.5, B covers 1 + 2, but A and C together 4 + 0.5.
    (Instance({"A": 2, "B": 1, "C": 2}, {"B": frozenset({"A", "C"})}, 0.5), 2, ["A", "C"], 4.5),
    (Instance({"A": 0, "B": 0}), 2, [], 0.0),  # nothing unmet: nothing placed
])
def test_known_optima(instance: Instance, count: int, chosen: list[str], value: float) -> None:
    assert exact(instance, count) == (chosen, value)
    assert brute_force(instance, count) == value


def test_greedy_stops_when_nothing_is_left_to_cover() -> None:
    line = Instance({"A": 2, "B": 1, "C": 2}, {"B": frozenset({"A", "C"})}, 1.0)
    assert greedy(line, 3) == [Step("B", 5.0, 5.0)]


@st.composite
def instances(draw: st.DrawFn) -> tuple[Instance, int]:
    n = draw(st.integers(1, 7))
    codes = [f"W{i}" for i in range(n)]
    weights = {code: draw(st.integers(0, 8)) / 2 for code in codes}
    pairs = [pair for pair in itertools.combinations(codes, 2) if draw(st.booleans())]
    neighbours = {code: frozenset(b for a, b in pairs if a == code) for code in codes}
    discount = draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]))
    return Instance(weights, neighbours, discount), draw(st.integers(1, 4))


@settings(max_examples=150, deadline=None)
@given(instances())
def test_exact_equals_brute_force_and_greedy_keeps_its_bound(case: tuple[Instance, int]) -> None:
    instance, count = case
    chosen, value = exact(instance, count)
    best = brute_force(instance, count)
    assert value == pytest.approx(best) and len(chosen) <= count
    assert instance.value(chosen) == pytest.approx(value)
    steps = greedy(instance, count)
    found = steps[-1].covered if steps else 0.0
    assert GREEDY_BOUND * best - 1e-9 <= found <= best + 1e-9
    assert [step.gain for step in steps] == sorted((step.gain for step in steps), reverse=True)  # submodular


def test_exact_is_refused_above_its_size_and_bad_input_is_refused() -> None:
    big = [{"code": f"W{i:03d}", "name": f"W{i}", "neighbours": [], "coverage": "missing", "demand": 1}
           for i in range(MAX_EXACT_CANDIDATES + 1)]
    with pytest.raises(AnalysisError, match=f"at most {MAX_EXACT_CANDIDATES} wijken"):
        advise(big, 2, with_exact=True)
    assert len(advise(big, 2)["steps"]) == 2  # greedy still answers
    with pytest.raises(AnalysisError, match="count must be between 1 and"):
        advise(big, 0)
    with pytest.raises(AnalysisError, match="discount must be between 0 and 1"):
        Instance({"A": 1}, discount=1.5)


# --- From Neo4j: coverage and demand as missing_expertise counts them ---------------------------------------


def build(store: Store) -> None:
    world = World(store)
    world.nodes("Municipality", {"code": "GM1", "name": "Gemeente"}, {"code": "GM2", "name": "Elders"})
    for code in ("WK1", "WK2", "WK3"):
        world.wijk(code, "GM1")
    world.wijk("WK9", "GM2")
    world.rels("wijk_neighbour", {"start": "WK1", "end": "WK2"}, {"start": "WK2", "end": "WK3"},
               {"start": "WK3", "end": "WK9"})  # WK9 is in another municipality: not a neighbour here
    world.team("T2", "WK2").organisation("O-MEE", "lvb", "MEE")
    world.agreement("A1", "T2", "O-MEE", "LVB")  # WK2: LVB by fly-in, counts half
    world.team("T3", "WK3").professional("P3", "Lia", expertise=["LVB"]).member("P3", "T3")  # WK3: in the team
    for i, wijk in enumerate(["WK1", "WK2", "WK2", "WK2", "WK2", "WK3", "WK3", "WK9"]):
        world.household(f"H{i}", wijk).needs(f"H{i}", "LVB")


def test_the_inputs_come_from_the_graph(store: Store) -> None:
    build(store)
    [answer] = placement(store, "LVB", 1, ["GM1"], ON, with_exact=True)
    assert [(w["wijk"], w["coverage"], w["demand"], w["unmet"], w["neighbours"]) for w in answer["wijken"]] == [
        ("WK1", "missing", 1, 1.0, ["WK2"]), ("WK2", "fly_in", 4, 2.0, ["WK1", "WK3"]),
        ("WK3", "in_team", 2, 0.0, ["WK2"])]
    assert answer["steps"] == [{"step": 1, "wijk": "WK2", "wijk_name": "Wijk WK2", "gain": 2.5, "covered": 2.5}]
    assert answer["exact"] == {"wijken": ["WK2"], "wijk_names": ["Wijk WK2"], "value": 2.5, "bound": 1.5803,
                               "ratio": 1.0}
    assert (answer["unmet_total"], answer["candidates"]) == (3.0, 3)
    assert "H1" not in json.dumps(answer)  # counts only, never a household
    with pytest.raises(AnalysisError, match="Unknown municipality GM7"):
        placement(store, "LVB", 1, ["GM7"], ON)
    assert [a["municipality"] for a in placement(store, "LVB", 1, None, ON)] == ["GM1", "GM2"]


# --- The demo: the planted placement choice -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    yield from load_demo(session_store, tmp_path_factory)


def test_the_planted_placement_choice_of_the_demo(demo: Demo) -> None:
    [case] = demo.planted("placement_choice")
    [answer] = placement(demo.store, case["expertise"], case["count"], [case["municipality"]], demo.on,
                         case["neighbour_discount"], with_exact=True)
    assert answer["exact"]["wijken"] == case["wijken"]
    assert answer["exact"]["value"] == pytest.approx(case["covered"])
    assert [step["wijk"] for step in answer["steps"]] == case["greedy"]
    # The seeds' example: Den Haag's one MEE consultant counts as LVB fly-in everywhere, so half of every wijk's
    # LVB demand is open; one more LVB expert goes to Morgenstond, which borders three wijken with LVB demand.
    assert (case["municipality"], case["expertise"], case["count"], case["wijken"]) == (
        "GM0518", "LVB", 1, ["WK051821"])
    assert case["covered"] == 2.25


def test_the_page_is_for_coordinators_of_their_municipality_analysts_and_admins(store: Store) -> None:
    from api.auth import add_user
    from tests.web_support import client_for

    build(store)
    query = {"expertise": "LVB", "count": "1", "on": ON.isoformat(), "exact": "1"}
    professional = client_for(store, add_user(store, "prof", "professional", wijken=["WK1"]))
    assert professional.get("/advise/placement.json", params=query).status_code == 403
    coordinator = client_for(store, add_user(store, "coord", "coordinator", wijken=["WK1"]))
    mine = coordinator.get("/advise/placement.json", params=query)
    assert mine.status_code == 200, mine.text
    assert [(a["municipality"], a["exact"]["wijken"]) for a in mine.json()["items"]] == [("GM1", ["WK2"])]
    assert coordinator.get("/advise/placement.json", params={**query, "municipality": "GM2"}).status_code == 403
    analyst = client_for(store, add_user(store, "ana", "analyst"))
    assert [a["municipality"] for a in analyst.get("/advise/placement.json", params=query).json()["items"]] == [
        "GM1", "GM2"]
    table = analyst.get("/advise/placement.csv", params={**query, "municipality": "GM1"}).text.splitlines()
    assert table == ["municipality,expertise,step,wijk,wijk_name,gain,covered", "GM1,LVB,1,WK2,Wijk WK2,2.5,2.5"]
    page = analyst.get("/advise/placement", params={**query, "municipality": "GM1"})
    assert page.status_code == 200 and "Plaatsingsadvies" in page.text and "Wijk WK2" in page.text
    bad = analyst.get("/advise/placement.json", params={**query, "neighbour_discount": "2"})
    assert bad.status_code == 400
