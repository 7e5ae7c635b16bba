"""Derived facts on the demo record: what an outage took down, tenures, links, time labels."""

from __future__ import annotations

import ast
import datetime as dt
import html
import inspect
import itertools
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from incidents.demo.load import load
from incidents.models import (
    Incident,
    IncidentLink,
    LeadershipChange,
    Organization,
    Person,
    Product,
    ProductDependency,
)
from incidents.record import tenures
from incidents.site import pagecache
from tests.admin_factory import form_data, make_user

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


@pytest.mark.parametrize("url", ["/", "/providers/alibaba-cloud/", "/people/eddie-wu/"])
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


# --- Tenures ------------------------------------------------------------------------------


def tenure_section(body: str, heading: str) -> str:
    match = re.search(rf"<h2 id=\"t-\d+\">{re.escape(heading)}</h2>(.*?)</section>", body, re.S)
    assert match, f"no tenure {heading!r}"
    return match.group(1)


def all_tenures() -> list[tenures.Tenure]:
    return [t for person in Person.objects.all() for t in tenures.tenures_of(person).tenures]


def test_daniel_zhangs_acting_presidency_ends_when_he_leaves_cloud(client):
    body = text(client.get("/people/daniel-zhang/"))
    acting = tenure_section(body, "Acting President, Alibaba Cloud Intelligence Group")
    assert "2022-12-29 – 2023-09-10" in acting
    assert "present" not in acting
    assert NOV_12 not in acting and "ali-db-console-2023-11-27" not in acting


def test_daniel_zhang_chaired_cloud_from_the_march_2023_reorganisation_until_eddie_wu(client):
    body = text(client.get("/people/daniel-zhang/"))
    chair = tenure_section(body, "Chairman and CEO, Alibaba Cloud Intelligence Group")
    assert "2023-03-28 – 2023-09-10" in chair and "succeeded by Eddie Wu" in chair
    assert "to become" not in text(client.get("/?kinds=leadership"))


def test_eddie_wu_keeps_the_taotian_chair(client):
    body = text(client.get("/people/eddie-wu/"))
    assert "Keeps the Taotian Group chairmanship" in body and "Was chairman" not in body


def test_no_tenure_is_zero_length():
    assert all(t.start is None or t.end is None or t.end > t.start for t in all_tenures())


def test_no_role_has_two_holders_at_once():
    by_role: dict[tuple, list[tenures.Tenure]] = {}
    for tenure in all_tenures():
        by_role.setdefault(tenure.key, []).append(tenure)
    far = dt.date.max
    for held in by_role.values():
        spans = sorted((t.start or dt.date.min, t.end or far) for t in held)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, spans


def test_an_acting_role_ends_at_its_successor():
    org = Organization.objects.get(slug="alibaba-cloud-intelligence")
    eddie = Person.objects.get(slug="eddie-wu")
    LeadershipChange.objects.create(
        slug="someone-else-cloud-chair",
        person=Person.objects.create(slug="someone-else", name="Someone Else"),
        organization=org,
        role="chairman and  CEO",
        action="appointed",
        announced_on=dt.date(2024, 3, 1),
    )
    acting = next(t for t in tenures.tenures_of(eddie).tenures if t.acting)
    assert acting.end == dt.date(2024, 3, 1) and acting.successor.person.slug == "someone-else"


def test_the_tenure_logic_imports_no_public_page_code():
    tree = ast.parse(inspect.getsource(tenures))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    surfaces = ("site", "api", "admin", "timeline", "pages", "views", "detail", "feeds")
    assert not [m for m in imported if m and m.split(".")[1:2] and m.split(".")[1] in surfaces]


# --- Zhang Jianfeng's page shows the link ----------------------------------------------


def test_zhang_jianfengs_page_shows_the_links_lag_note_and_citation(client):
    body = text(client.get("/people/zhang-jianfeng/"))
    president = tenure_section(body, "President, Alibaba Cloud Intelligence Group")
    assert "11 days after" in president
    assert "No official source says the outage caused the change" in president
    assert "No source says" not in president
    assert 'href="https://ahtit.com/article/147714.html"' in president  # Huxiu, citing insiders
    assert 'href="https://www.eeo.com.cn/2022/1229/572882.shtml"' in president


