"""A forged page on another port of 127.0.0.1 (the same *site*, so the SameSite=Strict cookie goes along), opened in
a real Chromium by a logged-in admin (issue 12): its images, forms and frames read no household in the admin's name
and do not swap the admin's session for the attacker's."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from browser_support import login
from web_support import IN_SCOPE, WIJK_IN, free_port, live_server, load_test_world

from api import auth
from graph.store import Store


def forged_page(app: str, attacker_token: str) -> str:
    household = f"{app}/households/{IN_SCOPE}"
    return f"""<!doctype html><html><body><h1>Free coffee</h1>
<img src="{household}"><img src="{household}.json"><img src="{household}/ecogram">
<img src="{household}?reason=stolen"><img src="{app}/wijken/{WIJK_IN}/households.csv">
<img src="{app}/analyses/too_many_helpers.json?wijk={WIJK_IN}">
<iframe name="sink1"></iframe><iframe name="sink2"></iframe><iframe name="sink3"></iframe>
<iframe src="{household}"></iframe>
<form id="swap" method="post" action="{app}/login" target="sink1">
  <input name="token" value="{attacker_token}"><input name="next" value="/"></form>
<form id="open" method="post" action="{household}" target="sink2"><input name="reason" value="stolen"></form>
<form id="out" method="post" action="{app}/logout" target="sink3"></form>
<script>
  document.getElementById("swap").submit();
  document.getElementById("open").submit();
  document.getElementById("out").submit();
</script></body></html>"""


@contextmanager
def attacker_site(html: str) -> Iterator[str]:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def household_reads(store: Store) -> list[dict[str, object]]:
    return [row["entry"] for row in store.read(
        "MATCH (a:AuditEntry) RETURN a {.user, .what, .reason, .status} AS entry ORDER BY a.at")]


def test_a_forged_page_on_another_port_reads_nothing_and_swaps_no_session(
        store: Store, browser) -> None:  # type: ignore[no-untyped-def]
    tokens = load_test_world(store)
    attacker = auth.add_user(store, "attacker", "analyst")
    with live_server(store) as app, attacker_site(forged_page(app, attacker)) as evil:
        context = browser.new_context()
        page = context.new_page()
        login(page, app, tokens["admin"])
        before = household_reads(store)  # the admin's home runs the audited analyses of every wijk
        requests_to_app: list[str] = []
        page.on("request", lambda request: requests_to_app.append(request.url)
                if request.url.startswith(app) else None)
        page.goto(evil)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)  # the forms' answers land in their frames
        # The attack did reach the app (so the checks below are not about requests that never left the page) ...
        assert len(requests_to_app) >= 9
        # ... and read nothing, in nobody's name, and left the admin logged in as the admin.
        assert household_reads(store) == before
        page.goto(f"{app}/me.json")
        assert '"name":"test-admin"' in page.content().replace(" ", "")
        context.close()
