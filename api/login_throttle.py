"""Failed logins: written to the audit log, and a back-off per client address after a few of them.

After :data:`MAX_FAILURES` failed logins from one client address within :data:`WINDOW_SECONDS`, the login answers
429 with ``Retry-After`` and does not look at the token at all, until the oldest of those failures is older than the
window (a sliding window). An IPv6 client counts by its /64 network, the block one host usually holds, so that it
cannot go round the back-off by taking the next address.

The failures are ``(:LoginFailure)`` nodes in Neo4j, not counters in this process: ``wijkgraph serve --workers N``
runs N processes, and the operating system hands each connection to any of them, so counters per process would
allow N times the attempts and start again at every restart. Neo4j is shared by all workers (and by several app
servers on one database) and keeps the count over a restart; it costs one read per login and one write per failure.
Two attempts at the same moment may both pass the check, so a client can get a failure or two more than
:data:`MAX_FAILURES` in; the back-off slows guessing down, it is not an exact quota.

Only the login form asks for a token and fails; it names no user, so there is no per-user count: a back-off per
user name protects a password a person chose, whereas a token is 256 random bits, and a lock per name would let
anyone lock any user out. A throttled attempt (429) is not audited: it checked nothing, and the audit log should not
grow with every request of a client that keeps trying (uvicorn's access log has them).
"""

from __future__ import annotations

import ipaddress
import math
import uuid

from api import audit, i18n
from graph.store import Store

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
SOURCE = "wijkgraph:logins"  # the reserved prefix: no import replaces or cleans these up
FAILED = "login failed"  # the audit entry's "what"


def client_key(host: str | None) -> str:
    """What the back-off counts by: the client's address, an IPv6 address's /64 network.

    >>> client_key("192.0.2.7"), client_key("2001:db8:1:2:3:4:5:6"), client_key(None)
    ('192.0.2.7', '2001:db8:1:2::/64', 'unknown')
    """
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:  # ::ffff:192.0.2.7 is an IPv4 client
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def retry_after(store: Store, client: str) -> int:
    """Seconds until ``client`` may try again, 0 when it may now."""
    row = store.read(
        "MATCH (f:LoginFailure {client: $client}) WHERE f.at > datetime() - duration({seconds: $window}) "
        "WITH f ORDER BY f.at DESC LIMIT $max "
        "RETURN count(f) AS failures, "
        "duration.inSeconds(datetime(), min(f.at) + duration({seconds: $window})).seconds AS left",
        {"client": client, "window": WINDOW_SECONDS, "max": MAX_FAILURES},
    )[0]
    if row["failures"] < MAX_FAILURES:
        return 0
    return max(1, int(row["left"] or 0) + 1)


def throttled_message(seconds: int) -> str:
    """What the login page says to a client that must wait, in the request's language.

    >>> from api.i18n import set_language
    >>> set_language("en"); throttled_message(61)
    'Too many failed logins from your address. Try again in 2 minutes; the token was not checked.'
    >>> set_language("nl"); throttled_message(60).split(". ")[1]
    'Probeer het over 1 minuut opnieuw; het token is niet gecontroleerd.'
    """
    minutes = math.ceil(seconds / 60)
    return i18n.ngettext(
        "Too many failed logins from your address. Try again in %(minutes)s minute; the token was not checked.",
        "Too many failed logins from your address. Try again in %(minutes)s minutes; the token was not checked.",
        minutes) % {"minutes": minutes}


def record_failure(store: Store, client: str, resource: str) -> None:
    """A failed login from ``client``: counted for the back-off, and written to the audit log.

    The audit entry says who tried as far as it is known, the client's address (user ``(client ADDRESS)``), never
    the token or any part of it. Failures older than the window are deleted on the way.
    """
    store.write("MATCH (f:LoginFailure) WHERE f.at <= datetime() - duration({seconds: $window}) DELETE f",
                {"window": WINDOW_SECONDS})
    store.write(
        "CREATE (:LoginFailure {id: $id, client: $client, at: datetime(), source: $source, firstseen: datetime(), "
        "lastupdated: datetime()})",
        {"id": str(uuid.uuid4()), "client": client, "source": SOURCE},
    )
    audit.record(store, f"(client {client})", "(not logged in)", resource, FAILED, status=401)
