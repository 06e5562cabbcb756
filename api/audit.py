"""The audit log: every read of household-level data, who, when, what, why (DESIGN.md section 7); and every change
of the sociale kaart or the users, with what it was before and after (importers/upkeep/changes.py writes those).

Entries are ``(:AuditEntry)`` nodes, created (never merged, updated or deleted) by :func:`record`; the API has no
route that changes them, so through the API the log is append-only. An entry is written *before* the data is sent:
when the log cannot be written, the data is not shown. Refused attempts (403) are logged too.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import uuid
from collections.abc import Iterable
from typing import Any

from graph.store import Store
from queries.analyses import plain

MAX_HOUSEHOLDS = 1000  # ids kept per entry; an entry for a bigger answer says how many there were
# Whoever runs the CLI holds the database's credentials, so may run anything for every wijk; the role only says so.
CLI_ROLE = "operator"


def cli_user() -> str:
    """The audit log's name for whoever runs the CLI: ``cli:`` and the login name of the process's user id.

    From the user id rather than $USER or $LOGNAME, which anyone can set to another name.
    """
    try:
        import pwd  # not on Windows

        name = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # a user id without a passwd entry (containers)
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    return f"cli:{name}"


def record(store: Store, user: str, role: str, resource: str, what: str, households: Iterable[str] = (),
           reason: str | None = None, status: int = 200) -> str:
    """Write one entry; returned only once it is committed. One auto-commit query (one round trip, no transaction
    to begin and commit, nothing read back): a household read pays for it on every request, also from memory."""
    ids = sorted({str(h) for h in households if h})
    entry_id = str(uuid.uuid4())
    store.write_autocommit(
        "CREATE (a:AuditEntry {id: $id, at: datetime(), user: $user, role: $role, action: 'read', "
        "resource: $resource, what: $what, households: $households, household_count: $count, reason: $reason, "
        "status: $status, source: 'wijkgraph:audit'})",
        {"id": entry_id, "user": user, "role": role, "resource": resource, "what": what,
         "households": ids[:MAX_HOUSEHOLDS], "count": len(ids), "reason": reason, "status": status},
    )
    return entry_id


def query(store: Store, user: str | None = None, since: dt.date | dt.datetime | None = None,
          household: str | None = None, skip: int = 0, limit: int = 100) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of entries), newest first."""
    if isinstance(since, dt.date) and not isinstance(since, dt.datetime):
        since = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    rows = store.read(
        "MATCH (a:AuditEntry) "
        "WHERE ($user IS NULL OR a.user = $user) AND ($since IS NULL OR a.at >= $since) "
        "AND ($household IS NULL OR $household IN a.households) "
        "WITH a ORDER BY a.at DESC, a.id "
        # Only the page's entries are projected: their household lists are the bulk of the log.
        "WITH collect(a) AS entries "
        "RETURN size(entries) AS total, [a IN entries[$skip..$skip + $limit] | a {.id, .at, .user, .role, .action, "
        ".resource, .what, .households, .household_count, .reason, .status, .target, .before, .after, "
        "wijken: coalesce(a.wijken, [])}] AS items",
        {"user": user, "since": since, "household": household, "skip": skip, "limit": limit},
    )
    items = plain(rows[0]["items"])
    for item in items:
        item["changes"] = changed_fields(item.get("before"), item.get("after"))
    return rows[0]["total"], items


def changed_fields(before: str | None, after: str | None) -> list[dict[str, Any]]:
    """What a change did, field by field: ``{field, before, after}`` for each value that differs (a created record:
    every filled field from None; a removed one: every filled field to None). Entries of reads: none.

    >>> changed_fields('{"name": "A", "phone": "1"}', '{"name": "A", "phone": "2"}')
    [{'field': 'phone', 'before': '1', 'after': '2'}]
    >>> changed_fields(None, '{"name": "A", "email": null}')
    [{'field': 'name', 'before': None, 'after': 'A'}]
    """
    if before is None and after is None:
        return []
    old, new = _values(before), _values(after)
    fields = list(old) + [name for name in new if name not in old]
    return [{"field": name, "before": old.get(name), "after": new.get(name)} for name in fields
            if old.get(name) != new.get(name)]


def _values(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        values = json.loads(text)
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}
