"""Who to call ("Wie bel ik?") over HTTP: the page, its JSON and CSV twins (the same answer), and how far each role
starts and may widen the search. The test world (tests/data/kaart) with a region around it: Testgemeente and
Buurgemeente in one region, Noord and Zuid neighbours, an LVB desk for the region and a specialist next door."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from web_support import WIJK_IN, client_for, load_test_world

from api import auth
from graph.store import Store
from importers.kaart import import_kaart

ON = "2026-06-15"
DATA = Path(__file__).parent / "data" / "kaart"
# The test world's sheets again, with a region around it: whole sheets replace the world's, rows are added to it.
WHOLE = {
    "municipalities": "code,name,region\nGM9901,Testgemeente,Testregio\nGM9902,Buurgemeente,Testregio\n",
    "neighbours": "wijk,neighbour\nWK990102,WK990101\n",
    "organisations": "id,name,kind,scope,website,phone,email,municipalities,last_verified\n"
                     "ORG-WELZIJN,Welzijn Test,welzijn,stedelijk,,,,,\n"
                     "ORG-GGZ,GGZ Test,ggz,regionaal,https://ggz.example,,,,\n"
                     "ORG-HUISARTS,Huisartsenpraktijk Noord,huisarts,wijk,,,,,\n"
                     "ORG-LVB,Steunpunt LVB Testregio,lvb,regionaal,,088-1234567,aanmelding@lvb.example,"
                     "GM9901;GM9902,2026-04-01\n",
}
ADDED = {
    "wijken": "WK990201,Centrum,GM9902\n",
    "professionals": "P-7,Gijs Mulder,consulent LVB,ORG-LVB,gijs@lvb.example,0612345678,2025-01-10\n",
    "wijk_work": "P-7,WK990201,,A,2024-01-01,\n",
    "expertise": "P-7,,LVB\n,ORG-LVB,LVB\n",
}


@pytest.fixture
def tokens(store: Store, tmp_path: Path) -> dict[str, str]:
    tokens = load_test_world(store)
    folder = tmp_path / "kaart"  # the same source as the test world's kaart: a re-import with more in it
    shutil.copytree(DATA, folder)
    for sheet, text in WHOLE.items():
        (folder / f"{sheet}.csv").write_text(text, encoding="utf-8")
    for sheet, text in ADDED.items():
        with (folder / f"{sheet}.csv").open("a", encoding="utf-8") as handle:
            handle.write(text)
    import_kaart(store, folder)
    return tokens


def ids(rows: list[dict]) -> list[str]:
    return [row["id"] for row in rows]


def test_json_and_csv_twins_give_the_same_answer(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["coordinator"])
    body = client.get(f"/contacts.json?text=GGZ+noord&on={ON}").json()
    assert (body["scope"], body["anchors"], body["understood"]["wijken"], body["understood"]["expertise"]) == (
        "mine", [WIJK_IN], [{"code": WIJK_IN, "name": "Noord", "municipality": "GM9901"}], ["GGZ"])
    assert [(r["id"], r["kind"], r["tier"], r["freshness"], [m["code"] for m in r["reasons"]])
            for r in body["items"]] == [
        ("P-3", "professional", "D", "fresh", ["city_wide", "has_expertise"]),
        ("ORG-GGZ", "organisation", "fly_in", "never", ["fly_in", "has_expertise", "never_verified"]),
    ]
    assert (body["statement"], body["routes"], body["total"]) == (None, [], 2)
    table = list(csv.DictReader(io.StringIO(client.get(f"/contacts.csv?text=GGZ+noord&on={ON}").text)))
    assert [(row["id"], row["tier"], row["freshness"], row["phone"]) for row in table] == [
        (r["id"], r["tier"], r["freshness"], r["phone"] or "") for r in body["items"]]
    assert table[0]["reasons"] == "city-wide specialist of Testgemeente; has expertise GGZ"


def test_a_dead_end_says_so_and_ranks_the_routes(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["coordinator"])
    body = client.get(f"/contacts.json?text=lvb&on={ON}").json()
    assert body["items"] == [] and body["statement"]["code"] == "nobody_here"
    assert body["statement"]["fields"] == {"wijk": "Noord", "expertise": "LVB"}
    assert [(r["route"], r["id"], r["phone"], r["email"], r["freshness"]) for r in body["routes"]] == [
        ("region_organisation", "ORG-LVB", "088-1234567", "aanmelding@lvb.example", "fresh")]
    table = list(csv.DictReader(io.StringIO(client.get(f"/contacts.csv?text=lvb&on={ON}").text)))
    assert [(row["route"], row["id"]) for row in table] == [("region_organisation", "ORG-LVB")]
    page = client.get(f"/contacts?text=lvb&on={ON}").text
    assert "Niemand in of rond Noord heeft expertise licht verstandelijke beperking (LVB)." in page
    assert '<a class="phone" href="tel:0881234567">088-1234567</a>' in page
    assert '<a class="email" href="mailto:aanmelding@lvb.example">aanmelding@lvb.example</a>' in page
    # Widened to the region, the consultant next door answers directly.
    region = client.get(f"/contacts.json?text=lvb&scope=region&on={ON}").json()
    assert (region["scope"], ids(region["items"]), region["statement"]) == ("region", ["P-7"], None)


def test_the_page_shows_chips_reasons_freshness_and_widening_links(store: Store, tokens: dict[str, str]) -> None:
    client = client_for(store, tokens["professional"])
    page = client.get(f"/contacts?on={ON}").text  # no query yet: the contacts of the professional's own wijk
    assert 'value=""' in page and "<details class=\"advanced\" >" in page  # advanced search closed
    rows = re.findall(r'<tr id="contact-([^"]+)"', page)
    assert rows == ids(client.get(f"/contacts.json?on={ON}").json()["items"]) and len(rows) == 7
    assert '<span class="badge stale">verouderd, gecontroleerd 1 mrt 2024</span>' in page  # P-2
    assert '<span class="badge never">nooit gecontroleerd</span>' in page  # P-4
    assert '<span class="badge fresh">vers, gecontroleerd 15 jan 2026</span>' in page  # P-1
    assert "<li>in het team van Noord</li>" in page
    assert 'href="/contacts?on=2026-06-15&amp;scope=municipality"' in page  # a link: works without JavaScript
    assert 'href="/contacts?on=2026-06-15&amp;scope=region"' in page
    searched = client.get(f"/contacts?text=wijkagent+noord&on={ON}").text
    assert '<li class="chip wijk">wijk: Noord</li>' in searched
    assert '<li class="chip function">functie: wijkagent</li>' in searched
    assert re.findall(r'<tr id="contact-([^"]+)"', searched)[0] == "P-5"
    advanced = client.get(f"/contacts?wijk={WIJK_IN}&expertise=GGZ&on={ON}").text
    assert '<details class="advanced" open>' in advanced


@pytest.mark.parametrize("role", auth.SCOPED_ROLES)
def test_professionals_and_coordinators_start_on_their_wijken_and_stop_at_the_region(
        store: Store, tokens: dict[str, str], role: str) -> None:
    client = client_for(store, tokens[role])
    mine = client.get(f"/contacts.json?on={ON}").json()
    assert (mine["scope"], mine["anchors"], mine["scopes"]) == ("mine", [WIJK_IN], ["mine", "municipality", "region"])
    assert "P-7" not in ids(mine["items"])
    region = client.get(f"/contacts.json?scope=region&on={ON}").json()
    assert region["scope"] == "region" and "P-7" in ids(region["items"])
    refused = client.get(f"/contacts.json?scope=all&on={ON}")
    assert refused.status_code == 403
    assert "tot de regio" in refused.json()["detail"]


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_analysts_and_admins_have_no_own_wijken_and_may_look_everywhere(
        store: Store, tokens: dict[str, str], role: str) -> None:
    client = client_for(store, tokens[role])
    empty = client.get(f"/contacts.json?on={ON}").json()
    assert (empty["items"], empty["scope"], empty["scopes"]) == ([], None, ["mine", "municipality", "region", "all"])
    everywhere = client.get(f"/contacts.json?text=lvb&scope=all&on={ON}").json()
    assert everywhere["scope"] == "all" and ids(everywhere["items"]) == ["P-7"]
