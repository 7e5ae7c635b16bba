"""The Editors and Reviewers groups can do exactly what their roles need, and no more."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from incidents.models import Incident, ReviewState
from tests.admin_factory import form_data, make_user, make_world
from tests.test_admin import MODELS, url


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def editor(client, world):
    client.force_login(make_user("eddie", "Editors"))
    return client


@pytest.fixture
def reviewer(client, world):
    client.force_login(make_user("rita", "Reviewers"))
    return client


def codenames(group: str) -> set[str]:
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_editors_may_add_change_and_view_content_but_never_delete_publish_or_merge(db):
    editors = codenames("Editors")
    for name in (
        "incident",
        "incidentlink",
        "productimpact",
        "person",
        "citation",
        "valuesourcing",
    ):
        assert {f"add_{name}", f"change_{name}", f"view_{name}"} <= editors
    assert {
        "view_historicalincident",
        "view_historicalvaluesourcing",
        "view_source",
        "view_snapshot",
        "view_externalref",
    } <= editors
    assert not {c for c in editors if c.startswith("delete_")}
    assert not editors & {"publish_incident", "merge_incident", "add_source", "change_source"}
    assert not editors & {"change_externalref", "add_snapshot", "change_historicalincident"}


def test_reviewers_have_what_editors_have_plus_publish_merge_and_sources(db):
    reviewers = codenames("Reviewers")
    extra = {"publish_incident", "merge_incident", "add_source", "change_source"}
    assert reviewers == codenames("Editors") | extra
    assert not {c for c in reviewers if c.startswith("delete_")}


def add_incident(client, world, **extra):
    data = form_data(client.get(url(Incident, "add")))
    data.update(
        slug="ali-2023-11-12",
        provider=world.provider.pk,
        title="云产品控制台服务异常",
        started_at_0="2023-11-12",
        started_at_1="09:39:00",
        time_zone="Asia/Shanghai",
        **extra,
    )
    return client.post(url(Incident, "add"), data)


def test_an_editor_adds_a_draft_even_when_the_post_asks_for_published(editor, world):
    response = add_incident(editor, world, review_state="published")
    assert response.status_code == 302
    assert Incident.objects.get(slug="ali-2023-11-12").review_state == ReviewState.DRAFT


def test_a_reviewer_may_add_a_published_incident(reviewer, world):
    assert add_incident(reviewer, world, review_state="published").status_code == 302
    assert Incident.objects.get(slug="ali-2023-11-12").review_state == ReviewState.PUBLISHED


def test_an_editor_changes_an_incident_but_not_its_review_state(editor, world):
    change = url(Incident, "change", world.incident.pk)
    page = editor.get(change)
    assert "review_state" not in page.context["adminform"].form.fields
    assert "merged_into" not in page.context["adminform"].form.fields
    data = {**form_data(page), "title": "Edited", "review_state": "published"}
    assert editor.post(change, data).status_code == 302
    world.incident.refresh_from_db()
    assert (world.incident.title, world.incident.review_state) == ("Edited", ReviewState.DRAFT)


def action_names(client) -> set[str]:
    form = client.get(url(Incident, "changelist")).context["action_form"]
    return {name for name, _ in form.fields["action"].choices} if form else set()


def test_an_editor_sees_no_publish_hide_or_merge_action_and_cannot_post_one(editor, world):
    assert not action_names(editor) & {"publish_selected", "hide_selected", "merge_selected"}
    editor.post(
        url(Incident, "changelist"),
        {"action": "publish_selected", "_selected_action": [world.incident.pk], "index": 0},
    )
    world.incident.refresh_from_db()
    assert world.incident.review_state == ReviewState.DRAFT


def test_a_reviewer_sees_publish_hide_and_merge_but_not_delete(reviewer, world):
    names = action_names(reviewer)
    assert {"publish_selected", "hide_selected", "merge_selected"} <= names
    assert "delete_selected" not in names


@pytest.mark.parametrize("who", ["editor", "reviewer"])
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_nobody_but_a_superuser_deletes(request, world, who, model):
    client = request.getfixturevalue(who)
    obj = model.objects.first()
    assert client.get(url(model, "delete", obj.pk)).status_code == 403
    assert client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_a_superuser_may_delete(client, world):
    client.force_login(make_user("root", is_superuser=True))
    response = client.post(url(Incident, "delete", world.incident.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Incident.objects.filter(pk=world.incident.pk).exists()


@pytest.mark.parametrize("row", ["ref", "source"])
def test_editors_view_but_do_not_change_ingestion_rows(client, world, row):
    obj = getattr(world, row)
    address = url(type(obj), "change", obj.pk)
    field = "external_id" if row == "ref" else "url"
    client.force_login(make_user("root", is_superuser=True))
    valid = form_data(client.get(address)) | {field: "https://changed.example.org/x"}
    client.force_login(make_user("eddie", "Editors"))

    assert client.get(address).status_code == 200
    assert client.post(address, valid).status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) != "https://changed.example.org/x"
    # The same form from someone allowed saves: so the editor's 403 is the permission alone.
    client.force_login(make_user("root2", is_superuser=True))
    assert client.post(address, valid).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "https://changed.example.org/x"


def test_a_user_outside_both_groups_sees_nothing(client, world):
    client.force_login(make_user("nobody"))
    assert client.get(url(Incident, "changelist")).status_code == 403
    assert (
        client.get(
            reverse("admin:incidents_incident_history", args=[world.incident.pk])
        ).status_code
        == 403
    )
