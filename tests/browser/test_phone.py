"""A reader on a 390 px phone: no sideways scrolling, filters folded, chart text readable."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.public_factories import incident, make_world, utc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(live_server, static_files_from_finders):
    cache.clear()
    world = make_world()
    # A long unbroken vendor string is what pushed incident pages sideways.
    incident(
        world.alibaba,
        "long-words",
        utc(2023, 2, 1),
        title="ECS_instance_i-bp1234567890abcdefghij_unreachable_in_cn-hangzhou-zone-k",
        ended_at=utc(2023, 2, 1, 3),
    )
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB", device_scale_factor=1)
    yield context.new_page()
    context.close()


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize(
    "path",
    [
        "/incidents/ali-hk-2022-12/",
        "/incidents/long-words/",
        "/",
        "/providers/alibaba-cloud/",
        "/products/",
        "/charts/",
    ],
)
def test_no_page_scrolls_sideways_at_390_px(phone, site, path):
    phone.goto(site + path)
    assert not _scrolls_sideways(phone)


def test_the_filters_fold_on_a_phone_and_open_on_demand(phone, site):
    phone.goto(site + "/")
    form = phone.locator("form.filters")
    expect(form).to_be_hidden()
    phone.get_by_text("Filters", exact=True).click()
    expect(form).to_be_visible()
    screenshot(phone, "test-phone-timeline.png")


def test_the_filters_stay_open_on_a_wide_screen(page, site):
    page.goto(site + "/")
    expect(page.locator("form.filters")).to_be_visible()


def test_chart_text_stays_legible_on_a_phone(phone, site):
    phone.goto(site + "/providers/alibaba-cloud/")
    sizes = phone.evaluate(
        """() => [...document.querySelectorAll('svg.chart text')]
            .filter(t => t.ownerSVGElement.getBoundingClientRect().width > 0)
            .map(t => {
              const svg = t.ownerSVGElement;
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              return parseFloat(getComputedStyle(t).fontSize) * scale;
            })"""
    )
    assert len(sizes) > 20 and min(sizes) >= 11, sizes
    expect(phone.locator("svg.chart.narrow").first).to_be_visible()
    screenshot(phone, "test-phone-provider.png")


def test_the_incident_page_prints_without_the_site_controls(page, site):
    page.goto(site + "/incidents/ali-hk-2022-12/")
    page.emulate_media(media="print")
    expect(page.locator(".preferences")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
