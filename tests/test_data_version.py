"""The data version (graph/version.py): every write that changes what the reads answer bumps it, reads and the
bookkeeping of reads do not.

The app's writes are every row of the role matrix (tests/test_upkeep_roles.py, which fails while a write route has
no row): each is sent as the role the matrix allows and must bump the version. The imports (sociale kaart,
households, HSDS) and the schema's reference data bump it too; a household read's audit entry, a session and a
failed login do not.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_upkeep_roles import MATRIX, Row, World, send
from web_support import DATA, WIJK_IN, client_for, load_test_world, log_in

from api import audit, auth
from graph import schema as graph_schema
from graph import version
from graph.store import Store
from importers.households import import_households
from importers.hsds import import_hsds
from importers.kaart import import_kaart
from importers.upkeep import links
from importers.upkeep.changes import Actor


def bumps(store: Store, write: Callable[[], object]) -> tuple[str | None, str | None]:
    before = version.current(store)
    write()
    return before, version.current(store)


def test_a_wiped_database_has_no_version_and_the_first_bump_makes_one(store: Store) -> None:
    from conftest import wipe

    assert version.current(store) is not None  # the schema's reference data bumped it
    wipe(store)
    assert version.current(store) is None
    first = version.bump(store)
    epoch, number = first.split(":")
    assert number == "1" and len(epoch) == 36 and version.current(store) == first
    assert version.bump(store) == f"{epoch}:2"


@pytest.mark.parametrize("name, write", [
    ("kaart", lambda store: import_kaart(store, DATA / "kaart")),
    ("households", lambda store: import_households(store, DATA / "households.json")),
    ("hsds", lambda store: import_hsds(store, DATA / "hsds")),
    ("schema", graph_schema.apply),
])
def test_every_import_bumps_the_version(store: Store, name: str, write: Callable[[Store], object]) -> None:
    load_test_world(store)
    before, after = bumps(store, lambda: write(store))
    assert before is not None and after is not None and before != after, name
    assert after.split(":")[0] == before.split(":")[0], "the same database keeps its epoch"


def test_reads_and_their_bookkeeping_do_not_bump(store: Store) -> None:
    tokens = load_test_world(store)
    user = auth.user_by_token(store, tokens["admin"])
    assert user is not None
    writes: list[Callable[[], object]] = [
        lambda: audit.record(store, "test-admin", "admin", "/households/HH-T-0001", "household HH-T-0001",
                             ["HH-T-0001"], "casusoverleg"),
        lambda: auth.start_session(store, user),
        lambda: log_in(client_for(store), "wg_not-a-token"),
        lambda: client_for(store, tokens["admin"]).get("/households/HH-T-0001.json"),
    ]
    written = "MATCH (n) WHERE n:AuditEntry OR n:Session OR n:LoginFailure RETURN count(n) AS n"
    count = store.read(written)[0]["n"]
    for write in writes:
        before, after = bumps(store, write)
        assert before == after
    # each of them wrote (two audit entries of reads, a session, a failed login and its entry, and a read's entry)
    assert store.read(written)[0]["n"] == count + 5


@pytest.fixture(scope="module")
def world(session_store: Store) -> World:
    """The test world with a registration link of WIJK_IN, as the role matrix has it."""
    from conftest import wipe

    wipe(session_store)
    graph_schema.apply(session_store)
    found = World(session_store, load_test_world(session_store))
    found.ids["registration_token"], _ = links.create_link(session_store, Actor("test-admin", "admin"),
                                                           "registration", [WIJK_IN], "/test", wijk=WIJK_IN)
    return found


@pytest.mark.parametrize("entry", MATRIX, ids=[f"{r.method} {r.route}" for r in MATRIX])
def test_every_write_of_the_app_bumps_the_version(world: World, entry: Row) -> None:
    role = next(role for role, status in reversed(list(entry.expected().items())) if status < 400)
    if entry.prepare:
        entry.prepare(world)
    world.used += 1
    before = version.current(world.store)
    response = send(world, entry, role)
    assert response.status_code < 400, response.text[:300]
    after = version.current(world.store)
    assert before is not None and after is not None and after != before, f"{entry.method} {entry.route} as {role}"
