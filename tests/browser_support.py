"""The browser tests' shared parts: Debian's Chromium driven by Playwright, a Dutch tab at 1366×768, screenshots.

Import the fixtures into a test module (``from browser_support import browser, page``). A tab asks for Dutch
(``nl-NL``), as a browser in a Dutch municipality does, and records every request that leaves the app (it must work
offline). These tests fail, not skip, when Chromium is missing: bin/setup installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = os.environ.get("WIJKGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--lang=nl-NL"]  # Dutch date pickers too, as on a Dutch desktop
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
VIEWPORT = {"width": 1366, "height": 768}  # the laptop screen of a wijkteam (issue 13)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run bin/setup (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", timezone_id="Europe/Amsterdam")
    tab = context.new_page()
    tab.external_requests = []  # every request that leaves the app: must stay empty (works offline)
    tab.on("request", lambda request: tab.external_requests.append(request.url)
           if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
    yield tab
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A screenshot of the whole page in test-artifacts/ (kept by CI for people to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page, base: str, token: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.locator("#token").fill(token)
    page.locator("form[action='/login'] button[type=submit]").click()  # in the tab's language
    page.wait_for_url(f"{base}/")


def network_nodes(page) -> int:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#network[data-drawn='true']", timeout=15000)
    return page.evaluate("window.wijkgraphNetwork.nodes.length")


def get_json(base: str, path: str, token: str, reason: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}", **({"X-Wijkgraph-Reason": reason} if reason else {})}
    response = httpx.get(f"{base}{path}", headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()
