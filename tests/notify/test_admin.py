"""Editors see how many subscribe to what, never who, unless they hold the permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from tests.admin_factory import make_user
from tests.notify.conftest import email_subscription

pytestmark = pytest.mark.django_db

LIST = "/admin/incidents/subscription/"


@pytest.fixture
def subscriptions(alibaba):
    email_subscription("secret-reader@example.org", provider=alibaba)
    email_subscription("other-reader@example.org", provider=alibaba)


def test_an_editor_sees_counts_but_no_addresses(client, subscriptions):
    client.force_login(make_user("ed", "Editors"))
    page = client.get(LIST).content.decode()
    assert "secret-reader" not in page
    assert "Alibaba Cloud (2)" in page  # the provider filter, with its count
    detail = client.get(f"{LIST}1/change/").content.decode()
    assert "secret-reader" not in detail
    # Searching by address would say whether someone subscribes: it does not narrow the list.
    assert "2 subscriptions" in client.get(f"{LIST}?q=secret-reader").content.decode()


def test_the_address_permission_shows_addresses(client, subscriptions):
    user = make_user("privacy", "Reviewers")
    user.user_permissions.add(Permission.objects.get(codename="view_subscriber_address"))
    client.force_login(user)
    assert "secret-reader@example.org" in client.get(LIST).content.decode()
    assert "1 subscription" in client.get(f"{LIST}?q=secret-reader").content.decode()


def test_nobody_adds_a_subscription_in_the_admin(client, db):
    client.force_login(make_user("ed", "Editors"))
    assert client.get(f"{LIST}add/").status_code == 403
