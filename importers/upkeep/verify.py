"""Verification ("Klopt nog"): a contact's details are confirmed as they are, on a day, by someone.

A contact is a professional, an organisation or a civil partner (:data:`VERIFY_KINDS`). Verifying it sets its
``last_verified`` (today, or a given day that is not in the future and not before its last verification) and its
``verified_by`` (the actor's name: a user, or ``link:<id>`` for a professional's own self-service link), and writes
the audit entry (action ``verify``, before -> after of those two) in the same transaction. Nothing else of the
record changes; its version does (``last_verified`` is one of its values), so an editor who opened it before sees
the verification as a change.

Who may verify is the web app's business (api/web/verify.py, the rule of api/web/writes.py); a refusal here
(:class:`~importers.upkeep.edit.EditRefused`, :class:`~importers.upkeep.records.RecordMissing`) writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import ManagedTransaction

from graph import records as cypher
from graph.load import lock_node
from graph.store import Store
from importers.problems import Msg
from importers.upkeep.changes import Actor, record_change
from importers.upkeep.edit import EditRefused
from importers.upkeep.records import KIND_NAMES, Record, RecordMissing, read_in, sheet_of

VERIFY_KINDS = ("professional", "organisation", "civil_partner")
# Fixed statements, one per kind of contact: the day and the name travel as parameters.
# One statement for the three kinds of contact: each branch seeks its label's key (indexed); only the branch of
# ``$kind`` can match.
SET_VERIFIED = (
    "CALL { MATCH (n:Professional {id: $key}) WHERE $kind = 'professional' RETURN n "
    "UNION MATCH (n:Organisation {id: $key}) WHERE $kind = 'organisation' RETURN n "
    "UNION MATCH (n:CivilPartner {id: $key}) WHERE $kind = 'civil_partner' RETURN n } "
    "SET n.last_verified = $on, n.verified_by = $by, n.lastupdated = datetime()"
)


def verify_in(tx: ManagedTransaction, actor: Actor, kind: str, key: str, resource: str,
              on: dt.date | None = None) -> Record:
    """Verify the contact ``kind`` ``key`` in ``tx`` (see :func:`verify`); returns the record as it is now."""
    if kind not in VERIFY_KINDS:
        raise EditRefused([(None, Msg("a {kind} is no contact: only a professional, an organisation or a civil "
                                      "partner can be verified", kind=Msg(KIND_NAMES.get(kind, kind))))])
    today = dt.date.today()
    day = today if on is None else on
    if day > today:
        raise EditRefused([("on", Msg("expected a date not after today ({today}), not {date}",
                                      today=today.isoformat(), date=day.isoformat()))])
    label = sheet_of(kind).node
    assert label is not None
    lock_node(tx, label, key)
    current = read_in(tx, kind, key)
    props = cypher.node_properties(tx, label, key)
    if current is None or props is None:
        raise RecordMissing(kind, key)
    before = {"last_verified": _day(props.get("last_verified")), "verified_by": props.get("verified_by")}
    if before["last_verified"] is not None and day < before["last_verified"]:
        raise EditRefused([("on", Msg("expected a date on or after the last verification ({last}), not {date}",
                                      last=before["last_verified"].isoformat(), date=day.isoformat()))])
    tx.run(SET_VERIFIED, kind=kind, key=key, on=day, by=actor.name).consume()
    after = read_in(tx, kind, key)
    assert after is not None
    record_change(tx, actor, "verify", current.target, resource, before,
                  {"last_verified": day, "verified_by": actor.name}, current.wijken)
    return after


def verify(store: Store, actor: Actor, kind: str, key: str, resource: str, on: dt.date | None = None) -> Record:
    """Confirm the contact's details as they are: ``last_verified`` = ``on`` (default today; never in the future,
    never before the last verification), ``verified_by`` = the actor's name, audited (action ``verify``) in the same
    transaction. Raises :class:`EditRefused` or :class:`RecordMissing`; then nothing was written."""
    return store.in_write_transaction(lambda tx: verify_in(tx, actor, kind, key, resource, on))


def _day(value: Any) -> dt.date | None:
    """A stored date (neo4j Date) as a Python date."""
    if value is None:
        return None
    native = value.to_native() if hasattr(value, "to_native") else value
    return native if isinstance(native, dt.date) else dt.date.fromisoformat(str(native))
