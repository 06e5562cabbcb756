"""Users, tokens, sessions and what each role may see (DESIGN.md section 7).

Users are ``(:User)`` nodes in Neo4j (one store for everything; the label is declared in ``graph/model.py``). A user
gets a random 256-bit token once, at creation; only its SHA-256 is stored. For a random token of that size a plain
hash is enough (there is nothing to brute-force that a slow hash would protect); the lookup goes by the hash and
the found hash is compared again in constant time. The JSON API takes ``Authorization: Bearer <token>``; the pages
log in with the token and then carry a session cookie (HttpOnly, SameSite=Strict) that holds only a random session
id. The session lives in Neo4j (``(:Session)``, only the id's hash, the user, the user's token hash and the expiry),
so that it can end before it expires: logging out deletes it, and disabling the user or giving it a new token
deletes all of its sessions (and a session of an older token no longer counts in any case).

Roles:
- ``professional``: sociale kaart, partner maps, contact search; households only of the wijken its teams serve
  (or the wijken given to the user), with a reason;
- ``coordinator``: the same, plus the analyses for those wijken;
- ``analyst``: all analyses and households, pseudonymous: aliases of household members and informal contacts are
  never shown;
- ``admin``: everything, plus users and the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api import user_changes
from api.i18n import N_
from graph.model import USER_ROLES
from graph.settings import private_dir, wijkgraph_home
from graph.store import Store
from importers.upkeep.changes import Actor
from queries import pages

ROLES = USER_ROLES
SCOPED_ROLES = user_changes.SCOPED_ROLES  # see households only of their wijken
AuthError = user_changes.AuthError  # a bad or refused user change
TOKEN_PREFIX = "wg_"
SESSION_COOKIE = "wijkgraph_session"
SESSION_SECONDS = 8 * 3600
SESSION_SOURCE = "wijkgraph:sessions"  # the reserved prefix: no import replaces or cleans these up
_MAX_SESSION_ID = 100  # characters; ours have 43, so a longer cookie is not hashed and looked up
# A bearer token's user is looked up in Neo4j at most once per this many seconds per process: one read less per API
# request. Disabling a user or replacing its token clears this process's cache at once; other workers (serve
# --workers N) still accept the old token for up to this long (SECURITY.md).
TOKEN_CACHE_SECONDS = 5.0
_TOKEN_CACHE_MAX = 10_000
_token_cache: dict[tuple[str, str, str], tuple[float, User]] = {}


@dataclass(frozen=True)
class User:
    name: str
    role: str
    token_hash: str
    wijken: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    scope: frozenset[str] | None = field(default=None, compare=False)  # wijk codes; None = all wijken

    @property
    def pseudonymous_only(self) -> bool:
        return self.role == "analyst"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_see_wijk_households(self, wijk: str | None) -> bool:
        if self.scope is None:
            return True
        return wijk is not None and wijk in self.scope

    def public(self) -> dict[str, object]:
        return {"name": self.name, "role": self.role, "wijken": list(self.wijken), "teams": list(self.teams),
                "scope": None if self.scope is None else sorted(self.scope)}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _user(row: dict, store: Store | None = None) -> User:
    user = User(row["name"], row["role"], row["token_hash"], tuple(row.get("wijken") or ()),
                tuple(row.get("teams") or ()))
    if store is not None and user.role in SCOPED_ROLES:
        scope = set(user.wijken) | set(pages.team_wijken(store, list(user.teams)))
        user = User(user.name, user.role, user.token_hash, user.wijken, user.teams, frozenset(scope))
    return user


_USER_FIELDS = "u.name AS name, u.role AS role, u.token_hash AS token_hash, u.wijken AS wijken, u.teams AS teams"
# The wijken the user's teams serve, in the same query as the user (as queries/cypher/page_team_wijken.cypher): a
# token's or session's user is one round trip, not two.
_TEAM_WIJKEN = ("COLLECT { UNWIND coalesce(u.teams, []) AS team MATCH (:Team {id: team})-[:SERVES]->(w:Wijk) "
                "RETURN DISTINCT w.code } AS team_wijken")


def _user_with_scope(row: dict) -> User:
    """The user of a row of ``_USER_FIELDS`` and ``_TEAM_WIJKEN``."""
    user = _user(row)
    if user.role not in SCOPED_ROLES:
        return user
    scope = frozenset(set(user.wijken) | set(row["team_wijken"]))
    return User(user.name, user.role, user.token_hash, user.wijken, user.teams, scope)


def add_user(store: Store, name: str, role: str, wijken: Iterable[str] = (), teams: Iterable[str] = (),
             replace: bool = False, actor: Actor | None = None, resource: str = "users add") -> str:
    """Create a user and return its token (shown once; only the hash is stored). ``actor``: who does it, audited as
    ``user_add`` (the app and the CLI; None for test worlds and the demo, which set up and are not audited)."""
    token = new_token()
    store.in_write_transaction(lambda tx: user_changes.add_in(tx, actor, resource, name, role, wijken, teams,
                                                              hash_token(token), replace))
    forget_cached_users()
    return token


def disable_user(store: Store, name: str, actor: Actor | None = None, resource: str = "users disable") -> bool:
    """Disable user ``name``: its token and sessions stop at once. False when there is no such user."""
    try:
        store.in_write_transaction(lambda tx: user_changes.disable_in(tx, actor, resource, name,
                                                                      hash_token(new_token())))
    except AuthError as error:
        if error.status == 404:
            return False
        raise
    finally:
        forget_cached_users()
    return True


def replace_token(store: Store, name: str, actor: Actor | None = None, resource: str = "users token") -> str:
    """Give user ``name`` a new token and return it (shown once): the old token and its sessions stop at once."""
    token = new_token()
    store.in_write_transaction(lambda tx: user_changes.token_in(tx, actor, resource, name, hash_token(token)))
    forget_cached_users()
    return token


def limit_user(store: Store, name: str, teams: Iterable[str], wijken: Iterable[str], actor: Actor | None = None,
               resource: str = "users limit") -> dict[str, Any]:
    """Limit user ``name`` to these teams and wijken (replacing its own); returns its state after."""
    after = store.in_write_transaction(lambda tx: user_changes.limit_in(tx, actor, resource, name, teams, wijken))
    forget_cached_users()  # a cached user carries its scope
    return after


def list_users(store: Store) -> list[dict[str, object]]:
    return store.read(
        "MATCH (u:User) RETURN u.name AS name, u.role AS role, coalesce(u.wijken, []) AS wijken, "
        "coalesce(u.teams, []) AS teams, coalesce(u.disabled, false) AS disabled, "
        "toString(u.lastupdated) AS changed_at ORDER BY name"
    )


def user_by_token(store: Store, token: str) -> User | None:
    """The enabled user holding ``token``, or None. Found users are cached for :data:`TOKEN_CACHE_SECONDS`."""
    digest = hash_token(token)
    key = (store.settings.uri, store.database, digest)
    cached = _token_cache.get(key)
    now = time.monotonic()
    if cached and now - cached[0] < TOKEN_CACHE_SECONDS:
        return cached[1]
    user = _user_by_hash(store, digest)
    if user is not None:
        if len(_token_cache) >= _TOKEN_CACHE_MAX:
            _token_cache.clear()
        _token_cache[key] = (now, user)
    return user


def forget_cached_users() -> None:
    """Drop every cached token lookup of this process (after a user was disabled or got a new token)."""
    _token_cache.clear()


def _user_by_hash(store: Store, digest: str) -> User | None:
    rows = store.read_autocommit(
        f"MATCH (u:User {{token_hash: $hash}}) WHERE NOT coalesce(u.disabled, false) "
        f"RETURN {_USER_FIELDS}, {_TEAM_WIJKEN}",
        {"hash": digest},
    )
    if not rows or not hmac.compare_digest(rows[0]["token_hash"], digest):
        return None
    return _user_with_scope(rows[0])


def user_by_name(store: Store, name: str) -> User | None:
    rows = store.read(
        f"MATCH (u:User {{name: $name}}) WHERE NOT coalesce(u.disabled, false) RETURN {_USER_FIELDS}", {"name": name}
    )
    return _user(rows[0], store) if rows else None


# --- Sessions ----------------------------------------------------------------------------------------------


def _secret() -> bytes:
    """The installation's secret (CSRF tokens are derived from it): WIJKGRAPH_SECRET, else a random one kept in
    WIJKGRAPH_HOME."""
    configured = os.environ.get("WIJKGRAPH_SECRET")
    if configured:
        return configured.encode("utf-8")
    path: Path = wijkgraph_home() / "web-secret"
    if not path.exists():
        private_dir(path.parent)  # the home: 0700 when this creates it
        try:  # O_EXCL: several workers starting at once agree on one secret
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
        except FileExistsError:
            pass
    for _ in range(50):
        text = path.read_text().strip()
        if text:
            return text.encode("utf-8")
        time.sleep(0.01)
    raise RuntimeError(f"The session secret {path} is empty; remove it and start again.")


def csrf_key() -> bytes:
    """The key of the web app's CSRF tokens: derived from the session secret, never the secret itself."""
    return hmac.new(_secret(), b"wijkgraph csrf tokens", hashlib.sha256).digest()


