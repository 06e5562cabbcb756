"""Injection: no request can reach Cypher as text (DESIGN.md section 7, issue 7 item 5).

Two halves:
- a static scan (Python's ``ast``) of every module of the product: each call that runs Cypher takes a query that is
  a string literal, a module constant, a query file of ``queries/cypher`` (through ``cypher_files.load``), or comes
  from one of the few generator functions that build Cypher from the model's declarations (the allow-list below);
  the scan is shown to catch the shapes it forbids, so it cannot pass by seeing nothing;
- at run time, text that looks like Cypher in every search and filter parameter of the API (found from the OpenAPI
  document and the analyses' registry, so a new parameter is covered by itself) and of the CLI does nothing but
  search for that text: answers are 200/400/403/404/422, never 5xx, and the database is unchanged.
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from injection_allowed import ALLOWED_GENERATORS
from typer.testing import CliRunner
from web_support import AUDIT_ENTRIES, IN_SCOPE, OUT_OF_SCOPE, PATH_SAMPLES, WIJK_IN, client_for, load_test_world

from graph.store import Store
from queries.analyses import ANALYSES

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "importers", "queries", "api", "viz")

# Methods that run Cypher: the Store's, and the driver's session/transaction/driver methods.
STORE_METHODS = {"read", "write", "write_batches", "write_autocommit"}
DRIVER_METHODS = {"run", "execute_query"}
CYPHER_WORDS = ("MATCH", "MERGE", "CREATE", "RETURN", "UNWIND", "DELETE", "CALL ")



def _constant_text(node: ast.AST, constants: set[str]) -> bool:
    """Whether ``node`` is text fixed in the code: literals, module constants, and f-strings or sums of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) or (isinstance(part, ast.FormattedValue)
                   and part.format_spec is None and _constant_text(part.value, constants)) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant_text(node.left, constants) and _constant_text(node.right, constants)
    return False


def _module_constants(tree: ast.Module) -> set[str]:
    """Names assigned once, at module level, to constant text."""
    constants: set[str] = set()
    assigned: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assigned[node.id] += 1
    changed = True
    while changed:
        changed = False
        for statement in tree.body:
            targets, value = [], None
            if isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                targets, value = [statement.target], statement.value
            for target in targets:
                if (isinstance(target, ast.Name) and target.id not in constants and assigned[target.id] == 1
                        and _constant_text(value, constants)):
                    constants.add(target.id)
                    changed = True
    return constants


