"""The edit engine (importers/upkeep): every kind of record read, edited, created and ended against a real Neo4j;
validation by the import's column declarations with exact messages; the version check; refused means unchanged;
every change audited with before -> after."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from db_counts import graph_snapshot
from web_support import DATA

from graph.store import Store
from importers.kaart import import_kaart
from importers.upkeep.changes import Actor, VersionConflict
from importers.upkeep.edit import EditConflict, EditRefused, apply_edit, create_record, end_record
from importers.upkeep.records import KINDS, RecordMissing, read_record, wijken_of

ADMIN = Actor("test-admin", "admin")
COORDINATOR = Actor("test-coordinator", "coordinator")


@pytest.fixture
def kaart(store: Store) -> Store:
    import_kaart(store, DATA / "kaart")
    return store


def changes(store: Store) -> list[dict[str, Any]]:
    """The audit entries of changes, oldest first, with before and after as dicts."""
    rows = store.read("MATCH (a:AuditEntry) WHERE a.action <> 'read' RETURN a.user AS user, a.role AS role, "
                      "a.action AS action, a.target AS target, a.resource AS resource, a.before AS before, "
                      "a.after AS after, a.wijken AS wijken ORDER BY a.at, a.id")
    for row in rows:
        row["before"] = None if row["before"] is None else json.loads(row["before"])
        row["after"] = None if row["after"] is None else json.loads(row["after"])
    return rows


def problems(error: pytest.ExceptionInfo[EditRefused]) -> list[tuple[str | None, str]]:
    return [(column, str(message)) for column, message in error.value.problems]


def test_every_kind_reads_with_its_sheet_columns_and_wijken(kaart: Store) -> None:
    expected = {
        ("professional", "P-1"): ({"id": "P-1", "name": "Anna Jansen", "function": "wijkcoach",
                                  "organisation_id": "ORG-WELZIJN", "email": "anna@welzijn.example",
                                  "phone": "0611111111", "last_verified": dt.date(2026, 1, 15),
                                  "capacity_hours": None}, {"WK990101"}),
        ("organisation", "ORG-GGZ"): ({"id": "ORG-GGZ", "name": "GGZ Test", "kind": "ggz", "scope": "regionaal",
                                       "website": "https://ggz.example", "phone": None, "email": None,
                                       "municipalities": [], "last_verified": None},
                                      {"WK990101"}),  # through its active agreement with T-NOORD, which serves it
        ("civil_partner", "C-1"): ({"id": "C-1", "name": "Buurthuis De Kern", "kind": "buurthuis",
                                    "wijk_codes": ["WK990101", "WK990102"], "email": "info@dekern.example",
                                    "phone": None, "last_verified": dt.date(2026, 5, 1)}, {"WK990101", "WK990102"}),
        ("membership", "P-1~T-NOORD"): ({"professional_id": "P-1", "team_id": "T-NOORD", "team_role": "wijkcoach",
                                         "group": "A", "since": dt.date(2025, 1, 1), "until": None}, {"WK990101"}),
        ("wijk_work", "P-3~GM9901"): ({"professional_id": "P-3", "wijk_code": None, "municipality_code": "GM9901",
                                       "group": "D", "since": dt.date(2024, 1, 1), "until": None},
                                      {"WK990101", "WK990102"}),
        ("expertise", "ORG-GGZ~GGZ"): ({"professional_id": None, "organisation_id": "ORG-GGZ", "expertise": "GGZ"},
                                       {"WK990101"}),
        ("agreement", "A-GGZ"): ({"id": "A-GGZ", "team_id": "T-NOORD", "organisation_id": "ORG-GGZ",
                                  "expertise": "GGZ", "topic": "GGZ invliegen", "status": "active",
                                  "since": dt.date(2025, 3, 1), "until": None, "capacity_hours": None},
                                 {"WK990101"}),
    }
    for (kind, key), (values, wijken) in expected.items():
        record = read_record(kaart, kind, key)
        assert record is not None, (kind, key)
        assert (record.kind, record.key, record.values, record.wijken) == (kind, key, values, wijken)
        assert wijken_of(kaart, kind, key) == wijken
    assert read_record(kaart, "membership", "P-1~T-NOORD").label == "Anna Jansen · Wijkteam Noord"  # type: ignore
    assert read_record(kaart, "professional", "P-404") is None
    assert read_record(kaart, "membership", "P-1") is None
    assert set(KINDS) == {kind for kind, _ in expected} | {"neighbour"}


def test_an_edit_changes_what_was_sent_derives_and_audits_before_and_after(kaart: Store) -> None:
    record = read_record(kaart, "professional", "P-1")
    assert record is not None
    after = apply_edit(kaart, COORDINATOR, "professional", "P-1",
                       {"name": "Anna de Jong", "phone": "06 1234 5678", "organisation_id": "ORG-GGZ"},
                       record.version, "/kaart/professional/P-1/edit")
    assert after.values == {**record.values, "name": "Anna de Jong", "phone": "06 1234 5678",
                            "organisation_id": "ORG-GGZ"}
    assert after.version != record.version
    stored = kaart.read("MATCH (p:Professional {id: 'P-1'}) RETURN p.name_normalised AS normalised, "
                        "p.phone_e164 AS e164, p.edited_by AS by, p.edited_at IS NOT NULL AS dated, "
                        "[(p)-[:EMPLOYED_BY]->(o) | o.id] AS employers")
    assert stored == [{"normalised": "anna de jong", "e164": "+31612345678", "by": "test-coordinator",
                       "dated": True, "employers": ["ORG-GGZ"]}]
    assert changes(kaart) == [{
        "user": "test-coordinator", "role": "coordinator", "action": "edit", "target": "professional P-1",
        "resource": "/kaart/professional/P-1/edit", "wijken": ["WK990101"],
        "before": {"id": "P-1", "name": "Anna Jansen", "function": "wijkcoach", "organisation_id": "ORG-WELZIJN",
                   "email": "anna@welzijn.example", "phone": "0611111111", "last_verified": "2026-01-15",
                   "capacity_hours": None},
        "after": {"id": "P-1", "name": "Anna de Jong", "function": "wijkcoach", "organisation_id": "ORG-GGZ",
                  "email": "anna@welzijn.example", "phone": "06 1234 5678", "last_verified": "2026-01-15",
                  "capacity_hours": None}}]
    # Sending the same values again changes nothing and writes no audit entry.
    same = apply_edit(kaart, COORDINATOR, "professional", "P-1", {"name": "Anna de Jong"}, after.version, "/x")
    assert same.version == after.version and len(changes(kaart)) == 1


def test_relationship_records_and_lists_are_edited(kaart: Store) -> None:
    membership = read_record(kaart, "membership", "P-1~T-NOORD")
    assert membership is not None
    apply_edit(kaart, ADMIN, "membership", "P-1~T-NOORD", {"team_role": "coördinator", "until": "31-12-2026"},
               membership.version, "/m")
    assert kaart.read("MATCH (:Professional {id: 'P-1'})-[r:MEMBER_OF]->(:Team {id: 'T-NOORD'}) "
                      "RETURN r.team_role AS role, r.until AS until, r.edited_by AS by") == [
        {"role": "coördinator", "until": dt.date(2026, 12, 31), "by": "test-admin"}]
    partner = read_record(kaart, "civil_partner", "C-1")
    assert partner is not None
    after = apply_edit(kaart, ADMIN, "civil_partner", "C-1", {"wijk_codes": "WK990102"}, partner.version, "/c")
    assert after.values["wijk_codes"] == ["WK990102"] and after.wijken == {"WK990102"}
    entry = changes(kaart)[-1]
    assert (entry["before"]["wijk_codes"], entry["after"]["wijk_codes"], entry["wijken"]) == (
        ["WK990101", "WK990102"], ["WK990102"], ["WK990101", "WK990102"])
    agreement = read_record(kaart, "agreement", "A-GGZ")
    assert agreement is not None
    apply_edit(kaart, ADMIN, "agreement", "A-GGZ", {"organisation_id": "ORG-WELZIJN", "expertise": "schulden"},
               agreement.version, "/a")
    assert kaart.read("MATCH (a:Agreement {id: 'A-GGZ'}) RETURN [(a)-[:WITH_ORGANISATION]->(o) | o.id] AS o, "
                      "[(a)-[:FOR_EXPERTISE]->(e) | e.code] AS e") == [{"o": ["ORG-WELZIJN"], "e": ["SCHULDEN"]}]


@pytest.mark.parametrize(("kind", "key", "values", "expected"), [
    ("professional", "P-1", {"last_verified": "31-02-2026"},
     [("last_verified", "expected a date as day-month-year (01-02-2026, 1-2-2026, 01/02/2026 or 1 februari 2026) "
                        "or year-month-day (2026-02-01), got '31-02-2026'")]),
    ("professional", "P-1", {"organisation_id": "ORG-NOPE"},
     [("organisation_id", "expected the key of an existing organisation, got 'ORG-NOPE'")]),
    ("professional", "P-1", {"name": ""}, [("name", "a value is required")]),
    ("professional", "P-1", {"colour": "blue"},
     [("colour", "unknown column; expected id, name, function, organisation_id, email, phone, last_verified, "
                 "capacity_hours")]),
    ("professional", "P-1", {"id": "P-9"}, [("id", "the key cannot be changed: end this record and add a new one")]),
    ("professional", "P-1", {"phone": "12"},
     [("phone", "'12' is not a valid phone number; expected a Dutch number such as 06 1234 5678 or 079 346 8000, "
                "or one with its country code such as +44 20 7946 0000")]),
    ("membership", "P-1~T-NOORD", {"group": "C"}, [("group", "expected one of A, D, got 'C'")]),
    ("membership", "P-1~T-NOORD", {"until": "2024-12-31"}, [("until", "expected a date on or after since "
                                                                      "(2025-01-01)")]),
    ("civil_partner", "C-1", {"wijk_codes": "WK990101;WK999999"},
     [("wijk_codes", "expected the key of an existing wijk, got 'WK999999'")]),
    ("agreement", "A-GGZ", {"status": "maybe", "team_id": "T-NOPE"},
     [("status", "expected one of active, needed, ended, got 'maybe'")]),
])
def test_refused_edits_say_which_column_and_what_was_expected_and_change_nothing(
        kaart: Store, kind: str, key: str, values: dict[str, str], expected: list[tuple[str, str]]) -> None:
    record = read_record(kaart, kind, key)
    assert record is not None
    before = graph_snapshot(kaart, ignore=())
    with pytest.raises(EditRefused) as refused:
        apply_edit(kaart, ADMIN, kind, key, values, record.version, "/x")
    assert problems(refused) == expected
    assert graph_snapshot(kaart, ignore=()) == before


def test_an_editor_with_an_old_version_sees_who_changed_it_and_nothing_is_written(kaart: Store) -> None:
    first = read_record(kaart, "professional", "P-2")
    assert first is not None
    apply_edit(kaart, COORDINATOR, "professional", "P-2", {"phone": "0622222299"}, first.version, "/one")
    before = graph_snapshot(kaart, ignore=())
    with pytest.raises(VersionConflict) as conflict:
        apply_edit(kaart, ADMIN, "professional", "P-2", {"function": "praktijkondersteuner"}, first.version, "/two")
    assert isinstance(conflict.value, EditConflict)
    assert conflict.value.edited_by == "test-coordinator"
    assert isinstance(conflict.value.edited_at, dt.datetime)
    assert conflict.value.current is not None and conflict.value.current["phone"] == "0622222299"
    assert conflict.value.current["function"] == "huisarts"
    now = read_record(kaart, "professional", "P-2")
    assert now is not None and conflict.value.version == now.version
    assert graph_snapshot(kaart, ignore=()) == before
    # With the current version the change goes through.
    apply_edit(kaart, ADMIN, "professional", "P-2", {"function": "praktijkondersteuner"}, now.version, "/two")
    assert [entry["user"] for entry in changes(kaart)] == ["test-coordinator", "test-admin"]


def test_a_missing_record_is_refused(kaart: Store) -> None:
    with pytest.raises(RecordMissing):
        apply_edit(kaart, ADMIN, "professional", "P-404", {"name": "X"}, "absent", "/x")
    with pytest.raises(RecordMissing):
        end_record(kaart, ADMIN, "membership", "P-5~T-NOORD", dt.date(2026, 1, 1), "x", "/x")


def test_records_of_every_kind_are_created_as_the_apps_and_audited(kaart: Store) -> None:
    new = {
        "professional": {"id": "P-9", "name": "Drs. Fenna Kok", "function": "jongerenwerker",
                         "organisation_id": "ORG-WELZIJN", "email": "fenna@welzijn.example", "phone": "0612345009"},
        "organisation": {"id": "ORG-NEW", "name": "Voedselbank", "kind": "welzijn", "scope": "wijk",
                         "municipalities": "GM9901"},
        "civil_partner": {"id": "C-2", "name": "Sportclub Zuid", "wijk_codes": "WK990102"},
        "membership": {"professional_id": "P-5", "team_id": "T-NOORD", "team_role": "wijkagent", "group": "d",
                       "since": "1 maart 2026"},
        "wijk_work": {"professional_id": "P-4", "wijk_code": "WK990102", "group": "B"},
        "expertise": {"professional_id": "P-1", "expertise": "jeugd"},
        "agreement": {"id": "A-2", "team_id": "T-NOORD", "organisation_id": "ORG-WELZIJN", "expertise": "WONEN",
                      "topic": "Wonen invliegen", "status": "needed"},
        "neighbour": {"wijk": "WK990102", "neighbour": "WK990101"},
    }
    keys = {"professional": "P-9", "organisation": "ORG-NEW", "civil_partner": "C-2", "membership": "P-5~T-NOORD",
            "wijk_work": "P-4~WK990102", "expertise": "P-1~JEUGD", "agreement": "A-2",
            "neighbour": "WK990101~WK990102"}
    for kind, values in new.items():
        record = create_record(kaart, ADMIN, kind, values, f"/kaart/{kind}/new")
        assert record.key == keys[kind]
        assert read_record(kaart, kind, record.key) == record
    assert read_record(kaart, "membership", "P-5~T-NOORD").values == {  # type: ignore[union-attr]
        "professional_id": "P-5", "team_id": "T-NOORD", "team_role": "wijkagent", "group": "D",
        "since": dt.date(2026, 3, 1), "until": None}
    assert kaart.read("MATCH (p:Professional {id: 'P-9'}) RETURN p.source AS source, p.name_normalised AS n, "
                      "p.phone_e164 AS e164") == [{"source": "wijkgraph:app", "n": "fenna kok", "e164": "+31612345009"}]
    assert kaart.read("MATCH (:Wijk {code: 'WK990101'})-[r:NEIGHBOURS]->(:Wijk {code: 'WK990102'}) "
                      "RETURN r.source AS source") == [{"source": "wijkgraph:app"}]
    audited = changes(kaart)
    assert [(entry["action"], entry["target"], entry["before"]) for entry in audited] == [
        ("create", f"{kind} {keys[kind]}", None) for kind in new]
    assert audited[3]["after"] == {"professional_id": "P-5", "team_id": "T-NOORD", "team_role": "wijkagent",
                                   "group": "D", "since": "2026-03-01", "until": None}
    assert audited[3]["wijken"] == ["WK990101"]


def test_a_create_that_exists_or_misses_columns_is_refused_and_changes_nothing(kaart: Store) -> None:
    before = graph_snapshot(kaart, ignore=())
    with pytest.raises(EditRefused) as refused:
        create_record(kaart, ADMIN, "membership", {"professional_id": "P-1", "team_id": "T-NOORD",
                                                   "team_role": "x"}, "/x")
    assert problems(refused) == [("professional_id", "there is already a team membership 'P-1~T-NOORD': change "
                                                     "that one instead")]
    with pytest.raises(EditRefused) as refused:
        create_record(kaart, ADMIN, "wijk_work", {"professional_id": "P-4", "wijk_code": "WK990101",
                                                  "municipality_code": "GM9901"}, "/x")
    assert problems(refused) == [("group", "a value is required")]
    with pytest.raises(EditRefused) as refused:
        create_record(kaart, ADMIN, "wijk_work", {"professional_id": "P-4", "wijk_code": "WK990101",
                                                  "municipality_code": "GM9901", "group": "B"}, "/x")
    assert problems(refused) == [("wijk_code or municipality_code",
                                  "exactly one of wijk_code and municipality_code must be filled")]
    with pytest.raises(EditRefused) as refused:
        create_record(kaart, ADMIN, "neighbour", {"wijk": "WK990101", "neighbour": "WK990101"}, "/x")
    assert problems(refused) == [("neighbour", "expected another wijk than in column wijk: 'WK990101' cannot "
                                               "neighbour itself")]
    with pytest.raises(EditRefused) as refused:
        create_record(kaart, ADMIN, "professional", {"id": "P/9", "name": "x" * 1001}, "/x")
    assert problems(refused) == [
        ("id", "expected a key without '/', '~', '?', '#' or control characters that does not end in .json, .csv or "
               ".xlsx, got 'P/9'"),
        ("name", "expected at most 1000 characters, got 1001")]
    assert graph_snapshot(kaart, ignore=()) == before
    assert changes(kaart) == []


def test_ending_sets_an_end_date_or_removes_what_has_no_period(kaart: Store) -> None:
    membership = read_record(kaart, "membership", "P-4~T-NOORD")
    assert membership is not None
    ended = end_record(kaart, COORDINATOR, "membership", "P-4~T-NOORD", dt.date(2026, 6, 30), membership.version,
                       "/end")
    assert ended.values["until"] == dt.date(2026, 6, 30)
    agreement = read_record(kaart, "agreement", "A-GGZ")
    assert agreement is not None
    ended = end_record(kaart, ADMIN, "agreement", "A-GGZ", dt.date(2026, 7, 1), agreement.version, "/end")
    assert (ended.values["status"], ended.values["until"]) == ("ended", dt.date(2026, 7, 1))
    expertise = read_record(kaart, "expertise", "P-3~GGZ")
    assert expertise is not None
    end_record(kaart, ADMIN, "expertise", "P-3~GGZ", dt.date(2026, 7, 1), expertise.version, "/end")
    assert read_record(kaart, "expertise", "P-3~GGZ") is None
    assert kaart.read("MATCH (:Professional {id: 'P-3'}) RETURN 1 AS found") == [{"found": 1}]
    audited = changes(kaart)
    assert [(entry["action"], entry["target"]) for entry in audited] == [
        ("end", "membership P-4~T-NOORD"), ("end", "agreement A-GGZ"), ("remove", "expertise P-3~GGZ")]
    assert audited[1]["after"]["status"] == "ended" and audited[1]["before"]["status"] == "active"
    assert audited[2]["before"] == {"professional_id": "P-3", "organisation_id": None, "expertise": "GGZ"}
    assert audited[2]["after"] is None
    assert audited[2]["wijken"] == ["WK990101", "WK990102"]


def test_ending_before_the_start_or_a_record_without_a_period_is_refused(kaart: Store) -> None:
    membership = read_record(kaart, "membership", "P-1~T-NOORD")
    professional = read_record(kaart, "professional", "P-1")
    assert membership is not None and professional is not None
    before = graph_snapshot(kaart, ignore=())
    with pytest.raises(EditRefused) as refused:
        end_record(kaart, ADMIN, "membership", "P-1~T-NOORD", dt.date(2024, 1, 1), membership.version, "/end")
    assert problems(refused) == [("until", "expected a date on or after since (2025-01-01)")]
    with pytest.raises(EditRefused) as refused:
        end_record(kaart, ADMIN, "professional", "P-1", dt.date(2026, 1, 1), professional.version, "/end")
    assert problems(refused) == [(None, "a professional has no end date: end its team memberships and wijk work "
                                        "instead")]
    with pytest.raises(VersionConflict):
        end_record(kaart, ADMIN, "membership", "P-1~T-NOORD", dt.date(2026, 1, 1), "0" * 16, "/end")
    assert graph_snapshot(kaart, ignore=()) == before
