"""Defences of the web app that hold for every route, however the app is started (``wijkgraph serve``, uvicorn,
gunicorn): allowed hosts, the exposure rule, security headers, and requests from other origins.

- **Hosts**: only the loopback names and those in ``WIJKGRAPH_ALLOWED_HOSTS`` may be in the Host header, so a
  forged Host never comes back in a ``Location``.
- **Exposure**: a request that reaches the app over an address other machines can reach (or through a proxy) is
  refused while no enabled admin exists: nobody could log in to run the app, but anyone on the network could reach it.
- **Headers**: a Content-Security-Policy that allows only our own scripts and no framing, ``nosniff``,
  ``no-referrer``, and ``Cache-Control: no-store`` on everything but the static files.
- **Other origins**: a browser request from another origin, also another port of the same host (the same *site*,
  so SameSite cookies go along), never changes anything and never reads household data: unsafe methods need the
  page's CSRF token and, when the browser says where it comes from (``Origin``, ``Sec-Fetch-Site``), our own origin;
  a household read with the session cookie needs ``Sec-Fetch-Site`` same-origin or none (typed, bookmarked).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import time

from fastapi import Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import auth
from api.i18n import N_
from api.web.common import Problem, store_of

ALLOWED_HOSTS_VARIABLE = "WIJKGRAPH_ALLOWED_HOSTS"
LOOPBACK_NAMES = ("localhost",)
PRESESSION_COOKIE = "wijkgraph_presession"  # binds the login form's CSRF token to this browser
CSRF_FIELD = "csrf_token"
SAME_ORIGIN_FETCH = ("same-origin", "none")  # Sec-Fetch-Site of our own pages, and of what the user typed
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")
ADMIN_CHECK_SECONDS = 5.0
_admin_seen: dict[int, float] = {}


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` (an address or a name) is this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("[::1]"), is_loopback("localhost"), is_loopback("192.0.2.2")
    (True, True, True, False)
    """
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() in LOOPBACK_NAMES


def allowed_hosts() -> set[str]:
    configured = os.environ.get(ALLOWED_HOSTS_VARIABLE, "")
    return {"127.0.0.1", "localhost", "[::1]", "::1"} | {
        name.strip().lower() for name in configured.split(",") if name.strip()}


def host_name(request: Request) -> str:
    """The Host header without its port.

    >>> host_name(Request({"type": "http", "headers": [(b"host", b"[::1]:8000")]}))
    '[::1]'
    """
    host = request.headers.get("host", "").strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def exposed(request: Request) -> bool:
    """Whether the request came over an address other machines can reach, or through a proxy.

    A server binds addresses, so over TCP ``scope["server"]`` is the address the request arrived at; a name there
    (an in-process test client) or none (a Unix socket) is not a network address.
    """
    server = request.scope.get("server")
    try:
        address = ipaddress.ip_address(str(server[0]).strip("[]")) if server else None
    except ValueError:
        address = None
    if address is not None and not address.is_loopback:
        return True
    return any(name in request.headers for name in PROXY_HEADERS)


def _has_enabled_admin(request: Request) -> bool:
    store = store_of(request)
    now = time.monotonic()
    if now - _admin_seen.get(id(store), -ADMIN_CHECK_SECONDS) < ADMIN_CHECK_SECONDS:
        return True
    rows = store.read("MATCH (u:User {role: 'admin'}) WHERE NOT coalesce(u.disabled, false) RETURN count(u) AS n")
    if rows[0]["n"]:
        _admin_seen[id(store)] = now
        return True
    return False


def check_request(request: Request) -> None:
    """The host allow-list and the exposure rule; a :class:`Problem` when the request may not be served."""
    host = host_name(request)
    if host not in allowed_hosts():
        raise Problem(400, "This wijkgraph does not serve the host {host!r}. An operator who serves it under that "
                           "name adds it to {variable}.", kind="host-not-allowed", host=host or "(none)",
                      variable=ALLOWED_HOSTS_VARIABLE)
    if exposed(request) and not _has_enabled_admin(request):
        raise Problem(503, "This wijkgraph is reachable from other machines, but authentication is not configured: "
                           "there is no admin user. Create one with `wijkgraph users add <name> --role admin`, or "
                           "serve on 127.0.0.1.", kind="exposed-without-admin",
                      title=N_("Not configured for the network"))


