"""The demo data set: idempotent loading and the sourced facts it must keep."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from incidents.demo import load
from incidents.models import (
    Incident,
    IncidentLink,
    Product,
    ProductImpact,
    Region,
    ReportedTime,
    ReviewState,
    Source,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    # Every model of the app, history tables included: a re-run must not add history noise.
    return {
        m.__name__: m._default_manager.count()
        for m in apps.get_app_config("incidents").get_models()
    }


def test_running_it_twice_leaves_every_model_count_unchanged():
    seed()
    first = counts()
    output = seed()
    assert counts() == first
    assert first["Incident"] == len(load.INCIDENTS) >= 40
    assert first["HistoricalIncident"] >= first["Incident"]
    assert "already up to date" in output


def test_it_brings_a_changed_row_back_without_duplicating_it():
    seed()
    incident = Incident.objects.get(slug="ali-db-console-2023-11-27")
    incident.root_cause = "tampered"
    incident.save()
    before = counts()
    seed()
    incident.refresh_from_db()
    assert incident.root_cause == "Not disclosed."
    assert counts()["Incident"] == before["Incident"]


def test_it_leaves_fields_an_editor_changed_and_a_hidden_incident_alone():
    seed()
    incident = Incident.objects.get(slug="cf-2022-06-21")
    incident.title = "Edited by an editor"
    incident.mark_edited(["title"])
    incident.save()
    incident.hide()
    seed()
    incident.refresh_from_db()
    assert incident.title == "Edited by an editor"
    assert incident.review_state == ReviewState.HIDDEN


def test_it_stores_the_hong_kong_outage_in_utc_with_the_vendors_zone():
    seed()
    hk = Incident.objects.get(slug="ali-hk-2022-12")
    assert hk.started_at == dt.datetime(2022, 12, 18, 0, 56, tzinfo=UTC)
    assert hk.ended_at == dt.datetime(2022, 12, 18, 14, 50, tzinfo=UTC)
    assert hk.time_zone == "Asia/Shanghai"
    assert hk.language == "zh-Hans"
    assert hk.title == "香港Region可用区C服务中断"
    assert hk.title_en and hk.title_zh_hant
    assert set(hk.regions.values_list("slug", flat=True)) == {"cn-hongkong", "cn-hongkong-c"}
    zone = Region.objects.get(provider__slug="alibaba-cloud", slug="cn-hongkong-c")
    assert zone.parent.slug == "cn-hongkong"
    assert hk.updates.count() >= 10
    assert hk.updates.first().posted_at == hk.started_at


def test_the_hong_kong_outage_is_followed_11_days_later_by_zhang_jianfeng_leaving():
    seed()
    link = IncidentLink.objects.get(
        incident__slug="ali-hk-2022-12", leadership_change__person__slug="zhang-jianfeng"
    )
    assert link.relation == "followed_by"
    assert link.lag_days == 11
    assert link.citation is not None
    assert link.leadership_change.citations.exists()


def test_it_keeps_both_reported_ends_of_the_2023_11_12_outage_with_their_citations():
    seed()
    incident = Incident.objects.get(slug="ali-global-2023-11-12")
    assert incident.ended_at == dt.datetime(2023, 11, 12, 13, 11, tzinfo=UTC)
    ends = {
        r.value: r
        for r in ReportedTime.objects.filter(incident=incident, field="ended_at").select_related(
            "citation"
        )
    }
    core = ends[dt.datetime(2023, 11, 12, 11, 20, tzinfo=UTC)]
    full = ends[dt.datetime(2023, 11, 12, 13, 11, tzinfo=UTC)]
    assert core.citation != full.citation
    assert "status page" in full.note.lower() and "core" in core.note.lower()
    starts = ReportedTime.objects.filter(incident=incident, field="started_at")
    assert {r.value.strftime("%H:%M") for r in starts} == {"09:39", "09:44"}


def test_taobao_is_impacted_by_the_2023_11_12_outage_and_depends_on_accesskey():
    seed()
    impact = ProductImpact.objects.get(
        incident__slug="ali-global-2023-11-12", product__slug="taobao"
    )
    assert impact.product.owner.slug == "taotian-group"
    taobao = Product.objects.get(slug="taobao")
    assert taobao.depends_on.filter(slug="aliyun-accesskey").exists()
    control_plane = Product.objects.get(slug="aliyun-ecs-control-plane")
    assert control_plane.depends_on.filter(slug="aliyun-oss").exists()


def test_alibaba_incidents_cite_an_official_source_first():
    seed()
    for incident in Incident.objects.filter(provider__slug="alibaba-cloud"):
        first = incident.sourcing.order_by("position").first()
        assert first.citation.official, incident.slug


def test_every_demo_incident_is_published_and_every_example_source_disabled():
    seed()
    assert Incident.objects.published().count() == Incident.objects.count() == 40
    assert Source.objects.count() == 5
    assert not Source.objects.filter(enabled=True).exists()
    kinds = set(Source.objects.values_list("kind", flat=True))
    assert kinds == {"statuspage", "gcp", "aws-rss", "azure-rss", "aliyun"}
