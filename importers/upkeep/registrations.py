"""Registrations through a wijk network's registration link: a professional who is not yet known introduces
themselves, and a coordinator approves (or rejects) the entry before it counts anywhere.

- :func:`submit` validates the form with the import's column declarations (:mod:`importers.kaart_sheets`: the
  professionals, wijk_work and expertise sheets) and writes a pending ``(:Registration)`` (a system node: no
  analysis, page or export reads it) with its ``register`` audit entry, in one transaction with the link's check.
- :func:`pending` lists them with the possible duplicates of existing professionals beside each: the same normalised
  name (:func:`graph.normalise.normalise_name`), the same e-mail (case and spaces ignored), the same phone (E.164,
  or as digits with +31 written as 0, as ``queries/cypher/duplicate_professionals.cypher`` compares them).
- :func:`approve` makes the Professional (source ``wijkgraph:app``), its wijk work and group, its expertise and its
  employer through A's ``create_in``, in one audited transaction; :func:`reject` only marks it rejected.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.load import lock_node
from graph.model import EXPERTISE, GROUPS
from graph.normalise import normalise_name, normalise_phone
from graph.store import Store
from importers.fields import parse_cell
from importers.hsds_phones import e164
from importers.kaart_sheets import SHEET_BY_NAME
from importers.problems import Msg
from importers.upkeep.changes import Actor, plain_value, record_change
from importers.upkeep.edit import EditRefused, create_in
from importers.upkeep.links import link_actor, open_link_in
from importers.upkeep.verify import verify_in

FORM_FIELDS = ("name", "function", "organisation_id", "organisation_name", "email", "phone", "group")
EXPERTISE_CODES = tuple(EXPERTISE)
GROUP_CODES = GROUPS
MAX_FIELD = 200  # characters of one text field; a name, an address, a function
TEXT_COLUMNS = ("name", "function", "email", "phone")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class RegistrationRefused(EditRefused):
    """The form has problems (each: the field, or None, and a message); nothing was written."""


class RegistrationMissing(LookupError):
    """No pending registration with that id (it does not exist, or was decided already)."""


def _column(sheet: str, name: str) -> Any:
    return next(column for column in SHEET_BY_NAME[sheet].columns if column.name == name)


def validate(store: Store, form: Mapping[str, Any]) -> dict[str, Any]:
    """The registration's values from the form (strings; ``expertise`` a list of codes), or RegistrationRefused."""
    problems: list[tuple[str | None, Msg]] = []
    values: dict[str, Any] = {}
    for name in TEXT_COLUMNS:
        text = str(form.get(name) or "").strip()
        if len(text) > MAX_FIELD:
            problems.append((name, Msg("at most {most} characters", most=MAX_FIELD)))
            continue
        value, problem = parse_cell(_column("professionals", name), text)
        if problem:
            problems.append((name, _msg(problem)))
        values[name] = value
    if not values.get("email") and not values.get("phone"):
        problems.append((None, Msg("give an e-mail address or a phone number, so that colleagues can reach you")))
    if values.get("email") and not _EMAIL.fullmatch(values["email"]):
        problems.append(("email", Msg("expected an e-mail address such as naam@organisatie.nl")))
    values["phone_e164"] = None
    if values.get("phone"):
        values["phone_e164"], problem = e164(values["phone"])
        if problem:
            problems.append(("phone", _msg(problem)))
    group, problem = parse_cell(_column("wijk_work", "group"), str(form.get("group") or "").strip()[:10])
    if problem:
        problems.append(("group", _msg(problem)))
    values["group"] = group
    codes = form.get("expertise") or []
    codes = [codes] if isinstance(codes, str) else list(codes)
    values["expertise"] = []
    for code in codes[:20]:
        parsed, problem = parse_cell(_column("expertise", "expertise"), str(code).strip()[:40])
        if problem:
            problems.append(("expertise", _msg(problem)))
        elif parsed not in values["expertise"]:
            values["expertise"].append(parsed)
    values.update(_organisation(store, form, problems))
    if problems:
        raise RegistrationRefused(problems)
    values["name_normalised"] = normalise_name(values["name"])
    return values


def _msg(problem: str) -> Msg:
    return problem if isinstance(problem, Msg) else Msg(problem)


