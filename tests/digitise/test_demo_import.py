"""The demo's import batch: an archive SOP signed on paper read into a draft, and a letter refused
with its reason; running the command again adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from digitise import demo
from digitise.models import ImportBatch, ImportFile
from sop.models import Step


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.django_db
def test_seed_demo_import_reads_the_archive_sop_and_refuses_the_letter():
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo_import", stdout=out)
    batch = ImportBatch.objects.get()
    assert batch.unit.code == demo.UNIT and batch.created_by.username == demo.DRAFTER
    sop_file = batch.files.get(name=demo.SOP_FILE)
    assert sop_file.status in (ImportFile.Status.IMPORTED, ImportFile.Status.WARNINGS)
    version = sop_file.version
    assert version.sop.number == "SOP-007/BKAD/2023" and version.status == "draft"
    expected = demo.archive_sop()
    steps = list(Step.objects.filter(version=version).order_by("number").select_related("actor"))
    assert [(s.kind, s.text, s.actor.name) for s in steps] == [
        (s.kind, s.text, expected.actor_name(s.actor)) for s in expected.steps
    ]
    assert [str(s.waktu) for s in steps] == [s.duration for s in expected.steps]  # waktu as printed
    letter = batch.files.get(name=demo.LETTER_FILE)
    assert letter.status == ImportFile.Status.REFUSED and "bukan SOP AP" in letter.message
    assert "Ditolak" in out.getvalue()
    call_command("seed_demo_import", stdout=StringIO())
    assert ImportBatch.objects.count() == 1
