"""The JSON Schema of household files, generated from the model's enumerations.

The committed copy ``importers/household.schema.json`` is for people and other tools; a test checks
that it equals :func:`household_schema`, and ``wijkgraph docs`` rewrites it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.model import EXPERTISE, LIFE_DOMAINS, TIE_DIRECTIONS, TIE_KINDS, TIE_QUALITIES, ZRM_VERSIONS

SCHEMA_FILE = Path(__file__).with_name("household.schema.json")
KEY = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"}
DATE = {"type": "string", "format": "date"}
OPTIONAL_DATE = {"type": ["string", "null"], "format": "date"}
PERIOD = {"since": DATE, "until": OPTIONAL_DATE}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


def _array(items: dict[str, Any], max_items: int) -> dict[str, Any]:
    return {"type": "array", "maxItems": max_items, "items": items}


def household_schema() -> dict[str, Any]:
    household = _object({
        "id": KEY,
        "wijk": {"type": "string", "minLength": 1, "maxLength": 32},
        "composition": {"enum": ["alleenstaand", "eenouder", "samenwonend", "anders"]},
        "with_children": {"type": "boolean"},
        "complexity": {"enum": ["enkelvoudig", "meervoudig", "multiproblem"]},
        "members": _array(_object({
            "id": KEY, "role": {"enum": ["ouder", "partner", "kind", "anders"]},
            "age_band": {"enum": ["0-11", "12-17", "18-26", "27-66", "67+"]},
            "alias": {"type": "string", "maxLength": 60},
        }, ["id", "role"]), 30),
        "informal_contacts": _array(_object({
            "id": KEY, "kind": {"type": "string", "minLength": 1, "maxLength": 40},
            "alias": {"type": "string", "maxLength": 60},
        }, ["id", "kind"]), 100),
        "needs": _array(_object({"expertise": {"enum": list(EXPERTISE)}, **PERIOD}, ["expertise"]), 20),
        "involvements": _array(_object({
            "professional": KEY, "life_domain": {"enum": list(LIFE_DOMAINS)}, **PERIOD,
        }, ["professional", "life_domain"]), 100),
        "coordinators": _array(_object({"professional": KEY, **PERIOD}, ["professional"]), 20),
        "zrm": _array(_object({
            "id": KEY, "date": DATE, "version": {"enum": list(ZRM_VERSIONS)},
            "scores": {
                "type": "object", "maxProperties": 20, "propertyNames": {"enum": list(LIFE_DOMAINS)},
                "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
            },
        }, ["id", "date", "version", "scores"]), 100),
        "ecograms": _array(_object({
            "id": KEY, "date": DATE,
            "ties": _array(_object({
                "kind": {"enum": list(TIE_KINDS)}, "ref": KEY,
                "quality": {"enum": list(TIE_QUALITIES)}, "direction": {"enum": list(TIE_DIRECTIONS)},
            }, ["kind", "ref", "quality", "direction"]), 200),
        }, ["id", "date", "ties"]), 100),
        "consents": _array(_object({
            "id": KEY, "purpose": {"type": "string", "minLength": 1, "maxLength": 60},
            "given_on": DATE, "withdrawn_on": OPTIONAL_DATE,
        }, ["id", "purpose", "given_on"]), 50),
    }, ["id", "wijk"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wijkgraph.example/schemas/household.schema.json",
        "title": "wijkgraph households and ecograms",
        "description": "Pseudonymous households with members, informal contacts, needs, helpers, ZRM assessments, "
                       "ecogram snapshots and consents. Generated from graph/model.py.",
        "type": "object", "additionalProperties": False, "required": ["households"],
        "properties": {"households": _array(household, 100_000)},
    }


def schema_text() -> str:
    return json.dumps(household_schema(), indent=2, ensure_ascii=False) + "\n"
