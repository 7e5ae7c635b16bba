"""A reader in a real browser: filter, search, open an incident, switch language and zone."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.public_factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, static_files_from_finders):
    cache.clear()
    make_world()
    return live_server.url


def test_it_filters_by_provider_searches_and_opens_an_incident(page, site):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cloud outage timeline")
    screenshot(page, "test-timeline.png")

    page.get_by_label("Provider", exact=True).select_option("aws")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"[?&]provider=aws(&|$)"))
    expect(page.locator("h4[id^=i-]")).to_have_count(1)
    expect(page.locator("#i-aws-use1-lambda")).to_be_visible()

    page.goto(site + "/")
    page.get_by_label("Search titles, summaries and updates").fill("chiller")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("h4[id^=i-]")).to_have_count(1)

    page.get_by_role("link", name="Hong Kong Zone C outage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hong Kong Zone C outage")
    expect(
        page.get_by_text("2022-12-18 08:56 UTC+8 (Beijing time), 00:56 UTC").first
    ).to_be_visible()
    screenshot(page, "test-incident.png")


def test_it_switches_language_and_time_zone(page, site):
    page.goto(site + "/incidents/ali-hk-2022-12/")
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Set").click()
    expect(
        page.get_by_text(
            "2022-12-18 08:56 UTC+8 (Beijing time), 00:56 UTC, 09:56 UTC+9 (JST)"
        ).first
    ).to_be_visible()

    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("香港Region可用区C服务中断")
    expect(page.get_by_text("开始时间")).to_be_visible()
    # The zone survives the switch.
    expect(page.get_by_text("09:56 UTC+9 (JST)").first).to_be_visible()
