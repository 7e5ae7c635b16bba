"""Issue an API token for a user and print its key once; only a hash is stored."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents.models import ApiToken, TokenScope


class Command(BaseCommand):
    help = "Issue an API token for USERNAME and print its key (shown once, stored hashed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument("--days", type=int, default=settings.API_TOKEN_DAYS)
        parser.add_argument("--name", default="issued with manage.py issue_token")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        token, key = ApiToken.issue(user, options["name"], options["scope"], options["days"])
        self.stderr.write(
            f"{token.get_scope_display()} token for {user}, expires {token.expires_at:%Y-%m-%d}."
        )
        self.stdout.write(key)
