from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Cloud incidents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from incidents.record.watch import connect_signals as connect_records

        connect_records()

        from incidents.site.pagecache import connect_signals

        connect_signals()

        from incidents.notify.collect import connect_signals as connect_notify

        connect_notify()