# --- Links that contradict the dates are refused -----------------------------------------

EARLIER = "zhang-jianfeng-leaves-cloud-president-2022-12-29"
LINK_REFUSED = '"Followed by" contradicts the dates'


@pytest.fixture
def reviewer(client):
    client.force_login(make_user("rita", "Reviewers"))
    return client


def test_the_admin_refuses_a_followed_by_link_to_an_earlier_event(reviewer):
    incident = Incident.objects.get(slug=NOV_12)
    change = LeadershipChange.objects.get(slug=EARLIER)
    before = IncidentLink.objects.count()
    response = reviewer.post(
        reverse("admin:incidents_incidentlink_add"),
        {
            "incident": incident.pk,
            "leadership_change": change.pk,
            "relation": "followed_by",
            "confidence": "medium",
        },
    )
    body = text(response)
    assert html.unescape(LINK_REFUSED) in html.unescape(body)
    assert "318 days before the incident started (2023-11-12)" in body
    assert IncidentLink.objects.count() == before


def test_the_api_refuses_a_followed_by_link_to_an_earlier_event_with_the_field(client):
    api = APIClient()
    api.force_authenticate(make_user("eddy", "Editors"))
    url = f"/api/v1/incidents/{NOV_12}/links/"
    response = api.post(url, {"leadership_change": EARLIER, "relation": "followed_by"}, "json")
    assert response.status_code == 400, response.json()
    assert response.json()["errors"][0]["field"] == "relation"
    assert LINK_REFUSED in response.json()["errors"][0]["reason"]
    later = api.post(url, {"leadership_change": EARLIER, "relation": "speculated"}, "json")
    assert later.status_code == 201, later.json()


# --- Time labels name the offset, never an abbreviation that can mean two zones ----------

HK = "/incidents/ali-hk-2022-12/"


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Beijing time"), ("zh-hans", "北京时间"), ("zh-hant", "北京時間")],
)
def test_vendor_times_carry_their_utc_offset_and_zone_name_in_every_language(
    client, language, label
):
    body = text(client.get(HK, HTTP_ACCEPT_LANGUAGE=language))
    assert f"2022-12-18 08:56 UTC+8 ({label}), 00:56 UTC" in body
    assert f"2023-11-12 17:39 UTC+8 ({label}), 09:39 UTC" in text(
        client.get(f"/incidents/{NOV_12}/", HTTP_ACCEPT_LANGUAGE=language)
    )


@pytest.mark.parametrize("url", ["/", HK, f"/incidents/{NOV_12}/", "/people/eddie-wu/"])
def test_a_chicago_reader_never_sees_cst(client, url):
    client.cookies["tz"] = "America/Chicago"
    body = text(client.get(url))
    assert "UTC-6 (US Central time)" in body
    assert not re.search(r"\bC[SD]T\b", body)


# --- The admin's times are in the incident's vendor zone ---------------------------------


def test_the_admin_shows_and_takes_times_in_the_vendor_zone_with_utc_beside(reviewer):
    incident = Incident.objects.get(slug="ali-hk-2022-12")
    change = reverse("admin:incidents_incident_change", args=[incident.pk])
    page = reviewer.get(change)
    body = text(page)
    assert re.search(r'name="started_at_0"[^>]*value="2022-12-18"', body)
    assert re.search(r'name="started_at_1"[^>]*value="08:56:00"', body)
    assert "UTC+8 (Beijing time) = 2022-12-18 00:56 UTC" in body
    data = {**form_data(page), "started_at_1": "08:50:00"}  # as Beijing time
    response = reviewer.post(change, data)
    errors = re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    incident.refresh_from_db()
    assert incident.started_at == dt.datetime(2022, 12, 18, 0, 50, tzinfo=dt.UTC)
    first_update = incident.updates.order_by("posted_at").first()
    assert first_update.posted_at == dt.datetime(2022, 12, 18, 0, 56, tzinfo=dt.UTC)  # untouched


