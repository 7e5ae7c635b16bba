"""Create the Editors and Reviewers groups with exactly the permissions each role needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Ingestion's own models: editors may look, not touch.
INGESTION_MODELS = {"source", "snapshot", "externalref"}
EDITORS = "Editors"
REVIEWERS = "Reviewers"


def _ensure_permissions(apps) -> None:
    # Permissions are normally created by post_migrate, after every migration has run.
    # A historical app config has no models_module, which create_permissions requires.
    for label in ("contenttypes", "auth", "incidents"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        # apps: the models as of this migration, not today's (a model renamed later would
        # otherwise get its permissions under its new name only).
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def _editor_codenames(apps) -> set[str]:
    codenames = set()
    for model in apps.get_app_config("incidents").get_models():
        name = model._meta.model_name
        if name.startswith("historical") or name in INGESTION_MODELS:
            codenames.add(f"view_{name}")
        else:
            codenames.update(f"{action}_{name}" for action in ("add", "change", "view"))
    return codenames


def create_groups(apps, schema_editor) -> None:
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = _editor_codenames(apps)
    reviewers = editors | {"publish_incident", "merge_incident", "add_source", "change_source"}
    for name, codenames in ((EDITORS, editors), (REVIEWERS, reviewers)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label="incidents", codename__in=codenames
        )
        missing = codenames - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(perms)


def delete_groups(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
