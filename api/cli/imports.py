"""`wijkgraph import ...`: sociale-kaart workbooks, household JSON, HSDS, and the template workbook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from api.cli.messages import render
from api.cli.output import console
from api.cli.progress import BarProgress, progress_bar
from api.i18n import N_, format_date, ngettext
from api.i18n import gettext as _

if TYPE_CHECKING:
    from graph.store import Store
    from importers.options import ImportOptions
    from importers.pipeline import ImportResult

# importers.hsds.DEFAULT_GROUP, written out so that the help needs no import of the importers (jsonschema, the
# driver); tests/test_cli_wiring.py keeps the two equal.
HSDS_DEFAULT_GROUP = "B"
CONFLICTS_SHOWN = 20  # conflicts printed as a table; all of them are in <file>.conflicts.csv

SKIP_INVALID = typer.Option(False, "--skip-invalid", help=N_("Load the valid rows; write rejected ones to a report."))
REPORT = typer.Option(None, help=N_("Where --skip-invalid writes rejected rows (default: <file>.rejected.csv)."))
SOURCE = typer.Option(None, help=N_("Name of this source; a re-import of it removes what it no longer lists."))
MAX_DELETE = typer.Option(0.10, help=N_("Refuse a re-import that would delete more than this share of the source."))
FORCE = typer.Option(False, "--force", help=N_("Delete what the source no longer lists, however much."))
REPLACES = typer.Option(None, "--replaces", metavar="OLD",
                        help=N_("The source this file replaces (the same data saved under a new name): its keys may "
                                "be written, and what the file no longer lists of it is removed."))


def import_app() -> typer.Typer:
    app = typer.Typer(help=_("Bring data in: sociale kaart, households and ecograms, Open Referral HSDS."),
                      no_args_is_help=True)
    app.command("kaart", help=N_("Import a sociale-kaart workbook (columns: docs/import-formats.md)."))(
        import_kaart_command)
    app.command("households", help=N_("Import households with their helpers, ZRM scores and ecograms."))(
        import_households_command)
    app.command("hsds", help=N_("Import Open Referral HSDS 3.0/3.1: organisations, expertise offered, contacts per "
                                "wijk."))(import_hsds_command)
    app.command("template", help=N_("Write an empty sociale-kaart workbook with the header row of every sheet."))(
        template_command)
    app.command("bulk", help=N_("First load of an empty local database through neo4j-admin (many times faster): the "
                                "same checks and refusals as import kaart and import households (docs/bulk-load.md)."))(
        import_bulk_command)
    return app


def import_options(source: str | None, skip_invalid: bool, report: Path | None, max_delete_share: float,
                   force: bool, replaces: str | None = None) -> ImportOptions:
    from importers.options import ImportOptions

    return ImportOptions(source=source, skip_invalid=skip_invalid, report=report,
                         max_delete_share=max_delete_share, force=force, replaces=replaces)


def run_import(importer: Callable[[Store, Path, ImportOptions], ImportResult], path: Path,
               options: ImportOptions) -> None:
    """Import ``path`` into the configured Neo4j with a progress bar, and say what it did."""
    from graph.connection import open_store

    store = open_store()
    with progress_bar() as progress:
        result = importer(store, path, replace(options, progress=BarProgress(progress)))
    print_result(result)


def print_result(result: ImportResult) -> None:
    """What an import did: what it wrote (per kind of row), what is new, what it removed, what it skipped."""
    written = ", ".join(f"{count} {what}" for what, count in sorted(result.written.items()))
    imported = _("Imported source {source}: {written}").format(source=repr(result.source),
                                                              written=written or _("nothing"))
    console.print(f"[green]{escape(imported)}[/green]", highlight=False)
    nodes, relationships = result.database.get("nodes_created", 0), result.database.get("relationships_created", 0)
    console.print("  " + _("new in the database: {nodes} nodes, {relationships} relationships").format(
        nodes=nodes, relationships=relationships))
    if result.deleted:
        console.print("  " + _("removed (no longer listed): {nodes} nodes, {relationships} relationships").format(
            nodes=result.deleted.get("nodes_deleted", 0), relationships=result.deleted.get("relationships_deleted", 0)))
    for notice in getattr(result, "notices", []):  # what the importer wants the user to know (tables skipped, ...)
        console.print("  " + escape(str(render(notice))), highlight=False)
    if result.rejected:
        skipped = ngettext("{count} problem skipped; the rejected rows are in {report}",
                           "{count} problems skipped; the rejected rows are in {report}", result.rejected)
        console.print(f"[yellow]  {escape(skipped.format(count=result.rejected, report=result.report))}[/yellow]")
    print_app_changes(result)


def print_app_changes(result: ImportResult) -> None:
    """What the import left as the app has it: what the cleanup kept, and the values of the file it did not write
    (the first :data:`CONFLICTS_SHOWN` as a table; all of them are in the conflicts report)."""
    kept = getattr(result, "kept", None)
    if kept:
        listing = ", ".join(f"{count} {what}" for what, count in sorted(kept.items()))
        console.print("  " + escape(_("kept although the file no longer lists them, because they were changed in the "
                                      "app: {listing}").format(listing=listing)), highlight=False)
    conflicts = getattr(result, "conflicts", None)
    if not conflicts:
        return
    said = ngettext("{count} value of the file was not written: it was changed or verified in the app later than the "
                    "file was verified (the newest verification wins). The conflict is in {report}",
                    "{count} values of the file were not written: they were changed or verified in the app later than "
                    "the file was verified (the newest verification wins). All of them are in {report}",
                    len(conflicts))
    console.print(f"[yellow]  {escape(said.format(count=len(conflicts), report=result.conflicts_report))}[/yellow]",
                  highlight=False)
    table = Table(_("sheet"), _("row"), _("key"), _("column"), _("kept (app)"), _("in the file"), _("changed by"),
                  _("on"))
    for conflict in conflicts[:CONFLICTS_SHOWN]:
        table.add_row(*(escape(text) for text in (
            conflict.file, "" if conflict.row is None else str(conflict.row), conflict.key, conflict.column,
            conflict.kept, conflict.file_value, conflict.by, format_date(conflict.at))))
    console.print(table)
    if len(conflicts) > CONFLICTS_SHOWN:
        more = len(conflicts) - CONFLICTS_SHOWN
        console.print("  " + escape(ngettext("and {count} more conflict", "and {count} more conflicts", more).format(
            count=more)), highlight=False)


def import_kaart_command(
    path: Path = typer.Argument(..., help=N_("An .xlsx workbook or a folder of CSV files.")),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    max_delete_share: float = MAX_DELETE, force: bool = FORCE, replaces: str | None = REPLACES,
) -> None:
    """Import a sociale-kaart workbook (columns: docs/import-formats.md)."""
    from importers.kaart import import_kaart

    run_import(import_kaart, path, import_options(source, skip_invalid, report, max_delete_share, force, replaces))


def import_households_command(
    path: Path = typer.Argument(..., help=N_("A household JSON file, or a folder of them imported as one source.")),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    max_delete_share: float = MAX_DELETE, force: bool = FORCE, replaces: str | None = REPLACES,
) -> None:
    """Import households with their helpers, ZRM scores and ecograms."""
    from importers.households import import_households

    run_import(import_households, path, import_options(source, skip_invalid, report, max_delete_share, force, replaces))


def import_hsds_command(
    path: Path = typer.Argument(..., help=N_("HSDS 3.0/3.1: a CSV data package or folder of CSV files, tabular "
                                             "JSON, or API-shaped JSON (an organization, service, service_at_location "
                                             "or a list of them).")),
    source: str | None = SOURCE, skip_invalid: bool = SKIP_INVALID, report: Path | None = REPORT,
    group: str = typer.Option(HSDS_DEFAULT_GROUP, help=N_("Group (A-D) of the contacts in the wijken their services "
                                                       "cover; city-wide service areas always give group D.")),
    max_delete_share: float = MAX_DELETE, force: bool = FORCE, replaces: str | None = REPLACES,
    expertise_map: Path | None = typer.Option(None, "--expertise-map", help=N_(
        "A CSV file (columns word, expertise) that maps words in services and taxonomy terms to expertise; it "
        "replaces the default mapping (docs/import-formats.md).")),
) -> None:
    """Import Open Referral HSDS 3.0/3.1: organisations, expertise offered, contacts per wijk."""
    from importers.hsds import import_hsds

    run_import(lambda store, path, options: import_hsds(store, path, options, group=group,
                                                        expertise_map=expertise_map), path,
               import_options(source, skip_invalid, report, max_delete_share, force, replaces))


def template_command(
    path: Path = typer.Argument(Path("sociale-kaart.xlsx"), help=N_("Where to write it (.xlsx, or a folder).")),
    csv: bool = typer.Option(False, "--csv", help=N_("Write a folder of CSV files instead of a workbook.")),
) -> None:
    """Write an empty sociale-kaart workbook with the header row of every sheet."""
    from importers.kaart import write_template

    if csv and path.suffix.lower() == ".xlsx":
        path = path.with_suffix("")
    if not csv and path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    written = write_template(path)
    console.print(_("Template written to {path}; the columns are explained in docs/import-formats.md.").format(
        path=escape(str(written))), highlight=False)


def import_bulk_command(
    kaart: Path | None = typer.Option(None, "--kaart", help=N_("A sociale-kaart workbook or folder of CSV files.")),
    households: Path | None = typer.Option(None, "--households",
                                           help=N_("A household JSON file, or a folder of them imported as one "
                                                   "source.")),
    skip_invalid: bool = SKIP_INVALID,
) -> None:
    """First load of an empty local database through neo4j-admin: the same checks as import kaart and households."""
    from importers.bulk import BulkInputs, bulk_load, local_target
    from importers.options import ImportOptions

    local = local_target()
    with console.status(_("Bulk load: checking the files, writing them for neo4j-admin, importing...")):
        done = bulk_load(local, BulkInputs(kaart, households), ImportOptions(skip_invalid=skip_invalid),
                         say=lambda line: console.print(line, highlight=False))
    for result in done.results:
        print_result(result)
    phases = ", ".join(f"{_(phase)} {seconds:.0f} s" for phase, seconds in done.seconds.items())
    console.print(_("Bulk load done in {seconds} s ({elements} nodes and relationships): {phases}").format(
        seconds=f"{sum(done.seconds.values()):.0f}", elements=done.elements, phases=phases), highlight=False)
