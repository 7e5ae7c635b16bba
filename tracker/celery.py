import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Tasks live in the packages that own them, not at the app's top level.
app.autodiscover_tasks(["incidents.ingest", "incidents.notify"])
