# Hand-written: Django cannot add a through model to an existing many-to-many, so the
# through model takes over the table the plain many-to-many created, keeping its rows, and
# the history of that table is renamed rather than dropped.
import django.db.models.deletion
from django.db import migrations, models

from django.contrib.auth.management import create_permissions

# As 0002 gives them for every other curated model and its history.
EDITOR_CODENAMES = [
    "add_productdependency",
    "change_productdependency",
    "view_productdependency",
    "view_historicalproductdependency",
]


def grant(apps, schema_editor) -> None:
    app_config = apps.get_app_config("incidents")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="incidents", codename__in=EDITOR_CODENAMES
    )
    for group in Group.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_tenures_and_traditional_names"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProductDependency",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "from_product",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="incidents.product",
                            ),
                        ),
                        (
                            "to_product",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="incidents.product",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "product dependencies",
                        "db_table": "incidents_product_depends_on",
                        "unique_together": {("from_product", "to_product")},
                    },
                ),
                migrations.AlterField(
                    model_name="product",
                    name="depends_on",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="dependents",
                        through="incidents.ProductDependency",
                        through_fields=("from_product", "to_product"),
                        to="incidents.product",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="productdependency",
            name="valid_from",
            field=models.DateField(blank=True, help_text="Blank: since before records.", null=True),
        ),
        migrations.AddField(
            model_name="productdependency",
            name="valid_to",
            field=models.DateField(blank=True, help_text="Blank: still true.", null=True),
        ),
        migrations.AddField(
            model_name="productdependency",
            name="note",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="productdependency",
            name="citation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="incidents.citation",
            ),
        ),
        migrations.AddField(
            model_name="productdependency",
            name="regions",
            field=models.ManyToManyField(
                blank=True, help_text="Blank: every region.", related_name="+", to="incidents.region"
            ),
        ),
        migrations.RenameModel("HistoricalProduct_depends_on", "HistoricalProductDependency"),
        migrations.AlterModelOptions(
            name="historicalproductdependency",
            options={"verbose_name": "HistoricalProductDependency"},
        ),
        migrations.AddField(
            model_name="historicalproductdependency",
            name="valid_from",
            field=models.DateField(blank=True, help_text="Blank: since before records.", null=True),
        ),
        migrations.AddField(
            model_name="historicalproductdependency",
            name="valid_to",
            field=models.DateField(blank=True, help_text="Blank: still true.", null=True),
        ),
        migrations.AddField(
            model_name="historicalproductdependency",
            name="note",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="historicalproductdependency",
            name="citation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.citation",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproductdependency",
            name="from_product",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.product",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproductdependency",
            name="to_product",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.product",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
