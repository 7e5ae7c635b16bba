"""API tokens: stored hashed, scoped read or write, expiring, with their last use recorded."""

import datetime as dt
import hashlib
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from incidents.models import ApiToken, Incident

pytestmark = pytest.mark.django_db


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def patch_root_cause(client: APIClient, incident: Incident) -> int:
    url = f"/api/v1/incidents/{incident.slug}/"
    return client.patch(url, {"root_cause": "Chiller failure"}, format="json").status_code


def test_only_a_hash_of_the_key_is_stored(editor):
    token, key = ApiToken.issue(editor, "sync script")
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(value) for value in row.values()}
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert row["key_prefix"] == key[:8]


def test_a_write_token_writes(editor, make_incident):
    incident = make_incident()
    assert patch_root_cause(client_with(ApiToken.issue(editor, "t", "write")[1]), incident) == 200
    incident.refresh_from_db()
    assert incident.root_cause == "Chiller failure"


def test_a_read_only_token_reads_but_never_writes(editor, make_incident):
    incident = make_incident(review_state="draft")
    client = client_with(ApiToken.issue(editor, "dashboard", "read")[1])
    # Authenticated as the editor: the draft is visible.
    assert client.get(f"/api/v1/incidents/{incident.slug}/").status_code == 200
    assert patch_root_cause(client, incident) == 403
    incident.refresh_from_db()
    assert incident.root_cause == ""


def test_an_expired_token_is_refused(editor, make_incident):
    token, key = ApiToken.issue(editor, "old", "write")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client_with(key).get("/api/v1/incidents/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@pytest.mark.parametrize("key", ["not-a-key", ""])
def test_an_unknown_key_is_refused(db, key):
    assert client_with(key).get("/api/v1/incidents/").status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(editor):
    key = ApiToken.issue(editor, "t")[1]
    User.objects.filter(pk=editor.pk).update(is_active=False)
    assert client_with(key).get("/api/v1/incidents/").status_code == 401


def test_it_records_when_a_token_was_last_used(editor):
    token, key = ApiToken.issue(editor, "t")
    assert token.last_used_at is None
    client_with(key).get("/api/v1/providers/")
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=30)


def test_a_new_token_expires_after_the_configured_days(editor, settings):
    settings.API_TOKEN_DAYS = 7
    token, _ = ApiToken.issue(editor, "t")
    assert abs(token.expires_at - timezone.now() - dt.timedelta(days=7)) < dt.timedelta(minutes=1)


def test_issue_token_prints_a_working_key_once(editor, make_incident, capsys):
    call_command("issue_token", editor.username, "--scope", "write", "--days", "30")
    key = capsys.readouterr().out.strip()
    assert patch_root_cause(client_with(key), make_incident()) == 200
    token = ApiToken.find(key)
    assert token.scope == "write"
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)


def test_issue_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("issue_token", "ghost")


def test_a_superuser_issues_a_token_in_the_admin_and_sees_the_key_once(editor):
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", password="not-used-here-123"))
    expires = (timezone.now() + dt.timedelta(days=10)).strftime("%Y-%m-%d")
    response = admin.post(
        "/admin/incidents/apitoken/add/",
        {
            "user": editor.pk,
            "name": "from the admin",
            "scope": "read",
            "expires_at_0": expires,
            "expires_at_1": "12:00:00",
        },
        follow=True,
    )
    (message,) = [str(m) for m in response.context["messages"] if "Token for" in str(m)]
    key = message.split("Token for edna: ")[1].split(" ")[0]
    token = ApiToken.find(key)
    assert (token.user, token.scope, token.name) == (editor, "read", "from the admin")
    assert key not in admin.get(f"/admin/incidents/apitoken/{token.pk}/change/").content.decode()


def test_editors_cannot_see_or_issue_tokens(editor):
    editor.is_staff = True
    editor.save()
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/incidents/apitoken/").status_code == 403
    assert client.get("/admin/incidents/apitoken/add/").status_code == 403


def test_the_migration_turns_drf_authtoken_keys_into_hashed_tokens(editor):
    migration = importlib.import_module("incidents.migrations.0014_api_tokens")
    key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40), user_id integer)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s)", [key, editor.pk])

    migration.carry_over_authtokens(apps, SimpleNamespace(connection=connection))

    token = ApiToken.find(key)
    assert (token.user, token.scope) == (editor, "write")
    assert token.expires_at > timezone.now() + dt.timedelta(days=89)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0


def test_the_schema_describes_the_token_header(anon):
    schema = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["in"], scheme["name"]) == ("header", "Authorization")
