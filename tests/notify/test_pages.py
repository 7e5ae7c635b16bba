"""Readers' pages: subscribe with double opt-in, signed links, one-click unsubscribe, calendar."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from incidents.models import (
    Delivery,
    Impact,
    ReviewState,
    Status,
    Subscription,
    SubscriptionState,
)
from incidents.notify.signing import link, make_token
from tests.notify.conftest import START, email_subscription, make_incident, webhook_subscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


def path_of(url: str) -> str:
    return url.removeprefix("https://tracker.example")


@pytest.fixture
def client() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_post(client: Client, path: str, data: dict):
    page = client.get(path)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    return client.post(path, {**data, "csrfmiddlewaretoken": token.decode()})


def test_the_timeline_offers_notify_me_and_a_calendar_of_the_same_view(alibaba, client):
    make_incident(alibaba)
    page = client.get("/?provider=alibaba-cloud&impact=major&page=1").content.decode()
    assert 'href="/notify/?provider=alibaba-cloud&amp;impact=major"' in page
    assert 'href="/calendar.ics?provider=alibaba-cloud&amp;impact=major"' in page
    provider_page = client.get("/providers/alibaba-cloud/").content.decode()
    assert 'href="/notify/?provider=alibaba-cloud"' in provider_page


def test_it_subscribes_by_email_only_after_the_reader_confirms(
    alibaba, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = csrf_post(
            client,
            "/notify/?provider=alibaba-cloud&impact=major",
            {
                "provider": "alibaba-cloud",
                "impact": "major",
                "channel": "email",
                "email": "reader@example.org",
                "on_new": "on",
                "on_resolve": "on",
            },
        )
    assert answer.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.state == SubscriptionState.PENDING
    assert (subscription.provider, subscription.impact_min) == (alibaba, Impact.MAJOR)
    [confirmation] = mail.outbox
    assert "Alibaba Cloud, Major or worse" in confirmation.body
    confirm_url = re.search(r"https://tracker\.example(/notify/confirm/\S+)", confirmation.body)

    assert client.get(confirm_url.group(1)).status_code == 200  # a mail scanner's visit
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.PENDING
    answer = csrf_post(client, confirm_url.group(1), {})
    assert answer.status_code == 302
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.ACTIVE


def test_it_shows_a_webhook_its_manage_link_and_secret_once(alibaba, client, receiver):
    answer = csrf_post(
        client,
        "/notify/",
        {"channel": "webhook", "url": receiver.url("/hook"), "on_new": "on"},
    )
    subscription = Subscription.objects.get()
    assert subscription.state == SubscriptionState.ACTIVE
    manage = re.search(
        r'href="https://tracker\.example(/notify/manage/[^"]+)"', answer.content.decode()
    )
    page = client.get(manage.group(1)).content.decode()
    assert subscription.secret in page
    assert len(subscription.secret) == 64


def test_it_rejects_a_form_without_an_address(db, client):
    answer = csrf_post(client, "/notify/", {"channel": "email", "on_new": "on"})
    assert answer.status_code == 400
    assert not Subscription.objects.exists()


def test_it_unsubscribes_with_one_post_and_no_cookie_as_rfc_8058_asks(db):
    subscription = email_subscription()
    url = path_of(link(subscription.pk, "unsubscribe"))
    mail_provider = Client(enforce_csrf_checks=True)
    answer = mail_provider.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.UNSUBSCRIBED


def test_a_get_of_the_unsubscribe_link_only_asks(db, client):
    subscription = email_subscription()
    assert client.get(path_of(link(subscription.pk, "unsubscribe"))).status_code == 200
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.ACTIVE


def test_it_refuses_forged_and_misused_links(db, client):
    subscription = email_subscription()
    forged = make_token(subscription.pk, "unsubscribe")[:-2] + "xx"
    assert client.post(f"/notify/unsubscribe/{forged}/").status_code == 404
    # A manage link is not an unsubscribe link, nor the other way round.
    manage_token = make_token(subscription.pk, "manage")
    assert client.post(f"/notify/unsubscribe/{manage_token}/").status_code == 404
    assert (
        client.get(f"/notify/manage/{make_token(subscription.pk, 'unsubscribe')}/").status_code
        == 404
    )
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.ACTIVE


def test_the_subscriber_reads_its_delivery_log(alibaba, receiver, client):
    subscription = webhook_subscription(receiver)
    incident = make_incident(alibaba)
    Delivery.objects.create(
        subscription=subscription,
        incident=incident,
        event="incident.created",
        state="failed",
        attempts=6,
        response_status=500,
        error="HTTP 500 from the receiver.",
    )
    other = webhook_subscription(receiver, "/other")
    Delivery.objects.create(subscription=other, incident=incident, event="incident.created")
    token = make_token(subscription.pk, "manage")

    page = client.get(f"/notify/manage/{token}/").content.decode()
    assert "HTTP 500 from the receiver." in page
    log = client.get(f"/notify/manage/{token}/deliveries.json").json()
    assert [(d["incident"], d["state"], d["attempts"]) for d in log["deliveries"]] == [
        ("ali-ak-2023-11", "failed", 6)
    ]


def test_the_manage_page_changes_events_and_turns_a_disabled_webhook_back_on(receiver, client):
    subscription = webhook_subscription(receiver, state=SubscriptionState.DISABLED)
    path = f"/notify/manage/{make_token(subscription.pk, 'manage')}/"
    csrf_post(client, path, {"action": "reactivate"})
    csrf_post(client, path, {"action": "update", "on_update": "on"})
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.ACTIVE
    assert (subscription.on_new, subscription.on_update, subscription.on_resolve) == (
        False,
        True,
        False,
    )


def test_the_calendar_lists_the_views_outages_and_maintenance(alibaba, aws, client):
    make_incident(alibaba, "outage", status=Status.RESOLVED, ended_at=START + dt.timedelta(hours=9))
    make_incident(alibaba, "ongoing", started_at=START + dt.timedelta(days=1))
    make_incident(
        alibaba,
        "upgrade",
        impact=Impact.MAINTENANCE,
        started_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
    )
    make_incident(alibaba, "minor", impact=Impact.MINOR)
    make_incident(alibaba, "draft", review_state=ReviewState.DRAFT)
    make_incident(aws, "elsewhere")

    answer = client.get("/calendar.ics?provider=alibaba-cloud&impact=major")
    assert answer["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(answer.content)
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {"outage", "ongoing"}
    outage = events["outage"]
    assert outage.decoded("dtstart") == START
    assert outage.decoded("dtend") == START + dt.timedelta(hours=9)
    assert str(outage["status"]) == "CONFIRMED"
    assert str(outage["url"]) == "https://tracker.example/incidents/outage/"
    assert "Critical outage: Alibaba Cloud" in str(outage["summary"])
    assert "Ongoing" in str(events["ongoing"]["description"])

    everything = Calendar.from_ical(client.get("/calendar.ics?provider=alibaba-cloud").content)
    upgrade = next(e for e in everything.walk("VEVENT") if str(e["uid"]).startswith("upgrade@"))
    assert str(upgrade["status"]) == "TENTATIVE"
    assert "maintenance" in upgrade["categories"].to_ical().decode()


def calendar_uids(client: Client, query: str) -> set[str]:
    answer = client.get(f"/calendar.ics?{query}")
    assert answer.status_code == 200, answer.content
    return {str(e["uid"]).split("@")[0] for e in Calendar.from_ical(answer.content).walk("VEVENT")}


def test_the_calendar_takes_the_timelines_search_and_dates(alibaba, client):
    make_incident(alibaba, "accesskey", title="AccessKey service failure")
    make_incident(
        alibaba,
        "zone-c",
        title="Hong Kong Zone C chiller failure",
        started_at=START.replace(year=2022, month=12, day=18),
    )
    make_incident(alibaba, "oss", title="OSS latency", started_at=START.replace(day=20))

    assert calendar_uids(client, "q=chiller") == {"zone-c"}
    assert calendar_uids(client, "q=failure&since=2023-01-01") == {"accesskey"}
    assert calendar_uids(client, "since=2023-11-01&until=2023-11-15") == {"accesskey"}
    assert calendar_uids(client, "year=2022") == {"zone-c"}
    assert calendar_uids(client, "provider=alibaba-cloud&until=2023-11-12") == {
        "accesskey",
        "zone-c",
    }
    assert calendar_uids(client, "show=leadership") == set()


def test_the_calendar_refuses_dates_the_timeline_refuses(db, client):
    answer = client.get("/calendar.ics?since=2023-11-15&until=2023-11-01")
    assert answer.status_code == 400
    assert b"until" in answer.content
    assert client.get("/calendar.ics?since=yesterday").status_code == 400


def test_the_timelines_calendar_link_keeps_its_search_and_dates(alibaba, client):
    make_incident(alibaba)
    page = client.get(
        "/?provider=alibaba-cloud&q=AccessKey&since=2023-01-01&page=1"
    ).content.decode()
    assert (
        'href="/calendar.ics?provider=alibaba-cloud&amp;q=AccessKey&amp;since=2023-01-01"' in page
    )


def test_the_calendar_refuses_an_unknown_provider(db, client):
    answer = client.get("/calendar.ics?provider=nobody")
    assert answer.status_code == 400
    assert b"provider" in answer.content


def test_the_delivery_log_costs_the_same_queries_for_one_entry_or_fifty(
    alibaba, receiver, client, django_assert_num_queries
):
    subscription = webhook_subscription(receiver)
    token = make_token(subscription.pk, "manage")

    def log_with(count: int) -> None:
        incident = make_incident(alibaba, f"incident-{count}")
        Delivery.objects.bulk_create(
            Delivery(subscription=subscription, incident=incident, event="incident.created")
            for _ in range(count)
        )

    log_with(1)
    with django_assert_num_queries(2):  # the subscription, then the log with its incidents
        assert len(client.get(f"/notify/manage/{token}/deliveries.json").json()["deliveries"]) == 1
    log_with(60)
    with django_assert_num_queries(2):
        assert len(client.get(f"/notify/manage/{token}/deliveries.json").json()["deliveries"]) == 50


def test_the_manage_page_changes_language_and_zone_and_the_mail_follows(
    alibaba, smtp, client, django_capture_on_commit_callbacks
):
    subscription = email_subscription(provider=alibaba, language="en", time_zone="UTC")
    path = f"/notify/manage/{make_token(subscription.pk, 'manage')}/"
    page = client.get(path).content.decode()
    assert '<option value="zh-hans" lang="zh-hans">' in page
    assert '<option value="UTC" selected>' in page

    data = {"action": "update", "on_new": "on", "language": "zh-hans", "time_zone": "Asia/Tokyo"}
    csrf_post(client, path, data)
    subscription.refresh_from_db()
    assert (subscription.language, subscription.time_zone) == ("zh-hans", "Asia/Tokyo")
    assert '<option value="Asia/Tokyo" selected>' in client.get(path).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        make_incident(alibaba)
    [message] = smtp.wait_for(1)
    assert "AccessKey 服务异常" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    # Started 09:44 UTC: 18:44 in Tokyo, labelled with its offset.
    assert "2023-11-12 18:44 UTC+9 (Asia/Tokyo), 2023-11-12 09:44 UTC" in text


def test_the_manage_page_keeps_language_and_zone_it_cannot_use(db, client):
    subscription = email_subscription(language="zh-hant", time_zone="Asia/Taipei")
    path = f"/notify/manage/{make_token(subscription.pk, 'manage')}/"
    data = {"action": "update", "on_new": "on", "language": "klingon", "time_zone": "Mars/Olympus"}
    csrf_post(client, path, data)
    subscription.refresh_from_db()
    assert (subscription.language, subscription.time_zone) == ("zh-hant", "Asia/Taipei")


def test_a_digest_follows_the_language_and_zone_chosen_on_the_manage_page(alibaba, smtp, client):
    from incidents.notify import digest
    from incidents.notify.dispatch import dispatch

    subscription = email_subscription(digest="hourly", language="en", time_zone="UTC")
    path = f"/notify/manage/{make_token(subscription.pk, 'manage')}/"
    data = {"action": "update", "on_new": "on", "digest": "hourly", "language": "zh-hans"}
    csrf_post(client, path, {**data, "time_zone": "Europe/Paris"})
    dispatch([make_incident(alibaba).pk], enqueue=lambda batch: None)
    assert digest.send_digest(subscription.pk) == 1
    [message] = smtp.wait_for(1)
    text = message.get_body(("plain",)).get_content()
    assert "AccessKey 服务异常" in text
    assert "2023-11-12 10:44 UTC+1 (Europe/Paris)" in text


def test_a_webhook_can_ask_for_company_events_and_component_changes_alone(receiver, client):
    data = {"channel": "webhook", "url": receiver.url("/hook")}
    csrf_post(client, "/notify/", {**data, "on_events": "on", "on_component": "on"})
    subscription = Subscription.objects.get()
    assert (subscription.on_events, subscription.on_component, subscription.on_new) == (
        True,
        True,
        False,
    )
    path = f"/notify/manage/{make_token(subscription.pk, 'manage')}/"
    csrf_post(client, path, {"action": "update", "on_events": "on"})
    subscription.refresh_from_db()
    assert (subscription.on_events, subscription.on_component) == (True, False)


def test_an_email_subscription_never_takes_component_changes(db, client):
    data = {"channel": "email", "email": "reader@example.org", "on_component": "on"}
    answer = csrf_post(client, "/notify/", data)
    assert answer.status_code == 400
    assert not Subscription.objects.exists()


def test_the_webhook_docs_name_every_body(db, client):
    page = client.get("/notify/webhooks/").content.decode()
    for key in ("incident_updates", "component_update", "leadership_change", "corporate_event"):
        assert f"<code>{key}</code>" in page
