"""axe-core in the page: no serious or critical accessibility violations."""

import pytest
from django.core.cache import cache

from incidents.record.releases import release_dataset
from tests.public_factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, static_files_from_finders):
    cache.clear()
    make_world()
    return live_server.url


# Contrast does not depend on the width: the dark scheme is checked once, at phone width.
@pytest.fixture(params=[(1280, "light"), (390, "light"), (390, "dark")])
def axe_page(browser, request):
    # Only here is the CSP bypassed: axe is injected as a script the policy would refuse.
    width, scheme = request.param
    context = browser.new_context(
        bypass_csp=True, viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    yield context.new_page()
    context.close()


# One of every page type a reader meets.
PAGE_TYPES = [
    "/",
    "/?provider=nope",
    "/?provider=alibaba-cloud&year=2022",
    "/incidents/ali-hk-2022-12/",
    "/providers/",
    "/providers/alibaba-cloud/",
    "/products/",
    "/products/taobao/",
    "/people/",
    "/people/zhang-jianfeng/",
    "/charts/",
    "/now/",
    "/status/alibaba-cloud/",
    "/status/aws/embed/",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_it_has_no_serious_or_critical_violations(axe_page, site, axe_source, path):
    assert_no_serious_violations(axe_page, site + path, axe_source)


def test_the_releases_page_has_no_serious_or_critical_violations(
    axe_page, site, axe_source, settings, tmp_path
):
    settings.RELEASES_DIR = tmp_path
    release_dataset()
    release_dataset()
    assert_no_serious_violations(axe_page, site + "/releases/", axe_source)


def assert_no_serious_violations(axe_page, url: str, axe_source: str) -> None:
    axe_page.goto(url)
    axe_page.add_script_tag(content=axe_source)
    results = axe_page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert results["passes"], "axe ran no checks"