def add_security_headers(path: str, headers: MutableHeaders) -> None:
    """The headers of every answer (``headers``: the answer's, of a request for ``path``)."""
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if not path.startswith(("/static/", "/api/docs/assets/")):
        headers["Cache-Control"] = "no-store"  # pages and answers may hold household data


# --- Other origins and CSRF tokens --------------------------------------------------------------------------------


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', '')}"


def from_other_origin(request: Request) -> bool:
    """Whether the browser says the request comes from another origin (absent headers: a non-browser client).

    ``Sec-Fetch-Site`` decides when it is there (every current browser sends it). Otherwise ``Origin``, unless it is
    ``null``: under our ``Referrer-Policy: no-referrer`` a browser sends ``Origin: null`` even for our own forms.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in SAME_ORIGIN_FETCH
    origin = request.headers.get("origin")
    return origin not in (None, "null") and origin != own_origin(request)


def csrf_material(request: Request) -> str | None:
    """What a CSRF token is bound to: the session cookie, or before login this browser's pre-session cookie."""
    return request.cookies.get(auth.SESSION_COOKIE) or request.cookies.get(PRESESSION_COOKIE)


def csrf_token(request: Request) -> str:
    """The CSRF token of the forms on this page. Another site cannot compute it: it is an HMAC with our secret
    over a cookie that only this browser holds."""
    known = getattr(request.state, "csrf_token", None)  # one per page, many forms (a verify button per contact)
    if known is not None:
        return known
    material = csrf_material(request) or getattr(request.state, "presession", None)
    if material is None:  # the login page sets the pre-session cookie; see presession_cookie
        material = request.state.presession = secrets.token_urlsafe(32)
    token = request.state.csrf_token = hmac.new(auth.csrf_key(), material.encode("utf-8"), hashlib.sha256).hexdigest()
    return token


def csrf_field(request: Request) -> Markup:
    """The hidden form field every form of ours carries."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf_token(request))


def presession_cookie(request: Request) -> str | None:
    """The Set-Cookie header of the pre-session cookie a token on this page was bound to, when the browser had none
    (the route set ``request.state.presession``; the state lives in the request's scope, shared with the app's
    middleware)."""
    presession = getattr(request.state, "presession", None)
    if not presession:
        return None
    carrier = Response()
    carrier.set_cookie(PRESESSION_COOKIE, presession, httponly=True, samesite="strict",
                       secure=request.url.scheme == "https", path="/")
    return carrier.headers["set-cookie"]


async def require_form_from_our_page(request: Request) -> None:
    """For every unsafe request of a form (login, logout, a reason): our origin and the page's CSRF token.

    A FastAPI dependency: the form is parsed once and kept in ``request.state.form`` for the handler.
    """
    if request.url.path.endswith((".json", ".csv", ".xlsx")):
        # A page's POST route also matches "/households/X.json" (X.json is a household id to the router); the twins
        # only answer GET.
        raise StarletteHTTPException(405, headers={"Allow": "GET"})
    form = await request.form()
    request.state.form = form
    if from_other_origin(request):
        raise Problem(403, "This form was sent from another site; open wijkgraph itself and try again.",
                      kind="cross-origin")
    material = csrf_material(request)
    sent = form.get(CSRF_FIELD)
    expected = hmac.new(auth.csrf_key(), material.encode("utf-8"), hashlib.sha256).hexdigest() if material else ""
    if not material or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise Problem(403, "This form has expired or was not sent from a wijkgraph page; reload the page and try "
                           "again.", kind="csrf")


def refuse_cross_origin_household_read(request: Request) -> None:
    """A household read with the session cookie only from our own pages or what the user typed: an
    ``<img src>`` on another site (even on another port of this host) must not read a household in the user's name.
    A bearer token is never sent by a browser on its own, so API clients are not asked."""
    if request.headers.get("authorization"):
        return
    if from_other_origin(request):
        raise Problem(403, "Household data is only shown to requests from wijkgraph's own pages; open it from "
                           "wijkgraph itself.", kind="cross-origin")
