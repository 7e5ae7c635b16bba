"""Provider, product, person and chart pages; preferences; translations; the page cache."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from incidents.site import pagecache
from tests.public_factories import incident, make_world, utc

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    pagecache.local_pages.clear()


@pytest.fixture
def world():
    return make_world()


def test_it_shows_a_providers_counts_and_downtime_per_year(client, world):
    body = client.get("/providers/alibaba-cloud/").content.decode()
    rows = re.findall(r"year=(\d{4})\">\d{4}</a></th><td>(\d+)</td><td>([^<]+)</td>", body)
    assert rows == [("2023", "1", "3 h 32 min"), ("2022", "1", "13 h 54 min")]


def test_it_draws_provider_charts_as_inline_svg(client, world):
    body = client.get("/providers/alibaba-cloud/").content.decode()
    assert body.count('<svg class="chart" viewBox') == 3
    assert 'class="mark-leadership"' in body  # the outage/leadership strip
    assert "<script" not in body


def test_it_answers_404_for_an_unknown_provider_product_or_person(client, world):
    for url in ("/providers/nope/", "/products/nope/", "/people/nope/"):
        assert client.get(url).status_code == 404


def test_it_lists_a_products_incidents_including_those_of_what_it_depends_on(client, world):
    body = client.get("/products/taobao/").content.decode()
    listed = re.findall(r'<h4 id="i-([\w-]+)"', body)
    assert listed == ["ali-global-2023-11-12", "ali-hk-2022-12"]  # HK took down ECS and OSS
    assert 'href="/products/ecs/"' in body


def test_it_shows_a_persons_tenures_with_the_incidents_during_each(client, world):
    incident(world.alibaba, "before-tenure", utc(2018, 1, 1), title="Before tenure outage")
    body = client.get("/people/zhang-jianfeng/").content.decode()
    assert "President, Alibaba Cloud Intelligence Group" in body
    assert "2019-06-01" in body and "2022-12-29" in body
    assert 'id="i-ali-hk-2022-12"' in body
    assert "Before tenure outage" not in body
    assert "ali-global-2023-11-12" not in body  # after the tenure ended


def test_it_draws_the_charts_page(client, world):
    body = client.get("/charts/").content.decode()
    assert body.count('<svg class="chart" viewBox') == 2
    assert "2022 Q4" in body


def test_it_bounds_the_queries_of_list_pages(client, world, django_assert_max_num_queries):
    for n in range(20):
        extra = incident(world.alibaba, f"extra-{n}", utc(2020, 1, 1 + n))
        extra.impacts.create(product=world.ecs)
    for url in ("/providers/alibaba-cloud/", "/products/taobao/", "/people/zhang-jianfeng/"):
        cache.clear()
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_it_remembers_the_readers_time_zone(client, world):
    response = client.post("/preferences/time-zone/", {"tz": "Asia/Tokyo", "next": "/charts/"})
    assert response.status_code == 302 and response.headers["Location"] == "/charts/"
    assert response.cookies["tz"].value == "Asia/Tokyo"
    assert "2022-12-18 09:56 UTC+9 (JST) (00:56 UTC)" in client.get("/").content.decode()


def test_it_refuses_an_unknown_zone_and_an_offsite_redirect(client, world):
    response = client.post(
        "/preferences/time-zone/", {"tz": "Nowhere", "next": "https://evil.test/"}
    )
    assert response.headers["Location"] == "/"
    assert "tz" not in response.cookies


def test_it_switches_language_through_django_set_language(client, world):
    response = client.post("/preferences/language/", {"language": "zh-hant", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="zh-hant">' in body and "雲端服務故障時間線" in body


def test_it_needs_csrf_for_preferences(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/preferences/time-zone/", {"tz": "Asia/Tokyo"}).status_code == 403


def test_it_ships_complete_translations_and_current_mo_files():
    result = subprocess.run(
        [sys.executable, str(ROOT / "locale" / "build_mo.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_it_changes_the_cache_version_on_every_catalogue_write(world):
    before = pagecache.current_version()
    world.zhang.name = "Zhang Jianfeng (Xingchen)"
    world.zhang.save()
    middle = pagecache.current_version()
    world.oss.depends_on.clear()
    assert len({before, middle, pagecache.current_version()}) == 3


def test_it_changes_the_incidents_generation_when_its_regions_change(world):
    key = pagecache.scope_key("incident:ali-hk-2022-12")
    before = cache.get(key)
    world.hk.regions.clear()
    assert cache.get(key) not in (None, before)


def test_it_keeps_separate_cache_entries_per_language_and_zone(client, world):
    english = client.get("/").content.decode()
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Cloud outage timeline" in english and "云服务故障时间线" in chinese
    client.cookies["tz"] = "Asia/Tokyo"
    assert "JST" in client.get("/").content.decode()


def test_it_gives_each_reader_a_working_csrf_token_on_a_cached_page(world):
    from django.test import Client

    Client().get("/")  # fills the cache
    reader = Client(enforce_csrf_checks=True)
    body = reader.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert token != pagecache.csrf_placeholder()
    response = reader.post(
        "/preferences/time-zone/", {"tz": "Asia/Tokyo", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_it_shows_what_ingestion_stored_at_once(client, world):
    from incidents.ingest import poll as ingest
    from incidents.ingest.fetch import FetchResult
    from incidents.ingest.parsers.base import ParsedIncident
    from incidents.models import Source

    source = Source.objects.get(name="aliyun-status")
    client.get("/")  # cached before the poll
    fetched = FetchResult(200, b"{}", "", "", "application/json", source.url, False, "f" * 64)
    parsed = ParsedIncident(
        external_id="99", title="Freshly ingested outage", started_at=utc(2025, 1, 1)
    )
    ingest.store(source.pk, fetched, [parsed])
    assert "Freshly ingested outage" in client.get("/").content.decode()


def test_a_bulk_write_without_a_snapshot_retires_the_pages_it_touches(client, world):
    from django.utils import timezone

    from incidents.ingest.parsers.base import ParsedIncident
    from incidents.ingest.upsert import Upsert
    from incidents.models import Snapshot, Source

    source = Source.objects.select_related("provider").get(name="aliyun-status")
    client.get("/")  # cached before the write
    parsed = ParsedIncident(external_id="98", title="Written in bulk", started_at=utc(2025, 1, 2))
    Upsert(source, timezone.now()).run([parsed])

    assert not Snapshot.objects.exists()
    assert "Written in bulk" in client.get("/").content.decode()


def test_it_bumps_the_generations_again_when_the_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    key = pagecache.scope_key("provider:alibaba-cloud")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        world.hk.resolve(at=world.hk.ended_at)
    first = cache.get(key)
    # Other listeners (notifications) queue their own work after the commit too.
    bumps = [c for c in callbacks if c.__name__ == "bump_scopes"]
    assert bumps
    bumps[-1]()
    assert cache.get(key) != first


def test_it_serves_a_page_this_process_holds_only_while_the_shared_version_matches(client, world):
    client.get("/")
    key = next(iter(pagecache.local_pages._entries))
    page = pagecache.local_pages.get(key)
    pagecache.local_pages.put(key, page._replace(html=page.html.replace("</main>", "LOCAL</main>")))
    assert "LOCAL" in client.get("/").content.decode()
    # Another process (the worker) bumps the version in the shared cache.
    cache.set(pagecache.VERSION_KEY, "bumped-elsewhere", None)
    assert "LOCAL" not in client.get("/").content.decode()


def test_it_keeps_a_bounded_number_of_local_pages_that_expire_with_the_shared_copy(monkeypatch):
    pages = pagecache.LocalPages(size=2)
    now = pagecache.time.time()
    for name in ("a", "b", "c"):
        pages.put(name, pagecache.CachedPage("v", 200, name, now + 60))
    assert pages.get("a") is None and pages.get("c").html == "c"
    monkeypatch.setattr(pagecache.time, "time", lambda: now + 61)
    assert pages.get("c") is None


def test_it_ignores_a_page_cached_by_an_older_release(client, world):
    client.get("/")
    key = next(iter(pagecache.local_pages._entries))
    version = pagecache.current_version()
    cache.set(key, (version, 200, "OLD FORMAT"), 60)
    pagecache.local_pages.clear()
    assert "Cloud outage timeline" in client.get("/").content.decode()


def test_it_builds_the_same_links_as_reverse_without_calling_it_per_link():
    from django.urls import reverse

    from incidents.site.templatetags.tracker import slug_url

    for name in ("incident-detail", "provider-detail", "product-detail", "person-detail"):
        assert slug_url("aliyun-2023-11-12", name) == reverse(name, args=["aliyun-2023-11-12"])
