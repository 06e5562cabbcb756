"""The partner map at a realistic size, in a real Chromium at 1366×768 (Dutch tab): legible labels that do not
overlap, ring and group headings, edges clear of the team's label, a details panel that never widens the page, and
a print of one A4 page.

Measured in the browser: each node's box is vis-network's ``getBoundingBox`` (node and label), each heading's the
box graph.js drew, converted to the page with ``canvasToDOM``; the font size is vis-network's scale times the font.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any

from browser_support import get_json, network_nodes, shot
from pypdf import PdfReader
from web_support import live_server

from api import auth
from graph.load import load_nodes, load_relationships
from graph.store import Store

MEASURE = """() => {
  const w = window.wijkgraphNetwork, net = w.network, scale = net.getScale();
  const pane = document.getElementById('network').getBoundingClientRect();
  const dom = (left, top, right, bottom) => {
    const a = net.canvasToDOM({x: left, y: top}), b = net.canvasToDOM({x: right, y: bottom});
    return {left: a.x, top: a.y, right: b.x, bottom: b.y};
  };
  const font = id => {
    const f = net.body.nodes[id].options.font;
    return f.multi ? Math.min(f.size, f.bold.size) : f.size;
  };
  const nodes = w.nodes.get().map(node => {
    const b = net.getBoundingBox(node.id);
    return {id: node.id, px: font(node.id) * scale, ...dom(b.left, b.top, b.right, b.bottom)};
  });
  const headings = (w.headingBoxes || []).map(h => ({id: 'heading:' + h.key, text: h.text, px: 14 * scale,
    ...dom(h.left, h.top, h.left + h.width, h.top + h.height)}));
  const teams = w.nodes.get().filter(node => node.group_key === 'team').map(node => node.id);
  const crossing = [];
  w.edges.get().forEach(edge => {
    if (teams.includes(edge.from) || teams.includes(edge.to)) { return; }
    const e = net.body.edges[edge.id];
    for (let i = 0; i <= 100; i++) {
      const p = e.edgeType.getPoint(i / 100);
      teams.forEach(team => {
        const b = net.getBoundingBox(team);
        if (p.x > b.left && p.x < b.right && p.y > b.top && p.y < b.bottom) { crossing.push(edge.id); }
      });
    }
  });
  return {scale, width: pane.width, height: pane.height, labels: nodes.concat(headings),
          crossing: [...new Set(crossing)], pageWidth: document.documentElement.scrollWidth,
          windowWidth: window.innerWidth};
}"""
LONG_NAME = "Maximiliaan Alexander Theodorus van Oldenbarnevelt-Wijnbergen tot Ruurlo"
LONG_EMAIL = "maximiliaan.alexander.theodorus.van.oldenbarnevelt-wijnbergen.tot.ruurlo@wijkteam-drukstad.nl"


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of boxes that share more than half a pixel each way."""
    found = []
    for index, a in enumerate(boxes):
        for b in boxes[index + 1:]:
            if (min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
                    and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5):
                found.append((a["id"], b["id"]))
    return found


