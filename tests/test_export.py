"""The public export: record shape, UTC times, what is left out, formats, flat memory."""

import csv
import datetime as dt
import io
import json
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Exists, OuterRef

from incidents.demo.load import load
from incidents.management.commands import export as export_command
from incidents.models import (
    Citation,
    CorporateEvent,
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    LeadershipChange,
    Organization,
    Person,
    Product,
    ProductImpact,
    Provider,
    Region,
    ReviewState,
    Source,
)
from incidents.record.builder import incident_record, iter_records, public_incidents, record_schema
from incidents.record.formats import write_csv, write_json, write_ndjson

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def demo():
    load()


def make_incidents(count: int, review_state: str = ReviewState.PUBLISHED) -> None:
    """Create `count` incidents, each with a region, two updates and a product impact."""
    provider, _ = Provider.objects.get_or_create(slug="genco", defaults={"name": "GenCo"})
    region, _ = Region.objects.get_or_create(provider=provider, slug="r1", defaults={"name": "R1"})
    product, _ = Product.objects.get_or_create(slug="genco-db", defaults={"name": "DB"})
    first = Incident.objects.count()
    incidents = Incident.objects.bulk_create(
        Incident(
            slug=f"gen-{first + i}",
            provider=provider,
            title=f"Generated incident {i} " + "x" * 200,
            started_at=START + dt.timedelta(hours=i),
            ended_at=START + dt.timedelta(hours=i, minutes=30),
            review_state=review_state,
        )
        for i in range(count)
    )
    Incident.regions.through.objects.bulk_create(
        Incident.regions.through(incident=inc, region=region) for inc in incidents
    )
    IncidentUpdate.objects.bulk_create(
        IncidentUpdate(
            incident=inc, posted_at=inc.started_at + dt.timedelta(minutes=m), body="b" * 300
        )
        for inc in incidents
        for m in (0, 30)
    )
    ProductImpact.objects.bulk_create(
        ProductImpact(incident=inc, product=product) for inc in incidents
    )


def records() -> list[dict]:
    return list(iter_records())


def test_times_are_utc_iso_strings_ending_in_z(demo):
    hk = next(r for r in records() if r["id"] == "ali-hk-2022-12")
    assert hk["started_at"] == "2022-12-18T00:56:00Z"
    assert hk["ended_at"] == "2022-12-18T14:50:00Z"
    assert hk["duration_seconds"] == 13 * 3600 + 54 * 60
    for record in records():
        times = [record["started_at"], record["updated_at"], record["ended_at"]]
        times += [u["posted_at"] for u in record["updates"]]
        times += [p["started_at"] for p in record["products"]]
        for value in filter(None, times):
            assert value.endswith("Z")
            assert dt.datetime.fromisoformat(value).utcoffset() == dt.timedelta(0)


def test_a_record_carries_links_with_lag_days_and_citations_in_order(demo):
    hk = next(r for r in records() if r["id"] == "ali-hk-2022-12")
    link = next(lnk for lnk in hk["links"] if lnk["kind"] == "leadership_change")
    assert link["target"] == "zhang-jianfeng-leaves-cloud-president-2022-12-29"
    assert (link["relation"], link["lag_days"]) == ("followed_by", 11)
    assert (
        hk["citations"][0]["url"] == "https://help.aliyun.com/noticelist/articleid/1061819219.html"
    )
    assert hk["regions"] == ["cn-hongkong", "cn-hongkong-c"]
    assert hk["refs"] == [{"source": "Alibaba Cloud status", "external_id": "1",
                           "url": "https://status.aliyun.com/#/eventDetail?eventId=1"}]  # fmt: skip
    ecs = next(p for p in hk["products"] if p["slug"] == "aliyun-ecs")
    assert ecs["started_at"] == "2022-12-18T01:23:00Z"  # its own start, not the incident's


def test_draft_hidden_and_merged_incidents_are_left_out(demo):
    make_incidents(1, ReviewState.DRAFT)
    make_incidents(1, ReviewState.HIDDEN)
    make_incidents(1)
    duplicate = Incident.objects.get(slug="gen-42")
    duplicate.merged_into = Incident.objects.get(slug="ali-hk-2022-12")
    duplicate.save()
    ids = {r["id"] for r in records()}
    assert len(ids) == 40
    assert not ids & {"gen-40", "gen-41", "gen-42"}


def test_csv_parses_with_its_header_and_flattened_cells(demo):
    out = io.StringIO(newline="")
    assert write_csv(iter_records(), out) == 40
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[0] == list(record_schema()["properties"])  # the data dictionary's order
    by_id = {row["id"]: row for row in csv.DictReader(io.StringIO(out.getvalue(), newline=""))}
    hk = by_id["ali-hk-2022-12"]
    assert hk["regions"].split("|") == ["cn-hongkong", "cn-hongkong-c"]
    assert json.loads(hk["links"])[0]["lag_days"] == 11
    assert by_id["gcp-euw9-2023-04-25"]["ended_at"] == ""
    taobao = [p["slug"] for p in json.loads(by_id["ali-global-2023-11-12"]["products"])]
    assert "taobao" in taobao


