"""`wijkgraph import ...`: sociale-kaart workbooks, household JSON, HSDS, and the template workbook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli import app, console, register_user_errors
from graph.connection import open_store
from graph.load import CleanupRefused
from importers.households import import_households
from importers.hsds import DEFAULT_GROUP, import_hsds
from importers.kaart import import_kaart, write_template
from importers.pipeline import ImportResult
from importers.problems import ImportRefused

import_app = typer.Typer(help="Bring data in: sociale kaart, households and ecograms, Open Referral HSDS.",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")
register_user_errors(ImportRefused, CleanupRefused)

SKIP_INVALID = typer.Option(False, "--skip-invalid", help="Load the valid rows; write rejected ones to a report.")
REPORT = typer.Option(None, help="Where --skip-invalid writes rejected rows (default: <file>.rejected.csv).")
SOURCE = typer.Option(None, help="Name of this source; a re-import of it removes what it no longer lists.")
MAX_DELETE = typer.Option(0.10, help="Refuse a re-import that would delete more than this share of the source.")
FORCE = typer.Option(False, "--force", help="Delete what the source no longer lists, however much.")


class BarProgress:
    """Adapts rich's progress bar to the importers' Progress protocol."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: int | None = None

    def start(self, description: str, total: int) -> None:
        self.task = self.progress.add_task(description, total=total)

    def advance(self, amount: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, amount)


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=False)


def run_with_progress(work: Callable[[BarProgress], ImportResult]) -> ImportResult:
    with progress_bar() as progress:
        return work(BarProgress(progress))


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


@import_app.command("kaart")
def import_kaart_command(
    path: Path = typer.Argument(..., help="An .xlsx workbook or a folder of CSV files."),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    max_delete_share: float = MAX_DELETE, force: bool = FORCE,
) -> None:
    """Import a sociale-kaart workbook (columns: docs/import-formats.md)."""
    store = open_store()
    result = run_with_progress(lambda bar: import_kaart(
        store, path, source, skip_invalid=skip_invalid, report=report, max_delete_share=max_delete_share,
        force=force, progress=bar))
    print_result(result)


@import_app.command("households")
def import_households_command(
    path: Path = typer.Argument(..., help="A household JSON file, or a folder of them imported as one source."),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    max_delete_share: float = MAX_DELETE, force: bool = FORCE,
) -> None:
    """Import households with their helpers, ZRM scores and ecograms."""
    store = open_store()
    result = run_with_progress(lambda bar: import_households(
        store, path, source, skip_invalid=skip_invalid, report=report, max_delete_share=max_delete_share,
        force=force, progress=bar))
    print_result(result)


@import_app.command("hsds")
def import_hsds_command(
    path: Path = typer.Argument(..., help="A folder of HSDS table files (organizations.json, ...) or one document."),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    group: str = typer.Option(DEFAULT_GROUP, help="Group (A-D) of the contacts in the wijken their services cover; "
                                                  "city-wide service areas always give group D."),
    max_delete_share: float = MAX_DELETE, force: bool = FORCE,
) -> None:
    """Import Open Referral HSDS 3.x JSON: organisations, expertise offered, contacts per wijk."""
    store = open_store()
    result = run_with_progress(lambda bar: import_hsds(
        store, path, source, group=group, skip_invalid=skip_invalid, report=report,
        max_delete_share=max_delete_share, force=force, progress=bar))
    print_result(result)


@import_app.command("template")
def template_command(
    path: Path = typer.Argument(Path("sociale-kaart.xlsx"), help="Where to write it (.xlsx, or a folder)."),
    csv: bool = typer.Option(False, "--csv", help="Write a folder of CSV files instead of a workbook."),
) -> None:
    """Write an empty sociale-kaart workbook with the header row of every sheet."""
    if csv and path.suffix.lower() == ".xlsx":
        path = path.with_suffix("")
    if not csv and path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    written = write_template(path)
    console.print(f"Template written to {written}; the columns are explained in docs/import-formats.md.")
