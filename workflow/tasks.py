"""Background work of the workflow: thin tasks that take IDs and call the real code."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from esop import outbox

from .models import TransitionLog
from .notifications import message_for, referring_messages
from .services import versions_enter_into_force


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def send_transition_email(*, log_id: int) -> int:
    """E-mail the people a move concerns, once: a retried or repeated task sends nothing again."""
    with transaction.atomic():
        log = (
            TransitionLog.objects.select_for_update(of=("self",))
            .select_related("version__sop__unit", "actor")
            .filter(pk=log_id, notified_at=None)
            .first()
        )
        if log is None:  # gone, or already sent
            return 0
        with translation.override(settings.LANGUAGE_CODE):  # e-mails speak the portal's language
            messages = [m for m in (message_for(log), *referring_messages(log)) if m]
        sent = sum(m.send() for m in messages)
        log.notified_at = timezone.now()
        log.save(update_fields=["notified_at"])
    return sent


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def bring_into_force() -> int:
    """Daily: established versions whose effective date has come enter into force."""
    return len(versions_enter_into_force())


@shared_task
def sweep_outbox(*, older_than_seconds: int = 120) -> int:
    """Every minute: the e-mails whose hand-over to the worker failed (Redis was down, see
    esop.outbox) are sent now, of every kind the apps registered (workflow.apps, monitoring.apps).
    Each is sent by its own task's code, which locks the row and sends nothing when it is already
    done, so racing the normal path sends nothing twice."""
    return outbox.sweep(timezone.now() - datetime.timedelta(seconds=older_than_seconds))
