"""What wijkgraph reads of Open Referral HSDS 3.0 and 3.1: the tables, their fields, how they nest.

Declared once here and shared: the importer's JSON Schema, its reference checks, the reading of every shape
(tabular JSON, CSV data package, API-shaped objects), the tests and ``docs/import-formats.md`` come from these
declarations, and an HSDS writer can take the table names, CSV file names and fields from them too (so what it
writes is what the importer reads back).

Names: ``Table.name`` is wijkgraph's own name of a table (the plural its folder form has always used,
``organizations``), ``Table.resource`` the spec's (``organization``: the key in 3.x tabular JSON, the resource
name in ``datapackage.json``, the schema file name) and ``Table.path`` the CSV file of the spec's data package.
:func:`table_of` accepts all of them, with or without ``.csv`` / ``.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_TEXT = 2000
TEXT: dict[str, Any] = {"type": ["string", "null"], "maxLength": MAX_TEXT}
KEY: dict[str, Any] = {"type": ["string", "null"], "maxLength": 100}
SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")  # HSDS 3.0 service.status
EXTENT_TYPES = ("geojson", "topojson", "kml", "text")  # HSDS 3.0 service_area.extent_type
SUPPORTED_VERSIONS = ("3.0", "3.1")  # HSDS versions read; a datapackage.json or API root names its version


@dataclass(frozen=True)
class Nested:
    """A key of an API-shaped object that holds records of another table (a list, or one object)."""

    table: str  # Table.name of the nested records
    link: str  # the field that ties the two together (see ``parent``)
    # False: the nested records belong to this one (service.contacts: contact.service_id = service.id).
    # True: this record refers to the nested one (service.organization: service.organization_id = organization.id).
    parent: bool = False
    entity: str | None = None  # attributes: the link_entity the nesting implies (service, organization, ...)


@dataclass(frozen=True)
class Table:
    name: str  # wijkgraph's name: the folder form's <name>.json and the rows' label (organizations[0])
    resource: str  # the spec's table name: 3.x tabular JSON key, datapackage.json resource, API object type
    path: str  # the CSV file in the spec's data package
    fields: dict[str, dict[str, Any]]  # the fields read, with their JSON Schema
    required: tuple[str, ...] = ("id",)
    refs: dict[str, str] = field(default_factory=dict)  # field -> the table whose id it names
    one_of: tuple[str, ...] = ()  # at least one of these fields must be filled
    nested: dict[str, Nested] = field(default_factory=dict)  # API-shaped objects: key -> the records it holds

    def schema(self) -> dict[str, Any]:
        # Null is accepted everywhere (HSDS exports write null for absent fields); required is checked
        # after empty strings are read as absent.
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                "properties": self.fields}


def _many(table: str, link: str, entity: str | None = None) -> Nested:
    return Nested(table, link, entity=entity)


def _one(table: str, link: str) -> Nested:
    return Nested(table, link, parent=True)


_PHONES_OF = {"organizations": "organization_id", "services": "service_id", "locations": "location_id",
              "service_at_locations": "service_at_location_id", "contacts": "contact_id"}


def _phones(table: str) -> dict[str, Nested]:
    return {"phones": _many("phones", _PHONES_OF[table])}


TABLES: tuple[Table, ...] = (
    Table("organizations", "organization", "organizations.csv",
          {"id": KEY, "name": TEXT, "description": TEXT, "email": TEXT, "website": TEXT},
          ("id", "name"),
          nested={"services": _many("services", "organization_id"),
                  "contacts": _many("contacts", "organization_id"),
                  "locations": _many("locations", "organization_id"), **_phones("organizations"),
                  "attributes": _many("attributes", "link_id", "organization")}),
    Table("services", "service", "services.csv", {
        "id": KEY, "organization_id": KEY, "name": TEXT, "alternate_name": TEXT, "description": TEXT,
        "email": TEXT, "status": {"enum": [*SERVICE_STATUSES, None]},
    }, ("id", "organization_id", "name", "status"), {"organization_id": "organizations"},
        nested={"organization": _one("organizations", "organization_id"),
                "contacts": _many("contacts", "service_id"), **_phones("services"),
                "service_areas": _many("service_areas", "service_id"),
                "service_at_locations": _many("service_at_locations", "service_id"),
                "attributes": _many("attributes", "link_id", "service")}),
    Table("locations", "location", "locations.csv", {"id": KEY, "organization_id": KEY, "name": TEXT},
          refs={"organization_id": "organizations"},
          nested={"contacts": _many("contacts", "location_id"), **_phones("locations"),
                  "attributes": _many("attributes", "link_id", "location")}),
    Table("service_at_locations", "service_at_location", "service_at_location.csv",
          {"id": KEY, "service_id": KEY, "location_id": KEY},
          ("id", "service_id", "location_id"), {"service_id": "services", "location_id": "locations"},
          nested={"service": _one("services", "service_id"), "location": _one("locations", "location_id"),
                  "contacts": _many("contacts", "service_at_location_id"), **_phones("service_at_locations"),
                  "service_areas": _many("service_areas", "service_at_location_id"),
                  "attributes": _many("attributes", "link_id", "service_at_location")}),
    Table("contacts", "contact", "contacts.csv", {
        "id": KEY, "organization_id": KEY, "service_id": KEY, "service_at_location_id": KEY, "location_id": KEY,
        "name": TEXT, "title": TEXT, "email": TEXT,
    }, ("id", "name"), {"organization_id": "organizations", "service_id": "services",
                        "service_at_location_id": "service_at_locations", "location_id": "locations"},
        one_of=("organization_id", "service_id", "service_at_location_id", "location_id"),
        nested=_phones("contacts")),
    Table("phones", "phone", "phones.csv", {
        "id": KEY, "contact_id": KEY, "organization_id": KEY, "service_id": KEY, "location_id": KEY,
        "service_at_location_id": KEY, "number": TEXT,
    }, ("id", "number"), {"contact_id": "contacts", "organization_id": "organizations", "service_id": "services",
                          "location_id": "locations", "service_at_location_id": "service_at_locations"}),
    Table("service_areas", "service_area", "service_areas.csv", {
        "id": KEY, "service_id": KEY, "service_at_location_id": KEY, "name": TEXT, "extent": TEXT,
        "extent_type": {"enum": [*EXTENT_TYPES, None]},
    }, refs={"service_id": "services", "service_at_location_id": "service_at_locations"},
        one_of=("service_id", "service_at_location_id")),
    Table("taxonomy_terms", "taxonomy_term", "taxonomy_terms.csv", {"id": KEY, "code": TEXT, "name": TEXT},
          ("id", "name")),
    Table("attributes", "attribute", "attributes.csv",
          {"id": KEY, "link_id": KEY, "link_entity": TEXT, "taxonomy_term_id": KEY},
          ("id", "link_id", "link_entity", "taxonomy_term_id"), {"taxonomy_term_id": "taxonomy_terms"},
          nested={"taxonomy_term": _one("taxonomy_terms", "taxonomy_term_id")}),
)
TABLE_BY_NAME = {table.name: table for table in TABLES}
SINGULAR = {table.name: table.resource for table in TABLES}

# The other HSDS 3.0 and 3.1 tables (spec names): accepted so that a whole export can be given, and skipped with
# a notice (wijkgraph has no place for them). The meta tables describe the data set, not the services.
META_TABLES = ("metadata", "meta_table_description")
IGNORED_TABLES = (
    "accessibility", "address", "cost_option", "funding", "language", "organization_identifier", "program",
    "required_document", "schedule", "taxonomy", "service_capacity", "unit", "url", *META_TABLES,
)
V31_TABLES = ("service_capacity", "unit", "url")  # tables HSDS 3.1 added
V31_FIELDS = {"services": ("last_modified",)}  # fields HSDS 3.1 added to the tables read
# HSDS 1.x and 2.x tables that 3.0 renamed or dropped: named in the refusal of an older data set.
OLD_TABLES = ("services_at_location", "services_taxonomy", "service_taxonomy", "service_attributes",
              "physical_addresses", "postal_addresses", "regular_schedules", "holiday_schedules",
              "accessibility_for_disabilities", "payments_accepted", "eligibility", "interpretation_services",
              "organization_taxonomy", "location_taxonomy", "service_at_location_taxonomy", "other_attributes")


def _forms(name: str) -> set[str]:
    """The spellings of a table name: singular, plural (capacity -> capacities), each with .csv and .json."""
    plural = name[:-1] + "ies" if name.endswith("y") and not name.endswith("ay") else name + "s"
    bare = {name, plural, name + "es"} if name.endswith("s") else {name, plural}
    return bare | {form + ending for form in bare for ending in (".csv", ".json")}


_TABLE_FORMS = {form: table.name for table in TABLES for form in _forms(table.resource) | _forms(table.name)}
_IGNORED_FORMS = {form: name for name in IGNORED_TABLES for form in _forms(name)}
_OLD_FORMS = {form: name for name in OLD_TABLES for form in _forms(name)}


def table_of(key: str) -> Table | None:
    """The table a key, file or resource name stands for (``service_at_location.csv``), or None."""
    name = _TABLE_FORMS.get(key.strip().lower())
    return TABLE_BY_NAME[name] if name else None


def ignored_table(key: str) -> str | None:
    """The spec's name of a table that is skipped (``metadata``), or None."""
    return _IGNORED_FORMS.get(key.strip().lower())


def old_table(key: str) -> str | None:
    """The name of an HSDS 1.x/2.x table (``services_taxonomy``), or None."""
    return _OLD_FORMS.get(key.strip().lower())


def known_names() -> list[str]:
    """Every table name accepted, as the spec writes it, for the message about an unknown table."""
    return sorted({table.resource for table in TABLES} | set(IGNORED_TABLES))