def test_every_ndjson_line_is_a_json_object(demo):
    out = io.StringIO()
    assert write_ndjson(iter_records(), out) == 40
    lines = out.getvalue().splitlines()
    assert len(lines) == 40
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_json_output_parses_as_an_array_even_when_empty(demo):
    out = io.StringIO()
    write_json(iter_records(), out)
    assert [r["id"] for r in json.loads(out.getvalue())] == [r["id"] for r in records()]
    empty = io.StringIO()
    assert write_json(iter_records(public_incidents().none()), empty) == 0
    assert json.loads(empty.getvalue()) == []


@pytest.mark.parametrize("fmt", ["ndjson", "csv", "json"])
def test_the_command_writes_each_format_to_stdout_or_a_file(demo, fmt, tmp_path):
    stdout = io.StringIO()
    call_command("export", format=fmt, stdout=stdout)
    target = tmp_path / f"out.{fmt}"
    call_command("export", format=fmt, output=str(target), stderr=io.StringIO())
    assert target.read_bytes().decode("utf-8") == stdout.getvalue()
    assert "香港Region可用区C服务中断" in stdout.getvalue()


def test_the_command_refuses_a_chunk_size_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("export", chunk_size=0)


def test_a_failed_file_export_leaves_no_file_behind(demo, tmp_path, monkeypatch):
    def broken(fmt, chunks, fp):
        fp.write("[")
        raise OSError("disk full")

    monkeypatch.setattr(export_command, "write_stored", broken)
    with pytest.raises(OSError):
        call_command("export", format="json", output=str(tmp_path / "out.json"))
    assert list(tmp_path.iterdir()) == []


