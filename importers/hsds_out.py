"""The sociale kaart as Open Referral HSDS 3.0: tabular JSON and a CSV data package, which the HSDS importer reads
back as the same graph.

Pure functions: the sociale kaart as :func:`queries.exports.sociale_kaart` reads it in, the HSDS tables out
(:func:`hsds_tables`), then tabular JSON (:func:`tabular_json`, keyed by the spec's CSV file names:
``{"organizations.csv": [...], ...}``) or a data package (:func:`datapackage` and :func:`csv_files`). The tables
and their constraints are those of :mod:`importers.hsds_spec` (HSDS 3.0, cited there).

The mapping, the importer's read backwards (docs/import-formats.md describes the import):
- an Organisation is an ``organization`` (name, e-mail, website; its general phone a ``phone``);
- the professionals of one organisation with the same expertise and the same areas share a ``service`` (named
  after the expertise codes, status active) with an ``attribute`` per expertise pointing to a ``taxonomy_term``
  (code: the expertise code, name its name) and a ``service_area`` per wijk or municipality they work in (name: its
  code, which the importer resolves); expertise an organisation offers that none of its professionals brings gets
  a service of its own;
- a Professional is a ``contact`` of its service (or of its organisation, without expertise or areas): name,
  function as title, e-mail; its phone a ``phone`` of the contact. A professional without an employer has no place
  in HSDS (a contact belongs to an organisation or a service) and is left out.
Not in HSDS: teams, memberships (ring 1), agreements, civil partners, KNOWS ties, the group of a WORKS_IN (the
importer gives wijk areas its ``--group``, municipality areas group D), since/until and last_verified; and never
household data. There are no locations in wijkgraph, so no ``location`` or ``service_at_location`` rows.

Ids: a key the HSDS importer made (``hsds:`` and the original id) gives its original id back, so that an HSDS data
set survives a round trip unchanged; every other key, and every row that is no node in wijkgraph (services, areas,
phones, terms, attributes), gets a UUID 5 of its table and key, the same in every export. An organisation's
``scope`` comes back from its professionals' areas; an organisation whose scope no professional's area implies
loses it on the way (the areas of its services are not in wijkgraph).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections import defaultdict
from typing import Any

from importers.hsds_spec import HSDS_VERSION, SPEC_BY_RESOURCE, SPEC_TABLES

HSDS_PREFIX = "hsds:"  # the prefix of the keys the HSDS importer writes (importers/hsds.py PREFIX)
NAMESPACE = uuid.UUID("2b0f4c1e-6a57-5e0b-9c1d-77696a6b6772")  # wijkgraph's namespace of UUID 5 ids
NO_EXPERTISE = "Ondersteuning"  # the name of a service whose professionals bring no expertise
Tables = dict[str, list[dict[str, Any]]]


def hsds_id(resource: str, key: str) -> str:
    """The HSDS id of a wijkgraph key: the original id of an HSDS import, else a UUID 5 of the table and key.

    >>> hsds_id("organization", "hsds:0fdfb57f-c147-4cfb-864c-44788a335d8c"), hsds_id("contact", "hsds:c-1")
    ('0fdfb57f-c147-4cfb-864c-44788a335d8c', 'c-1')
    >>> hsds_id("organization", "ORG-GGZ") == hsds_id("organization", "ORG-GGZ") != hsds_id("contact", "ORG-GGZ")
    True
    """
    if key.startswith(HSDS_PREFIX) and len(key) > len(HSDS_PREFIX):
        return key[len(HSDS_PREFIX):]
    return str(uuid.uuid5(NAMESPACE, f"{resource}:{key}"))


def _row(resource: str, **values: Any) -> dict[str, Any]:
    """A row with the table's fields in order, absent values left out (HSDS: a string field is never null) unless
    the field is required (then an empty string)."""
    spec = SPEC_BY_RESOURCE[resource]
    return {name: "" if values.get(name) is None else values[name] for name in spec.fields
            if values.get(name) not in (None, "") or name in spec.required}


def hsds_tables(kaart: dict[str, Any]) -> Tables:
    """The HSDS 3.0 tables of a sociale kaart (resource -> rows), in the spec's order of tables."""
    tables: Tables = {table.resource: [] for table in SPEC_TABLES}
    organisations = {org["id"]: org for org in kaart["organisations"]}
    names = {item["code"]: item["name"] for item in kaart["expertise"]}
    profiles: dict[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], list[dict[str, Any]]] = defaultdict(list)
    for person in kaart["professionals"]:
        if person.get("organisation") in organisations:
            areas = tuple((area["label"], area["code"]) for area in person["areas"])
            profiles[(person["organisation"], tuple(person["expertise"]), areas)].append(person)
    covered: dict[str, set[str]] = defaultdict(set)
    for org_key, expertise, _ in profiles:
        covered[org_key].update(expertise)
    for org_key, org in organisations.items():
        org_id = hsds_id("organization", org_key)
        tables["organization"].append(_row("organization", id=org_id, name=org["name"], description="",
                                           email=org.get("email"), website=org.get("website")))
        if org.get("phone"):
            tables["phone"].append(_row("phone", id=hsds_id("phone", f"organisation:{org_key}"),
                                        organization_id=org_id, number=org["phone"]))
        for code in org.get("offers") or []:
            if code not in covered[org_key]:
                profiles.setdefault((org_key, (code,), ()), [])
    terms: dict[str, str] = {}
    for (org_key, expertise, areas), people in sorted(profiles.items()):
        service_id = _service(tables, org_key, expertise, areas, terms, names) if expertise or areas else None
        for person in people:
            _contact(tables, person, hsds_id("organization", org_key), service_id)
    return tables


