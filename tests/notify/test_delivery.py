"""From a change to an incident to signed webhooks and threaded mail, through the real servers."""

from __future__ import annotations

import pytest

from incidents.models import (
    Delivery,
    DeliveryState,
    Event,
    Impact,
    IncidentUpdate,
    ReviewState,
    Status,
)
from incidents.notify.signing import SIGNATURE_HEADER
from tests.notify.conftest import (
    START,
    email_subscription,
    make_incident,
    webhook_subscription,
    with_product,
    with_region,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and everything it queues after commit, as a real commit would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def test_it_posts_a_signed_statuspage_shaped_body_when_an_incident_is_published(
    alibaba, receiver, committed
):
    webhook_subscription(receiver, provider=alibaba, impact_min=Impact.MAJOR)
    incident = make_incident(alibaba, review_state=ReviewState.DRAFT)
    with_product(incident, "taobao", Impact.CRITICAL)
    IncidentUpdate.objects.create(incident=incident, posted_at=START, body="Investigating.")

    committed(incident.publish)

    [hook] = receiver.at("/hook")
    assert hook.signed
    assert hook.headers[SIGNATURE_HEADER.lower()].startswith("t=")
    body = hook.json()
    assert set(body) == {"meta", "page", "incident"}
    assert body["meta"]["event"] == Event.CREATED
    assert body["meta"]["unsubscribe"].startswith("https://tracker.example/notify/unsubscribe/")
    assert body["page"]["id"] == "alibaba-cloud"
    assert body["page"]["status_indicator"] == "critical"
    assert body["incident"]["id"] == "ali-ak-2023-11"
    assert body["incident"]["impact"] == "critical"
    assert [u["body"] for u in body["incident"]["incident_updates"]] == ["Investigating."]
    [component] = body["incident"]["components"]
    assert (component["id"], component["name"], component["status"]) == (
        "taobao",
        "Taobao",
        "major_outage",
    )
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.response_status, delivery.attempts) == ("sent", 200, 1)


def test_it_sends_only_what_the_saved_view_includes(alibaba, aws, receiver, committed):
    webhook_subscription(receiver, "/major", provider=alibaba, impact_min=Impact.MAJOR)
    webhook_subscription(receiver, "/hk", region="cn-hongkong")
    webhook_subscription(receiver, "/taobao", product=None)

    def changes():
        make_incident(alibaba, "minor-one", impact=Impact.MINOR)
        make_incident(aws, "aws-one", impact=Impact.CRITICAL)
        hk = make_incident(alibaba, "hk-zone-c", impact=Impact.CRITICAL)
        with_region(hk, "cn-hongkong")

    committed(changes)

    assert sorted(r.json()["incident"]["id"] for r in receiver.at("/major")) == ["hk-zone-c"]
    assert [r.json()["incident"]["id"] for r in receiver.at("/hk")] == ["hk-zone-c"]
    assert len(receiver.at("/taobao")) == 3


def test_it_never_notifies_of_drafts_or_hidden_incidents(alibaba, receiver, committed):
    webhook_subscription(receiver)
    committed(lambda: make_incident(alibaba, "draft", review_state=ReviewState.DRAFT))
    committed(lambda: make_incident(alibaba, "hidden", review_state=ReviewState.HIDDEN))
    assert receiver.received == []
    assert not Delivery.objects.exists()


def test_it_says_nothing_more_once_an_incident_is_unpublished(alibaba, receiver, committed):
    webhook_subscription(receiver, on_update=True)
    incident = make_incident(alibaba, review_state=ReviewState.DRAFT)
    committed(incident.publish)
    committed(incident.hide)
    committed(lambda: incident.resolve(at=START))
    assert [r.json()["meta"]["event"] for r in receiver.at("/hook")] == [Event.CREATED]


def test_it_coalesces_a_burst_of_changes_into_one_message(alibaba, receiver, committed):
    webhook_subscription(receiver, on_update=True)

    def burst():
        incident = make_incident(alibaba)
        for minute in range(20):
            IncidentUpdate.objects.create(
                incident=incident, posted_at=START, body=f"Update {minute}"
            )
        incident.resolve(at=START)

    committed(burst)

    [hook] = receiver.at("/hook")
    body = hook.json()
    assert body["meta"]["event"] == Event.RESOLVED
    assert len(body["incident"]["incident_updates"]) == 20
    assert body["incident"]["status"] == Status.RESOLVED


def test_it_tells_each_subscriber_only_the_events_it_asked_for(alibaba, receiver, committed):
    webhook_subscription(receiver, "/all", on_update=True)
    webhook_subscription(receiver, "/resolutions", on_new=False, on_postmortem=False)
    incident = make_incident(alibaba)
    committed(lambda: None)  # nothing changed: nothing sent
    committed(incident.save)
    committed(
        lambda: IncidentUpdate.objects.create(incident=incident, posted_at=START, body="Fixing.")
    )
    committed(lambda: incident.resolve(at=START))
    committed(incident.save)  # saved again, nothing new: nothing sent

    events = [r.json()["meta"]["event"] for r in receiver.at("/all")]
    assert events == [Event.CREATED, Event.UPDATED, Event.RESOLVED]
    assert [r.json()["meta"]["event"] for r in receiver.at("/resolutions")] == [Event.RESOLVED]


def test_it_mails_text_and_html_threaded_per_incident_with_one_click_unsubscribe(
    alibaba, smtp, committed
):
    email_subscription(
        provider=alibaba, on_update=True, language="zh-hans", time_zone="Asia/Shanghai"
    )
    incident = make_incident(alibaba)
    committed(incident.save)
    committed(lambda: incident.resolve(at=START.replace(hour=11)))

    first, second = smtp.wait_for(2)
    assert first["To"] == "reader@example.org"
    assert "AccessKey 服务异常" in first["Subject"]
    assert first["Message-ID"].startswith("<incident.ali-ak-2023-11.")
    assert second["In-Reply-To"] == first["Message-ID"]
    assert second["References"] == first["Message-ID"]
    assert second["Message-ID"] != first["Message-ID"]
    unsubscribe = str(first["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://tracker.example/notify/unsubscribe/")
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = first.get_body(("plain",)).get_content()
    html = first.get_body(("html",)).get_content()
    # Started 09:44 UTC: 17:44 in the subscriber's zone, labelled with its offset.
    assert "2023-11-12 17:44 UTC+8 (Asia/Shanghai), 2023-11-12 09:44 UTC" in text
    assert "https://tracker.example/notify/manage/" in text
    assert unsubscribe.strip("<>") in html


def test_it_holds_digest_deliveries_for_the_digest(alibaba, smtp, committed):
    email_subscription(digest="hourly")
    committed(lambda: make_incident(alibaba))
    assert smtp.messages == []
    assert Delivery.objects.get().state == DeliveryState.DIGEST
