"""Every public page and export renders whatever a vendor managed to store, in every zone.

The rows here are written directly, as data stored before the ingestion edge checked times
and text would be: the pages must not depend on that check to answer.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from incidents.models import IncidentUpdate, ProductImpact
from incidents.site import pagecache
from tests.public_factories import incident, make_world

pytestmark = pytest.mark.django_db

ZONES = ("UTC", "Asia/Shanghai", "Pacific/Kiritimati", "America/Los_Angeles")
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)  # 0001-01-01 00:00 UTC
LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)  # 9999-12-31 23:59:59.999999 UTC
# XML 1.0 forbids these; a stored title with them once made every feed answer 500.
CONTROL_TITLE = "Outage\x0b with\x01 control\x1f characters"


@pytest.fixture
def world():
    cache.clear()
    pagecache.local_pages.clear()
    world = make_world()
    ancient = incident(world.alibaba, "hostile-ancient", EARLIEST, ended_at=LATEST,
                       title=CONTROL_TITLE, time_zone="Pacific/Kiritimati")  # fmt: skip
    future = incident(world.alibaba, "hostile-future", LATEST, time_zone="America/Los_Angeles")
    for row in (ancient, future):
        row.regions.set(world.hk.regions.all())
        ProductImpact.objects.create(
            incident=row, product=world.taobao, started_at=EARLIEST, ended_at=LATEST
        )
        for when in (EARLIEST, LATEST):
            IncidentUpdate.objects.create(incident=row, posted_at=when, body=CONTROL_TITLE)
    return world


def public_urls(world) -> list[str]:
    return [
        "/",
        "/?ongoing=1",
        "/incidents/hostile-ancient/",
        "/incidents/hostile-future/",
        "/incidents/ali-hk-2022-12/",
        "/providers/alibaba-cloud/",
        "/products/taobao/",
        "/products/oss/",
        "/people/zhang-jianfeng/",
        "/charts/",
        "/feed.atom",
        "/feed.rss",
        "/api/v1/incidents/",
        "/api/v1/incidents/?ordering=started_at",
        "/api/v1/incidents/ali-hk-2022-12/",
        "/api/v1/export/incidents.ndjson",
        "/api/v1/export/incidents.csv",
    ]


@pytest.mark.parametrize("zone", ZONES)
def test_it_renders_every_public_page_with_extreme_times_stored(client, world, zone):
    client.cookies["tz"] = zone
    failed = {}
    for url in public_urls(world):
        cache.clear()
        pagecache.local_pages.clear()
        response = client.get(url)
        if response.status_code != 200:
            failed[url] = response.status_code
        elif response.streaming:
            b"".join(response.streaming_content)
    assert failed == {}


@pytest.mark.parametrize("zone", ZONES)
def test_it_shows_the_extreme_incidents_api_record(client, world, zone):
    client.cookies["tz"] = zone
    for slug in ("hostile-ancient", "hostile-future"):
        assert client.get(f"/api/v1/incidents/{slug}/").status_code == 200


def test_it_keeps_control_characters_out_of_the_feeds(client, world):
    for url in ("/feed.atom", "/feed.rss"):
        body = client.get(url).content.decode()
        assert "Outage with control characters" in body
        assert "\x0b" not in body and "\x01" not in body


@pytest.mark.parametrize("fmt", ["ndjson", "csv", "json"])
def test_it_exports_the_extreme_incidents_from_the_command(world, tmp_path, fmt):
    target = tmp_path / f"incidents.{fmt}"

    call_command("export", format=fmt, output=str(target), stderr=io.StringIO())

    text = target.read_text()
    assert "0001-01-01T00:00:00Z" in text and "9999-12-31T23:59:59" in text


@pytest.mark.parametrize("zone", ZONES)
def test_an_editor_opens_the_extreme_incidents_in_the_admin_in_every_zone(client, world, zone):
    from django.contrib.auth.models import User

    from incidents.models import Incident

    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    client.cookies["tz"] = zone
    failed = {}
    for slug in ("hostile-ancient", "hostile-future"):
        pk = Incident.objects.get(slug=slug).pk
        for url in (
            f"/admin/incidents/incident/{pk}/change/",
            f"/admin/incidents/incident/{pk}/history/",
            "/admin/incidents/incident/",
            "/admin/incidents/incidentupdate/",
        ):
            response = client.get(url)
            if response.status_code != 200:
                failed[url] = response.status_code
    assert failed == {}


def test_an_editor_entering_a_time_that_leaves_utc_gets_a_form_error():
    import zoneinfo

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from incidents.admin.vendor_zone import InRangeSplitDateTimeField

    field = InRangeSplitDateTimeField()
    with timezone.override(zoneinfo.ZoneInfo("America/Los_Angeles")):
        assert field.clean(["2022-12-18", "10:00"]).astimezone(dt.UTC).hour == 18
        with pytest.raises(ValidationError, match="out of range"):
            field.clean(["9999-12-31", "23:00"])
