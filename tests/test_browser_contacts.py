"""Who to call ("Wie bel ik?") in a real browser on the demo, as a team member of Meerzicht uses it (issue 14).

The demo coordinator serves Meerzicht (WK063701): GGZ only by fly-in and the city-wide specialist, LVB nowhere in
or around it (the demo's planted cases). They type everyday queries into the one search box and read the first rows,
the reasons and how fresh the numbers are; an LVB query ends in the ranked routes; a click widens the search to the
municipality (a plain link: no JavaScript needed). Screenshots: test-artifacts/contacts-NN-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote_plus

from browser_support import get_json, login, shot
from web_support import live_server

from api import auth
from graph.store import Store

WIJK = "WK063701"  # Meerzicht


def search(page, base: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into the search box and press Enter, as a person does."""
    box = page.locator("#f-text")
    box.fill("")
    box.type(text)
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(f"{base}/contacts?text={quote_plus(text)}")))


def chips(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.strip() for text in page.locator("ul.chips li").all_inner_texts()]


def first_rows(page, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.strip() for text in page.locator("#contacts tbody tr .name").all_inner_texts()[:n]]


def row(page, contact: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#contacts tr[data-id='{contact}']")


def test_a_team_member_asks_who_to_call(store: Store, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from importers.demo import generate_demo
    from importers.demo.load import load_folder

    generate_demo(tmp_path / "demo")
    load_folder(store, tmp_path / "demo", "demo")
    token = auth.create_demo_users(store)["coordinator"]
    with live_server(store) as base:
        login(page, base, token)
        page.get_by_role("link", name="Wie bel ik?").first.click()
        page.wait_for_url(f"{base}/contacts")
        assert page.get_by_role("heading", level=1).inner_text() == "Wie bel ik?"
        assert chips(page) == ["niets in het bijzonder: de contacten van je wijken"]  # starts on the own wijk
        assert page.locator("nav.scope p").inner_text() == "Gezocht in mijn wijken."
        assert page.locator("details.advanced").get_attribute("open") is None  # the dropdowns are tucked away
        shot(page, "contacts-01-own-wijk")

        # "GGZ in Meerzicht": the city-wide specialist first, then the fly-in partner with its general number.
        search(page, base, "GGZ in Meerzicht")
        assert chips(page) == ["wijk: Meerzicht", "expertise: geestelijke gezondheidszorg (GGZ)"]
        answer = get_json(base, f"/contacts.json?text={quote_plus('GGZ in Meerzicht')}", token)
        assert first_rows(page, 2) == [r["name"] for r in answer["items"][:2]] == [
            "Ivy Henric van den Nuwenhuse", "Parnassia"]
        specialist = row(page, answer["items"][0]["id"]).inner_text()
        assert "stedelijk specialist van Zoetermeer" in specialist and "vers, gecontroleerd" in specialist
        fly_in = row(page, "ORG-PARNASSIA")
        assert "vliegt in via een werkafspraak met Sociaal wijkteam Meerzicht" in fly_in.inner_text()
        assert fly_in.locator("a.phone").get_attribute("href") == "tel:0889119104"
        assert fly_in.locator("a.email").get_attribute("href") == "mailto:aanmelding@parnassia.example"
        shot(page, "contacts-02-ggz")

        # "wijkagent Meerzicht": a function and a wijk.
        search(page, base, "wijkagent Meerzicht")
        assert chips(page) == ["wijk: Meerzicht", "functie: wijkagent"]
        first = page.locator("#contacts tbody tr").first
        assert first.locator(".function").inner_text() == "wijkagent"
        assert "functie wijkagent" in first.inner_text() and "groep C in Meerzicht" in first.inner_text()

        # "Parnasia", misspelt: the organisation is understood all the same.
        search(page, base, "Parnasia")
        assert chips(page) == ["organisatie: Parnassia"]
        assert "ORG-PARNASSIA" in [r["id"] for r in get_json(base, "/contacts.json?text=Parnasia", token)["items"]]
        assert "werkt bij Parnassia" in row(page, "ORG-PARNASSIA").inner_text()
        shot(page, "contacts-03-typo")

        # LVB: nobody in or around Meerzicht has it; the page says so and ranks the routes, each with its freshness.
        search(page, base, "iemand met verstand van LVB in Meerzicht")
        assert page.locator("p.statement").inner_text() == (
            "Niemand in of rond Meerzicht heeft expertise licht verstandelijke beperking (LVB). "
            "Dit zijn de dichtstbijzijnde routes.")
        routes = page.locator("ol.routes > li")
        assert routes.count() >= 2
        assert routes.nth(0).get_attribute("data-id") == "ORG-MEE"
        assert routes.nth(0).locator("a.phone").get_attribute("href") == "tel:0888265928"
        stale = page.locator("ol.routes > li[data-id='ORG-LVB-HAAGLANDEN']")
        assert "organisatie in de regio" in stale.inner_text()
        assert stale.locator(".badge").inner_text() == "verouderd, gecontroleerd 14 mrt 2025"
        shot(page, "contacts-04-lvb-routes")

        # Widen by a click: the whole municipality (the link carries the search and the scope).
        page.get_by_role("link", name="hele gemeente").click()
        page.wait_for_url(re.compile(r"/contacts\?text=iemand.*&scope=municipality$"))
        assert page.locator("nav.scope p").inner_text() == "Gezocht in de gemeente."
        assert page.locator("nav.scope [aria-current]").inner_text() == "de gemeente"
        shot(page, "contacts-05-municipality")
        assert page.external_requests == []
