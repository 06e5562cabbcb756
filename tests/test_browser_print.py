"""The coordinator's home and the wijk overview in a real Chromium, on the demo data: screenshots of both, and the
wijk overview printed to PDF on exactly one A4 page, without the menu, buttons or footer."""

from __future__ import annotations

import io
from pathlib import Path

from browser_support import ARTIFACTS, get_json, login, shot
from pypdf import PdfReader
from web_support import live_server

from api import auth
from graph.store import Store

WIJK = "WK063701"  # Meerzicht, the demo coordinator's wijk


def test_home_and_the_wijk_overview_print_on_one_a4(store: Store, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from importers.demo import generate_demo
    from importers.demo.load import load_folder

    generate_demo(tmp_path / "demo")
    load_folder(store, tmp_path / "demo", "demo")
    tokens = auth.create_demo_users(store)
    with live_server(store) as base:
        login(page, base, tokens["coordinator"])
        assert page.get_by_role("heading", name="Mijn wijken", exact=True).is_visible()
        assert page.locator(".wijk-card h2 a").first.inner_text() == "Meerzicht"
        assert page.locator(".wijk-card .badge.missing").first.inner_text() == "LVB: ontbreekt"
        shot(page, "20-home-mijn-wijken")

        page.goto(f"{base}/wijken/{WIJK}")
        assert page.get_by_role("heading", name="Meerzicht", exact=True).is_visible()
        assert page.locator("#gaps-h + ul.gaps li").count() > 0
        shot(page, "21-wijk-overview")

        # An analysis with Dutch sortable headers: clicking one sorts all rows on the server.
        path = "/analyses/shared_households.json"
        most, least = (get_json(base, path + query, tokens["coordinator"])["items"][0]["shared"]
                       for query in ("", "?sort=shared"))
        assert most > least  # sorting must change the first row
        page.goto(f"{base}/analyses/shared_households")
        first = page.locator("#results tbody tr td:nth-child(4)").first
        assert first.inner_text() == str(most)  # most shared first
        page.get_by_role("link", name="gedeelde huishoudens").click()
        page.wait_for_url("**sort=shared")
        assert first.inner_text() == str(least)
        assert page.locator("#results tbody a[href^='/households/']").count() > 0
        shot(page, "22-analysis-sorted")
        page.goto(f"{base}/wijken/{WIJK}")

        page.emulate_media(media="print")
        hidden = ["header.top", "footer", ".actions"]
        assert [page.locator(selector).first.is_visible() for selector in hidden] == [False] * len(hidden)
        pdf = page.pdf(format="A4", print_background=True)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "21-wijk-overview.pdf").write_bytes(pdf)
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
