"""The demo data set for the analysis tests: generated, loaded once per test module, with lookups into its files.

Each analysis test compares what an analysis returns with what the manifest lists (the planted cases and the
``expected`` answers of importers/demo/checks.py); where the manifest says nothing (shared households, demand,
contacts, ecograms) the answer is worked out from the demo's input files, independently of the Cypher.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph import schema
from graph.store import Store
from importers.demo import DEFAULT_SEED, generate_demo
from importers.demo.checks import active, read_households, read_kaart
from importers.demo.load import load_folder
from queries.analyses import run
from tests.conftest import wipe

SIGNALLER = {"huisarts": "huisarts", "wijkagent": "wijkagent", "huismeester": "woningcorporatie",
             "intern begeleider": "school"}  # checks.py names a signaller by its function, the analysis by its kind
TIER_RANK = {"ring1": 0, "A": 1, "B": 2, "C": 3, "D": 4, "fly_in": 5, "ring3": 6}


@dataclass
class Demo:
    store: Store
    manifest: dict[str, Any]
    kaart: dict[str, list[dict[str, str]]]
    households: dict[str, dict[str, Any]]
    on: date

    def planted(self, kind: str) -> list[dict[str, Any]]:
        return [case for case in self.manifest["planted"] if case["kind"] == kind]

    @property
    def expected(self) -> dict[str, Any]:
        return self.manifest["expected"]

    def name(self, pid: str) -> str:
        return next(row["name"] for row in self.kaart["professionals"] if row["id"] == pid)

    def person(self, pid: str) -> str:
        return f"{self.name(pid)} ({pid})"

    def people(self, ids: set[str] | list[str]) -> list[str]:
        """"name (id)" in the analyses' order: by name, then id."""
        return [self.person(pid) for pid in sorted(set(ids), key=lambda pid: (self.name(pid), pid))]

    def wijk_of(self, household: str) -> str:
        return self.households[household]["wijk"]

    def municipality_of(self, wijk: str) -> str:
        return next(row["municipality_code"] for row in self.kaart["wijken"] if row["code"] == wijk)

    def teams_serving(self, wijk: str) -> list[str]:
        return [row["id"] for row in self.kaart["teams"] if wijk in row["wijk_codes"].split(";")]

    def ring1(self, wijk: str) -> set[str]:
        teams = self.teams_serving(wijk)
        return {row["professional_id"] for row in self.kaart["memberships"]
                if row["team_id"] in teams and active(row, self.on)}

    def helpers(self, household: str) -> list[dict[str, Any]]:
        return [i for i in self.households[household]["involvements"] if active(i, self.on)]


def load_demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo, generated (default seed) and loaded through the real importers, for one test module.

    The per-test `store` fixture (which wipes) is not used with it; other modules' tests take `store`, which wipes
    again first.
    """
    folder: Path = tmp_path_factory.mktemp("demo-analyses")
    manifest = generate_demo(folder, DEFAULT_SEED)
    wipe(session_store)
    schema.apply(session_store)
    load_folder(session_store, folder)
    households = {h["id"]: h for h in read_households([folder / "households.json"])}
    yield Demo(session_store, manifest, read_kaart(folder / "kaart"), households,
               date.fromisoformat(manifest["reference_date"]))
    wipe(session_store)


def analyse(demo: Demo, name: str, **params: Any) -> list[dict[str, Any]]:
    return run(demo.store, name, **params)


def contact_wijken(demo: Demo, label: str, key: str) -> set[str]:
    """The wijken a contact is listed in: work in the wijk or (group D) its municipality, ring 1, ring 3, or (an
    organisation) an active agreement with a team serving the wijk."""
    if label == "CivilPartner":
        return set(next(r["wijk_codes"] for r in demo.kaart["civil_partners"] if r["id"] == key).split(";"))
    if label == "Organisation":
        teams = {r["team_id"] for r in demo.kaart["agreements"]
                 if r["organisation_id"] == key and r["status"] == "active" and active(r, demo.on)}
        return {w for r in demo.kaart["teams"] if r["id"] in teams for w in r["wijk_codes"].split(";")}
    wijken = {r["code"] for r in demo.kaart["wijken"]}
    found = set()
    for row in demo.kaart["wijk_work"]:
        if row["professional_id"] == key and active(row, demo.on):
            found |= {row["wijk_code"]} if row["wijk_code"] else {
                w for w in wijken if row["group"] == "D" and demo.municipality_of(w) == row["municipality_code"]}
    return found | {w for w in wijken if key in demo.ring1(w)}
