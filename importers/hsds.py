"""Open Referral HSDS 3.0 and 3.1: organisations, the expertise their services offer, contacts per wijk.

get (every published shape, :mod:`importers.hsds_read`) -> validate (JSON Schema per table, then ids, references,
phone numbers, and service areas against the wijken and municipalities in the database) -> load -> cleanup. A
problem names the file, the row as the user finds it (``services[2] (svc-3)``, CSV row ``3 (svc-3)``,
``service.contacts[0] (c-1)``) and the field. The mapping is documented in docs/import-formats.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from graph.model import GROUPS, ORGANISATION_SCOPES
from graph.normalise import normalise_name
from graph.store import Store
from importers.hsds_expertise import ExpertiseMap, default_map, read_map
from importers.hsds_phones import e164, shown
from importers.hsds_read import read_input
from importers.hsds_rows import Record
from importers.hsds_tables import SINGULAR, TABLES, Table
from importers.options import ImportOptions
from importers.pipeline import ImportResult, Plan, run_import
from importers.problems import ImportRefused, Msg, Problem
from importers.schema_errors import Wording, explain

PREFIX = "hsds:"  # HSDS ids become wijkgraph keys with this prefix, so they cannot collide with a kaart's keys
DEFAULT_GROUP = "B"  # an HSDS service supports part of the problems and writes no wijkteam plan
CITY_WIDE_GROUP = "D"
WIJK_SCOPE, CITY_WIDE_SCOPE = "wijk", "stedelijk"  # an organisation's reach, from its services' areas
assert {WIJK_SCOPE, CITY_WIDE_SCOPE} <= set(ORGANISATION_SCOPES)
_VALIDATORS = {table.name: Draft202012Validator(table.schema()) for table in TABLES}
# An offending value is shown with its type and shortened: an HSDS export puts numbers where strings belong.
WORDING = Wording(typed=True, clip=40, null_means_absent=True)
# attribute.link_entity -> the table its link_id names (attributes of other entities are not read)
LINKED = {"service": "services", "service_at_location": "service_at_locations", "organization": "organizations",
          "location": "locations"}

Tables = dict[str, list[Record]]


@dataclass(frozen=True)
class Area:
    label: str  # Wijk or Municipality
    code: str


def import_hsds(
    store: Store, path: Path, options: ImportOptions = ImportOptions(), *, group: str = DEFAULT_GROUP,
    expertise_map: Path | None = None,
) -> ImportResult:
    """Import HSDS 3.0/3.1 in any published shape; ``group`` is the group in a wijk, ``expertise_map`` a mapping
    file that replaces the default (:mod:`importers.hsds_expertise`)."""
    if group not in GROUPS:
        raise ImportRefused(path.name, [Problem(path.name, None, "group",
                                                Msg("expected one of {choices}, got {value!r}",
                                                    choices=", ".join(GROUPS), value=group))])
    mapping = read_map(expertise_map) if expertise_map is not None else default_map()
    found = read_input(path)
    areas, problems = validate(store, found.tables, path.name, found.notices)
    plan = build_plan({name: [record for record in records if record.valid] for name, records in found.tables.items()},
                      areas, group, mapping)
    result = run_import(store, path.name, plan, problems, options.for_file(path, "hsds"))
    read = Msg("read as {shapes}, HSDS {version}", shapes=_listed(found.shapes),
               version=found.version or Msg("3 (no version given)"))
    result.notices += [read, *found.notices]
    return result


def _listed(shapes: set[str]) -> str:
    """The shapes read, each translated where it is shown: "tabular JSON", "API objects, paginated list"."""
    names = [Msg(shape) for shape in sorted(shapes)]
    text = names[0] if names else Msg("nothing")
    for name in names[1:]:
        text = Msg("{first}, {then}", first=text, then=name)
    return text


def read_hsds(path: Path) -> Tables:
    """The rows of every table read (tests and tools; the import reads with :func:`read_input`)."""
    return read_input(path).tables


# --- validate -----------------------------------------------------------------------------------------


def validate(store: Store, tables: Tables, label: str,
             notices: list[Any] | None = None) -> tuple[dict[str, Area], list[Problem]]:
    """Check every row; rows with a problem are marked invalid. Returns the service areas resolved; an area that
    names no place in the database goes to ``notices``."""
    problems: list[Problem] = []
    for table in TABLES:
        records = tables.get(table.name, [])
        for record in records:
            _check_row(table, record, problems)
        _check_unique(records, problems)
    for record in tables.get("phones", []):
        _check_phone(record, problems)
    _check_references(tables, problems)
    _check_employers(tables, problems)
    areas = _resolve_areas(store, tables.get("service_areas", []), problems, [] if notices is None else notices)
    return areas, problems


def _check_row(table: Table, record: Record, problems: list[Problem]) -> None:
    def problem(column: str | None, message: str) -> None:
        problems.append(Problem(record.file, record.where, column, message))
        record.valid = False

    raw = record.values
    if not isinstance(raw, dict):
        record.values = {}
        problem(None, Msg("expected an object, got {value}", value=WORDING.show(raw)))
        return
    for error in sorted(_VALIDATORS[table.name].iter_errors(raw), key=lambda error: list(error.path)):
        problem(".".join(map(str, error.path)) or None, explain(error, WORDING))
    if not record.valid:
        # Keep the id for references; a value of the wrong type (a list, an object) is no key of anything.
        record.values = {name: value if isinstance(value := raw.get(name), str) else None for name in table.fields}
        return
    # Empty strings are absent values: exports write "" and null alike.
    record.values = {name: (raw.get(name) or "").strip() or None for name in table.fields}
    for name in table.required:
        if record.values[name] is None:
            problem(name, Msg("required field is missing"))
    if table.one_of and not any(record.values[name] for name in table.one_of):
        problem(" or ".join(table.one_of), Msg("expected at least one of {fields}", fields=", ".join(table.one_of)))


def _check_unique(records: list[Record], problems: list[Problem]) -> None:
    first: dict[str, Record] = {}
    for record in records:
        key = record.values.get("id")
        if not isinstance(key, str) or not key:
            continue
        if key in first:
            problems.append(Problem(record.file, record.where, "id",
                                    Msg("duplicate id {key!r}; first at {first}", key=key, first=first[key].where)))
            record.valid = False
        else:
            first[key] = record


def _check_phone(record: Record, problems: list[Problem]) -> None:
    """A phone number is shown as typed (without quotes around it) and kept in E.164; an invalid one is refused."""
    number = record.values.get("number")
    if not record.valid or number is None:
        return
    normalised, problem = e164(number)
    record.values["number"], record.values["e164"] = shown(number), normalised
    if problem is not None:
        problems.append(Problem(record.file, record.where, "number", problem))
        record.valid = False


def _check_references(tables: Tables, problems: list[Problem]) -> None:
    """Mark rows that name a row the input does not hold, or holds but rejected (a consequence).

    Every broken reference of a row is named. Repeated until stable, because rejecting a row can orphan rows that
    refer to it (--skip-invalid). References stay within the input: an HSDS export is complete, and its ids mean
    nothing elsewhere.
    """
    present = {name: {record.values.get("id") for record in records} for name, records in tables.items()}
    while True:
        valid = {name: {record.values["id"] for record in records if record.valid} for name, records in tables.items()}
        newly_invalid = 0
        for table in TABLES:
            for record in tables.get(table.name, []):
                if not record.valid:
                    continue
                for column, target in _refs(table, record):
                    value = record.values[column]
                    if value is None or value in valid.get(target, ()):
                        continue
                    kind = SINGULAR[target]
                    if value in present.get(target, ()):
                        message = Msg("refers to {kind} {value!r}, whose row was rejected", kind=kind, value=value)
                    else:
                        message = Msg("unknown {kind} {value!r}: no {kind} with this id in the input", kind=kind,
                                      value=value)
                    problems.append(Problem(record.file, record.where, column, message,
                                            consequence=value in present.get(target, ())))
                    record.valid = False
                newly_invalid += not record.valid
        if not newly_invalid:
            return


def _refs(table: Table, record: Record) -> list[tuple[str, str]]:
    refs = list(table.refs.items())
    if table.name == "attributes" and record.values["link_entity"] in LINKED:
        refs.append(("link_id", LINKED[record.values["link_entity"]]))
    return refs


def _check_employers(tables: Tables, problems: list[Problem]) -> None:
    """A contact becomes a professional of an organisation: one must follow from its links."""
    values = _by_id(tables)
    for record in tables.get("contacts", []):
        if record.valid and _employer(record.values, values) is None:
            problems.append(Problem(record.file, record.where, "organization_id", Msg(
                "the contact belongs to no organization: expected organization_id, or a service or location that "
                "has one")))
            record.valid = False


def _by_id(tables: Tables) -> dict[str, dict[str, dict[str, Any]]]:
    return {name: {record.values["id"]: record.values for record in records if record.valid}
            for name, records in tables.items()}


def _service_of(row: dict[str, Any], values: dict[str, dict[str, dict[str, Any]]]) -> str | None:
    """The service a contact, service area or attribute belongs to, directly or through its service_at_location."""
    sal = values.get("service_at_locations", {}).get(row.get("service_at_location_id") or "")
    return row.get("service_id") or (sal["service_id"] if sal else None)


def _employer(row: dict[str, Any], values: dict[str, dict[str, dict[str, Any]]]) -> str | None:
    service = values.get("services", {}).get(_service_of(row, values) or "")
    location = values.get("locations", {}).get(row.get("location_id") or "")
    employer: str | None = row.get("organization_id") or (service or {}).get("organization_id") or (
        location or {}).get("organization_id")
    return employer


def _area_text(record: Record) -> tuple[str, str] | None:
    """The field and text that name a service area: its name, else a text extent."""
    if record.values["name"]:
        return "name", record.values["name"]
    if record.values["extent"] and record.values["extent_type"] in (None, "text"):
        return "extent", record.values["extent"]
    return None


def _resolve_areas(store: Store, records: list[Record], problems: list[Problem],
                   notices: list[Any]) -> dict[str, Area]:
    """Service area id -> the wijk or municipality it names, by code or by name (case-insensitive).

    An area that names a place outside the database ("the MyCity area", a GeoJSON polygon) is not an error: HSDS
    published elsewhere describes areas wijkgraph does not know. Its services are imported without it, and a
    notice names each such area, so a coordinator sees which wijk is missing. An area that names two places is a
    problem: only the user can say which one is meant."""
    named = {record.values["id"]: _area_text(record) for record in records if record.valid}
    texts = sorted({named_text[1] for named_text in named.values() if named_text})
    matches: dict[str, list[Area]] = defaultdict(list)
    for row in store.read(
        "UNWIND $texts AS text CALL (text) {"
        " MATCH (w:Wijk) WHERE w.code = text OR toLower(w.name) = toLower(text) RETURN 'Wijk' AS label, w.code AS code"
        " UNION MATCH (m:Municipality) WHERE m.code = text OR toLower(m.name) = toLower(text)"
        " RETURN 'Municipality' AS label, m.code AS code"
        "} RETURN text, label, code ORDER BY code", {"texts": texts},
    ):
        matches[row["text"]].append(Area(row["label"], row["code"]))
    areas: dict[str, Area] = {}
    for record in records:
        if not record.valid:
            continue
        found = named[record.values["id"]]
        if found is None:
            notices.append(Msg("{file}, row {row}: the service area names no wijk or municipality (only a {kind} "
                               "extent); its service is imported without an area", file=record.file,
                               row=record.where, kind=record.values["extent_type"] or Msg("blank")))
            continue
        column, text = found
        candidates = matches.get(text, [])
        if len(candidates) == 1:
            areas[record.values["id"]] = candidates[0]
            continue
        shown_text = text if len(text) <= 60 else text[:57] + "..."
        if candidates:
            codes = ", ".join(area.code for area in candidates)
            message = Msg("area {text!r} is ambiguous: it names {codes}; use the code", text=shown_text, codes=codes)
            problems.append(Problem(record.file, record.where, column, message))
            record.valid = False
        else:
            notices.append(Msg("{file}, row {row}: the service area {text!r} is no wijk or municipality in the "
                               "database; its service is imported without it (import the sociale kaart first if "
                               "it lies in your municipality)", file=record.file, row=record.where, text=shown_text))
    return areas


# --- transform ----------------------------------------------------------------------------------------


def build_plan(tables: Tables, areas: dict[str, Area], group: str, mapping: ExpertiseMap | None = None) -> Plan:
    """Rows for the model from valid records only (see docs/import-formats.md for the mapping)."""
    values = _by_id(tables)
    organizations, services = values.get("organizations", {}), values.get("services", {})
    active = {key for key, row in services.items() if row["status"] == "active"}
    offered, expertise = _expertise(values, mapping or default_map())
    service_areas: dict[str, set[Area]] = defaultdict(set)
    for key, row in values.get("service_areas", {}).items():
        if key in areas:  # an area outside the database places nobody
            service_areas[_service_of(row, values) or ""].add(areas[key])
    phones = _phones(tables.get("phones", []))

    plan = Plan()
    for key, row in organizations.items():
        own = [service for service, s in services.items() if s["organization_id"] == key and service in active]
        labels = {area.label for service in own for area in service_areas[service]}
        scope = CITY_WIDE_SCOPE if "Municipality" in labels else WIJK_SCOPE if "Wijk" in labels else None
        number, normalised = phones.get(("organization_id", key), (None, None))
        plan.node("Organisation", {"id": PREFIX + key, "name": row["name"], "kind": None, "scope": scope,
                                   "website": row["website"], "phone": number, "phone_e164": normalised})
        for code in sorted(offered[key] | {code for service in own for code in expertise[service]}):
            plan.relationship("offers", PREFIX + key, code)

    for key, row in values.get("contacts", {}).items():
        service = _service_of(row, values)
        professional = PREFIX + key
        number, normalised = phones.get(("contact_id", key), (None, None))
        plan.node("Professional", {
            "id": professional, "name": row["name"], "function": row["title"], "email": row["email"],
            "phone": number, "phone_e164": normalised, "name_normalised": normalise_name(row["name"]),
            "last_verified": None,
        })
        plan.relationship("employed_by", professional, PREFIX + str(_employer(row, values)))
        if service is None or service not in active:
            continue  # an inactive service (or none: a contact of the organisation) puts nobody to work in a wijk
        for code in sorted(expertise[service]):
            plan.relationship("has_expertise", professional, code)
        for area in sorted(service_areas[service], key=lambda area: area.code):
            if area.label == "Wijk":
                plan.relationship("works_in_wijk", professional, area.code, group=group, since=None, until=None)
            else:
                plan.relationship("works_in_municipality", professional, area.code, group=CITY_WIDE_GROUP,
                                  since=None, until=None)
    return plan


def _expertise(values: dict[str, dict[str, dict[str, Any]]],
               mapping: ExpertiseMap) -> tuple[defaultdict[str, set[str]], defaultdict[str, set[str]]]:
    """Per organization and per service: what their taxonomy terms (through attributes) and, for a service, its
    name, alternate name and description map to."""
    terms = values.get("taxonomy_terms", {})
    services = values.get("services", {})
    offered: defaultdict[str, set[str]] = defaultdict(set)
    expertise: defaultdict[str, set[str]] = defaultdict(set, {
        key: mapping.of(row["name"], row["alternate_name"], row["description"]) for key, row in services.items()})
    for row in values.get("attributes", {}).values():
        term = terms[row["taxonomy_term_id"]]
        codes = mapping.of(term["code"], term["name"])
        if row["link_entity"] == "organization":
            offered[row["link_id"]] |= codes
        elif row["link_entity"] in ("service", "service_at_location"):
            service = _service_of({f"{row['link_entity']}_id": row["link_id"]}, values)
            expertise[service or ""] |= codes
    return offered, expertise


def _phones(records: list[Record]) -> dict[tuple[str, str], tuple[str, str]]:
    """(contact_id or organization_id, its id) -> its first phone, as shown and in E.164. An organisation's
    general number is one of its phones that is no contact's."""
    phones: dict[tuple[str, str], tuple[str, str]] = {}
    for record in records:
        if not record.valid:
            continue
        row = record.values
        owner = ("contact_id", row["contact_id"]) if row["contact_id"] else ("organization_id", row["organization_id"])
        if owner[1] and owner not in phones:
            phones[owner] = (row["number"], row["e164"])
    return phones


__all__ = ["DEFAULT_GROUP", "ImportRefused", "import_hsds", "read_hsds", "validate"]
