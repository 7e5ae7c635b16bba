"""Constraints the database itself enforces, whatever code writes the rows."""

import pytest
from django.db import IntegrityError, transaction

from incidents.models import ExternalRef, Incident, IncidentLink, Product, ProductImpact
from tests.admin_factory import at, make_incident, make_world


@pytest.fixture
def world(db):
    return make_world()


def refused(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_the_database_refuses_an_incident_that_ends_before_it_starts(world):
    refused(lambda: make_incident(world, "backwards", "x", ended_at=at("2022-12-17", "00:00")))
    refused(
        lambda: Incident.objects.filter(pk=world.incident.pk).update(
            ended_at=at("2022-12-17", "00:00")
        )
    )


def test_the_database_accepts_an_ongoing_incident_and_a_zero_length_one(world):
    make_incident(world, "ongoing", "x", ended_at=None)
    make_incident(world, "instant", "x", ended_at=at("2022-12-18", "00:56"))


def test_the_database_refuses_a_second_ref_for_the_same_upstream_id(world):
    other = make_incident(world, "other", "x")
    refused(
        lambda: ExternalRef.objects.create(source=world.source, external_id="1", incident=other)
    )


def test_the_database_refuses_duplicate_slugs(world):
    refused(lambda: make_incident(world, world.incident.slug, "x"))
    refused(lambda: Product.objects.create(slug="ecs", name="Another ECS"))


def test_the_database_refuses_an_incident_merged_into_itself(world):
    pk = world.incident.pk
    refused(lambda: Incident.objects.filter(pk=pk).update(merged_into=pk))


def test_the_database_refuses_a_link_with_two_targets_or_none(world):
    other = make_incident(world, "other", "x")
    refused(
        lambda: IncidentLink.objects.create(
            incident=other,
            leadership_change=world.change,
            corporate_event=world.event,
            relation="speculated",
        )
    )
    refused(lambda: IncidentLink.objects.create(incident=other, relation="speculated"))
    refused(
        lambda: IncidentLink.objects.create(
            incident=other, corporate_event=world.event, relation=""
        )
    )


def test_the_database_refuses_a_second_link_to_the_same_event(world):
    refused(
        lambda: IncidentLink.objects.create(
            incident=world.incident, leadership_change=world.change, relation="speculated"
        )
    )


def test_the_database_refuses_an_impact_that_ends_before_it_starts(world):
    refused(
        lambda: ProductImpact.objects.create(
            incident=world.incident,
            product=world.oss,
            started_at=at("2022-12-18", "05:00"),
            ended_at=at("2022-12-18", "04:00"),
        )
    )


def test_postgresql_holds_the_constraints_by_name(postgres):
    with postgres.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE conname LIKE %s", ["incident%"])
        names = {row[0] for row in cursor.fetchall()}
    assert {"incident_ends_after_start", "incident_not_merged_into_self"} <= names