def start_session(store: Store, user: User) -> str:
    """A new session of ``user``, ending after :data:`SESSION_SECONDS`; returns the cookie value, a random id (only
    its hash is stored, so a copy of the database opens no session). Expired sessions are deleted on the way."""
    session_id = secrets.token_urlsafe(32)
    store.write("MATCH (s:Session) WHERE s.expires <= datetime() DELETE s")
    store.write(
        "CREATE (:Session {id_hash: $hash, user: $name, token_hash: $token_hash, "
        "expires: datetime() + duration({seconds: $seconds}), source: $source, firstseen: datetime(), "
        "lastupdated: datetime()})",
        {"hash": hash_token(session_id), "name": user.name, "token_hash": user.token_hash,
         "seconds": SESSION_SECONDS, "source": SESSION_SOURCE},
    )
    return session_id


def user_by_session(store: Store, cookie: str) -> User | None:
    """The enabled user of the unexpired session ``cookie`` holds, whose token is still the one it logged in with;
    else None. Looked up on every request (no cache), so that logout, disabling and a new token count at once, in
    every worker; one auto-commit read with the scope of the user's teams (one round trip)."""
    if not cookie or len(cookie) > _MAX_SESSION_ID:
        return None
    digest = hash_token(cookie)
    rows = store.read_autocommit(
        "MATCH (s:Session {id_hash: $hash}) WHERE s.expires > datetime() "
        "MATCH (u:User {name: s.user}) WHERE NOT coalesce(u.disabled, false) AND u.token_hash = s.token_hash "
        f"RETURN s.id_hash AS id_hash, {_USER_FIELDS}, {_TEAM_WIJKEN}",
        {"hash": digest},
    )
    if not rows or not hmac.compare_digest(rows[0]["id_hash"], digest):
        return None
    return _user_with_scope(rows[0])


