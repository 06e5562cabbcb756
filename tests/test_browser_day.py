"""The coordinator's day in Dutch, in a real browser on the demo data (issue 13, "Done when").

The demo coordinator serves Meerzicht (WK063701), where LVB is missing and GGZ comes by fly-in on too few hours for
its demand, so it is thin (the demo's planted cases). The walk: Mijn wijken → the own wijk → its partner map → the
missing LVB → who to call → a household (its reason asked) → the change of its ecogram. Each page is checked for
Dutch text and saved as a screenshot at 1366×768 in test-artifacts/ (day-NN-name.png). Selectors use ids, roles and
links; the text asserted is Dutch.
"""

from __future__ import annotations

from pathlib import Path

from browser_support import get_json, login, network_nodes, shot
from web_support import live_server

from api import auth
from graph.store import Store

WIJK = "WK063701"  # Meerzicht
LVB, GGZ = "licht verstandelijke beperking (LVB)", "geestelijke gezondheidszorg (GGZ)"


def heading(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_role("heading", level=1).inner_text().strip()


def home_and_wijk(page, base: str, token: str) -> None:  # type: ignore[no-untyped-def]
    """1. Home, 2. the own wijk."""
    # 1. Home: "Mijn wijken", Meerzicht with its coverage badges.
    login(page, base, token)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert heading(page) == "Mijn wijken"
    card = page.locator("li.wijk-card").filter(has=page.locator(f"a[href='/wijken/{WIJK}']"))
    assert card.count() == 1
    assert "Meerzicht" in card.get_by_role("heading").inner_text()
    assert "LVB: ontbreekt" in card.inner_text()
    shot(page, "day-01-home")

    # 2. The own wijk: LVB missing, GGZ thin (fly-in on too few hours), in Dutch.
    card.locator(f"a[href='/wijken/{WIJK}']").first.click()
    page.wait_for_url(f"{base}/wijken/{WIJK}")
    assert heading(page) == "Meerzicht"
    assert page.get_by_role("heading", name="Dekking van expertise").is_visible()
    missing = page.locator("#coverage tr.coverage-missing")
    assert LVB in missing.locator("th").all_inner_texts()
    assert "ontbreekt" in missing.filter(has_text=LVB).inner_text()
    assert "dun bezet" in page.locator("#coverage tr.coverage-thin").filter(has_text=GGZ).inner_text()
    shot(page, "day-02-wijk")


def map_missing_lvb_and_who_to_call(page, base: str, token: str) -> None:  # type: ignore[no-untyped-def]
    """3. The partner map, 4. the missing LVB, 5. who to call for it."""
    # 3. The partner map: every node of the JSON twin drawn, the Dutch heading.
    page.locator(f"a[href='/wijken/{WIJK}/map']").first.click()
    page.wait_for_url(f"{base}/wijken/{WIJK}/map")
    expected = get_json(base, f"/wijken/{WIJK}/map.json", token)
    assert network_nodes(page) == len(expected["nodes"]) > 0
    assert heading(page).startswith("Partnerkaart van Meerzicht")
    shot(page, "day-03-map")

    # 4. The missing LVB: the analysis the wijk page links to.
    page.go_back()
    page.wait_for_url(f"{base}/wijken/{WIJK}")
    page.locator(f"a[href='/analyses/missing_expertise?wijk={WIJK}']").click()
    assert heading(page) == "Ontbrekende expertise"
    rows = get_json(base, f"/analyses/missing_expertise.json?wijk={WIJK}", token)["items"]
    assert [(row["expertise"], row["coverage"]) for row in rows if row["expertise"] == "LVB"] == [
        ("LVB", "missing")]
    lvb_row = page.locator("#results tbody tr").filter(has_text=LVB)
    assert lvb_row.count() == 1 and "ontbreekt" in lvb_row.inner_text()
    shot(page, "day-04-missing-lvb")

    # 5. Who to call for LVB, from the wijk's coverage table.
    page.goto(f"{base}/wijken/{WIJK}")
    page.locator(f"#coverage a[href='/contacts?wijk={WIJK}&expertise=LVB']").click()
    assert heading(page) == "Wie bel ik?"
    assert page.locator("#f-expertise").input_value() == "LVB"
    answer = get_json(base, f"/contacts.json?wijk={WIJK}&expertise=LVB", token)
    # Nobody in or around Meerzicht has LVB (the planted case): the page says so and shows the routes instead.
    assert answer["total"] == page.locator("#contacts tbody tr").count() == 0
    assert page.locator("p.statement").inner_text().startswith("Niemand in of rond Meerzicht heeft expertise")
    assert page.locator("ol.routes > li").count() == len(answer["routes"]) > 0
    shot(page, "day-05-who-to-call")


def open_household(page, base: str, token: str) -> str:  # type: ignore[no-untyped-def]
    """6. A household with two ecogram snapshots: the reason is asked, then its page in Dutch; its id."""
    page.goto(f"{base}/wijken/{WIJK}")
    page.locator(f"a[href='/wijken/{WIJK}/households']").click()
    assert heading(page) == "Huishoudens in Meerzicht WK063701"
    listed = get_json(base, f"/wijken/{WIJK}/households.json", token)["items"]
    household = next(item["id"] for item in listed if item["ecograms"] >= 2)
    assert page.locator("#results tbody tr").count() == len(listed)
    shot(page, "day-06-households")
    page.locator(f"#results a[href='/households/{household}']").click()
    assert heading(page) == "Waarom open je de gegevens van dit huishouden?"
    shot(page, "day-07-reason")
    page.locator("#reason").fill("casusoverleg")
    page.locator("#reason").press("Enter")
    page.wait_for_selector("#helpers-h")
    assert heading(page) == f"Huishouden {household}"
    for section in ("Gezinsleden", "Hulpvragen", "Hulpverleners", "ZRM-metingen"):
        assert page.get_by_role("heading", name=section, level=2).is_visible()
    shot(page, "day-08-household")
    return household


def ecogram_change(page, base: str, token: str, household: str) -> None:  # type: ignore[no-untyped-def]
    """7. The household's ecogram, and the change since its first snapshot."""
    page.get_by_role("button", name="Ecogram").click()
    page.wait_for_selector("#network[data-drawn='true']", timeout=15000)
    assert heading(page) == f"Ecogram van huishouden {household}"
    latest = get_json(base, f"/households/{household}/ecogram.json", token, "casusoverleg")
    first = latest["snapshots"][0]["date"]
    assert page.locator("#ties tbody tr").count() == len(latest["ties"]) > 0
    shot(page, "day-09-ecogram")
    page.locator("#compare").select_option(first)
    page.get_by_role("button", name="Toon").click()
    page.wait_for_selector("#change-summary")
    change = get_json(base, f"/households/{household}/ecogram.json?compare={first}", token,
                      "casusoverleg")["change"]
    assert page.locator("#change-h").inner_text().startswith("Verandering van ")

    def fact(name: str) -> str:
        return page.locator(f"#change-summary dt:text-is('{name}') + dd").inner_text()

    assert fact("Banden") == f"{change['ties_from']} → {change['ties_to']}"
    assert fact("Belastende banden") == f"{change['stressful_from']} → {change['stressful_to']}"
    assert fact("Aandeel formele hulp (professionals onder alle banden)") == (
        f"{round(change['formal_share_from'] * 100)}% → {round(change['formal_share_to'] * 100)}%")
    changes = len(change["gained"]) + len(change["lost"]) + len(change["changed"])
    assert changes > 0 and page.locator("#diff tbody tr").count() == changes
    shot(page, "day-10-ecogram-change")


def test_the_coordinators_day_in_dutch(store: Store, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from importers.demo import generate_demo
    from importers.demo.load import load_folder

    generate_demo(tmp_path / "demo")
    load_folder(store, tmp_path / "demo", "demo")
    token = auth.create_demo_users(store)["coordinator"]
    with live_server(store) as base:
        assert WIJK in get_json(base, "/me.json", token)["scope"]
        home_and_wijk(page, base, token)
        map_missing_lvb_and_who_to_call(page, base, token)
        opened = open_household(page, base, token)
        ecogram_change(page, base, token, opened)
    assert page.external_requests == []
    entries = store.read("MATCH (a:AuditEntry {user: 'demo-coordinator'}) RETURN a.what AS what, a.reason AS reason")
    assert {"what": f"household {opened}", "reason": "casusoverleg"} in entries
