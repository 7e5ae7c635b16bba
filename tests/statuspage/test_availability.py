"""Availability from the sourced windows: weights, overlaps, ranges and no data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from incidents.models import (
    Citation,
    ExternalRef,
    Impact,
    Incident,
    Provider,
    ReportedTime,
    Source,
)
from incidents.record import availability
from tests.public_factories import incident, utc

NOW = utc(2023, 11, 30, 12)
DAY_SECONDS = 86400


@pytest.fixture
def ali(db) -> Provider:
    return Provider.objects.create(slug="alibaba-cloud", name="Alibaba Cloud")


def watching(provider: Provider, since: dt.datetime, until: dt.datetime = NOW) -> Source:
    """A source of `provider` that polled successfully from `since` to `until`."""
    source = Source.objects.create(
        name=f"src-{provider.slug}", kind="statuspage", url="https://status.example/api",
        provider=provider, last_success_at=until, poll_interval=300,
    )  # fmt: skip
    first = incident(provider, f"seed-{provider.slug}", since, ended_at=since, impact=Impact.NONE)
    ref = ExternalRef.objects.create(source=source, external_id="seed", incident=first)
    ExternalRef.objects.filter(pk=ref.pk).update(first_seen_at=since)
    return source


def day(provider: Provider, date: dt.date):
    strip = availability.strip_only(
        Incident.objects.published().filter(provider=provider), [provider.pk], now=NOW, strip=60
    )
    return next(figure for d, figure in strip if d.date == date)


def test_a_critical_incident_takes_its_window_off_a_watched_day(ali):
    watching(ali, utc(2023, 10, 1))
    incident(ali, "two-hours", utc(2023, 11, 20, 6), ended_at=utc(2023, 11, 20, 8),
             impact=Impact.CRITICAL)  # fmt: skip
    figure = day(ali, dt.date(2023, 11, 20))
    assert figure.value == pytest.approx(1 - 2 / 24)
    assert figure.low == figure.high == figure.value
    assert day(ali, dt.date(2023, 11, 21)).value == 1.0


def test_minor_impact_counts_at_its_stated_weight(ali):
    watching(ali, utc(2023, 10, 1))
    incident(ali, "minor", utc(2023, 11, 20, 0), ended_at=utc(2023, 11, 20, 4),
             impact=Impact.MINOR)  # fmt: skip
    expected = 1 - availability.PARTIAL_WEIGHT * 4 / 24
    assert day(ali, dt.date(2023, 11, 20)).value == pytest.approx(expected)


def test_overlapping_incidents_count_once_at_the_worst_impact(ali):
    watching(ali, utc(2023, 10, 1))
    incident(ali, "a", utc(2023, 11, 20, 1), ended_at=utc(2023, 11, 20, 4), impact=Impact.MAJOR)
    incident(ali, "b", utc(2023, 11, 20, 3), ended_at=utc(2023, 11, 20, 5), impact=Impact.CRITICAL)
    incident(ali, "c", utc(2023, 11, 20, 2), ended_at=utc(2023, 11, 20, 7), impact=Impact.MINOR)
    # Down 01:00-05:00 (4 h); degraded only 05:00-07:00 (2 h).
    expected = 1 - (4 + availability.PARTIAL_WEIGHT * 2) / 24
    assert day(ali, dt.date(2023, 11, 20)).value == pytest.approx(expected)


def test_maintenance_and_drafts_do_not_count(ali):
    watching(ali, utc(2023, 10, 1))
    incident(ali, "maint", utc(2023, 11, 20, 0), ended_at=utc(2023, 11, 20, 6),
             impact=Impact.MAINTENANCE)  # fmt: skip
    incident(ali, "draft", utc(2023, 11, 20, 0), ended_at=utc(2023, 11, 20, 6),
             impact=Impact.CRITICAL, review_state="draft")  # fmt: skip
    assert day(ali, dt.date(2023, 11, 20)).value == 1.0


def test_an_incident_across_midnight_is_split_between_its_days(ali):
    watching(ali, utc(2023, 10, 1))
    incident(ali, "night", utc(2023, 11, 20, 22), ended_at=utc(2023, 11, 21, 3),
             impact=Impact.CRITICAL)  # fmt: skip
    assert day(ali, dt.date(2023, 11, 20)).value == pytest.approx(1 - 2 / 24)
    assert day(ali, dt.date(2023, 11, 21)).value == pytest.approx(1 - 3 / 24)


def test_disagreeing_sources_give_a_range_the_2023_11_12_end(ali):
    # Alibaba Cloud's fault report ends it at 19:20 Beijing time, its status page at 21:11.
    ak = incident(ali, "ak", utc(2023, 11, 12, 9, 39), ended_at=utc(2023, 11, 12, 13, 11),
                  impact=Impact.CRITICAL)  # fmt: skip
    report = Citation.objects.create(url="https://example.com/report", title="Fault report")
    page = Citation.objects.create(url="https://example.com/status", title="Status page")
    ReportedTime.objects.create(incident=ak, field="ended_at", value=utc(2023, 11, 12, 11, 20),
                                citation=report)  # fmt: skip
    ReportedTime.objects.create(incident=ak, field="ended_at", value=utc(2023, 11, 12, 13, 11),
                                citation=page)  # fmt: skip
    figure = day(ali, dt.date(2023, 11, 12))
    assert figure.high == pytest.approx(1 - 101 / 1440)  # down 09:39-11:20
    assert figure.low == pytest.approx(1 - 212 / 1440)  # down 09:39-13:11
    assert figure.value == figure.low  # the headline window is the status page's
    assert figure.as_dict()["low"] == 85.278 and figure.as_dict()["high"] == 92.986


def test_a_day_nobody_watched_is_no_data_never_green(ali):
    assert day(ali, dt.date(2023, 11, 20)).value is None
    assert day(ali, dt.date(2023, 11, 20)).as_dict()["no_data"] is True
    failing = watching(ali, utc(2023, 11, 1), until=utc(2023, 11, 10))
    assert failing.last_success_at == utc(2023, 11, 10)
    assert day(ali, dt.date(2023, 11, 5)).value == 1.0
    assert day(ali, dt.date(2023, 11, 20)).value is None  # the source had stopped working


def test_a_day_the_record_reports_on_counts_though_no_source_watched(ali):
    incident(ali, "curated", utc(2023, 11, 20, 0), ended_at=utc(2023, 11, 20, 12),
             impact=Impact.CRITICAL)  # fmt: skip
    assert day(ali, dt.date(2023, 11, 20)).value == pytest.approx(0.5)
    assert day(ali, dt.date(2023, 11, 19)).value is None


def test_months_and_years_weigh_only_covered_time(ali):
    watching(ali, utc(2023, 11, 1))
    incident(ali, "long", utc(2023, 11, 20, 0), ended_at=utc(2023, 11, 21, 0),
             impact=Impact.CRITICAL)  # fmt: skip
    result = availability.report(Incident.objects.published().filter(provider=ali), [ali.pk],
                                 now=NOW)  # fmt: skip
    months = dict(result.months)
    covered = 29 * DAY_SECONDS + 12 * 3600  # 1 November to now, 30 November 12:00
    assert months["2023-11"].value == pytest.approx(1 - DAY_SECONDS / covered)
    assert months["2023-10"].value is None
    years = dict(result.years)
    assert years["2023"].value == months["2023-11"].value
    assert years["2022"].value is None
    assert len(result.strip) == 90


def test_an_ongoing_incident_counts_up_to_now(ali):
    watching(ali, utc(2023, 10, 1))
    incident(ali, "open", utc(2023, 11, 30, 6), impact=Impact.CRITICAL)
    figure = day(ali, dt.date(2023, 11, 30))
    assert figure.value == pytest.approx(1 - 6 / 12)  # 6 h down of the 12 h so far


def test_postgresql_aggregates_the_same_figures_as_the_reference(ali, postgres):
    watching(ali, utc(2023, 10, 1))
    ak = incident(ali, "ak", utc(2023, 11, 12, 9, 39), ended_at=utc(2023, 11, 12, 13, 11),
                  impact=Impact.CRITICAL)  # fmt: skip
    citation = Citation.objects.create(url="https://example.com/r", title="Report")
    ReportedTime.objects.create(incident=ak, field="ended_at", value=utc(2023, 11, 12, 11, 20),
                                citation=citation)  # fmt: skip
    for n in range(40):
        start = utc(2023, 10, 1) + dt.timedelta(hours=29 * n)
        impact = [Impact.CRITICAL, Impact.MAJOR, Impact.MINOR, Impact.MAINTENANCE][n % 4]
        incident(ali, f"i{n}", start, ended_at=start + dt.timedelta(hours=n % 7 + 1), impact=impact)
    incident(ali, "open", utc(2023, 11, 29, 23), impact=Impact.MINOR)
    rows = availability.windowed(Incident.objects.published().filter(provider=ali),
                                 utc(2023, 10, 1), utc(2023, 12, 1))  # fmt: skip
    assert connection.vendor == "postgresql"
    sql = availability.lost_by_day_sql(rows, utc(2023, 10, 1), utc(2023, 12, 1), NOW)
    python = availability.lost_by_day_python(rows, utc(2023, 10, 1), utc(2023, 12, 1), NOW)
    assert sql.keys() == python.keys()
    for date in python:
        assert sql[date] == pytest.approx(python[date]), date
