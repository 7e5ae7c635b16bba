"""Derived facts on the demo record: what an outage took down, tenures, links, time labels."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from incidents import pagecache
from incidents.demo.load import load

pytestmark = pytest.mark.django_db

NOV_12 = "ali-global-2023-11-12"


@pytest.fixture(autouse=True)
def demo():
    cache.clear()
    pagecache.local_pages.clear()
    load()


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def entry(body: str, slug: str) -> str:
    """Return the timeline entry of one incident."""
    match = re.search(rf'<article aria-labelledby="i-{slug}">(.*?)</article>', body, re.S)
    assert match, f"no entry for {slug}"
    return match.group(1)


def took_down(html: str) -> list[str]:
    match = re.search(r"Took down:</span>(.*?)</p>", html, re.S)
    return re.findall(r'href="/products/([\w-]+)/"', match.group(1)) if match else []


def slugs_listed(body: str) -> list[str]:
    return re.findall(r'<h4 id="i-([\w-]+)"', body)


# --- "Took down" means impact above none ------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/providers/alibaba-cloud/", "/people/daniel-zhang/"])
def test_it_never_lists_ecs_or_rds_as_taken_down_on_2023_11_12(client, url):
    html = entry(text(client.get(url)), NOV_12)
    assert "aliyun-accesskey" in took_down(html)
    assert not {"aliyun-ecs", "aliyun-rds"} & set(took_down(html))
    checked = re.search(r"Checked, not affected:</span>(.*?)</p>", html, re.S).group(1)
    assert "/products/aliyun-ecs/" in checked and "/products/aliyun-rds/" in checked


def test_it_does_not_count_2023_11_12_as_an_ecs_incident_in_filters_or_product_pages(client):
    assert NOV_12 not in slugs_listed(text(client.get("/?product=aliyun-ecs")))
    assert NOV_12 not in slugs_listed(text(client.get("/products/aliyun-ecs/")))
    assert NOV_12 in slugs_listed(text(client.get("/products/aliyun-oss/")))
    api = client.get("/api/v1/incidents/?product=aliyun-rds").json()
    assert NOV_12 not in [row["id"] for row in api["results"]]


def test_the_incident_page_shows_products_found_fine_apart_from_what_it_took_down(client):
    body = text(client.get(f"/incidents/{NOV_12}/"))
    table = re.search(r'id="h-products">.*?</table>', body, re.S).group(0)
    assert "/products/aliyun-accesskey/" in table
    assert "/products/aliyun-ecs/" not in table and "/products/aliyun-rds/" not in table
    checked = re.search(r'id="h-checked">.*?</ul>', body, re.S).group(0)
    assert "/products/aliyun-ecs/" in checked and "Running instances unaffected" in checked