def crowded_wijk(store: Store) -> dict[str, int]:
    """A wijk of 157 nodes with a crowded ring 2: a team, 14 members, 120 professionals of groups A-D (most in A),
    2 fly-in partners and 20 civil partners; long functions and organisation names, one very long name, and
    working ties across the map (through the centre)."""
    now, source = datetime.now(UTC), "test:crowded"
    load_nodes(store, "Municipality", [{"code": "GM9998", "name": "Drukstad"}], source, now)
    load_nodes(store, "Wijk", [{"code": "WK999801", "name": "Drukke Wijk"}], source, now)
    load_relationships(store, "wijk_municipality", [{"start": "WK999801", "end": "GM9998"}], source, now)
    load_nodes(store, "Team", [{"id": "T-DRUK", "name": "Sociaal wijkteam Drukke Wijk", "kind": "swt"}], source, now)
    load_relationships(store, "team_serves", [{"start": "T-DRUK", "end": "WK999801"}], source, now)
    organisations = [("ORG-D1", "Dock"), ("ORG-D2", "Gemeente Drukstad, Werk, Zorg en Inkomen"),
                     ("ORG-D3", "Coöperatie wijkverpleging Drukstad"), ("ORG-D4", "Bureau Jeugdzorg"),
                     ("ORG-D5", "Parnassia"), ("ORG-D6", "MEE")]
    load_nodes(store, "Organisation", [{"id": key, "name": name} for key, name in organisations], source, now)
    functions = ["wijkcoach", "medewerker mixed team Bureau Jeugdzorg", "wijkverpleegkundige", "huisarts",
                 "praktijkondersteuner ggz", "schuldhulpverlener", "consulent werk en inkomen", "wijkagent"]
    people = [{"id": f"D-{i:03}", "name": LONG_NAME if i == 40 else f"Persoon {i:03} Jansen-de Vries",
               "function": functions[i % len(functions)], "last_verified": date(2026, 3, 5),
               "email": LONG_EMAIL if i == 40 else f"persoon{i}@drukstad.nl"} for i in range(134)]
    load_nodes(store, "Professional", people, source, now)
    load_relationships(store, "employed_by", [{"start": f"D-{i:03}", "end": organisations[i % 6][0]}
                                              for i in range(134)], source, now)
    load_relationships(store, "member_of", [{"start": f"D-{i:03}", "end": "T-DRUK", "group": "A",
                                             "team_role": "wijkcoach"} for i in range(14)], source, now)
    groups = "A" * 46 + "B" * 32 + "C" * 24 + "D" * 18
    load_relationships(store, "works_in_wijk", [{"start": f"D-{i:03}", "end": "WK999801", "group": groups[i - 14]}
                                                for i in range(14, 134)], source, now)
    load_relationships(store, "knows", [{"start": f"D-{i:03}", "end": f"D-{(i + 61) % 134:03}"}
                                        for i in range(0, 134, 2)], source, now)
    load_nodes(store, "Agreement", [{"id": f"AG-D{i}", "topic": "invliegen", "status": "active"} for i in (1, 2)],
               source, now)
    load_relationships(store, "agreement_team", [{"start": f"AG-D{i}", "end": "T-DRUK"} for i in (1, 2)], source, now)
    load_relationships(store, "agreement_organisation", [{"start": "AG-D1", "end": "ORG-D5"},
                                                         {"start": "AG-D2", "end": "ORG-D6"}], source, now)
    load_nodes(store, "CivilPartner", [{"id": f"CP-{i:02}", "name": f"Bewonersvereniging Drukke Wijk {i}",
                                        "kind": "bewonersvereniging"} for i in range(20)], source, now)
    load_relationships(store, "civil_active_in", [{"start": f"CP-{i:02}", "end": "WK999801"} for i in range(20)],
                       source, now)
    return {"team": 1, "ring1": 14, "A": 46, "B": 32, "C": 24, "D": 18, "fly_in": 2, "ring3": 20}


def open_map(page, base: str, token: str, code: str) -> None:  # type: ignore[no-untyped-def]
    """Log in on the way to the map (the login page sends the user on to it)."""
    page.goto(f"{base}/wijken/{code}/map")
    assert "/login" in page.url
    page.locator("#token").fill(token)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(f"{base}/wijken/{code}/map", timeout=60000)


def measure(page) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return page.evaluate(MEASURE)


def click_node(page, node_id: str) -> None:  # type: ignore[no-untyped-def]
    """A real mouse click on the node's symbol on the canvas, scrolled into view first."""
    box = page.evaluate("""id => {
      const net = window.wijkgraphNetwork.network, at = net.canvasToDOM(net.getPosition(id));
      const pane = document.getElementById('network').getBoundingClientRect();
      window.scrollTo(0, window.scrollY + pane.top + at.y - window.innerHeight / 2);
      const now = document.getElementById('network').getBoundingClientRect();
      return {x: now.left + at.x, y: now.top + at.y};
    }""", node_id)
    page.mouse.click(box["x"], box["y"])


