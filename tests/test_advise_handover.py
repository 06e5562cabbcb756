"""The warm handover (queries/advise/handover.py) on a hand-built graph with known paths of 1, 2 and 3 hops, a
4-hop path that is not found, the exact ranking and the exact Dutch sentences; and the planted path of the demo."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api import i18n
from graph.store import Store
from queries.advise.handover import FRESHNESS_WEIGHT, Tie, handover, sentence, strongest_paths, tie_graph
from queries.params import AnalysisError
from tests.analyses_world import ON, World
from tests.demo_world import Demo, load_demo

FRESH = dt.date(2025, 6, 1)
STALE = dt.date(2024, 6, 1)


def build(store: Store) -> None:
    world = World(store)
    world.nodes("Municipality", {"code": "GM1", "name": "Zoetermeer"})
    world.nodes("Wijk", {"code": "WK1", "name": "Meerzicht"}, {"code": "WK2", "name": "Oosterheem"},
                {"code": "WK3", "name": "Rokkeveen"})
    world.rels("wijk_municipality", *({"start": code, "end": "GM1"} for code in ("WK1", "WK2", "WK3")))
    world.rels("wijk_neighbour", {"start": "WK1", "end": "WK2"})
    world.organisation("O-W", "welzijn", "Welzijn").organisation("O-MEE", "lvb", "MEE")
    world.organisation("O-POL", "politie", "Politie")
    world.team("T1", "WK1").team("T2", "WK2")

    def pro(pid: str, name: str, org: str, lvb: bool = False, verified: dt.date | None = FRESH) -> None:
        world.professional(pid, name, organisation=org, expertise=["LVB"] if lvb else [], last_verified=verified)

    # The team of Meerzicht: Anna and Cees (their team tie is not a path).
    pro("P-A", "Anna", "O-W")
    pro("P-C", "Cees", "O-W")
    world.member("P-A", "T1").member("P-C", "T1")
    # 1 hop: Anna knows Bram (MEE, LVB, group B in Meerzicht).
    pro("P-B", "Bram", "O-MEE", lvb=True)
    world.works_in("P-B", "WK1", "B").knows("P-A", "P-B")
    # 1 hop by shared households: Cees and Mia help H1 and H2 together (only the number is shown).
    pro("P-M", "Mia", "O-MEE", lvb=True)
    world.works_in("P-M", "WK1", "A")
    world.household("H1", "WK1").household("H2", "WK1")
    for hid in ("H1", "H2"):
        world.involved("P-C", hid).involved("P-M", hid)
    # 2 hops: Cees knows Dirk (police), who knows Eva (MEE, LVB, group D for the municipality).
    pro("P-D", "Dirk", "O-POL")
    pro("P-E", "Eva", "O-MEE", lvb=True)
    world.works_in_municipality("P-E", "GM1").knows("P-C", "P-D").knows("P-D", "P-E")
    # 2 hops over a team tie: Anna knows Olaf, who is in the team of Oosterheem with Nina (LVB).
    pro("P-O", "Olaf", "O-W")
    pro("P-N", "Nina", "O-MEE", lvb=True)
    world.member("P-O", "T2").member("P-N", "T2").knows("P-A", "P-O")
    # 3 hops: Anna - Fleur - Gert - Hanna (LVB, works in the neighbouring wijk; details stale).
    pro("P-F", "Fleur", "O-W")
    pro("P-G", "Gert", "O-W")
    pro("P-H", "Hanna", "O-MEE", lvb=True, verified=STALE)
    world.works_in("P-H", "WK2", "B").knows("P-A", "P-F").knows("P-F", "P-G").knows("P-G", "P-H")
    # 4 hops: Cees - Ivo - Jan - Kees - Lot (LVB, in Meerzicht): too far, not found.
    for pid, name in (("P-I", "Ivo"), ("P-J", "Jan"), ("P-K", "Kees")):
        pro(pid, name, "O-POL")
    pro("P-L", "Lot", "O-MEE", lvb=True)
    world.works_in("P-L", "WK1", "A")
    world.knows("P-C", "P-I").knows("P-I", "P-J").knows("P-J", "P-K").knows("P-K", "P-L")
    # An LVB professional in a wijk that is not a neighbour: never an end.
    pro("P-Z", "Zora", "O-MEE", lvb=True)
    world.works_in("P-Z", "WK3", "A").knows("P-A", "P-Z")


EXPECTED = [  # (from, to, hops, strength, place)
    ("P-A", "P-B", 1, 0.8, "wijk"),
    ("P-C", "P-E", 2, 0.64, "municipality"),
    ("P-A", "P-N", 2, 0.48, "neighbour"),
    ("P-C", "P-M", 1, 0.4, "wijk"),
    ("P-A", "P-H", 3, 0.3072, "neighbour"),  # 0.8^3 and Hanna's stale details (0.6)
]
SENTENCES_NL = [
    "Anna (jouw team) kent Bram (MEE), die LVB-expertise heeft en in Meerzicht werkt.",
    "Cees (jouw team) kent Dirk (Politie), die Eva (MEE) kent, die LVB-expertise heeft en stedelijk werkt in "
    "Zoetermeer.",
    "Anna (jouw team) kent Olaf (Welzijn), die met Nina (MEE) in een team zit, die LVB-expertise heeft en in de "
    "buurwijk Oosterheem werkt.",
    "Cees (jouw team) helpt 2 huishoudens samen met Mia (MEE), die LVB-expertise heeft en in Meerzicht werkt.",
    "Anna (jouw team) kent Fleur (Welzijn), die Gert (Welzijn) kent, die Hanna (MEE) kent, die LVB-expertise heeft "
    "en in de buurwijk Oosterheem werkt.",
]


@pytest.fixture
def built(store: Store) -> Store:
    build(store)
    return store


def test_paths_of_one_two_and_three_hops_ranked_by_strength_and_freshness(built: Store) -> None:
    answer = handover(built, "WK1", "LVB", on=ON)
    found = [(p["from"], p["to"], p["hops"], p["strength"], p["place"]) for p in answer["paths"]]
    assert found == EXPECTED
    assert [p["rank"] for p in answer["paths"]] == [1, 2, 3, 4, 5]
    assert "P-L" not in {p["to"] for p in answer["paths"]}  # four hops away
    assert answer["teams"] == [{"id": "T1", "name": "Team T1"}] and answer["team_members"] == 2
    assert answer["paths"][4]["to_freshness"] == "stale" and answer["paths"][0]["to_freshness"] == "fresh"
    assert [person["name"] for person in answer["paths"][4]["people"]] == ["Anna", "Fleur", "Gert", "Hanna"]
    assert answer["paths"][3]["ties"] == [{"kind": "households", "households": 2}]


def test_each_path_is_one_sentence_in_dutch_and_english(built: Store) -> None:
    answer = handover(built, "WK1", "LVB", on=ON)
    i18n.set_language("nl")
    assert [sentence(p["explanation"], i18n.gettext) for p in answer["paths"]] == SENTENCES_NL
    assert answer["paths"][0]["sentence"] == "Anna (your team) knows Bram (MEE), who has LVB expertise and works in " \
                                             "Meerzicht."


def test_no_household_ids_in_the_answer(built: Store) -> None:
    text = json.dumps(handover(built, "WK1", "LVB", on=ON))
    assert '"H1"' not in text and '"H2"' not in text and "H1" not in text


def test_another_team_and_a_member_who_has_it_himself(built: Store) -> None:
    answer = handover(built, "WK1", "LVB", team="T2", on=ON)
    first = answer["paths"][0]
    assert (first["from"], first["to"], first["hops"], first["strength"]) == ("P-N", "P-N", 0, 1.0)
    i18n.set_language("nl")
    assert sentence(first["explanation"], i18n.gettext) == "Nina (jouw team) heeft zelf LVB-expertise."


def test_an_organisation_that_serves_the_municipality_makes_an_end(built: Store) -> None:
    World(built).rels("organisation_serves", {"start": "O-MEE", "end": "GM1"})
    answer = handover(built, "WK1", "LVB", on=ON)
    second = answer["paths"][1]  # Zora works in a wijk that is no neighbour, for MEE, which serves Zoetermeer
    assert (second["from"], second["to"], second["hops"], second["place"]) == ("P-A", "P-Z", 1, "organisation")
    i18n.set_language("nl")
    assert sentence(second["explanation"], i18n.gettext) == (
        "Anna (jouw team) kent Zora (MEE), die LVB-expertise heeft en werkt bij een organisatie die ook Zoetermeer "
        "bedient.")


def test_unknown_wijk_team_and_a_wijk_without_team_are_clear_errors(built: Store) -> None:
    with pytest.raises(AnalysisError, match="Unknown wijk WK9"):
        handover(built, "WK9", "LVB", on=ON)
    with pytest.raises(AnalysisError, match="Unknown team T9"):
        handover(built, "WK1", "LVB", team="T9", on=ON)
    with pytest.raises(AnalysisError, match="No team serves wijk WK3"):
        handover(built, "WK3", "LVB", on=ON)


def test_the_strongest_tie_of_a_pair_counts_and_the_hop_limit_holds() -> None:
    graph = tie_graph([{"a": "S", "b": "X", "kind": "households", "households": 3},
                       {"a": "X", "b": "S", "kind": "knows", "households": 0}])
    assert graph["S"]["X"] == Tie("knows") and graph["X"]["S"] == Tie("knows")
    chain = tie_graph([{"a": str(i), "b": str(i + 1), "kind": "knows"} for i in range(4)])
    weight = dict.fromkeys("01234", FRESHNESS_WEIGHT["fresh"])
    assert set(strongest_paths(chain, ["0"], ["3", "4"], weight)) == {("0", "3")}
    assert set(strongest_paths(chain, ["0"], ["4"], weight, max_hops=4)) == {("0", "4")}


# --- The demo: the planted handover path ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    yield from load_demo(session_store, tmp_path_factory)


def test_the_planted_handover_path_of_the_demo(demo: Demo) -> None:
    [case] = demo.planted("handover_path")
    answer = handover(demo.store, case["wijk"], case["expertise"], on=demo.on)
    first = answer["paths"][0]
    assert (first["from"], first["to"], first["hops"], first["place"]) == (case["from"], case["to"], 1, case["place"])
    i18n.set_language("nl")
    assert sentence(first["explanation"], i18n.gettext) == (
        f"{demo.name(case['from'])} (jouw team) kent {demo.name(case['to'])} (MEE), die LVB-expertise heeft en werkt "
        "bij een organisatie die ook Zoetermeer bedient.")
    assert first["strength"] == 0.8 and all(path["strength"] < 0.8 for path in answer["paths"][1:])


# --- The page and its twins ----------------------------------------------------------------------------------


def test_the_page_and_its_twins_for_a_professional_of_the_wijk(built: Store) -> None:
    from api.auth import add_user
    from tests.web_support import client_for

    client = client_for(built, add_user(built, "prof", "professional", wijken=["WK1"]))
    answer = client.get("/advise/handover.json", params={"wijk": "WK1", "expertise": "LVB", "on": ON.isoformat()})
    assert answer.status_code == 200, answer.text
    assert [item["sentence"] for item in answer.json()["items"]] == SENTENCES_NL  # in the request's language
    page = client.get("/advise/handover", params={"wijk": "WK1", "expertise": "LVB", "on": ON.isoformat()})
    assert page.status_code == 200 and SENTENCES_NL[0] in page.text and "Warme overdracht" in page.text
    table = client.get("/advise/handover.csv", params={"wijk": "WK1", "expertise": "LVB", "on": ON.isoformat()})
    assert table.text.splitlines()[0].startswith("rank,hops,strength,from,from_name,to,to_name")
    assert len(table.text.splitlines()) == 1 + len(EXPECTED)
    outside = client.get("/advise/handover.json", params={"wijk": "WK2", "expertise": "LVB"})
    assert outside.status_code == 403
    bad = client.get("/advise/handover.json", params={"wijk": "WK1", "expertise": "XYZ"})
    assert bad.status_code == 400 and "XYZ" in bad.json()["detail"]
    assert client.get("/advise/handover").status_code == 200  # the empty form


# --- The walk against brute force ----------------------------------------------------------------------------


def brute_force(graph: dict[str, dict[str, Tie]], starts: list[str], ends: list[str], weight: dict[str, float],
                max_hops: int) -> dict[tuple[str, str], tuple[float, int, tuple[str, ...]]]:
    """Every simple path of at most max_hops hops from a start to an end, inner people neither starts nor ends;
    per pair the best by (strength, fewer hops, smaller ids): the definition of strongest_paths, spelled out."""
    import itertools

    inner = sorted(set(graph) - set(starts) - set(ends))
    best: dict[tuple[str, str], tuple[float, int, tuple[str, ...]]] = {}
    for start in starts:
        if start in ends:
            best[(start, start)] = (1.0, 0, (start,))
        for size in range(max_hops):
            for middle in itertools.permutations(inner, size):
                for end in ends:
                    people = (start, *middle, end)
                    if end in starts or any(b not in graph.get(a, {}) for a, b in itertools.pairwise(people)):
                        continue
                    score = 1.0
                    for a, b in itertools.pairwise(people):
                        score = score * graph[a][b].strength * weight.get(b, FRESHNESS_WEIGHT["never"])
                    key, found = (start, end), (score, len(people) - 1, people)
                    if key not in best or (-score, found[1], people) < (-best[key][0], best[key][1], best[key][2]):
                        best[key] = found
    return best


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_the_walk_finds_what_brute_force_finds(data: st.DataObject) -> None:
    people = [f"P{i}" for i in range(data.draw(st.integers(2, 8)))]
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(people), st.sampled_from(people),
                                         st.sampled_from(["knows", "team", "households"])), max_size=18))
    graph = tie_graph([{"a": a, "b": b, "kind": kind, "households": 2} for a, b, kind in pairs])
    starts = data.draw(st.lists(st.sampled_from(people), min_size=1, max_size=3, unique=True))
    ends = data.draw(st.lists(st.sampled_from(people), min_size=1, max_size=3, unique=True))
    weight = {p: data.draw(st.sampled_from(sorted(FRESHNESS_WEIGHT.values()))) for p in people}
    hops = data.draw(st.integers(1, 4))
    found = {key: (path.score, path.hops, path.people)
             for key, path in strongest_paths(graph, starts, ends, weight, hops).items()}
    assert found == brute_force(graph, starts, ends, weight, hops)
