"""Load the demo data set: `python manage.py seed_demo`. Safe to run again."""

from django.core.management.base import BaseCommand

from incidents.demo.load import load


class Command(BaseCommand):
    help = "Load the demo data set (sourced Alibaba Cloud and other outages); idempotent."

    def handle(self, *args, **options) -> None:
        stats = load()
        if not stats:
            self.stdout.write("Demo data already up to date.")
            return
        for key in sorted(stats):
            self.stdout.write(f"{key}: {stats[key]}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
