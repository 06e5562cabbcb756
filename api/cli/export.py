"""`wijkgraph export ...`: the partner network for Gephi and Kumu, the sociale kaart as HSDS 3, an analysis as XLSX.

For a wijk (``--wijk``, repeatable), a municipality (``--municipality``) or everything (neither). The web app has
the same files at /exports and every table's ``.xlsx`` twin (api/web/exports.py). The CLI is run by whoever may run
it on the server, like ``wijkgraph analyse``: an analysis over households is audited with the OS user, as there.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from api.cli.messages import CommandError
from api.cli.output import console
from api.i18n import N_
from api.i18n import gettext as _

if TYPE_CHECKING:
    from graph.store import Store

WIJK = typer.Option(None, "--wijk", metavar="CODE", help=N_("A wijk to export; repeat for several."))
MUNICIPALITY = typer.Option(None, "--municipality", metavar="CODE", help=N_("A municipality: all of its wijken."))
ON = typer.Option(None, "--on", metavar="YYYY-MM-DD", help=N_("The date of the network (default: today)."))
HSDS_FORMATS = ("json", "csv")


def export_app() -> typer.Typer:
    app = typer.Typer(help=_("Export the partner network (GraphML, GEXF), the sociale kaart (HSDS 3) or an analysis "
                             "(XLSX), for a wijk, a municipality or everything."), no_args_is_help=True)
    app.command("graphml", help=N_("Write the partner network as GraphML (Gephi, yEd, networkx)."))(graphml_command)
    app.command("gexf", help=N_("Write the partner network as GEXF (Gephi, Kumu)."))(gexf_command)
    app.command("hsds", help=N_("Write the sociale kaart as Open Referral HSDS 3.0: tabular JSON, or a folder with "
                                "a CSV data package."))(hsds_command)
    app.command("xlsx", help=N_("Write an analysis as an Excel workbook: typed cells, Dutch headers, frozen header "
                                "row, filter."))(xlsx_command)
    return app


def _on(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(N_("--on must be a date YYYY-MM-DD, not {text!r}."), text=text) from None


def _scope(store: Store, wijk: list[str] | None, municipality: str | None) -> list[str] | None:
    from queries.exports import wijken_in

    wijken, unknown = wijken_in(store, wijk, municipality)
    if unknown:
        raise CommandError(N_("There is no wijk or municipality {codes}."), codes=", ".join(unknown))
    return wijken


def _write_network(out: Path, wijk: list[str] | None, municipality: str | None, on: str | None, kind: str) -> None:
    from graph.connection import open_store
    from queries.exports import partner_network
    from viz import network_files

    store = open_store()
    date = _on(on)
    graph = network_files.network_graph(partner_network(store, _scope(store, wijk, municipality), date))
    out.write_bytes(network_files.graphml_bytes(graph) if kind == "graphml" else network_files.gexf_bytes(graph))
    console.print(_("Wrote {path}: {nodes} nodes and {edges} relationships of the partner network on {date}.")
                  .format(path=out, nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
                          date=date.isoformat()), highlight=False)


def graphml_command(out: Path = typer.Argument(..., help=N_("The file to write (.graphml).")),
                    wijk: list[str] | None = WIJK, municipality: str | None = MUNICIPALITY,
                    on: str | None = ON) -> None:
    _write_network(out, wijk, municipality, on, "graphml")


def gexf_command(out: Path = typer.Argument(..., help=N_("The file to write (.gexf).")),
                 wijk: list[str] | None = WIJK, municipality: str | None = MUNICIPALITY,
                 on: str | None = ON) -> None:
    _write_network(out, wijk, municipality, on, "gexf")


def hsds_command(out: Path = typer.Argument(..., help=N_("The file (json) or folder (csv) to write.")),
                 wijk: list[str] | None = WIJK, municipality: str | None = MUNICIPALITY, on: str | None = ON,
                 output: str = typer.Option("json", "--format", help=N_("json (tabular JSON) or csv (a data "
                                                                          "package: datapackage.json and CSV files)."))
                 ) -> None:
    from graph.connection import open_store
    from importers import hsds_out
    from queries.exports import sociale_kaart

    if output not in HSDS_FORMATS:
        raise CommandError(N_("--format must be one of {formats}, not {value!r}."), formats=", ".join(HSDS_FORMATS),
                           value=output)
    store = open_store()
    tables = hsds_out.hsds_tables(sociale_kaart(store, _scope(store, wijk, municipality), _on(on)))
    if output == "json":
        out.write_text(json.dumps(hsds_out.tabular_json(tables), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
    else:
        if out.exists() and not out.is_dir():
            raise CommandError(N_("{path} is a file; give a folder for --format csv."), path=out)
        out.mkdir(parents=True, exist_ok=True)
        for name, text in hsds_out.package_files(tables, f"wijkgraph sociale kaart {out.name}").items():
            (out / name).write_text(text, encoding="utf-8")
    counts = ", ".join(f"{resource} {len(rows)}" for resource, rows in tables.items())
    console.print(_("Wrote {path} (HSDS 3.0): {counts}.").format(path=out, counts=counts), highlight=False)


def xlsx_command(name: str = typer.Argument(..., help=N_("The analysis (see wijkgraph analyse --list).")),
                 out: Path = typer.Argument(..., help=N_("The file to write (.xlsx).")),
                 wijk: list[str] | None = WIJK, municipality: str | None = MUNICIPALITY, on: str | None = ON,
                 param: list[str] | None = typer.Option(None, "--param", metavar="NAME=VALUE",
                                                        help=N_("Another parameter of the analysis; repeat for "
                                                                "several.")),
                 reason: str | None = typer.Option(None, "--reason", metavar="TEXT",
                                                   help=N_("Why you read household-level data (audit log)."))
                 ) -> None:
    from api.cli.analyse import audited_run
    from api.xlsx import workbook_bytes
    from graph.connection import open_store
    from queries.analyses import get

    analysis = get(name)
    store = open_store()
    params: dict[str, Any] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(N_("--param takes NAME=VALUE, not {item!r}."), item=item)
        params.setdefault(key.strip(), []).append(value.strip())
    params = {key: values[0] if len(values) == 1 else values for key, values in params.items()}
    wijken = _scope(store, wijk, municipality)
    if wijken is not None:
        params["wijk"] = wijken
    if on:
        params["on"] = on
    checked = analysis.check(params)
    if analysis.access.household_level:
        rows = audited_run(store, analysis, params, checked, (reason or "").strip() or None)
    else:
        rows = analysis.run(store, **params)
    from api.labels import label

    out.write_bytes(workbook_bytes(rows, label("analysis", name)))
    console.print(_("Wrote {path}: {count} rows of {analysis}.").format(path=out, count=len(rows),
                                                                       analysis=label("analysis", name)),
                  highlight=False)
