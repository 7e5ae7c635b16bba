"""Component status changes go to webhooks as Statuspage's separate component_update body."""

from __future__ import annotations

import pytest

from incidents.models import ComponentNotice, Delivery, Event, Impact, ReviewState
from incidents.notify.signing import SIGNATURE_HEADER
from tests.notify.conftest import START, make_incident, webhook_subscription, with_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def component_bodies(receiver, path: str) -> list[dict]:
    return [r.json() for r in receiver.at(path) if r.json()["meta"]["event"] == Event.COMPONENT]


def test_a_products_status_change_posts_a_signed_component_update(alibaba, receiver, committed):
    webhook_subscription(receiver, "/components", provider=alibaba, on_component=True)
    webhook_subscription(receiver, "/incidents-only", provider=alibaba)
    incident = make_incident(alibaba, review_state=ReviewState.DRAFT)
    with_product(incident, "taobao", Impact.CRITICAL)

    committed(incident.publish)

    [body] = component_bodies(receiver, "/components")
    assert set(body) == {"meta", "page", "component", "component_update"}
    assert body["page"]["id"] == "alibaba-cloud"
    assert body["page"]["status_indicator"] == "critical"
    assert (body["component"]["id"], body["component"]["status"]) == ("taobao", "major_outage")
    update = body["component_update"]
    assert (update["old_status"], update["new_status"]) == ("operational", "major_outage")
    assert update["component_id"] == "taobao"
    assert update["component_type"] == "Component"
    assert all(r.signed for r in receiver.at("/components"))
    assert receiver.at("/components")[0].headers[SIGNATURE_HEADER.lower()].startswith("t=")
    # The incident body is its own message, with its own shape.
    incident_bodies = [r.json() for r in receiver.at("/components") if "incident" in r.json()]
    assert [set(b) for b in incident_bodies] == [{"meta", "page", "incident"}]
    assert component_bodies(receiver, "/incidents-only") == []

    committed(lambda: incident.resolve(at=START.replace(hour=13)))

    first, recovered = component_bodies(receiver, "/components")
    assert (
        recovered["component_update"]["old_status"],
        recovered["component_update"]["new_status"],
    ) == (
        "major_outage",
        "operational",
    )
    assert recovered["component"]["status"] == "operational"
    assert recovered["component_update"]["id"] != first["component_update"]["id"]
    assert ComponentNotice.objects.get().status == "operational"


def test_an_unchanged_status_is_not_told_again(alibaba, receiver, committed):
    webhook_subscription(receiver, "/components", on_component=True, on_new=False, on_resolve=False)
    incident = make_incident(alibaba)
    committed(lambda: with_product(incident, "taobao", Impact.MAJOR))
    committed(lambda: incident.save())
    [body] = component_bodies(receiver, "/components")
    assert body["component_update"]["new_status"] == "partial_outage"
    assert len(receiver.at("/components")) == 1


def test_the_worst_open_incident_sets_the_status(alibaba, receiver, committed):
    webhook_subscription(receiver, "/components", on_component=True, on_new=False)
    big = make_incident(alibaba, "big")
    committed(lambda: with_product(big, "oss", Impact.CRITICAL))
    small = make_incident(alibaba, "small", impact=Impact.MINOR)
    # A minor incident on a product already in a major outage changes nothing.
    committed(lambda: with_product(small, "oss", Impact.MINOR))
    assert [
        b["component_update"]["new_status"] for b in component_bodies(receiver, "/components")
    ] == ["major_outage"]
    committed(lambda: big.resolve(at=START.replace(hour=12)))
    statuses = [
        b["component_update"]["new_status"] for b in component_bodies(receiver, "/components")
    ]
    assert statuses == ["major_outage", "degraded_performance"]


def test_component_updates_respect_the_saved_view(alibaba, aws, receiver, committed):
    webhook_subscription(receiver, "/aws", provider=aws, on_component=True)
    webhook_subscription(receiver, "/critical", impact_min=Impact.CRITICAL, on_component=True)
    webhook_subscription(receiver, "/other-product", on_component=True, product=None)
    incident = make_incident(alibaba)
    committed(lambda: with_product(incident, "taobao", Impact.MINOR))
    assert component_bodies(receiver, "/aws") == []
    assert component_bodies(receiver, "/critical") == []
    assert len(component_bodies(receiver, "/other-product")) == 1
    assert Delivery.objects.filter(event=Event.COMPONENT).count() == 1
