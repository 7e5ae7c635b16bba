"""The ways in: indexes, sitemap, favicon, the timeline's count and summary, update order."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache

from incidents.demo.data import PRODUCTS
from incidents.site import pagecache
from tests.public_factories import incident, make_world, utc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    pagecache.local_pages.clear()


@pytest.fixture
def world():
    return make_world()


def test_it_lists_every_provider_with_its_published_incidents(client, world):
    incident(world.aws, "aws-draft", utc(2024, 5, 1), review_state="draft")
    body = client.get("/providers/").content.decode()
    rows = re.findall(r'href="/providers/([\w-]+)/">[^<]+</a></th>\s*<td><a[^>]*>(\d+)</a>', body)
    assert rows == [("alibaba-cloud", "2"), ("aws", "1")]  # the draft is not counted


def test_it_lists_products_with_the_id_the_filter_takes(client, world):
    body = client.get("/products/").content.decode()
    assert "<td><code>ecs</code></td>" in body
    assert 'href="/?product=ecs"' in body
    assert client.get("/products/?page=2").status_code == 404


def test_it_lists_people(client, world):
    body = client.get("/people/").content.decode()
    assert 'href="/people/zhang-jianfeng/"' in body


def test_it_bounds_the_queries_of_the_indexes(client, world, django_assert_max_num_queries):
    for n in range(20):
        incident(world.alibaba, f"extra-{n}", utc(2020, 1, 1 + n)).impacts.create(product=world.ecs)
    for url in ("/providers/", "/products/", "/people/"):
        cache.clear()
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200


def test_every_page_links_the_indexes_and_a_local_svg_favicon(client, world):
    body = client.get("/").content.decode()
    for url in ("/providers/", "/products/", "/people/", "/sitemap.xml"):
        assert f'href="{url}"' in body
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', body)
    assert icon and icon[1].startswith("/static/") and icon[1].endswith(".svg")
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect.headers["Location"].endswith(".svg")


def test_the_sitemap_lists_published_incidents_and_the_indexes(client, world):
    incident(world.aws, "aws-draft", utc(2024, 5, 1), review_state="draft")
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-incidents.xml" in index and "/sitemap-pages.xml" in index
    incidents = client.get("/sitemap-incidents.xml").content.decode()
    assert "/incidents/ali-hk-2022-12/</loc>" in incidents
    assert "aws-draft" not in incidents
    pages = client.get("/sitemap-pages.xml").content.decode()
    for url in ("/providers/", "/products/", "/people/", "/charts/"):
        assert f"{url}</loc>" in pages
    assert "/providers/aws/</loc>" in client.get("/sitemap-providers.xml").content.decode()


def test_the_timeline_counts_results_and_summarises_active_filters(client, world):
    body = client.get("/?provider=alibaba-cloud&year=2022").content.decode()
    assert "Incidents matching: 1" in body
    assert "Provider: <strong>Alibaba Cloud</strong>" in body
    assert '<a href="?year=2022" aria-label="Remove the Provider filter">' in body
    body = client.get("/").content.decode()
    assert "Incidents matching: 3" in body and "Filtered by" not in body


def test_filter_errors_name_their_field(client, world):
    response = client.get("/?product=nope&year=soon")
    body = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#f-product">Product</a>: No product is called “nope”.' in body
    assert '<a href="#f-year">Year</a>:' in body
    assert "Incidents matching" not in body


def test_the_product_box_suggests_a_real_product_id(client, world):
    body = client.get("/").content.decode()
    placeholder = re.search(r'id="f-product"[^>]*placeholder="([^"]+)"', body)[1]
    assert placeholder in {row["slug"] for row in PRODUCTS}
    assert 'href="/products/">' in body  # where to find the ids


def test_the_filter_form_folds_into_a_details_box(client, world):
    body = client.get("/").content.decode()
    assert re.search(r'<details class="filters-box" data-collapsible open>', body)
    assert "data-collapsible" not in client.get("/?provider=aws").content.decode()


def _update_order(body: str) -> list[str]:
    section = body[body.index('id="h-updates"') :]
    return re.findall(r'<time datetime="([^"]+)"', section[: section.index("</section>")])


def test_it_shows_updates_newest_first_unless_the_reader_reverses_them(client, world):
    newest = _update_order(client.get("/incidents/ali-hk-2022-12/").content.decode())
    assert len(newest) >= 2 and newest == sorted(newest, reverse=True)
    body = client.get("/incidents/ali-hk-2022-12/?updates=oldest").content.decode()
    assert _update_order(body) == sorted(newest)
    assert 'href="?updates=newest#h-updates"' in body


def test_it_remembers_the_language_in_a_long_lived_cookie(client, world):
    response = client.post("/preferences/language/", {"language": "zh-hant", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "zh-hant"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600
    assert cookie["samesite"] == "Lax"
