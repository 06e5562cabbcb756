"""Search text the full-text index refuses (issue 12): a clear 400 in the web app and one clear line in the CLI.

Lucene refuses a prefix of 1,001 characters ("input automaton is too large") and more than 1,024 clauses; both
were a 500 with an incident id, and on a live server the next request on the same connection was reset.
"""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner
from web_support import WIJK_IN, client_for, live_server, load_test_world

from graph.store import Store
from queries.analyses import AnalysisError, run
from queries.fulltext import MAX_TEXT, MAX_WORD, MAX_WORDS, SearchTextError, contact_query

LONG_WORD = "a" * 1_001  # the first example
MANY_WORDS = " ".join(["ab"] * 1_025)  # the second example
LIMITS = {
    LONG_WORD: "The search text must be at most 1000 characters, not 1001.",
    MANY_WORDS: "The search text must be at most 1000 characters, not 3074.",
    " ".join(["ab"] * (MAX_WORDS + 1)): f"The search text must be at most {MAX_WORDS} words, not {MAX_WORDS + 1}.",
    "anna " + "b" * (MAX_WORD + 1): f"The search text must have words of at most {MAX_WORD} characters; one has "
                                    f"{MAX_WORD + 1}.",
}
ADVICE = " Search with a few words of a name, function or organisation."
DUTCH = {  # what the web app answers a Dutch user (the default)
    LONG_WORD: "De zoektekst mag hoogstens 1000 tekens zijn, niet 1001.",
    MANY_WORDS: "De zoektekst mag hoogstens 1000 tekens zijn, niet 3074.",
    " ".join(["ab"] * (MAX_WORDS + 1)): f"De zoektekst mag hoogstens {MAX_WORDS} woorden zijn, niet {MAX_WORDS + 1}.",
    "anna " + "b" * (MAX_WORD + 1): f"De woorden in de zoektekst mogen hoogstens {MAX_WORD} tekens zijn; er is er een "
                                    f"van {MAX_WORD + 1}.",
}
DUTCH_ADVICE = " Zoek met een paar woorden uit een naam, functie of organisatie."


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return load_test_world(store)


def test_the_limits_are_well_inside_what_lucene_takes() -> None:
    assert MAX_TEXT < 1_001 and MAX_WORD < 1_000 and MAX_WORDS < 1_024
    assert contact_query(" ".join(["ab"] * MAX_WORDS)) == " AND ".join(["ab*"] * MAX_WORDS)
    assert contact_query("a" * MAX_WORD) == "a" * MAX_WORD + "*"
    for text, message in LIMITS.items():
        with pytest.raises(SearchTextError) as refused:
            contact_query(text)
        assert str(refused.value) == message + ADVICE


def test_the_analysis_refuses_text_the_index_cannot_take(store: Store, tokens: dict[str, str]) -> None:
    for text, message in LIMITS.items():
        with pytest.raises(AnalysisError) as refused:
            run(store, "contacts", text=text)
        assert str(refused.value) == f"{message}{ADVICE}"
    assert run(store, "contacts", text="a" * MAX_WORD) == []  # at the limit: searched, nobody found


def test_the_web_app_answers_400_and_the_next_search_works(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["professional"])
    for text, message in LIMITS.items():
        response = client.get("/contacts.json", params={"wijk": WIJK_IN, "text": text})
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"] == f"{DUTCH[text]}{DUTCH_ADVICE}"
        assert text not in response.text  # the text is not echoed back
        english = client.get("/contacts.json", params={"wijk": WIJK_IN, "text": text},
                             headers={"Accept-Language": "en"})
        assert english.json()["detail"] == f"{message}{ADVICE}"
        page = client.get("/contacts", params={"wijk": WIJK_IN, "text": text})
        assert page.status_code == 400 and "hoogstens" in page.text
    found = client.get("/contacts.json", params={"wijk": WIJK_IN, "text": "anna"})
    assert found.status_code == 200 and found.json()["total"] > 0


def test_the_next_request_on_the_same_connection_still_works(store: Store, tokens: dict[str, str]) -> None:
    """On a live server, one keep-alive connection: the refused search, then a good one (was reset after a 500)."""
    with live_server(store) as base, httpx.Client(base_url=base, timeout=30,
                                                  headers={"Authorization": f"Bearer {tokens['analyst']}"}) as client:
        for text in (LONG_WORD, MANY_WORDS):
            bad = client.get("/contacts.json", params={"wijk": WIJK_IN, "text": text})
            assert bad.status_code == 400, bad.text
            good = client.get("/contacts.json", params={"wijk": WIJK_IN, "text": "anna"})
            assert good.status_code == 200 and good.json()["total"] > 0


def test_the_cli_says_it_in_one_line(store: Store, tokens: dict[str, str]) -> None:
    from api.cli.root import build_app

    runner = CliRunner()
    for text, message in LIMITS.items():
        result = runner.invoke(build_app(), ["analyse", "contacts", "--text", text])
        assert result.exit_code == 1 and isinstance(result.exception, AnalysisError), result.exception
        assert str(result.exception) == f"{message}{ADVICE}"
    result = runner.invoke(build_app(), ["analyse", "contacts", "--text", "anna", "--format", "json"])
    assert result.exit_code == 0, result.output
