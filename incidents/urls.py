from django.urls import path
from django.views.generic import RedirectView

# The public pages (timeline, incident detail, feeds) arrive with the timeline issue.
# incident-detail is named here already: Incident.get_absolute_url and the admin use it.
urlpatterns = [
    path(
        "incidents/<slug:slug>/",
        RedirectView.as_view(pattern_name="admin:index"),
        name="incident-detail",
    ),
]