def test_csv_defuses_text_a_spreadsheet_would_run_as_a_formula():
    make_incidents(1)
    Incident.objects.filter(slug="gen-0").update(title='=HYPERLINK("http://x.test")')
    out = io.StringIO()
    write_csv(iter_records(), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert row["title"] == '\'=HYPERLINK("http://x.test")'
    assert next(iter_records())["title"].startswith("=")  # the record itself is unchanged


def test_a_filtered_queryset_exports_only_its_incidents(demo):
    queryset = public_incidents().filter(provider__slug="alibaba-cloud")
    assert {r["id"] for r in iter_records(queryset, chunk_size=2)} == {
        "ali-hk-2022-12",
        "ali-global-2023-11-12",
        "ali-db-console-2023-11-27",
        "ali-sg-2024-09-10",
    }
    one = incident_record(queryset.get(slug="ali-db-console-2023-11-27"))
    assert one["regions"][0] == "cn-beijing"


def test_queries_stay_constant_per_chunk(demo, django_assert_max_num_queries):
    make_incidents(20)  # 60 published in all: six chunks of ten
    # One query for the page plus one per related table (8) per chunk, and a last empty page.
    with django_assert_max_num_queries(6 * 9 + 1):
        exported = list(iter_records(chunk_size=10))
    assert len(exported) == 60


def peak_export_memory(chunk_size: int) -> int:
    sink = io.StringIO()
    tracemalloc.start()
    try:
        # Discard as it goes, so only the exporter's own memory is measured.
        for record in iter_records(chunk_size=chunk_size):
            write_ndjson([record], sink)
            sink.seek(0)
            sink.truncate()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_number_of_incidents_grows():
    make_incidents(200)
    peak_export_memory(100)  # warm caches (query compilation, imports) before measuring
    small = peak_export_memory(100)
    make_incidents(1800)
    large = peak_export_memory(100)
    # Ten times the incidents; a loose bound that a load-everything exporter (about 10x)
    # cannot meet.
    assert large < small * 3, (small, large)


def make_rich_incidents() -> None:
    """Create incidents with every kind of related row, in orders that differ from ids."""
    org = Organization.objects.create(slug="richco", name="RichCo")
    provider = Provider.objects.create(slug="rich", name="Rich", organization=org)
    regions = [
        Region.objects.create(provider=provider, slug=slug, name=slug) for slug in ("zz", "aa")
    ]
    products = [
        Product.objects.create(slug=f"rich-{n}", name=name)
        for n, name in enumerate(("Zeta", "Alpha", "Mid"))
    ]
    sources = [
        Source.objects.create(
            name=name, kind="statuspage", url=f"https://{name}.test/", provider=provider
        )
        for name in ("zulu-feed", "alpha-feed")
    ]
    person = Person.objects.create(slug="pat", name="Pat")
    change = LeadershipChange.objects.create(
        slug="pat-leaves", person=person, organization=org, role="CEO",
        action="departed", announced_on=dt.date(2024, 1, 5),
    )  # fmt: skip
    event = CorporateEvent.objects.create(
        slug="reorg", organization=org, kind="reorganisation", title="Reorg",
        occurred_on=dt.date(2023, 12, 20),
    )  # fmt: skip
    citations = [
        Citation.objects.create(url=f"https://news.test/{n}", title=f"Story {n} «引用»")
        for n in range(3)
    ]
    for n, zone in enumerate(("Asia/Shanghai", "America/Los_Angeles", "UTC", "Asia/Shanghai")):
        # 20:30 UTC is the next day in Shanghai and the same day in Los Angeles.
        start = START + dt.timedelta(days=n, hours=20, minutes=30, microseconds=n * 1234)
        incident = Incident.objects.create(
            slug=f"rich-{n}", provider=provider, title=f"=香港 outage {n}\n\"quoted\"\t\\",
            status="resolved", impact="critical", started_at=start,
            ended_at=None if n == 3 else start + dt.timedelta(hours=3, seconds=7),
            time_zone=zone, root_cause="Power\u2028loss \x01",
            review_state=ReviewState.PUBLISHED,
        )  # fmt: skip
        incident.regions.set(regions)
        for k, product in enumerate(products):
            own = start + dt.timedelta(minutes=5) if k == 1 else None
            ProductImpact.objects.create(incident=incident, product=product, started_at=own)
        for k, source in enumerate(sources):
            ExternalRef.objects.create(
                source=source, external_id=f"e{n}-{k}", incident=incident, url="https://x.test/"
            )
        for minutes in (50, 10, 30):
            IncidentUpdate.objects.create(
                incident=incident, posted_at=start + dt.timedelta(minutes=minutes),
                status="identified", body=f"<b>update</b> {minutes} ✓",
            )  # fmt: skip
        IncidentLink.objects.create(incident=incident, corporate_event=event, relation="speculated")
        IncidentLink.objects.create(
            incident=incident, leadership_change=change, relation="followed_by"
        )
        for position, citation in zip((2, 0, 1), citations, strict=True):
            IncidentCitation.objects.create(incident=incident, citation=citation, position=position)


def test_a_record_carries_lags_in_the_vendors_zone_and_lists_in_the_documented_orders():
    make_incidents(2, ReviewState.DRAFT)  # a gap in the ids: chunks both dense and not
    make_rich_incidents()
    for chunk_size in (3, 500):
        streamed = list(iter_records(chunk_size=chunk_size))
        assert [r["id"] for r in streamed] == ["rich-0", "rich-1", "rich-2", "rich-3"]
        rich = streamed[0]
        assert [lnk["lag_days"] for lnk in rich["links"]] == [-13, 3]  # Shanghai: a day later
        assert rich["regions"] == ["aa", "zz"]
        assert [c["title"] for c in rich["citations"]] == ["Story 1 «引用»", "Story 2 «引用»",
                                                          "Story 0 «引用»"]  # fmt: skip
        assert [u["body"][-4:] for u in rich["updates"]] == ["10 ✓", "30 ✓", "50 ✓"]
        assert [(p["name"], p["started_at"]) for p in rich["products"]] == [
            ("Alpha", "2024-01-01T20:35:00Z"), ("Mid", None), ("Zeta", None)
        ]  # fmt: skip
        assert streamed[3]["duration_seconds"] is None  # no end yet
        assert rich["duration_seconds"] == 3 * 3600 + 7
    assert incident_record(Incident.objects.get(slug="rich-2")) == streamed[2]


def test_a_filtered_queryset_streams_only_its_incidents_in_chunks(demo):
    make_rich_incidents()
    queryset = public_incidents().filter(
        Exists(ProductImpact.objects.filter(incident=OuterRef("pk"), product__slug="rich-1"))
    )
    streamed = list(iter_records(queryset.distinct(), chunk_size=2))
    assert [r["id"] for r in streamed] == ["rich-0", "rich-1", "rich-2", "rich-3"]


def test_a_record_carries_each_values_confidence_with_the_url_checked_against(demo):
    paris = next(r for r in records() if r["id"] == "gcp-euw9-2023-04-25")
    by_field = {entry["field"]: entry for entry in paris["confidence"]}
    assert [e["field"] for e in paris["confidence"]] == [
        "started_at",
        "ended_at",
        "regions",
        "products",
        "root_cause",
    ]
    assert by_field["ended_at"]["level"] == "unverified"
    assert by_field["ended_at"]["citation"] is None
    assert by_field["started_at"]["level"] == "secondary"
    assert by_field["started_at"]["citation"].startswith("https://")
    lambda_ = next(r for r in records() if r["id"] == "aws-use1-lambda-2023-06-13")
    assert {e["level"] for e in lambda_["confidence"]} == {"official"}


def test_csv_flattens_the_confidence_markers_into_a_json_cell(demo):
    out = io.StringIO(newline="")
    write_csv(iter_records(), out)
    by_id = {row["id"]: row for row in csv.DictReader(io.StringIO(out.getvalue(), newline=""))}
    markers = json.loads(by_id["ali-hk-2022-12"]["confidence"])
    assert {m["field"] for m in markers} == {
        "started_at",
        "ended_at",
        "regions",
        "products",
        "root_cause",
    }
