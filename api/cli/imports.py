"""`wijkgraph import ...`: sociale-kaart workbooks, household JSON, HSDS, and the template workbook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from api.cli.output import console
from api.cli.progress import BarProgress, progress_bar

if TYPE_CHECKING:
    from graph.store import Store
    from importers.options import ImportOptions
    from importers.pipeline import ImportResult

# importers.hsds.DEFAULT_GROUP, written out so that the help needs no import of the importers (jsonschema, the
# driver); tests/test_cli_wiring.py keeps the two equal.
HSDS_DEFAULT_GROUP = "B"

SKIP_INVALID = typer.Option(False, "--skip-invalid", help="Load the valid rows; write rejected ones to a report.")
REPORT = typer.Option(None, help="Where --skip-invalid writes rejected rows (default: <file>.rejected.csv).")
SOURCE = typer.Option(None, help="Name of this source; a re-import of it removes what it no longer lists.")
MAX_DELETE = typer.Option(0.10, help="Refuse a re-import that would delete more than this share of the source.")
FORCE = typer.Option(False, "--force", help="Delete what the source no longer lists, however much.")


def import_app() -> typer.Typer:
    app = typer.Typer(help="Bring data in: sociale kaart, households and ecograms, Open Referral HSDS.",
                      no_args_is_help=True)
    app.command("kaart")(import_kaart_command)
    app.command("households")(import_households_command)
    app.command("hsds")(import_hsds_command)
    app.command("template")(template_command)
    return app


def import_options(source: str | None, skip_invalid: bool, report: Path | None, max_delete_share: float,
                   force: bool) -> ImportOptions:
    from importers.options import ImportOptions

    return ImportOptions(source=source, skip_invalid=skip_invalid, report=report,
                         max_delete_share=max_delete_share, force=force)


def run_import(importer: Callable[[Store, Path, ImportOptions], ImportResult], path: Path,
               options: ImportOptions) -> None:
    """Import ``path`` into the configured Neo4j with a progress bar, and say what it did."""
    from graph.connection import open_store

    store = open_store()
    with progress_bar() as progress:
        result = importer(store, path, replace(options, progress=BarProgress(progress)))
    print_result(result)


def print_result(result: ImportResult) -> None:
    written = ", ".join(f"{count} {what}" for what, count in sorted(result.written.items()))
    console.print(f"[green]Imported[/green] source {result.source!r}: {written or 'nothing'}")
    created = result.database.get("nodes_created", 0), result.database.get("relationships_created", 0)
    console.print(f"  new in the database: {created[0]} nodes, {created[1]} relationships")
    if result.deleted:
        console.print(f"  removed (no longer listed): {result.deleted.get('nodes_deleted', 0)} nodes, "
                      f"{result.deleted.get('relationships_deleted', 0)} relationships")
    if result.rejected:
        console.print(f"[yellow]  {result.rejected} problems skipped; rejected rows are in {result.report}[/yellow]")


def import_kaart_command(
    path: Path = typer.Argument(..., help="An .xlsx workbook or a folder of CSV files."),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    max_delete_share: float = MAX_DELETE, force: bool = FORCE,
) -> None:
    """Import a sociale-kaart workbook (columns: docs/import-formats.md)."""
    from importers.kaart import import_kaart

    run_import(import_kaart, path, import_options(source, skip_invalid, report, max_delete_share, force))


def import_households_command(
    path: Path = typer.Argument(..., help="A household JSON file, or a folder of them imported as one source."),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    max_delete_share: float = MAX_DELETE, force: bool = FORCE,
) -> None:
    """Import households with their helpers, ZRM scores and ecograms."""
    from importers.households import import_households

    run_import(import_households, path, import_options(source, skip_invalid, report, max_delete_share, force))


def import_hsds_command(
    path: Path = typer.Argument(..., help="A folder of HSDS table files (organizations.json, ...) or one document."),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    group: str = typer.Option(HSDS_DEFAULT_GROUP, help="Group (A-D) of the contacts in the wijken their services "
                                                       "cover; city-wide service areas always give group D."),
    max_delete_share: float = MAX_DELETE, force: bool = FORCE,
) -> None:
    """Import Open Referral HSDS 3.x JSON: organisations, expertise offered, contacts per wijk."""
    from importers.hsds import import_hsds

    run_import(lambda store, path, options: import_hsds(store, path, options, group=group), path,
               import_options(source, skip_invalid, report, max_delete_share, force))


def template_command(
    path: Path = typer.Argument(Path("sociale-kaart.xlsx"), help="Where to write it (.xlsx, or a folder)."),
    csv: bool = typer.Option(False, "--csv", help="Write a folder of CSV files instead of a workbook."),
) -> None:
    """Write an empty sociale-kaart workbook with the header row of every sheet."""
    from importers.kaart import write_template

    if csv and path.suffix.lower() == ".xlsx":
        path = path.with_suffix("")
    if not csv and path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    written = write_template(path)
    console.print(f"Template written to {written}; the columns are explained in docs/import-formats.md.")
