"""The demo data set's sourcing: every value cited, every marker backed, each fact-check fix kept.

These read the plain structures of incidents/demo (no database) except where a test says
what a reader sees.
"""

import datetime as dt

import pytest
from django.core.management import call_command

from incidents.demo import load
from incidents.demo.sourcing import SOURCING
from incidents.models import Incident, ValueSourcing

FIELDS = set(ValueSourcing.Field.values)
LEVELS = {"official", "secondary", "unverified"}


def rows() -> list[dict]:
    return load.INCIDENTS


def markers(row: dict) -> dict:
    return row.get("sourcing") or SOURCING.get(row["slug"], {})


def test_every_citation_has_a_url_and_a_title():
    for key, (url, title, *_rest) in load.CITATIONS.items():
        assert url.startswith(("http://", "https://")), key
        assert title.strip(), key


def test_every_reported_value_cites_a_known_citation_of_its_incident():
    for row in rows():
        for reported in row["reported_times"]:
            assert reported["citation"] in load.CITATIONS, row["slug"]
            assert reported["citation"] in row["citations"], row["slug"]
            assert reported["note"], row["slug"]


def test_every_incident_cites_only_known_citations_and_at_least_one():
    for row in rows():
        assert row["citations"], row["slug"]
        missing = set(row["citations"]) - set(load.CITATIONS)
        assert not missing, (row["slug"], missing)


def test_every_incident_marks_each_value_with_a_backed_confidence():
    for row in rows():
        marks = markers(row)
        assert set(marks) == FIELDS, row["slug"]
        for field, (level, citation, note) in marks.items():
            assert level in LEVELS, (row["slug"], field)
            if level == "unverified":
                assert citation is None and note, (row["slug"], field)
            else:
                # The marker's source is one the reader can find among the incident's citations.
                assert citation in row["citations"], (row["slug"], field, citation)


def test_the_postmortem_link_is_a_citation_and_an_official_one_comes_first():
    for row in rows():
        if row["postmortem_url"]:
            urls = [load.CITATIONS[key][0] for key in row["citations"]]
            assert row["postmortem_url"] in urls, row["slug"]
        official = [key for key in row["citations"] if load.CITATIONS[key][5]]
        if official:
            assert load.CITATIONS[row["citations"][0]][5], row["slug"]


def row_of(slug: str) -> dict:
    return next(row for row in rows() if row["slug"] == slug)


def test_the_hong_kong_0030_end_cites_the_article_that_states_it():
    reported = [r for r in row_of("ali-hk-2022-12")["reported_times"] if "00:30" in r["value"]]
    url, _title, *_rest, quote = load.CITATIONS[reported[0]["citation"]]
    assert "theregister" not in url
    assert "0点30分" in quote


def test_the_azure_start_times_cite_the_review_that_gives_them():
    times = {r["value"][11:16]: r for r in row_of("azure-wan-2023-01-25")["reported_times"]}
    final, preliminary = times["07:08"], times["07:05"]
    assert "07:08" in load.CITATIONS[final["citation"]][6]
    assert "Final" in load.CITATIONS[final["citation"]][1]
    assert "07:05" in load.CITATIONS[preliminary["citation"]][6]
    assert "Preliminary" in load.CITATIONS[preliminary["citation"]][1]


def test_the_ithome_article_is_cited_by_the_outage_it_is_about():
    ithome = [k for k, c in load.CITATIONS.items() if "lookcc.net" in c[0]]
    assert ithome
    assert set(ithome) <= set(row_of("ali-db-console-2023-11-27")["citations"])
    assert not set(ithome) & set(row_of("ali-global-2023-11-12")["citations"])


def test_the_2023_11_12_postmortem_link_is_not_the_51cto_commentary():
    row = row_of("ali-global-2023-11-12")
    assert "51cto" not in row["postmortem_url"]
    commentary = next(c for c in load.CITATIONS.values() if "51cto" in c[0])
    assert "commentary" in commentary[1]


@pytest.mark.parametrize(
    ("slug", "product", "impact"),
    [
        ("aws-use1-2021-12-07", "aws-fargate", "major"),
        ("aws-use1-2021-12-07", "aws-ecs", "major"),
        ("aws-use1-2021-12-07", "aws-eks", "major"),
        ("gcp-euw9-2023-04-25", "gcp-bigtable", "critical"),
        ("ali-global-2023-11-12", "aliyun-network", "none"),
    ],
)
def test_the_products_the_fact_check_found_missing_are_recorded(slug, product, impact):
    impacts = {i["product"]: i["impact"] for i in row_of(slug)["impacts"]}
    assert impacts.get(product) == impact


@pytest.mark.parametrize(
    ("slug", "publisher_part"),
    [
        ("gcp-euw9-2023-04-25", "status.cloud.google.com"),
        ("aws-use1-2021-12-07", "thousandeyes.com"),
        ("ovh-sbg-2021-03-10", "nextinpact.com"),
        ("ovh-sbg-2021-03-10", "journaldunet.com"),
    ],
)
def test_the_sources_the_fact_check_found_missing_are_cited(slug, publisher_part):
    urls = [load.CITATIONS[key][0] for key in row_of(slug)["citations"]]
    assert any(publisher_part in url for url in urls)


def test_summaries_drop_the_figures_no_cited_source_gives():
    assert "3.6" not in row_of("ovh-sbg-2021-03-10")["summary"]
    assert "Vantage" not in row_of("ali-hk-2022-12")["summary_en"]
    assert "serviced that morning" not in row_of("ovh-sbg-2021-03-10")["root_cause"]


@pytest.mark.django_db
def test_the_incident_page_shows_each_values_confidence_and_its_source(client):
    call_command("seed_demo", verbosity=0)
    html = client.get("/incidents/gcp-euw9-2023-04-25/").content.decode()
    section = html[html.index('id="h-sourcing"') :]
    assert 'data-field="ended_at"' in section
    ended = section[section.index('data-field="ended_at"') :]
    assert "Not verified" in ended[: ended.index("</tr>")]
    assert "One secondary source" in section
    incident = Incident.objects.get(slug="gcp-euw9-2023-04-25")
    assert incident.value_sourcing.count() == len(FIELDS)


@pytest.mark.django_db
def test_a_republished_postmortem_is_labelled_as_a_copy(client):
    call_command("seed_demo", verbosity=0)
    html = client.get("/incidents/ali-global-2023-11-12/").content.decode()
    assert "a copy of the vendor's text, republished by oxo-chat-server.com" in html


def test_every_landmark_time_carries_its_vendors_offset():
    for row in rows():
        for value in (row["started_at"], row["ended_at"]):
            if value is not None:
                assert dt.datetime.fromisoformat(value).tzinfo is not None, row["slug"]


def test_the_record_holds_forty_landmark_outages_of_2019_to_2024_across_ten_providers():
    assert len(rows()) >= 40
    assert len({row["provider"] for row in rows()}) >= 10
    years = {dt.datetime.fromisoformat(row["started_at"]).astimezone(dt.UTC).year for row in rows()}
    assert years <= set(range(2019, 2025))


def test_every_incident_slug_and_citation_url_is_unique():
    slugs = [row["slug"] for row in rows()]
    assert len(slugs) == len(set(slugs))
    urls = [row[0] for row in load.CITATIONS.values()]
    assert len(urls) == len(set(urls))
