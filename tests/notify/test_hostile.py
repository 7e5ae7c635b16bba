"""Hostile receivers and addresses: redirects to private addresses, hangs, 500 storms, injection."""

from __future__ import annotations

import pytest
from django.core import mail

from incidents.models import Delivery, DeliveryState, Subscription, SubscriptionState
from incidents.notify.forms import SubscribeForm
from incidents.notify.send import retry_delay, send_batch
from tests.notify.conftest import email_subscription, make_incident, webhook_subscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def test_it_never_follows_a_webhook_redirect_to_a_private_address(alibaba, receiver, committed):
    webhook_subscription(receiver, "/moved")
    receiver.on("/moved", status=302, location="http://169.254.169.254/latest/meta-data/")
    committed(lambda: make_incident(alibaba))

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.response_status == 302
    assert "redirects are not followed" in delivery.error
    assert len(receiver.at("/moved")) == 1


def test_it_checks_the_address_again_at_every_delivery(alibaba, receiver, committed, settings):
    webhook_subscription(receiver)  # accepted while private networks were allowed
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    committed(lambda: make_incident(alibaba))

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert "loopback" in delivery.error
    assert receiver.received == []


def test_it_refuses_a_metadata_address_when_subscribing(db, settings):
    form = SubscribeForm(
        {"channel": "webhook", "url": "http://169.254.169.254/hook", "on_new": "on"}
    )
    assert not form.is_valid()
    assert "cloud metadata" in form.errors["url"][0]


def test_it_gives_up_on_a_receiver_that_hangs_and_still_serves_the_others(
    alibaba, receiver, committed, settings
):
    settings.NOTIFY_WEBHOOK_TIMEOUT = 0.5
    settings.NOTIFY_MAX_ATTEMPTS = 2
    webhook_subscription(receiver, "/hangs")
    webhook_subscription(receiver, "/fine")
    receiver.on("/hangs", delay=30)
    committed(lambda: make_incident(alibaba))

    hung = Delivery.objects.get(subscription__url__endswith="/hangs")
    assert (hung.state, hung.attempts) == (DeliveryState.FAILED, 2)
    assert "Timed out" in hung.error
    assert Delivery.objects.get(subscription__url__endswith="/fine").state == DeliveryState.SENT


def test_it_backs_off_exponentially(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(40) == 6 * 3600


def test_it_schedules_a_retry_after_a_server_error(alibaba, receiver, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    subscription = webhook_subscription(receiver)
    receiver.on("/hook", status=503)
    incident = make_incident(alibaba)
    delivery = Delivery.objects.create(
        subscription=subscription, incident=incident, event="incident.created"
    )

    assert send_batch([delivery.pk]) == [(delivery.pk, 30)]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.response_status) == (DeliveryState.RETRYING, 503)
    assert 29 <= (delivery.next_attempt_at - delivery.created_at).total_seconds() <= 40


def test_it_disables_a_webhook_after_a_500_storm_and_tells_its_owner(
    alibaba, receiver, committed, settings
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_DISABLE_AFTER = 5
    subscription = webhook_subscription(receiver, owner_email="ops@example.org")
    receiver.on("/hook", status=500)
    for n in range(3):
        committed(lambda n=n: make_incident(alibaba, f"storm-{n}"))

    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.DISABLED
    assert "HTTP 500" in subscription.disabled_reason
    # 3 tries, 2 more, then nothing: the third incident finds it disabled and sends nothing.
    assert len(receiver.at("/hook")) == 5
    [owner] = [m for m in mail.outbox if m.to == ["ops@example.org"]]
    assert "disabled" in owner.subject
    assert "/notify/manage/" in owner.body


def test_it_refuses_header_injection_in_an_address(db):
    for hostile in ("reader@example.org\r\nBcc: all@example.org", "a@example.org, b@example.org"):
        form = SubscribeForm({"channel": "email", "email": hostile, "on_new": "on"})
        assert not form.is_valid()
        assert "email" in form.errors


def test_a_stored_hostile_address_fails_alone(alibaba, smtp, committed):
    Subscription.objects.create(
        channel="email", email="x@example.org\nBcc: all@example.org", state="active"
    )
    email_subscription("fine@example.org")
    committed(lambda: make_incident(alibaba, title="Two\r\nBcc: all@example.org lines"))

    [message] = smtp.wait_for(1)
    assert message["To"] == "fine@example.org"
    assert message["Bcc"] is None
    assert "Two Bcc: all@example.org lines" in message["Subject"]
    failed = Delivery.objects.get(subscription__email__startswith="x@")
    assert failed.state == DeliveryState.FAILED


def test_a_hostile_address_adds_no_header_even_where_no_smtp_server_checks(
    alibaba, committed, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    Subscription.objects.create(
        channel="email", email="x@example.org\nBcc: all@example.org", state="active"
    )
    email_subscription("fine@example.org")
    committed(lambda: make_incident(alibaba))

    written = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert b"To: fine@example.org" in written
    assert b"Bcc" not in written
    assert b"all@example.org" not in written
