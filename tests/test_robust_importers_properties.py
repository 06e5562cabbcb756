"""Property-based tests of every importer (issue 7 item 1): hypothesis puts random junk into random cells of the three
importers' inputs. The importer either imports or refuses with ImportRefused. A refusal changes nothing (every node,
relationship and property value is as before) and every problem names the file, the row and the column; an import
grows the database by what it reports and writes every key of the file. Each
example talks to the real Neo4j, so the example counts are modest.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import NODE_BY_LABEL
from graph.store import Store
from importers.households import import_households
from importers.hsds import import_hsds
from importers.kaart import SHEETS, import_kaart
from importers.options import ImportOptions
from importers.pipeline import ImportResult
from importers.problems import ImportRefused
from importers.workbook import MAX_CELL_CHARS
from tests.db_counts import graph_snapshot
from tests.robust_support import DATA, household_document, write_json

EXAMPLES = 40
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, print_blob=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
# Problems about a whole record rather than one of its fields: they name the file and the row, and no column.
WHOLE_RECORD = ("expected an object, got",)


@pytest.fixture
def kaart_loaded(store: Store) -> Store:
    import_kaart(store, DATA / "kaart")
    return store


# --- Properties: random junk in random cells ---------------------------------------------------------------

NASTY_TEXT = ("", " ", "\t", "=1+1", "+31 6 1234", "@SUM(A1)", "GM0000", "WK999999", "P-404", "ORG-NOPE", "T-NOORD",
              "2025-02-30", "9999-12-31", "0001-01-01", "E", "A;B", ";", ";;", "\x00", "\r\n", '"', "'", "\\",
              "𝕏🏠", "\u202e", "\ufeff", "null", "NaN", "-1", "1e309", "x" * (MAX_CELL_CHARS + 1))
junk_text = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=20), st.integers().map(str))
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                         junk_text)
junk_json = st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                               st.dictionaries(junk_text, inner, max_size=3)),
                         max_leaves=6)


def assert_named(problems: list[Any]) -> None:
    for problem in problems:
        assert problem.file, problem
        assert problem.row is not None, f"no row: {problem}"
        if not problem.message.startswith(WHOLE_RECORD):
            assert problem.column, f"no column: {problem}"


class Owner:
    """The source that holds the keys the next fuzzed file writes: each import takes it over (``--replaces``), as the
    next version of a coordinator's file would, with ``--force`` (a fuzzed file may drop most rows)."""

    def __init__(self, source: str | None) -> None:
        self.source = source

    def options(self, source: str) -> ImportOptions:
        return ImportOptions(source=source, replaces=self.source, force=True)


def check_import(store: Store, run: Callable[[str], ImportResult],
                 keys: Callable[[], dict[str, set[str]]] | None = None, owner: Owner | None = None) -> str:
    """Run an import under a fresh source name; 'imported' or 'refused' (anything else fails the property).

    Refused: every node, relationship and property value is as before (not only the counts). Imported: the database
    grew by exactly the nodes and relationships the import reports (written, less what it removed of the source it
    replaced), and every key of the file (``keys``: label -> key values, read once the file was accepted) is a node
    written by this import; ``owner`` then becomes this import's source if it holds anything."""
    before = graph_snapshot(store, ignore=())
    source = f"fuzz:{uuid.uuid4().hex[:8]}"
    try:
        result = run(source)
    except ImportRefused as error:
        assert graph_snapshot(store, ignore=()) == before, "a refused file changed the database"
        assert error.problems
        assert_named(error.problems)
        return "refused"
    after = graph_snapshot(store, ignore=())
    database = result.database + result.deleted
    assert len(after["nodes"]) - len(before["nodes"]) == database["nodes_created"] - database["nodes_deleted"]
    assert (len(after["relationships"]) - len(before["relationships"])
            == database["relationships_created"] - database["relationships_deleted"])
    held = ("RETURN EXISTS { MATCH (n {source: $source}) } OR EXISTS { MATCH ()-[r {source: $source}]->() } AS held")
    if owner is not None and store.read(held, {"source": source})[0]["held"]:
        owner.source = source
    for label, values in (keys() if keys else {}).items():
        key = NODE_BY_LABEL[label].key
        found = store.read(f"MATCH (n:{label}) WHERE n.{key} IN $values AND n.source = $source "
                           f"RETURN count(n) AS n", {"values": sorted(values), "source": source})[0]["n"]
        assert found == len(values), (label, sorted(values))
    return "imported"


KAART_SHEETS = {file.stem: list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"))))
                for file in sorted((DATA / "kaart").glob("*.csv"))}


@st.composite
def kaart_edits(draw: st.DrawFn) -> dict[str, list[list[str]]]:
    sheets = copy.deepcopy(KAART_SHEETS)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(sheets)))
        rows = sheets[name]
        kind = draw(st.sampled_from(("cell", "cell", "cell", "drop", "extra", "copy")))
        if len(rows) < 2 or kind == "copy":
            rows.append(list(draw(st.sampled_from(rows[1:] or [rows[0]]))))
            continue
        row = draw(st.integers(1, len(rows) - 1))
        if kind == "cell":
            rows[row][draw(st.integers(0, len(rows[0]) - 1))] = draw(junk_text)
        elif kind == "drop":
            rows[row] = rows[row][: draw(st.integers(1, len(rows[0])))]
        else:
            rows[row] = [*rows[row], draw(junk_text)]
    return sheets


