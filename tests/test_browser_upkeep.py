"""Keeping the sociale kaart current in a real browser (issue 16, "Done when"): a coordinator edits a contact (the
record's edit page), verifies another ("Klopt nog" on the worklist) and makes a personal link; a second browser
context, not logged in, opens the link and corrects a phone number; the coordinator sees the change on /links; the
link then refuses a second use, and an expired link is refused. Screenshots: test-artifacts/upkeep-NN-*.png."""

from __future__ import annotations

from browser_support import login, shot
from web_support import live_server, load_test_world

from graph.store import Store


def professional(store: Store, key: str) -> dict:
    return store.read("MATCH (p:Professional {id: $id}) RETURN p.email AS email, p.phone AS phone, "
                      "p.verified_by AS verified_by, p.last_verified IS NOT NULL AS verified", {"id": key})[0]


def make_link(page, base: str, key: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/kaart/professional/{key}")
    page.locator("#self-link").click()
    page.wait_for_url(f"{base}/kaart/professional/{key}/link")
    page.locator("#make-link").click()
    page.wait_for_selector("#link-url")
    return page.locator("#link-url").input_value()


def register_and_approve(store: Store, page, eva, base: str) -> None:  # type: ignore[no-untyped-def]
    """Step 8: a registration link for the wijk network; a newcomer introduces themselves, the coordinator approves."""
    page.goto(f"{base}/kaart/registration-links")
    page.locator("#make-link").click()
    page.wait_for_selector("#link-url")
    registration = page.locator("#link-url").input_value()
    eva.goto(registration)
    eva.locator("#name").fill("Fleur de Boer")
    eva.locator("#function").fill("jongerenwerker")
    eva.locator("#organisation_id").select_option("ORG-WELZIJN")
    eva.locator("#email").fill("fleur@welzijn.example")
    eva.locator("#phone").fill("06 2345 6789")  # Eva's new number: a possible duplicate
    eva.locator("input[name=expertise][value=JEUGD]").check()
    eva.locator("input[name=group][value=B]").check()
    shot(eva, "upkeep-09-register")
    eva.locator("#send").click()
    eva.wait_for_selector("#outcome")
    page.goto(f"{base}/kaart/registrations")
    assert "Eva Visser" in page.locator("ul.duplicates").inner_text()
    shot(page, "upkeep-10-registrations")
    page.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_url(f"{base}/kaart/registrations")
    assert store.read("MATCH (p:Professional {name: 'Fleur de Boer'})-[w:WORKS_IN]->(:Wijk {code: 'WK990101'}) "
                      "RETURN p.source AS source, w.group AS group") == [{"source": "wijkgraph:app", "group": "B"}]


def test_a_coordinator_keeps_the_kaart_current_with_a_professional(store: Store, page, browser) -> None:  # type: ignore[no-untyped-def]
    tokens = load_test_world(store)
    with live_server(store) as base:
        login(page, base, tokens["coordinator"])

        # 1. Edit a contact on its record page (A's form).
        page.goto(f"{base}/kaart/professional/P-1")
        page.locator("#edit").click()
        page.locator("#f-email").fill("anna.jansen@welzijn.example")
        page.locator("form.record-form button[type=submit]").click()
        page.wait_for_selector("#saved")
        assert "anna.jansen@welzijn.example" in page.locator("#values").inner_text()
        shot(page, "upkeep-01-edited")
        assert professional(store, "P-1")["email"] == "anna.jansen@welzijn.example"

        # 2. Verify another on the worklist ("Klopt nog").
        page.goto(f"{base}/kaart/verify")
        page.locator("#verify-professional-P-2 button.verify").click()
        page.wait_for_load_state()
        shot(page, "upkeep-02-verified")
        assert professional(store, "P-2")["verified_by"] == "test-coordinator"

        # 3. A personal link for Eva Visser, shown once to copy.
        url = make_link(page, base, "P-5")
        assert url.startswith(f"{base}/self/wgl_")
        shot(page, "upkeep-03-link")

        # 4. Eva opens it in another browser, without logging in, and corrects her phone number.
        other = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
        eva = other.new_page()
        eva.goto(url)
        assert "Eva Visser" in eva.locator("#current").inner_text()
        assert eva.locator("header.top nav").count() == 0  # not logged in
        shot(eva, "upkeep-04-self-service")
        eva.locator("#phone").fill("06 2345 6789")
        eva.locator("#send").click()
        eva.wait_for_selector("#outcome")
        assert eva.locator("#outcome").inner_text() == ("Je gegevens zijn opgeslagen. Je coördinator ziet wat je "
                                                        "hebt veranderd.")
        shot(eva, "upkeep-05-self-saved")
        assert professional(store, "P-5")["phone"] == "06 2345 6789"
        assert professional(store, "P-5")["verified_by"] == "link:P-5"

        # 5. The coordinator sees it on /links: used, phone before -> after.
        page.goto(f"{base}/links")
        row = page.locator("#links tbody tr").first
        assert row.locator(".status").inner_text().startswith("gebruikt")
        assert "0655555555" in row.locator(".changes").inner_text()
        assert "06 2345 6789" in row.locator(".changes").inner_text()
        shot(page, "upkeep-06-links")

        # 6. The link refuses a second use.
        answer = eva.goto(url)
        assert answer is not None and answer.status == 410
        assert "al gebruikt" in eva.locator("#refusal").inner_text()
        assert eva.locator("#phone").count() == 0
        shot(eva, "upkeep-07-used")

        # 7. An expired link is refused.
        expired = make_link(page, base, "P-2")
        store.write("MATCH (l:SelfServiceLink {professional: 'P-2'}) SET l.expires = datetime() - duration({days: 1})")
        answer = eva.goto(expired)
        assert answer is not None and answer.status == 410
        assert "verlopen" in eva.locator("#refusal").inner_text()
        shot(eva, "upkeep-08-expired")

        register_and_approve(store, page, eva, base)
        other.close()
        assert page.external_requests == []
