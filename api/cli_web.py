"""`wijkgraph serve`, `wijkgraph users ...` and `wijkgraph audit`: the web app and its users and audit log."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os

import typer
from rich.table import Table

from api import audit as audit_log
from api import auth
from api.cli import app, console, register_user_errors
from graph.connection import open_store
from graph.store import Store

register_user_errors(auth.AuthError)

users_app = typer.Typer(help="Users of the web app and API: roles, tokens (shown once, stored hashed).",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")


LOOPBACK_NAMES = ("localhost",)


class ExposureRefused(RuntimeError):
    """Serving beyond this machine without authentication configured."""


register_user_errors(ExposureRefused)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() in LOOPBACK_NAMES


def check_exposure(store: Store, host: str) -> None:
    """Refuse to serve on an address other machines can reach while no admin user exists.

    "Authentication configured" means at least one enabled admin: without one nobody can have a token that manages
    the others, so the app would be reachable by anyone on the network while nobody can log in to run it.
    """
    if is_loopback(host):
        return
    admins = store.read("MATCH (u:User {role: 'admin'}) WHERE NOT coalesce(u.disabled, false) RETURN count(u) AS n")
    if not admins[0]["n"]:
        raise ExposureRefused(
            f"Refusing to serve on {host}, which other machines can reach, without authentication configured: there "
            "is no admin user. Create one first with `wijkgraph users add <name> --role admin`, or serve on "
            "127.0.0.1 (the default)."
        )


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, help="Worker processes (uvicorn)."),
    reload: bool = typer.Option(False, help="Restart on code changes (development)."),
) -> None:
    """Serve the web app and its JSON API (pages at /, API docs at /api/docs)."""
    import uvicorn

    store = open_store()
    store.verify()  # fail here, with the CLI's clear message, when Neo4j is down
    check_exposure(store, host)
    console.print(f"wijkgraph serves http://{host}:{port}/ (API docs at /api/docs). Stop with Ctrl-C.")
    os.environ.setdefault("WIJKGRAPH_WEB", "1")
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, reload=reload,
                log_level="info", proxy_headers=False)


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="User name (unique)."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(auth.ROLES)}."),
    wijk: list[str] = typer.Option(None, "--wijk", help="Wijk code whose households the user may see; repeat."),
    team: list[str] = typer.Option(None, "--team", help="Team id: the user may see the households of the wijken "
                                                        "it serves; repeat."),
    replace: bool = typer.Option(False, help="Replace an existing user (new token, role, wijken, teams)."),
) -> None:
    """Create a user and print its token once (only a hash is kept)."""
    token = auth.add_user(open_store(), name, role, wijk or [], team or [], replace=replace)
    console.print(f"User {name} ({role}) created. Its token, shown only now:")
    console.print(token, highlight=False)
    console.print("Log in at /login with it, or send `Authorization: Bearer <token>` to the JSON API.")


@users_app.command("list")
def users_list() -> None:
    """List users (never tokens)."""
    table = Table(title="Users")
    for column in ("name", "role", "teams", "wijken", "disabled"):
        table.add_column(column)
    for user in auth.list_users(open_store()):
        table.add_row(str(user["name"]), str(user["role"]), ", ".join(user["teams"] or []),  # type: ignore[arg-type]
                      ", ".join(user["wijken"] or []), "yes" if user["disabled"] else "")  # type: ignore[arg-type]
    console.print(table)


@users_app.command("disable")
def users_disable(name: str = typer.Argument(..., help="User name.")) -> None:
    """Disable a user: its token and sessions stop working at once."""
    if not auth.disable_user(open_store(), name):
        raise auth.AuthError(f"There is no user {name!r}.")
    console.print(f"User {name} disabled.")


@app.command("audit")
def audit(
    user: str = typer.Option(None, "--user", help="Only this user's reads."),
    since: str = typer.Option(None, "--since", help="Only reads on or after this date (YYYY-MM-DD)."),
    household: str = typer.Option(None, "--household", help="Only reads that showed this household."),
    limit: int = typer.Option(100, help="At most this many entries (newest first)."),
) -> None:
    """Who read household-level data, when, what and why."""
    since_date = None
    if since:
        try:
            since_date = dt.date.fromisoformat(since)
        except ValueError:
            raise auth.AuthError(f"--since must be a date YYYY-MM-DD, not {since!r}.") from None
    total, rows = audit_log.query(open_store(), user, since_date, household, 0, limit)
    table = Table(title=f"Audit log ({len(rows)} of {total})")
    for column in ("at", "user", "role", "what", "reason", "households", "status"):
        table.add_column(column)
    for row in rows:
        households = row.get("households") or []
        shown = ", ".join(households[:5]) + (f" (+{len(households) - 5})" if len(households) > 5 else "")
        table.add_row(str(row["at"])[:19], row["user"], row["role"], row.get("what") or row["resource"],
                      row.get("reason") or "", shown, str(row.get("status") or ""))
    console.print(table)
