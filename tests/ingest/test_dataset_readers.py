"""The dataset readers and their repairs, from recorded-style fixtures alone (no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from incidents.ingest.datasets import Issre22, Ndjson, RowError, SkippedRow, Void
from incidents.ingest.datasets.cleaning import (
    checked_link,
    parse_date,
    repair_mojibake,
    split_cell,
    year_mismatch,
)
from incidents.ingest.datasets.importer import read_path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "datasets"
UTC = dt.UTC


def by_location(rows):
    return {row.location: row for row in rows}


def test_it_reads_month_day_year_dates():
    assert parse_date("9/4/2017") == dt.datetime(2017, 9, 4, tzinfo=UTC)
    assert parse_date("2019-08-09") == dt.datetime(2019, 8, 9, tzinfo=UTC)
    with pytest.raises(RowError, match="neither month/day/year"):
        parse_date("31/12/2019")


def test_it_repairs_utf8_read_as_cp1252_and_leaves_clean_text_alone():
    assert repair_mojibake("Slackâ€™s Outage") == ("Slack’s Outage", True)
    assert repair_mojibake("CafÃ© down") == ("Café down", True)
    assert repair_mojibake("Slack’s Outage") == ("Slack’s Outage", False)
    # Not a clean round trip: kept as is rather than made worse.
    assert repair_mojibake("â€ but then 漢字") == ("â€ but then 漢字", False)


def test_it_splits_multi_valued_cells_and_drops_empty_items():
    assert split_cell("Increased errors, ,Cascading failure,Increased errors") == [
        "Increased errors",
        "Cascading failure",
    ]
    assert split_cell(None) == []


def test_it_notes_a_record_whose_text_names_another_year():
    when = dt.datetime(2011, 6, 4, tzinfo=UTC)
    assert "dated 2011 but its text says 2016" in year_mismatch(when, "June 4th, 2016")
    assert year_mismatch(when, "June 2011 and 2016") == ""
    assert year_mismatch(when, "no year here") == ""


def test_it_drops_links_that_cannot_be_followed():
    assert checked_link("https://aws.amazon.com/message/41926/")[0]
    assert "not an http(s) URL" in checked_link("ftp://aws.amazon.com/x")[1]
    assert "cannot exist" in checked_link("https://status.gone.invalid/x")[1]
    assert checked_link("") == ("", "")


def test_issre22_reads_each_post_mortem_and_skips_a_bad_one_alone():
    rows = by_location(read_path(Issre22(), FIXTURES / "issre22"))

    s3 = rows["AWS/aws.json: aws-1"]
    assert s3.provider == "AWS"
    assert s3.incident.started_at == dt.datetime(2017, 2, 28, tzinfo=UTC)
    assert s3.incident.ended_at == s3.incident.started_at + dt.timedelta(minutes=245)
    assert s3.incident.url == "https://aws.amazon.com/message/41926/"
    assert '"root cause"' in s3.raw  # the study's labels stay in the raw copy
    sydney = rows["AWS/aws.json: aws-2"]
    assert sydney.incident.url == ""
    assert any("dated 2011 but its text says 2016" in n for n in sydney.notes)
    assert any("cannot exist" in n for n in sydney.notes)
    assert any("no duration" in n for n in sydney.notes)
    assert rows["AWS/aws.json: aws-3"] == SkippedRow("AWS/aws.json: aws-3", "no date")


def test_issre22_takes_azures_own_utc_window_and_the_folder_when_the_key_lacks_it():
    rows = by_location(read_path(Issre22(), FIXTURES / "issre22"))
    cdn = rows["Azure/azure-2019.08.08-08.28.json: azure-20190808-1"].incident
    assert (cdn.started_at, cdn.ended_at) == (
        dt.datetime(2019, 8, 8, 14, 5, tzinfo=UTC),
        dt.datetime(2019, 8, 8, 19, 0, tzinfo=UTC),
    )
    overnight = rows["Azure/azure-2019.08.08-08.28.json: azure20190809-1"]
    assert overnight.provider == "Azure"
    assert overnight.incident.ended_at == dt.datetime(2019, 8, 10, 1, 0, tzinfo=UTC)
    assert rows["Google/gcd.json: gcd-17002"].provider == "Google Cloud"


def test_void_reads_the_export_with_its_dirt_one_message_per_row():
    rows = by_location(read_path(Void(), FIXTURES / "void" / "export.csv"))

    slack = rows["export.csv line 2"]
    assert slack.incident.title == "Slack’s Outage on January 4th 2021"
    assert slack.incident.impact == "critical"
    assert slack.incident.started_at == dt.datetime(2021, 1, 4, tzinfo=UTC)
    assert rows["export.csv line 3"].incident.impact == "major"  # most severe of three
    assert "no write-up date" in rows["export.csv line 4"].notes
    assert rows["export.csv line 5"].reason == "no date"
    honeycomb = rows["export.csv line 6"]
    assert any("text says 2018" in n for n in honeycomb.notes)
    assert any("not mapped: Mystery category" in n for n in honeycomb.notes)
    cloudflare = rows["export.csv line 7"]
    assert cloudflare.provider == "Cloudflare"
    assert any("filed under the first" in n for n in cloudflare.notes)
    assert cloudflare.incident.url == ""
    assert rows["export.csv line 8"].reason == "empty Title"


def test_void_refuses_a_file_that_is_not_a_void_export():
    rows = Void().read(b"a,b\n1,2\n", "other.csv")
    assert isinstance(rows[0], SkippedRow) and "not a VOID export" in rows[0].reason


def test_ndjson_reads_records_and_skips_broken_lines():
    good = (
        b'{"id": "github-2024-01-02-abc", "title": "Git operations degraded",'
        b' "provider": "github", "status": "resolved", "impact": "minor",'
        b' "started_at": "2024-01-02T10:00:00Z", "ended_at": "2024-01-02T11:00:00Z",'
        b' "regions": [], "products": [{"slug": "github-git", "name": "Git", "impact": "major",'
        b' "started_at": null, "ended_at": null}],'
        b' "refs": [{"source": "GitHub", "external_id": "abc",'
        b' "url": "https://www.githubstatus.com/incidents/abc"}],'
        b' "updates": [{"posted_at": "2024-01-02T10:05:00Z", "status": "investigating",'
        b' "body": "Looking"}],'
        b' "citations": [{"url": "https://github.blog/x", "title": "Post"}]}'
    )
    rows = Ndjson().read(good + b"\n\n{not json\n" + b'{"id": "x", "title": "t"}\n', "in.ndjson")
    record, broken, missing = rows
    assert record.incident.ended_at == dt.datetime(2024, 1, 2, 11, tzinfo=UTC)
    assert record.incident.products[0].product == "Git"
    assert record.incident.updates[0].body == "Looking"
    assert record.citations[0].url == "https://github.blog/x"
    assert broken.location == "in.ndjson line 3" and "not JSON" in broken.reason
    assert missing.reason == "no provider"
