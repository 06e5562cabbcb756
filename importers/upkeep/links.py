"""Links that need no login: a professional's own link to confirm or correct their details, and a wijk network's
registration link.

- A link is a random token of 256 bits (:func:`new_token`); only its SHA-256 is stored, as the key of a
  ``(:SelfServiceLink)`` node, so a copy of the database opens no link. The token is shown once, at creation.
- A link expires after :data:`LINK_DAYS` days and can be revoked. A professional's own link (``self_service``) is
  single-use: :func:`use_link` takes the link's write lock, checks it is still open, applies the change (A's
  ``edit_in``, B's ``verify_in``) and marks the link used, all in ONE transaction; a second submit waits for the
  lock, then finds the link used and changes nothing.
- A refused link says why (:class:`LinkRefused`: ``expired``, ``used``, ``revoked``), but an unknown token only
  says ``unknown``: whether it ever existed is not told.
- Every step is audited through :func:`importers.upkeep.changes.record_change`: ``link_create``, ``link_revoke``,
  ``link_use`` (with the contact details before -> after).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from graph.load import lock_node
from graph.store import Store
from importers.upkeep.changes import LINK_ACTOR_PREFIX, Actor, VersionConflict, plain_value, record_change
from importers.upkeep.edit import edit_in
from importers.upkeep.records import read_in
from importers.upkeep.verify import verify_in

LINK_DAYS = 14
TOKEN_PREFIX = "wgl_"  # tells a link's token from a user's (wg_) when one is pasted in the wrong place
SOURCE = "wijkgraph:links"  # a reserved prefix: no import replaces or cleans these up
CONTACT_COLUMNS = ("name", "function", "email", "phone")  # what a professional may correct through their link
MAX_TOKEN = 100  # characters; ours have 47, a longer one is not hashed and looked up
STATUSES = ("open", "used", "expired", "revoked")


class LinkRefused(ValueError):
    """The link cannot be used: ``reason`` is ``unknown`` (never tells whether it existed), ``expired``, ``used``
    or ``revoked``. Nothing was changed."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the link is {reason}")
        self.reason = reason