def _organisation(store: Store, form: Mapping[str, Any], problems: list[tuple[str | None, Msg]]) -> dict[str, Any]:
    chosen = str(form.get("organisation_id") or "").strip()[:MAX_FIELD]
    typed = str(form.get("organisation_name") or "").strip()
    if len(typed) > MAX_FIELD:
        problems.append(("organisation_name", Msg("at most {most} characters", most=MAX_FIELD)))
        return {}
    if chosen:
        if not store.read("MATCH (o:Organisation {id: $id}) RETURN o.id AS id", {"id": chosen}):
            problems.append(("organisation_id", Msg("choose an organisation from the list, or type its name")))
        return {"organisation_id": chosen, "organisation_name": None}
    if typed:  # a name the sociale kaart knows is that organisation
        rows = store.read("MATCH (o:Organisation) WHERE toLower(o.name) = toLower($name) RETURN o.id AS id "
                          "ORDER BY id LIMIT 1", {"name": typed})
        return {"organisation_id": rows[0]["id"] if rows else None, "organisation_name": None if rows else typed}
    problems.append(("organisation_id", Msg("choose your organisation, or type its name")))
    return {}


def submit(store: Store, token: str, form: Mapping[str, Any], resource: str) -> str:
    """Validate the form and write a pending registration through the registration link ``token``; its id.

    LinkRefused when the link is unknown, expired or revoked; RegistrationRefused when the form has problems."""
    values = validate(store, form)
    registration_id = "R-" + secrets.token_hex(6)

    def work(tx: ManagedTransaction) -> str:
        link = open_link_in(tx, token, "registration")
        tx.run("CREATE (r:Registration) SET r = $values, r.id = $id, r.link = $link, r.wijk = $wijk, "
               "r.status = 'pending', r.submitted_at = datetime(), r.source = 'wijkgraph:registrations', "
               "r.firstseen = datetime(), r.lastupdated = datetime()",
               values=values, id=registration_id, link=link.id, wijk=link.wijk).consume()
        record_change(tx, link_actor(link), "register", f"registration {registration_id}", resource, None,
                      {**values, "wijk": link.wijk}, link.wijken)
        return registration_id

    return store.in_write_transaction(work)


# --- The coordinator's side ---------------------------------------------------------------------------------------


_DUPLICATES = (
    "UNWIND $registrations AS r "
    "CALL (r) { "
    "  MATCH (p:Professional) "
    "  WITH p, r, trim(coalesce(p.phone, '')) AS raw "
    "  WITH p, r, raw, reduce(d = '', c IN split(raw, '') | d + CASE WHEN '0' <= c <= '9' THEN c ELSE '' END) AS digits"
    "  WITH p, r, CASE WHEN digits STARTS WITH '0031' THEN '0' + substring(digits, 4) "
    "                  WHEN raw STARTS WITH '+31' THEN '0' + substring(digits, 2) ELSE digits END AS national "
    "  WITH p, r, [reason IN ["
    "      CASE WHEN coalesce(p.name_normalised, toLower(trim(p.name))) = r.name_normalised THEN 'same_name' END, "
    "      CASE WHEN r.email IS NOT NULL AND toLower(trim(p.email)) = toLower(r.email) THEN 'same_email' END, "
    "      CASE WHEN r.phone_e164 IS NOT NULL AND (p.phone_e164 = r.phone_e164 OR national = r.phone_national) "
    "           THEN 'same_phone' END] WHERE reason IS NOT NULL] AS reasons "
    "  WHERE size(reasons) > 0 "
    "  RETURN collect({id: p.id, name: p.name, function: p.function, reasons: reasons, "
    "    organisations: COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name ORDER BY o.name }}) "
    "    AS duplicates "
    "} "
    "RETURN r.id AS id, duplicates")


