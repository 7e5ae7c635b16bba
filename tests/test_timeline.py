"""The public timeline: entries, filters, search, pagination, bad input, queries, caching."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from incidents.models import Incident, ReviewState
from incidents.site import timeline
from tests.public_factories import incident, make_world, utc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def world():
    return make_world()


def slugs_in(response) -> list[str]:
    return re.findall(r'href="/incidents/([\w-]+)/"', response.content.decode())


def test_it_lists_published_incidents_newest_first(client, world):
    response = client.get("/")
    assert response.status_code == 200
    listed = list(dict.fromkeys(slugs_in(response)))
    assert listed == ["aws-use1-lambda", "ali-global-2023-11-12", "ali-hk-2022-12"]


def test_it_never_shows_drafts_hidden_or_merged_incidents(client, world):
    body = client.get("/").content.decode()
    for secret in ("Draft secret outage", "Hidden secret outage", "Duplicate HK report"):
        assert secret not in body


def test_it_groups_entries_by_year_and_month(client, world):
    body = client.get("/").content.decode()
    years = re.findall(r'<h2 class="year">(\d{4})</h2>', body)
    assert years == ["2024", "2023", "2022", "2019"]  # 2019: an appointment
    assert 'id="m-2022-12"' in body and "December 2022" in body


def test_it_shows_impact_in_words_duration_and_ongoing(client, world):
    body = client.get("/").content.decode()
    assert 'class="impact impact-critical"' in body and "Critical</span>" in body
    assert "13 h 54 min" in body
    assert "ongoing" in body


def test_it_shows_regions_and_products_taken_down(client, world):
    body = client.get("/").content.decode()
    assert "?region=cn-hongkong-c" in body
    assert 'href="/products/ecs/"' in body


def test_it_puts_leadership_changes_on_the_timeline_with_the_lag(client, world):
    body = client.get("/").content.decode()
    assert "Zhang Jianfeng steps down as President" in body
    entry = body[body.index("Zhang Jianfeng steps down as President") :]
    assert re.search(r"11 days after</strong>\s*<a href=\"/incidents/ali-hk-2022-12/\"", entry)


def test_it_shows_what_followed_an_incident(client, world):
    body = client.get("/").content.decode()
    assert "4 days later" in body  # the spin-off halt after the AccessKey outage


def test_it_filters_by_provider(client, world):
    response = client.get("/?provider=aws")
    assert set(slugs_in(response)) == {"aws-use1-lambda"}
    assert "Zhang Jianfeng" not in response.content.decode()


def test_it_keeps_company_events_of_the_providers_group_when_filtering(client, world):
    body = client.get("/?provider=alibaba-cloud").content.decode()
    assert "Zhang Jianfeng steps down" in body
    assert "Full cloud spin-off dropped" in body  # the parent organisation's event


def test_it_filters_by_product(client, world):
    assert set(slugs_in(client.get("/?product=taobao"))) == {"ali-global-2023-11-12"}


def test_it_filters_by_region(client, world):
    response = client.get("/?region=cn-hongkong-c")
    assert set(slugs_in(response)) == {"ali-hk-2022-12"}


def test_it_filters_by_minimum_impact(client, world):
    listed = set(slugs_in(client.get("/?impact=major")))
    assert listed == {"ali-global-2023-11-12", "ali-hk-2022-12"}


def test_it_filters_by_year_and_date_range(client, world):
    assert set(slugs_in(client.get("/?year=2023"))) == {"ali-global-2023-11-12"}
    assert set(slugs_in(client.get("/?since=2023-01-01&until=2024-12-31"))) == {
        "ali-global-2023-11-12",
        "aws-use1-lambda",
    }


def test_it_filters_ongoing_incidents(client, world):
    assert set(slugs_in(client.get("/?ongoing=on"))) == {"aws-use1-lambda"}


def test_it_shows_only_the_kinds_of_entries_asked_for(client, world):
    body = client.get("/?show=leadership").content.decode()
    assert "Zhang Jianfeng steps down" in body
    assert not slugs_in_entries(body)
    body = client.get("/?show=incidents").content.decode()
    assert 'id="l-zhang-steps-down"' not in body
    assert "Zhang Jianfeng steps down" in body  # still named as what followed the outage


def slugs_in_entries(body: str) -> list[str]:
    return re.findall(r'<h4 id="i-([\w-]+)"', body)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chiller", {"ali-hk-2022-12"}),  # English summary
        ("whitelist", {"ali-global-2023-11-12"}),  # update body
        ("香港", {"ali-hk-2022-12"}),  # original Chinese title
        ("雲產品", {"ali-global-2023-11-12"}),  # Traditional Chinese translation
        ("Lambda", {"aws-use1-lambda"}),
    ],
)
def test_it_searches_titles_translations_summaries_and_update_bodies(
    client, world, query, expected
):
    assert set(slugs_in_entries(client.get("/", {"q": query}).content.decode())) == expected


def test_it_searches_with_postgresql_full_text_search_on_postgresql(postgres, client, world):
    # Stemming is a full-text feature a substring match lacks: "restarting" finds "restarted".
    body = client.get("/", {"q": "restarting servers"}).content.decode()
    assert set(slugs_in_entries(body)) == {"ali-hk-2022-12"}


def test_it_explains_an_unknown_provider_instead_of_failing(client, world):
    response = client.get("/?provider=nope")
    assert response.status_code == 400
    assert "No provider is called “nope”." in response.content.decode()


def test_it_explains_a_malformed_date(client, world):
    response = client.get("/?since=2023-13-45")
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


def test_it_refuses_an_end_before_the_start(client, world):
    response = client.get("/?since=2024-01-01&until=2023-01-01")
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.parametrize("page", ["0", "abc", "-1", "99"])
def test_it_answers_404_for_a_page_that_does_not_exist(client, world, page):
    assert client.get("/", {"page": page}).status_code == 404


def test_it_paginates_and_shows_each_event_on_exactly_one_page(client, world):
    base = utc(2022, 1, 1)
    for n in range(timeline.PAGE_SIZE + 5):
        incident(world.aws, f"bulk-{n}", base + dt.timedelta(days=n * 7))
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert not set(slugs_in_entries(first)) & set(slugs_in_entries(second))
    assert (first + second).count('id="l-zhang-steps-down"') == 1


def test_it_runs_the_same_number_of_queries_for_many_incidents(
    client, world, django_assert_max_num_queries
):
    for n in range(30):
        extra = incident(world.alibaba, f"extra-{n}", utc(2021, 1, 1) + dt.timedelta(days=n))
        extra.regions.set(world.hk.regions.all())
    with django_assert_max_num_queries(10):
        response = client.get("/?provider=alibaba-cloud")
    assert len(slugs_in_entries(response.content.decode())) == 32


def test_it_serves_a_warm_page_without_touching_the_database(
    client, world, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_it_shows_a_change_as_soon_as_an_incident_changes(client, world):
    assert "Hong Kong Zone C outage" in client.get("/").content.decode()
    world.hk.title_en = "Hong Kong Zone C cooling failure"
    world.hk.save()
    assert "Hong Kong Zone C cooling failure" in client.get("/").content.decode()


def test_it_drops_an_incident_from_the_cached_page_once_hidden(client, world):
    assert "ali-hk-2022-12" in slugs_in(client.get("/"))
    Incident.objects.get(pk=world.hk.pk).hide()
    assert "ali-hk-2022-12" not in slugs_in(client.get("/"))
    assert Incident.objects.get(pk=world.hk.pk).review_state == ReviewState.HIDDEN


def test_it_works_without_javascript_through_get_forms_and_links(client, world):
    body = client.get("/?provider=aws").content.decode()
    assert '<form class="filters" method="get"' in body
    assert 'href="/feed.atom?provider=aws"' in body


def test_it_does_not_call_a_resolved_incident_without_an_end_ongoing(client, world):
    incident(world.aws, "resolved-no-end", utc(2024, 6, 1), status="resolved")
    body = client.get("/").content.decode()
    entry = body[body.index('id="i-resolved-no-end"') :]
    assert "end not recorded" in entry[: entry.index("</article>")]
    assert "resolved-no-end" not in slugs_in(client.get("/?ongoing=on"))


def test_it_answers_full_text_search_from_the_gin_indexes(postgres, world):
    from incidents.models import Incident
    from incidents.record.search import search_incidents

    query = search_incidents(Incident.objects.all(), "chiller restarted")
    with postgres.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "incident_search_idx" in plan and "update_search_idx" in plan, plan
