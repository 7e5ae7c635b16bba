"""The editors' admin: every screen renders, search and filters work, forms say what is wrong."""

import pytest
from django.contrib import admin
from django.urls import reverse

from incidents.models import (
    Citation,
    CorporateEvent,
    Incident,
    IncidentCitation,
    IncidentLink,
    IncidentUpdate,
    LeadershipChange,
    Organization,
    Person,
    Product,
    ProductImpact,
    Provider,
    Region,
    ReportedTime,
    ReviewState,
    ValueSourcing,
)
from tests.admin_factory import at, form_data, make_incident, make_user, make_world

# The models this admin owns; Source, Snapshot and ExternalRef have their own screens.
MODELS = [
    Organization,
    Provider,
    Region,
    Product,
    Citation,
    Person,
    LeadershipChange,
    CorporateEvent,
    IncidentLink,
    Incident,
    IncidentUpdate,
    ProductImpact,
    IncidentCitation,
    ReportedTime,
    ValueSourcing,
]


def url(model, view: str, *args) -> str:
    return reverse(f"admin:incidents_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def reviewer(client, world):
    client.force_login(make_user("rita", "Reviewers"))
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_renders_every_changelist_add_change_and_history_page(reviewer, model):
    obj = model.objects.first()
    for address in (
        url(model, "changelist"),
        url(model, "add"),
        url(model, "change", obj.pk),
        url(model, "history", obj.pk),
    ):
        response = reviewer.get(address)
        assert response.status_code == 200, address


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_searches_every_changelist(reviewer, model):
    obj, term = first_searchable_value(model)
    found = reviewer.get(url(model, "changelist"), {"q": term}).context["cl"].result_list
    missed = reviewer.get(url(model, "changelist"), {"q": "zz-no-such-thing-zz"})
    assert obj in list(found), f"searching {model.__name__} for {term!r}"
    assert list(missed.context["cl"].result_list) == []


def first_searchable_value(model) -> tuple:
    """Return the first row and the value of its first non-empty search field."""
    obj = model.objects.first()
    for field in admin.site._registry[model].search_fields:
        value = obj
        for part in field.lstrip("^=@").split("__"):
            value = getattr(value, part)
        if value:
            return obj, str(value)
    raise AssertionError(f"{model.__name__} has no searchable value")


def changelist(client, **params) -> list:
    response = client.get(url(Incident, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_it_finds_incidents_by_title_translation_and_upstream_id(reviewer, world):
    other = make_incident(world, "gcp-2023", "Unrelated outage", title_zh_hans="香港服务中断")
    assert changelist(reviewer, q="Zone C") == [world.incident]
    assert changelist(reviewer, q="香港服务") == [other]
    assert changelist(reviewer, q="1") == [world.incident]  # its ExternalRef id
    assert changelist(reviewer, q="no such outage") == []


def test_it_filters_incidents_by_review_state_provider_merge_and_date(reviewer, world):
    published = make_incident(
        world,
        "aws-2021",
        "AWS us-east-1",
        provider=world.aws,
        started_at=at("2021-12-07", "15:30"),
        ended_at=None,
        review_state=ReviewState.PUBLISHED,
    )
    duplicate = make_incident(world, "ali-hk-dup", "Zone C (again)", merged_into=world.incident)
    assert changelist(reviewer, review_state__exact="published") == [published]
    assert changelist(reviewer, provider__id__exact=world.aws.pk) == [published]
    assert changelist(reviewer, merged="yes") == [duplicate]
    assert duplicate not in changelist(reviewer, merged="no")
    assert changelist(reviewer, started_at__year="2021") == [published]


def test_it_autocompletes_providers_regions_and_products(reviewer, world):
    def complete(model_name: str, field: str, term: str) -> list[str]:
        response = reviewer.get(
            reverse("admin:autocomplete"),
            {"app_label": "incidents", "model_name": model_name, "field_name": field, "term": term},
        )
        assert response.status_code == 200
        return [row["text"] for row in response.json()["results"]]

    assert complete("incident", "provider", "alibaba") == ["Alibaba Cloud"]
    assert complete("incident", "regions", "zone c") == ["Hong Kong Zone C (cn-hongkong-c)"]
    assert complete("productimpact", "product", "storage") == ["Object Storage Service"]
    assert complete("leadershipchange", "person", "张建锋") == ["Zhang Jianfeng (张建锋)"]
    assert complete("leadershipchange", "organization", "intelligence") == [world.org.name]


def post_action(client, action: str, *incidents):
    return client.post(
        url(Incident, "changelist"),
        {"action": action, "_selected_action": [i.pk for i in incidents], "index": 0},
        follow=True,
    )


def test_the_publish_and_hide_actions_change_what_the_public_sees(reviewer, world):
    response = post_action(reviewer, "publish_selected", world.incident)
    assert "1 incident(s) published." in response.content.decode()
    assert list(Incident.objects.published()) == [world.incident]

    post_action(reviewer, "hide_selected", world.incident)
    world.incident.refresh_from_db()
    assert world.incident.review_state == ReviewState.HIDDEN
    assert not Incident.objects.published().exists()


def edit(client, obj, **changes):
    """Post the change form of `obj` back with `changes` applied."""
    response = client.get(url(type(obj), "change", obj.pk))
    return client.post(url(type(obj), "change", obj.pk), {**form_data(response), **changes})


def test_saving_an_incident_remembers_the_fields_the_editor_changed(reviewer, world):
    response = edit(reviewer, world.incident, title="Zone C outage", root_cause="Chillers failed")
    assert response.status_code == 302
    world.incident.refresh_from_db()
    assert world.incident.title == "Zone C outage"
    assert world.incident.edited_fields == ["root_cause", "title"]


def errors_of(response) -> str:
    assert response.status_code == 200, "the form was accepted"
    return response.content.decode()


def test_it_refuses_an_end_before_the_start(reviewer, world):
    response = edit(reviewer, world.incident, ended_at_0="2022-12-17")
    assert "The end cannot be before the start." in errors_of(response)


def test_it_refuses_an_impact_outside_the_incident_as_edited_on_the_same_page(reviewer, world):
    # The impact starts at the incident's old start; the same POST moves the start later.
    world.impact.started_at = world.incident.started_at
    world.impact.save()
    # Times are entered in the vendor's zone: 10:00 Beijing time is 02:00 UTC.
    response = edit(reviewer, world.incident, started_at_1="10:00:00")
    assert "The impact cannot start before the incident starts." in errors_of(response)


def test_it_refuses_an_impact_outside_a_new_incident(reviewer, world):
    data = form_data(reviewer.get(url(Incident, "add")))
    data.update(
        slug="new-one",
        provider=world.provider.pk,
        title="New",
        started_at_0="2023-11-12",
        started_at_1="09:39:00",
        ended_at_0="2023-11-12",
        ended_at_1="13:11:00",
        time_zone="Asia/Shanghai",
        status="resolved",
        impact="major",
        language="en",
        **{
            "impacts-TOTAL_FORMS": "1",
            "impacts-0-product": world.ecs.pk,
            "impacts-0-impact": "major",
            "impacts-0-ended_at_0": "2023-11-12",
            "impacts-0-ended_at_1": "14:00:00",
        },
    )
    response = reviewer.post(url(Incident, "add"), data)
    assert "The impact cannot end after the incident ends." in errors_of(response)
    assert not Incident.objects.filter(slug="new-one").exists()


def link_data(reviewer, world, **link) -> dict:
    data = form_data(reviewer.get(url(Incident, "change", world.incident.pk)))
    data["links-TOTAL_FORMS"] = "2"
    data.update({f"links-1-{name}": value for name, value in link.items()})
    data.setdefault("links-1-confidence", "medium")
    return data


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ({"corporate_event": "EVENT"}, "Say how the incident and the event are related."),
        ({"relation": "speculated"}, "Link to exactly one target"),
        (
            {"relation": "speculated", "corporate_event": "EVENT", "leadership_change": "CHANGE"},
            "Link to exactly one target",
        ),
    ],
    ids=["no relation", "no target", "two targets"],
)
def test_it_refuses_a_link_without_a_relation_or_one_target(reviewer, world, link, message):
    targets = {"EVENT": world.event.pk, "CHANGE": world.change.pk}
    link = {name: targets.get(value, value) for name, value in link.items()}
    response = reviewer.post(
        url(Incident, "change", world.incident.pk), link_data(reviewer, world, **link)
    )
    assert message in errors_of(response)
    assert world.incident.links.count() == 1


def test_it_refuses_a_merge_into_itself_in_the_form(reviewer, world):
    response = edit(reviewer, world.incident, merged_into=world.incident.pk)
    assert "An incident cannot be merged into itself." in errors_of(response)


def test_it_refuses_a_merge_across_providers_in_the_form(reviewer, world):
    aws = make_incident(world, "aws-2021", "AWS us-east-1", provider=world.aws)
    response = edit(reviewer, world.incident, merged_into=aws.pk)
    assert "Incidents from different providers cannot be merged" in errors_of(response)
    world.incident.refresh_from_db()
    assert world.incident.merged_into is None


def test_it_refuses_an_effective_date_before_the_announcement(reviewer, world):
    response = edit(reviewer, world.change, effective_on="2022-12-01")
    assert "It cannot take effect before it is announced." in errors_of(response)


def test_the_incident_page_shows_upstream_refs_read_only(reviewer, world):
    response = reviewer.get(url(Incident, "change", world.incident.pk))
    refs = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model._meta.model_name == "externalref"
    )
    assert not refs.has_add_permission and not refs.has_change_permission
    assert "aliyun-status" in response.content.decode()


def test_the_incident_changelist_query_count_does_not_grow_with_rows(reviewer, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reviewer.get(url(Incident, "changelist")).status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        make_incident(world, f"extra-{n}", f"Extra {n}", merged_into=world.incident)
    assert queries() == before
