"""What the HSDS importer reads: the HSDS 3.x tables and fields, and the expertise mapping table.

Declared once here; the importer's JSON Schema, its reference checks and the tests are built from
these declarations. ``docs/import-formats.md`` documents the fields (a test compares) and holds the
expertise mapping table generated from :data:`EXPERTISE_WORDS` (:mod:`importers.format_docs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.model import EXPERTISE

MAX_TEXT = 2000
TEXT: dict[str, Any] = {"type": ["string", "null"], "maxLength": MAX_TEXT}
KEY: dict[str, Any] = {"type": ["string", "null"], "maxLength": 100}
SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")  # HSDS 3.0 service.status
EXTENT_TYPES = ("geojson", "topojson", "kml", "text")  # HSDS 3.0 service_area.extent_type


@dataclass(frozen=True)
class Table:
    name: str  # the HSDS table, as the file is named in the folder form (organizations.json)
    fields: dict[str, dict[str, Any]]  # the fields read, with their JSON Schema
    required: tuple[str, ...] = ("id",)
    refs: dict[str, str] = field(default_factory=dict)  # field -> the table whose id it names
    one_of: tuple[str, ...] = ()  # at least one of these fields must be filled
    nested: tuple[str, ...] = ()  # nested arrays of tables read here: refused when filled, so nothing is lost

    def schema(self) -> dict[str, Any]:
        # Null is accepted everywhere (HSDS exports write null for absent fields); required is checked
        # after empty strings are read as absent.
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                "properties": self.fields}


TABLES: tuple[Table, ...] = (
    Table("organizations", {"id": KEY, "name": TEXT, "description": TEXT, "email": TEXT, "website": TEXT},
          ("id", "name"), nested=("services", "contacts", "phones", "locations")),
    Table("services", {
        "id": KEY, "organization_id": KEY, "name": TEXT, "description": TEXT, "email": TEXT,
        "status": {"enum": [*SERVICE_STATUSES, None]},
    }, ("id", "organization_id", "name", "status"), {"organization_id": "organizations"},
        nested=("contacts", "phones", "service_areas", "service_at_locations", "attributes")),
    Table("locations", {"id": KEY, "organization_id": KEY, "name": TEXT},
          refs={"organization_id": "organizations"}, nested=("contacts", "phones")),
    Table("service_at_locations", {"id": KEY, "service_id": KEY, "location_id": KEY},
          ("id", "service_id", "location_id"), {"service_id": "services", "location_id": "locations"},
          nested=("contacts", "phones", "service_areas")),
    Table("contacts", {
        "id": KEY, "organization_id": KEY, "service_id": KEY, "service_at_location_id": KEY,
        "name": TEXT, "title": TEXT, "email": TEXT,
    }, ("id", "name"), {"organization_id": "organizations", "service_id": "services",
                        "service_at_location_id": "service_at_locations"},
        one_of=("organization_id", "service_id", "service_at_location_id"), nested=("phones",)),
    Table("phones", {"id": KEY, "contact_id": KEY, "number": TEXT}, ("id", "number"), {"contact_id": "contacts"}),
    Table("service_areas", {
        "id": KEY, "service_id": KEY, "service_at_location_id": KEY, "name": TEXT, "extent": TEXT,
        "extent_type": {"enum": [*EXTENT_TYPES, None]},
    }, refs={"service_id": "services", "service_at_location_id": "service_at_locations"},
        one_of=("service_id", "service_at_location_id")),
    Table("taxonomy_terms", {"id": KEY, "code": TEXT, "name": TEXT}, ("id", "name")),
    Table("attributes", {"id": KEY, "link_id": KEY, "link_entity": TEXT, "taxonomy_term_id": KEY},
          ("id", "link_id", "link_entity", "taxonomy_term_id"), {"taxonomy_term_id": "taxonomy_terms"}),
)
TABLE_BY_NAME = {table.name: table for table in TABLES}
# Other HSDS 3.x tables: accepted so a whole export can be given, but not read (wijkgraph has no place for them).
IGNORED_TABLES = (
    "accessibility", "addresses", "cost_options", "funding", "languages", "metadata", "organization_identifiers",
    "programs", "required_documents", "schedules", "service_capacities", "taxonomies", "units", "urls",
)
SINGULAR = {"organizations": "organization", "services": "service", "locations": "location",
            "service_at_locations": "service_at_location", "contacts": "contact", "phones": "phone",
            "service_areas": "service_area", "taxonomy_terms": "taxonomy_term", "attributes": "attribute"}

# The expertise mapping table: a taxonomy term (its code or name) or a service name maps to an expertise
# when it is the expertise code itself or contains one of these words at the start of a word (case-insensitive).
# Dutch first, English for HSDS taxonomies such as Open Eligibility. What matches nothing is simply not mapped.
EXPERTISE_WORDS: dict[str, tuple[str, ...]] = {
    "GGZ": ("ggz", "geestelijke gezondheid", "psychiatr", "psycholo", "mental health"),
    "LVB": ("lvb", "licht verstandelijk", "verstandelijke beperking", "intellectual disab", "learning disab"),
    "SCHULDEN": ("schuld", "budgetbeheer", "budgetcoach", "debt"),
    "JEUGD": ("jeugd", "opvoed", "gezinscoach", "youth", "parenting"),
    "OUDEREN": ("ouderen", "dementie", "older adult", "elderly", "dementia"),
    "VERSLAVING": ("verslaving", "addiction", "substance use"),
    "HUISELIJK_GEWELD": ("huiselijk geweld", "kindermishandeling", "veilig thuis", "domestic violence"),
    "WERK_INKOMEN": ("werk en inkomen", "re-integratie", "reintegratie", "uitkering", "bijstand", "employment"),
    "WONEN": ("wonen", "huisvesting", "dakloos", "housing", "homeless"),
}
assert set(EXPERTISE_WORDS) == set(EXPERTISE)
_PATTERNS = {code: re.compile("|".join(rf"\b{re.escape(word)}" for word in words))
             for code, words in EXPERTISE_WORDS.items()}


def expertise_of(*texts: str | None) -> set[str]:
    """The expertise codes a taxonomy term or service name stands for (possibly none)."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        if text.strip().upper() in EXPERTISE:
            found.add(text.strip().upper())
        lowered = text.lower()
        found.update(code for code, pattern in _PATTERNS.items() if pattern.search(lowered))
    return found
