"""The Statuspage v2 compatible endpoints: shapes, mapping, publication, caching, CORS, limits."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from incidents.models import Impact, Incident, Product, ProductImpact, Status
from tests.public_factories import incident, utc

from .conftest import DOCUMENTS, assert_valid

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "statuspage"
PAGES = [
    "/api/v2/",
    "/status/alibaba-cloud/api/v2/",
    "/status/aws/api/v2/",
    "/status/alibaba-cloud/products/oss/api/v2/",
    "/status/alibaba-cloud/regions/cn-hongkong/api/v2/",
]


def get(client, url: str, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def maintenance(world, start: dt.datetime, end: dt.datetime | None) -> Incident:
    row = incident(world.alibaba, f"maint-{start:%Y%m%d%H}", start, ended_at=end,
                   impact=Impact.MAINTENANCE, title="Planned network work")  # fmt: skip
    ProductImpact.objects.create(incident=row, product=world.oss, impact=Impact.MAINTENANCE)
    return row


@pytest.mark.parametrize("prefix", PAGES)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_document_of_every_page_has_statuspages_shape(client, world, prefix, name):
    now = timezone.now()
    maintenance(world, now + dt.timedelta(days=2), now + dt.timedelta(days=2, hours=2))
    maintenance(world, now - dt.timedelta(hours=1), None)
    body = get(client, prefix + name)
    assert_valid(body, DOCUMENTS[name])


@pytest.mark.parametrize(
    "fixture", ["summary_active.json", "scheduled_maintenances.json", "summary_ok.json"]
)
def test_the_schema_accepts_statuspages_own_documents(fixture):
    body = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    definition = "summary" if "summary" in fixture else "maintenances_document"
    assert_valid(body, definition)


def test_the_schema_refuses_a_component_status_statuspage_does_not_have(client, world):
    body = get(client, "/status/aws/api/v2/components.json")
    body["components"][0]["status"] = "down"
    with pytest.raises(AssertionError, match="down"):
        assert_valid(body, "components_document")


def test_it_shows_only_published_incidents(client, world):
    ids = {i["id"] for i in get(client, "/status/aws/api/v2/incidents.json")["incidents"]}
    assert ids == {"aws-use1-lambda"}
    ali = get(client, "/status/alibaba-cloud/api/v2/incidents.json")["incidents"]
    assert [i["id"] for i in ali] == ["ali-global-2023-11-12", "ali-hk-2022-12"]


def test_a_provider_is_a_page_its_products_components_and_its_regions_a_group(client, world):
    body = get(client, "/status/alibaba-cloud/api/v2/components.json")
    assert body["page"]["id"] == "alibaba-cloud"
    assert body["page"]["time_zone"] == "Asia/Shanghai"
    by_id = {c["id"]: c for c in body["components"]}
    # Taobao runs on no cloud in the record, but an Alibaba Cloud incident took it down.
    assert {"ecs", "oss", "taobao"} <= set(by_id)
    assert by_id["regions"]["group"] is True
    assert by_id["regions"]["components"] == ["region-cn-hongkong", "region-cn-hongkong-c"]
    assert by_id["region-cn-hongkong-c"]["group_id"] == "regions"
    assert [c["position"] for c in body["components"]] == list(range(1, len(by_id) + 1))


def test_component_status_comes_from_the_ongoing_incidents_product_impacts(client, world):
    ongoing = incident(world.alibaba, "ali-oss-now", timezone.now() - dt.timedelta(hours=1),
                       impact=Impact.CRITICAL)  # fmt: skip
    ongoing.regions.set(world.hk.regions.filter(slug="cn-hongkong-c"))
    ProductImpact.objects.create(incident=ongoing, product=world.oss, impact=Impact.CRITICAL)
    ProductImpact.objects.create(incident=ongoing, product=world.ecs, impact=Impact.MINOR)
    ProductImpact.objects.create(
        incident=ongoing, product=world.taobao, impact=Impact.MAJOR,
        ended_at=timezone.now() - dt.timedelta(minutes=5),
    )  # fmt: skip
    body = get(client, "/status/alibaba-cloud/api/v2/summary.json")
    status = {c["id"]: c["status"] for c in body["components"]}
    assert status["oss"] == "major_outage"
    assert status["ecs"] == "degraded_performance"
    assert status["taobao"] == "operational"  # its impact has ended
    assert status["region-cn-hongkong-c"] == "major_outage"
    assert status["region-cn-hongkong"] == "operational"
    assert status["regions"] == "major_outage"
    assert body["status"] == {"indicator": "critical", "description": "Major System Outage"}
    assert [i["id"] for i in body["incidents"]] == ["ali-oss-now"]


def test_a_page_with_nothing_ongoing_is_operational(client, world):
    body = get(client, "/status/alibaba-cloud/api/v2/status.json")
    assert body["status"] == {"indicator": "none", "description": "All Systems Operational"}
    aws = get(client, "/status/aws/api/v2/status.json")
    assert aws["status"]["indicator"] == "minor"


def test_the_tracker_page_has_one_component_per_provider(client, world):
    body = get(client, "/api/v2/summary.json")
    assert {c["id"]: c["status"] for c in body["components"]} == {
        "alibaba-cloud": "operational",
        "aws": "degraded_performance",
    }
    assert get(client, "/api/v2/summary.json?provider=aws")["page"]["id"] == "aws"


def test_an_incident_carries_its_updates_newest_first_and_the_products_it_hit(client, world):
    body = get(client, "/status/alibaba-cloud/api/v2/incidents.json")
    hk = next(i for i in body["incidents"] if i["id"] == "ali-hk-2022-12")
    assert hk["name"] == "Hong Kong Zone C outage"
    assert hk["status"] == "postmortem"
    assert hk["impact"] == "critical"
    assert hk["started_at"] == "2022-12-18T00:56:00.000Z"
    assert hk["resolved_at"] == "2022-12-18T14:50:00.000Z"
    assert hk["shortlink"] == "http://testserver/incidents/ali-hk-2022-12/"
    assert [u["status"] for u in hk["incident_updates"]] == ["resolved", "investigating"]
    oldest = hk["incident_updates"][-1]
    assert {(a["code"], a["new_status"]) for a in oldest["affected_components"]} == {
        ("oss", "major_outage"),
        ("ecs", "partial_outage"),
    }
    assert {c["id"] for c in hk["components"]} == {"oss", "ecs"}


def test_an_incident_with_an_end_reads_resolved_whatever_its_last_status(client, world):
    assert world.ak.status == Status.INVESTIGATING and world.ak.ended_at
    body = get(client, "/status/alibaba-cloud/api/v2/incidents.json")
    ak = next(i for i in body["incidents"] if i["id"] == world.ak.slug)
    assert ak["status"] == "resolved"
    assert ak["incident_updates"][0]["status"] == "investigating"


def test_product_and_region_pages_hold_only_their_incidents(client, world):
    oss = get(client, "/status/alibaba-cloud/products/oss/api/v2/incidents.json")
    assert [i["id"] for i in oss["incidents"]] == ["ali-hk-2022-12"]
    assert [
        c["id"]
        for c in get(client, "/status/alibaba-cloud/products/oss/api/v2/components.json")[
            "components"
        ]
    ] == ["oss"]  # noqa: E501
    hk = get(client, "/status/alibaba-cloud/regions/cn-hongkong/api/v2/incidents.json")
    assert [i["id"] for i in hk["incidents"]] == ["ali-hk-2022-12"]


def test_unknown_pages_answer_404(client, world):
    assert client.get("/status/nope/api/v2/summary.json").status_code == 404
    assert client.get("/status/aws/regions/cn-hongkong/api/v2/summary.json").status_code == 404
    assert client.get("/status/aws/products/nope/api/v2/summary.json").status_code == 404


def test_maintenances_are_apart_from_incidents_and_split_upcoming_and_active(client, world):
    now = timezone.now()
    later = maintenance(world, now + dt.timedelta(days=2), now + dt.timedelta(days=2, hours=2))
    active = maintenance(world, now - dt.timedelta(hours=1), None)
    done = maintenance(world, now - dt.timedelta(days=9), now - dt.timedelta(days=9, hours=-2))
    base = "/status/alibaba-cloud/api/v2/"
    ids = lambda url: [m["id"] for m in get(client, base + url)["scheduled_maintenances"]]  # noqa: E731
    assert ids("scheduled-maintenances/upcoming.json") == [later.slug]
    assert ids("scheduled-maintenances/active.json") == [active.slug]
    assert ids("scheduled-maintenances.json") == [later.slug, active.slug, done.slug]
    listed = get(client, base + "scheduled-maintenances.json")["scheduled_maintenances"]
    assert [m["status"] for m in listed] == ["scheduled", "in_progress", "completed"]
    incidents = {i["id"] for i in get(client, base + "incidents.json")["incidents"]}
    assert not incidents & {later.slug, active.slug, done.slug}
    summary = get(client, base + "summary.json")
    assert {m["id"] for m in summary["scheduled_maintenances"]} == {later.slug, active.slug}
    assert {c["id"]: c["status"] for c in summary["components"]}["oss"] == "under_maintenance"
    assert summary["status"]["indicator"] == "maintenance"


@pytest.fixture
def sixty(world) -> None:
    for n in range(60):
        incident(world.aws, f"aws-old-{n:02d}", utc(2020, 1, 1) + dt.timedelta(days=n),
                 ended_at=utc(2020, 1, 1, 1) + dt.timedelta(days=n))  # fmt: skip


def test_incidents_json_keeps_statuspages_limit_of_fifty(client, sixty):
    response = client.get("/status/aws/api/v2/incidents.json")
    assert len(response.json()["incidents"]) == 50
    assert "Link" not in response.headers


def test_incidents_json_pages_through_the_whole_history_on_request(client, sixty):
    seen, url, pages = [], "/status/aws/api/v2/incidents.json?page=1&per_page=25", 0
    while url:
        response = client.get(url)
        assert response.headers["X-Total-Count"] == "61"
        seen += [i["id"] for i in response.json()["incidents"]]
        links = dict(
            (part.split(";")[1].strip(), part.split(";")[0].strip(" <>"))
            for part in response.headers.get("Link", "").split(",") if part
        )  # fmt: skip
        url = links.get('rel="next"', "").removeprefix("http://testserver")
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 61
    assert seen[0] == "aws-use1-lambda" and seen[-1] == "aws-old-00"


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=101", "per_page=-1"])
def test_it_refuses_a_bad_page_with_the_field_and_reason(client, world, query):
    response = client.get(f"/status/aws/api/v2/incidents.json?{query}")
    assert response.status_code == 400
    field = query.split("=")[0]
    assert response.json()["errors"][0]["field"] == field


def test_it_answers_a_current_copy_with_304(client, world):
    url = "/status/alibaba-cloud/api/v2/summary.json"
    first = client.get(url)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    world.hk.title_en = "Hong Kong Zone C chiller failure"
    world.hk.save()
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200


def test_any_site_may_read_it_with_cors(client, world):
    response = client.get(
        "/status/aws/api/v2/summary.json", headers={"Origin": "https://blog.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/status/aws/api/v2/summary.json",
        headers={"Origin": "https://blog.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert client.post("/status/aws/api/v2/summary.json").status_code == 405


def test_it_throttles_like_the_rest_of_the_api(client, world, settings):
    rates = {"anon": "2/minute", "user": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    cache.clear()
    codes = [client.get("/status/aws/api/v2/status.json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert int(client.get("/status/aws/api/v2/status.json").headers["Retry-After"]) > 0


def test_the_incidents_list_costs_a_fixed_number_of_queries(
    client, sixty, django_assert_max_num_queries
):
    for n in range(5):
        extra = incident(Product.objects.get(slug="aws-lambda").provider, f"aws-extra-{n}",
                         utc(2021, 1, 1 + n))  # fmt: skip
        ProductImpact.objects.create(incident=extra, product=Product.objects.get(slug="aws-lambda"))
    with django_assert_max_num_queries(14):
        client.get("/status/aws/api/v2/incidents.json")


def test_the_shape_builders_work_alone_for_other_surfaces(world):
    from incidents.record.statuspage import incident_payload, page_payload

    page = page_payload(world.alibaba, base_url="https://tracker.example")
    assert_valid({"page": page, "status": {"indicator": "none", "description": "x"}},
                 "status_document")  # fmt: skip
    assert page["url"] == "https://tracker.example/providers/alibaba-cloud/"
    payload = incident_payload(world.aws_ongoing, base_url="https://tracker.example")
    assert_valid({"page": page, "incidents": [payload]}, "incidents_document")
    assert payload["components"][0]["status"] == "degraded_performance"
    assert payload["shortlink"] == "https://tracker.example/incidents/aws-use1-lambda/"


def test_the_tracker_pages_provider_choice_and_paging_do_not_collide(client, sixty):
    response = client.get("/api/v2/incidents.json?provider=aws&page=2&per_page=50")
    assert response.status_code == 200
    assert response.json()["page"]["id"] == "aws"
    assert len(response.json()["incidents"]) == 11
