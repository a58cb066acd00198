"""Scheduled and handed-over work of cases: thin tasks over the services."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from .models import CaseNotice
from .notifications import notice_message
from .services import lateness_check

RETRY = {"autoretry_for": (DatabaseError, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_case_notice(*, notice_id: int) -> int:
    """E-mail one notice of a case, once: a retried or repeated task sends nothing again."""
    with transaction.atomic():
        notice = (
            CaseNotice.objects.select_for_update(of=("self",))
            .select_related("case__sop__unit")
            .filter(pk=notice_id, sent_at=None)
            .first()
        )
        if notice is None:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            message = notice_message(notice)
        notice.sent_at, notice.recipients = timezone.now(), message.send() if message else 0
        notice.save(update_fields=["sent_at", "recipients"])
    return notice.recipients


@shared_task(**RETRY)
def check_lateness() -> int:
    """Every quarter of an hour: tell of steps past their mutu baku time (and past twice, the head)."""
    return lateness_check()
