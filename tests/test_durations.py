"""Durations never mix sources: one source's window as the headline, the range beside it."""

import datetime as dt
import json

import pytest
from django.core.cache import cache

from incidents.demo.load import load
from incidents.models import Citation, Incident
from incidents.record.builder import iter_records
from incidents.record.durations import Reported, durations_of

AK = "ali-global-2023-11-12"
T = dt.datetime(2023, 11, 12, 9, 39, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T + dt.timedelta(minutes=minutes)


def reported(field: str, minutes: int, source: int, official: bool = False) -> Reported:
    return Reported(field, at(minutes), source, f"https://s{source}.test/", official)


# --- The rule ---------------------------------------------------------------------------


def test_with_no_disagreement_the_headline_is_the_incidents_own_window():
    result = durations_of(at(0), at(60), [])
    assert result.seconds == 3600
    assert result.headline.url is None
    assert not result.disputed


def test_an_ongoing_incident_has_no_headline_duration():
    assert durations_of(at(0), None, []).headline is None


def test_the_headline_never_takes_its_start_and_end_from_different_sources():
    values = [
        reported("started_at", 0, 1),  # the fault report: 17:39-19:20
        reported("ended_at", 101, 1),
        reported("started_at", 5, 2, official=True),  # the status page: 17:44-21:11
        reported("ended_at", 212, 2, official=True),
    ]
    result = durations_of(at(0), at(212), values)  # the record's own span mixes the two
    assert result.headline.url == "https://s2.test/"  # the official source by default
    assert (result.headline.started_at, result.headline.ended_at) == (at(5), at(212))
    assert result.seconds == 207 * 60 != 212 * 60
    assert [window.seconds for window in result.spread] == [101 * 60, 207 * 60]


def test_an_editors_choice_of_source_wins_over_the_official_default():
    values = [
        reported("ended_at", 101, 1),
        reported("ended_at", 212, 2, official=True),
    ]
    assert durations_of(at(0), at(212), values, chosen_id=1).seconds == 101 * 60
    assert durations_of(at(0), at(212), values, chosen_id=99).seconds == 212 * 60


def test_an_undisputed_bound_is_shared_and_a_half_window_is_left_out():
    # Two ends disputed, the start not: each end pairs with the one start.
    values = [reported("ended_at", 834, 1, official=True), reported("ended_at", 934, 2)]
    result = durations_of(at(0), at(834), values)
    assert [window.seconds for window in result.spread] == [834 * 60, 934 * 60]
    # Both bounds disputed: a source that gives only a start has no window of its own.
    values = [
        reported("started_at", 0, 1),
        reported("ended_at", 60, 2),
        reported("started_at", 5, 2),
    ]
    result = durations_of(at(0), at(60), values)
    assert result.headline.url == "https://s2.test/"
    assert not result.disputed


def test_sources_that_agree_on_the_length_give_no_range():
    values = [reported("started_at", 0, 1), reported("started_at", 0, 2)]
    assert not durations_of(at(0), at(30), values).disputed


# --- Every interface on the demo data ---------------------------------------------------


@pytest.fixture
def demo(db):
    load()
    cache.clear()


def test_the_2023_11_12_page_no_longer_shows_a_duration_no_source_gives(client, demo):
    body = client.get(f"/incidents/{AK}/").content.decode()
    assert "3 h 32 min" not in body  # 17:39 (fault report) to 21:11 (status page)
    assert "3 h 27 min (1 h 41 min to 3 h 27 min, depending on the source)" in body


def test_the_timeline_and_feeds_show_the_headline_and_the_range(client, demo):
    for path in ("/", "/feed.atom", "/feed.rss", "/providers/alibaba-cloud/"):
        body = client.get(path).content.decode()
        assert "3 h 32 min" not in body, path
        assert "1 h 41 min to 3 h 27 min" in body, path


def test_the_export_and_api_give_duration_seconds_its_window_and_the_range(client, demo):
    record = next(r for r in iter_records() if r["id"] == AK)
    assert record["duration_seconds"] == 3 * 3600 + 27 * 60
    assert record["duration_window"] == {
        "started_at": "2023-11-12T09:44:00Z",
        "ended_at": "2023-11-12T13:11:00Z",
        "citation": "https://status.aliyun.com/#/eventDetail?eventId=16",
    }
    assert record["duration_range"] == {"min_seconds": 6060, "max_seconds": 12420}
    detail = client.get(f"/api/v1/incidents/{AK}/").json()
    assert {k: detail[k] for k in ("duration_seconds", "duration_window", "duration_range")} == {
        k: record[k] for k in ("duration_seconds", "duration_window", "duration_range")
    }
    hk = next(r for r in iter_records() if r["id"] == "ali-hk-2022-12")
    assert hk["duration_seconds"] == 13 * 3600 + 54 * 60  # the official report's 22:50
    assert hk["duration_range"]["max_seconds"] == 15 * 3600 + 34 * 60  # the press's 00:30


def test_an_editor_can_make_the_fault_reports_window_the_headline(client, demo, admin_client):
    incident = Incident.objects.get(slug=AK)
    report = Citation.objects.get(url="https://www.51cto.com/article/775806.html")
    incident.duration_source = report
    incident.save()
    cache.clear()
    record = next(r for r in iter_records() if r["id"] == AK)
    assert record["duration_seconds"] == 6060
    assert json.dumps(record["duration_window"]).count("51cto") == 1
    assert (
        "1 h 41 min (1 h 41 min to 3 h 27 min" in client.get(f"/incidents/{AK}/").content.decode()
    )
    form = admin_client.get(f"/admin/incidents/incident/{incident.pk}/change/").content.decode()
    assert 'name="duration_source"' in form
