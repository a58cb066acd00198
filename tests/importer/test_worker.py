"""A batch read by a real Celery worker through Redis, as in production."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from sop import imports
from sop.models import ImportFile
from sop.tasks import read_import_file

from .pdfs import sample


@pytest.mark.postgresql
@pytest.mark.redis
def test_real_worker_reads_a_batch_in_the_background(flushable_db, agency, drafter, settings):
    from esop.celery import app

    names = ["bps-014", "bps-022", "bps-043"]
    batch = imports.import_batch_create(
        unit=agency.unit,
        actor=drafter,
        uploads=[imports.Upload(name=sample(n).name, file=ContentFile(sample(n).read_bytes())) for n in names]
        + [imports.Upload(name="kosong.pdf", file=ContentFile(b""))],
        queue=False,
    )
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": "worker-test",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    queue = f"esop-import-{os.getpid()}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "esop", "worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        for item in batch.files.all():
            read_import_file.apply_async(kwargs={"file_id": item.pk}, queue=queue)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and batch.files.exclude(status__in=ImportFile.DONE).exists():
            time.sleep(0.5)
        statuses = dict(batch.files.values_list("name", "status"))
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    assert statuses == {
        sample("bps-014").name: ImportFile.Status.WARNINGS,
        sample("bps-022").name: ImportFile.Status.WARNINGS,
        sample("bps-043").name: ImportFile.Status.WARNINGS,
        "kosong.pdf": ImportFile.Status.REFUSED,
    }
    assert batch.files.filter(version__isnull=False).count() == 3
    assert "Traceback" not in output, output
