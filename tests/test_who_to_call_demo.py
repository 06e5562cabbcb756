"""The contact search on the demo: everyday searches as team members type them, each with its expected first rows,
and "never a dead end" walked for every wijk and every required expertise.

The demo is generated (default seed) and loaded through the real importers once for this module (tests/demo_world).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graph.model import DEFAULT_REQUIRED_EXPERTISE
from graph.store import Store
from importers.demo.checks import active
from queries.analyses import run
from queries.who_to_call import Answer, Search, search
from tests.demo_world import TIER_RANK, Demo, load_demo

MEERZICHT, OOSTERHEEM, ROODENBURG, BINNENSTAD_ZUID = "WK063701", "WK063702", "WK054607", "WK054609"


@pytest.fixture(scope="module")
def demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    yield from load_demo(session_store, tmp_path_factory)


def ask(demo: Demo, text: str, *mine: str, **extra: Any) -> Answer:
    return search(demo.store, Search(text=text, user_wijken=mine, on=demo.on, **extra))


def first(answer: Answer) -> list[tuple[str, str | None]]:
    """(id, tier) of the rows, then (id, route) of the routes: what a team member sees, in order."""
    return [(c.id, c.tier) for c in answer.rows] + [(c.id, c.route) for c in answer.routes]


GGZ_MEERZICHT = [("P-ZTM-0024", "D"), ("ORG-PARNASSIA", "fly_in")]
LVB_MEERZICHT = [("ORG-MEE", "agreement"), ("ORG-LVB-HAAGLANDEN", "region_organisation"),
                 ("ORG-ADVIESLIJN-LVB", "region_organisation")]
DEBT_MEERZICHT = [("P-ZTM-0005", "ring1"), ("P-ZTM-0009", "D")]
DEBT_OOSTERHEEM = [("P-ZTM-0009", "ring1"), ("P-ZTM-0005", "D")]

# text, the user's own wijken, the expected first rows (id, tier or route), the statement's code (None: none)
EVERYDAY = [
    ("GGZ in Meerzicht", (), GGZ_MEERZICHT, None),
    ("GGZ Meerzicht", (), GGZ_MEERZICHT, None),
    ("ggz meersicht", (), GGZ_MEERZICHT, None),  # a typo in the wijk
    ("GGZ", (MEERZICHT,), GGZ_MEERZICHT, None),  # the user's own wijk
    ("psychische problemen Meerzicht", (), GGZ_MEERZICHT, None),
    ("wie is de wijkagent in Meerzicht", (), [("P-ZTM-0013", "C")], None),
    ("wijkagent Meerzicht", (), [("P-ZTM-0013", "C")], None),
    ("wijkagenten in Oosterheem", (), [("P-ZTM-0019", "C")], None),
    ("LVB in Meerzicht", (), LVB_MEERZICHT, "nobody_here"),
    ("licht verstandelijke beperking Meerzicht", (), LVB_MEERZICHT, "nobody_here"),
    ("MEE", (ROODENBURG,), [("P-LEI-0052", "ring1"), ("P-LEI-0130", "D")], None),
    ("LVB in Binnenstad-Zuid", (), [("P-LEI-0130", "D")], None),  # the wijk without a team: the city's specialist
    ("schuldhulpverlening", (MEERZICHT,), DEBT_MEERZICHT, None),
    ("schuldhulpverleners Oosterheem", (), DEBT_OOSTERHEEM, None),
    ("geldzorgen", (OOSTERHEEM,), DEBT_OOSTERHEEM, None),
    ("Parnasia", (MEERZICHT,), GGZ_MEERZICHT, None),  # an organisation with a typo
    ("Parnassia Bouwlust", (), [("P-DHG-0004", "ring1"), ("P-DHG-0275", "D")], None),
    ("Ivy Henric", (MEERZICHT,), [("P-ZTM-0024", "D")], None),  # a person's name
    ("ivy henrik van den nuwenhuse", (MEERZICHT,), [("P-ZTM-0024", "D")], None),  # with a typo
    ("wijkverpleegkundige Bouwlust", (), [("P-DHG-0002", "ring1")], None),
    ("huisarts Moerwijk", (), [("P-DHG-0122", "B")], None),
    ("huisartsen in Moerwijk", (), [("P-DHG-0122", "B")], None),
    ("psychische problemen Bouwlust", (), [("P-DHG-0004", "ring1"), ("P-DHG-0109", "B"), ("P-DHG-0275", "D")], None),
    ("psychiatrie Schilderswijk West", (), [("P-DHG-0172", "B"), ("P-DHG-0275", "D")], None),
    ("verslaving Leiden Noord", (), [("P-LEI-0129", "D")], None),
    ("jeugd Meerzicht", (), [("P-ZTM-0004", "ring1"), ("P-ZTM-0010", "A"), ("P-ZTM-0023", "D")], None),
    ("iemand voor opvoeding in Oosterheem", (), [("P-ZTM-0008", "ring1"), ("P-ZTM-0016", "A"), ("P-ZTM-0023", "D")],
     None),
    ("dementie Oosterheem", (), [("P-ZTM-0007", "ring1")], None),
    ("huiselijk geweld Meerzicht", (), [("P-ZTM-0004", "ring1")], None),
    ("dakloos Haarlem-Oost", (), [("P-HLM-0135", "D")], None),
    ("buurthuis Centrum", ("WK039206",), [("CP-HLM-0013", "ring3")], None),  # Haarlem's Centrum, the user's
    ("GGZ in Roodenburg", (), [("ORG-GGZ-INFOPUNT", "agreement")], "nobody_here"),
    ("Stadsbank", ("WK054601",), [("P-LEI-0007", "ring1")], None),
    ("Zichtbare Schakel Meerzicht", (), [("P-ZTM-0003", "ring1")], None),
    ("GGZ Zoetermeer", (), GGZ_MEERZICHT, None),  # a municipality: its scope
    ("clientondersteuner Noord", (), [("P-HLM-0044", "ring1")], None),
    ("coordinator Meerzicht", (), [("P-ZTM-0001", "ring1")], None),
    ("wie bel ik", (MEERZICHT,), [], "nothing_found_anywhere"),  # only filler: nobody, not everybody
]


@pytest.mark.parametrize(("text", "mine", "expected", "statement"), EVERYDAY, ids=[row[0] for row in EVERYDAY])
def test_everyday_searches(demo: Demo, text: str, mine: tuple[str, ...], expected: list[tuple[str, str]],
                           statement: str | None) -> None:
    answer = ask(demo, text, *mine)
    assert first(answer)[:len(expected)] == expected
    assert (answer.statement.code if answer.statement else None) == statement


def test_the_answer_explains_itself(demo: Demo) -> None:
    answer = ask(demo, "wie is de GGZ in Meerzicht")
    assert (answer.understood.wijken, answer.understood.expertise, answer.understood.ignored) == (
        ({"code": MEERZICHT, "name": "Meerzicht", "municipality": "GM0637"},), ("GGZ",), ("wie", "is", "de", "in"))
    assert (answer.scope, answer.anchors) == ("mine", (MEERZICHT,))
    specialist, fly_in = answer.rows
    assert [m.text() for m in specialist.reasons] == ["city-wide specialist of Zoetermeer", "has expertise GGZ"]
    assert [m.text() for m in fly_in.reasons][:2] == ["flies in through a werkafspraak with Sociaal wijkteam Meerzicht",
                                                      "has expertise GGZ"]
    assert fly_in.phone and fly_in.email  # the organisation's general contact details (issue 14)
    stale = ask(demo, "huisarts Moerwijk").rows[0]
    assert (stale.freshness, stale.last_verified) == ("stale", "2024-09-12")
    assert [m.text() for m in stale.reasons][-1] == (
        "contact details last verified on 2024-09-12, more than 12 months ago")


def test_one_row_per_person_with_every_role(demo: Demo) -> None:
    # The Zoetermeer coordinator serves both teams; the schuldhulpverlener of Meerzicht is also city-wide (group D).
    rows = {c.id: c for c in ask(demo, "Meerzicht Oosterheem").rows}
    assert [(r.wijk, r.tier, r.team) for r in rows["P-ZTM-0001"].roles] == [
        (MEERZICHT, "ring1", "Sociaal wijkteam Meerzicht"), (OOSTERHEEM, "ring1", "Sociaal wijkteam Oosterheem")]
    assert [(r.wijk, r.tier) for r in rows["P-ZTM-0005"].roles] == [(MEERZICHT, "ring1"), (None, "D")]
    all_ids = [c.id for c in ask(demo, "Meerzicht Oosterheem").rows]
    assert len(all_ids) == len(set(all_ids))


def test_the_scope_widens_on_request(demo: Demo) -> None:
    mine = ask(demo, "LVB", ROODENBURG)
    assert [w.to_dict() for w in mine.wider] == [{"scope": "municipality", "more": 7}]
    wider = ask(demo, "LVB", ROODENBURG, scope="municipality")
    assert wider.scope == "municipality" and len(wider.rows) == len(mine.rows) + 7
    assert [c.id for c in wider.rows[:len(mine.rows)]] == [c.id for c in mine.rows]  # the own wijk stays first
    assert {r.place for c in wider.rows[len(mine.rows):] for r in c.roles} <= {"neighbour", "municipality"}


def expected_contacts(demo: Demo, wijk: str) -> set[str]:
    """Every contact of the wijk, from the demo's input files: ring 1, active ring 2 (group D of the municipality
    too), the organisations of active agreements of its teams, ring 3."""
    found = set(demo.ring1(wijk))
    for row in demo.kaart["wijk_work"]:
        if active(row, demo.on) and (row["wijk_code"] == wijk or (
                row["group"] == "D" and row["municipality_code"] == demo.municipality_of(wijk))):
            found.add(row["professional_id"])
    found |= {r["organisation_id"] for r in demo.kaart["agreements"]
              if r["team_id"] in demo.teams_serving(wijk) and r["status"] == "active" and active(r, demo.on)}
    return found | {r["id"] for r in demo.kaart["civil_partners"] if wijk in r["wijk_codes"].split(";")}


@pytest.mark.parametrize("wijk", [MEERZICHT, OOSTERHEEM, BINNENSTAD_ZUID])
def test_every_contact_of_a_wijk_once_closest_tier_first(demo: Demo, wijk: str) -> None:
    rows = run(demo.store, "contacts", wijk=[wijk], on=demo.on)
    assert sorted(row["id"] for row in rows) == sorted(expected_contacts(demo, wijk))
    ranks = [TIER_RANK[row["tier"]] for row in rows]
    assert ranks == sorted(ranks)


def reachable(contact: Any, expertise: str) -> bool:
    return expertise in contact.expertise and bool(contact.phone or contact.email)


def test_never_a_dead_end(demo: Demo) -> None:
    """Every wijk and required expertise: a contact or route with phone or e-mail, or the plain statement that
    nobody in the region offers it."""
    outcomes: dict[str, int] = {"direct": 0, "route": 0, "none_in_region": 0}
    for wijk in sorted(row["code"] for row in demo.kaart["wijken"]):
        for expertise in DEFAULT_REQUIRED_EXPERTISE:
            answer = search(demo.store, Search(wijken=(wijk,), expertise=expertise, on=demo.on))
            if any(reachable(c, expertise) for c in answer.rows):
                outcomes["direct"] += 1
                assert answer.statement is None and answer.routes == (), (wijk, expertise)
            elif answer.routes:
                outcomes["route"] += 1
                assert answer.statement and answer.statement.code == "nobody_here", (wijk, expertise)
                assert all(reachable(c, expertise) for c in answer.routes), (wijk, expertise)
                assert all(c.freshness in ("fresh", "stale", "never") for c in answer.routes)
            else:
                outcomes["none_in_region"] += 1
                assert answer.statement and answer.statement.code == "none_in_region", (wijk, expertise)
    assert outcomes["route"] >= 3 and outcomes["direct"] >= 40, outcomes  # both paths are walked


@pytest.mark.parametrize("text", ["Ivy Henric", "Parnasia", "Stadsbank", "Kwadraad wijkcoach", "buurthuis"])
def test_without_a_wijk_a_name_is_sought_only_where_it_works(demo: Demo, text: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing to anchor it (an analyst, the CLI), a search that names somebody reads only the wijken where the
    names found have roles (who_to_call_places.cypher): the same answer as reading every wijk."""
    from queries.who_to_call import engine

    narrow = ask(demo, text)
    assert narrow.scope == "all" and narrow.rows
    everywhere = (sorted(row["code"] for row in demo.kaart["wijken"]),
                  sorted(row["code"] for row in demo.kaart["municipalities"]))
    monkeypatch.setattr(engine, "places", lambda store, parsed: everywhere)
    assert ask(demo, text) == narrow
