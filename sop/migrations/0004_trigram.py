"""pg_trgm for typo-tolerant search on PostgreSQL; nothing to do on SQLite."""

from django.db import migrations


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("sop", "0003_search_text")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
