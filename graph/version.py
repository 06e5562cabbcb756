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
the unique constraint's index. It is read again for every request; there is no time-based cache of it, so a change
made through one worker is seen by the next request on any worker.
"""

from __future__ import annotations

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


def bump_in(tx: ManagedTransaction) -> str:
    """Bump the data version in ``tx`` (the transaction of the change itself); returns the new version."""
    return tx.run(BUMP).single(strict=True)["version"]


def bump(store: Store) -> str:
    """Bump the data version in a transaction of its own (after an import's last write); returns the new version."""
    return store.in_write_transaction(bump_in)


def current(store: Store) -> str | None:
    """The data version (``epoch:number``), or None when nothing ever bumped it (then nothing may be cached)."""
    rows = store.read_autocommit(READ)
    return rows[0]["version"] if rows else None
