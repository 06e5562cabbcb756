"""`wijkgraph report`: the report for the council of a wijk or a municipality, written as PDF, HTML or JSON.

The same report as the web app's ``/reports/...`` (api/reports.py, queries/report): counts and codes only, in the
CLI's language, with the change since ``--since`` (default a year before ``--on``). The file's suffix chooses the
format: ``.pdf`` (WeasyPrint), ``.html`` (the standalone print document) or ``.json`` (codes and English keys, with
the summary's text). The report rests on household data: each one made is audited as the operator's read, as
``wijkgraph analyse`` audits a household-level analysis.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from api.cli.messages import CommandError
from api.cli.output import console
from api.i18n import N_
from api.i18n import gettext as _

SUFFIXES = (".pdf", ".html", ".json")


def _date(option: str, text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(N_("{option} must be a date YYYY-MM-DD, not {text!r}."), option=option, text=text) from None


def report_command(
    out: Path = typer.Option(..., "--out", metavar="FILE", help=N_("The file to write: .pdf, .html or .json.")),
    wijk: str | None = typer.Option(None, "--wijk", metavar="CODE", help=N_("The report of this wijk.")),
    municipality: str | None = typer.Option(None, "--municipality", metavar="CODE",
                                            help=N_("The report of this municipality, over all of its wijken.")),
    on: str | None = typer.Option(None, "--on", metavar="YYYY-MM-DD", help=N_("The date of the figures (default: "
                                                                              "today).")),
    since: str | None = typer.Option(None, "--since", metavar="YYYY-MM-DD",
                                     help=N_("The earlier date to compare with (default: a year before --on).")),
) -> None:
    if (wijk is None) == (municipality is None):
        raise CommandError(N_("Give either --wijk or --municipality."))
    if out.suffix.lower() not in SUFFIXES:
        raise CommandError(N_("--out must end in {suffixes}, not {name!r}."), suffixes=", ".join(SUFFIXES),
                           name=out.name)
    date = _date("--on", on) or dt.date.today()
    earlier = _date("--since", since)
    from api import audit
    from api.reports import pdf_bytes, print_html, with_texts
    from graph.connection import open_store
    from queries.report import check_dates, council_report, read_area

    kind, code = ("wijk", wijk) if wijk else ("municipality", municipality)
    assert code is not None
    check_dates(date, earlier)  # before anything is read
    store = open_store()
    area = read_area(store, kind, code)
    audit.record(store, audit.cli_user(), audit.CLI_ROLE, f"cli report {kind}", f"report of {kind} {code}")
    report = with_texts(council_report(store, area, date, earlier))
    suffix = out.suffix.lower()
    if suffix == ".json":
        out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        html = print_html(report)
        out.write_bytes(pdf_bytes(html) if suffix == ".pdf" else html.encode("utf-8"))
    console.print(_("Wrote {path}: the report of {name} on {on}, compared with {since}.").format(
        path=out, name=report["name"], on=report["on"], since=report["since"]), highlight=False)
