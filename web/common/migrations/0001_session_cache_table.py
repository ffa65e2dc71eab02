"""The table of the `sessions` cache (settings.CACHES; Django's cached database sessions read
each session from it). Made by `createcachetable`, here so that every `migrate` (make run, the
benchmarks, a new node) makes it; it does nothing when the table is there."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):  # type: ignore[no-untyped-def]
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
