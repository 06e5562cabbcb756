"""Open Referral HSDS 3.x JSON: organisations, the expertise their services offer, contacts per wijk.

get (a folder of ``<table>.json`` arrays, or one document ``{"organizations": [...], ...}``) -> validate
(JSON Schema per table, then ids, references, and service areas against the wijken and municipalities in
the database) -> load -> cleanup. A problem names the file, the row (``services[2] (svc-3)``: the table,
the index in its array and the HSDS id) and the field. The mapping is documented in docs/import-formats.md.
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
from importers.hsds_tables import IGNORED_TABLES, SINGULAR, TABLE_BY_NAME, TABLES, Table, expertise_of
from importers.jsonfile import read_json
from importers.options import ImportOptions
from importers.pipeline import ImportResult, Plan, run_import
from importers.problems import N_, ImportRefused, Msg, Problem
from importers.schema_errors import Wording, explain

PREFIX = "hsds:"  # HSDS ids become wijkgraph keys with this prefix, so they cannot collide with a kaart's keys
DEFAULT_GROUP = "B"  # an HSDS service supports part of the problems and writes no wijkteam plan
CITY_WIDE_GROUP = "D"
WIJK_SCOPE, CITY_WIDE_SCOPE = "wijk", "stedelijk"  # an organisation's reach, from its services' areas
assert {WIJK_SCOPE, CITY_WIDE_SCOPE} <= set(ORGANISATION_SCOPES)
_VALIDATORS = {table.name: Draft202012Validator(table.schema()) for table in TABLES}
# An offending value is shown with its type and shortened: an HSDS export puts numbers where strings belong.
WORDING = Wording(typed=True, clip=40, null_means_absent=True)


@dataclass
class Record:
    table: str
    file: str
    index: int
    values: dict[str, Any]
    valid: bool = True

    @property
    def where(self) -> str:
        key = self.values.get("id")
        if isinstance(key, str) and len(key) > 100:  # an id is at most 100 characters; do not echo a huge one
            key = key[:40] + "..."
        return f"{self.table}[{self.index}]" + (f" ({key})" if isinstance(key, str) and key else "")


Tables = dict[str, list[Record]]


@dataclass(frozen=True)
class Area:
    label: str  # Wijk or Municipality
    code: str


def import_hsds(
    store: Store, path: Path, options: ImportOptions = ImportOptions(), *, group: str = DEFAULT_GROUP
) -> ImportResult:
    """Import HSDS 3.x JSON (a folder of table files or one document); ``group`` is the group in a wijk."""
    if group not in GROUPS:
        raise ImportRefused(path.name, [Problem(path.name, None, "group",
                                                Msg("expected one of {choices}, got {value!r}",
                                                    choices=", ".join(GROUPS), value=group))])
    tables = read_hsds(path)
    areas, problems = validate(store, tables, path.name)
    plan = build_plan({name: [record for record in records if record.valid] for name, records in tables.items()},
                      areas, group)
    return run_import(store, path.name, plan, problems, options.for_file(path, "hsds"))


# --- get ----------------------------------------------------------------------------------------------


def read_hsds(path: Path) -> Tables:
    """The rows of every table read, from a folder of ``<table>.json`` files or one JSON document."""
    if path.is_dir():
        return _read_folder(path)
    document = _load_json(path, path.name)
    if not isinstance(document, dict):
        raise ImportRefused(path.name, [Problem(path.name, None, None, Msg('expected an object {"organizations": '
                                                                           '[...], "services": [...], ...}'))])
    problems: list[Problem] = []
    tables: Tables = {}
    for name, rows in document.items():
        _add_table(tables, problems, name, rows, path.name)
    return _nonempty(tables, problems, path.name)


def _read_folder(folder: Path) -> Tables:
    files = sorted(file for file in folder.glob("*.json") if file.stem != "datapackage")
    if not files:
        raise ImportRefused(folder.name, [Problem(folder.name, None, None, "the folder holds no .json files")])
    problems: list[Problem] = []
    tables: Tables = {}
    for file in files:
        try:
            rows = _load_json(file, file.name)
        except ImportRefused as refused:
            problems.extend(refused.problems)
            continue
        _add_table(tables, problems, file.stem, rows, file.name)
    return _nonempty(tables, problems, folder.name)


def _add_table(tables: Tables, problems: list[Problem], name: str, rows: Any, file: str) -> None:
    if name in IGNORED_TABLES:
        return
    if name not in TABLE_BY_NAME:
        known = sorted((*TABLE_BY_NAME, *IGNORED_TABLES))
        problems.append(Problem(file, None, None, Msg("unknown HSDS table {name!r}; expected one of {tables}",
                                                      name=name, tables=", ".join(known))))
    elif not isinstance(rows, list):
        problems.append(Problem(file, None, name, Msg("expected an array of {name}, got {kind}", name=name,
                                                      kind=type(rows).__name__)))
    else:
        tables[name] = [Record(name, file, index, row) for index, row in enumerate(rows)]


def _nonempty(tables: Tables, problems: list[Problem], label: str) -> Tables:
    if problems:
        raise ImportRefused(label, problems)
    if not any(tables.values()):
        raise ImportRefused(label, [Problem(label, None, None, Msg("no rows to import: every table is empty"))])
    return tables


def _load_json(path: Path, name: str) -> Any:
    if not path.exists():
        raise ImportRefused(name, [Problem(name, None, None, Msg("file or folder not found"))])
    return read_json(path, name, expected=Msg("JSON"), split_hint=N_("split it into one file per table"))


# --- validate -----------------------------------------------------------------------------------------


def validate(store: Store, tables: Tables, label: str) -> tuple[dict[str, Area], list[Problem]]:
    """Check every row; rows with a problem are marked invalid. Returns the service areas resolved."""
    problems: list[Problem] = []
    for table in TABLES:
        records = tables.get(table.name, [])
        for record in records:
            _check_row(table, record, problems)
        _check_unique(records, problems)
    _check_references(tables, problems)
    areas = _resolve_areas(store, tables.get("service_areas", []), problems)
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
    for name in table.nested:
        if raw.get(name):
            problem(name, Msg("nested {name} are not read; list them in the {name} table with {key}_id {value!r}",
                              name=name, key=SINGULAR[table.name], value=raw.get("id")))
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


def _check_references(tables: Tables, problems: list[Problem]) -> None:
    """Mark rows that name a row the file does not hold, or holds but rejected (a consequence).

    Repeated until stable, because rejecting a row can orphan rows that refer to it (--skip-invalid).
    References stay within the file: an HSDS export is complete, and its ids mean nothing elsewhere.
    """
    in_file = {name: {record.values.get("id") for record in records} for name, records in tables.items()}
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
                    if value in in_file.get(target, ()):
                        problems.append(Problem(record.file, record.where, column,
                                                Msg("refers to {kind} {value!r}, whose row was rejected", kind=kind,
                                                    value=value),
                                                consequence=True))
                    else:
                        problems.append(Problem(record.file, record.where, column,
                                                Msg("unknown {kind} {value!r}: not in this file", kind=kind,
                                                    value=value)))
                    record.valid = False
                    newly_invalid += 1
                    break
        if not newly_invalid:
            return


def _refs(table: Table, record: Record) -> list[tuple[str, str]]:
    refs = list(table.refs.items())
    if table.name == "attributes" and record.values["link_entity"] == "service":
        refs.append(("link_id", "services"))  # attributes of other entities are not read
    return refs


def _area_text(record: Record) -> tuple[str, str] | None:
    """The field and text that name a service area: its name, else a text extent."""
    if record.values["name"]:
        return "name", record.values["name"]
    if record.values["extent"] and record.values["extent_type"] in (None, "text"):
        return "extent", record.values["extent"]
    return None


def _resolve_areas(store: Store, records: list[Record], problems: list[Problem]) -> dict[str, Area]:
    """Service area id -> the wijk or municipality it names, by code or by name (case-insensitive)."""
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
            message = Msg("expected a wijk or municipality code or name in name (or in extent, with extent_type text)")
            problems.append(Problem(record.file, record.where, "name", message))
            record.valid = False
            continue
        column, text = found
        candidates = matches.get(text, [])
        if len(candidates) == 1:
            areas[record.values["id"]] = candidates[0]
            continue
        if candidates:
            codes = ", ".join(area.code for area in candidates)
            message = Msg("area {text!r} is ambiguous: it names {codes}; use the code", text=text, codes=codes)
        else:
            message = Msg("unknown area {text!r}: no wijk or municipality with this code or name in the database "
                          "(import the sociale kaart first)", text=text)
        problems.append(Problem(record.file, record.where, column, message))
        record.valid = False
    return areas


# --- transform ----------------------------------------------------------------------------------------


def build_plan(tables: Tables, areas: dict[str, Area], group: str) -> Plan:
    """Rows for the model from valid records only (see docs/import-formats.md for the mapping)."""
    values = {name: {record.values["id"]: record.values for record in records} for name, records in tables.items()}
    organizations, services = values.get("organizations", {}), values.get("services", {})
    service_of_sal = {key: row["service_id"] for key, row in values.get("service_at_locations", {}).items()}
    active = {key for key, row in services.items() if row["status"] == "active"}
    expertise = _service_expertise(services, values)
    service_areas: dict[str, set[Area]] = defaultdict(set)
    for key, row in values.get("service_areas", {}).items():
        service = row["service_id"] or service_of_sal[row["service_at_location_id"]]
        service_areas[service].add(areas[key])

    plan = Plan()
    for key, row in organizations.items():
        own = [service for service, s in services.items() if s["organization_id"] == key and service in active]
        labels = {area.label for service in own for area in service_areas[service]}
        scope = CITY_WIDE_SCOPE if "Municipality" in labels else WIJK_SCOPE if "Wijk" in labels else None
        plan.node("Organisation", {"id": PREFIX + key, "name": row["name"], "kind": None, "scope": scope,
                                   "website": row["website"]})
        for code in sorted({code for service in own for code in expertise[service]}):
            plan.relationship("offers", PREFIX + key, code)

    phone = _first_phone(tables.get("phones", []))
    for key, row in values.get("contacts", {}).items():
        service = row["service_id"] or service_of_sal.get(row["service_at_location_id"] or "")
        employer = row["organization_id"] or services[service]["organization_id"]
        professional = PREFIX + key
        plan.node("Professional", {
            "id": professional, "name": row["name"], "function": row["title"], "email": row["email"],
            "phone": phone.get(key), "name_normalised": normalise_name(row["name"]), "last_verified": None,
        })
        plan.relationship("employed_by", professional, PREFIX + employer)
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


def _service_expertise(services: dict[str, dict[str, Any]], values: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Per service: what its name and its taxonomy terms (through attributes) map to."""
    terms = values.get("taxonomy_terms", {})
    expertise = {key: expertise_of(row["name"]) for key, row in services.items()}
    for row in values.get("attributes", {}).values():
        if row["link_entity"] == "service":
            term = terms[row["taxonomy_term_id"]]
            expertise[row["link_id"]] |= expertise_of(term["code"], term["name"])
    return defaultdict(set, expertise)


def _first_phone(records: list[Record]) -> dict[str, str]:
    """A contact's phone: the first number listed for it (a Professional holds one)."""
    phone: dict[str, str] = {}
    for record in records:
        contact = record.values["contact_id"]
        if contact and contact not in phone:
            phone[contact] = record.values["number"]
    return phone


__all__ = ["DEFAULT_GROUP", "ImportRefused", "import_hsds", "read_hsds", "validate"]