def test_a_crowded_map_is_legible_without_overlaps_and_prints_on_one_page(store: Store, page) -> None:  # type: ignore[no-untyped-def]
    expected = crowded_wijk(store)
    token = auth.add_user(store, "map-admin", "admin")
    with live_server(store) as base:
        open_map(page, base, token, "WK999801")
        assert network_nodes(page) == sum(expected.values()) == 157
        assert get_json(base, "/wijken/WK999801/map.json", token)["counts"] == expected
        found = measure(page)
        fonts = sorted({round(label["px"], 2) for label in found["labels"]})
        print("crowded map: scale", found["scale"], "fonts", fonts, "pane", found["width"], "x", found["height"])
        assert fonts[0] >= 12, fonts
        assert overlaps(found["labels"]) == []
        # The default view shows the map's whole width: no label cut off at the pane's sides; the page scrolls down.
        assert all(label["left"] >= 0 and label["right"] <= found["width"] for label in found["labels"])
        assert found["height"] > 768
        assert found["crossing"] == []
        headings = {label["id"]: label["text"] for label in found["labels"] if label["id"].startswith("heading:")}
        assert headings == {"heading:ring1": "Ring 1 · team (14)", "heading:ring2": "Ring 2 · wijknetwerk (122)",
                            "heading:A": "Groep A (46)", "heading:B": "Groep B (32)", "heading:C": "Groep C (24)",
                            "heading:D": "Groep D (18)", "heading:fly_in": "Invliegpartners (2)",
                            "heading:ring3": "Ring 3 · civil society (20)"}
        labels = page.evaluate("Object.fromEntries(window.wijkgraphNetwork.nodes.get().map(n => [n.id, n.label]))")
        assert labels["D-001"] == "<b>Persoon 001 Jansen-d…</b>\nmedewerker mixed tea…"
        assert labels["D-016"] == "<b>Persoon 016 Jansen-d…</b>\nwijkcoach · Parnassia"

        # Details in Dutch, the long name in full, and the page no wider than the window after any click.
        twin = get_json(base, "/wijken/WK999801/map.json", token)["nodes"]
        rightmost = max(twin, key=lambda node: (node["x"], -node["y"]))["id"]
        for node_id in ("D-040", "D-000", "civil:CP-19", "org:ORG-D5", "team:T-DRUK", rightmost):
            click_node(page, node_id)
            assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
        click_node(page, "D-040")
        details = page.locator("#details")
        assert details.inner_text().split("\n") == [
            LONG_NAME, "Plek op de kaart", "Groep A", "Functie", "wijkcoach", "Organisatie", "Parnassia", "Groep",
            "groep A: plan en zelfredzaamheid", "Werkt in", "deze wijk", "E-mail", LONG_EMAIL, "Laatst gecontroleerd",
            "5 mrt 2026"]
        click_node(page, "D-001")
        assert details.inner_text().split("\n")[:7] == [
            "Persoon 001 Jansen-de Vries", "Plek op de kaart", "Ring 1 · team", "Functie",
            "medewerker mixed team Bureau Jeugdzorg", "Organisatie", "Gemeente Drukstad, Werk, Zorg en Inkomen"]
        click_node(page, "D-040")
        # The panel wraps what is long (name, e-mail address): nothing sticks out of it, nothing scrolls in it.
        panel = page.evaluate("""() => { const side = document.querySelector('.side');
          return [side.getBoundingClientRect().right, side.scrollWidth, side.clientWidth]; }""")
        assert panel[0] <= page.evaluate("window.innerWidth") and panel[1] <= panel[2], panel
        shot(page, "map-150-nodes")

        # Print: the map and its legend on one A4 page, without menu, zoom buttons, footer or node list.
        page.emulate_media(media="print")
        page.wait_for_selector("#network[data-print='ready']")
        pdf = PdfReader(BytesIO(page.pdf(format="A4", print_background=True)))
        assert len(pdf.pages) == 1
        printed = pdf.pages[0].extract_text()
        assert "Partnerkaart van Drukke Wijk" in printed and "groep A: plan en zelfredzaamheid (46)" in printed
        assert not any(word in printed for word in ("Uitloggen", "Inzoomen", "punten als lijst", "JSON", "Functie"))
        page.emulate_media(media="screen")
    assert page.external_requests == []


