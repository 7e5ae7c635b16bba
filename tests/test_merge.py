"""Merging duplicate incidents: the workflow in curation.py and the admin action around it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents.models import (
    ExternalRef,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    ProductImpact,
    ReportedTime,
    ReviewState,
)
from incidents.record.curation import merge_incidents
from tests.admin_factory import at, make_incident, make_user, make_world

CHANGELIST = reverse("admin:incidents_incident_changelist")


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def duplicate(world):
    """The same outage reported again, with rows of its own and rows the survivor has."""
    dup = make_incident(
        world,
        "ali-hk-2022-12-dup",
        "香港Region可用区C服务中断",
        started_at=at("2022-12-18", "00:30"),
        ended_at=at("2022-12-18", "16:30"),
        review_state=ReviewState.PUBLISHED,
    )
    dup.regions.add(world.region)
    IncidentUpdate.objects.create(
        incident=dup, posted_at=at("2022-12-18", "02:00"), body="Recovering", external_id="1-2"
    )
    ExternalRef.objects.create(source=world.source, external_id="2", incident=dup)
    ProductImpact.objects.create(
        incident=dup, product=world.ecs, impact="major", started_at=at("2022-12-18", "00:40")
    )
    ProductImpact.objects.create(incident=dup, product=world.oss, impact="major")
    IncidentLink.objects.create(incident=dup, leadership_change=world.change, relation="speculated")
    IncidentLink.objects.create(incident=dup, corporate_event=world.event, relation="speculated")
    IncidentCitation.objects.create(incident=dup, citation=world.citation, position=3)
    IncidentCitation.objects.create(incident=dup, citation=world.press)
    ReportedTime.objects.create(
        incident=dup, field="started_at", value=at("2022-12-18", "00:56"), citation=world.citation
    )
    return dup


def test_it_moves_everything_onto_the_survivor(world, duplicate):
    survivor = merge_incidents(world.incident, [duplicate])

    assert {u.external_id for u in survivor.updates.all()} == {"1-1", "1-2"}
    assert {r.external_id for r in survivor.refs.all()} == {"1", "2"}
    assert {i.product for i in survivor.impacts.all()} == {world.ecs, world.oss}
    assert {link.target for link in survivor.links.all()} == {world.change, world.event}
    assert set(survivor.citations.all()) == {world.citation, world.press}
    assert survivor.reported_times.count() == 2
    assert set(survivor.regions.all()) == {world.zone, world.region}
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor


def test_it_keeps_the_survivors_row_for_a_shared_product_and_widens_its_window(world, duplicate):
    merge_incidents(world.incident, [duplicate])
    ecs = ProductImpact.objects.get(incident=world.incident, product=world.ecs)
    assert ecs.pk == world.impact.pk
    assert ecs.impact == "critical"
    assert ecs.started_at == at("2022-12-18", "00:40")
    assert ecs.ended_at == at("2022-12-18", "16:30")


def test_rows_the_survivor_already_has_stay_on_the_duplicate(world, duplicate):
    merge_incidents(world.incident, [duplicate])
    # The survivor's own link and citation win; the duplicate keeps its copies, nothing is lost.
    assert duplicate.links.get().leadership_change == world.change
    assert duplicate.sourcing.get().citation == world.citation
    assert duplicate.impacts.get().product == world.ecs
    assert world.incident.sourcing.get(citation=world.citation).position == 0


def test_a_merged_duplicate_drops_out_of_the_public_set(world, duplicate):
    world.incident.publish()
    assert set(Incident.objects.published()) == {world.incident, duplicate}
    merge_incidents(world.incident, [duplicate])
    assert list(Incident.objects.published()) == [world.incident]


def test_incidents_merged_into_a_duplicate_follow_it_to_the_survivor(world, duplicate):
    older = make_incident(world, "ali-hk-older-dup", "Zone C", merged_into=duplicate)
    merge_incidents(world.incident, [duplicate])
    older.refresh_from_db()
    assert older.merged_into == world.incident


def test_the_history_records_every_move(world, duplicate):
    merge_incidents(world.incident, [duplicate])
    reason = "Merged into ali-hk-2022-12"
    assert duplicate.history.first().history_change_reason == reason
    assert duplicate.history.first().merged_into_id == world.incident.pk
    moved = IncidentUpdate.history.filter(external_id="1-2").first()
    assert (moved.incident_id, moved.history_change_reason) == (world.incident.pk, reason)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other provider", "Incidents from different providers cannot be merged"),
        ("itself", "An incident cannot be merged into itself."),
        ("nothing", "Select at least two incidents to merge."),
        ("survivor merged", "is itself merged into another incident"),
    ],
)
def test_it_refuses_merges_that_make_no_sense(world, duplicate, case, message):
    aws = make_incident(world, "aws-2021", "AWS us-east-1", provider=world.aws)
    survivor, duplicates = {
        "other provider": (world.incident, [duplicate, aws]),
        "itself": (world.incident, [world.incident, duplicate]),
        "nothing": (world.incident, []),
        "survivor merged": (
            make_incident(world, "merged", "x", merged_into=world.incident),
            [duplicate],
        ),
    }[case]
    with pytest.raises(ValidationError, match=message):
        merge_incidents(survivor, duplicates)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert duplicate.refs.count() == 1


@pytest.fixture
def reviewer(client, world):
    client.force_login(make_user("rita", "Reviewers"))
    return client


def select(client, *incidents, **extra):
    data = {"action": "merge_selected", "_selected_action": [i.pk for i in incidents], **extra}
    return client.post(CHANGELIST, data, follow=True)


def test_the_merge_action_asks_for_the_survivor_then_merges(reviewer, world, duplicate):
    page = select(reviewer, world.incident, duplicate, index=0)
    assert page.status_code == 200
    assert [i.pk for i in page.context["incidents"]] == [duplicate.pk, world.incident.pk]
    assert b'name="survivor"' in page.content
    assert Incident.objects.filter(merged_into__isnull=False).count() == 0

    done = select(reviewer, world.incident, duplicate, post="yes", survivor=world.incident.pk)
    assert "Merged 1 incident(s) into" in done.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == world.incident
    assert world.incident.refs.count() == 2
    assert duplicate.history.first().history_user.username == "rita"


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in response.context["messages"]]


def test_the_merge_action_refuses_incidents_of_different_providers(reviewer, world):
    aws = make_incident(world, "aws-2021", "AWS us-east-1", provider=world.aws)
    response = select(reviewer, world.incident, aws, index=0)
    [(level, message)] = messages_of(response)
    assert level == "error"
    assert message.startswith("Incidents from different providers cannot be merged")
    assert "incidents" not in response.context  # no confirmation page
    response = select(reviewer, world.incident, aws, post="yes", survivor=world.incident.pk)
    assert messages_of(response)[0][0] == "error"
    aws.refresh_from_db()
    assert aws.merged_into is None


def test_the_merge_action_refuses_a_single_incident(reviewer, world):
    response = select(reviewer, world.incident, index=0)
    assert messages_of(response) == [("error", "Select at least two incidents to merge.")]


def test_the_merge_action_refuses_a_survivor_outside_the_selection(reviewer, world, duplicate):
    third = make_incident(world, "third", "Zone C")
    response = select(reviewer, world.incident, duplicate, post="yes", survivor=third.pk)
    assert messages_of(response) == [("error", "Pick the survivor among the selected.")]
    assert not Incident.objects.filter(merged_into__isnull=False).exists()


def test_setting_merged_into_in_the_form_runs_the_whole_merge(reviewer, world, duplicate):
    from tests.admin_factory import form_data

    change = reverse("admin:incidents_incident_change", args=[duplicate.pk])
    data = {**form_data(reviewer.get(change)), "merged_into": world.incident.pk}
    assert reviewer.post(change, data).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == world.incident
    assert world.incident.refs.count() == 2
