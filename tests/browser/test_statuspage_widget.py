"""Atlassian's own status widget (@statuspage/status-widget from npm) reads the tracker."""

from __future__ import annotations

import pytest

from tests.public_factories import make_world

from .conftest import ROOT, _missing, screenshot

WIDGET = ROOT / "node_modules" / "@statuspage" / "status-widget" / "dist" / "index.js"

# A blog on another origin: the widget fetches the tracker cross-origin, so CORS must allow it.
BLOG = """<!doctype html><html lang="en"><head><title>A runbook</title>
<script src="/status-widget.js"></script></head><body>
<h1>Our dependencies</h1>
<p id="tracker"><statuspage-widget src="{tracker}/"></statuspage-widget></p>
<p id="aws"><statuspage-widget src="{tracker}/?provider=aws" appearance="badge"
   title="AWS"></statuspage-widget></p>
<p id="alibaba"><statuspage-widget src="{tracker}/?provider=alibaba-cloud"></statuspage-widget></p>
<p><a href="{tracker}/status/aws/"><img id="badge" src="{tracker}/status/aws/badge.svg"
   alt="AWS status"></a></p>
<iframe id="embed" src="{tracker}/status/aws/embed/" title="AWS status" width="400"
   height="140"></iframe>
</body></html>"""


@pytest.fixture
def blog(live_server, local_server, transactional_db, settings):
    if not WIDGET.exists():
        _missing(f"the status widget at {WIDGET} (npm ci)")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    make_world()
    local_server.route("/status-widget.js", body=WIDGET.read_bytes(),
                       content_type="application/javascript")  # fmt: skip
    html = BLOG.format(tracker=live_server.url).encode()
    local_server.route("/runbook.html", body=html, content_type="text/html; charset=utf-8")
    return local_server.url("/runbook.html")


def widget_text(page, holder: str) -> str:
    # Playwright's CSS locators pierce the widget's shadow root.
    widget = f"#{holder} statuspage-widget"
    locator = page.locator(f"{widget} .status-text, {widget} .status-indicator")
    locator.first.wait_for(timeout=15000)
    return " ".join(t.strip() for t in locator.all_inner_texts())


def test_statuspages_widget_shows_each_pages_status_from_the_tracker(page, blog):
    failed: list[str] = []
    # The widget's own reads: a refused CORS request shows here. The page's other loads (the
    # embed's stylesheet) can be cut off when the test ends, which says nothing of the widget.
    page.on(
        "requestfailed",
        lambda request: "/api/v2/" in request.url and failed.append(request.url),
    )
    page.goto(blog)
    assert "All Systems Operational" not in widget_text(page, "tracker")
    assert "Minor Service Outage" in widget_text(page, "tracker")
    assert "All Systems Operational" in widget_text(page, "alibaba")
    assert widget_text(page, "aws").lower() == "aws minor service outage"  # CSS lowercases it
    indicator = page.locator("#aws statuspage-widget .status-indicator")
    assert "minor" in indicator.get_attribute("class").split()
    link = page.locator("#alibaba statuspage-widget a").get_attribute("href")
    assert link.endswith("/?provider=alibaba-cloud")
    assert not failed
    screenshot(page, "statuspage-widget.png", for_docs=True)


def test_the_badge_and_the_embed_show_in_a_third_party_page(page, blog):
    page.goto(blog)
    page.wait_for_function("document.getElementById('badge').naturalWidth > 0", timeout=15000)
    card = page.frame_locator("#embed")
    assert card.locator(".embed-status").inner_text(timeout=15000) == "Minor Service Outage"
    assert card.locator("figure.strip svg rect").count() == 90
