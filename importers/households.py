"""Household and ecogram JSON: pseudonymous households, their helpers, ZRM scores and ecograms.

get (parse JSON) -> validate (JSON Schema from the model, then keys and references) -> load -> cleanup.
A problem names the file, the household (its index and id) and the field path.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from graph.load import existing_keys
from graph.model import ZRM_VERSIONS
from graph.store import Store
from importers.household_schema import household_schema
from importers.jsonfile import read_json
from importers.options import ImportOptions
from importers.pipeline import ImportResult, Plan, run_import
from importers.problems import N_, ImportRefused, Msg, Problem
from importers.schema_errors import explain

TIE_TARGET = {"member": "HouseholdMember", "informal": "InformalContact", "professional": "Professional",
              "civil": "CivilPartner"}
# Households are validated one by one, so that a problem names its household. The compiled
# fastjsonschema check is ~20x faster and answers for almost every household; only a household it
# rejects goes through jsonschema, which lists every problem instead of the first.
_HOUSEHOLD_SCHEMA = household_schema()["properties"]["households"]["items"]
_VALIDATOR = Draft202012Validator(_HOUSEHOLD_SCHEMA, format_checker=FormatChecker())


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


_FAST_CHECK = fastjsonschema.compile({**_HOUSEHOLD_SCHEMA, "$schema": "http://json-schema.org/draft-07/schema#"},
                                     formats={"date": _is_date})


def _schema_errors(household: Any) -> list[Any]:
    try:
        _FAST_CHECK(household)
    except fastjsonschema.JsonSchemaValueException:
        return sorted(_VALIDATOR.iter_errors(household), key=lambda error: list(error.path))
    return []


def import_households(store: Store, path: Path, options: ImportOptions = ImportOptions()) -> ImportResult:
    """Import a household JSON file, or a folder of them as one source (docs/import-formats.md).

    Every file is validated before any is loaded; files are then read again one at a time, so a
    national export split over many files never sits in memory whole.
    """
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise ImportRefused(path.name, [Problem(path.name, None, None, "the folder holds no .json files")])
    problems: list[Problem] = []
    rejected: set[tuple[int, int]] = set()  # (file index, household index)
    earlier_keys: set[int] = set()
    for file_index, file in enumerate(files):
        file_problems, bad = validate(store, read_households(file), file.name, earlier_keys)
        problems += file_problems
        rejected.update((file_index, index) for index in bad)

    def plans() -> Iterator[Plan]:
        for file_index, file in enumerate(files):
            households = read_households(file)
            yield build_plan([household for index, household in enumerate(households)
                              if (file_index, index) not in rejected])

    return run_import(store, path.name, plans(), problems, options.for_file(path, "households"))


def read_households(path: Path) -> list[Any]:
    name = path.name
    document = read_json(path, name, expected=Msg("a JSON object"), split_hint=N_("split it into several files"))
    if not isinstance(document, dict) or not isinstance(document.get("households"), list):
        raise ImportRefused(name, [Problem(name, None, "households",
                                           Msg('expected an object {"households": [...]}'))])
    extra = sorted(set(document) - {"households"})
    if extra:
        raise ImportRefused(name, [Problem(name, None, extra[0], Msg("unknown field; expected only households"))])
    if not document["households"]:
        raise ImportRefused(name, [Problem(name, None, "households", Msg("the list of households is empty"))])
    return document["households"]


def _where(index: int, household: Any) -> str:
    key = household.get("id") if isinstance(household, dict) else None
    if isinstance(key, str) and len(key) > 64:  # a key is at most 64 characters; do not echo a huge one
        key = key[:40] + "..."
    if isinstance(key, str):
        return Msg("household {number} ({key})", number=index + 1, key=key)
    return Msg("household {number}", number=index + 1)


def _field(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(household)"


def validate(
    store: Store, households: list[Any], name: str, earlier_keys: set[int] | None = None
) -> tuple[list[Problem], set[int]]:
    """The problems of ``households`` and the indexes of the households that have any.

    ``earlier_keys`` holds the hashes of the keys claimed by the earlier files of one import; this
    file's keys are added to it. Hashes, because a national import claims millions of keys.
    """
    problems: list[Problem] = []
    rejected: set[int] = set()
    structurally_valid: list[tuple[int, dict[str, Any]]] = []
    for index, household in enumerate(households):
        errors = _schema_errors(household)
        for error in errors:
            if error.validator == "additionalProperties":
                allowed = error.schema["properties"]
                for extra in sorted(set(error.instance) - set(allowed)):
                    problems.append(Problem(name, _where(index, household), _field([*error.path, extra]),
                                            Msg("unknown field; expected one of {fields}", fields=", ".join(allowed))))
                continue
            problems.append(Problem(name, _where(index, household), _field(error.path), explain(error)))
        if errors:
            rejected.add(index)
        else:
            structurally_valid.append((index, household))
    existing = _existing_keys(store, [household for _, household in structurally_valid])
    seen: dict[str, str] = {}
    earlier = set() if earlier_keys is None else earlier_keys
    for index, household in structurally_valid:
        found = _semantic_problems(household, existing, seen, earlier, name, _where(index, household))
        problems.extend(found)
        if found:
            rejected.add(index)
    earlier.update(hash(key) for key in seen)
    return problems, rejected


def _existing_keys(store: Store, households: list[dict[str, Any]]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {"Wijk": set(), "Professional": set(), "CivilPartner": set()}
    for household in households:
        wanted["Wijk"].add(household["wijk"])
        for helper in (*household.get("involvements", []), *household.get("coordinators", [])):
            wanted["Professional"].add(helper["professional"])
        for ecogram in household.get("ecograms", []):
            for tie in ecogram["ties"]:
                if tie["kind"] in ("professional", "civil"):
                    wanted[TIE_TARGET[tie["kind"]]].add(tie["ref"])
    return {label: existing_keys(store, label, keys) for label, keys in wanted.items()}


def _semantic_problems(
    household: dict[str, Any], existing: dict[str, set[str]], seen_keys: dict[str, str], earlier_keys: set[int],
    name: str, where: str
) -> list[Problem]:
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(name, where, field, message))

    def claim(key: str, field: str) -> None:
        if hash(key) in earlier_keys:
            problem(field, Msg("duplicate key {key!r}; already used in an earlier file of this import", key=key))
        elif key in seen_keys:
            problem(field, Msg("duplicate key {key!r}; already used by {first}", key=key, first=seen_keys[key]))
        else:
            seen_keys[key] = Msg("{file}, {where}, {field}", file=name, where=where, field=field)

    claim(household["id"], "id")
    if household["wijk"] not in existing["Wijk"]:
        problem("wijk", Msg("unknown wijk {wijk!r}: import the sociale kaart with this wijk first",
                            wijk=household["wijk"]))
    local: dict[str, set[str]] = {"member": set(), "informal": set()}
    for i, member in enumerate(household.get("members", [])):
        claim(member["id"], f"members[{i}].id")
        local["member"].add(member["id"])
    for i, contact in enumerate(household.get("informal_contacts", [])):
        claim(contact["id"], f"informal_contacts[{i}].id")
        local["informal"].add(contact["id"])
    for group in ("needs", "involvements", "coordinators"):
        for i, item in enumerate(household.get(group, [])):
            if "professional" in item and item["professional"] not in existing["Professional"]:
                problem(f"{group}[{i}].professional", Msg("unknown professional {key!r}", key=item["professional"]))
            if item.get("since") and item.get("until") and item["until"] < item["since"]:
                problem(f"{group}[{i}].until", Msg("expected a date on or after since ({since})", since=item["since"]))
    for i, assessment in enumerate(household.get("zrm", [])):
        claim(assessment["id"], f"zrm[{i}].id")
        allowed = ZRM_VERSIONS[assessment["version"]]
        for domain in assessment["scores"]:
            if domain not in allowed:
                problem(f"zrm[{i}].scores.{domain}", Msg("domain {domain!r} is not part of {version}", domain=domain,
                                                         version=assessment["version"]))
    for i, ecogram in enumerate(household.get("ecograms", [])):
        claim(ecogram["id"], f"ecograms[{i}].id")
        for j, tie in enumerate(ecogram["ties"]):
            kind, ref = tie["kind"], tie["ref"]
            known = local[kind] if kind in local else existing[TIE_TARGET[kind]]
            if ref not in known:
                problem(f"ecograms[{i}].ties[{j}].ref", Msg("unknown {label} {key!r}", label=TIE_TARGET[kind], key=ref))
    for i, consent in enumerate(household.get("consents", [])):
        claim(consent["id"], f"consents[{i}].id")
    return problems


def build_plan(households: list[dict[str, Any]]) -> Plan:
    plan = Plan()
    for household in households:
        key = household["id"]
        plan.node("Household", {name: household.get(name) for name in
                                ("id", "composition", "with_children", "complexity")})
        plan.relationship("lives_in", key, household["wijk"])
        for member in household.get("members", []):
            plan.node("HouseholdMember", {name: member.get(name) for name in ("id", "role", "age_band", "alias")})
            plan.relationship("member_of_household", member["id"], key)
        for contact in household.get("informal_contacts", []):
            plan.node("InformalContact", {name: contact.get(name) for name in ("id", "kind", "alias")})
            plan.relationship("contact_of", contact["id"], key)
        for need in household.get("needs", []):
            plan.relationship("needs", key, need["expertise"], **_period(need))
        for item in household.get("involvements", []):
            plan.relationship("involved_with", item["professional"], key, life_domain=item["life_domain"],
                              **_period(item))
        for item in household.get("coordinators", []):
            plan.relationship("coordinates", item["professional"], key, **_period(item))
        for assessment in household.get("zrm", []):
            plan.node("ZrmAssessment", {"id": assessment["id"], "date": date.fromisoformat(assessment["date"]),
                                        "version": assessment["version"]})
            plan.relationship("assessed", key, assessment["id"])
            for domain, score in assessment["scores"].items():
                plan.relationship("scored", assessment["id"], domain, score=score)
        for ecogram in household.get("ecograms", []):
            plan.node("Ecogram", {"id": ecogram["id"], "date": date.fromisoformat(ecogram["date"])})
            plan.relationship("has_ecogram", key, ecogram["id"])
            for tie in ecogram["ties"]:
                plan.relationship(f"tie_{tie['kind']}", ecogram["id"], tie["ref"], quality=tie["quality"],
                                  direction=tie["direction"])
        for consent in household.get("consents", []):
            plan.node("Consent", {"id": consent["id"], "purpose": consent["purpose"],
                                  "given_on": date.fromisoformat(consent["given_on"]),
                                  "withdrawn_on": _date(consent.get("withdrawn_on"))})
            plan.relationship("gave_consent", key, consent["id"])
    return plan


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _period(item: dict[str, Any]) -> dict[str, date | None]:
    return {"since": _date(item.get("since")), "until": _date(item.get("until"))}
