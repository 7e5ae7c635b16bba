"""Let editors and reviewers see subscription counts; addresses need their own permission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Reviewers")
CODENAMES = ("view_subscription",)


def grant(apps, schema_editor) -> None:
    app_config = apps.get_app_config("incidents")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="incidents", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*perms)


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="incidents", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [('incidents', '0015_subscriptions')]

    operations = [migrations.RunPython(grant, revoke)]
