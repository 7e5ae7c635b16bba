"""Create the editor account `make run` prints, unless it exists already."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a staff editor in the Reviewers group (EDITOR_USERNAME / EDITOR_PASSWORD)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("EDITOR_USERNAME", "editor"))
        parser.add_argument("--group", default="Reviewers", choices=["Editors", "Reviewers"])

    def handle(self, *args, username: str, group: str, **options):
        try:
            reviewers = Group.objects.get(name=group)
        except Group.DoesNotExist:
            message = f"Group {group!r} is missing: run `manage.py migrate` first."
            raise CommandError(message) from None
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        password = os.environ.get("EDITOR_PASSWORD", "")
        if created or password:
            password = password or secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_staff = True
            user.save()
        user.groups.add(reviewers)
        if created and not os.environ.get("EDITOR_PASSWORD"):
            self.stdout.write(f"Editor account: {username} / {password} (shown once)")
        elif created or password:
            self.stdout.write(f"Editor account: {username} (password from EDITOR_PASSWORD)")
        else:
            self.stdout.write(f"Editor account: {username} (exists; password unchanged)")
