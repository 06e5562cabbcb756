"""Reads for the file exports (``wijkgraph export`` and /exports): the partner network and the sociale kaart of a
wijk, a municipality or everything. No household data: the exports are the sociale kaart and its network, which
every role may see on the pages (the partner map, "Who to call"); access is the API's business.

Each function runs one Cypher file of ``queries/cypher`` (the ``export_*`` files, with the usual header) and returns
JSON-ready values (dates as ISO strings). The writers of the file formats are pure functions elsewhere:
:mod:`viz.network_files` (GraphML, GEXF) and :mod:`importers.hsds_out` (HSDS 3).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.model import EXPERTISE
from graph.store import Store
from queries.analyses import plain
from queries.cypher_files import load

Row = dict[str, Any]


def wijken_in(store: Store, wijken: list[str] | None, municipality: str | None) -> tuple[list[str] | None, list[str]]:
    """The wijk codes an export covers (None: every wijk) and the codes asked for that do not exist.

    ``wijken`` and ``municipality`` together cover both; neither covers everything."""
    if not wijken and not municipality:
        return None, []
    rows = store.read(
        "UNWIND $wijken AS code OPTIONAL MATCH (w:Wijk {code: code}) RETURN code, w IS NOT NULL AS found",
        {"wijken": list(wijken or [])})
    unknown = [row["code"] for row in rows if not row["found"]]
    codes = [row["code"] for row in rows if row["found"]]
    if municipality:
        found = store.read(
            "MATCH (m:Municipality {code: $code}) RETURN COLLECT { MATCH (w:Wijk)-[:IN_MUNICIPALITY]->(m) "
            "RETURN w.code AS c ORDER BY c } AS wijken", {"code": municipality})
        if found:
            codes += found[0]["wijken"]
        else:
            unknown.append(municipality)
    return sorted(set(codes)), unknown


def partner_network(store: Store, wijken: list[str] | None, on: dt.date) -> Row:
    """The partner network of ``wijken`` (None: all) at ``on``: ``{nodes, edges}`` as export_partner_network.cypher
    describes them."""
    rows = store.read(load("export_partner_network"), {"wijken": wijken, "on": on})
    return plain(rows[0]) if rows else {"nodes": [], "edges": []}


def sociale_kaart(store: Store, wijken: list[str] | None, on: dt.date) -> Row:
    """The sociale kaart of ``wijken`` (None: all) at ``on``: ``{organisations, professionals, expertise}`` as
    export_sociale_kaart.cypher describes them (export_sociale_kaart_all.cypher for all)."""
    if wijken is None:
        return plain(store.read(load("export_sociale_kaart_all"), {"on": on})[0])
    parameters = {"wijken": wijken, "on": on, "expertise": list(EXPERTISE)}
    return plain(store.read(load("export_sociale_kaart"), parameters)[0])
