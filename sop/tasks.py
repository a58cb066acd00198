"""Background work of the documents: thin tasks over sop.documents."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from . import documents
from .models import ExportJob

logger = logging.getLogger("esop.export")


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def build_export(*, job_id: int) -> int:
    """Make the ZIP of an export once: a job already taken (running, done, failed) is left alone."""
    with transaction.atomic():
        taken = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.WAITING).update(
            status=ExportJob.Status.RUNNING
        )
    if not taken:
        return 0
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            documents.export_build(job)
    except Exception as error:  # recorded for the person waiting, never a page that waits forever
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        return 0
    return ExportJob.objects.get(pk=job_id).done
