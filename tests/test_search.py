"""One search for the timeline, the feeds and the API, on SQLite and PostgreSQL alike."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from incidents.demo.load import load
from incidents.models import Incident
from incidents.record.search import terms_of

pytestmark = pytest.mark.django_db

AK = "ali-global-2023-11-12"
HK = "ali-hk-2022-12"


@pytest.fixture(autouse=True)
def demo():
    load()
    cache.clear()


def of_provider(slug: str) -> set[str]:
    return set(
        Incident.objects.published().filter(provider__slug=slug).values_list("slug", flat=True)
    )


def timeline(client, query: str) -> set[str]:
    body = client.get("/", {"q": query, "kinds": "incidents"}).content.decode()
    return set(re.findall(r'<h4 id="i-([\w-]+)"', body))


def feed(client, query: str) -> set[str]:
    body = client.get("/feed.atom", {"q": query}).content.decode()
    return set(re.findall(r"<id>incident:([\w-]+)</id>", body))


def api(client, query: str) -> set[str]:
    data = client.get("/api/v1/incidents/", {"q": query, "page_size": 500}).json()
    return {item["id"] for item in data["results"]}


INTERFACES = [timeline, feed, api]


@pytest.mark.parametrize("interface", INTERFACES)
@pytest.mark.parametrize(
    ("query", "provider"),
    [
        ("AWS", "aws"),  # the provider's slug and alias, in no incident's text
        ("OVH", "ovhcloud"),  # part of the name "OVHcloud"
        ("Alibaba Cloud", "alibaba-cloud"),  # both words, from the provider's name
    ],
)
def test_it_finds_a_providers_incidents_by_the_name_readers_type(
    client, interface, query, provider
):
    expected = of_provider(provider)
    assert expected
    assert interface(client, query) == expected


@pytest.mark.parametrize("interface", INTERFACES)
@pytest.mark.parametrize("query", ["淘宝", "钉钉", "淘寶", "DingTalk"])
def test_it_finds_an_incident_by_a_product_it_took_down_in_any_script(client, interface, query):
    assert interface(client, query) == {AK}


@pytest.mark.parametrize("interface", INTERFACES)
def test_every_word_must_match_but_not_in_the_same_field(client, interface):
    assert interface(client, "AccessKey whitelist") == {AK}
    assert interface(client, "AccessKey chiller") == set()  # each word alone finds something
    assert interface(client, "the AccessKey whitelist") == {AK}  # a stop word vetoes nothing


def test_chinese_without_spaces_matches_inside_unspaced_text(client):
    # The Hong Kong title is one run of characters: "关于阿里云香港Region可用区C服务中断...".
    assert timeline(client, "可用区") >= {HK}
    assert api(client, "阿里云 中断") >= {HK}
    assert terms_of("阿里云OSS 淘宝") == ["阿里云", "OSS", "淘宝"]


def test_the_api_orders_by_relevance_when_asked(client):
    data = client.get("/api/v1/incidents/", {"q": "Alibaba", "ordering": "relevance"}).json()
    assert {item["id"] for item in data["results"]} == of_provider("alibaba-cloud")
    refused = client.get("/api/v1/incidents/", {"ordering": "relevance"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0] == {
        "field": "ordering",
        "reason": "Order by relevance needs q.",
        "code": "invalid",
    }


def test_it_ranks_the_incident_that_says_it_most_first_on_postgresql(postgres, client):
    ak = Incident.objects.get(slug=AK)
    texts = ["A chiller failed.", "Chiller, chiller: the chiller loop failed."]
    for n, summary in enumerate(texts):
        Incident.objects.create(
            slug=f"chiller-{n}", provider=ak.provider, title=f"Cooling incident {n}",
            summary=summary, started_at=ak.started_at - dt.timedelta(days=n),
            review_state="published",
        )  # fmt: skip

    def order(**params) -> list[str]:
        results = client.get("/api/v1/incidents/", {"q": "chiller", **params}).json()["results"]
        return [item["id"] for item in results if item["id"].startswith("chiller")]

    assert order() == ["chiller-0", "chiller-1"]  # newest first
    assert order(ordering="relevance") == ["chiller-1", "chiller-0"]  # says it most first
