"""Leadership changes and corporate events reach the subscribers of their providers, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from incidents.models import (
    Citation,
    CorporateEvent,
    Delivery,
    DeliveryState,
    Event,
    LeadershipChange,
    Organization,
    Person,
)
from incidents.notify import digest
from tests.notify.conftest import email_subscription, webhook_subscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def orgs(alibaba, aws):
    group = Organization.objects.create(slug="alibaba-group", name="Alibaba Group")
    cloud = Organization.objects.create(
        slug="alibaba-cloud-intelligence", name="Alibaba Cloud Intelligence Group", parent=group
    )
    amazon = Organization.objects.create(slug="amazon", name="Amazon")
    alibaba.organization = cloud
    alibaba.save()
    aws.organization = amazon
    aws.save()
    return {"group": group, "cloud": cloud, "amazon": amazon}


def today() -> dt.date:
    return timezone.now().date()


def leadership_change(organization: Organization, **fields) -> LeadershipChange:
    person = Person.objects.get_or_create(
        slug="eddie-wu", defaults={"name": "Eddie Wu", "name_native": "吴泳铭"}
    )[0]
    values = {
        "slug": "wu-president",
        "person": person,
        "organization": organization,
        "role": "Chairman and CEO",
        "action": "appointed",
        "announced_on": today(),
        **fields,
    }
    change = LeadershipChange.objects.create(**values)
    return change


def test_a_leadership_change_is_mailed_and_posted_to_its_providers_subscribers(
    orgs, alibaba, aws, smtp, receiver, committed
):
    email_subscription(provider=alibaba, on_events=True)
    webhook_subscription(receiver, "/events", provider=alibaba, on_events=True)
    webhook_subscription(receiver, "/incidents-only", provider=alibaba)
    webhook_subscription(receiver, "/aws", provider=aws, on_events=True)

    change = committed(lambda: leadership_change(orgs["cloud"]))

    [message] = smtp.wait_for(1)
    assert message["Subject"] == (
        "[Alibaba Cloud Intelligence Group] Leadership change: Eddie Wu becomes Chairman and CEO"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    assert f"https://tracker.example/api/v1/leadership-changes/{change.slug}/" in text
    [hook] = receiver.at("/events")
    assert hook.signed
    body = hook.json()
    assert set(body) == {"meta", "organization", "leadership_change"}
    assert body["meta"]["event"] == Event.LEADERSHIP
    assert body["leadership_change"]["person"] == "Eddie Wu"
    assert body["leadership_change"]["role"] == "Chairman and CEO"
    assert body["organization"]["id"] == "alibaba-cloud-intelligence"
    assert receiver.at("/incidents-only") == receiver.at("/aws") == []
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_an_event_at_a_parent_organization_reaches_its_childrens_providers(
    orgs, alibaba, receiver, committed
):
    webhook_subscription(receiver, "/events", provider=alibaba, on_events=True)
    webhook_subscription(receiver, "/everything", on_events=True)
    webhook_subscription(receiver, "/region", region="cn-hongkong", on_events=True)
    citation = Citation.objects.create(url="https://www.alibabagroup.com/", title="Announcement")

    def create():
        event = CorporateEvent.objects.create(
            slug="spin-off-halted",
            organization=orgs["group"],
            kind="spin_off_halted",
            title="Cloud spin-off halted",
            occurred_on=today(),
        )
        event.citations.add(citation)

    committed(create)

    [hook] = receiver.at("/events")
    body = hook.json()
    assert body["corporate_event"]["title"] == "Cloud spin-off halted"
    assert body["corporate_event"]["citations"] == [
        {"url": "https://www.alibabagroup.com/", "title": "Announcement"}
    ]
    assert len(receiver.at("/everything")) == 1
    # The timeline shows no events on a region's view, so neither does its subscription.
    assert receiver.at("/region") == []


def test_history_backfilled_or_seeded_is_not_news(orgs, alibaba, receiver, committed):
    webhook_subscription(receiver, "/events", provider=alibaba, on_events=True)
    committed(lambda: leadership_change(orgs["cloud"], announced_on=dt.date(2022, 12, 29)))
    assert receiver.at("/events") == []
    assert not Delivery.objects.exists()


def test_an_event_is_told_once_however_often_it_is_saved(orgs, alibaba, receiver, committed):
    webhook_subscription(receiver, "/events", provider=alibaba, on_events=True)
    change = committed(lambda: leadership_change(orgs["cloud"]))
    committed(lambda: change.save())
    from incidents.notify.company_events import take_event

    assert take_event(Event.LEADERSHIP, change.pk) == []
    assert len(receiver.at("/events")) == 1


def test_events_go_into_the_digest_in_the_subscribers_language(orgs, alibaba, smtp, committed):
    subscription = email_subscription(
        provider=alibaba, on_events=True, digest="daily", language="zh-hans"
    )
    committed(
        lambda: CorporateEvent.objects.create(
            slug="reorg",
            organization=orgs["cloud"],
            kind="reorganisation",
            title="Reorganisation into six groups",
            title_zh_hans="拆分为六大业务集团",
            occurred_on=today(),
        )
    )
    assert smtp.messages == []
    assert Delivery.objects.get().state == DeliveryState.DIGEST

    assert digest.send_digest(subscription.pk) == 1

    [message] = smtp.wait_for(1)
    text = message.get_body(("plain",)).get_content()
    assert "拆分为六大业务集团" in text
    assert today().isoformat() in text
    assert Delivery.objects.get().state == DeliveryState.DIGESTED
