"""Atom and RSS feeds: valid, filterable like the timeline, public incidents only, safe."""

import feedparser
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


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(("url", "version"), [("/feed.atom", "atom10"), ("/feed.rss", "rss20")])
def test_it_publishes_a_valid_feed_with_one_entry_per_incident(client, world, url, version):
    response, feed = parse(client, url)
    assert feed.version == version
    links = [entry.link for entry in feed.entries]
    assert links == [
        "http://testserver/incidents/aws-use1-lambda/",
        "http://testserver/incidents/ali-global-2023-11-12/",
        "http://testserver/incidents/ali-hk-2022-12/",
    ]


def test_it_leaves_out_drafts_hidden_and_merged_incidents(client, world):
    body = client.get("/feed.atom").content.decode()
    for secret in ("Draft secret", "Hidden secret", "Duplicate HK"):
        assert secret not in body


def test_it_includes_the_updates_sanitised(client, world):
    _response, feed = parse(client, "/feed.atom?provider=alibaba-cloud&region=cn-hongkong-c")
    [entry] = feed.entries
    assert "All servers restarted." in entry.summary
    assert "We are investigating." in entry.summary
    raw = client.get("/feed.atom?region=cn-hongkong-c").content.decode()
    assert "pwned" not in raw and "onerror" not in raw


def test_it_filters_by_provider_and_product(client, world):
    _response, feed = parse(client, "/feed.rss?provider=aws")
    assert [e.link for e in feed.entries] == ["http://testserver/incidents/aws-use1-lambda/"]
    assert feed.feed.title == "Cloud outages: Amazon Web Services"
    _response, feed = parse(client, "/feed.atom?product=taobao")
    assert [e.link for e in feed.entries] == ["http://testserver/incidents/ali-global-2023-11-12/"]


def test_it_answers_404_for_an_unknown_provider(client, world):
    assert client.get("/feed.atom?provider=nope").status_code == 404


def test_it_dates_entries_by_start_and_last_change(client, world):
    _response, feed = parse(client, "/feed.atom?region=cn-hongkong-c")
    [entry] = feed.entries
    assert entry.published.startswith("2022-12-18T00:56:00")
    assert entry.id == "incident:ali-hk-2022-12"


def test_it_loads_a_feed_in_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get("/feed.atom")
