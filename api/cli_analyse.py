"""`wijkgraph analyse`: run an analysis from the registry and print it as a table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import typer
from rich.table import Table

from api.cli import app, console, register_user_errors
from api.spreadsheet import cell, spreadsheet_safe
from graph.connection import open_store
from queries.analyses import ANALYSES, AnalysisError, get

register_user_errors(AnalysisError)

FORMATS = ("table", "csv", "json")


def _cell(value: Any) -> str:
    return cell(value, "True", "False")  # the CLI has always printed Python's booleans


def print_list() -> None:
    for analysis in ANALYSES.values():
        console.print(f"[bold]{analysis.name}[/bold]: {analysis.purpose}", highlight=False)
        for param in analysis.params:
            console.print(f"    --{param.name.replace('_', '-')} {param.summary()}", highlight=False)
        console.print()


def print_rows(rows: list[dict[str, Any]], output: str, title: str) -> None:
    if output == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    columns = list(rows[0]) if rows else []
    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([spreadsheet_safe(_cell(row[column])) for column in columns] for row in rows)
        return
    if not rows:
        console.print(f"{title}: no rows.")
        return
    table = Table(title=f"{title} ({len(rows)} rows)")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(_cell(row[column]) for column in columns))
    console.print(table)


@app.command("analyse")
def analyse(
    name: str = typer.Argument(None, help="The analysis; see --list."),
    list_: bool = typer.Option(False, "--list", help="Print every analysis with its purpose and parameters."),
    wijk: list[str] = typer.Option(None, "--wijk", help="Wijk code; repeat for several. All wijken when left out."),
    on: str = typer.Option(None, help="Date YYYY-MM-DD at which relationships must be active (default today)."),
    expertise: list[str] = typer.Option(None, "--expertise", help="Expertise code; repeat for several."),
    max_helpers: int = typer.Option(None, help="too_many_helpers: more than this is too many."),
    min_shared: int = typer.Option(None, help="shared_households: the least number of shared households."),
    group: str = typer.Option(None, help="contacts: only this tier (ring1, A, B, C, D, fly_in, ring3)."),
    organisation: str = typer.Option(None, help="contacts: organisation id or part of its name."),
    text: str = typer.Option(None, help="contacts: words to search in names, functions and organisations."),
    household: str = typer.Option(None, help="ecogram, ecogram_change: the household id."),
    from_: str = typer.Option(None, "--from", help="ecogram_change: the earlier date."),
    to: str = typer.Option(None, help="ecogram_change: the later date."),
    top: int = typer.Option(None, help="brokers: how many per wijk."),
    output: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Run an analysis (missing expertise, gaps, duplicate helpers, contacts, network, ecogram)."""
    if list_:
        print_list()
        return
    if not name:
        raise AnalysisError(f"Name an analysis; the analyses are: {', '.join(ANALYSES)}. See --list.")
    if output not in FORMATS:
        raise AnalysisError(f"--format must be one of {', '.join(FORMATS)}, not {output!r}.")
    analysis = get(name)
    given = {
        "wijk": wijk or None, "on": on, "expertise": expertise or None, "max_helpers": max_helpers,
        "min_shared": min_shared, "group": group, "organisation": organisation, "text": text,
        "household": household, "from": from_, "to": to, "top": top,
    }
    params = {key: value for key, value in given.items() if value is not None}
    if "expertise" in params and len(params["expertise"]) == 1 and name == "contacts":
        params["expertise"] = params["expertise"][0]
    rows = analysis.run(open_store(), **params)
    print_rows(rows, output, name)
