"""Dutch first: every message has a Dutch translation, no template holds text outside the catalog, and the language
follows the user's choice, then the browser's, then Dutch."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import LOCAL, csrf_token_of

from api import i18n
from api.app import create_app
from api.i18n_catalog import extract, load
from graph.store import Store

TEMPLATES = Path(i18n.__file__).parent / "templates"
# Words that are the same in every language of the app: names, formats, and each language's name in itself.
SAME_IN_EVERY_LANGUAGE = {"wijkgraph", "JSON", "CSV", "API", "English", "Nederlands", "XLSX", "PDF", "ZRM"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "label")
FIELD = re.compile(r"\{(\w*)[^{}]*\}|%\((\w+)\)s")


def dutch_catalog() -> dict[str, str | tuple[str, ...]]:
    return {message.id if isinstance(message.id, str) else message.id[0]: message.string
            for message in load("nl") if message.id and not message.fuzzy}


def ids_in_code() -> dict[str, list[str]]:
    return {(message.id if isinstance(message.id, str) else message.id[0]): [where for where, _line in
                                                                              message.locations]
            for message in extract() if message.id}


def test_every_message_in_the_code_has_a_dutch_translation() -> None:
    catalog = dutch_catalog()
    untranslated = {message: where for message, where in ids_in_code().items()
                    if not (catalog.get(message) if isinstance(catalog.get(message), str)
                            else all(catalog.get(message) or ("",)))}
    assert untranslated == {}, "run bin/i18n and translate these in api/locale/nl/LC_MESSAGES/messages.po"


def test_the_catalog_holds_no_message_the_code_no_longer_uses() -> None:
    assert sorted(set(dutch_catalog()) - set(ids_in_code())) == []


def test_a_translation_keeps_the_fields_of_its_message() -> None:
    """A translation that drops or renames ``{code}`` would fail when filled in, or show the wrong value."""
    mismatched = []
    for message in load("nl"):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {field for text in ids for field in FIELD.findall(text)}
        for text in strings:
            if {field for field in FIELD.findall(text)} != wanted:
                mismatched.append((ids[0], text))
    assert mismatched == []


class _Text(HTMLParser):
    """The text a reader sees in a template once the Jinja2 parts are gone: data and the attributes read aloud."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self._skip += 1
        self.found += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.found.append(data)


def literal_text(source: str) -> list[str]:
    """The words of ``source`` outside the catalog: what a Dutch page would show in English."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    source = re.sub(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}", " ", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)
    parser = _Text()
    parser.feed(source)
    words = [word for text in parser.found for word in re.findall(r"[^\W\d_]{2,}", text)]
    return [word for word in words if word not in SAME_IN_EVERY_LANGUAGE]


def test_the_lint_finds_literal_text() -> None:
    """The check below is only as good as this: text, a read-aloud attribute, but not code, tags or expressions."""
    assert literal_text('<p title="Open it">{{ _("Hi") }} Who to call <code>wijkgraph demo</code></p>') == [
        "Open", "it", "Who", "to", "call"]
    assert literal_text('{% trans %}Paste it{% endtrans %}{# note #}<a href="/x">{{ y }}</a> · wijkgraph') == []


@pytest.mark.parametrize("template", sorted(path.name for path in TEMPLATES.glob("*.html")))
def test_a_template_shows_no_text_outside_the_catalog(template: str) -> None:
    assert literal_text((TEMPLATES / template).read_text(encoding="utf-8")) == []


def test_the_language_is_the_users_choice_then_the_browsers_then_dutch(store: Store) -> None:
    client = TestClient(create_app(lambda: store), base_url=LOCAL)
    dutch = client.get("/login")
    assert (dutch.headers["content-language"], '<html lang="nl">' in dutch.text) == ("nl", True)
    assert "<h1>Inloggen bij wijkgraph</h1>" in dutch.text
    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})
    assert "<h1>Log in to wijkgraph</h1>" in english.text and '<html lang="en">' in english.text
    chosen = client.post("/language", data={"language": "en", "next": "/login",
                                            "csrf_token": csrf_token_of(client.get("/login"))},
                         headers={"Origin": LOCAL}, follow_redirects=False)
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/login")
    assert "<h1>Log in to wijkgraph</h1>" in client.get("/login").text  # the cookie, with no Accept-Language
    assert "<h1>Inloggen bij wijkgraph</h1>" not in client.get("/login", headers={"Accept-Language": "nl"}).text


def test_a_problem_is_told_in_the_users_language_and_keeps_its_type(store: Store) -> None:
    client = TestClient(create_app(lambda: store), base_url=LOCAL)
    dutch = client.get("/wijken.json").json()
    english = client.get("/wijken.json", headers={"Accept-Language": "en"}).json()
    assert dutch["type"] == english["type"] == "https://wijkgraph.example/problems/not-logged-in"
    assert (dutch["title"], english["title"]) == ("Niet ingelogd", "Not logged in")
