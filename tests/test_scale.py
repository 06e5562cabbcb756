"""The scale generator: sizes, determinism, documented headers, resolvable references, flat streaming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from graph.store import Store
from importers.demo.checks import read_kaart
from importers.demo.load import database_counts, load_folder
from importers.household_schema import household_schema
from importers.inputfiles import KAART_HEADERS
from importers.scale import NATIONAL, ScaleError, Size, generate_scale, parse_scale

TINY = 0.002  # 1 municipality... 7 wijken, 1,000 households


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale")
    generate_scale(folder, parse_scale(str(TINY)), 2026, households_per_file=300)
    return folder


def test_parse_scale() -> None:
    assert parse_scale("national") == Size(350, 3_300, 500_000)
    assert parse_scale("regional") == Size(35, 330, 50_000)
    assert parse_scale("small") == Size(4, 33, 5_000)
    assert parse_scale("0.01") == parse_scale("small")
    for wrong in ("huge", "0", "1.5", "-0.1"):
        with pytest.raises(ScaleError):
            parse_scale(wrong)


def test_tiny_fraction_has_the_expected_counts(tiny: Path) -> None:
    size = parse_scale(str(TINY))
    assert size == Size(1, 7, 1_000)
    k = read_kaart(tiny / "kaart")
    assert len(k["municipalities"]) == size.municipalities
    assert len(k["wijken"]) == size.wijken
    files = sorted((tiny / "households").glob("households-*.json"))
    assert [len(json.loads(p.read_text())["households"]) for p in files] == [300, 300, 300, 100]
    # per wijk: 12 in the wijk network; per team 5 (the second wijk has none); a coordinator; 7 city-wide specialists
    assert len(k["teams"]) == size.wijken - 1
    assert len(k["professionals"]) == size.wijken * 12 + (size.wijken - 1) * 5 + 1 + 7
    assert len(k["civil_partners"]) == 2 * (size.wijken - 1)  # the third wijk has none


def test_national_size_is_about_the_design(tmp_path: Path) -> None:
    """The generator itself, at the national number of municipalities and wijken (few households, to keep it
    short), writes the design's "about 60,000 professionals"."""
    size = parse_scale("national")
    assert (size.municipalities, size.wijken, size.households) == tuple(NATIONAL.values())
    generate_scale(tmp_path, Size(size.municipalities, size.wijken, 1_000), 2026, households_per_file=1_000)
    kaart = read_kaart(tmp_path / "kaart")
    assert (len(kaart["municipalities"]), len(kaart["wijken"])) == (350, 3_300)
    assert 55_000 <= len(kaart["professionals"]) <= 65_000, len(kaart["professionals"])


def test_same_seed_same_bytes_other_seed_other_bytes(tiny: Path, tmp_path: Path) -> None:
    generate_scale(tmp_path / "again", parse_scale(str(TINY)), 2026, households_per_file=300)
    assert contents(tmp_path / "again") == contents(tiny)
    generate_scale(tmp_path / "other", parse_scale(str(TINY)), 1, households_per_file=300)
    assert contents(tmp_path / "other") != contents(tiny)


def test_headers_and_references(tiny: Path) -> None:
    k = read_kaart(tiny / "kaart")
    for sheet, header in KAART_HEADERS.items():
        assert (tiny / "kaart" / f"{sheet}.csv").read_text(encoding="utf-8").splitlines()[0] == ",".join(header)
    professionals = {r["id"] for r in k["professionals"]}
    organisations = {r["id"] for r in k["organisations"]}
    wijken = {r["code"] for r in k["wijken"]}
    teams = {r["id"] for r in k["teams"]}
    assert {r["organisation_id"] for r in k["professionals"]} <= organisations
    assert {r["professional_id"] for r in k["memberships"]} <= professionals
    assert {r["team_id"] for r in k["memberships"]} <= teams
    assert {r["wijk_code"] for r in k["wijk_work"] if r["wijk_code"]} <= wijken
    assert {w for r in k["teams"] for w in r["wijk_codes"].split(";")} <= wijken
    assert {r[c] for r in k["contacts"] for c in ("professional_id", "knows_professional_id")} <= professionals
    validator = Draft202012Validator(household_schema(), format_checker=FormatChecker())
    for path in sorted((tiny / "households").glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(document)) == []
        for household in document["households"]:
            assert household["wijk"] in wijken
            assert {i["professional"] for i in household["involvements"]} <= professionals


