"""`wijkgraph neo4j ...` and `wijkgraph schema ...`: the local Neo4j and the schema."""

from __future__ import annotations

import typer

from api.cli.output import console


def neo4j_app() -> typer.Typer:
    app = typer.Typer(help="Manage the local Neo4j (not used when NEO4J_URI is set).", no_args_is_help=True)
    app.command("install")(neo4j_install)
    app.command("start")(neo4j_start)
    app.command("stop")(neo4j_stop)
    app.command("status")(neo4j_status)
    return app


def schema_app() -> typer.Typer:
    app = typer.Typer(help="Constraints, indexes and the schema version.", no_args_is_help=True)
    app.command("apply")(schema_apply)
    return app


def _external_notice() -> bool:
    from graph.settings import external_settings

    settings = external_settings()
    if settings:
        console.print(f"NEO4J_URI is set: wijkgraph uses {settings.uri} and starts nothing locally.")
        return True
    return False


def neo4j_install() -> None:
    """Resolve the Neo4j jars from Maven Central (done by `start` when needed)."""
    from graph.local_neo4j import install, neo4j_version

    path = install()
    console.print(f"Neo4j {neo4j_version()} jars are in {path}")


def neo4j_start(timeout: float = typer.Option(180.0, help="Seconds to wait for Bolt to answer.")) -> None:
    """Start the local Neo4j and wait until Bolt answers; reuse it when it already runs.

    Either way WIJKGRAPH_HOME is made private first: a home other users could read is tightened, and this says so.
    """
    from graph import schema
    from graph.connection import open_store
    from graph.local_neo4j import LocalNeo4j, neo4j_version

    if _external_notice():
        return
    local = LocalNeo4j()
    with console.status(f"Starting Neo4j {neo4j_version()} (first start resolves the jars with Maven)..."):
        status, started = local.start(timeout=timeout, report=lambda line: console.print(line, highlight=False))
    if started:
        console.print(f"Neo4j started at {status.uri} (pid {status.pid}), data in {status.data_folder}")
    else:
        console.print(f"Neo4j is already running at {status.uri} (pid {status.pid}); reusing it.")
    store = open_store()
    schema.apply(store)


def neo4j_stop() -> None:
    """Shut the local Neo4j down cleanly."""
    from graph.local_neo4j import LocalNeo4j

    if _external_notice():
        return
    if LocalNeo4j().stop():
        console.print("Neo4j stopped.")
    else:
        console.print("Neo4j was not running.")


def neo4j_status() -> None:
    """Print the URI, server version and data folder; exit code 1 when Neo4j is not reachable."""
    from graph import schema
    from graph.connection import open_store
    from graph.local_neo4j import LocalNeo4j
    from graph.settings import external_settings

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


def schema_apply() -> None:
    """Create every constraint and index (idempotent) and record the schema version."""
    from graph import schema
    from graph.connection import open_store

    version = schema.apply(open_store())
    console.print(f"Schema version {version} applied ({len(schema.statements())} constraints and indexes).")
