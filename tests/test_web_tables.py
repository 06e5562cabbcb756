"""Tables you can act on: sorting and filtering over all rows on the server, the same in the page and its JSON and
CSV twins; ids link to their pages; the wijk selector offers only what the user may open."""

from __future__ import annotations

import csv
import io
import re

from web_support import WIJK_IN, client_for, load_test_world

from graph.store import Store

GAPS = f"/analyses/gaps?wijk={WIJK_IN}"


def kinds_and_details(rows: list[dict]) -> list[tuple[str, str]]:
    return [(row["kind"], row["detail"]) for row in rows]


def page_rows(html: str) -> list[list[str]]:
    """The cells of the results table of a page, as text."""
    body = html.split('<table id="results"', 1)[1].split("</tbody>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)]


def test_sort_and_filter_over_all_rows_the_same_in_page_json_and_csv(store: Store) -> None:
    tokens = load_test_world(store)
    client = client_for(store, tokens["analyst"])
    every = client.get(f"{GAPS.replace('/gaps', '/gaps.json')}&size=500").json()["items"]
    assert len(every) == 6  # more rows than a page of 2
    by_detail = sorted(every, key=lambda row: row["detail"].casefold(), reverse=True)

    first = client.get(f"/analyses/gaps.json?wijk={WIJK_IN}&sort=-detail&size=2").json()
    second = client.get(f"/analyses/gaps.json?wijk={WIJK_IN}&sort=-detail&size=2&page=2").json()
    assert (first["total"], first["pages"], first["sort"], first["q"]) == (6, 3, "-detail", None)
    assert kinds_and_details(first["items"] + second["items"]) == kinds_and_details(by_detail[:4])

    # The filter keeps every row (of all pages) that holds each word, ignoring case; sorted after it.
    wanted = [("contact_never_verified", "GGZ Test (ORG-GGZ)"), ("contact_stale", "Dr. Bram de Wit (P-2)"),
              ("contact_never_verified", "Dewi Smit (P-4)")]
    assert [pair for pair in kinds_and_details(every) if pair[0].startswith("contact_")] == [
        wanted[1], wanted[2], wanted[0]]  # its own order: stale first, then never verified, by detail
    query = f"wijk={WIJK_IN}&q=VERIFIED&sort=-detail"
    answer = client.get(f"/analyses/gaps.json?{query}&size=1").json()
    assert (answer["total"], answer["pages"], answer["q"], answer["sort"]) == (3, 3, "VERIFIED", "-detail")
    listed = answer["items"] + [item for page in (2, 3) for item in client.get(
        f"/analyses/gaps.json?{query}&size=1&page={page}").json()["items"]]
    assert kinds_and_details(listed) == wanted

    table = list(csv.DictReader(io.StringIO(client.get(f"/analyses/gaps.csv?{query}").text)))
    assert [(row["kind"], row["detail"]) for row in table] == wanted
    page = client.get(f"/analyses/gaps?{query}", headers={"Accept-Language": "en"}).text
    assert [(row[2], row[4], row[5]) for row in page_rows(page)] == [
        ("contact never verified", "GGZ Test (ORG-GGZ)", "never verified"),
        ("contact verified over a year ago", "Dr. Bram de Wit (P-2)", "last verified 2024-03-01"),
        ("contact never verified", "Dewi Smit (P-4)", "never verified")]


def test_a_bad_sort_column_is_a_400_naming_the_columns(store: Store) -> None:
    tokens = load_test_world(store)
    answer = client_for(store, tokens["analyst"]).get(f"/analyses/gaps.json?wijk={WIJK_IN}&sort=size")
    assert answer.status_code == 400
    assert answer.json()["detail"] == ("Kan niet sorteren op size: sorteer op een van wijk, wijk_name, kind, "
                                       "household, detail, evidence (met een minteken ervoor voor aflopend).")


def test_headers_are_dutch_sort_links_and_ids_link_to_their_pages(store: Store) -> None:
    tokens = load_test_world(store)
    page = client_for(store, tokens["coordinator"]).get(f"/analyses/gaps?wijk={WIJK_IN}&sort=kind").text
    assert f'<a href="/analyses/gaps?wijk={WIJK_IN}&amp;sort=-kind" title="Sorteer op deze kolom">soort ▲</a>' in page
    assert f'<a href="/wijken/{WIJK_IN}">{WIJK_IN}</a>' in page
    shared = client_for(store, tokens["analyst"]).get("/analyses/too_many_helpers?max_helpers=0").text
    assert '<a href="/households/HH-T-0001">HH-T-0001</a>' in shared
    assert '<a href="/contacts?text=Anna+Jansen">Anna Jansen (P-1)</a>' in shared


def test_the_wijk_selector_offers_only_the_users_wijken(store: Store) -> None:
    tokens = load_test_world(store)
    options = re.compile(r'<option value="(WK\d+)"')
    coordinator = client_for(store, tokens["coordinator"])
    assert options.findall(coordinator.get("/analyses/gaps").text) == [WIJK_IN]
    # The contact search reads the sociale kaart of every wijk: the user's own first, under "Mijn wijken".
    contacts = coordinator.get("/contacts").text
    assert options.findall(contacts) == [WIJK_IN, "WK990102"]
    assert '<optgroup label="Mijn wijken">' in contacts
    assert options.findall(client_for(store, tokens["analyst"]).get("/analyses/gaps").text) == [WIJK_IN, "WK990102"]


def test_a_kept_wijk_selector_marks_the_chosen_wijk_and_stays_within_its_scope(store: Store) -> None:
    """The selector is rendered once per data version and scope (api/web/wijk_select.py): another scope gets its own,
    and each page marks its own choice in it."""
    tokens = load_test_world(store)
    options, chosen = re.compile(r'<option value="(WK\d+)"'), re.compile(r'<option value="(WK\d+)" selected>')
    analyst, coordinator = client_for(store, tokens["analyst"]), client_for(store, tokens["coordinator"])
    for _ in range(2):  # the second time from the kept selectors
        assert options.findall(analyst.get("/analyses/gaps").text) == [WIJK_IN, "WK990102"]
        assert options.findall(coordinator.get("/analyses/gaps").text) == [WIJK_IN]
    assert chosen.findall(coordinator.get("/contacts?wijk=WK990102").text) == ["WK990102"]
    assert chosen.findall(coordinator.get(f"/contacts?wijk={WIJK_IN}").text) == [WIJK_IN]
    assert chosen.findall(coordinator.get("/contacts").text) == []
    assert chosen.findall(analyst.get("/analyses/gaps?wijk=WK990102").text) == ["WK990102"]


def test_a_cell_shows_labels_for_codes_and_ties_by_their_label() -> None:
    """A tie kind is not a gap kind: both get their Dutch label; an ecogram change's ties show as labels with the
    change of strength, never as ``kind=member, ref=...`` (the JSON and CSV keep the records)."""
    from api.i18n import set_language
    from api.web.tables import shown

    set_language("nl")
    assert [shown("kind", code) for code in ("member", "no_team", "new_kind")] == [
        "gezinslid", "geen team", "new_kind"]
    changed = [{"kind": "member", "ref": "M1", "label": "Ouder 1", "quality": "strong"},
               {"kind": "informal", "ref": "I1", "label": "buur I1", "quality_from": "strong",
                "quality_to": "stressful", "direction_from": "mutual", "direction_to": "to_household"}]
    assert shown("changed", changed) == (
        "Ouder 1; buur I1 (sterk → belastend; wederzijdse steun → steun naar het huishouden)")
    assert shown("coverage", ["fly_in", "missing"]) == "invliegen via werkafspraak; ontbreekt"
    assert (shown("active", True), shown("active", False)) == ("ja", "nee")
