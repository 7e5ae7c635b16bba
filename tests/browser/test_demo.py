"""The demo data set in a real browser: the README's screenshots come from here."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_timeline_and_incident_pages_render(page, live_server, static_files_from_finders):
    cache.clear()
    call_command("seed_demo", verbosity=0)
    page.goto(live_server.url + "/")
    expect(page.get_by_text("11 days after").first).to_be_visible()
    screenshot(page, "timeline.png", for_docs=True)
    page.goto(live_server.url + "/incidents/ali-global-2023-11-12/")
    expect(page.get_by_role("heading", name="Where sources disagree")).to_be_visible()
    expect(page.get_by_text("17:39 UTC+8 (Beijing time), 09:39 UTC").first).to_be_visible()
    screenshot(page, "incident.png", for_docs=True)
