"""`wijkgraph serve`: the web app and its JSON API, refused beyond this machine while nobody can log in to run it."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

import typer

from api.cli.output import console
from api.i18n import N_
from api.i18n import gettext as _

if TYPE_CHECKING:
    from graph.store import Store

LOOPBACK_NAMES = ("localhost",)


class ExposureRefused(RuntimeError):
    """Serving beyond this machine without authentication configured (an English template and its fields)."""

    def __init__(self, template: str, **fields: str) -> None:
        super().__init__(template.format(**fields))
        self.template, self.fields = template, fields


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
            N_("Refusing to serve on {host}, which other machines can reach, without authentication configured: "
               "there is no admin user. Create one first with `wijkgraph users add <name> --role admin`, or serve "
               "on 127.0.0.1 (the default)."), host=host)


def serve(
    host: str = typer.Option("127.0.0.1", help=N_("Address to listen on (127.0.0.1: this machine only).")),
    port: int = typer.Option(8000, help=N_("TCP port.")),
    workers: int = typer.Option(1, help=N_("Worker processes (uvicorn).")),
    reload: bool = typer.Option(False, help=N_("Restart on code changes (development).")),
) -> None:
    """Serve the web app and its JSON API (pages at /, API docs at /api/docs)."""
    import uvicorn

    from graph.connection import open_store

    store = open_store()
    store.verify()  # fail here, with the CLI's clear message, when Neo4j is down
    check_exposure(store, host)
    console.print(_("wijkgraph serves http://{host}:{port}/ (API docs at /api/docs). Stop with Ctrl-C.").format(
        host=host, port=port))
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, reload=reload,
                log_level="info", proxy_headers=False)
