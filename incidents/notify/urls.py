from django.urls import path

from . import views

urlpatterns = [
    path("notify/", views.subscribe, name="notify-subscribe"),
    path("notify/webhooks/", views.webhook_docs, name="notify-webhooks"),
    path("notify/confirm/<str:token>/", views.confirm, name="notify-confirm"),
    path("notify/manage/<str:token>/", views.manage, name="notify-manage"),
    path("notify/manage/<str:token>/deliveries.json", views.delivery_log, name="notify-log"),
    path("notify/unsubscribe/<str:token>/", views.unsubscribe, name="notify-unsubscribe"),
    path("calendar.ics", views.calendar, name="notify-calendar"),
]
