"""The primitives every change made in the app uses: who makes it, its version check and its audit entry.

- **Who**: an :class:`Actor` (a user and its role, or a professional's own self-service link).
- **Version check**: a form or JSON client reads a record with its :func:`version_of` and sends it back with the
  change. The change is written only while the record still has that version: two editors (or an editor and an
  import) cannot overwrite each other unseen. The version is a digest of the record's values, so any writer that
  changes them (an import too) changes it, without a counter every writer must remember to bump.
- **Audit**: :func:`record_change` writes the audit entry (before -> after) in the transaction of the change, and
  bumps the data version there (graph/version.py), so that no answer cached before the change is reused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from graph.model import AUDIT_ACTIONS
from graph.version import bump_in

APP_SOURCE = "wijkgraph:app"  # what the app created; no import's cleanup deletes it
LINK_ACTOR_PREFIX = "link:"  # the name of a self-service link's actor: "link:" + the professional's id


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a user name and role (``coordinator``, ``admin``), or a professional's own link
    (name ``link:<professional id>``, role ``self-service``)."""

    name: str
    role: str


class VersionConflict(RuntimeError):
    """The record changed since the editor read it; nothing was written. ``current`` holds the record as it is now,
    ``version`` its version, so the editor can compare and try again."""

    def __init__(self, target: str, current: Mapping[str, Any] | None, version: str | None) -> None:
        super().__init__(f"{target} was changed by someone else since you opened it")
        self.target, self.current, self.version = target, current, version


def plain_value(value: Any) -> Any:
    """A value as JSON holds it: dates and datetimes in ISO 8601, lists as lists, Neo4j temporals via iso_format.

    >>> plain_value(dt.date(2026, 12, 1)), plain_value([dt.date(2026, 1, 2)]), plain_value(None)
    ('2026-12-01', ['2026-01-02'], None)
    """
    if isinstance(value, (list, tuple)):
        return [plain_value(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time.Date / DateTime
        return value.iso_format()
    return value


def version_of(values: Mapping[str, Any] | None) -> str:
    """The version of a record: a digest of its values (keys sorted, values as JSON holds them).

    >>> version_of({"phone": "070 123", "name": "A"}) == version_of({"name": "A", "phone": "070 123"})
    True
    >>> version_of({"phone": "070 123"}) == version_of({"phone": "070 124"})
    False
    """
    if values is None:
        return "absent"
    text = json.dumps({key: plain_value(value) for key, value in values.items()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def record_change(tx: ManagedTransaction, actor: Actor, action: str, target: str, resource: str,
                  before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
                  wijken: Iterable[str] = (), reason: str | None = None) -> str:
    """Write the audit entry of a change in ``tx`` (the transaction of the change itself) and return its id.

    ``target`` names the record (``professional P-0001``); ``before``/``after`` are its values (None when it was
    created or removed); ``wijken`` the wijken it belongs to, so a coordinator sees the changes of their wijken."""
    assert action in AUDIT_ACTIONS and action != "read", action
    entry_id = str(uuid.uuid4())
    tx.run(
        "CREATE (a:AuditEntry {id: $id, at: datetime(), user: $user, role: $role, action: $action, "
        "resource: $resource, what: $what, target: $target, before: $before, after: $after, wijken: $wijken, "
        "households: [], household_count: 0, reason: $reason, status: 200, source: 'wijkgraph:audit'})",
        id=entry_id, user=actor.name, role=actor.role, action=action, resource=resource,
        what=f"{action} {target}", target=target, before=_json(before), after=_json(after),
        wijken=sorted(set(wijken)), reason=reason,
    ).consume()
    bump_in(tx)  # the change's own transaction: no cached answer outlives it (graph/version.py)
    return entry_id


def _json(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps({key: plain_value(value) for key, value in values.items()}, sort_keys=True,
                      ensure_ascii=False)
