"""`wijkgraph users ...`: users of the web app and API, their roles and tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from api.cli.messages import CommandError
from api.cli.output import console
from api.i18n import N_
from api.i18n import gettext as _
from api.labels import label
from graph.model import USER_ROLES

if TYPE_CHECKING:
    from importers.upkeep.changes import Actor


def users_app() -> typer.Typer:
    app = typer.Typer(help=_("Users of the web app and API: roles, tokens (shown once, stored hashed)."),
                      no_args_is_help=True)
    app.command("add", help=N_("Create a user and print its token once (only a hash is kept)."))(users_add)
    app.command("list", help=N_("List users (never tokens)."))(users_list)
    app.command("disable", help=N_("Disable a user: its token and sessions stop working at once."))(users_disable)
    app.command("token", help=N_("Give a user a new token, printed once: the old token and its sessions stop at "
                                 "once."))(users_token)
    app.command("limit", help=N_("Limit a professional or coordinator to these teams and wijken (replacing its "
                                 "own)."))(users_limit)
    return app


def _actor() -> Actor:
    """Who runs the CLI, as the audit log names it (``cli:<login name>``, role operator)."""
    from api import audit
    from importers.upkeep.changes import Actor  # not at the top: it loads the Neo4j driver, which --help does not need

    return Actor(audit.cli_user(), audit.CLI_ROLE)


def users_add(
    name: str = typer.Argument(..., help=N_("User name (unique).")),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(USER_ROLES)}."),
    wijk: list[str] = typer.Option(None, "--wijk", help=N_("Wijk code whose households the user may see; repeat.")),
    team: list[str] = typer.Option(None, "--team", help=N_("Team id: the user may see the households of the wijken "
                                                        "it serves; repeat.")),
    replace: bool = typer.Option(False, help=N_("Replace an existing user (new token, role, wijken, teams).")),
) -> None:
    """Create a user and print its token once (only a hash is kept)."""
    from api import auth
    from graph.connection import open_store

    token = auth.add_user(open_store(), name, role, wijk or [], team or [], replace=replace, actor=_actor(),
                          resource="cli users add")
    console.print(escape(_("User {name} ({role}) created. Its token, shown only now:").format(
        name=name, role=label("role", role))), highlight=False)
    console.print(token, highlight=False)
    console.print(escape(_("Log in at /login with it, or send `Authorization: Bearer <token>` to the JSON API.")))


def users_list() -> None:
    """List users (never tokens)."""
    from rich.table import Table

    from api import auth
    from graph.connection import open_store

    table = Table(title=_("Users"))
    for column in (_("name"), _("role"), _("teams"), _("wijken"), _("disabled")):
        table.add_column(column)
    for user in auth.list_users(open_store()):
        table.add_row(escape(str(user["name"])), label("role", user["role"]),
                      ", ".join(user["teams"] or []),  # type: ignore[arg-type]
                      ", ".join(user["wijken"] or []), _("yes") if user["disabled"] else "")  # type: ignore[arg-type]
    console.print(table)


def users_disable(name: str = typer.Argument(..., help=N_("User name."))) -> None:
    """Disable a user: its token and sessions stop working at once."""
    from api import auth
    from graph.connection import open_store

    if not auth.disable_user(open_store(), name, actor=_actor(), resource="cli users disable"):
        raise CommandError(N_("There is no user {name!r}."), name=name)
    console.print(escape(_("User {name} disabled.").format(name=name)), highlight=False)


def users_token(name: str = typer.Argument(..., help=N_("User name."))) -> None:
    """Give a user a new token, printed once: the old token and its sessions stop at once."""
    from api import auth
    from graph.connection import open_store

    token = auth.replace_token(open_store(), name, actor=_actor(), resource="cli users token")
    console.print(escape(_("User {name} has a new token, shown only now:").format(name=name)), highlight=False)
    console.print(token, highlight=False)
    console.print(escape(_("The old token and its sessions no longer work.")), highlight=False)


def users_limit(
    name: str = typer.Argument(..., help=N_("User name.")),
    wijk: list[str] = typer.Option(None, "--wijk", help=N_("Wijk code whose households the user may see; repeat.")),
    team: list[str] = typer.Option(None, "--team", help=N_("Team id: the user may see the households of the wijken "
                                                        "it serves; repeat.")),
) -> None:
    """Limit a professional or coordinator to these teams and wijken (replacing its own)."""
    from api import auth
    from graph.connection import open_store

    after = auth.limit_user(open_store(), name, team or [], wijk or [], actor=_actor(), resource="cli users limit")
    console.print(escape(_("User {name} now sees the teams {teams} and the wijken {wijken}.").format(
        name=name, teams=", ".join(after["teams"]) or "-", wijken=", ".join(after["wijken"]) or "-")),
        highlight=False)