def end_session(store: Store, cookie: str) -> None:
    """Logging out: the session ``cookie`` holds is deleted, so a copy of the cookie no longer works."""
    if cookie and len(cookie) <= _MAX_SESSION_ID:
        store.write("MATCH (s:Session {id_hash: $hash}) DELETE s", {"hash": hash_token(cookie)})


def end_sessions(store: Store, name: str) -> None:
    """Every session of user ``name`` ends (the user is disabled or gets a new token)."""
    store.write("MATCH (s:Session {user: $name}) DELETE s", {"name": name})


# --- Demo ---------------------------------------------------------------------------------------------------


def create_demo_users(store: Store) -> dict[str, str]:
    """One user per role for the demo (``demo-professional`` ...); returns role -> token.

    The professional gets the first team (by id) that serves a wijk, preferring a Zoetermeer team (GM0637, the
    evaluation's pilot) when there is one; the coordinator gets every team that team's coordinator leads (in
    Zoetermeer one coordinator leads both pilot teams, seed-001 L54-56), so their wijken hold a planted case of each
    kind. Run again, it issues new tokens.
    """
    rows = store.read(
        "MATCH (t:Team)-[:SERVES]->(:Wijk) OPTIONAL MATCH (t)-[:IN_MUNICIPALITY]->(m:Municipality) "
        "WITH DISTINCT t, m.code = 'GM0637' AS zoetermeer ORDER BY zoetermeer DESC, t.id LIMIT 1 "
        "RETURN t.id AS id, COLLECT { MATCH (t)<-[:MEMBER_OF {team_role: 'coördinator'}]-(:Professional)"
        "-[:MEMBER_OF {team_role: 'coördinator'}]->(led:Team) RETURN DISTINCT led.id AS led ORDER BY led } AS led"
    )
    if not rows:
        raise AuthError(N_("No team serves a wijk yet: load data before creating the demo users."))
    team = rows[0]["id"]
    teams = {"professional": [team], "coordinator": sorted({team, *rows[0]["led"]})}  # led: the others it leads
    tokens = {}
    for role in ROLES:
        tokens[role] = add_user(store, f"demo-{role}", role, teams=teams.get(role, []), replace=True)
    return tokens
