"""The ecogram and its change on the web: the page in Dutch (labels, dates, the share as a percentage), the JSON
twin with codes and numbers, the CSV with a label in every tie."""

from __future__ import annotations

import csv
import io
import json
import re

from web_support import IN_SCOPE, client_for, load_test_world

from graph.store import Store

# tests/data/households.json: HH-T-0001 has E1 (2025-05-01: Oma strong, P-1 normal, member Kind 1 stressful) and
# E2 (2025-11-01: P-1 strong, civil partner C-1 weak).
CHANGE = f"/households/{IN_SCOPE}/ecogram?on=2025-11-01&compare=2025-05-01&reason=casusoverleg"


def test_the_change_in_json_keeps_codes_and_numbers(store: Store) -> None:
    client = client_for(store, load_test_world(store)["coordinator"])
    data = client.get(CHANGE.replace("/ecogram?", "/ecogram.json?")).json()
    change = data["change"]
    assert [(t["kind"], t["ref"], t["label"], t["quality"]) for t in change["lost"]] == [
        ("member", "HH-T-0001-M2", "Kind 1", "stressful"), ("informal", "HH-T-0001-C1", "Oma", "strong")]
    assert [(t["kind"], t["ref"], t["label"]) for t in change["gained"]] == [("civil", "C-1", "Buurthuis De Kern")]
    assert [(t["ref"], t["quality_from"], t["quality_to"]) for t in change["changed"]] == [
        ("P-1", "normal", "strong")]
    assert (change["stressful_from"], change["stressful_to"]) == (1, 0)
    assert (change["formal_share_from"], change["formal_share_to"]) == (0.33, 0.5)
    node = next(n for n in data["network"]["nodes"] if n["id"] == "professional:P-1")
    assert node["details"] == {"kind": "professional", "label": "Anna Jansen", "detail": "wijkcoach",
                               "quality": "strong", "direction": "to_household"}


def test_the_change_page_is_dutch(store: Store) -> None:
    client = client_for(store, load_test_world(store)["coordinator"])
    page = client.get(CHANGE).text
    assert "<h2 id=\"change-h\">Verandering van 1 mei 2025 tot 1 nov 2025</h2>" in page
    assert "<dt>Belastende banden</dt><dd>1 → 0</dd>" in page
    assert "33% → 50%" in page and "0.33" not in page
    assert re.search(r'<tr class="change-changed"><td>professional</td><td>Anna Jansen</td><td>normaal → sterk', page)
    assert re.search(r'<tr class="change-lost"><td>gezinslid</td><td>Kind 1</td><td>weggevallen</td>'
                     r'<td>belastend, wederzijdse steun</td>', page)
    # The network drawn on the page has Dutch details; the JSON twin keeps the codes (above).
    embedded = json.loads(re.search(r'<script id="network-data" type="application/json">(.*?)</script>', page,
                                    re.S).group(1))
    node = next(n for n in embedded["nodes"] if n["id"] == "professional:P-1")
    assert node["details"] == {"soort": "professional", "naam": "Anna Jansen", "detail": "wijkcoach",
                               "band": "sterk", "steun": "steun naar het huishouden"}
    english = client.get(CHANGE, headers={"Accept-Language": "en"}).text
    assert "<dt>Stressful ties</dt><dd>1 → 0</dd>" in english and "33% → 50%" in english


def test_the_change_as_csv_names_every_tie(store: Store) -> None:
    client = client_for(store, load_test_world(store)["coordinator"])
    response = client.get(f"/analyses/ecogram_change.csv?household={IN_SCOPE}&from=2025-05-01&to=2025-11-01"
                          "&reason=casusoverleg")
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1
    lost = [dict(pair.split("=", 1) for pair in tie.split(", ")) for tie in rows[0]["lost"].split("; ")]
    assert lost == [
        {"kind": "member", "ref": "HH-T-0001-M2", "label": "Kind 1", "detail": "kind", "quality": "stressful",
         "direction": "mutual"},
        {"kind": "informal", "ref": "HH-T-0001-C1", "label": "Oma", "detail": "familie", "quality": "strong",
         "direction": "to_household"}]
    assert (rows[0]["stressful_from"], rows[0]["stressful_to"], rows[0]["formal_share_to"]) == ("1", "0", "0.5")
