"""The `wijkgraph` command: builds the command tree from the command modules and runs it.

This is the one place where commands are added to the main app; the modules in ``api/cli`` only define them.
Errors users can cause or fix (Neo4j down, bad file, port taken; see ``api.cli.user_errors``) end in one clear
message and exit code 1; a stack trace is printed only with WIJKGRAPH_DEBUG=1.

The CLI speaks Dutch; WIJKGRAPH_LANG=en makes it speak English (api.i18n.cli_language: the system locale does not
count). The language is set when the command tree is built, before anything is printed.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from api import i18n
from api.cli import advise, analyse, audit, database, demo, docs, export, imports, report, serve, users
from api.cli.messages import error_text
from api.cli.output import errors
from api.cli.user_errors import is_user_error
from api.i18n import N_
from api.i18n import gettext as _

HELP = N_("wijkgraph: the network around sociale wijkteams, in Neo4j.")
EPILOG = N_("wijkgraph speaks Dutch; set WIJKGRAPH_LANG=en for English (the system locale, LANG or LC_ALL, does "
            "not count).")
# The order of `wijkgraph --help`: the order of the README, from a fresh Neo4j to the web app.
ORDER = ("neo4j", "schema", "demo", "import", "analyse", "advise", "report", "export", "serve", "users", "audit",
         "generate", "docs")


def build_app() -> typer.Typer:
    """A new main app with every `wijkgraph` command and sub-app added to it, in the language of WIJKGRAPH_LANG."""
    i18n.set_language(i18n.cli_language(os.environ))
    app = typer.Typer(help=_(HELP), epilog=_(EPILOG), no_args_is_help=True)
    app.add_typer(database.neo4j_app(), name="neo4j")
    app.add_typer(database.schema_app(), name="schema")
    app.command("demo", help=N_("Write the demo data (seed municipalities, invented people, planted cases) and "
                                "import it."))(demo.demo)
    app.add_typer(imports.import_app(), name="import")
    app.add_typer(analyse.analyse_app(), name="analyse")
    app.add_typer(advise.advise_app(), name="advise")
    app.command("report", help=N_("The report for the council of a wijk or a municipality (PDF, HTML or JSON): "
                                  "coverage with demand, life domains, gaps, helpers, freshness, change since."))(
        report.report_command)
    app.add_typer(export.export_app(), name="export")
    app.command("serve", help=N_("Serve the web app and its JSON API (pages at /, API docs at /api/docs)."))(
        serve.serve)
    app.add_typer(users.users_app(), name="users")
    app.command("audit", help=N_("Who read household-level data, when, what and why."))(audit.audit)
    app.command("generate", help=N_("Write a synthetic data set of the given size as importer input files (for "
                                    "benchmarks)."))(demo.generate)
    app.command("docs", help=N_("Regenerate docs/model.md, importers/household.schema.json and the tables of "
                                "docs/import-formats.md."))(docs.docs_command)
    return app


def build_command() -> TyperGroup:
    """The command tree of :func:`build_app`, ready to run, its help in the language of WIJKGRAPH_LANG."""
    command = typer.main.get_command(build_app())
    assert isinstance(command, TyperGroup)  # an app with sub-apps is a group
    # Typer lists single commands before groups; show them in the order above instead (a command missing from
    # ORDER fails here, at every start, rather than vanishing from the help).
    command.commands = dict(sorted(command.commands.items(), key=lambda item: ORDER.index(item[0])))
    translate_help(command)
    return command


def translate_help(command: Any) -> None:
    """The help of ``command``, its options and its subcommands in the CLI's language.

    The texts are English message ids (``N_`` where they are declared, in signatures evaluated at import); they are
    translated here, once the language is known. The analyses are built on demand, translated as they are built.
    """
    if command.help:
        command.help = _(command.help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def main() -> None:
    if not os.environ.get("WIJKGRAPH_DEBUG"):
        # The driver logs each retry and dropped connection; the CLI says what went wrong in one line instead.
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)

    try:
        exit_code = build_command().main(standalone_mode=False)
    except typer.Exit as done:
        exit_code = done.exit_code
    except typer.Abort:
        errors.print(_("Aborted."))
        sys.exit(1)
    except Exception as error:  # the one place where every error becomes a message
        if isinstance(error, typer.TyperException) and hasattr(error, "show"):  # a usage error: bad option, ...
            error.show()
            sys.exit(error.exit_code)
        if os.environ.get("WIJKGRAPH_DEBUG"):
            raise
        if is_user_error(error):
            label = _("Error:")
            errors.print(f"[red]{label}[/red] {escape(error_text(error))}", highlight=False)
        else:
            unexpected = _("Unexpected error ({kind}):").format(kind=type(error).__name__)
            errors.print(f"[red]{unexpected}[/red] {escape(str(error))}\n"
                         + _("This is a bug in wijkgraph; run again with WIJKGRAPH_DEBUG=1 for the details."),
                         highlight=False)
        sys.exit(1)
    sys.exit(exit_code if isinstance(exit_code, int) else 0)
