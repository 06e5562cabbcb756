"""The web app in a real headless Chromium (Debian's chromium, driven by Playwright's Python package).

The app runs under uvicorn on a free loopback port against the test Neo4j. Screenshots go to test-artifacts/.
The browser, the Dutch tab and the helpers are in browser_support.py.
"""

from __future__ import annotations

from browser_support import get_json, login, network_nodes, shot
from web_support import IN_SCOPE, WIJK_IN, live_server, load_test_world

from graph.store import Store


def test_login_map_contacts_analysis_and_ecogram(store: Store, page) -> None:  # type: ignore[no-untyped-def]
    """The pages in Dutch; the selectors are ids and roles, the text asserted is Dutch."""
    tokens = load_test_world(store)
    with live_server(store) as base:
        login(page, base, tokens["coordinator"])
        assert page.locator("html").get_attribute("lang") == "nl"
        shot(page, "01-home")

        # Partner map: every node of the JSON twin is in the vis DataSet, with the legend and click details.
        page.goto(f"{base}/wijken/{WIJK_IN}/map")
        expected = get_json(base, f"/wijken/{WIJK_IN}/map.json", tokens["coordinator"])
        assert network_nodes(page) == len(expected["nodes"]) == 8
        assert page.evaluate("window.wijkgraphNetwork.edges.length") == len(expected["edges"])
        page.locator("details.node-list summary").click()
        page.locator("button[data-node]", has_text="Anna Jansen").click()
        assert "wijkcoach" in page.locator("#details").inner_text()
        shot(page, "02-partner-map")

        # Contact search: choose the wijk and an expertise under "uitgebreid zoeken", rows in the table.
        page.goto(f"{base}/contacts")
        assert page.get_by_role("heading", level=1).inner_text() == "Wie bel ik?"
        page.locator("details.advanced summary").click()
        page.locator("#f-wijk").select_option(WIJK_IN)
        page.locator("#f-expertise").select_option("GGZ")
        page.get_by_role("button", name="Zoeken").click()
        page.wait_for_url("**expertise=GGZ**")
        total = get_json(base, f"/contacts.json?wijk={WIJK_IN}&expertise=GGZ", tokens["coordinator"])["total"]
        assert page.locator("#contacts tbody tr").count() == total >= 2
        assert "Chris Bakker" in page.locator("#contacts").inner_text()
        shot(page, "03-contacts")

        # An analysis as a table with a CSV twin.
        page.goto(f"{base}/analyses/gaps?wijk={WIJK_IN}")
        rows = get_json(base, f"/analyses/gaps.json?wijk={WIJK_IN}", tokens["coordinator"])["items"]
        assert page.locator("#results tbody tr").count() == len(rows) > 0
        assert page.get_by_role("link", name="CSV downloaden").get_attribute("href").startswith("/analyses/gaps.csv")
        shot(page, "04-analysis-gaps")

        # Ecogram: the reason is asked first, then the latest snapshot (no stressful tie in it).
        page.goto(f"{base}/households/{IN_SCOPE}/ecogram")
        page.locator("#reason").fill("casusoverleg")
        page.locator("#reason").press("Enter")
        page.wait_for_selector("#network")
        ties = get_json(base, f"/households/{IN_SCOPE}/ecogram.json", tokens["coordinator"], "test")["ties"]
        assert network_nodes(page) == len(ties) + 1
        assert page.get_by_role("heading", level=1).inner_text() == f"Ecogram van huishouden {IN_SCOPE}"
        # The earlier snapshot has a stressful member tie: a red dotted line.
        page.get_by_role("button", name="1 mei 2025").click()
        page.wait_for_selector("#network[data-drawn='true']")
        assert "momentopname van 1 mei 2025" in page.locator("main").inner_text()
        stressful = "window.wijkgraphNetwork.edges.get().filter(e => e.quality === 'stressful')"
        assert page.evaluate(f"{stressful}.length") == 1
        assert page.evaluate(f"{stressful}.every(e => e.color === '#c0392b' && Array.isArray(e.dashes))")
        assert "belastend" in page.locator("#ties").inner_text()
        shot(page, "05-ecogram-stressful")
        # The change from that snapshot to the latest: every kind of tie counted, the changes named.
        page.locator("#on").fill("2025-11-01")
        page.locator("#compare").select_option("2025-05-01")
        page.get_by_role("button", name="Toon").click()
        page.wait_for_selector("#diff")
        assert page.get_by_role("heading", name="Verandering van 1 mei 2025 tot 1 nov 2025").is_visible()
        def fact(name: str) -> str:
            return page.locator(f"#change-summary dt:text-is('{name}') + dd").inner_text()

        assert (fact("Belastende banden"), fact("Banden"), fact("Banden weggevallen")) == ("1 → 0", "3 → 2", "2")
        assert fact("Aandeel formele hulp (professionals onder alle banden)") == "33% → 50%"
        assert page.locator("#diff tbody tr.change-lost").count() == 2
        assert page.locator("#diff tbody tr.change-gained").count() == 1
        assert "normaal → sterk" in page.locator("#diff tbody tr.change-changed").inner_text()
        shot(page, "05-ecogram-change")
    assert page.external_requests == []
