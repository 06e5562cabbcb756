"""Changes of users (issue 16 item 6): add, disable, a new token, limit to teams or wijken; each in one transaction
with its audit entry.

Each change is a transaction function (``*_in(tx, ...)``) that takes the user's write lock, reads the user as it is,
checks the rules, writes, ends the sessions where the change asks for it, and writes the audit entry with
:func:`importers.upkeep.changes.record_change` (actions ``user_add``, ``user_disable``, ``user_token``,
``user_limit``): all of it or nothing. The audit entry's before and after hold the role, teams, wijken and whether the
user is disabled, never a token or its hash; its ``wijken`` are empty, so only admins see user changes.

Rules: an admin cannot disable themselves, and the last enabled admin is neither disabled nor given another role (all
enabled admins are locked first, so two admins disabling each other at once cannot both succeed). :mod:`api.auth` has
the functions that run these (``add_user``, ``disable_user``, ``replace_token``, ``limit_user``) and makes the tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from neo4j import ManagedTransaction

from api.i18n import N_
from graph.load import lock_node
from graph.model import USER_ROLES
from graph.store import Store
from importers.upkeep.changes import Actor, record_change

SCOPED_ROLES = ("professional", "coordinator")  # see households only of their wijken
SOURCE = "wijkgraph:users"
NAME_PATTERN = r"^\w[^/\x00-\x1f\x7f]{0,99}$"  # what the path /users/{name} can carry
_NAME = re.compile(NAME_PATTERN)
_STATE = ("MATCH (u:User {name: $name}) RETURN u.role AS role, coalesce(u.teams, []) AS teams, "
          "coalesce(u.wijken, []) AS wijken, coalesce(u.disabled, false) AS disabled")


class AuthError(ValueError):
    """A bad or refused user change; the message says what to fix, ``status`` what it is over HTTP (404 no such
    user, 409 refused by a rule or an existing name, 422 a bad value) and ``column`` which field is wrong.

    The message is an English template with ``{named}`` fields given as keyword arguments, translated where it is
    shown (``AuthError(N_("Unknown wijk {codes}: ..."), codes=...)``); ``str()`` gives it in English."""

    def __init__(self, template: str, status: int = 422, column: str | None = None, **fields: object) -> None:
        super().__init__(template.format(**fields) if fields else template)
        self.template, self.fields, self.status, self.column = template, fields, status, column


def _state(tx: ManagedTransaction, name: str) -> dict[str, Any] | None:
    record = tx.run(_STATE, name=name).single()
    return None if record is None else {key: record[key] for key in ("role", "teams", "wijken", "disabled")}


def _existing(tx: ManagedTransaction, name: str) -> dict[str, Any]:
    if not lock_node(tx, "User", name):
        raise AuthError(N_("There is no user {name!r}."), 404, name=name)
    state = _state(tx, name)
    assert state is not None
    return state


def _enabled_admins(tx: ManagedTransaction) -> list[str]:
    """The enabled admins, after taking each one's write lock (in name order), read again under the locks."""
    tx.run("MATCH (u:User {role: 'admin'}) WHERE NOT coalesce(u.disabled, false) WITH u ORDER BY u.name "
           "SET u.edit_lock = true REMOVE u.edit_lock").consume()
    return [record["name"] for record in tx.run(
        "MATCH (u:User {role: 'admin'}) WHERE NOT coalesce(u.disabled, false) RETURN u.name AS name ORDER BY name")]


def _refuse_losing_the_last_admin(tx: ManagedTransaction, name: str, state: dict[str, Any]) -> None:
    if state["role"] == "admin" and not state["disabled"] and set(_enabled_admins(tx)) <= {name}:
        raise AuthError(N_("{name} is the last enabled admin: add another admin first, or nobody can manage users."),
                        409, name=name)


def _check_limits(tx: ManagedTransaction, role: str, teams: list[str], wijken: list[str]) -> None:
    if role in SCOPED_ROLES and not (wijken or teams):
        raise AuthError(N_("A {role} sees households only of its wijken: choose at least one team or wijk (--team, "
                           "--wijk)."), 422, "teams",
                        role=role)
    found = {record["id"] for record in tx.run("MATCH (t:Team) WHERE t.id IN $ids RETURN t.id AS id", ids=teams)}
    if set(teams) - found:
        raise AuthError(N_("Unknown team {teams}: no Team with that id in the database."), 422, "teams",
                        teams=", ".join(sorted(set(teams) - found)))
    found = {record["code"] for record in tx.run("MATCH (w:Wijk) WHERE w.code IN $codes RETURN w.code AS code",
                                                 codes=wijken)}
    if set(wijken) - found:
        raise AuthError(N_("Unknown wijk {wijken}: no Wijk with that code in the database."), 422, "wijken",
                        wijken=", ".join(sorted(set(wijken) - found)))


def check_name(name: str) -> str:
    """The name without surrounding spaces, or an AuthError: it must fit in the path ``/users/{name}``."""
    name = name.strip()
    if not name:
        raise AuthError(N_("A user needs a name."), 422, "name")
    if not _NAME.match(name):
        raise AuthError(N_("A user name has at most 100 characters, starts with a letter or digit and holds no '/' "
                           "or control characters: {name!r}."), 422, "name", name=name)
    return name


