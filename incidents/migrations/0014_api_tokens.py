"""Hashed, scoped, expiring API tokens; DRF authtoken keys, if any, become hashed tokens."""

import datetime as dt
import hashlib

import django.db.models.deletion
import incidents.models.tokens
from django.conf import settings
from django.db import migrations, models


AUTHTOKEN_TABLE = "authtoken_token"
# Keys handed out before had no expiry; give their holders this long to get new ones.
CARRIED_OVER_DAYS = 90


def carry_over_authtokens(apps, schema_editor) -> None:
    """Hash each DRF authtoken key into an ApiToken (write scope, as before), then drop the key."""
    connection = schema_editor.connection
    if AUTHTOKEN_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("incidents", "ApiToken")
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=CARRIED_OVER_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {AUTHTOKEN_TABLE}")  # noqa: S608 - constant
        rows = cursor.fetchall()
        for key, user_id in rows:
            ApiToken.objects.create(
                user_id=user_id,
                name="carried over from DRF authtoken",
                scope="write",
                key_prefix=key[:8],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                expires_at=expires,
            )
        # The plain keys must not outlive the move to hashes.
        cursor.execute(f"DELETE FROM {AUTHTOKEN_TABLE}")  # noqa: S608 - constant


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0013_provenance_and_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='What the token is for, e.g. a script.', max_length=100)),
                ('scope', models.CharField(choices=[('read', 'Read only'), ('write', 'Read and write')], default='read', max_length=5)),
                ('key_prefix', models.CharField(editable=False, help_text="The key's first characters.", max_length=8)),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField(default=incidents.models.tokens.default_expiry)),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'API token',
                'ordering': ['-created_at'],
            },
        ),
        migrations.RunPython(carry_over_authtokens, migrations.RunPython.noop),
    ]