# --- Feeds and names in the reader's language --------------------------------------------


def feed_entry(body: str, slug: str) -> str:
    match = re.search(rf"<entry>(?:(?!</entry>).)*?incident:{slug}.*?</entry>", body, re.S)
    assert match, f"no feed entry for {slug}"
    return html.unescape(match.group(0))


def test_the_feed_gives_english_readers_the_english_summary(client):
    entry = feed_entry(text(client.get("/feed.atom", HTTP_ACCEPT_LANGUAGE="en")), "ali-hk-2022-12")
    assert "A chiller failure at the third-party data centre" in entry
    assert "2022年12月18日，阿里云香港" not in entry


def test_the_feed_gives_chinese_readers_the_original_summary(client):
    body = text(client.get("/feed.atom", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "2022年12月18日，阿里云香港" in feed_entry(body, "ali-hk-2022-12")


def test_traditional_chinese_readers_get_traditional_names_and_translated_roles(client):
    body = text(client.get("/people/daniel-zhang/", HTTP_ACCEPT_LANGUAGE="zh-hant"))
    headings = " ".join(re.findall(r"<h[12][^>]*>(.*?)</h[12]>", body, re.S))
    assert "張勇" in headings and "代理 總裁, 阿里雲智能集團" in headings
    assert "阿里云智能集团" not in headings and "President" not in headings
    timeline = text(client.get("/?kinds=leadership", HTTP_ACCEPT_LANGUAGE="zh-hant"))
    assert "吳泳銘" in timeline and "吴泳铭" not in timeline


# --- The blast radius shows only what the record supports --------------------------------


def product_row(body: str, name: str) -> str:
    match = re.search(
        rf"<tr>\s*<th scope=\"row\"><a[^>]*>{re.escape(name)}</a>.*?</tr>", body, re.S
    )
    assert match, f"no row for {name}"
    return match.group(0)


def test_2023_11_12_claims_no_hong_kong_only_dependency(client):
    body = text(client.get(f"/incidents/{NOV_12}/"))
    assert "ECS control plane" not in body
    assert 'id="h-dependents"' not in body


def test_2023_11_12_shows_the_cited_chain_through_the_accesskey_service(client):
    body = text(client.get(f"/incidents/{NOV_12}/"))
    taobao = product_row(body, "Taobao")
    assert "/products/aliyun-accesskey/" in taobao and "siastes.com" in taobao
    console = product_row(body, "Alibaba Cloud consoles")
    assert "/products/aliyun-accesskey/" in console and "51cto.com/article/775806" in console


def test_hong_kong_shows_the_control_plane_failing_through_single_zone_oss(client):
    row = product_row(text(client.get(HK)), "ECS control plane")
    assert "/products/aliyun-oss/" in row
    assert "help.aliyun.com/noticelist/articleid/1061819219" in row


def test_it_lists_apart_what_depends_on_the_failure_but_was_not_reported_affected(client):
    accesskey = Product.objects.get(slug="aliyun-accesskey")
    lapsed, current = (Product.objects.create(slug=s, name=s.title()) for s in ("old-app", "app"))
    ProductDependency.objects.create(
        from_product=lapsed, to_product=accesskey, valid_to=dt.date(2023, 1, 1)
    )
    ProductDependency.objects.create(from_product=current, to_product=accesskey)
    body = text(client.get(f"/incidents/{NOV_12}/"))
    apart = body[body.index('id="h-dependents"') :]
    assert "/products/app/" in apart and "/products/old-app/" not in body
    assert "/products/app/" not in body[: body.index('id="h-dependents"')]


def test_the_admin_edits_a_dependencys_validity_regions_and_citation(reviewer):
    product = Product.objects.get(slug="aliyun-ecs-control-plane")
    body = text(reviewer.get(reverse("admin:incidents_product_change", args=[product.pk])))
    for field in ("valid_from", "valid_to", "regions", "citation"):
        assert f"-0-{field}" in body
