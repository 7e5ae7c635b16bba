from django.urls import path

from . import push

urlpatterns = [
    path("ingest/<str:source>/<str:token>/", push.receive, name="ingest-push"),
]
