"""File exports of the sociale kaart and its network, for a wijk, a municipality or everything.

- ``/exports/partner-network.graphml`` and ``.gexf``: the partner network (the data behind the partner maps) for
  Gephi, Kumu, yEd and networkx (viz/network_files.py);
- ``/exports/sociale-kaart.hsds.json``: the sociale kaart as Open Referral HSDS 3.0 tabular JSON, and
  ``/exports/sociale-kaart.hsds.zip``: the same as a CSV data package (importers/hsds_out.py).

``?wijk=`` (repeatable) and ``?municipality=`` choose what is exported (neither: everything), ``?on=`` the date of
the network. Access is that of the pages these files hold: the partner map and "Who to call" are for every role and
every wijk, and so are these files. They hold no household data (no households, no ties through households), so
no scope applies and nothing is audited; tables that do hold household data (an analysis, a wijk's households)
have their own ``.xlsx`` twin, with the page's role, scope and audit (api/web/common.py).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.web.common import PROBLEM_SCHEMA, TITLES, Problem, on_param, require, store_of
from importers import hsds_out
from importers.hsds_spec import SPEC_TABLES
from queries import exports
from viz import network_files

router = APIRouter()
GRAPHML_TYPE = "application/graphml+xml"
GEXF_TYPE = "application/gexf+xml"
ZIP_TYPE = "application/zip"
WIJK = Query(None, description="Wijk code; repeat for several")
MUNICIPALITY = Query(None, description="Municipality code: all of its wijken")
ON = Query(None, description="Date of the network (YYYY-MM-DD), default today")


def _documented(media: str, what: str) -> dict[int | str, dict[str, Any]]:
    problem = {"application/problem+json": {"schema": PROBLEM_SCHEMA}}
    if media == "application/json":  # HSDS tabular JSON: an array of rows per table (importers/hsds_spec.py)
        rows = {spec.path: {key: value for key, value in spec.json_schema().items() if key != "$schema"}
                for spec in SPEC_TABLES}
        schema: dict[str, Any] = {"type": "object", "required": list(rows), "properties": {
            path: {"type": "array", "items": row} for path, row in rows.items()}}
    else:
        schema = {"type": "string", "description": what} | ({"format": "binary"} if media == ZIP_TYPE else {})
    return {200: {"description": what, "content": {media: {"schema": schema}}},
            **{code: {"description": TITLES[code], "content": problem} for code in (400, 401, 404, 503)}}


def _scope(request: Request, wijk: list[str] | None, municipality: str | None) -> tuple[list[str] | None, str]:
    """The wijken asked (None: all) and the file name's stem; 404 for a code that does not exist."""
    require(request)
    wijken, unknown = exports.wijken_in(store_of(request), wijk, municipality)
    if unknown:
        raise Problem(404, "There is no wijk or municipality {codes}.", codes=", ".join(unknown))
    stem = "-".join([*(wijk or []), *([municipality] if municipality else [])]) or "all"
    return wijken, stem


def _file(content: bytes | str, media: str, filename: str) -> Response:
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _network(request: Request, wijk: list[str] | None, municipality: str | None) -> tuple[Any, str]:
    wijken, stem = _scope(request, wijk, municipality)
    on: dt.date = on_param(request)
    data = exports.partner_network(store_of(request), wijken, on)
    return network_files.network_graph(data, f"wijkgraph partner network {stem} {on.isoformat()}"), stem


@router.get("/exports/partner-network.graphml", tags=["exports"], response_class=Response,
            summary="The partner network as GraphML (Gephi, yEd, networkx)",
            responses=_documented(GRAPHML_TYPE, "GraphML: typed node and edge attributes"))
def partner_network_graphml(request: Request, wijk: list[str] | None = WIJK, municipality: str | None = MUNICIPALITY,
                            on: str | None = ON) -> Response:
    graph, stem = _network(request, wijk, municipality)
    return _file(network_files.graphml_bytes(graph), GRAPHML_TYPE, f"partner-network-{stem}.graphml")


@router.get("/exports/partner-network.gexf", tags=["exports"], response_class=Response,
            summary="The partner network as GEXF (Gephi, Kumu)",
            responses=_documented(GEXF_TYPE, "GEXF 1.2: typed node and edge attributes"))
def partner_network_gexf(request: Request, wijk: list[str] | None = WIJK, municipality: str | None = MUNICIPALITY,
                         on: str | None = ON) -> Response:
    graph, stem = _network(request, wijk, municipality)
    return _file(network_files.gexf_bytes(graph), GEXF_TYPE, f"partner-network-{stem}.gexf")


def _hsds(request: Request, wijk: list[str] | None, municipality: str | None) -> tuple[hsds_out.Tables, str]:
    wijken, stem = _scope(request, wijk, municipality)
    return hsds_out.hsds_tables(exports.sociale_kaart(store_of(request), wijken, on_param(request))), stem


@router.get("/exports/sociale-kaart.hsds.json", tags=["exports"], response_class=Response,
            summary="The sociale kaart as Open Referral HSDS 3.0 tabular JSON",
            responses=_documented("application/json", "HSDS 3.0 tabular JSON: one array per table, keyed by the "
                                  "spec's CSV file name (organizations.csv, services.csv, ...)"))
def sociale_kaart_json(request: Request, wijk: list[str] | None = WIJK, municipality: str | None = MUNICIPALITY,
                       on: str | None = ON) -> Response:
    tables, stem = _hsds(request, wijk, municipality)
    text = json.dumps(hsds_out.tabular_json(tables), ensure_ascii=False, indent=2) + "\n"
    return _file(text, "application/json", f"sociale-kaart-{stem}.hsds.json")


@router.get("/exports/sociale-kaart.hsds.zip", tags=["exports"], response_class=Response,
            summary="The sociale kaart as an Open Referral HSDS 3.0 CSV data package (ZIP)",
            responses=_documented(ZIP_TYPE, "A ZIP of datapackage.json and the HSDS CSV files"))
def sociale_kaart_zip(request: Request, wijk: list[str] | None = WIJK, municipality: str | None = MUNICIPALITY,
                      on: str | None = ON) -> Response:
    tables, stem = _hsds(request, wijk, municipality)
    return _file(hsds_out.package_zip(tables, f"wijkgraph sociale kaart {stem}"), ZIP_TYPE,
                 f"sociale-kaart-{stem}.hsds.zip")
