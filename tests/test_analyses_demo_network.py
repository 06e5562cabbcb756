"""The network measures, ecograms and the chunked all-wijk reads on the demo data, at the manifest's reference date,
against its planted cases and its input files (the contact search: tests/test_who_to_call_demo.py).

The demo is generated (default seed) and loaded through the real importers once for this module (tests/demo_world).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from graph.store import Store
from queries import by_wijk, pages
from queries.analyses import run
from tests.demo_world import Demo, analyse, load_demo
from viz import partner_map


@pytest.fixture(scope="module")
def demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    yield from load_demo(session_store, tmp_path_factory)


# --- network ------------------------------------------------------------------------------------------


def test_isolated_partners_are_the_planted_ones(demo: Demo) -> None:
    rows = analyse(demo, "isolated_partners", on=demo.on)
    found = [(r["wijk"], "CivilPartner" if r["kind"] == "civil" else "Professional", r["id"]) for r in rows]
    assert sorted(found) == sorted((r["wijk"], r["label"], r["id"]) for r in demo.expected["isolated_partners"])
    assert sorted(found) == sorted((c["wijk"], c["label"], c["id"]) for c in demo.planted("isolated_partner"))
    assert ("WK039207", "Professional", "P-HLM-0109") in found
    assert [r["ties"] for r in rows if r["id"] == "P-HLM-0109"] == [0]
    per_wijk: dict[str, int] = defaultdict(int)
    for wijk, _, _ in found:
        per_wijk[wijk] += 1
    summary = analyse(demo, "network_summary", on=demo.on)
    assert len(summary) == 46  # one row per demo wijk (Duindorp has its own wijk since 71ef4be)
    assert {r["wijk"]: r["isolated_partners"] for r in summary if r["isolated_partners"]} == per_wijk
    # The wijk without a team: ring 2 and 3 only, nobody tied to a team.
    [no_team] = [r for r in summary if r["wijk"] == "WK054609"]
    assert no_team["nodes"] == no_team["isolated_partners"] == 13


# --- ecograms -----------------------------------------------------------------------------------------


def changed_household(demo: Demo) -> dict[str, Any]:
    """The first household with two snapshots before the reference date whose informal ties changed."""
    for key in demo.expected["households_with_two_ecograms"]:
        first, second = demo.households[key]["ecograms"][:2]
        refs = [{t["ref"] for t in e["ties"] if t["kind"] in ("informal", "civil")} for e in (first, second)]
        if refs[0] != refs[1] and date.fromisoformat(second["date"]) <= demo.on:
            return demo.households[key]
    raise AssertionError("the demo has no household whose informal network changed")


def test_ecogram_at_the_reference_date_is_the_latest_snapshot(demo: Demo) -> None:
    household = changed_household(demo)
    latest = household["ecograms"][-1]
    rows = analyse(demo, "ecogram", household=household["id"], on=demo.on)
    assert {(r["ecogram"], r["date"]) for r in rows} == {(latest["id"], latest["date"])}
    assert sorted((r["kind"], r["ref"], r["quality"], r["direction"]) for r in rows) == sorted(
        (t["kind"], t["ref"], t["quality"], t["direction"]) for t in latest["ties"])
    first = household["ecograms"][0]
    assert {r["ecogram"] for r in analyse(demo, "ecogram", household=household["id"], on=first["date"])} == {
        first["id"]}


def test_ecogram_change_between_the_two_snapshots(demo: Demo) -> None:
    household = changed_household(demo)
    first, second = household["ecograms"][:2]
    labels = {c["id"]: c["alias"] for c in household["informal_contacts"] + household["members"]}
    labels |= {r["id"]: r["name"] for r in demo.kaart["civil_partners"] + demo.kaart["professionals"]}
    kinds = ["member", "informal", "professional", "civil"]
    old, new = ({(t["kind"], t["ref"]): t for t in e["ties"]} for e in (first, second))

    def ordered(keys: set[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted(keys, key=lambda key: (kinds.index(key[0]), key[1]))

    def count(ecogram: dict[str, Any], quality: str) -> int:
        return sum(t["quality"] == quality for t in ecogram["ties"])  # every kind, members too

    def formal_share(ecogram: dict[str, Any]) -> float:
        ties = ecogram["ties"]
        return math.floor(sum(t["kind"] == "professional" for t in ties) / len(ties) * 100 + 0.5) / 100

    rows = analyse(demo, "ecogram_change", household=household["id"], **{"from": first["date"], "to": demo.on})
    assert len(rows) == 1
    row = rows[0]
    assert [(t["kind"], t["ref"], t["label"], t["quality"]) for t in row["gained"]] == [
        (*key, labels[key[1]], new[key]["quality"]) for key in ordered(new.keys() - old.keys())]
    assert [(t["kind"], t["ref"], t["label"], t["quality"]) for t in row["lost"]] == [
        (*key, labels[key[1]], old[key]["quality"]) for key in ordered(old.keys() - new.keys())]
    assert [(t["kind"], t["ref"], t["quality_from"], t["quality_to"], t["direction_from"], t["direction_to"])
            for t in row["changed"]] == [
        (*key, old[key]["quality"], new[key]["quality"], old[key]["direction"], new[key]["direction"])
        for key in ordered(old.keys() & new.keys())
        if (old[key]["quality"], old[key]["direction"]) != (new[key]["quality"], new[key]["direction"])]
    assert {key: value for key, value in row.items() if key not in ("gained", "lost", "changed")} == {
        "household": household["id"], "from_ecogram": first["id"], "from_date": first["date"],
        "to_ecogram": second["id"], "to_date": second["date"],
        "ties_from": len(first["ties"]), "ties_to": len(second["ties"]),
        "strong_from": count(first, "strong"), "strong_to": count(second, "strong"),
        "stressful_from": count(first, "stressful"), "stressful_to": count(second, "stressful"),
        "formal_share_from": formal_share(first), "formal_share_to": formal_share(second),
    }
    assert row["gained"] or row["lost"]


PER_WIJK_ANALYSES = ["missing_expertise", "gaps", "overlapping_helpers", "too_many_helpers", "multiple_coordinators",
                     "shared_households", "network_summary", "isolated_partners", "brokers",
                     "bridging_organisations"]


@pytest.mark.parametrize("name", PER_WIJK_ANALYSES)
def test_all_wijken_in_parallel_chunks_give_the_single_query_answer(
        demo: Demo, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = run(demo.store, name, on=demo.on)
    monkeypatch.setattr(by_wijk, "CHUNK", 4)  # the demo's 46 wijken in 12 chunks, read 2 at a time
    monkeypatch.setattr(by_wijk, "READERS", 2)
    calls: list[Any] = []
    read = demo.store.read
    monkeypatch.setattr(demo.store, "read", lambda query, params=None: calls.append(params) or read(query, params))
    chunked = run(demo.store, name, on=demo.on)
    assert sum(1 for params in calls if params and params.get("wijken")) == 12
    assert chunked == whole
    assert whole  # every analysis finds something in the demo, so the comparison is not of two empty lists


@pytest.mark.parametrize("wijk", ["WK063701", "WK063702", "WK054609"])
def test_ring_counts_without_drawing_equal_the_drawn_maps(demo: Demo, wijk: str) -> None:
    data = pages.partner_map(demo.store, wijk, demo.on)
    counts = partner_map.ring_counts(data)
    assert counts == partner_map.network_json(data)["counts"]
    assert sum(counts.values()) > 0  # so the comparison is not of two empty counts
    assert pages.partner_map(demo.store, wijk, demo.on, knows=False) == {**data, "knows": []}
