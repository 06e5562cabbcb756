"""`wijkgraph users ...`: users of the web app and API, their roles and tokens."""

from __future__ import annotations

import typer

from api.cli.output import console
from graph.model import USER_ROLES


def users_app() -> typer.Typer:
    app = typer.Typer(help="Users of the web app and API: roles, tokens (shown once, stored hashed).",
                      no_args_is_help=True)
    app.command("add")(users_add)
    app.command("list")(users_list)
    app.command("disable")(users_disable)
    return app


def users_add(
    name: str = typer.Argument(..., help="User name (unique)."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(USER_ROLES)}."),
    wijk: list[str] = typer.Option(None, "--wijk", help="Wijk code whose households the user may see; repeat."),
    team: list[str] = typer.Option(None, "--team", help="Team id: the user may see the households of the wijken "
                                                        "it serves; repeat."),
    replace: bool = typer.Option(False, help="Replace an existing user (new token, role, wijken, teams)."),
) -> None:
    """Create a user and print its token once (only a hash is kept)."""
    from api import auth
    from graph.connection import open_store

    token = auth.add_user(open_store(), name, role, wijk or [], team or [], replace=replace)
    console.print(f"User {name} ({role}) created. Its token, shown only now:")
    console.print(token, highlight=False)
    console.print("Log in at /login with it, or send `Authorization: Bearer <token>` to the JSON API.")


def users_list() -> None:
    """List users (never tokens)."""
    from rich.table import Table

    from api import auth
    from graph.connection import open_store

    table = Table(title="Users")
    for column in ("name", "role", "teams", "wijken", "disabled"):
        table.add_column(column)
    for user in auth.list_users(open_store()):
        table.add_row(str(user["name"]), str(user["role"]), ", ".join(user["teams"] or []),  # type: ignore[arg-type]
                      ", ".join(user["wijken"] or []), "yes" if user["disabled"] else "")  # type: ignore[arg-type]
    console.print(table)


def users_disable(name: str = typer.Argument(..., help="User name.")) -> None:
    """Disable a user: its token and sessions stop working at once."""
    from api import auth
    from graph.connection import open_store

    if not auth.disable_user(open_store(), name):
        raise auth.AuthError(f"There is no user {name!r}.")
    console.print(f"User {name} disabled.")
