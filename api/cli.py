"""The `wijkgraph` command: one entry point for the local Neo4j, schema, imports, demo and analyses.

Errors users can cause or fix (Neo4j down, bad file, port taken) end in one clear message and exit
code 1; a stack trace is printed only with WIJKGRAPH_DEBUG=1.
"""

from __future__ import annotations

import logging
import os
import sys

import typer
from rich.console import Console

from graph import schema
from graph.connection import open_store
from graph.local_neo4j import LocalNeo4j, Neo4jRuntimeError, install, neo4j_version
from graph.settings import external_settings
from graph.store import DuplicateKeyError, StoreUnavailable

app = typer.Typer(help="wijkgraph: the network around sociale wijkteams, in Neo4j.", no_args_is_help=True)
neo4j_app = typer.Typer(help="Manage the local Neo4j (not used when NEO4J_URI is set).", no_args_is_help=True)
schema_app = typer.Typer(help="Constraints, indexes and the schema version.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(schema_app, name="schema")

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

# Exceptions whose message is meant for the user; anything else is a bug and says so.
USER_ERRORS: tuple[type[BaseException], ...] = (
    Neo4jRuntimeError, StoreUnavailable, DuplicateKeyError, schema.SchemaTooNew,
)


def register_user_errors(*kinds: type[BaseException]) -> None:
    global USER_ERRORS
    USER_ERRORS = (*USER_ERRORS, *kinds)


def _external_notice() -> bool:
    settings = external_settings()
    if settings:
        console.print(f"NEO4J_URI is set: wijkgraph uses {settings.uri} and starts nothing locally.")
        return True
    return False


@neo4j_app.command("install")
def neo4j_install() -> None:
    """Resolve the Neo4j jars from Maven Central (done by `start` when needed)."""
    path = install()
    console.print(f"Neo4j {neo4j_version()} jars are in {path}")


@neo4j_app.command("start")
def neo4j_start(timeout: float = typer.Option(180.0, help="Seconds to wait for Bolt to answer.")) -> None:
    """Start the local Neo4j and wait until Bolt answers; reuse it when it already runs."""
    if _external_notice():
        return
    local = LocalNeo4j()
    with console.status(f"Starting Neo4j {neo4j_version()} (first start resolves the jars with Maven)..."):
        status, started = local.start(timeout=timeout)
    if started:
        console.print(f"Neo4j started at {status.uri} (pid {status.pid}), data in {status.data_folder}")
    else:
        console.print(f"Neo4j is already running at {status.uri} (pid {status.pid}); reusing it.")
    store = open_store()
    schema.apply(store)


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Shut the local Neo4j down cleanly."""
    if _external_notice():
        return
    if LocalNeo4j().stop():
        console.print("Neo4j stopped.")
    else:
        console.print("Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Print the URI, server version and data folder; exit code 1 when Neo4j is not reachable."""
    external = external_settings()
    if external:
        store = open_store()
        console.print(f"external Neo4j at {external.uri}, database {external.database}")
        console.print(f"server: {store.server_agent()}")
        return
    local = LocalNeo4j()
    status = local.status()
    if not status.running:
        console.print(
            f"Neo4j is not running (data folder {status.data_folder}). Start it with `wijkgraph neo4j start`."
        )
        raise typer.Exit(1)
    store = open_store()
    console.print(f"uri: {status.uri}")
    console.print(f"server: {store.server_agent()}")
    console.print(f"pid: {status.pid}")
    console.print(f"data folder: {status.data_folder}")
    console.print(f"schema version: {schema.recorded_version(store)}")


@schema_app.command("apply")
def schema_apply() -> None:
    """Create every constraint and index (idempotent) and record the schema version."""
    version = schema.apply(open_store())
    console.print(f"Schema version {version} applied ({len(schema.statements())} constraints and indexes).")


def main() -> None:
    # Modules that add commands register themselves on import.
    from api import commands  # noqa: F401

    if not os.environ.get("WIJKGRAPH_DEBUG"):
        # The driver logs each retry and dropped connection; the CLI says what went wrong in one line instead.
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)

    try:
        exit_code = app(standalone_mode=False)
    except typer.Exit as done:
        exit_code = done.exit_code
    except typer.Abort:
        errors.print("Aborted.")
        sys.exit(1)
    except Exception as error:  # the one place where every error becomes a message
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        if os.environ.get("WIJKGRAPH_DEBUG"):
            raise
        if isinstance(error, USER_ERRORS):
            errors.print(f"[red]Error:[/red] {error}", highlight=False)
        else:
            errors.print(
                f"[red]Unexpected error ({type(error).__name__}):[/red] {error}\n"
                "This is a bug in wijkgraph; run again with WIJKGRAPH_DEBUG=1 for the details.",
                highlight=False,
            )
        sys.exit(1)
    sys.exit(exit_code if isinstance(exit_code, int) else 0)
