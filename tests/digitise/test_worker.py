"""A batch read by a real Celery worker through Redis, as in production."""

import time

import pytest
from django.core.files.base import ContentFile

from digitise import batches as imports
from digitise.models import ImportFile
from digitise.tasks import read_import_file
from tests.workers import real_worker

from .pdfs import sample


@pytest.mark.postgresql
@pytest.mark.redis
def test_real_worker_reads_a_batch_in_the_background(flushable_db, agency, drafter, settings):
    names = ["bps-014", "bps-022", "bps-043"]
    batch = imports.import_batch_create(
        unit=agency.unit,
        actor=drafter,
        uploads=[imports.Upload(name=sample(n).name, file=ContentFile(sample(n).read_bytes())) for n in names]
        + [imports.Upload(name="kosong.pdf", file=ContentFile(b""))],
        queue=False,
    )
    with real_worker(MEDIA_ROOT=settings.MEDIA_ROOT) as worker:
        for item in batch.files.all():
            read_import_file.apply_async(kwargs={"file_id": item.pk}, queue=worker.queue)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and batch.files.exclude(status__in=ImportFile.DONE).exists():
            time.sleep(0.5)
        statuses = dict(batch.files.values_list("name", "status"))
    assert statuses == {
        sample("bps-014").name: ImportFile.Status.WARNINGS,
        sample("bps-022").name: ImportFile.Status.WARNINGS,
        sample("bps-043").name: ImportFile.Status.WARNINGS,
        "kosong.pdf": ImportFile.Status.REFUSED,
    }
    assert batch.files.filter(version__isnull=False).count() == 3
    assert "Traceback" not in worker.output, worker.output
