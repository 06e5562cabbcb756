"""The demo data: deterministic files in the documented formats, resolvable references, an exact
manifest of planted cases, invented people only, and a load through the real importers."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from db_counts import graph_snapshot
from jsonschema import Draft202012Validator, FormatChecker

from graph.normalise import normalise_name
from graph.store import Store
from importers.demo import DEFAULT_SEED, capacity, generate_demo
from importers.demo.checks import active, analyse, read_kaart
from importers.demo.facts import SEED_PERSONS
from importers.demo.load import database_counts, load_folder
from importers.household_schema import household_schema
from importers.inputfiles import KAART_HEADERS

DOCS = Path(__file__).resolve().parent.parent / "docs" / "import-formats.md"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("demo")
    return folder, generate_demo(folder, DEFAULT_SEED)


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def households(folder: Path) -> list[dict[str, Any]]:
    return json.loads((folder / "households.json").read_text(encoding="utf-8"))["households"]


def documented_headers() -> dict[str, list[str]]:
    """The columns per sheet, read from the table in docs/import-formats.md."""
    headers: dict[str, list[str]] = {}
    sheet = None
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Sociale-kaart workbook", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 2 or cells[1].startswith(("column", "---")):
            continue
        if cells[0]:
            sheet = re.match(r"`(\w+)`", cells[0]).group(1)  # type: ignore[union-attr]
            headers[sheet] = []
        assert sheet is not None
        headers[sheet] += re.findall(r"`(\w+)`", cells[1])
    return headers


def test_same_seed_gives_identical_bytes(demo: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    folder, _ = demo
    generate_demo(tmp_path / "again", DEFAULT_SEED)
    assert files(tmp_path / "again") == files(folder)


def test_another_seed_gives_other_people(demo: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    folder, _ = demo
    generate_demo(tmp_path / "other", 7)
    assert files(tmp_path / "other")["kaart/professionals.csv"] != files(folder)["kaart/professionals.csv"]
    assert files(tmp_path / "other")["households.json"] != files(folder)["households.json"]


def test_headers_are_exactly_the_documented_ones(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = demo
    documented = documented_headers()
    assert {sheet: list(header) for sheet, header in KAART_HEADERS.items()} == documented
    for sheet, header in documented.items():
        with (folder / "kaart" / f"{sheet}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == header


def test_households_follow_the_json_schema(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = demo
    document = json.loads((folder / "households.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(household_schema(), format_checker=FormatChecker()).iter_errors(document))
    assert errors == []


def test_every_reference_resolves_within_the_files(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = demo
    k = read_kaart(folder / "kaart")
    keys = {
        "municipality": {r["code"] for r in k["municipalities"]}, "wijk": {r["code"] for r in k["wijken"]},
        "organisation": {r["id"] for r in k["organisations"]}, "team": {r["id"] for r in k["teams"]},
        "professional": {r["id"] for r in k["professionals"]}, "civil": {r["id"] for r in k["civil_partners"]},
    }
    refs = [
        ("wijken", "municipality_code", "municipality"), ("teams", "municipality_code", "municipality"),
        ("teams", "wijk_codes", "wijk"), ("professionals", "organisation_id", "organisation"),
        ("memberships", "professional_id", "professional"), ("memberships", "team_id", "team"),
        ("wijk_work", "professional_id", "professional"), ("wijk_work", "wijk_code", "wijk"),
        ("wijk_work", "municipality_code", "municipality"), ("expertise", "professional_id", "professional"),
        ("expertise", "organisation_id", "organisation"), ("agreements", "team_id", "team"),
        ("agreements", "organisation_id", "organisation"), ("civil_partners", "wijk_codes", "wijk"),
        ("contacts", "professional_id", "professional"), ("contacts", "knows_professional_id", "professional"),
    ]
    for sheet, column, kind in refs:
        values = {v for row in k[sheet] for v in row[column].split(";") if v}
        assert values <= keys[kind], (sheet, column, values - keys[kind])
    for sheet, key in (("municipalities", "code"), ("wijken", "code"), ("professionals", "id"), ("teams", "id")):
        assert len({row[key] for row in k[sheet]}) == len(k[sheet]), f"duplicate key in {sheet}"
    household_keys: set[str] = set()
    for household in households(folder):
        assert household["wijk"] in keys["wijk"]
        own = {m["id"] for m in household["members"]} | {c["id"] for c in household["informal_contacts"]}
        for row in household["involvements"] + household["coordinators"]:
            assert row["professional"] in keys["professional"]
        targets = {"member": own, "informal": own, "professional": keys["professional"], "civil": keys["civil"]}
        for ecogram in household["ecograms"]:
            for tie in ecogram["ties"]:
                assert tie["ref"] in targets[tie["kind"]], (household["id"], tie)
        nested = [household["id"], *own, *(z["id"] for z in household["zrm"]),
                  *(e["id"] for e in household["ecograms"]), *(c["id"] for c in household["consents"])]
        assert not household_keys & set(nested)
        household_keys |= set(nested)


def test_seed_facts_are_in_the_demo(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = demo
    k = read_kaart(folder / "kaart")
    assert {r["code"]: r["name"] for r in k["municipalities"]} == {
        "GM0637": "Zoetermeer", "GM0518": "Den Haag", "GM0392": "Haarlem", "GM0546": "Leiden"}
    per_municipality = {code: [r for r in k["teams"] if r["municipality_code"] == code]
                        for code in ("GM0637", "GM0518", "GM0392", "GM0546")}
    assert [len(teams) for teams in per_municipality.values()] == [2, 24, 10, 14]  # Leiden: 8 SWTs and 6 JGTs
    wijken = {r["code"]: r["name"] for r in k["wijken"]}
    assert {"Meerzicht", "Oosterheem", "Bouwlust", "Schilderswijk West", "Mors", "Stevenshof"} <= set(wijken.values())
    assert all(re.fullmatch(r"WK\d{6}", code) and code[2:6] == municipality[2:]
               for code, municipality in ((r["code"], r["municipality_code"]) for r in k["wijken"]))
    # Zoetermeer, Tabel 1: four roles from four organisations plus one coordinator shared by both teams.
    pros = {r["id"]: r for r in k["professionals"]}
    zoetermeer = [r for r in k["memberships"] if r["team_id"] in {t["id"] for t in per_municipality["GM0637"]}]
    organisations = {pros[r["professional_id"]]["organisation_id"] for r in zoetermeer}
    assert organisations == {"ORG-KWADRAAD", "ORG-ZICHTBARE-SCHAKEL", "ORG-BJZ", "ORG-GM-ZTM"}
    coordinators = {r["professional_id"] for r in zoetermeer if r["team_role"] == "coördinator"}
    assert len(coordinators) == 1
    debt = [r for r in zoetermeer if r["team_role"] == "medewerker Werk, Zorg en Inkomen"]  # L55-56, L70-74
    assert len(debt) == 2 and all(r["group"] == "D" and pros[r["professional_id"]]["organisation_id"] == "ORG-GM-ZTM"
                                  for r in debt)
    agreements = {(r["team_id"], r["expertise"], r["status"]) for r in k["agreements"]
                  if r["team_id"] in {t["id"] for t in per_municipality["GM0637"]}}
    assert agreements == {(t["id"], e, s) for t in per_municipality["GM0637"]
                          for e, s in (("GGZ", "active"), ("LVB", "needed"))}
    zoetermeer_households = [h for h in households(folder) if h["id"].startswith("HH-ZTM-")]
    assert len(zoetermeer_households) == 42  # 24 in Meerzicht, 18 in Oosterheem (seed-001 L237)


def test_manifest_matches_the_reference_analyses(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, manifest = demo
    reference = date.fromisoformat(manifest["reference_date"])
    answers = analyse(folder / "kaart", [folder / "households.json"], reference)
    capacity.refine(answers, folder / "kaart", [folder / "households.json"], reference)  # the thin rows
    assert answers == manifest["expected"]
    # The generator filled the manifest with the same function, so the line above only proves the files on disk
    # still match it. What the demo was built to show, written down here and not computed: the seed cases
    # (seed 001: Meerzicht and Oosterheem miss LVB and fly GGZ in) and one planted case of every other kind.
    expected = manifest["expected"]
    # Haarlem's LVB (003:L1449-1459): in 2 teams, flown in for 4 wijken, missing in 4.
    assert Counter(row["coverage"] for row in expected["coverage"]) == {
        "in_team": 26, "fly_in": 27, "thin": 5, "in_network": 27, "missing": 7}
    assert sorted((r["wijk"], r["expertise"]) for r in expected["coverage"] if r["coverage"] == "missing") == [
        ("WK039207", "LVB"), ("WK039208", "LVB"), ("WK039209", "LVB"), ("WK039210", "LVB"),
        ("WK054607", "GGZ"), ("WK063701", "LVB"), ("WK063702", "LVB")]
    assert {(r["wijk"], r["expertise"]): r["coverage"] for r in expected["coverage"]
            if r["wijk"].startswith("WK0637")} == {
        ("WK063701", "GGZ"): "thin", ("WK063701", "LVB"): "missing",  # thin: importers/demo/capacity.py
        ("WK063702", "GGZ"): "fly_in", ("WK063702", "LVB"): "missing"}
    assert (expected["wijken_without_team"], expected["empty_groups"], expected["wijken_without_civil_partner"]) == (
        ["WK054609"], [{"wijk": "WK051823", "group": "C"}], ["WK051806"])
    # The three planted stale contacts (MEE & de Wering, with whom four Haarlem teams now have an LVB agreement), and
    # the spread of stale (18) and never verified (8) contacts of a sociale kaart as it is kept (importers.demo.reach),
    # each planted too: stale and never verified apart (two kinds of gaps).
    assert {"label": "CivilPartner", "id": "CP-HLM-0013"} in expected["stale_contacts"]
    assert {"label": "Organisation", "id": "ORG-MEE-DE-WERING"} in expected["stale_contacts"]
    assert {"label": "Professional", "id": "P-DHG-0122"} in expected["stale_contacts"]
    stale = [case for case in manifest["planted"] if case["kind"] == "contact_stale"]
    never = [case for case in manifest["planted"] if case["kind"] == "contact_never_verified"]
    assert (len(expected["stale_contacts"]), len(stale), sum(case["last_verified"] is None for case in stale)) == (
        21, 21, 0)
    assert (len(expected["never_verified_contacts"]), len(never), [case["last_verified"] for case in never]) == (
        8, 8, [None] * 8)
    assert expected["duplicate_professionals"] == [["P-LEI-0025", "P-LEI-0131"]]
    assert expected["households_too_many_helpers"] == [{"household": "HH-ZTM-0027", "active_helpers": 6},
                                                       {"household": "HH-DHG-0007", "active_helpers": 6}]
    assert expected["households_multiple_coordinators"] == [
        {"household": "HH-ZTM-0025", "coordinators": ["P-ZTM-0006", "P-ZTM-0008"]}]
    assert expected["households_uncovered_need"] == [{"household": "HH-ZTM-0001", "expertise": "LVB"},
                                                     {"household": "HH-LEI-0037", "expertise": "GGZ"}]
    assert expected["households_without_informal_contacts"] == ["HH-ZTM-0002"]
    kinds = {case["kind"] for case in manifest["planted"]}
    assert kinds >= {
        "missing_expertise", "fly_in_only", "wijk_without_team", "empty_group", "wijk_without_civil_partner",
        "contact_stale", "contact_never_verified", "isolated_partner", "duplicate_professional",
        "household_uncovered_need",
        "household_without_informal_contacts", "household_multiple_coordinators", "household_too_many_helpers",
        "household_overlapping_helpers", "household_without_coordinator", "dual_role", "placement_choice",
        "handover_path",
    }


def test_planted_households_are_what_the_manifest_says(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, manifest = demo
    reference = date.fromisoformat(manifest["reference_date"])
    by_id = {h["id"]: h for h in households(folder)}
    pros = {r["id"]: r for r in read_kaart(folder / "kaart")["professionals"]}
    cases = {case["kind"]: case for case in manifest["planted"]}
    both = by_id[cases["household_multiple_coordinators"]["household"]]["coordinators"]
    assert len(both) == 2 and all(active(c, reference) for c in both)
    assert len({c["professional"] for c in both}) == 2
    many = by_id[cases["household_too_many_helpers"]["household"]]
    assert len({i["professional"] for i in many["involvements"] if active(i, reference)}) == 6
    lonely = by_id[cases["household_without_informal_contacts"]["household"]]
    assert lonely["informal_contacts"] == []
    for case in (c for c in manifest["planted"] if c["kind"] == "household_overlapping_helpers"):
        rows = [i for i in by_id[case["household"]]["involvements"]
                if i["life_domain"] == case["life_domain"] and active(i, reference)]
        assert len(rows) == 2
        assert len({pros[i["professional"]]["organisation_id"] for i in rows}) == 2  # two organisations
    for case in (c for c in manifest["planted"] if c["kind"] == "contact_stale"):
        assert date.fromisoformat(case["last_verified"]) < reference - timedelta(days=365)
    one, other = (pros[pid] for pid in cases["duplicate_professional"]["ids"])
    assert one["name"] != other["name"] and normalise_name(one["name"]) == normalise_name(other["name"])
    assert (one["email"], one["phone"], one["organisation_id"]) == (other["email"], other["phone"],
                                                                    other["organisation_id"])


def test_people_are_invented(demo: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = demo
    names = [row["name"] for row in read_kaart(folder / "kaart")["professionals"]]
    named_in_seeds = {normalise_name(person) for person in SEED_PERSONS}
    if SEEDS.is_dir():  # also every "Mevr./Dhr. X. Surname" in the source reports themselves
        text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in SEEDS.glob("*.txt"))
        named_in_seeds |= {normalise_name(f"{i} {s}") for i, s in
                           re.findall(r"(?:Mevr|Dhr)\. ([A-Z])\.? ?((?:v\.|van|de|der|den|El|\s)*[A-Z][a-zė]+)", text)}
        assert len(named_in_seeds) > 60
    for name in names:
        first, _, surname = name.removeprefix("drs. ").partition(" ")
        assert normalise_name(f"{first[0]} {surname}") not in named_in_seeds, name
    assert all(row["email"].split("@")[1].endswith(".example") for row in read_kaart(folder / "kaart")["professionals"])
    for household in households(folder):  # pseudonymous: aliases are roles, never names
        aliases = [m["alias"] for m in household["members"]] + [c["alias"] for c in household["informal_contacts"]]
        assert all(re.fullmatch(r"(Ouder|Kind) \d|Bewoner|Partner|[A-Z][a-z]+", alias) for alias in aliases)
        assert not {alias.lower() for alias in aliases} & {name.split()[0].lower() for name in names}


def test_demo_loads_through_the_importers_and_reloads_identically(
        demo: tuple[Path, dict[str, Any]], store: Store) -> None:
    folder, manifest = demo
    load_folder(store, folder)
    first = database_counts(store)
    labels, types = first
    counts = manifest["counts"]
    assert labels["Municipality"] == counts["municipalities"]
    assert labels["Wijk"] == counts["wijken"]
    assert labels["Team"] == counts["teams"]
    assert labels["Professional"] == counts["professionals"]
    assert labels["CivilPartner"] == counts["civil_partners"]
    assert labels["Household"] == counts["households"]
    assert types["KNOWS"] == counts["contacts"]
    assert types["MEMBER_OF"] == counts["memberships"]
    before = graph_snapshot(store)
    load_folder(store, folder)
    assert database_counts(store) == first
    assert graph_snapshot(store) == before  # every value, and firstseen kept: only lastupdated moves
