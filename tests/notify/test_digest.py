"""Hourly and daily digests: one message per period with the incidents of that period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from incidents.models import Delivery, DeliveryState, ReviewState
from incidents.notify import digest
from incidents.notify.dispatch import dispatch
from tests.notify.conftest import email_subscription, make_incident

pytestmark = pytest.mark.django_db


def test_it_sends_one_digest_per_period_with_every_incident_owed(alibaba, smtp):
    subscription = email_subscription(digest="hourly", time_zone="Asia/Shanghai")
    first = make_incident(alibaba, "first")
    second = make_incident(alibaba, "second", title="Hong Kong Zone C failure")
    hidden = make_incident(alibaba, "hidden-later")
    dispatch([first.pk, second.pk, hidden.pk], enqueue=lambda batch: None)
    hidden.hide()
    now = timezone.now()
    assert digest.due_subscriptions(now) == [subscription.pk]

    assert digest.send_digest(subscription.pk, now) == 2

    [message] = smtp.wait_for(1)
    assert "2 incidents" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "AccessKey service failure" in text and "Hong Kong Zone C failure" in text
    assert "UTC+8 (Asia/Shanghai)" in text
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    states = dict(Delivery.objects.values_list("incident__slug", "state"))
    assert states == {
        "first": DeliveryState.DIGESTED,
        "second": DeliveryState.DIGESTED,
        "hidden-later": DeliveryState.CANCELLED,
    }
    # Not due again within the hour, even with something new waiting.
    dispatch([make_incident(alibaba, "third").pk], enqueue=lambda batch: None)
    assert digest.due_subscriptions(now + dt.timedelta(minutes=59)) == []
    assert digest.due_subscriptions(now + dt.timedelta(minutes=61)) == [subscription.pk]


def test_a_daily_digest_waits_a_day(alibaba):
    subscription = email_subscription(digest="daily")
    subscription.last_digest_at = timezone.now()
    subscription.save()
    dispatch([make_incident(alibaba, review_state=ReviewState.PUBLISHED).pk], lambda b: None)
    assert digest.due_subscriptions(timezone.now() + dt.timedelta(hours=23)) == []
    assert digest.due_subscriptions(timezone.now() + dt.timedelta(hours=25)) == [subscription.pk]
