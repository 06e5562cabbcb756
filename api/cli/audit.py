"""`wijkgraph audit`: who read household-level data, when, what and why."""

from __future__ import annotations

import datetime as dt

import typer
from rich.markup import escape

from api.cli.messages import CommandError
from api.cli.output import console
from api.i18n import N_, format_datetime
from api.i18n import gettext as _
from api.labels import label


def audit(
    user: str = typer.Option(None, "--user", help=N_("Only this user's reads.")),
    since: str = typer.Option(None, "--since", help=N_("Only reads on or after this date (YYYY-MM-DD).")),
    household: str = typer.Option(None, "--household", help=N_("Only reads that showed this household.")),
    limit: int = typer.Option(100, help=N_("At most this many entries (newest first).")),
) -> None:
    """Who read household-level data, when, what and why."""
    from rich.table import Table

    from api import audit as audit_log
    from graph.connection import open_store

    since_date = None
    if since:
        try:
            since_date = dt.date.fromisoformat(since)
        except ValueError:
            raise CommandError(N_("--since must be a date YYYY-MM-DD, not {since!r}."), since=since) from None
    total, rows = audit_log.query(open_store(), user, since_date, household, 0, limit)
    table = Table(title=_("Audit log ({shown} of {total})").format(shown=len(rows), total=total))
    for column in (_("at"), _("user"), _("role"), _("what"), _("reason"), _("households"), _("status")):
        table.add_column(column)
    for row in rows:
        households = row.get("households") or []
        shown = ", ".join(households[:5]) + (f" (+{len(households) - 5})" if len(households) > 5 else "")
        table.add_row(*(escape(text) for text in (
            format_datetime(row["at"]), row["user"], label("role", row["role"]), row.get("what") or row["resource"],
            row.get("reason") or "", shown, str(row.get("status") or ""))))
    console.print(table)