@dataclass(frozen=True)
class Link:
    id: str
    kind: str
    created_by: str
    created_at: dt.datetime
    expires: dt.datetime
    professional: str | None = None
    wijk: str | None = None
    wijken: tuple[str, ...] = ()
    used_at: dt.datetime | None = None
    outcome: str | None = None
    revoked_at: dt.datetime | None = None
    revoked_by: str | None = None
    mailed_at: dt.datetime | None = None

    def status(self, now: dt.datetime | None = None) -> str:
        """``revoked``, ``used``, ``expired`` or ``open`` (in that order: a used link that expired later was used)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.used_at is not None:
            return "used"
        if self.expires <= (now or dt.datetime.now(dt.UTC)):
            return "expired"
        return "open"

    def public(self) -> dict[str, Any]:
        """The link as the JSON API shows it (never the token, never its hash)."""
        return {"id": self.id, "kind": self.kind, "status": self.status(), "created_by": self.created_by,
                "created_at": plain_value(self.created_at), "expires": plain_value(self.expires),
                "professional": self.professional, "wijk": self.wijk, "wijken": list(self.wijken),
                "used_at": plain_value(self.used_at), "outcome": self.outcome,
                "revoked_at": plain_value(self.revoked_at), "revoked_by": self.revoked_by,
                "mailed_at": plain_value(self.mailed_at)}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A link's token: 32 random bytes (256 bits), URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def link_actor(link: Link) -> Actor:
    """Who changes the sociale kaart through ``link``: ``link:<professional id>`` (role ``self-service``), or for a
    registration link ``link:registration:<link id>``."""
    if link.kind == "self_service":
        return Actor(f"{LINK_ACTOR_PREFIX}{link.professional}", "self-service")
    return Actor(f"{LINK_ACTOR_PREFIX}registration:{link.id}", "self-service")


def _datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return value.to_native() if hasattr(value, "to_native") else value


_FIELDS = ("l.id AS id, l.kind AS kind, l.created_by AS created_by, l.created_at AS created_at, "
           "l.expires AS expires, l.professional AS professional, l.wijk AS wijk, l.wijken AS wijken, "
           "l.used_at AS used_at, l.outcome AS outcome, l.revoked_at AS revoked_at, l.revoked_by AS revoked_by, "
           "l.mailed_at AS mailed_at, l.token_hash AS token_hash")


def _link(row: Mapping[str, Any]) -> Link:
    return Link(row["id"], row["kind"], row["created_by"], _datetime(row["created_at"]),  # type: ignore[arg-type]
                _datetime(row["expires"]), row["professional"], row["wijk"],  # type: ignore[arg-type]
                tuple(row["wijken"] or ()), _datetime(row["used_at"]), row["outcome"], _datetime(row["revoked_at"]),
                row["revoked_by"], _datetime(row["mailed_at"]))


def create_link(store: Store, actor: Actor, kind: str, wijken: Iterable[str], resource: str, *,
                professional: str | None = None, wijk: str | None = None, days: int = LINK_DAYS) -> tuple[str, Link]:
    """A new link and its token (to show once); written with its ``link_create`` audit entry in one transaction.

    The caller has checked that ``actor`` may make it (a coordinator only for the wijken of its scope)."""
    assert kind in ("self_service", "registration") and (professional if kind == "self_service" else wijk)
    token, link_id = new_token(), secrets.token_hex(8)
    wijken = sorted(set(wijken))

    def work(tx: ManagedTransaction) -> Link:
        row = tx.run(
            "CREATE (l:SelfServiceLink {token_hash: $hash, id: $id, kind: $kind, created_by: $by, "
            "created_at: datetime(), expires: datetime() + duration({days: $days}), professional: $professional, "
            "wijk: $wijk, wijken: $wijken, source: $source, firstseen: datetime(), lastupdated: datetime()}) "
            f"RETURN {_FIELDS}",
            hash=hash_token(token), id=link_id, kind=kind, by=actor.name, days=days, professional=professional,
            wijk=wijk, wijken=wijken, source=SOURCE).single(strict=True)
        link = _link(row.data())
        target = f"professional {professional}" if kind == "self_service" else f"wijk {wijk}"
        record_change(tx, actor, "link_create", f"link {link_id} ({kind}) for {target}", resource, None,
                      {"id": link_id, "kind": kind, "expires": link.expires, "professional": professional,
                       "wijk": wijk}, wijken)
        return link

    return token, store.in_write_transaction(work)


def link_by_id(store: Store, link_id: str) -> Link | None:
    rows = store.read(f"MATCH (l:SelfServiceLink {{id: $id}}) RETURN {_FIELDS}", {"id": link_id})
    return _link(rows[0]) if rows else None


_BY_HASH = f"MATCH (l:SelfServiceLink {{token_hash: $hash}}) RETURN {_FIELDS}"


def link_by_token(store: Store, token: str, kind: str) -> Link:
    """The open link of ``kind`` that ``token`` opens; :class:`LinkRefused` when there is none."""
    if not token or len(token) > MAX_TOKEN:
        raise LinkRefused("unknown")
    return _checked(store.read(_BY_HASH, {"hash": hash_token(token)}), token, kind)


def _checked(rows: list[dict[str, Any]], token: str, kind: str) -> Link:
    if not rows or rows[0]["kind"] != kind or not hmac.compare_digest(rows[0]["token_hash"], hash_token(token)):
        raise LinkRefused("unknown")
    link = _link(rows[0])
    status = link.status()
    if status != "open":
        raise LinkRefused(status)
    return link


def open_link_in(tx: ManagedTransaction, token: str, kind: str) -> Link:
    """In a write transaction: lock the link of ``token`` and check that it is still open (else LinkRefused).

    The lock first: a second submit of the same link waits here until the first is committed, then reads the link
    as the first left it (used) and is refused."""
    if not token or len(token) > MAX_TOKEN or not lock_node(tx, "SelfServiceLink", hash_token(token)):
        raise LinkRefused("unknown")
    return _checked([record.data() for record in tx.run(_BY_HASH, hash=hash_token(token))], token, kind)


def revoke_link(store: Store, actor: Actor, link_id: str, resource: str) -> Link:
    """Revoke the link (from now on refused); audited as ``link_revoke``. A link that was used, revoked or has
    expired is left as it is (LinkRefused with its status)."""
    def work(tx: ManagedTransaction) -> Link:
        rows = [r.data() for r in tx.run(f"MATCH (l:SelfServiceLink {{id: $id}}) RETURN {_FIELDS}", id=link_id)]
        if not rows:
            raise LinkRefused("unknown")
        lock_node(tx, "SelfServiceLink", rows[0]["token_hash"])
        link = _link(tx.run(f"MATCH (l:SelfServiceLink {{id: $id}}) RETURN {_FIELDS}", id=link_id)
                     .single(strict=True).data())
        if link.status() != "open":
            raise LinkRefused(link.status())
        row = tx.run(f"MATCH (l:SelfServiceLink {{id: $id}}) SET l.revoked_at = datetime(), l.revoked_by = $by, "
                     f"l.lastupdated = datetime() RETURN {_FIELDS}", id=link_id, by=actor.name).single(strict=True)
        record_change(tx, actor, "link_revoke", f"link {link_id} ({link.kind})", resource,
                      {"status": "open"}, {"status": "revoked"}, link.wijken)
        return _link(row.data())

    return store.in_write_transaction(work)


def mark_mailed(store: Store, link_id: str) -> None:
    store.write("MATCH (l:SelfServiceLink {id: $id}) SET l.mailed_at = datetime(), l.lastupdated = datetime()",
                {"id": link_id})


def finish_use_in(tx: ManagedTransaction, link: Link, outcome: str, resource: str,
                  before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> None:
    """Mark ``link`` used (a self-service link) and write its ``link_use`` audit entry, in the change's
    transaction. ``before``/``after``: what was changed through it."""
    if link.kind == "self_service":
        tx.run("MATCH (l:SelfServiceLink {id: $id}) SET l.used_at = datetime(), l.outcome = $outcome, "
               "l.lastupdated = datetime()", id=link.id, outcome=outcome).consume()
    record_change(tx, link_actor(link), "link_use", f"link {link.id} ({link.kind})", resource, before, after,
                  link.wijken, reason=outcome)


def links_for(store: Store, user_name: str | None, scope: frozenset[str] | None) -> list[dict[str, Any]]:
    """The links ``user_name`` made or that belong to a wijk of ``scope`` (both None: every link), newest first,
    each with its status and what was changed through it (``changes``: before -> after of each use)."""
    rows = store.read(
        "MATCH (l:SelfServiceLink) "
        "WHERE $all OR l.created_by = $user OR any(w IN coalesce(l.wijken, []) WHERE w IN $scope) "
        "OPTIONAL MATCH (p:Professional {id: l.professional}) "
        "OPTIONAL MATCH (w:Wijk {code: l.wijk}) "
        "WITH l, p, w ORDER BY l.created_at DESC, l.id "
        "RETURN " + _FIELDS + ", p.name AS professional_name, w.name AS wijk_name, "
        "COLLECT { MATCH (a:AuditEntry {user: $prefix + coalesce(l.professional, 'registration:' + l.id)}) "
        "          WHERE a.action = 'link_use' AND a.target STARTS WITH 'link ' + l.id + ' ' "
        "          RETURN a {.at, .before, .after, .reason} ORDER BY a.at } AS uses",
        {"all": user_name is None and scope is None, "user": user_name, "scope": sorted(scope or ()),
         "prefix": LINK_ACTOR_PREFIX})
    items = []
    for row in rows:
        link = _link(row)
        changes = [change for use in row["uses"] for change in _changes(use)]
        items.append({**link.public(), "professional_name": row["professional_name"], "wijk_name": row["wijk_name"],
                      "uses": len(row["uses"]), "changes": changes})
    return items


def _changes(use: Mapping[str, Any]) -> list[dict[str, Any]]:
    before = json.loads(use["before"]) if use.get("before") else {}
    after = json.loads(use["after"]) if use.get("after") else {}
    at = plain_value(use["at"])
    if use.get("reason") == "confirmed" or before == after:
        return [{"at": at, "column": None, "before": None, "after": None, "outcome": use.get("reason")}]
    return [{"at": at, "column": column, "before": before.get(column), "after": after.get(column),
             "outcome": use.get("reason")}
            for column in sorted(set(before) | set(after)) if before.get(column) != after.get(column)]


# --- Using a professional's own link ----------------------------------------------------------------------------


def contact_in(tx: ManagedTransaction, professional: str) -> tuple[dict[str, Any], str] | None:
    """The professional's contact details (:data:`CONTACT_COLUMNS`) and the record's version, in ``tx``."""
    record = read_in(tx, "professional", professional)
    if record is None:
        return None
    return {column: record.values.get(column) for column in CONTACT_COLUMNS}, record.version


def use_self_service(store: Store, token: str, resource: str, version: str,
                     values: Mapping[str, str] | None = None) -> tuple[Link, str]:
    """Use a professional's own link: confirm the details ("Klopt", ``values`` None or unchanged) or correct the
    contact columns; returns the link and the outcome (``confirmed`` or ``corrected``).

    One transaction: lock the link and check it is open (:class:`LinkRefused`), apply the change with the link's
    actor (A's ``edit_in``: validated like an import, :class:`EditRefused`; version checked,
    :class:`VersionConflict`), set the verification (B's ``verify_in``), mark the link used and audit ``link_use``.
    Anything refused leaves the link open and the record as it was."""
    def work(tx: ManagedTransaction) -> tuple[Link, str]:
        link = open_link_in(tx, token, "self_service")
        professional = str(link.professional)
        lock_node(tx, "Professional", professional)
        found = contact_in(tx, professional)
        if found is None:
            raise LinkRefused("unknown")
        before, current = found
        if version != current:
            raise VersionConflict(f"professional {professional}", before, current)
        actor = link_actor(link)
        sent = {column: text for column, text in (values or {}).items() if column in CONTACT_COLUMNS}
        if sent:
            edit_in(tx, actor, "professional", professional, sent, version, resource)
        verify_in(tx, actor, "professional", professional, resource)
        after = contact_in(tx, professional)
        after_values = after[0] if after else None
        outcome = "corrected" if after_values != before else "confirmed"
        finish_use_in(tx, link, outcome, resource, before, after_values)
        return link, outcome

    return store.in_write_transaction(work)


_ROLES = (
    "MATCH (p:Professional {id: $id}) "
    "RETURN COLLECT { MATCH (p)-[m:MEMBER_OF]->(t:Team) WHERE m.until IS NULL OR m.until >= date() "
    "                 RETURN {team: t.name, role: m.team_role, group: m.group} ORDER BY t.name } AS teams, "
    "       COLLECT { MATCH (p)-[r:WORKS_IN]->(place) WHERE r.until IS NULL OR r.until >= date() "
    "                 RETURN {place: place.name, group: r.group} ORDER BY place.name } AS work, "
    "       COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name ORDER BY o.name } AS employers, "
    "       COLLECT { MATCH (p)-[:HAS_EXPERTISE]->(e:Expertise) RETURN e.code ORDER BY e.code } AS expertise")


def roles_of(store: Store, professional: str) -> dict[str, Any]:
    """What the professional's own page shows besides the contact details: teams (ring 1), wijk work and group
    (ring 2), employer and expertise; only what holds today."""
    rows = store.read(_ROLES, {"id": professional})
    return rows[0] if rows else {"teams": [], "work": [], "employers": [], "expertise": []}
