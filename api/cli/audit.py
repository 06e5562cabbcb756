"""`wijkgraph audit`: who read household-level data, when, what and why."""

from __future__ import annotations

import datetime as dt

import typer

from api.cli.output import console


def audit(
    user: str = typer.Option(None, "--user", help="Only this user's reads."),
    since: str = typer.Option(None, "--since", help="Only reads on or after this date (YYYY-MM-DD)."),
    household: str = typer.Option(None, "--household", help="Only reads that showed this household."),
    limit: int = typer.Option(100, help="At most this many entries (newest first)."),
) -> None:
    """Who read household-level data, when, what and why."""
    from rich.table import Table

    from api import audit as audit_log
    from api import auth
    from graph.connection import open_store

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