def big_wijk(store: Store) -> int:
    """A wijk with 300 nodes on its map: a team, 20 ring-1 members, 240 ring-2 professionals, 39 civil partners."""
    now, source = datetime.now(UTC), "test:big"
    load_nodes(store, "Municipality", [{"code": "GM9999", "name": "Groot"}], source, now)
    load_nodes(store, "Wijk", [{"code": "WK999901", "name": "Groot-Centrum"}], source, now)
    load_relationships(store, "wijk_municipality", [{"start": "WK999901", "end": "GM9999"}], source, now)
    load_nodes(store, "Team", [{"id": "T-BIG", "name": "Team Groot"}], source, now)
    load_relationships(store, "team_serves", [{"start": "T-BIG", "end": "WK999901"}], source, now)
    people = [{"id": f"P-{i:03}", "name": f"Persoon {i:03}", "function": "wijkcoach"} for i in range(260)]
    load_nodes(store, "Professional", people, source, now)
    load_relationships(store, "member_of", [{"start": f"P-{i:03}", "end": "T-BIG", "group": "A"}
                                            for i in range(20)], source, now)
    load_relationships(store, "works_in_wijk", [{"start": f"P-{i:03}", "end": "WK999901", "group": "ABCD"[i % 4]}
                                                for i in range(20, 260)], source, now)
    load_relationships(store, "knows", [{"start": f"P-{i:03}", "end": f"P-{(i + 7) % 260:03}"}
                                        for i in range(0, 260, 3)], source, now)
    load_nodes(store, "CivilPartner", [{"id": f"C-{i:02}", "name": f"Vereniging {i}"} for i in range(39)],
               source, now)
    load_relationships(store, "civil_active_in", [{"start": f"C-{i:02}", "end": "WK999901"} for i in range(39)],
                       source, now)
    return 300


def inside(point: tuple[float, float], band: list[float]) -> bool:
    return band[0] < point[0] < band[2] and band[1] < point[1] < band[3]


def test_a_300_node_map_keeps_its_rings(store: Store, page) -> None:  # type: ignore[no-untyped-def]
    expected = big_wijk(store)
    token = auth.add_user(store, "big-admin", "admin")
    with live_server(store) as base:
        open_map(page, base, token, "WK999901")
        assert network_nodes(page) == expected
        twin = get_json(base, "/wijken/WK999901/map.json", token)
        fixed = {node["id"]: (node["x"], node["y"]) for node in twin["nodes"]}
        page.wait_for_timeout(2000)
        positions = page.evaluate("window.wijkgraphNetwork.network.getPositions()")
        assert set(positions) == set(fixed)
        moved = [node for node, (x, y) in fixed.items()
                 if (positions[node]["x"], positions[node]["y"]) != (x, y)]
        assert moved == [], [(n, fixed[n], positions[n]) for n in moved[:5]]
        # Each node in its own ring's band and outside the band inside it; groups in contiguous sectors.
        bands = twin["bands"]
        ring_of = {**{f"P-{i:03}": 1 for i in range(20)}, **{f"P-{i:03}": 2 for i in range(20, 260)},
                   **{f"civil:C-{i:02}": 3 for i in range(39)}, "team:T-BIG": 1}
        misplaced = [node for node, ring in ring_of.items() if not inside(fixed[node], bands[f"ring{ring}"])
                     or (ring > 1 and inside(fixed[node], bands[f"ring{ring - 1}"]))]
        assert misplaced == []
        assert inside(fixed["team:T-BIG"], bands["ring1"]) and set(ring_of) == set(fixed)
        found = measure(page)
        assert min(label["px"] for label in found["labels"]) >= 12
        assert overlaps(found["labels"]) == [] and found["crossing"] == []
        shot(page, "06-partner-map-300")
    assert page.external_requests == []
