"""The page cache retires only the pages a change can touch."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from incidents.models import ApiToken, Incident, Product, ProductImpact
from incidents.record.curation import merge_incidents
from incidents.site import pagecache
from tests.public_factories import incident, make_world, utc

pytestmark = pytest.mark.django_db

ALIBABA_PAGES = [
    "/providers/alibaba-cloud/",
    "/incidents/ali-hk-2022-12/",
    "/products/oss/",
    "/products/ecs/",
    "/products/taobao/",  # depends on ECS, which the HK outage took down
    "/people/zhang-jianfeng/",  # linked to the HK outage
    "/",
    "/?provider=alibaba-cloud",
    "/charts/",
]
AWS_PAGES = [
    "/providers/aws/",
    "/incidents/aws-use1-lambda/",
    "/products/aws-lambda/",
    "/?provider=aws",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    pagecache.local_pages.clear()


@pytest.fixture
def world():
    return make_world()


def served(client, urls: list[str]) -> dict[str, str]:
    states = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        states[url] = response[pagecache.HIT_HEADER]
    return states


def warm(client, urls: list[str]) -> None:
    served(client, urls)
    assert set(served(client, urls).values()) == {"hit"}


def test_it_serves_a_page_from_the_cache_without_a_query(client, world, django_assert_num_queries):
    warm(client, ["/providers/aws/"])
    pagecache.local_pages.clear()  # the shared copy, not this process's
    with django_assert_num_queries(0):
        assert client.get("/providers/aws/")[pagecache.HIT_HEADER] == "hit"


def test_an_edit_of_one_providers_incident_leaves_another_providers_pages_cached(client, world):
    warm(client, ALIBABA_PAGES + AWS_PAGES)
    world.hk.title_en = "Hong Kong Zone C cooling failure"
    world.hk.save()
    assert served(client, AWS_PAGES) == dict.fromkeys(AWS_PAGES, "hit")
    assert served(client, ALIBABA_PAGES) == dict.fromkeys(ALIBABA_PAGES, "miss")
    assert "Hong Kong Zone C cooling failure" in client.get("/").content.decode()


def test_an_ingested_change_retires_its_providers_pages_only(client, world):
    from incidents.ingest import poll as ingest
    from incidents.ingest.fetch import FetchResult
    from incidents.ingest.parsers.base import ParsedIncident
    from incidents.models import Source

    source = Source.objects.get(name="aliyun-status")
    pages = ["/providers/alibaba-cloud/", "/", "/?provider=alibaba-cloud", *AWS_PAGES]
    warm(client, pages)
    fetched = FetchResult(200, b"{}", "", "", "application/json", source.url, False, "f" * 64)
    parsed = ParsedIncident(external_id="99", title="Freshly ingested", started_at=utc(2025, 1, 1))
    ingest.store(source.pk, fetched, [parsed])
    assert served(client, AWS_PAGES) == dict.fromkeys(AWS_PAGES, "hit")
    assert set(served(client, pages[:3]).values()) == {"miss"}
    assert "Freshly ingested" in client.get("/providers/alibaba-cloud/").content.decode()


def test_an_ingested_update_of_a_known_incident_retires_its_own_page(client, world):
    from incidents.ingest.parsers.base import ParsedIncident
    from incidents.ingest.upsert import Upsert
    from incidents.models import Source

    source = Source.objects.select_related("provider").get(name="aliyun-status")
    warm(client, ["/incidents/ali-hk-2022-12/", "/incidents/ali-global-2023-11-12/"])
    parsed = ParsedIncident(
        external_id="1", title="Renamed upstream", started_at=world.hk.started_at
    )
    Upsert(source, timezone.now()).run([parsed])
    assert client.get("/incidents/ali-hk-2022-12/")[pagecache.HIT_HEADER] == "miss"
    assert client.get("/incidents/ali-global-2023-11-12/")[pagecache.HIT_HEADER] == "hit"


def test_moving_an_impact_to_another_product_retires_both_product_pages(client, world):
    lambda_ = Product.objects.get(slug="aws-lambda")
    pages = ["/products/oss/", "/products/aws-lambda/", "/products/ecs/"]
    warm(client, pages)
    impact = ProductImpact.objects.get(incident=world.hk, product=world.oss)
    impact.product = lambda_
    impact.save()
    assert served(client, pages[:2]) == dict.fromkeys(pages[:2], "miss")


def test_moving_an_incident_to_another_provider_retires_both_providers_pages(client, world):
    warm(client, ["/providers/alibaba-cloud/", "/providers/aws/"])
    moved = Incident.objects.get(pk=world.ak.pk)
    moved.provider = world.aws
    moved.save()
    states = served(client, ["/providers/alibaba-cloud/", "/providers/aws/"])
    assert set(states.values()) == {"miss"}


def test_deleting_an_impact_retires_the_product_page_it_was_on(client, world):
    warm(client, ["/products/oss/", "/providers/aws/"])
    ProductImpact.objects.filter(incident=world.hk, product=world.oss).get().delete()
    assert client.get("/products/oss/")[pagecache.HIT_HEADER] == "miss"
    assert client.get("/providers/aws/")[pagecache.HIT_HEADER] == "hit"


def test_a_merge_retires_both_incidents_and_leaves_other_providers_cached(client, world):
    twin = incident(world.alibaba, "ali-hk-twin", utc(2022, 12, 18, 2), title="HK twin report")
    pages = ["/incidents/ali-hk-2022-12/", "/incidents/ali-hk-twin/"]
    warm(client, pages + AWS_PAGES)
    merge_incidents(world.hk, [twin])
    assert client.get("/incidents/ali-hk-2022-12/")[pagecache.HIT_HEADER] == "miss"
    assert client.get("/incidents/ali-hk-twin/").status_code == 302
    assert served(client, AWS_PAGES) == dict.fromkeys(AWS_PAGES, "hit")


def test_an_api_write_retires_the_incidents_pages(client, world):
    user = User.objects.create_user(username="rita", password="not-used-here-123")
    user.groups.add(Group.objects.get(name="Reviewers"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user, 'tests', 'write')[1]}")
    warm(client, ["/incidents/aws-use1-lambda/", "/providers/aws/", "/providers/alibaba-cloud/"])
    answer = api.patch(
        "/api/v1/incidents/aws-use1-lambda/", {"root_cause": "A bad deploy."}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert "A bad deploy." in client.get("/incidents/aws-use1-lambda/").content.decode()
    assert client.get("/providers/aws/")[pagecache.HIT_HEADER] == "miss"
    assert client.get("/providers/alibaba-cloud/")[pagecache.HIT_HEADER] == "hit"


def test_a_catalogue_change_retires_every_page(client, world):
    warm(client, AWS_PAGES)
    world.alibaba.name = "Alibaba Cloud (Aliyun)"
    world.alibaba.save()
    assert served(client, AWS_PAGES) == dict.fromkeys(AWS_PAGES, "miss")


def test_a_new_incident_in_a_persons_tenure_retires_their_page(client, world):
    warm(client, ["/people/zhang-jianfeng/", "/providers/aws/"])
    incident(world.alibaba, "ali-in-tenure", utc(2021, 5, 1), title="During the tenure")
    assert "During the tenure" in client.get("/people/zhang-jianfeng/").content.decode()
    assert client.get("/providers/aws/")[pagecache.HIT_HEADER] == "hit"


def test_an_evicted_generation_never_revives_a_page_stamped_before_it(client, world):
    warm(client, ["/providers/aws/"])
    cache.delete(pagecache.scope_key("provider:aws"))
    assert client.get("/providers/aws/")[pagecache.HIT_HEADER] == "miss"