def test_kaart_never_crashes_nor_half_writes(kaart_loaded: Store) -> None:
    outcomes: Counter[str] = Counter()
    owner = Owner("kaart:kaart")

    @PROPERTY
    @given(sheets=kaart_edits())
    def one(sheets: dict[str, list[list[str]]]) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary) / "kaart"
            folder.mkdir()
            for name, rows in sheets.items():
                with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
                    csv.writer(handle).writerows(rows)
            outcomes[check_import(
                kaart_loaded, lambda source: import_kaart(kaart_loaded, folder, owner.options(source)),
                lambda: kaart_keys(sheets), owner)] += 1

    one()
    assert outcomes["imported"] > 0 and outcomes["refused"] > 0, outcomes  # both paths were checked


def kaart_keys(sheets: dict[str, list[list[str]]]) -> dict[str, set[str]]:
    """The keys each sheet of a (accepted) kaart gives its nodes, as the importer reads them (trimmed)."""
    keys: dict[str, set[str]] = {}
    for spec in SHEETS:
        rows = sheets.get(spec.name)
        if not spec.node or not rows:
            continue
        column = rows[0].index(NODE_BY_LABEL[spec.node].key)
        keys[spec.node] = {row[column].strip() for row in rows[1:] if len(row) > column and row[column].strip()}
    return keys


def json_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += json_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += json_paths(item, (*path, index))
    return found


def mutate(document: Any, draw: st.DrawFn, root: tuple[Any, ...]) -> None:
    """Replace, delete or add one value somewhere under ``root`` of ``document``."""
    paths = [path for path in json_paths(document) if path[: len(root)] == root and len(path) > len(root)]
    if not paths:  # everything under root was deleted by an earlier edit: add something instead
        target = document
        for part in root:
            target = target[part]
        if isinstance(target, dict):
            target[draw(junk_text)] = draw(junk_json)
        return
    path = draw(st.sampled_from(paths))
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    kind = draw(st.sampled_from(("replace", "replace", "delete", "add")))
    if kind == "replace":
        parent[path[-1]] = draw(junk_json)
    elif kind == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(junk_text)] = draw(junk_json)
    else:
        parent.append(draw(junk_json))


@st.composite
def household_edits(draw: st.DrawFn) -> dict[str, Any]:
    document = household_document()
    for _ in range(draw(st.integers(1, 3))):
        mutate(document, draw, ("households", draw(st.sampled_from((0, 0, 1)))))
        if len(document["households"]) < 2:
            document["households"].append(household_document()["households"][1])
    return document


def test_households_never_crash_nor_half_write(kaart_loaded: Store) -> None:
    outcomes: Counter[str] = Counter()
    owner = Owner(None)

    @PROPERTY
    @given(document=household_edits())
    def one(document: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            path = write_json(Path(temporary) / "households.json", document)
            outcomes[check_import(
                kaart_loaded, lambda source: import_households(kaart_loaded, path, owner.options(source)),
                lambda: {"Household": {household["id"] for household in document["households"]}}, owner)] += 1

    one()
    assert outcomes["imported"] > 0 and outcomes["refused"] > 0, outcomes


HSDS_TABLES = {file.stem: json.loads(file.read_text(encoding="utf-8"))
               for file in sorted((DATA / "hsds").glob("*.json"))}


@st.composite
def hsds_edits(draw: st.DrawFn) -> dict[str, Any]:
    tables = copy.deepcopy(HSDS_TABLES)
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(sorted(name for name, rows in tables.items() if rows)))
        mutate(tables, draw, (table, draw(st.integers(0, len(tables[table]) - 1))))
    return tables


def test_hsds_never_crashes_nor_half_writes(kaart_loaded: Store) -> None:
    outcomes: Counter[str] = Counter()
    owner = Owner(None)

    @PROPERTY
    @given(tables=hsds_edits())
    def one(tables: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary) / "hsds"
            folder.mkdir()
            for name, rows in tables.items():
                write_json(folder / f"{name}.json", rows)
            outcomes[check_import(
                kaart_loaded, lambda source: import_hsds(kaart_loaded, folder, owner.options(source)),
                owner=owner)] += 1

    one()
    assert outcomes["imported"] > 0 and outcomes["refused"] > 0, outcomes


def test_the_check_catches_a_refusal_that_changed_a_value_and_an_unreported_write(
        kaart_loaded: Store, tmp_path: Path) -> None:
    """The property above is only as strong as check_import: a refused import that first overwrote one value (the
    node counts stay equal), and an import that wrote a node it does not report, both fail it."""
    broken = tmp_path / "kaart"
    shutil.copytree(DATA / "kaart", broken)
    (broken / "junk.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # an unknown sheet: refused

    def overwrite_then_refuse(source: str) -> ImportResult:
        kaart_loaded.write("MATCH (p:Professional {id: 'P-1'}) SET p.name = 'Overwritten'")
        return import_kaart(kaart_loaded, broken, ImportOptions(source=source))

    with pytest.raises(AssertionError, match="a refused file changed the database"):
        check_import(kaart_loaded, overwrite_then_refuse)

    def write_unreported(source: str) -> ImportResult:
        result = import_kaart(kaart_loaded, DATA / "kaart", ImportOptions(source=source, replaces="kaart:kaart"))
        kaart_loaded.write("CREATE (:Organisation {id: 'ORG-UNREPORTED', name: 'x'})")
        return result

    with pytest.raises(AssertionError):
        check_import(kaart_loaded, write_unreported)
