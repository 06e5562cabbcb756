"""Dubbele petten: professionals with more than one role at a date, listed in every wijk one of their roles
reaches, with all their roles."""

from __future__ import annotations

import datetime as dt

from graph.store import Store
from queries.analyses import run
from tests.analyses_world import ON, World

ENDED = dt.date(2025, 6, 1)


def build(store: Store) -> None:
    world = World(store)
    world.municipality("GM1").wijk("WK1", "GM1").wijk("WK2", "GM1").wijk("WK3", "GM1")
    world.team("T1", "WK1").team("T2", "WK2")
    # Ring 1 in T1 (WK1) and group A in WK2: the classic dubbele pet.
    world.professional("P1", "Anna Bakker", "wijkcoach").member("P1", "T1").works_in("P1", "WK2", "A")
    # Only ring 1: one role.
    world.professional("P2", "Bram Claes", "wijkverpleegkundige").member("P2", "T1")
    # A member of T2 who is also the municipality's group-D specialist: reaches all three wijken.
    world.professional("P3", "Cor Dekker", "ggz-consulent").member("P3", "T2", group="D")
    world.works_in_municipality("P3", "GM1")
    # Two roles, one of which ended before ON: one role left.
    world.professional("P4", "Dirk Es", "huisarts").works_in("P4", "WK1", "B")
    world.works_in("P4", "WK3", "B", until=ENDED)
    # Group C in two wijken.
    world.professional("P5", "Els Fransen", "wijkagent").works_in("P5", "WK1", "C").works_in("P5", "WK3", "C")


def row(wijk: str, pid: str, name: str, function: str, *roles: str) -> dict[str, object]:
    return {"wijk": wijk, "wijk_name": f"Wijk {wijk}", "professional": pid, "name": name, "function": function,
            "role_count": len(roles), "roles": list(roles)}


ANNA = ("P1", "Anna Bakker", "wijkcoach", "ring 1: Team T1 (wijkcoach)", "group A: Wijk WK2 (WK2)")
COR = ("P3", "Cor Dekker", "ggz-consulent", "ring 1: Team T2 (wijkcoach)", "group D: Gemeente GM1 (GM1)")
ELS = ("P5", "Els Fransen", "wijkagent", "group C: Wijk WK1 (WK1)", "group C: Wijk WK3 (WK3)")


def test_dual_roles_of_every_wijk(store: Store) -> None:
    build(store)
    assert run(store, "dual_roles", on=ON) == [
        row("WK1", *ANNA), row("WK1", *COR), row("WK1", *ELS),
        row("WK2", *ANNA), row("WK2", *COR),
        row("WK3", *COR), row("WK3", *ELS),
    ]


def test_dual_roles_of_one_wijk_and_before_a_role_ended(store: Store) -> None:
    build(store)
    assert run(store, "dual_roles", wijk=["WK3"], on=ON) == [row("WK3", *COR), row("WK3", *ELS)]
    before = dt.date(2025, 1, 1)  # P4 still worked in WK3 as well
    dirk = ("P4", "Dirk Es", "huisarts", "group B: Wijk WK1 (WK1)", "group B: Wijk WK3 (WK3)")
    assert [r for r in run(store, "dual_roles", wijk=["WK3"], on=before) if r["professional"] == "P4"] == [
        row("WK3", *dirk)]


def test_no_dual_roles_in_an_empty_database(store: Store) -> None:
    assert run(store, "dual_roles", on=ON) == []
