"""The data version: one counter in the database that every write changing what the reads answer bumps.

The web app keeps answers (analyses, the contact search, the wijk overview, the partner map) in process memory per
data version (api/cache.py): an answer is reused only while the version it was read under is still the database's.
The counter lives in the schema's system node ``(:WijkgraphSchema {id: 'data'})`` (graph/schema.py keeps the
schema's own ``{id: 'schema'}`` node under the same unique constraint), with

- ``version``: a whole number, one up per bump;
- ``epoch``: a random id set when the node is made. A wiped database (tests, a fresh bulk load) loses the node, and
  the next bump makes it anew with another epoch, so an answer of the old database is never taken for one of the
  new one at the same number.

Who bumps (tests/test_data_version.py runs each and reads the version before and after):

- every import, once, after its last write: :func:`graph.load.cleanup`, which every import runs after its
  batches (a version read before the bump and an answer read after the import's last batch is no staler than
  the database: the bump comes after the data, never before);
- every change made in the app (edits, verification, self-service links, registrations and their approval, user
  changes): :func:`importers.upkeep.changes.record_change` bumps in the change's own transaction;
- :func:`graph.schema.apply` (the reference data).

Reads of household data write their audit entry but change no answer: they do not bump. Neither do sessions and
failed logins. A write that bypasses these (Cypher typed into Neo4j Browser) is not seen by cached answers until
the next bump; :func:`bump` is there for it (``wijkgraph`` has no command for it: an operator runs the query).

Reading the version is one small auto-commit read (:func:`current`): no transaction to begin and commit, a seek on
the unique constraint's index. The web app reads it at most once per second per worker (api/cache.py); a bump made
in the same process is seen by its next request at once, because :func:`bump_in` notes the version it wrote
(:func:`bumped_past`), and a bump by another process (another worker, an import) within that second.
"""

from __future__ import annotations

import threading
from typing import LiteralString

from neo4j import ManagedTransaction

from graph.store import Store

VERSION_ID = "data"
BUMP: LiteralString = (
    "MERGE (v:WijkgraphSchema {id: 'data'}) "
    "ON CREATE SET v.epoch = randomUUID(), v.version = 0 "
    "SET v.version = v.version + 1, v.changed = datetime() "
    "RETURN v.epoch + ':' + toString(v.version) AS version"
)
READ: LiteralString = (
    "OPTIONAL MATCH (v:WijkgraphSchema {id: 'data'}) RETURN v.epoch + ':' + toString(v.version) AS version"
)


_lock = threading.Lock()
_written: tuple[str, int] | None = None  # the newest version this process bumped to (maybe not committed yet)


def bump_in(tx: ManagedTransaction) -> str:
    """Bump the data version in ``tx`` (the transaction of the change itself); returns the new version."""
    version = tx.run(BUMP).single(strict=True)["version"]
    _note_written(version)
    return version


def _split(version: str) -> tuple[str, int]:
    epoch, _, number = version.rpartition(":")
    return epoch, int(number)


def epoch(version: str) -> str:
    """The epoch of a version: two versions of one epoch are of the same database, wiped or bulk-loaded since
    never.

    >>> epoch("a1b2:7")
    'a1b2'
    """
    return _split(version)[0]


def _note_written(version: str) -> None:
    """Noted before the bump commits: a version read while it is still open is older than it, so not kept."""
    global _written
    epoch, number = _split(version)
    with _lock:
        if _written is None or _written[0] != epoch or _written[1] < number:
            _written = (epoch, number)


def bumped_past(version: str | None) -> bool:
    """Whether this process bumped (or is bumping) the data version past ``version``, a version read before: then
    ``version`` may be out of date and must be read again."""
    with _lock:
        written = _written
    return _past(version, written)


def _past(version: str | None, written: tuple[str, int] | None) -> bool:
    """Whether ``written`` is newer than ``version``; a bump of another epoch (a wiped and rebuilt database) is
    newer than every version of the old one.

    >>> [_past(v, ("e", 5)) for v in ("e:5", "e:6", "e:4", "f:9", None)], _past("e:4", None)
    ([False, False, True, True, True], False)
    """
    if written is None:
        return False
    if version is None:
        return True
    epoch, number = _split(version)
    return epoch != written[0] or number < written[1]


def bump(store: Store) -> str:
    """Bump the data version in a transaction of its own (after an import's last write); returns the new version."""
    return store.in_write_transaction(bump_in)


def current(store: Store) -> str | None:
    """The data version (``epoch:number``), or None when nothing ever bumped it (then nothing may be cached)."""
    rows = store.read_autocommit(READ)
    return rows[0]["version"] if rows else None
