"""The constraints of Open Referral HSDS 3.0 that wijkgraph's HSDS export is checked against.

Declared here, not copied: the schema files of the specification are not part of this repository. Each table's
required fields, types, formats and enums below are taken from the HSDS 3.0 JSON Schema files of the repository
``openreferral/specification`` (folder ``schema/``), read at commit 67e7b37a4b1e03324d6bd107c56cafd153b9d2d0
(organization.json, contact.json, phone.json, service_area.json, taxonomy_term.json, attribute.json) and
01be272d5ecfbd596ce0de19e45883fb29c779e6 (service.json: ``id`` has format uuid, ``status`` its enum); the other
ids are strings there (the examples are UUIDs, which the export writes for every row it makes itself). The
``tabular_required`` fields of a schema (required in the tabular and CSV forms only) are required here too, since
those are the forms written. Only the fields wijkgraph writes are declared; a table's ``path`` is its file in the
spec's CSV data package and its key in tabular JSON, taken from the HSDS importer's declarations
(importers/hsds_tables.py), which also read every field written here but the annotations ``description`` of an
area or term and ``link_type`` (tests/test_export_hsds.py).

:meth:`SpecTable.json_schema` turns a table into a JSON Schema (draft 2020-12) that ``jsonschema`` checks with
:func:`format_checker`, formats included (``uuid``, ``email``, ``uri``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker

from importers.hsds_tables import TABLES as READ_TABLES

HSDS_VERSION = "3.0"
SPEC_COMMIT = "67e7b37a4b1e03324d6bd107c56cafd153b9d2d0"
SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")  # service.json, status.enum
# The file of each table, as the HSDS importer declares it (importers/hsds_tables.py): one declaration of the names.
PATHS = {table.resource: table.path for table in READ_TABLES}
UUID: dict[str, Any] = {"type": "string", "format": "uuid"}
STRING: dict[str, Any] = {"type": "string"}


@dataclass(frozen=True)
class SpecTable:
    resource: str  # the schema's "name": organization, service, ...
    path: str  # the schema's "path": the CSV file of the data package, the key of tabular JSON
    fields: dict[str, dict[str, Any]]  # the fields written, in the order of the CSV's columns
    required: tuple[str, ...]  # "required" and "tabular_required" of the schema
    foreign_keys: dict[str, str]  # field -> resource whose id it names

    def json_schema(self) -> dict[str, Any]:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                "required": list(self.required), "properties": self.fields, "additionalProperties": False}


SPEC_TABLES: tuple[SpecTable, ...] = (
    SpecTable("organization", PATHS["organization"], {
        "id": STRING, "name": STRING, "description": STRING, "email": {"type": "string", "format": "email"},
        "website": {"type": "string", "format": "uri"},
    }, ("id", "name", "description"), {}),
    SpecTable("service", PATHS["service"], {
        "id": UUID, "organization_id": STRING, "name": STRING, "status": {"type": "string",
                                                                        "enum": list(SERVICE_STATUSES)},
    }, ("id", "name", "status", "organization_id"), {"organization_id": "organization"}),
    SpecTable("service_area", PATHS["service_area"], {
        "id": STRING, "service_id": STRING, "name": STRING, "description": STRING,
    }, ("id",), {"service_id": "service"}),
    SpecTable("contact", PATHS["contact"], {
        "id": STRING, "organization_id": STRING, "service_id": STRING, "name": STRING, "title": STRING,
        "email": {"type": "string", "format": "email"},
    }, ("id",), {"organization_id": "organization", "service_id": "service"}),
    SpecTable("phone", PATHS["phone"], {
        "id": STRING, "organization_id": STRING, "contact_id": STRING, "number": STRING,
    }, ("id", "number"), {"organization_id": "organization", "contact_id": "contact"}),
    SpecTable("taxonomy_term", PATHS["taxonomy_term"], {
        "id": STRING, "code": STRING, "name": STRING, "description": STRING,
    }, ("id", "name", "description"), {}),
    SpecTable("attribute", PATHS["attribute"], {
        "id": STRING, "link_id": STRING, "link_type": STRING, "link_entity": STRING, "taxonomy_term_id": STRING,
    }, ("id", "link_type", "link_id", "taxonomy_term_id", "link_entity"), {"taxonomy_term_id": "taxonomy_term"}),
)
SPEC_BY_RESOURCE = {table.resource: table for table in SPEC_TABLES}


def format_checker() -> FormatChecker:
    """jsonschema's format checks (uuid, email, date, ...) and ``uri``, which jsonschema checks only with an optional
    package installed: an absolute URI here has a scheme and a host.

    >>> checker = format_checker()
    >>> checker.conforms("https://ggz.example", "uri"), checker.conforms("ggz.example", "uri")
    (True, False)
    """
    checker = FormatChecker()
    checker.checkers.update(Draft202012Validator.FORMAT_CHECKER.checkers)

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc)

    return checker
