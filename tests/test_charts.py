"""The inline SVG charts: legends that fit, every incident counted, axes with values."""

import datetime as dt
import re

import pytest
from django.utils import translation

from incidents.site import charts
from tests.public_factories import incident, make_world, utc


@pytest.fixture(autouse=True)
def _english():
    # A page test in another language leaves its language active in this thread.
    with translation.override("en"):
        yield


NAMES = ["Alibaba Cloud", "Amazon Web Services", "Microsoft Azure", "Google Cloud", "阿里云"]


def _legend_boxes(svg: str) -> list[tuple[float, float, float]]:
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" class="legend">([^<]+)</text>', svg)
    return [(float(x), float(y), charts.text_width(t)) for x, y, t in texts]


def test_it_writes_every_legend_name_whole_inside_the_canvas_without_overlap():
    counts = {(dt.date(2023, 1, 1), name): i + 1 for i, name in enumerate(NAMES)}
    svg = charts.stacked_quarters(counts, "Per quarter")
    for name in NAMES:
        assert f'class="legend">{name}</text>' in svg
    boxes = _legend_boxes(svg)
    assert all(x + w <= charts.WIDTH for x, _y, w in boxes)
    for i, (x1, y1, w1) in enumerate(boxes):
        for x2, y2, _w2 in boxes[i + 1 :]:
            assert y1 != y2 or x1 + w1 <= x2, "legend entries overlap"
    assert len({y for _x, y, _w in boxes}) > 1, "five long names need a second row"


def test_it_gives_the_quarter_chart_a_y_axis_with_round_values():
    counts = {(dt.date(2023, 1, 1), "AWS"): 7, (dt.date(2023, 4, 1), "AWS"): 3}
    svg = charts.stacked_quarters(counts, "Per quarter")
    values = re.findall(r'class="axis">(\d+)</text>', svg)
    assert values == ["0", "2", "4", "6", "8"]
    assert svg.count('class="grid"') == 5


def test_it_counts_unended_incidents_in_a_labelled_bucket_of_their_own():
    assert charts.bucket_of(None) == len(charts.DURATION_BUCKETS)
    assert charts.bucket_of(dt.timedelta(days=30)) == len(charts.DURATION_BUCKETS) - 1
    svg = charts.duration_histogram([1, 0, 0, 0, 0, 0, 2], "Durations")
    assert "<title>ongoing / no end: 2</title>" in svg
    assert 'class="series-open"' in svg
    assert "ongoing" in "".join(re.findall(r'class="axis">([^<]+)<', svg))


def test_it_wraps_a_label_wider_than_its_room():
    assert charts.wrap("ongoing / no end", 70) == ["ongoing", "/ no end"]
    assert all(charts.text_width(line) <= 40 for line in charts.wrap("持续中或无结束时间", 40))


def test_it_stacks_same_day_marks_instead_of_drawing_them_over_each_other():
    day = dt.date(2023, 11, 12)
    marks = [
        charts.Mark(day, "incident", "impact-critical", "first"),
        charts.Mark(day, "incident", "impact-major", "second"),
        charts.Mark(dt.date(2024, 6, 1), "leadership", "mark-leadership", "later"),
    ]
    svg = charts.strip(marks, "Strip")
    ys = re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="7.0"', svg)
    assert len(ys) == 2 and ys[0] != ys[1]
    for label in ("Critical outage", "Major outage", "Leadership change", "Corporate event"):
        assert f'class="legend">{label}</text>' in svg
    assert "<circle" in svg and 'class="mark-leadership"' in svg


@pytest.mark.django_db
def test_the_charts_page_counts_an_unended_incident_and_shows_the_numbers(client):
    world = make_world()
    incident(world.alibaba, "no-end", utc(2023, 3, 1), title="Still down")
    body = client.get("/charts/").content.decode()
    row = re.search(r'<tr class="no-end"><th scope="row">ongoing / no end</th><td>(\d+)</td>', body)
    assert row and int(row[1]) >= 1
    assert body.count('class="chart-data"') == 2
    assert body.count('<svg class="chart narrow"') == 2  # what a phone shows


@pytest.mark.django_db
def test_the_provider_strip_speaks_the_interface_language_or_marks_the_original(client):
    world = make_world()
    incident(world.alibaba, "zh-only", utc(2023, 5, 1), title="华东1区故障", impact="major")
    from incidents.models import Incident

    Incident.objects.filter(slug="zh-only").update(language="zh-hans")
    body = client.get("/providers/alibaba-cloud/").content.decode()
    assert "华东1区故障 [zh-hans]" in body  # English interface: the original, marked
    assert "<title>2022-12-18 Hong Kong Zone C outage" in body  # the curated translation
    body = client.get("/providers/alibaba-cloud/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "华东1区故障 [" not in body


def test_it_makes_room_for_every_line_of_a_wrapped_bucket_label():
    svg = charts.duration_histogram([1, 0, 0, 0, 0, 0, 2], "Durations", width=charts.NARROW)
    height = float(re.search(r'viewBox="0 0 \d+ ([\d.]+)"', svg)[1])
    bottoms = [float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)" class="axis"', svg)]
    assert max(bottoms) + 4 <= height
