"""A throwaway PostgreSQL database for one benchmark run."""

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def scratch_database(name: str) -> Iterator[bool]:
    """Set up Django on a new database bench_<name>_<pid>; yield False without PostgreSQL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if connection.vendor != "postgresql":
        print("skipped: set DATABASE_URL=postgres://... (the targets are for PostgreSQL)")
        yield False
        return
    connection.settings_dict["TEST"]["NAME"] = f"bench_{name}_{os.getpid()}"
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        yield True
    finally:
        teardown_databases(databases, verbosity=0)
