"""Every editor change is kept: who, when, what changed; an earlier version can be restored."""

import pytest
from django.urls import reverse

from incidents.models import Incident, ProductImpact
from tests.admin_factory import form_data, make_incident, make_user, make_world
from tests.test_admin import edit


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def editor(client, world):
    client.force_login(make_user("eddie", "Editors"))
    return client


def history_page(client, incident: Incident):
    response = client.get(reverse("admin:incidents_incident_history", args=[incident.pk]))
    assert response.status_code == 200
    return response


def test_the_history_lists_each_change_with_its_author_and_fields(editor, world):
    edit(editor, world.incident, title="First title")
    edit(editor, world.incident, title="Second title", root_cause="Chiller failure")

    response = history_page(editor, world.incident)
    second, first, created = list(response.context["page_obj"])[:3]
    assert (second.history_user.username, first.history_user.username) == ("eddie", "eddie")
    assert created.history_user is None
    assert {c["field"] for c in second.history_delta_changes} == {
        "Title",
        "Root cause",
        "Edited fields",
    }
    assert {c["field"] for c in first.history_delta_changes} == {"Title", "Edited fields"}
    html = response.content.decode()
    assert html.count("eddie") >= 2
    assert "First title" in html and "Second title" in html


def test_reverting_to_an_earlier_version_restores_its_title(editor, world):
    edit(editor, world.incident, title="First title")
    edit(editor, world.incident, title="Second title")
    first = world.incident.history.get(title="First title")

    revert = reverse(
        "admin:incidents_incident_simple_history", args=[world.incident.pk, first.history_id]
    )
    page = editor.get(revert)
    assert page.status_code == 200
    assert editor.post(revert, form_data(page)).status_code == 302

    world.incident.refresh_from_db()
    assert world.incident.title == "First title"
    latest, before = world.incident.history.all()[:2]
    assert (latest.title, latest.history_user.username) == ("First title", "eddie")
    assert before.title == "Second title"
    assert "title" in world.incident.edited_fields


def test_reverting_as_an_editor_keeps_the_review_state_and_merge(editor, world):
    draft = world.incident.history.first()
    world.incident.publish()
    world.incident.merged_into = make_incident(world, "survivor", "Zone C")
    world.incident.save()
    revert = reverse(
        "admin:incidents_incident_simple_history", args=[world.incident.pk, draft.history_id]
    )
    assert editor.post(revert, form_data(editor.get(revert))).status_code == 302
    world.incident.refresh_from_db()
    assert world.incident.review_state == "published"
    assert world.incident.merged_into.slug == "survivor"


def test_inline_changes_are_kept_in_their_own_history(editor, world):
    data = form_data(
        editor.get(reverse("admin:incidents_incident_change", args=[world.incident.pk]))
    )
    data["impacts-0-impact"] = "major"
    editor.post(reverse("admin:incidents_incident_change", args=[world.incident.pk]), data)
    record = ProductImpact.history.filter(id=world.impact.pk).first()
    assert (record.impact, record.history_user.username) == ("major", "eddie")
    assert record.prev_record.impact == "critical"


def test_publishing_is_recorded_with_the_reviewer(client, world):
    client.force_login(make_user("rita", "Reviewers"))
    client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "publish_selected", "_selected_action": [world.incident.pk], "index": 0},
    )
    record = world.incident.history.first()
    assert (record.review_state, record.history_user.username) == ("published", "rita")
