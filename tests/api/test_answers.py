"""What the API answers where it once got it wrong: 404 bodies, time zones, yes/no filters,
and an incident's times checked against its product impacts."""

import datetime as dt

import pytest

from incidents.models import Incident, ProductImpact

from .conftest import T0

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"


# --- 404s -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"{URL}no-such-incident/",
        f"{URL}no-such-incident/updates/",
        "/api/v1/providers/no-such-provider/",
    ],
)
def test_a_404_body_is_a_plain_json_message(anon, db, path):
    response = anon.get(path)

    assert response.status_code == 404
    assert response.json() == {
        "detail": "Not found.",
        "errors": [{"field": None, "reason": "Not found.", "code": "not_found"}],
    }
    assert "ErrorDetail" not in response.content.decode()


# --- Time zones -------------------------------------------------------------------------------


def test_the_api_answers_in_utc_whatever_time_zone_cookie_the_client_carries(anon, make_incident):
    incident = make_incident(started_at=T0, ended_at=T0 + dt.timedelta(hours=2))
    paths = [URL, f"{URL}{incident.slug}/", f"{URL}{incident.slug}/updates/", "/api/v1/sources/"]
    plain = {path: anon.get(path).content for path in paths}
    anon.cookies["tz"] = "Asia/Shanghai"

    for path in paths:
        body = anon.get(path).content
        assert b"+08:00" not in body, path
        assert body == plain[path], path
    posted = anon.get(f"{URL}{incident.slug}/updates/").json()["results"][0]["posted_at"]
    assert posted == "2023-11-12T09:00:00Z"


def test_a_time_without_an_offset_is_read_as_utc_whatever_the_cookie(
    anon, editor_client, make_incident
):
    incident = make_incident(started_at=T0)  # 09:00 UTC is 17:00 in Shanghai
    anon.cookies["tz"] = editor_client.cookies["tz"] = "Asia/Shanghai"

    found = anon.get(URL, {"started_after": "2023-11-12T08:00:00"}).json()["results"]
    written = editor_client.post(
        f"{URL}{incident.slug}/updates/",
        {"posted_at": "2023-11-12T10:00:00", "status": "identified", "body": "Found it."},
        format="json",
    )

    assert [item["started_at"] for item in found] == ["2023-11-12T09:00:00Z"]
    assert written.status_code == 201, written.json()
    assert written.json()["posted_at"] == "2023-11-12T10:00:00Z"


def test_the_pages_still_follow_the_cookie(client, make_incident):
    incident = make_incident(started_at=T0)
    client.cookies["tz"] = "Asia/Shanghai"

    page = client.get(f"/incidents/{incident.slug}/").content.decode()

    assert "17:00" in page


# --- ongoing= ---------------------------------------------------------------------------------


@pytest.fixture
def ongoing_and_ended(make_incident):
    ongoing = make_incident(status="investigating", started_at=T0 + dt.timedelta(hours=2))
    ended = make_incident(status="resolved", started_at=T0, ended_at=T0 + dt.timedelta(hours=1))
    return ongoing, ended


def ids(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize("word", ["1", "on", "yes", "true", "True", "ON"])
def test_ongoing_accepts_the_words_the_timeline_accepts_for_yes(anon, ongoing_and_ended, word):
    ongoing, _ended = ongoing_and_ended
    assert ids(anon, ongoing=word) == [ongoing.slug]


@pytest.mark.parametrize("word", ["0", "off", "no", "false"])
def test_ongoing_accepts_the_words_for_no(anon, ongoing_and_ended, word):
    _ongoing, ended = ongoing_and_ended
    assert ids(anon, ongoing=word) == [ended.slug]


@pytest.mark.parametrize("word", ["maybe", "2", "yes please"])
def test_ongoing_refuses_anything_else_with_a_400_naming_it(anon, ongoing_and_ended, word):
    for url in (URL, "/api/v1/export/incidents.ndjson"):
        response = anon.get(url, {"ongoing": word})

        assert response.status_code == 400, url
        error = response.json()["errors"][0]
        assert error["field"] == "ongoing"
        assert "not a yes/no value" in error["reason"]


def test_the_timeline_refuses_the_same_words_instead_of_taking_them_as_on(client, db):
    refused = client.get("/", {"ongoing": "maybe"})
    accepted = client.get("/", {"ongoing": "on"})

    assert "not a yes/no value" in refused.content.decode()
    assert "not a yes/no value" not in accepted.content.decode()


# --- An incident's times against its product impacts -----------------------------------------


@pytest.fixture
def impacted(make_incident, catalog):
    """An incident from T0 to T0+5h whose ECS impact runs from T0+2h to T0+4h."""
    incident = make_incident(products=[], started_at=T0, ended_at=T0 + dt.timedelta(hours=5))
    ProductImpact.objects.create(
        incident=incident,
        product=catalog["ecs"],
        started_at=T0 + dt.timedelta(hours=2),
        ended_at=T0 + dt.timedelta(hours=4),
    )
    return incident


def test_a_patch_moving_the_end_before_an_impact_starts_is_a_400(editor_client, impacted):
    response = editor_client.patch(
        f"{URL}{impacted.slug}/", {"ended_at": "2023-11-12T10:00:00Z"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "ended_at",
            "reason": "The impact on ECS starts after this end.",
            "code": "invalid",
        },
        {
            "field": "ended_at",
            "reason": "The impact on ECS ends after this end.",
            "code": "invalid",
        },
    ]
    assert Incident.objects.get(pk=impacted.pk).ended_at == T0 + dt.timedelta(hours=5)


def test_a_patch_moving_the_start_after_an_impact_starts_is_a_400(editor_client, impacted):
    response = editor_client.patch(
        f"{URL}{impacted.slug}/", {"started_at": "2023-11-12T12:00:00Z"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "started_at"


def test_a_patch_that_keeps_every_impact_inside_is_accepted(editor_client, impacted):
    response = editor_client.patch(
        f"{URL}{impacted.slug}/", {"ended_at": "2023-11-12T13:00:00Z"}, format="json"
    )

    assert response.status_code == 200, response.json()


def test_the_model_holds_the_one_rule_the_admin_and_the_api_share(impacted):
    impacted.ended_at = T0 + dt.timedelta(hours=1)
    with pytest.raises(Exception) as caught:
        impacted.check_impacts()
    assert caught.value.message_dict == {
        "ended_at": [
            "The impact on ECS starts after this end.",
            "The impact on ECS ends after this end.",
        ]
    }
    impact = ProductImpact.objects.get()
    assert ProductImpact.window_errors(impacted, impact.started_at, impact.ended_at) == {
        "started_at": "The impact cannot start after the incident ends.",
        "ended_at": "The impact cannot end after the incident ends.",
    }
