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

    return run_import(store, path.name, plans, problems, options.for_file(path, "households"))


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
    checked: list[tuple[int, dict[str, Any]]] = []
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
        if isinstance(household, dict):  # its references are checked too, so that every problem comes in one round
            checked.append((index, household))
    existing = _existing_keys(store, [household for _, household in checked])
    seen: dict[str, str] = {}
    earlier = set() if earlier_keys is None else earlier_keys
    for index, household in checked:
        found = _semantic_problems(household, existing, seen, earlier, name, _where(index, household))
        problems.extend(found)
        if found:
            rejected.add(index)
    earlier.update(hash(key) for key in seen)
    return problems, rejected


def _items(parent: Any, name: str) -> list[tuple[int, dict[str, Any]]]:
    """The objects of the list ``parent[name]`` with their index; what the schema refused is left out (a household
    with schema errors is still checked for the references it does make)."""
    items = parent.get(name) if isinstance(parent, dict) else None
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []


def _text(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    return value if isinstance(value, str) else None


def _existing_keys(store: Store, households: list[dict[str, Any]]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {"Wijk": set(), "Professional": set(), "CivilPartner": set()}
    for household in households:
        if (wijk := _text(household, "wijk")) is not None:
            wanted["Wijk"].add(wijk)
        for _, helper in (*_items(household, "involvements"), *_items(household, "coordinators")):
            if (key := _text(helper, "professional")) is not None:
                wanted["Professional"].add(key)
        for _, ecogram in _items(household, "ecograms"):
            for _, tie in _items(ecogram, "ties"):
                if tie.get("kind") in ("professional", "civil") and (ref := _text(tie, "ref")) is not None:
                    wanted[TIE_TARGET[tie["kind"]]].add(ref)
    return {label: existing_keys(store, label, keys) for label, keys in wanted.items()}


def _semantic_problems(
    household: dict[str, Any], existing: dict[str, set[str]], seen_keys: dict[str, str], earlier_keys: set[int],
    name: str, where: str
) -> list[Problem]:
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(name, where, field, message))

    def claim(item: dict[str, Any], field: str) -> str | None:
        key = _text(item, "id")
        if key is None:
            return None
        if hash(key) in earlier_keys:
            problem(field, Msg("duplicate key {key!r}; already used in an earlier file of this import", key=key))
        elif key in seen_keys:
            problem(field, Msg("duplicate key {key!r}; already used by {first}", key=key, first=seen_keys[key]))
        else:
            seen_keys[key] = Msg("{file}, {where}, {field}", file=name, where=where, field=field)
        return key

    claim(household, "id")
    wijk = _text(household, "wijk")
    if wijk is not None and wijk not in existing["Wijk"]:
        problem("wijk", Msg("unknown wijk {wijk!r}: import the sociale kaart with this wijk first", wijk=wijk))
    local: dict[str, set[str | None]] = {
        "member": {claim(member, f"members[{i}].id") for i, member in _items(household, "members")},
        "informal": {claim(contact, f"informal_contacts[{i}].id")
                     for i, contact in _items(household, "informal_contacts")},
    }
    for group in ("needs", "involvements", "coordinators"):
        for i, item in _items(household, group):
            key = _text(item, "professional")
            if key is not None and key not in existing["Professional"]:
                problem(f"{group}[{i}].professional", Msg("unknown professional {key!r}", key=key))
            since, until = _text(item, "since"), _text(item, "until")
            if since and until and until < since:
                problem(f"{group}[{i}].until", Msg("expected a date on or after since ({since})", since=since))
    for i, assessment in _items(household, "zrm"):
        claim(assessment, f"zrm[{i}].id")
        version = _text(assessment, "version")
        allowed = ZRM_VERSIONS.get(version, ()) if version is not None else ()
        scores = assessment.get("scores")
        for domain in scores if allowed and isinstance(scores, dict) else ():
            if domain not in allowed:
                problem(f"zrm[{i}].scores.{domain}", Msg("domain {domain!r} is not part of {version}", domain=domain,
                                                         version=version))
    for i, ecogram in _items(household, "ecograms"):
        claim(ecogram, f"ecograms[{i}].id")
        for j, tie in _items(ecogram, "ties"):
            kind, ref = _text(tie, "kind"), _text(tie, "ref")
            if kind not in TIE_TARGET or ref is None:
                continue
            known = local[kind] if kind in local else existing[TIE_TARGET[kind]]
            if ref not in known:
                problem(f"ecograms[{i}].ties[{j}].ref", Msg("unknown {label} {key!r}", label=TIE_TARGET[kind], key=ref))
    for i, consent in _items(household, "consents"):
        claim(consent, f"consents[{i}].id")
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
