"""`wijkgraph demo` and `wijkgraph generate`: the demo data set and the scale generator."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from api.cli.output import console
from api.cli.progress import BarProgress, progress_bar
from api.i18n import N_
from api.i18n import gettext as _

# Written out so that the help needs no import of the generators (faker, the driver); tests/test_cli_wiring.py
# keeps them equal to importers.demo.DEFAULT_SEED and the names of importers.scale.SCALES.
DEFAULT_SEED = 2026
SCALE_NAMES = ("national", "regional", "small")


def demo(
    seed: int = typer.Option(DEFAULT_SEED, help=N_("Same seed, same files (byte for byte).")),
    out: Path | None = typer.Option(None, help=N_("Where to write the files (default: <WIJKGRAPH_HOME>/demo).")),
    load: bool = typer.Option(True, "--load/--no-load", help=N_("Import the files into Neo4j after writing them.")),
) -> None:
    """Write the demo data (seed municipalities, invented people, planted cases) and import it."""
    from rich.table import Table

    from api.auth import create_demo_users
    from graph.connection import open_store
    from importers.demo import MANIFEST_FILE
    from importers.demo.load import database_counts, load_folder

    folder, manifest = _write_demo(out, seed)
    written = ", ".join(f"{count} {sheet}" for sheet, count in manifest["counts"].items())
    console.print(escape(_("Wrote the demo (seed {seed}) to {folder}: {written}").format(
        seed=seed, folder=folder, written=written)), highlight=False)
    console.print(escape(_("{count} planted cases are listed in {file}").format(
        count=len(manifest["planted"]), file=folder / MANIFEST_FILE)), highlight=False)
    if not load:
        return
    store = open_store()
    with progress_bar() as bar:
        load_folder(store, folder, "demo", BarProgress(bar))
    labels, types = database_counts(store)
    table = Table(_("label / relationship"), _("in the database"), title=_("Loaded"))
    for name, count in [*labels.items(), *types.items()]:
        table.add_row(name, str(count))
    console.print(table)
    tokens = create_demo_users(store)
    console.print("\n" + _("Demo users (invented data only; tokens are shown once, stored hashed):"))
    for role, token in tokens.items():
        console.print(f"  demo-{role:<13} {token}")
    port = os.environ.get("WIJKGRAPH_PORT", "8000")  # bin/run serves on this port
    console.print(_("Log in at http://127.0.0.1:{port}/login with one of these tokens (the coordinator sees "
                    "Zoetermeer's Meerzicht and Oosterheem).").format(port=port))


def _write_demo(out: Path | None, seed: int) -> tuple[Path, dict[str, Any]]:
    """Write the demo files; in WIJKGRAPH_HOME (the default) private to their owner, like everything there."""
    from graph.settings import private_dir, private_umask, tighten, wijkgraph_home
    from importers.demo import generate_demo

    home = wijkgraph_home()
    folder = out or home / "demo"
    if not folder.resolve().is_relative_to(home):  # a folder of the user's choosing keeps the user's umask
        return folder, generate_demo(folder, seed)
    with private_umask():
        manifest = generate_demo(private_dir(folder), seed)
    tightened = tighten(folder)  # files of an earlier run keep their mode when they are overwritten
    if tightened:
        console.print(tightened.message(), highlight=False)
    return folder, manifest


def generate(
    scale: str = typer.Option(..., help=f"{', '.join(SCALE_NAMES)} or a fraction of national size, like 0.01."),
    out: Path = typer.Option(..., help=N_("Folder to write kaart/*.csv and households/*.json into.")),
    seed: int = typer.Option(DEFAULT_SEED, help=N_("Same seed, same files.")),
    households_per_file: int = typer.Option(10_000, help=N_("Households per JSON file, so imports can stream.")),
) -> None:
    """Write a synthetic data set of the given size as importer input files (for benchmarks)."""
    from rich.table import Table

    from importers.scale import ScaleError, generate_scale, parse_scale

    try:
        size = parse_scale(scale)
    except ScaleError as error:
        raise typer.BadParameter(str(error), param_hint="--scale") from None
    started = time.perf_counter()
    with progress_bar() as bar:
        summary = generate_scale(out, size, seed, households_per_file=households_per_file,
                                 progress=BarProgress(bar))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table = Table(_("file"), _("rows"), "MB", title=escape(_("Generated in {folder}").format(folder=out)))
    for name, (rows, size_bytes) in summary.files.items():
        table.add_row(name, f"{rows:,}", f"{size_bytes / 1e6:,.1f}")
    console.print(table)
    console.print(_("{rows} rows, {megabytes} MB in {seconds} s; peak memory {peak} MB").format(
        rows=f"{summary.total_rows:,}", megabytes=f"{summary.total_bytes / 1e6:,.1f}", seconds=f"{seconds:,.1f}",
        peak=f"{peak_mb:,.0f}"))
