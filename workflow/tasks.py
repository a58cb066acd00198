"""Background work of the workflow: thin tasks that take IDs and call the real code."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from .models import TransitionLog
from .notifications import message_for


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
            message = message_for(log)
        sent = message.send() if message else 0
        log.notified_at = timezone.now()
        log.save(update_fields=["notified_at"])
    return sent


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=5)
def bring_into_force() -> int:
    """Daily: established versions whose effective date has come enter into force."""
    from .services import versions_enter_into_force

    return len(versions_enter_into_force())
