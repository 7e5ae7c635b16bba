"""An editor signs in to the admin in a real browser and sees the incident list."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_signs_in_and_sees_the_incident_changelist(page, live_server, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("seed_demo", verbosity=0)
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-pass")
    page.goto(live_server.url + "/admin/incidents/incident/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-pass")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Hong Kong Region Zone C service disruption")
    ).to_be_visible()
    screenshot(page, "admin.png", for_docs=True)
