"""Every model change has its migration: a clean checkout migrates to exactly the models in the code."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"missing migrations:\n{out.getvalue()}")


@pytest.mark.django_db(transaction=True)
def test_moving_the_importer_to_digitise_keeps_every_row(flushable_db):
    """Batches and files made while the importer lived in sop are the digitise app's afterwards, row
    for row, with the same ids (the tables are taken over, not copied)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from sop import db_triggers

    before = [("sop", "0010_search_words"), ("digitise", None)]
    # As `migrate` does (sop.apps): the frozen-version triggers name columns of later migrations.
    db_triggers.uninstall(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state([("sop", "0010_search_words")]).apps
    Unit, User = old.get_model("org", "Unit"), old.get_model("org", "User")
    unit = Unit.objects.create(path="0009", depth=1, numchild=0, code="LAMA", name="Unit Lama", kind="unit_kerja")
    user = User.objects.create(username="pengimpor", full_name="Pengimpor")
    batch = old.get_model("sop", "ImportBatch").objects.create(unit=unit, created_by=user)
    file = old.get_model("sop", "ImportFile").objects.create(
        batch=batch, name="lama.pdf", upload="impor/1/lama.pdf", status="refused", message="Bukan SOP"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    db_triggers.install(connection)

    from digitise.models import ImportBatch, ImportFile

    moved = ImportFile.objects.select_related("batch").get(pk=file.pk)
    assert (moved.name, moved.status, moved.message, moved.batch.pk) == ("lama.pdf", "refused", "Bukan SOP", batch.pk)
    assert ImportBatch.objects.get(pk=batch.pk).unit_id == unit.pk
    assert ImportFile._meta.db_table == "sop_importfile"
