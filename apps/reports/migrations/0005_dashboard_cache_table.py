"""The database cache's table (settings.CACHES without Redis): the dashboards' pre-filled sums.

Made here, whatever CACHES says today, so that `make run`, `make test` and a fresh clone have it; the
same table `manage.py createcachetable` would make (that command skips an existing table).
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "cadreplan_cache"


def create(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    schema_editor.execute(f'DROP TABLE IF EXISTS "{TABLE}"')


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_r8_measure_counts_per_organization")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
