"""The admin login locks a username out from one address after repeated wrong passwords."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
# Documentation addresses (RFC 5737).
ATTACKER = "203.0.113.50"
EDITOR_DESK = "198.51.100.20"


@pytest.fixture
def editor(settings):
    settings.AXES_FAILURE_LIMIT = 5
    # The default hasher costs ~0.2 s a login on this machine, and these tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(password: str, address: str, client: Client | None = None, **headers) -> int:
    client = client or Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
        **headers,
    )
    return response.status_code


def lock_out(address: str) -> list[int]:
    return [log_in(f"wrong-{n}", address) for n in range(5)]


def test_the_right_password_logs_in(editor):
    assert log_in(PASSWORD, EDITOR_DESK) == 302


def test_after_five_wrong_passwords_even_the_right_one_is_refused(editor):
    assert lock_out(ATTACKER)[:4] == [200, 200, 200, 200]
    client = Client()
    assert log_in(PASSWORD, ATTACKER, client) == 429
    assert "_auth_user_id" not in client.session


def test_an_attacker_elsewhere_cannot_lock_the_editor_out(editor):
    lock_out(ATTACKER)
    assert log_in(PASSWORD, EDITOR_DESK) == 302


def test_the_lockout_ends_after_the_cool_off(editor, settings):
    lock_out(ATTACKER)
    past = dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert log_in(PASSWORD, ATTACKER) == 302


def test_an_operator_unlocks_a_username_with_axes_reset_username(editor):
    lock_out(ATTACKER)
    call_command("axes_reset_username", "editor")
    assert log_in(PASSWORD, ATTACKER) == 302


def test_behind_a_proxy_it_locks_the_address_the_proxy_saw(editor, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "192.0.2.1"
    for n in range(5):
        forged = f"10.0.0.{n}, {ATTACKER}"
        log_in(f"wrong-{n}", proxy, HTTP_X_FORWARDED_FOR=forged)
    assert log_in(PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {ATTACKER}") == 429
    assert log_in(PASSWORD, proxy, HTTP_X_FORWARDED_FOR=EDITOR_DESK) == 302
