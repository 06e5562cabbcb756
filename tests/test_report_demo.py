"""The council report on the demo (issue 17, "Done when"): the PDFs of Meerzicht (a wijk) and Zoetermeer (a
municipality) are made by the app, their text is extracted with pypdf and holds the Dutch section titles and the
summary's sentences; no household key, alias or name is in them; the first page of each is rendered to PNG with
pypdfium2 and the HTML report is opened in a real Chromium, both saved with the browser test artifacts.

The expected sentences follow from the demo's own facts (the manifest's planted cases and the analyses), not from
numbers written here, so that a change of the demo moves them along."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import ARTIFACTS, login, shot
from pypdf import PdfReader
from web_support import client_for, live_server

from api import auth
from api.i18n import format_date, set_language
from graph.store import Store
from queries.analyses import run
from tests.demo_world import Demo, load_demo

MEERZICHT, ZOETERMEER = "WK063701", "GM0637"
SECTIONS = ["Samenvatting", "Dekking van de vereiste expertise", "Vraag per leefgebied (ZRM)", "Hiaten",
            "Overlappende en te veel hulpverleners", "Actualiteit van de sociale kaart"]


@pytest.fixture(scope="module")
def demo(session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    yield from load_demo(session_store, tmp_path_factory)


@pytest.fixture(scope="module")
def tokens(demo: Demo) -> dict[str, str]:
    return auth.create_demo_users(demo.store)


def text_of(pdf: bytes) -> str:
    """The PDF's text with its line breaks and runs of spaces as single spaces."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def pdf_of(demo: Demo, token: str, path: str) -> tuple[bytes, dict[str, Any]]:
    client = client_for(demo.store, token)
    query = f"?on={demo.on.isoformat()}"
    answer = client.get(f"{path}.pdf{query}")
    assert (answer.status_code, answer.headers["content-type"]) == (200, "application/pdf"), answer.text[:300]
    return answer.content, client.get(f"{path}.json{query}").json()


def first_page_png(pdf: bytes, name: str) -> tuple[int, int, int]:
    """Page 1 of ``pdf`` as test-artifacts/``name``.png (pypdfium2); its size and how many pixels are not white."""
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0].render(scale=1.5).to_pil()
    ARTIFACTS.mkdir(exist_ok=True)
    page.save(ARTIFACTS / f"{name}.png")
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    inked = sum(count for value, count in enumerate(page.convert("L").histogram()) if value < 200)
    return page.width, page.height, inked


def expected_coverage_sentence(demo: Demo, wijk: str, name: str) -> str:
    """The Meerzicht LVB sentence as the analysis's figures make it (the planted case: LVB missing in Zoetermeer)."""
    assert any(case["wijk"] == wijk and case["expertise"] == "LVB" for case in demo.planted("missing_expertise"))
    row = next(r for r in run(demo.store, "missing_expertise", wijk=[wijk], on=demo.on) if r["expertise"] == "LVB")
    assert row["coverage"] == "missing"
    if row["demand"] == 0:
        return f"In {name} ontbreekt expertise in licht verstandelijke beperking (LVB); nu vraagt geen huishouden erom."
    households = "1 huishouden erom vraagt" if row["demand"] == 1 else f"{row['demand']} huishoudens erom vragen"
    return f"In {name} ontbreekt expertise in licht verstandelijke beperking (LVB), terwijl {households}."


def forbidden_words(demo: Demo) -> list[str]:
    """What a report must never show: household keys, the aliases of members and informal contacts, and (the report
    counts, it does not name) the names of professionals."""
    words = set(demo.households)
    for household in demo.households.values():
        for person in (*household.get("members", []), *household.get("informal_contacts", [])):
            words.add(person["id"])
            if person.get("alias"):
                words.add(person["alias"])
    words |= {row["name"] for row in demo.kaart["professionals"]}
    return sorted(words)


@pytest.mark.parametrize(("path", "name"), [(f"/reports/wijk/{MEERZICHT}", "Meerzicht"),
                                            (f"/reports/municipality/{ZOETERMEER}", "Zoetermeer")])
def test_the_pdf_has_its_sections_and_summary(demo: Demo, tokens: dict[str, str], path: str, name: str) -> None:
    pdf, report = pdf_of(demo, tokens["analyst"], path)
    text = text_of(pdf)
    kind = "wijk" if "/wijk/" in path else "gemeente"
    assert f"Rapportage voor de gemeenteraad: {kind} {name}" in text
    set_language("nl")
    since = format_date(report["since"])
    for title in [*SECTIONS, f"Verandering sinds {since}"]:
        assert title in text, title
    assert report["summary"], "the summary is empty"
    for sentence in report["summary"]:
        assert sentence["text"] in text, sentence["text"]
    if kind == "wijk":
        assert expected_coverage_sentence(demo, MEERZICHT, name) == report["summary"][0]["text"]
    else:  # the municipality's first sentence counts the Zoetermeer wijken where LVB is missing (all of them)
        wijken = [w["code"] for w in report["wijken"]]
        assert sorted(wijken) == sorted(c["wijk"] for c in demo.planted("missing_expertise") if c["expertise"] == "LVB"
                                        and demo.municipality_of(c["wijk"]) == ZOETERMEER)
        assert report["summary"][0]["text"].startswith(
            f"In {len(wijken)} van de {len(wijken)} wijken van Zoetermeer ontbreekt expertise in licht verstandelijke "
            "beperking (LVB)")
    leaked = [word for word in forbidden_words(demo) if re.search(rf"\b{re.escape(word)}\b", text)]
    assert leaked == []
    width, height, inked = first_page_png(pdf, f"30-report-{name.lower()}-page-1")
    assert round(height / width, 2) == round(297 / 210, 2) and inked > 5000


def test_the_coordinator_gets_their_own_reports_only(demo: Demo, tokens: dict[str, str]) -> None:
    client = client_for(demo.store, tokens["coordinator"])
    scope = set(client.get("/me.json").json()["scope"])
    assert MEERZICHT in scope
    zoetermeer = {row["code"] for row in demo.kaart["wijken"] if row["municipality_code"] == ZOETERMEER}
    assert client.get(f"/reports/wijk/{MEERZICHT}.json").status_code == 200
    assert client.get(f"/reports/municipality/{ZOETERMEER}.json").status_code == (200 if zoetermeer <= scope else 403)
    assert client.get("/reports/municipality/GM0518.json").status_code == 403  # Den Haag
    assert client_for(demo.store, tokens["professional"]).get(f"/reports/wijk/{MEERZICHT}.json").status_code == 403


def test_the_report_page_in_chromium(demo: Demo, tokens: dict[str, str], page) -> None:  # type: ignore[no-untyped-def]
    with live_server(demo.store) as base:
        login(page, base, tokens["coordinator"])
        page.goto(f"{base}/wijken/{MEERZICHT}")
        page.get_by_role("link", name="Rapportage voor de gemeenteraad").click()
        page.wait_for_url(f"**/reports/wijk/{MEERZICHT}")
        assert page.get_by_role("heading", name="Rapportage voor de gemeenteraad: wijk Meerzicht").is_visible()
        charts = page.locator("figure.chart svg[role=img]")
        assert charts.count() == 3
        title = page.locator("figure.chart svg title").first.text_content()
        assert title == "Vraag per vereiste expertise, naar dekking"
        assert page.get_by_role("link", name="PDF downloaden").get_attribute("href") == \
            f"/reports/wijk/{MEERZICHT}.pdf"
        shot(page, "31-report-meerzicht-page")
        assert page.external_requests == []
