"""GIN indexes for the PostgreSQL search (sop.search): the stemmed text of versions and trigrams of
version texts and titles. Nothing to do on SQLite, whose search scans."""

from django.db import migrations

INDEXES = [
    "sop_version_text_fts ON sop_sopversion"
    " USING gin (to_tsvector('indonesian'::regconfig, COALESCE(search_text, ''::text)))",
    "sop_version_text_trgm ON sop_sopversion USING gin (search_text gin_trgm_ops)",
    "sop_title_trgm ON sop_sop USING gin (title gin_trgm_ops)",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index.split()[0]}")


class Migration(migrations.Migration):
    dependencies = [("sop", "0007_version_sop_status_index")]
    operations = [migrations.RunPython(create, drop)]
