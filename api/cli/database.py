"""`wijkgraph neo4j ...` and `wijkgraph schema ...`: the local Neo4j and the schema."""

from __future__ import annotations

import typer

from api.cli.output import console
from api.i18n import N_
from api.i18n import gettext as _


def neo4j_app() -> typer.Typer:
    app = typer.Typer(help=_("Manage the local Neo4j (not used when NEO4J_URI is set)."), no_args_is_help=True)
    app.command("install", help=N_("Resolve the Neo4j jars from Maven Central (done by `start` when needed)."))(
        neo4j_install)
    app.command("start", help=N_(
        "Start the local Neo4j and wait until Bolt answers; reuse it when it already runs.\n\nEither way "
        "WIJKGRAPH_HOME is made private first: a home other users could read is tightened, and this says so."))(
        neo4j_start)
    app.command("stop", help=N_("Shut the local Neo4j down cleanly."))(neo4j_stop)
    app.command("status", help=N_("Print the URI, server version and data folder; exit code 1 when Neo4j is not "
                                  "reachable."))(neo4j_status)
    return app


def schema_app() -> typer.Typer:
    app = typer.Typer(help=_("Constraints, indexes and the schema version."), no_args_is_help=True)
    app.command("apply", help=N_("Create every constraint and index (idempotent) and record the schema version."))(
        schema_apply)
    return app


def _external_notice() -> bool:
    from graph.settings import external_settings

    settings = external_settings()
    if settings:
        console.print(_("NEO4J_URI is set: wijkgraph uses {uri} and starts nothing locally.").format(uri=settings.uri))
        return True
    return False


def neo4j_install() -> None:
    """Resolve the Neo4j jars from Maven Central (done by `start` when needed)."""
    from graph.local_neo4j import install, neo4j_version

    path = install()
    console.print(_("Neo4j {version} jars are in {folder}").format(version=neo4j_version(), folder=path))


def neo4j_start(timeout: float = typer.Option(180.0, help=N_("Seconds to wait for Bolt to answer."))) -> None:
    """Start the local Neo4j and wait until Bolt answers; reuse it when it already runs.

    Either way WIJKGRAPH_HOME is made private first: a home other users could read is tightened, and this says so.
    """
    from graph import schema
    from graph.connection import open_store
    from graph.local_neo4j import LocalNeo4j, neo4j_version

    if _external_notice():
        return
    local = LocalNeo4j()
    with console.status(_("Starting Neo4j {version} (first start resolves the jars with Maven)...").format(
            version=neo4j_version())):
        status, started = local.start(timeout=timeout, report=lambda line: console.print(line, highlight=False))
    if started:
        console.print(_("Neo4j started at {uri} (pid {pid}), data in {folder}").format(
            uri=status.uri, pid=status.pid, folder=status.data_folder))
    else:
        console.print(_("Neo4j is already running at {uri} (pid {pid}); reusing it.").format(uri=status.uri,
                                                                                               pid=status.pid))
    store = open_store()
    schema.apply(store)


def neo4j_stop() -> None:
    """Shut the local Neo4j down cleanly."""
    from graph.local_neo4j import LocalNeo4j

    if _external_notice():
        return
    if LocalNeo4j().stop():
        console.print(_("Neo4j stopped."))
    else:
        console.print(_("Neo4j was not running."))


def neo4j_status() -> None:
    """Print the URI, server version and data folder; exit code 1 when Neo4j is not reachable."""
    from graph import schema
    from graph.connection import open_store
    from graph.local_neo4j import LocalNeo4j
    from graph.settings import external_settings

    external = external_settings()
    if external:
        store = open_store()
        console.print(_("external Neo4j at {uri}, database {database}").format(uri=external.uri,
                                                                                 database=external.database))
        console.print(_("server: {agent}").format(agent=store.server_agent()))
        return
    local = LocalNeo4j()
    status = local.status()
    if not status.running:
        console.print(_("Neo4j is not running (data folder {folder}). Start it with `wijkgraph neo4j start`.").format(
            folder=status.data_folder))
        raise typer.Exit(1)
    store = open_store()
    console.print(_("uri: {uri}").format(uri=status.uri))
    console.print(_("server: {agent}").format(agent=store.server_agent()))
    console.print(_("pid: {pid}").format(pid=status.pid))
    console.print(_("data folder: {folder}").format(folder=status.data_folder))
    console.print(_("schema version: {version}").format(version=schema.recorded_version(store)))


def schema_apply() -> None:
    """Create every constraint and index (idempotent) and record the schema version."""
    from graph import schema
    from graph.connection import open_store

    version = schema.apply(open_store())
    console.print(_("Schema version {version} applied ({count} constraints and indexes).").format(
        version=version, count=len(schema.statements())))
