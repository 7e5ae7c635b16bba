"""Status pages, badges, the embed and the right-now page, API, feed and badge."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from incidents.models import Citation, ExternalRef, Impact, Provider, ReportedTime, Source
from tests.public_factories import incident

from .conftest import assert_valid

SVG = "{http://www.w3.org/2000/svg}"


def watched(provider: Provider, days: int = 120, failures: int = 0) -> Source:
    now = timezone.now()
    source = Source.objects.create(
        name=f"{provider.slug}-status", kind="statuspage", url="https://status.example/api",
        provider=provider, last_polled_at=now - dt.timedelta(minutes=2),
        last_success_at=now - dt.timedelta(minutes=2), consecutive_failures=failures,
    )  # fmt: skip
    seed = incident(provider, f"seed-{provider.slug}", now - dt.timedelta(days=days),
                    ended_at=now - dt.timedelta(days=days), impact=Impact.NONE)  # fmt: skip
    ref = ExternalRef.objects.create(source=source, external_id="seed", incident=seed)
    ExternalRef.objects.filter(pk=ref.pk).update(first_seen_at=now - dt.timedelta(days=days))
    return source


def svg(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)


def test_the_status_badge_says_the_current_status_to_eyes_and_screen_readers(client, world):
    root = svg(client, "/status/aws/badge.svg")
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Amazon Web Services: minor service outage"
    assert "#dfb317" in ET.tostring(root, encoding="unicode")
    calm = svg(client, "/status/alibaba-cloud/badge.svg")
    assert calm.find(f"{SVG}title").text == "Alibaba Cloud: all systems operational"


def test_badges_are_cacheable_and_answer_304(client, world):
    first = client.get("/status/aws/badge.svg")
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    again = client.get("/status/aws/badge.svg", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_the_availability_badge_says_no_data_when_nothing_was_watching(client, world):
    title = svg(client, "/status/alibaba-cloud/badge/availability-90d.svg").find(f"{SVG}title")
    assert title.text.endswith("from the record: no data")
    # AWS's minor incident is still open in the record, so every day of it counts, degraded.
    aws = svg(client, "/status/aws/badge/availability-90d.svg").find(f"{SVG}title").text
    assert aws.endswith("from the record: 75%")


def test_the_availability_badge_shows_a_range_where_sources_disagree(client, world):
    watched(world.alibaba)
    start = (timezone.now() - dt.timedelta(days=3)).replace(hour=9, minute=39, second=0)
    ak = incident(world.alibaba, "ak-recent", start, ended_at=start + dt.timedelta(minutes=212),
                  impact=Impact.CRITICAL)  # fmt: skip
    citation = Citation.objects.create(url="https://example.com/fault", title="Fault report")
    ReportedTime.objects.create(incident=ak, field="ended_at", citation=citation,
                                value=start + dt.timedelta(minutes=101))  # fmt: skip
    title = svg(client, "/status/alibaba-cloud/badge/availability-30d.svg").find(f"{SVG}title")
    low, high = map(float, re.findall(r"([\d.]+)%", title.text))
    # About 212 and 101 minutes down of the 30 days watched: 29 whole days and today so far.
    now = timezone.now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    watched_minutes = 29 * 1440 + (now - midnight).total_seconds() / 60
    assert low == pytest.approx(100 * (1 - 212 / watched_minutes), abs=0.01)
    assert high == pytest.approx(100 * (1 - 101 / watched_minutes), abs=0.01)
    page = client.get("/status/alibaba-cloud/").content.decode()
    assert "%–" in page


def test_the_method_is_in_the_readers_language_on_the_page_and_english_in_the_api(client, world):
    page = client.get("/status/alibaba-cloud/", headers={"Accept-Language": "zh-hans"})
    html = page.content.decode()
    assert "轻微影响计为性能下降，权重为 0.25。" in html and "依据" in html
    assert "Minor impact counts as degraded" not in html
    hant = client.get("/status/alibaba-cloud/", headers={"Accept-Language": "zh-hant"})
    assert "輕微影響計為效能下降，權重為 0.25。" in hant.content.decode()
    body = client.get(
        "/status/alibaba-cloud/api/v2/availability.json", headers={"Accept-Language": "zh-hans"}
    ).json()
    assert body["method"]["degraded"] == "Minor impact counts as degraded at weight 0.25."


def test_the_status_page_states_the_method_and_shows_no_data_in_grey(client, world):
    html = client.get("/status/alibaba-cloud/").content.decode()
    assert "not from probes" in html
    assert "Minor impact counts as degraded at weight 0.25." in html
    assert html.count('fill="#9f9f9f"') == 90  # nobody watched: every day is no data
    assert "no data" in html
    assert 'href="/status/alibaba-cloud/api/v2/summary.json"' in html


def test_a_watched_quiet_provider_is_green_on_its_strip(client, world):
    watched(world.alibaba)
    html = client.get("/status/alibaba-cloud/").content.decode()
    assert html.count('fill="#4c1"') == 90


def test_the_embed_may_be_framed_anywhere_and_runs_no_script(client, world):
    response = client.get("/status/aws/embed/")
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    html = response.content.decode()
    assert "<script" not in html and "style=" not in html
    assert "Minor Service Outage" in html
    assert client.get("/status/aws/").headers["X-Frame-Options"] == "DENY"


def test_availability_json_has_its_shape_and_method(client, world):
    body = client.get("/status/alibaba-cloud/api/v2/availability.json").json()
    assert_valid(body, "availability_document")
    assert body["strip"][-1]["date"] == timezone.now().date().isoformat()
    assert body["strip"][0]["no_data"] is True and body["strip"][0]["availability"] is None


def test_right_now_lists_whats_down_with_products_regions_and_source_freshness(client, world):
    watched(world.aws, failures=3)
    html = client.get("/now/").content.decode()
    assert "Increased Lambda errors" in html
    assert "AWS Lambda" in html and "us-east-1" in html
    assert "last polled 2\xa0minutes ago" in html
    assert "failing" in html
    assert "Nothing reported, and no source is watching" in html  # Alibaba Cloud: stale source
    assert html.index("Amazon Web Services") < html.index("Alibaba Cloud")


def test_the_timeline_header_links_to_right_now(client, world):
    assert 'href="/now/"' in client.get("/").content.decode()


def test_right_now_json_feed_and_badge_carry_the_same_incidents(client, world):
    body = client.get("/now.json")
    assert body["Access-Control-Allow-Origin"] == "*"
    providers = {p["slug"]: p for p in body.json()["providers"]}
    assert [i["id"] for i in providers["aws"]["incidents"]] == ["aws-use1-lambda"]
    assert providers["alibaba-cloud"]["incidents"] == []
    assert providers["alibaba-cloud"]["sources"][0]["state"] == "stale"
    feed = ET.fromstring(client.get("/now.atom").content)
    titles = [e.find("{http://www.w3.org/2005/Atom}title").text for e in feed.iter(
        "{http://www.w3.org/2005/Atom}entry")]  # fmt: skip
    assert titles == ["Amazon Web Services: Increased Lambda errors (Minor)"]
    badge = svg(client, "/now/badge.svg").find(f"{SVG}title").text
    assert badge == "right now: 1 down"


@pytest.mark.parametrize("url", ["/now/", "/now.json"])
def test_right_now_costs_a_fixed_number_of_queries(
    client, world, url, django_assert_max_num_queries
):
    for n in range(6):
        provider = Provider.objects.create(slug=f"p{n}", name=f"Provider {n}")
        watched(provider)
        incident(provider, f"p{n}-down", timezone.now() - dt.timedelta(hours=1))
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
