"""The incident page: times in three zones, impact and blast radius, sources, safety."""

import pytest
from django.core.cache import cache

from tests.public_factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def world():
    return make_world()


def page(client, world, **headers) -> str:
    response = client.get(world.hk.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_times_in_the_vendors_zone_and_utc_labelled(client, world):
    body = page(client, world)
    assert "2022-12-18 08:56 UTC+8 (Beijing time), 00:56 UTC" in body
    assert "2022-12-18 22:50 UTC+8 (Beijing time), 14:50 UTC" in body
    assert "13 h 54 min" in body


def test_it_adds_the_readers_zone_when_it_differs(client, world):
    client.cookies["tz"] = "America/New_York"
    body = page(client, world)
    assert (
        "2022-12-18 08:56 UTC+8 (Beijing time), 00:56 UTC, 2022-12-17 19:56 UTC-5 (US Eastern time)"
        in body
    )


def test_it_ignores_an_unknown_time_zone_cookie(client, world):
    client.cookies["tz"] = "Mars/Olympus_Mons"
    assert "08:56 UTC+8 (Beijing time), 00:56 UTC</time>" in page(client, world)


def test_it_shows_the_title_in_english_with_the_original(client, world):
    body = page(client, world)
    assert "<h1>Hong Kong Zone C outage</h1>" in body
    assert '<span lang="zh-hans">香港Region可用区C服务中断</span>' in body


def test_it_shows_the_original_to_readers_of_its_language(client, world):
    body = page(client, world, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "<h1>香港Region可用区C服务中断</h1>" in body
    assert "开始时间" in body  # the interface is translated too


def test_it_falls_back_to_the_original_without_a_translation(client, world):
    body = page(client, world, HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert "<h1>香港Region可用区C服务中断</h1>" in body
    assert "開始時間" in body


def test_it_shows_products_with_their_impact_and_the_blast_radius(client, world):
    body = page(client, world)
    assert 'href="/products/oss/"' in body and 'href="/products/ecs/"' in body
    blast = body[body.index("Depends on what failed, not reported affected") :]
    assert 'href="/products/taobao/"' in blast  # Taobao runs on ECS, which runs on OSS
    assert "depends on Elastic Compute Service" in blast


def test_it_shows_root_cause_regions_citations_and_refs(client, world):
    body = page(client, world)
    assert "an air lock stopped the main and standby chillers" in body
    assert "Hong Kong Zone C (cn-hongkong-c)" in body
    assert "https://help.aliyun.com/noticelist/articleid/1061819219.html" in body
    assert "aliyun-status: 1" in body


def test_it_shows_both_values_where_sources_disagree(client, world):
    body = page(client, world)
    section = body[body.index("Where sources disagree") : body.index("What it took down")]
    assert "22:50 UTC+8 (Beijing time), 14:50 UTC" in section and "Alibaba Cloud" in section
    assert (
        "2022-12-19 00:30 UTC+8 (Beijing time), 2022-12-18 16:30 UTC" in section
        and "SCMP" in section
    )


def test_it_shows_linked_leadership_changes_with_relation_and_lag(client, world):
    body = page(client, world)
    section = body[body.index("What followed") :]
    assert "Zhang Jianfeng steps down as President" in section
    assert "2022-12-29, 11 days later" in section
    assert "Followed by" in section


def test_it_never_lets_an_ingested_script_through(client, world):
    body = page(client, world)
    assert "We are investigating." in body
    assert "<script>window.pwned" not in body
    assert "onerror" not in body
    assert "javascript:" not in body


def test_it_keeps_line_breaks_of_plain_text_updates(client, world):
    assert "The sprinkler damage was contained.<br>All servers restarted." in page(client, world)


def test_it_sends_a_policy_that_forbids_inline_script(client, world):
    response = client.get(world.hk.get_absolute_url())
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy


@pytest.mark.parametrize("slug", ["draft-secret", "hidden-secret", "no-such-incident"])
def test_it_answers_404_for_incidents_the_public_may_not_see(client, world, slug):
    assert client.get(f"/incidents/{slug}/").status_code == 404


def test_it_sends_readers_of_a_duplicate_to_the_survivor(client, world):
    response = client.get("/incidents/ali-hk-dup/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/incidents/ali-hk-2022-12/"


def test_it_loads_the_page_in_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    # One more than before the confidence markers: their prefetch.
    with django_assert_max_num_queries(11):
        client.get(world.hk.get_absolute_url())


def test_it_rebuilds_the_page_when_an_update_is_added(client, world):
    page(client, world)
    world.hk.updates.create(posted_at=world.hk.ended_at, body="Postmortem published.")
    assert "Postmortem published." in page(client, world)
