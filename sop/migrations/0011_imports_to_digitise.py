"""The importer's models move to the digitise app: only Django's picture of them changes here; the
tables and every row stay as they are (digitise.0001 takes them over under the same names)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sop", "0010_search_words")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportFile"), migrations.DeleteModel(name="ImportBatch")],
            database_operations=[],
        )
    ]
