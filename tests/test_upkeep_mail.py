"""Sending a self-service link by e-mail (importers/upkeep/mail.py) through a real SMTP server that the test starts
(aiosmtpd on a free loopback port): the mail arrives, in Dutch, with the link's full URL; without WIJKGRAPH_SMTP_HOST
nothing is sent and the page shows the link to copy."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from web_support import client_for, csrf_token_of, free_port, load_test_world, log_in

from graph.store import Store
from importers.upkeep import mail


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv(mail.HOST, "127.0.0.1")
    monkeypatch.setenv(mail.PORT, str(port))
    monkeypatch.setenv(mail.FROM, "sociale-kaart@gemeente.example")
    monkeypatch.setenv(mail.STARTTLS, "0")  # a local relay without TLS
    yield handler
    controller.stop()


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8").replace("\r\n", "\n")


def test_the_link_arrives_by_mail_in_dutch(store: Store, inbox: Inbox) -> None:
    tokens = load_test_world(store)
    client = client_for(store)
    assert log_in(client, tokens["coordinator"]).status_code == 303
    form = client.get("/kaart/professional/P-1/link")
    assert 'name="mail"' in form.text and "anna@welzijn.example" in form.text
    made = client.post("/kaart/professional/P-1/link", data={"csrf_token": csrf_token_of(form), "mail": "1"})
    assert made.status_code == 200 and "De link is ook gemaild naar anna@welzijn.example" in made.text
    url = re.search(r'id="link-url"[^>]*value="([^"]+)"', made.text).group(1)  # type: ignore[union-attr]

    assert len(inbox.messages) == 1
    sender, recipients, message = inbox.messages[0]
    assert (sender, recipients) == ("sociale-kaart@gemeente.example", ["anna@welzijn.example"])
    assert message["Subject"] == "Kloppen je gegevens in de sociale kaart?"
    text = body(message)
    assert text.startswith("Beste Anna Jansen,")
    assert f"\n{url}\n" in text and url.startswith("http://127.0.0.1/self/wgl_")
    assert "De link werkt één keer" in text and "test-coordinator vraagt je" in text
    assert store.read("MATCH (l:SelfServiceLink) RETURN l.mailed_at IS NOT NULL AS mailed") == [{"mailed": True}]
    assert client_for(store).get(url.removeprefix("http://127.0.0.1")).status_code == 200  # the mailed link works


def test_without_smtp_nothing_is_sent_and_the_link_is_shown(store: Store, inbox: Inbox,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(mail.HOST)
    tokens = load_test_world(store)
    answer = client_for(store, tokens["coordinator"]).post("/kaart/professional/P-1/link.json", json={"mail": True})
    assert answer.status_code == 201
    assert (answer.json()["mailed"], answer.json()["mail_problem"]) == (False, None)
    assert answer.json()["url"].startswith("http://127.0.0.1/self/wgl_")
    assert inbox.messages == []


def test_a_server_that_cannot_be_reached_leaves_the_link_to_copy(store: Store, inbox: Inbox,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(mail.PORT, str(free_port()))  # nobody listens there
    tokens = load_test_world(store)
    answer = client_for(store, tokens["coordinator"]).post("/kaart/professional/P-1/link.json", json={"mail": True})
    assert answer.status_code == 201 and answer.json()["mailed"] is False
    assert "could not be sent" in answer.json()["mail_problem"]
    assert inbox.messages == []
