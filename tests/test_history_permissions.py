"""History views need the model's change permission; reverts keep the review and merge rules."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from incidents.models import ExternalRef
from incidents.record.curation import merge_incidents
from tests.admin_factory import form_data, make_incident, make_user, make_world

HISTORY_MODELS = [
    model
    for model in admin.site._registry
    if getattr(model._meta, "simple_history_manager_attribute", None)
]


def history_urls(obj) -> tuple[str, str]:
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    version = obj.history.earliest("history_date").history_id
    return (
        reverse(f"{name}_history", args=[obj.pk]),
        reverse(f"{name}_simple_history", args=[obj.pk, version]),
    )


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def root(world) -> Client:
    client = Client()
    client.force_login(make_user("root", is_superuser=True))
    return client


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def viewer_of(model) -> Client:
    """Return a client for a staff user who may view `model` and its history, not change it."""
    user = make_user(f"viewer-{model._meta.model_name}")
    history = model.history.model._meta.model_name
    codenames = [f"view_{model._meta.model_name}", f"view_{history}"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return client_for(user)


def test_every_model_with_history_is_checked():
    assert {m.__name__ for m in HISTORY_MODELS} >= {"Incident", "Source", "ExternalRef"}
    assert len(HISTORY_MODELS) == 17


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m.__name__)
def test_it_refuses_every_history_view_without_the_change_permission(world, root, model):
    obj = model.objects.first()
    listing, version = history_urls(obj)
    data = form_data(root.get(version))
    before = obj.history.count()
    viewer = viewer_of(model)

    assert viewer.get(listing).status_code == 403
    assert viewer.get(version).status_code == 403
    assert viewer.post(version, data).status_code == 403
    assert obj.history.count() == before


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m.__name__)
def test_it_still_shows_history_to_whoever_may_change_the_model(world, root, model):
    obj = model.objects.first()
    for url in history_urls(obj):
        assert root.get(url).status_code == 200


def test_an_editor_cannot_repoint_a_source_through_its_history_form(world, root):
    source = world.source
    source.url = "https://status.aliyun.com/v2/"
    source.save()
    _, version = history_urls(source)
    data = form_data(root.get(version))
    data.update(url="https://attacker.example/feed.json", enabled="on", auto_publish="on")
    before = source.history.count()

    editor = client_for(make_user("eddie", "Editors"))
    assert editor.post(version, data).status_code == 403

    source.refresh_from_db()
    assert source.url == "https://status.aliyun.com/v2/"
    assert source.history.count() == before


def test_an_editor_cannot_change_an_external_ref_through_its_history_form(world, root):
    ref = world.ref
    _, version = history_urls(ref)
    data = form_data(root.get(version))
    data.update(url="https://attacker.example/", external_id="forged")
    before = ref.history.count()

    editor = client_for(make_user("eddie", "Editors"))
    assert editor.post(version, data).status_code == 403

    ref.refresh_from_db()
    assert (ref.external_id, ref.url) == ("1", "")
    assert ref.history.count() == before


def test_a_reviewer_may_still_revert_a_source(world, root):
    source = world.source
    source.url = "https://status.aliyun.com/v2/"
    source.save()
    _, version = history_urls(source)
    reviewer = client_for(make_user("rita", "Reviewers"))
    assert reviewer.post(version, form_data(reviewer.get(version))).status_code == 302
    source.refresh_from_db()
    assert source.url == "https://status.aliyun.com/"


def test_a_revert_never_unmerges_a_duplicate_even_for_a_reviewer(world):
    survivor = make_incident(world, "survivor", "Zone C, reported again")
    merge_incidents(survivor, [world.incident])
    _, before_merge = history_urls(world.incident)
    reviewer = client_for(make_user("rita", "Reviewers"))

    response = reviewer.post(before_merge, form_data(reviewer.get(before_merge)))

    assert response.status_code == 302
    world.incident.refresh_from_db()
    assert world.incident.merged_into == survivor
    assert ExternalRef.objects.get(pk=world.ref.pk).incident == survivor