def _service(tables: Tables, org_key: str, expertise: tuple[str, ...], areas: tuple[tuple[str, str], ...],
             terms: dict[str, str], names: dict[str, str]) -> str:
    """Write the service of one profile (organisation, expertise, areas) with its attributes and areas."""
    service_id = hsds_id("service", f"{org_key}|{','.join(expertise)}|{','.join(code for _, code in areas)}")
    tables["service"].append(_row("service", id=service_id, organization_id=hsds_id("organization", org_key),
                                  name=", ".join(expertise) or NO_EXPERTISE, status="active"))
    for code in expertise:
        if code not in terms:
            terms[code] = hsds_id("taxonomy_term", code)
            name = names.get(code, code)
            tables["taxonomy_term"].append(_row("taxonomy_term", id=terms[code], code=code, name=name,
                                                description=name))
        tables["attribute"].append(_row("attribute", id=hsds_id("attribute", f"{service_id}|{code}"),
                                        link_id=service_id, link_type="expertise", link_entity="service",
                                        taxonomy_term_id=terms[code]))
    for label, code in areas:
        tables["service_area"].append(_row("service_area", id=hsds_id("service_area", f"{service_id}|{code}"),
                                           service_id=service_id, name=code, description=label))
    return service_id


def _contact(tables: Tables, person: dict[str, Any], org_id: str, service_id: str | None) -> None:
    contact_id = hsds_id("contact", person["id"])
    tables["contact"].append(_row("contact", id=contact_id, organization_id=org_id, service_id=service_id,
                                  name=person["name"], title=person.get("function"), email=person.get("email")))
    if person.get("phone"):
        tables["phone"].append(_row("phone", id=hsds_id("phone", f"contact:{person['id']}"), contact_id=contact_id,
                                    number=person["phone"]))


def tabular_json(tables: Tables) -> dict[str, list[dict[str, Any]]]:
    """HSDS 3.0 tabular JSON: one key per table, the spec's CSV file name (``organizations.csv``)."""
    return {SPEC_BY_RESOURCE[resource].path: rows for resource, rows in tables.items()}


def csv_files(tables: Tables) -> dict[str, str]:
    """The CSV file of each table (file name -> text): the declared columns, absent values empty."""
    files = {}
    for resource, rows in tables.items():
        spec = SPEC_BY_RESOURCE[resource]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(spec.fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        files[spec.path] = buffer.getvalue()
    return files


def datapackage(tables: Tables, title: str) -> dict[str, Any]:
    """The ``datapackage.json`` of the CSV files (Frictionless tabular data package), naming the HSDS version."""
    resources = []
    for resource in tables:
        spec = SPEC_BY_RESOURCE[resource]
        fields = [{"name": name, "type": "string", **({"format": rule["format"]} if "format" in rule else {}),
                   "constraints": {"required": name in spec.required,
                                   **({"enum": rule["enum"]} if "enum" in rule else {})}}
                  for name, rule in spec.fields.items()]
        schema: dict[str, Any] = {"fields": fields, "primaryKey": "id"}
        if spec.foreign_keys:
            schema["foreignKeys"] = [{"fields": name, "reference": {"resource": target, "fields": "id"}}
                                     for name, target in spec.foreign_keys.items()]
        resources.append({"name": resource, "path": spec.path, "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "profile": "tabular-data-resource", "schema": schema})
    return {"name": "wijkgraph-sociale-kaart", "title": title, "profile": "tabular-data-package",
            "version": HSDS_VERSION, "resources": resources}


def package_files(tables: Tables, title: str) -> dict[str, str]:
    """Every file of the data package: ``datapackage.json`` and the CSV files."""
    return {"datapackage.json": json.dumps(datapackage(tables, title), ensure_ascii=False, indent=2) + "\n",
            **csv_files(tables)}


def package_zip(tables: Tables, title: str) -> bytes:
    """The data package as one ZIP file (for a download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in package_files(tables, title).items():
            archive.writestr(name, text)
    return buffer.getvalue()
