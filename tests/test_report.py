"""The council report (issue 17, item 6) on a hand-built graph with known figures: the report's JSON (coverage with
demand, demand per life domain, gaps, helpers, freshness, the change since an earlier date), its summary sentences,
who may ask it (exact statuses per role; refused means nothing read and nothing written but a scoped user's audited
refusal), and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from db_counts import graph_counts
from web_support import client_for

from api import auth
from graph.store import Store
from tests.analyses_world import World

SINCE = dt.date(2025, 1, 1)
LONG_AGO = dt.date(2024, 1, 1)


def build(store: Store) -> World:
    world = World(store)
    world.municipality("GM1").municipality("GM2")
    world.wijk("WK1", "GM1").wijk("WK2", "GM1").wijk("WK3", "GM2")
    # WK1: GGZ in the team all along; LVB in the team until mid-2025 (P4 left), missing since.
    world.team("T1", "WK1")
    world.professional("P1", "Anna Bakker", expertise=["GGZ"]).member("P1", "T1")
    world.professional("P4", "Dirk Evers", expertise=["LVB"]).member("P4", "T1", until=dt.date(2025, 6, 30))
    world.professional("P2", "Bram Claes").professional("P3", "Cor Dekker")
    # H1 needs LVB all along; H2 scores low on mental health and finances (assessed in May 2025); H3 scores low on
    # finances, and two helpers work in finances at once since September 2025.
    world.household("H1", "WK1").needs("H1", "LVB", since=LONG_AGO)
    world.household("H2", "WK1").zrm("Z2", "H2", dt.date(2025, 5, 1), {"geestelijke_gezondheid": 2, "financien": 1})
    world.household("H3", "WK1").zrm("Z3", "H3", dt.date(2025, 6, 1), {"financien": 2, "huisvesting": 4})
    world.involved("P2", "H3", "financien", since=dt.date(2025, 3, 1))
    world.involved("P3", "H3", "financien", since=dt.date(2025, 9, 1))
    # WK2: nothing but a household that needs GGZ since July 2025.
    world.household("H4", "WK2").needs("H4", "GGZ", since=dt.date(2025, 7, 1))
    return world


NOW = {
    "households": 3, "assessed": 2,
    "coverage": [
        {"wijk": "WK1", "wijk_name": "Wijk WK1", "expertise": "LVB", "coverage": "missing", "demand": 1},
        {"wijk": "WK1", "wijk_name": "Wijk WK1", "expertise": "GGZ", "coverage": "in_team", "demand": 1},
    ],
    "expertise": [
        {"expertise": "GGZ", "wijken": 1, "demand": 1, "levels": {"in_team": 1}, "missing_demand": 0, "weak": 0,
         "weak_demand": 0},
        {"expertise": "LVB", "wijken": 1, "demand": 1, "levels": {"missing": 1}, "missing_demand": 1, "weak": 0,
         "weak_demand": 0},
    ],
    "life_domains": [
        {"life_domain": "financien", "demand": 2, "helped": 1, "unhelped": 1},
        {"life_domain": "geestelijke_gezondheid", "demand": 1, "helped": 0, "unhelped": 1},
    ],
    "gaps": [
        {"kind": "empty_group", "count": 4, "wijken": 1, "details": ["A", "B", "C", "D"]},
        {"kind": "no_civil_partner", "count": 1, "wijken": 1, "details": []},
        {"kind": "missing_signaller", "count": 4, "wijken": 1,
         "details": ["huisarts", "school", "wijkagent", "woningcorporatie"]},
        {"kind": "uncovered_need", "count": 1, "wijken": 1, "details": []},
        {"kind": "no_coordinator", "count": 1, "wijken": 1, "details": []},
        {"kind": "contact_never_verified", "count": 1, "wijken": 1, "details": []},
    ],
    "overlap": {"households": 1, "cases": 1, "life_domains": [{"life_domain": "financien", "households": 1}]},
    "too_many_helpers": {"households": 0, "max_helpers": 5, "most_helpers": None},
    "freshness": {"contacts": 1, "fresh": 0, "stale": 0, "never": 1, "fresh_share": 0.0, "wijken": [
        {"wijk": "WK1", "wijk_name": "Wijk WK1", "contacts": 1, "fresh": 0, "stale": 0, "never": 1,
         "fresh_share": 0.0}]},
}
CHANGE = {
    "coverage": [{"wijk": "WK1", "wijk_name": "Wijk WK1", "expertise": "LVB", "before": "in_team", "after": "missing"}],
    "figures": [
        {"figure": "demand", "subject": "GGZ", "before": 0, "after": 1, "difference": 1},
        {"figure": "demand", "subject": "LVB", "before": 1, "after": 1, "difference": 0},
        {"figure": "missing", "subject": "GGZ", "before": 0, "after": 0, "difference": 0},
        {"figure": "missing", "subject": "LVB", "before": 0, "after": 1, "difference": 1},
        {"figure": "life_domain_demand", "subject": "financien", "before": 0, "after": 2, "difference": 2},
        {"figure": "life_domain_demand", "subject": "geestelijke_gezondheid", "before": 0, "after": 1,
         "difference": 1},
        {"figure": "overlap_households", "subject": None, "before": 0, "after": 1, "difference": 1},
        {"figure": "too_many_helpers", "subject": None, "before": 0, "after": 0, "difference": 0},
        {"figure": "gap", "subject": "empty_group", "before": 4, "after": 4, "difference": 0},
        {"figure": "gap", "subject": "no_civil_partner", "before": 1, "after": 1, "difference": 0},
        {"figure": "gap", "subject": "missing_signaller", "before": 4, "after": 4, "difference": 0},
        {"figure": "gap", "subject": "uncovered_need", "before": 1, "after": 1, "difference": 0},
        {"figure": "gap", "subject": "no_coordinator", "before": 0, "after": 1, "difference": 1},
    ],
}
SUMMARY_EN = [
    "In Wijk WK1, expertise in mild intellectual disability (LVB) is missing, while 1 household calls for it.",
    'Since Jan 1, 2025, mild intellectual disability (LVB) in Wijk WK1 went from "in the team" to "missing".',
    "0% of the contacts in the sociale kaart were verified in the last 12 months (0 longer ago, 1 never).",
    "The life domain where most households score low on the ZRM is finances (2).",
    "Of them, 1 household has no helper in that domain.",
    "In 1 household, two or more helpers work in the same life domain at the same time.",
]
WIJK_URL = "/reports/wijk/WK1.json?on=2026-01-01&since=2025-01-01"


def test_the_wijk_report_has_the_known_figures(store: Store) -> None:
    build(store)
    admin = client_for(store, auth.add_user(store, "admin", "admin"))
    response = admin.get(WIJK_URL, headers={"Accept-Language": "en"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert {key: report[key] for key in ("kind", "code", "name", "municipality", "on", "since")} == {
        "kind": "wijk", "code": "WK1", "name": "Wijk WK1", "municipality": "GM1", "on": "2026-01-01",
        "since": "2025-01-01"}
    assert report["now"] == NOW
    assert report["change"] == CHANGE
    assert report["before"]["households"] == 3 and report["before"]["assessed"] == 0
    assert report["before"]["life_domains"] == [] and report["before"]["freshness"]["never"] == 2  # P4 was there
    assert [sentence["text"] for sentence in report["summary"]] == SUMMARY_EN
    assert report["summary"][0]["fields"] == {"area": "Wijk WK1", "expertise": "LVB", "households": 1}


def test_the_municipality_report_adds_up_its_wijken(store: Store) -> None:
    build(store)
    admin = client_for(store, auth.add_user(store, "admin", "admin"))
    report = admin.get("/reports/municipality/GM1.json?on=2026-01-01&since=2025-01-01",
                       headers={"Accept-Language": "en"}).json()
    assert [w["code"] for w in report["wijken"]] == ["WK1", "WK2"]
    assert report["now"]["households"] == 4
    assert report["now"]["expertise"] == [
        {"expertise": "GGZ", "wijken": 2, "demand": 2, "levels": {"missing": 1, "in_team": 1}, "missing_demand": 1,
         "weak": 0, "weak_demand": 0},
        {"expertise": "LVB", "wijken": 2, "demand": 1, "levels": {"missing": 2}, "missing_demand": 1, "weak": 0,
         "weak_demand": 0},
    ]
    assert [row for row in report["change"]["figures"] if row["figure"] == "demand"] == [
        {"figure": "demand", "subject": "GGZ", "before": 0, "after": 2, "difference": 2},
        {"figure": "demand", "subject": "LVB", "before": 1, "after": 1, "difference": 0}]
    assert [sentence["text"] for sentence in report["summary"]][:2] == [
        "In 1 of the 2 wijken of Gemeente GM1, expertise in mental health care (GGZ) is missing; 1 household there "
        "calls for it.",
        "In 2 of the 2 wijken of Gemeente GM1, expertise in mild intellectual disability (LVB) is missing; 1 household "
        "there calls for it."]


def test_bad_parameters_are_named(store: Store) -> None:
    build(store)
    admin = client_for(store, auth.add_user(store, "admin", "admin"))
    assert admin.get("/reports/wijk/WK404.json").json()["detail"] == "Er is geen wijk WK404."
    assert admin.get("/reports/municipality/GM404.json").status_code == 404
    bad = admin.get("/reports/wijk/WK1.json?on=2026-01-01&since=2026-02-01")
    assert (bad.status_code, bad.json()["detail"]) == (400, "since (2026-02-01) moet vóór on (2026-01-01) liggen.")
    assert admin.get("/reports/wijk/WK1.json?since=gisteren").status_code == 400


def audit_entries(store: Store) -> list[dict]:
    return store.read("MATCH (a:AuditEntry) RETURN a.user AS user, a.resource AS resource, a.what AS what, "
                      "a.status AS status, a.households AS households ORDER BY a.at")


# role -> (users' wijken, expected status of WK1's report, of WK3's, of GM1's)
ROLES = {
    "professional": (["WK1"], 403, 403, 403),
    "coordinator": (["WK1"], 200, 403, 403),  # GM1 has WK2 too, which is not theirs
    "coordinator-all": (["WK1", "WK2"], 200, 403, 200),  # every wijk of GM1 is theirs
    "analyst": ([], 200, 200, 200),
    "admin": ([], 200, 200, 200),
}


@pytest.mark.parametrize("name", ROLES)
def test_who_may_ask_a_report(store: Store, name: str) -> None:
    build(store)
    wijken, *expected = ROLES[name]
    role = name.partition("-")[0]
    token = auth.add_user(store, name, role, wijken=wijken if role in auth.SCOPED_ROLES else ())
    client = client_for(store, token)
    for (path, status), fmt in zip(zip(("/reports/wijk/WK1", "/reports/wijk/WK3", "/reports/municipality/GM1"),
                                       expected, strict=True), (".json", "", ".pdf"), strict=True):
        before = graph_counts(store)
        answer = client.get(f"{path}{fmt}?on=2026-01-01")
        assert answer.status_code == status, (name, path, answer.text[:300])
        kind, _, code = path.removeprefix("/reports/").partition("/")
        if status == 200 or role == "coordinator":  # a report made, or a scoped user's refusal: one entry, no more
            assert graph_counts(store) == {**before, "AuditEntry": before.get("AuditEntry", 0) + 1}
            assert audit_entries(store)[-1] == {"user": name, "resource": f"{path}{fmt}",
                                                "what": f"report of {kind} {code}", "status": status,
                                                "households": []}
        else:  # the role may not ask at all: nothing was written
            assert graph_counts(store) == before
    anonymous = client_for(store)
    assert anonymous.get("/reports/wijk/WK1.json").status_code == 401
    assert anonymous.get("/reports/wijk/WK1.pdf", follow_redirects=False).status_code == 303


def test_the_list_of_reports_follows_the_role(store: Store) -> None:
    build(store)
    coordinator = client_for(store, auth.add_user(store, "c", "coordinator", wijken=["WK1"]))
    assert coordinator.get("/reports.json").json()["items"] == [
        {"code": "GM1", "name": "Gemeente GM1", "url": None,
         "wijken": [{"code": "WK1", "name": "Wijk WK1", "url": "/reports/wijk/WK1"}]}]
    analyst = client_for(store, auth.add_user(store, "a", "analyst"))
    assert [(m["code"], m["url"]) for m in analyst.get("/reports.json").json()["items"]] == [
        ("GM1", "/reports/municipality/GM1"), ("GM2", "/reports/municipality/GM2")]
    professional = client_for(store, auth.add_user(store, "p", "professional", wijken=["WK1"]))
    assert professional.get("/reports.json").status_code == 403


def test_the_cli_writes_the_report_and_audits_it(store: Store, tmp_path: Path) -> None:
    build(store)
    out = tmp_path / "wk1.json"
    done = subprocess.run([sys.executable, "-m", "api", "report", "--wijk", "WK1", "--on", "2026-01-01", "--since",
                           "2025-01-01", "--out", str(out)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "WIJKGRAPH_LANG": "en", "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Wrote {out}: the report of Wijk WK1 on 2026-01-01, compared with 2025-01-01."
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["now"] == NOW and [sentence["text"] for sentence in report["summary"]] == SUMMARY_EN
    assert [(e["resource"], e["what"], e["status"]) for e in audit_entries(store)] == [
        ("cli report wijk", "report of wijk WK1", 200)]
    done = subprocess.run([sys.executable, "-m", "api", "report", "--out", str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"})
    assert (done.returncode, done.stderr.strip()) == (1, "Fout: Geef --wijk of --municipality.")