def _load_names(tree: ast.Module) -> set[str]:
    """Local names of ``queries.cypher_files.load`` (it reads only the package's own .cypher files)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "queries.cypher_files":
            names.update(alias.asname or alias.name for alias in node.names if alias.name == "load")
    return names


class CypherCalls(ast.NodeVisitor):
    """Finds the calls that run Cypher in one module and judges the query each one passes."""

    def __init__(self, file: str, tree: ast.Module) -> None:
        self.file = file
        self.constants = _module_constants(tree)
        self.loaders = _load_names(tree)
        self.scope: list[str] = []
        self.locals: list[dict[str, ast.AST]] = []  # per enclosing function: names assigned exactly once there
        self.calls: list[tuple[str, int, str]] = []  # (function, line, call text)
        self.unsafe: list[str] = []

    def _enter(self, node: ast.AST, name: str) -> None:
        self.scope.append(name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._enter(node, node.name)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        values: dict[str, ast.AST] = {}
        bindings: Counter[str] = Counter()  # every binding: assignments, loops, with, augmented, parameters
        for inner in ast.walk(node):
            if isinstance(inner, ast.Assign | ast.AnnAssign) and inner.value is not None:
                for target in (inner.targets if isinstance(inner, ast.Assign) else [inner.target]):
                    if isinstance(target, ast.Name):
                        values[target.id] = inner.value
            elif isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                bindings[inner.id] += 1
            elif isinstance(inner, ast.arg):
                bindings[inner.arg] += 2  # parameters come from the caller: never a fixed value
        self.locals.append({name: value for name, value in values.items() if bindings[name] == 1})
        self._enter(node, node.name)
        self.locals.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _is_cypher_call(self, node: ast.Call) -> bool:
        if not isinstance(node.func, ast.Attribute) or not node.args:
            return False
        method, receiver = node.func.attr, ast.unparse(node.func.value)
        last = receiver.rsplit(".", 1)[-1].lower()
        if method in DRIVER_METHODS:
            return method == "execute_query" or last in ("tx", "session", "transaction", "driver")
        if method not in STORE_METHODS:
            return False
        if "store" in receiver.lower() or (self.file == "graph/store.py" and receiver == "self"):
            return True
        # Any other receiver handed text that looks like Cypher is treated as a Cypher call too.
        first = node.args[0]
        text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ast.unparse(first)
        return any(word in text for word in CYPHER_WORDS)

    def _safe_query(self, query: ast.AST, depth: int = 0) -> bool:
        if depth > 10:
            return False
        if _constant_text(query, self.constants):
            return True
        if isinstance(query, ast.Name) and self.locals and query.id in self.locals[-1]:
            return self._safe_query(self.locals[-1][query.id], depth + 1)  # a local assigned once, judged the same
        if isinstance(query, ast.BinOp) and isinstance(query.op, ast.Add):
            return self._safe_query(query.left, depth + 1) and self._safe_query(query.right, depth + 1)
        if isinstance(query, ast.Call):
            name = ast.unparse(query.func)
            if name in self.loaders or name.endswith("cypher_files.load"):
                return True  # a file of queries/cypher, named by our own code
            if name == "Query" and query.args:  # the driver's Query wrapper around a query judged the same way
                return self._safe_query(query.args[0], depth + 1)
        return False

    def visit_Call(self, node: ast.Call) -> None:
        if self._is_cypher_call(node):
            function = ".".join(self.scope) or "(module)"
            self.calls.append((function, node.lineno, ast.unparse(node)[:80]))
            allowed = (self.file, function) in ALLOWED_GENERATORS
            if not allowed and not self._safe_query(node.args[0]):
                self.unsafe.append(f"{self.file}:{node.lineno} in {function}: {ast.unparse(node)[:120]}")
        self.generic_visit(node)


def scan_source(file: str, source: str) -> CypherCalls:
    tree = ast.parse(source)
    scanner = CypherCalls(file, tree)
    scanner.visit(tree)
    return scanner


def scan_product() -> list[CypherCalls]:
    scanned = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            file = path.relative_to(ROOT).as_posix()
            scanned.append(scan_source(file, path.read_text(encoding="utf-8")))
    return scanned


def test_no_cypher_is_built_from_input_anywhere() -> None:
    scanned = scan_product()
    unsafe = [finding for scanner in scanned for finding in scanner.unsafe]
    assert unsafe == [], "Cypher built from non-constant text:\n" + "\n".join(unsafe)
    calls = {scanner.file: len(scanner.calls) for scanner in scanned if scanner.calls}
    # The scan sees the Cypher of every layer (so it cannot pass by seeing nothing).
    assert {"graph/store.py", "graph/load.py", "graph/schema.py", "api/auth.py", "api/audit.py",
            "queries/analyses.py", "queries/pages.py", "queries/by_wijk.py", "importers/hsds.py",
            "importers/demo/load.py", "queries/explain.py"} <= set(calls)
    assert sum(calls.values()) >= 40
    # Every allow-listed generator still exists and still runs Cypher (a stale entry would widen the allow-list).
    used = {(scanner.file, function) for scanner in scanned for function, _, _ in scanner.calls}
    assert set(ALLOWED_GENERATORS) <= used, set(ALLOWED_GENERATORS) - used


FORBIDDEN = {
    "f-string with input": 'def f(store, user):\n    store.read(f"MATCH (u:User {{name: \'{user}\'}}) RETURN u")\n',
    "concatenation": 'def f(store, text):\n    store.write("MATCH (n) WHERE n.name = \'" + text + "\' DELETE n")\n',
    "format()": 'def f(store, label):\n    return store.read("MATCH (n:{}) RETURN n".format(label))\n',
    "percent": 'def f(session, label):\n    session.run("MATCH (n:%s) RETURN n" % label)\n',
    "local variable": 'def f(store, text):\n    query = "MATCH (n) RETURN n LIMIT " + text\n    store.read(query)\n',
    "driver": 'def f(driver, label):\n    driver.execute_query(f"MATCH (n:{label}) RETURN n")\n',
    "transaction": 'def f(tx, key):\n    tx.run("MATCH (n {id: " + key + "}) RETURN n")\n',
    "other receiver": 'def f(db, key):\n    db.read(f"MATCH (n {{id: {key}}}) RETURN n")\n',
    "local assigned twice": ('def f(store, text):\n    query = "MATCH (n) RETURN n"\n    if text:\n'
                             '        query = query + text\n    store.read(query)\n'),
    "function-level constant changed": 'Q = "MATCH (n) RETURN n"\nQ = Q + input()\ndef f(store):\n    store.read(Q)\n',
}
ALLOWED = {
    "literal": 'def f(store, key):\n    store.read("MATCH (n {id: $key}) RETURN n", {"key": key})\n',
    "implicit concatenation": 'def f(store):\n    store.read("MATCH (n) " "RETURN n")\n',
    "module constant": 'FIELDS = "n.id AS id"\nQ = f"MATCH (n) RETURN {FIELDS}"\ndef f(store):\n    store.read(Q)\n',
    "query file": 'from queries.cypher_files import load\ndef f(store, w):\n    store.read(load("gaps"), {"w": w})\n',
    "prefixed query file": ('from queries import cypher_files\ndef f(session, name):\n'
                            '    text = cypher_files.load(name)\n    session.run("EXPLAIN " + text)\n'),
    "not Cypher": 'def f(handle, text):\n    handle.write(text)\n    subprocess.run(text)\n',
}


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_the_scan_catches_cypher_built_from_input(name: str) -> None:
    scanner = scan_source("example.py", FORBIDDEN[name])
    assert len(scanner.unsafe) == 1, scanner.unsafe


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_the_scan_allows_fixed_queries(name: str) -> None:
    assert scan_source("example.py", ALLOWED[name]).unsafe == []


# --- At run time: Cypher-looking text in every search and filter parameter --------------------------------------

PAYLOADS = (
    "' OR 1=1 //",
    "\"}) MATCH (n) DETACH DELETE n //",
    "x'}) DETACH DELETE n RETURN 1 //",
    "MATCH (n) DETACH DELETE n",
    "`Household`) DETACH DELETE (`x",
    "$wijk {code: $code}",
    "WK990101' OR '1'='1",
    "/* */ CALL dbms.components() YIELD name RETURN name //",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "ＭＡＴＣＨ (n) ＤＥＴＡＣＨ ＤＥＬＥＴＥ n \u202e 🏠 \\u0027",
    "name:* OR *:* \\\" (",
)
NO_SERVER_ERROR = {200, 400, 403, 404, 422}
OTHER_PARAMS = {"page", "size"}  # numbers, fuzzed by schemathesis (tests/test_fuzz_api.py)


def database_counts(store: Store) -> dict[str, int]:
    """Nodes per label and relationships per type, except the audit log (household reads are logged, rightly)."""
    nodes = store.read("MATCH (n) WHERE NOT n:AuditEntry UNWIND labels(n) AS label RETURN label, count(*) AS n")
    rels = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    properties = store.read("MATCH (n) WHERE NOT n:AuditEntry RETURN sum(size(keys(n))) AS n")[0]["n"]
    return {**{row["label"]: row["n"] for row in nodes}, **{row["type"]: row["n"] for row in rels},
            "(properties)": properties}


@pytest.fixture
def world(store: Store) -> dict[str, str]:
    return load_test_world(store, audit_log=True)


def api_targets(store: Store) -> list[tuple[str, str]]:
    """(path template, parameter) for every string parameter of every JSON operation, and every analysis parameter."""
    spec = client_for(store).get("/api/openapi.json").json()
    samples = {**PATH_SAMPLES, "name": "contacts"}
    targets = []
    for path, operations in spec["paths"].items():
        if not path.endswith(".json"):
            continue  # the CSV twins run the same handlers
        for parameter in operations.get("get", {}).get("parameters", []):  # a write has no GET
            if parameter["name"] in OTHER_PARAMS:
                continue
            fixed = {name: value for name, value in samples.items() if name != parameter["name"]}
            targets.append((path.format(**{name: fixed.get(name, "{value}") for name in samples}),
                            parameter["name"] if parameter["in"] == "query" else ""))
    for analysis in ANALYSES.values():
        for param in analysis.params:
            targets.append((f"/analyses/{analysis.name}.json", param.name))
    return targets


def test_cypher_looking_api_input_is_only_searched_for(store: Store, world: dict[str, str]) -> None:
    client = client_for(store, world["admin"])
    before = database_counts(store)
    targets = api_targets(store)
    assert len(targets) >= 40  # 14 JSON operations' parameters and 26 analysis parameters at the time of writing
    statuses: Counter[int] = Counter()
    failures = []
    for path, parameter in targets:
        for payload in PAYLOADS:
            if parameter:
                url = f"{path}{'&' if '?' in path else '?'}{parameter}={quote(payload, safe='')}"
            else:
                url = path.replace("{value}", quote(payload, safe=""))
            response = client.get(url, headers={"X-Wijkgraph-Reason": "injectietest"})
            statuses[response.status_code] += 1
            if response.status_code not in NO_SERVER_ERROR:
                failures.append(f"{url}: {response.status_code} {response.text[:200]}")
    assert not failures, "\n".join(failures)
    assert database_counts(store) == before
    assert sum(statuses.values()) == len(targets) * len(PAYLOADS)


def test_searches_find_the_text_and_nothing_else(store: Store, world: dict[str, str]) -> None:
    client = client_for(store, world["admin"])
    before = database_counts(store)
    for payload in PAYLOADS:
        value = quote(payload, safe="")
        for url in (f"/contacts.json?wijk={WIJK_IN}&text={value}", f"/contacts.json?organisation={value}",
                    f"/wijken.json?municipality={value}", f"/audit.json?user={value}",
                    f"/audit.json?household={value}", f"/analyses/contacts.json?text={value}"):
            body = client.get(url).json()
            assert (body["total"], body["items"]) == (0, []), (url, body)
        if "/" not in payload:  # an (encoded) slash in a path segment makes it another route: a plain 404
            assert client.get(f"/wijken/{value}.json").json()["detail"] == f"Er is geen wijk {payload}."
            assert client.get(f"/households/{value}.json").json()["detail"] == f"Er is geen huishouden {payload}."
    # The audit filters above matched none of the seeded entries, which are all still there (beside the refused
    # household reads just logged, one per payload without a slash).
    logged = [item["id"] for item in client.get("/audit.json?size=500").json()["items"]]
    assert [id_ for id_ in logged if id_.startswith("E")] == ["E5", "E4", "E3", "E2", "E1"]
    assert len(logged) == len(AUDIT_ENTRIES) + sum("/" not in payload for payload in PAYLOADS)
    # The same searches with real words find the real contact: the text is searched, not ignored.
    tricky = quote("Jansen') OR 1=1 //")
    found = client.get(f"/contacts.json?wijk={WIJK_IN}&text={tricky}").json()
    assert found["total"] == 0
    found = client.get(f"/contacts.json?wijk={WIJK_IN}&text={quote('anna jans')}").json()
    assert [(item["name"], [role["tier"] for role in item["roles"]]) for item in found["items"]] == [
        ("Anna Jansen", ["ring1", "A"])]  # one row per person, with both roles
    assert database_counts(store) == before


def test_the_reason_is_stored_as_text(store: Store, world: dict[str, str]) -> None:
    client = client_for(store, world["coordinator"])
    for payload in PAYLOADS[:4]:
        response = client.get(f"/households/{IN_SCOPE}.json", headers={"X-Wijkgraph-Reason": payload})
        assert response.status_code == 200, response.text
    reasons = [row["reason"] for row in store.read(
        "MATCH (a:AuditEntry {user: 'test-coordinator'}) WHERE NOT a.what STARTS WITH 'seeded' "
        "RETURN a.reason AS reason ORDER BY a.at")]
    assert reasons == list(PAYLOADS[:4])


def test_cypher_looking_cli_input_is_only_searched_for(store: Store, world: dict[str, str]) -> None:
    from api.cli.root import build_app
    from api.cli.user_errors import user_error_types

    USER_ERRORS = user_error_types()
    app = build_app()
    runner = CliRunner()
    before = database_counts(store)
    # The audit filters find the seeded entries with real values (so the payloads' 0 below is a filter at work).
    for option, value, shown in (("--user", "test-coordinator", 2), ("--household", OUT_OF_SCOPE, 2),
                                  ("--since", "2025-06-20", 3), ("--since", "2000-01-01", len(AUDIT_ENTRIES))):
        result = runner.invoke(app, ["audit", option, value], env={"COLUMNS": "200"})
        assert f"Auditlog ({shown} van {shown})" in result.stdout, (option, result.output)
    for payload in PAYLOADS:
        for option in ("--text", "--organisation"):
            result = runner.invoke(app, ["analyse", "contacts", option, payload, "--format", "json"])
            assert result.exit_code == 0, (option, payload, result.output, result.exception)
            assert json.loads(result.stdout) == []
        for option in ("--user", "--household"):  # before the ecogram below writes its audit entry
            result = runner.invoke(app, ["audit", option, payload], env={"COLUMNS": "200"})
            assert result.exit_code == 0, (option, payload, result.output, result.exception)
            assert "Auditlog (0 van 0)" in result.stdout  # the CLI speaks Dutch unless WIJKGRAPH_LANG=en
        result = runner.invoke(app, ["analyse", "ecogram", "--household", payload, "--reason", payload, "--format",
                                     "json"])
        assert (result.exit_code, json.loads(result.stdout)) == (0, []), (payload, result.output, result.exception)
        result = runner.invoke(app, ["analyse", "contacts", "--wijk", payload])
        assert result.exit_code == 1 and isinstance(result.exception, USER_ERRORS), (payload, result.exception)
        assert str(result.exception) == f"Unknown wijk {payload}: no Wijk with that code in the database."
    assert database_counts(store) == before
