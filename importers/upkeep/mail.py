"""Sending a link by e-mail, when an SMTP server is configured (optional: without one the app shows the link to copy).

Settings (environment variables, read at each send):

| variable | meaning |
|---|---|
| ``WIJKGRAPH_SMTP_HOST`` | the SMTP server; not set: no mail is sent, the app shows the link to copy |
| ``WIJKGRAPH_SMTP_PORT`` | its port (default 587 with STARTTLS, else 25) |
| ``WIJKGRAPH_SMTP_FROM`` | the sender address (required with a host) |
| ``WIJKGRAPH_SMTP_USER`` / ``WIJKGRAPH_SMTP_PASSWORD`` | login, when the server asks for one |
| ``WIJKGRAPH_SMTP_STARTTLS`` | ``1`` (default): STARTTLS before logging in; ``0``: plain (a relay on this host) |

The message is Dutch (the professional gets no choice of language before opening the link); standard library only
(``smtplib``, ``email``).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

HOST, PORT, FROM = "WIJKGRAPH_SMTP_HOST", "WIJKGRAPH_SMTP_PORT", "WIJKGRAPH_SMTP_FROM"
USER, PASSWORD, STARTTLS = "WIJKGRAPH_SMTP_USER", "WIJKGRAPH_SMTP_PASSWORD", "WIJKGRAPH_SMTP_STARTTLS"
TIMEOUT = 20  # seconds


class MailError(RuntimeError):
    """The mail could not be sent (the link still works: the app shows it to copy)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None
    password: str | None
    starttls: bool


def smtp_settings() -> SmtpSettings | None:
    """The configured SMTP server, or None when ``WIJKGRAPH_SMTP_HOST`` is not set."""
    host = os.environ.get(HOST, "").strip()
    if not host:
        return None
    starttls = os.environ.get(STARTTLS, "1").strip().lower() not in ("0", "false", "no", "off")
    port_text = os.environ.get(PORT, "").strip()
    try:
        port = int(port_text) if port_text else (587 if starttls else 25)
    except ValueError:
        raise MailError(f"{PORT} must be a port number, not {port_text!r}") from None
    sender = os.environ.get(FROM, "").strip()
    if not sender:
        raise MailError(f"{FROM} must name the sender address when {HOST} is set")
    return SmtpSettings(host, port, sender, os.environ.get(USER) or None, os.environ.get(PASSWORD) or None, starttls)


def configured() -> bool:
    """Whether links can be sent by mail (a host is set); a bad setting shows when sending."""
    return bool(os.environ.get(HOST, "").strip())


def self_service_message(sender: str, to: str, name: str, url: str, expires: str, coordinator: str) -> EmailMessage:
    """The Dutch mail with a professional's own link."""
    message = EmailMessage()
    message["Subject"] = "Kloppen je gegevens in de sociale kaart?"
    message["From"], message["To"] = sender, to
    message["Date"], message["Message-ID"] = formatdate(localtime=False), make_msgid(domain="wijkgraph")
    message.set_content(
        f"Beste {name},\n\n"
        f"{coordinator} vraagt je om je gegevens in de sociale kaart van het wijkteam te controleren: je naam, "
        "functie, e-mailadres en telefoonnummer, zodat collega's je kunnen vinden en bellen.\n\n"
        f"Open deze persoonlijke link (je hebt geen account nodig):\n\n{url}\n\n"
        "Klopt alles, klik dan op 'Klopt'. Klopt er iets niet, verbeter het dan en verstuur het formulier.\n"
        f"De link werkt één keer en tot {expires}. Deel hem niet met anderen.\n\n"
        "Heb je deze mail niet verwacht? Dan kun je hem negeren.\n")
    return message


def send(message: EmailMessage, settings: SmtpSettings | None = None) -> None:
    """Send ``message`` through the configured server; :class:`MailError` when that fails or none is configured."""
    settings = settings or smtp_settings()
    if settings is None:
        raise MailError(f"no SMTP server is configured ({HOST})")
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user and settings.password:
                smtp.login(settings.user, settings.password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"the mail could not be sent through {settings.host}:{settings.port}: {error}") from error
