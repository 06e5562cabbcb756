"""Check that the per-wijk Cypher files find their wijk through the index: ``python -m queries.explain``.

For every Cypher file that takes ``$wijk`` or ``$wijken`` this runs ``EXPLAIN`` with a wijk given (every other
parameter null, ``$on`` a fixed date) and prints, per file, the operators that touch an index (seeks and scans) and
any label or all-nodes scans. With a wijk given, the wijk must be looked up in the ``Wijk.code`` index: the exit
code is 1 when a file reaches ``:Wijk`` through anything but an index seek, or scans a label or all nodes. The
plan-walking code here is also used by ``tests/test_analyses_queries.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.connection import open_store
from graph.store import Store, StoreUnavailable, close_shared_stores
from queries import cypher_files

EXAMPLE_WIJK = "WK063701"
EXAMPLE_ON = dt.date(2026, 1, 1)
SCANS = ("NodeByLabelScan", "AllNodesScan")


def per_wijk_files() -> list[str]:
    """The Cypher files that take ``$wijk``, sorted."""
    return [name for name in cypher_files.names() if cypher_files.uses_wijk(name)]


def plan_operators(plan: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every operator of a plan (as the neo4j driver returns it), depth first: (operator type, details)."""
    found = [(plan["operatorType"].split("@")[0], str(plan.get("args", {}).get("Details", "")))]
    for child in plan.get("children", []):
        found += plan_operators(child)
    return found


@dataclass(frozen=True)
class PlanCheck:
    name: str
    operators: list[tuple[str, str]]

    @property
    def wijk_operators(self) -> list[tuple[str, str]]:
        """The operators that find Wijk nodes (scans and seeks). A Filter or Projection that only tests the label of
        a node reached by an expansion (``v:Wijk`` inside a COUNT subquery) finds nothing and is left out."""
        return [(kind, details) for kind, details in self.operators
                if ":Wijk" in details and ("Scan" in kind or "Seek" in kind)]

    @property
    def index_operators(self) -> list[tuple[str, str]]:
        return [(kind, details) for kind, details in self.operators if "Index" in kind]

    @property
    def scans(self) -> list[tuple[str, str]]:
        return [(kind, details) for kind, details in self.operators if kind in SCANS]

    @property
    def problems(self) -> list[str]:
        """Why the plan does not look the wijk up through its index; empty when it does."""
        problems = []
        if not self.wijk_operators:
            problems.append("no operator reads :Wijk")
        problems += [f"{kind} {details}" for kind, details in self.wijk_operators if "IndexSeek" not in kind]
        problems += [f"{kind} {details}" for kind, details in self.scans if ":Wijk" not in details]
        return problems


def explain(store: Store, name: str, wijk: str = EXAMPLE_WIJK, on: dt.date = EXAMPLE_ON) -> PlanCheck:
    """EXPLAIN the Cypher file ``name`` with ``wijk`` and ``on`` given and every other parameter null."""
    text = cypher_files.load(name)
    parameters: dict[str, Any] = dict.fromkeys(re.findall(r"\$(\w+)", text))
    parameters["on"] = on
    if "wijken" in parameters:  # the analyses take a list of wijk codes, the pages one code
        parameters["wijken"] = [wijk]
    else:
        parameters["wijk"] = wijk
    with store.session("read") as session:
        plan = session.run("EXPLAIN " + text, parameters).consume().plan
    if plan is None:  # the server answers every EXPLAIN with a plan; None would be a driver or server fault
        raise RuntimeError(f"Neo4j returned no plan for EXPLAIN of {name}")
    return PlanCheck(name, plan_operators(plan))


def report(checks: list[PlanCheck]) -> str:
    lines = []
    for check in checks:
        lines.append(f"{check.name}: {'ok' if not check.problems else 'PROBLEM'}")
        lines += [f"  index  {kind}  {details}" for kind, details in check.index_operators]
        lines += [f"  scan   {kind}  {details}" for kind, details in check.scans]
        lines += [f"  problem: {problem}" for problem in check.problems]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Explain every per-wijk file against the configured Neo4j (NEO4J_URI, else the local one); the wijk code is
    the optional first argument (it need not exist: EXPLAIN plans without running)."""
    args = sys.argv[1:] if argv is None else argv
    wijk = args[0] if args else EXAMPLE_WIJK
    try:
        store = open_store()
        checks = [explain(store, name, wijk) for name in per_wijk_files()]
    except StoreUnavailable as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    finally:
        close_shared_stores()
    print(report(checks))
    return 1 if any(check.problems for check in checks) else 0


if __name__ == "__main__":
    raise SystemExit(main())
