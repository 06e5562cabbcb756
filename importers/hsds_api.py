"""Which shape a JSON document has: tabular JSON, an HSDS API answer (one object, a page of a list), or an API root.

The HSDS 3 API answers with objects whose related records are nested in them (``GET /services/{id}``: the service
with its organization, contacts, service_at_locations and their locations, attributes with their taxonomy terms)
and lists as pages ``{"total_items": ..., "contents": [...]}``. An object's type is not written in it; it is told
by the fields only that type has (:func:`api_type`). A document is tabular JSON when its keys are tables.
"""

from __future__ import annotations

from typing import Any

from importers.hsds_rows import Input, add_object, add_table, check_version
from importers.hsds_tables import TABLE_BY_NAME, ignored_table, old_table, table_of
from importers.problems import N_, Msg, Problem

API_ROOT_KEYS = frozenset({"version", "profile", "openapi_url"})  # GET / of an HSDS API (examples/base.json)
SERVICE_SIGNS = frozenset({"status", "service_areas", "service_at_locations", "program", "eligibility_description",
                           "fees_description", "application_process", "interpretation_services"})
TERM_SIGNS = frozenset({"taxonomy", "taxonomy_id", "parent_id", "term_uri", "taxonomy_detail"})
LOCATION_SIGNS = frozenset({"location_type", "latitude", "longitude", "addresses", "transportation"})
ORGANIZATION_SIGNS = frozenset({"website", "tax_status", "legal_status", "year_incorporated", "logo", "services",
                                "parent_organization_id", "locations", "organization_identifiers", "funding",
                                "programs", "additional_websites"})
SHAPES = "an organization, service or service_at_location object, a list of them, or tabular JSON"


def api_type(item: Any) -> str | None:
    """The table of an API-shaped object (``services``), the spec name of one not read (``taxonomy``), or None."""
    if not isinstance(item, dict):
        return None
    keys = set(item)
    if isinstance(item.get("service"), dict) or isinstance(item.get("location"), dict) or (
            {"service_id", "location_id"} <= keys):
        return "service_at_locations"
    if keys & SERVICE_SIGNS or isinstance(item.get("organization"), dict):
        return "services"
    if "code" in keys and keys & TERM_SIGNS:
        return "taxonomy_terms"
    if keys & LOCATION_SIGNS:
        return "locations"
    if keys & ORGANIZATION_SIGNS:
        return "organizations"
    if "name" in keys and keys & {"version", "uri"} and "code" not in keys:
        return "taxonomy"
    return None


def read_document(document: Any, file: str, found: Input) -> None:
    """Add what one JSON document holds, by its shape."""
    if isinstance(document, list):
        found.shapes.add(N_("array of API objects"))
        for index, item in enumerate(document):
            _add_api(found, item, file, f"[{index}]")
        return
    if not isinstance(document, dict):
        found.problems.append(Problem(file, None, None, Msg("expected {shapes}, got {kind}", shapes=Msg(SHAPES),
                                                            kind=type(document).__name__)))
        return
    keys = set(document)
    if isinstance(document.get("contents"), list) and not any(table_of(key) for key in keys):
        _read_page(document, file, found)
    elif keys and keys <= API_ROOT_KEYS:
        found.shapes.add(N_("API root"))
        if "version" in document:
            check_version(found, file, document["version"])
        found.notices.append(Msg("{file} is the root answer of an HSDS API: it holds no records", file=file))
    elif not _is_record(keys):
        found.shapes.add(N_("tabular JSON"))
        if "version" in document:
            check_version(found, file, document["version"])
        for key, rows in document.items():
            if key != "version":
                add_table(found, key, rows, file)
    else:
        _add_api(found, document, file, None)


def _is_record(keys: set[str]) -> bool:
    """An object with an id is a record (tabular JSON has no table "id"); without one, a record has a name and no
    key that names a table (a typo in a table name stays a table, and is named)."""
    if "id" in keys:
        return True
    return "name" in keys and not any(table_of(key) or ignored_table(key) or old_table(key) for key in keys)


def _read_page(document: dict[str, Any], file: str, found: Input) -> None:
    items = document["contents"]
    found.shapes.add(N_("paginated list"))
    total = document.get("total_items")
    if isinstance(total, int) and total > len(items):
        found.notices.append(Msg(
            "{file} is page {page} of {pages} ({count} of {total} records): only the records on this page are "
            "imported", file=file, page=document.get("page_number", "?"), pages=document.get("total_pages", "?"),
            total=total, count=len(items)))
    for index, item in enumerate(items):
        _add_api(found, item, file, f"contents[{index}]")


def _add_api(found: Input, item: Any, file: str, row: str | None) -> None:
    kind = api_type(item)
    if kind is None:
        what = Msg("an object with the fields {fields}", fields=", ".join(sorted(item)[:8])) if isinstance(
            item, dict) else type(item).__name__
        found.problems.append(Problem(file, row, None, Msg(
            "cannot tell which HSDS record this is: expected {shapes}, got {what}", shapes=Msg(SHAPES), what=what)))
        return
    found.shapes.add(N_("API objects"))
    table = TABLE_BY_NAME.get(kind)
    if table is None:
        found.skip(kind, 1)
        return
    add_object(found, table, item, file, row or table.resource)
