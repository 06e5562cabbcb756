"""The `wijkgraph` command: builds the command tree from the command modules and runs it.

This is the one place where commands are added to the main app; the modules in ``api/cli`` only define them.
Errors users can cause or fix (Neo4j down, bad file, port taken; see ``api.cli.user_errors``) end in one clear
message and exit code 1; a stack trace is printed only with WIJKGRAPH_DEBUG=1.
"""

from __future__ import annotations

import logging
import os
import sys

import typer
from typer.core import TyperGroup

from api.cli import analyse, audit, database, demo, docs, imports, serve, users
from api.cli.output import errors
from api.cli.user_errors import is_user_error

HELP = "wijkgraph: the network around sociale wijkteams, in Neo4j."
# The order of `wijkgraph --help`: the order of the README, from a fresh Neo4j to the web app.
ORDER = ("neo4j", "schema", "demo", "import", "analyse", "serve", "users", "audit", "generate", "docs")


def build_app() -> typer.Typer:
    """A new main app with every `wijkgraph` command and sub-app added to it."""
    app = typer.Typer(help=HELP, no_args_is_help=True)
    app.add_typer(database.neo4j_app(), name="neo4j")
    app.add_typer(database.schema_app(), name="schema")
    app.command("demo")(demo.demo)
    app.add_typer(imports.import_app(), name="import")
    app.add_typer(analyse.analyse_app(), name="analyse")
    app.command("serve")(serve.serve)
    app.add_typer(users.users_app(), name="users")
    app.command("audit")(audit.audit)
    app.command("generate")(demo.generate)
    app.command("docs")(docs.docs_command)
    return app


def build_command() -> TyperGroup:
    """The command tree of :func:`build_app`, ready to run."""
    command = typer.main.get_command(build_app())
    assert isinstance(command, TyperGroup)  # an app with sub-apps is a group
    # Typer lists single commands before groups; show them in the order above instead (a command missing from
    # ORDER fails here, at every start, rather than vanishing from the help).
    command.commands = dict(sorted(command.commands.items(), key=lambda item: ORDER.index(item[0])))
    return command


def main() -> None:
    if not os.environ.get("WIJKGRAPH_DEBUG"):
        # The driver logs each retry and dropped connection; the CLI says what went wrong in one line instead.
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)

    try:
        exit_code = build_command().main(standalone_mode=False)
    except typer.Exit as done:
        exit_code = done.exit_code
    except typer.Abort:
        errors.print("Aborted.")
        sys.exit(1)
    except Exception as error:  # the one place where every error becomes a message
        if isinstance(error, typer.TyperException) and hasattr(error, "show"):  # a usage error: bad option, ...
            error.show()
            sys.exit(error.exit_code)
        if os.environ.get("WIJKGRAPH_DEBUG"):
            raise
        if is_user_error(error):
            errors.print(f"[red]Error:[/red] {error}", highlight=False)
        else:
            errors.print(
                f"[red]Unexpected error ({type(error).__name__}):[/red] {error}\n"
                "This is a bug in wijkgraph; run again with WIJKGRAPH_DEBUG=1 for the details.",
                highlight=False,
            )
        sys.exit(1)
    sys.exit(exit_code if isinstance(exit_code, int) else 0)