def _end_sessions(tx: ManagedTransaction, name: str) -> None:
    tx.run("MATCH (s:Session {user: $name}) DELETE s", name=name).consume()


def _audit(tx: ManagedTransaction, actor: Actor | None, action: str, name: str, resource: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    if actor is not None:
        record_change(tx, actor, action, f"user {name}", resource, before, after, wijken=())


def add_in(tx: ManagedTransaction, actor: Actor | None, resource: str, name: str, role: str, wijken: Iterable[str],
           teams: Iterable[str], token_hash: str, replace: bool = False) -> dict[str, Any]:
    """Create user ``name`` holding the token of ``token_hash`` (``replace``: also an existing one, which gets the
    new role, teams and wijken, is enabled, and loses its sessions); returns the user's state."""
    name = check_name(name)
    wijken_list, teams_list = sorted(set(wijken)), sorted(set(teams))
    if role not in USER_ROLES:
        raise AuthError(N_("Unknown role {role!r}; the roles are: {roles}."), 422, "role", role=role,
                        roles=", ".join(USER_ROLES))
    _check_limits(tx, role, teams_list, wijken_list)
    before = _state(tx, name) if lock_node(tx, "User", name) else None
    if before is not None and not replace:
        raise AuthError(N_("User {name!r} already exists; use --replace to give it a new token and role."), 409,
                        "name", name=name)
    if before is not None and role != "admin":
        _refuse_losing_the_last_admin(tx, name, before)
    _end_sessions(tx, name)  # a new token ends the sessions of the old one
    tx.run("MERGE (u:User {name: $name}) ON CREATE SET u.firstseen = datetime() "
           "SET u.role = $role, u.token_hash = $hash, u.wijken = $wijken, u.teams = $teams, u.disabled = false, "
           "u.source = $source, u.lastupdated = datetime()",
           name=name, role=role, hash=token_hash, wijken=wijken_list, teams=teams_list, source=SOURCE).consume()
    after = {"role": role, "teams": teams_list, "wijken": wijken_list, "disabled": False}
    _audit(tx, actor, "user_add", name, resource, before, after)
    return after


def disable_in(tx: ManagedTransaction, actor: Actor | None, resource: str, name: str, unused_hash: str
               ) -> dict[str, Any]:
    """Disable user ``name``: a token hash nobody holds the token of, no sessions. Already disabled: unchanged."""
    before = _existing(tx, name)
    if actor is not None and actor.name == name:
        raise AuthError(N_("You cannot disable yourself; ask another admin."), 409, name=name)
    if before["disabled"]:
        return before
    _refuse_losing_the_last_admin(tx, name, before)
    _end_sessions(tx, name)
    tx.run("MATCH (u:User {name: $name}) SET u.disabled = true, u.token_hash = $hash, u.lastupdated = datetime()",
           name=name, hash=unused_hash).consume()
    after = {**before, "disabled": True}
    _audit(tx, actor, "user_disable", name, resource, before, after)
    return after


def token_in(tx: ManagedTransaction, actor: Actor | None, resource: str, name: str, token_hash: str
             ) -> dict[str, Any]:
    """Give user ``name`` the token of ``token_hash``: the old token and its sessions stop at once. A disabled user
    is enabled again (it can log in with the new token only)."""
    before = _existing(tx, name)
    _end_sessions(tx, name)
    tx.run("MATCH (u:User {name: $name}) SET u.token_hash = $hash, u.disabled = false, u.lastupdated = datetime()",
           name=name, hash=token_hash).consume()
    after = {**before, "disabled": False}
    _audit(tx, actor, "user_token", name, resource, before, after)
    return after


def limit_in(tx: ManagedTransaction, actor: Actor | None, resource: str, name: str, teams: Iterable[str],
             wijken: Iterable[str]) -> dict[str, Any]:
    """Limit user ``name`` (a professional or coordinator) to these teams and wijken, replacing the ones it had."""
    before = _existing(tx, name)
    teams_list, wijken_list = sorted(set(teams)), sorted(set(wijken))
    if before["role"] not in SCOPED_ROLES:
        raise AuthError(N_("{name} is {role} and sees every wijk: teams and wijken limit only professionals and "
                           "coordinators."), 409, name=name, role=before["role"])
    _check_limits(tx, before["role"], teams_list, wijken_list)
    tx.run("MATCH (u:User {name: $name}) SET u.teams = $teams, u.wijken = $wijken, u.lastupdated = datetime()",
           name=name, teams=teams_list, wijken=wijken_list).consume()
    after = {**before, "teams": teams_list, "wijken": wijken_list}
    _audit(tx, actor, "user_limit", name, resource, before, after)
    return after


def team_options(store: Store) -> list[dict[str, Any]]:
    """The teams for a selector: id, name and the wijken each serves, by name."""
    return list(store.read(
        "MATCH (t:Team) OPTIONAL MATCH (t)-[:SERVES]->(w:Wijk) WITH t, w ORDER BY w.code "
        "RETURN t.id AS id, t.name AS name, collect(w.code) AS wijken ORDER BY name, id"))