def test_a_smaller_run_replaces_the_household_files_of_a_bigger_one(tmp_path: Path) -> None:
    generate_scale(tmp_path, parse_scale("0.004"), households_per_file=500)
    generate_scale(tmp_path, parse_scale(str(TINY)), households_per_file=500)
    assert len(list((tmp_path / "households").glob("*.json"))) == 2


def test_tiny_scale_imports_through_the_real_importers(tiny: Path, store: Store) -> None:
    load_folder(store, tiny, "scale")
    labels, types = database_counts(store)
    k = read_kaart(tiny / "kaart")
    assert labels["Professional"] == len(k["professionals"])
    assert labels["Wijk"] == len(k["wijken"])
    assert labels["Household"] == 1_000
    assert types["KNOWS"] == len(k["contacts"])


def test_every_branch_of_the_analyses_occurs_at_a_small_scale(tiny: Path) -> None:
    """Ended, future and fixed-term dates, every gap kind and civil ecogram ties: without them a benchmark compares
    analyses on data that never takes their branches (issue 18)."""
    k = read_kaart(tiny / "kaart")
    past, mid_2026 = "2026-06-19", "2026-06-30"  # the generated history ends 2026-06-18
    assert any(r["until"] and r["until"] < past for r in k["memberships"])  # a member who left the team
    work = [r for r in k["wijk_work"] if r["wijk_code"]]
    assert any(r["until"] and r["until"] < past for r in work)  # ended work
    assert any(r["since"] > "2027-06-30" for r in work)  # work agreed to start in the future
    assert any(r["until"] and r["until"] > mid_2026 for r in work)  # a fixed term ending after mid-2026
    wijken = {r["code"] for r in k["wijken"]}
    served = {code for r in k["teams"] for code in r["wijk_codes"].split(";")}
    assert wijken - served  # a wijk without a team
    assert wijken - {code for r in k["civil_partners"] for code in r["wijk_codes"].split(";")}  # no civil partner
    active_c = {r["wijk_code"] for r in work if r["group"] == "C" and not r["until"] and r["since"] < past}
    assert wijken - active_c  # an empty group
    functions = {r["id"]: r["function"] for r in k["professionals"]}
    with_wijkagent = {r["wijk_code"] for r in work if functions[r["professional_id"]] == "wijkagent"
                      and not r["until"] and r["since"] < past}
    assert wijken - with_wijkagent  # a missing key signaller
    assert any(not r["last_verified"] for r in k["professionals"])  # never verified
    assert any(not r["last_verified"] for r in k["civil_partners"])
    assert any(r["last_verified"] and r["last_verified"] < "2025-01-01" for r in k["professionals"])  # stale
    expertise: dict[str, set[str]] = {}
    for row in k["expertise"]:
        expertise.setdefault(row["professional_id"], set()).add(row["expertise"])
    civil_of = {r["id"]: set(r["wijk_codes"].split(";")) for r in k["civil_partners"]}
    seen = set()
    for path in sorted((tiny / "households").glob("*.json")):
        for h in json.loads(path.read_text(encoding="utf-8"))["households"]:
            helpers = [i for i in h["involvements"] if i["until"] is None]
            covered = {x for i in helpers for x in expertise.get(i["professional"], ())}
            if any(n["expertise"] not in covered for n in h["needs"]):
                seen.add("uncovered need")
            if any(i["until"] for i in h["involvements"]):
                seen.add("ended involvement")
            if len({i["professional"] for i in helpers}) >= 2 and not h["coordinators"]:
                seen.add("helpers and no coordinator")
            if any(c["until"] for c in h["coordinators"]):
                seen.add("ended coordinator")
            for tie in (t for e in h["ecograms"] for t in e["ties"] if t["kind"] == "civil"):
                assert h["wijk"] in civil_of[tie["ref"]]
                seen.add("civil tie")
    assert seen == {"uncovered need", "ended involvement", "helpers and no coordinator", "ended coordinator",
                    "civil tie"}