def registrations(store: Store, scope: frozenset[str] | None, status: str | None = "pending") -> list[dict[str, Any]]:
    """The registrations of the wijken of ``scope`` (None: all), newest first, each with ``duplicates``: existing
    professionals with the same normalised name, e-mail or phone (their id, name, organisations and reasons)."""
    rows = store.read(
        "MATCH (r:Registration) WHERE ($status IS NULL OR r.status = $status) AND ($all OR r.wijk IN $scope) "
        "OPTIONAL MATCH (w:Wijk {code: r.wijk}) OPTIONAL MATCH (o:Organisation {id: r.organisation_id}) "
        "RETURN r {.*} AS r, w.name AS wijk_name, o.name AS organisation ORDER BY r.submitted_at DESC, r.id",
        {"status": status, "all": scope is None, "scope": sorted(scope or ())})
    items = [{key: plain_value(value) for key, value in row["r"].items()
              if key not in ("source", "firstseen", "lastupdated")}
             | {"wijk_name": row["wijk_name"], "organisation": row["organisation"] or row["r"].get("organisation_name")}
             for row in rows]
    if items:
        found = store.read(_DUPLICATES, {"registrations": [
            {"id": item["id"], "name_normalised": item.get("name_normalised"), "email": item.get("email"),
             "phone_e164": item.get("phone_e164"),
             "phone_national": normalise_phone(item["phone"]) if item.get("phone") else None} for item in items]})
        by_id = {row["id"]: sorted(row["duplicates"], key=lambda d: (-len(d["reasons"]), d["id"])) for row in found}
        for item in items:
            item["duplicates"] = by_id.get(item["id"], [])
    return items


def _locked_pending(tx: ManagedTransaction, registration_id: str, wijken: frozenset[str] | None) -> dict[str, Any]:
    if not lock_node(tx, "Registration", registration_id):
        raise RegistrationMissing(registration_id)
    row = tx.run("MATCH (r:Registration {id: $id}) RETURN r {.*} AS r", id=registration_id).single(strict=True)
    registration = dict(row["r"])
    if registration["status"] != "pending" or (wijken is not None and registration["wijk"] not in wijken):
        raise RegistrationMissing(registration_id)
    return registration


def approve(store: Store, actor: Actor, registration_id: str, resource: str,
            scope: frozenset[str] | None = None) -> str:
    """Make the Professional of a pending registration (of a wijk in ``scope``; None: any) and return its id.

    One transaction: the professional (name, function, e-mail, phone, employer; a typed organisation becomes a new
    Organisation), its work in the wijk with its group, its expertise (A's ``create_in``: source ``wijkgraph:app``,
    audited ``create``), verified on the day it registered (B's ``verify_in``, by the link), and ``approve``."""
    def work(tx: ManagedTransaction) -> str:
        r = _locked_pending(tx, registration_id, scope)
        organisation = r.get("organisation_id")
        if not organisation and r.get("organisation_name"):
            organisation = "ORG-" + secrets.token_hex(4).upper()
            create_in(tx, actor, "organisation", {"id": organisation, "name": r["organisation_name"]}, resource)
        professional = "P-" + secrets.token_hex(4).upper()
        create_in(tx, actor, "professional", {
            "id": professional, "name": r["name"], "function": r.get("function") or "",
            "organisation_id": organisation or "", "email": r.get("email") or "", "phone": r.get("phone") or ""},
            resource)
        create_in(tx, actor, "wijk_work", {"professional_id": professional, "wijk_code": r["wijk"],
                                           "group": r["group"], "since": dt.date.today().isoformat()}, resource)
        for code in r.get("expertise") or []:
            create_in(tx, actor, "expertise", {"professional_id": professional, "expertise": code}, resource)
        submitted = r["submitted_at"].to_native().date() if hasattr(r["submitted_at"], "to_native") else None
        verify_in(tx, Actor(f"link:registration:{r['link']}", "self-service"), "professional", professional,
                  resource, on=submitted)
        _decide(tx, actor, r, "approved", professional, resource)
        return professional

    return store.in_write_transaction(work)


def reject(store: Store, actor: Actor, registration_id: str, resource: str,
           scope: frozenset[str] | None = None) -> None:
    """Mark a pending registration rejected (audited ``reject``); nothing enters the sociale kaart."""
    def work(tx: ManagedTransaction) -> None:
        _decide(tx, actor, _locked_pending(tx, registration_id, scope), "rejected", None, resource)

    store.in_write_transaction(work)


def _decide(tx: ManagedTransaction, actor: Actor, registration: Mapping[str, Any], status: str,
            professional: str | None, resource: str) -> None:
    tx.run("MATCH (r:Registration {id: $id}) SET r.status = $status, r.decided_by = $by, r.decided_at = datetime(), "
           "r.professional = $professional, r.lastupdated = datetime()", id=registration["id"], status=status,
           by=actor.name, professional=professional).consume()
    record_change(tx, actor, "approve" if status == "approved" else "reject", f"registration {registration['id']}",
                  resource, {"status": "pending"}, {"status": status, "professional": professional},
                  [registration["wijk"]])

