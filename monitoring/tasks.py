"""Scheduled work of the periodic review and the dashboard: thin tasks over the services."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from .models import ReviewReminder
from .notifications import reminder_message

RETRY = {"autoretry_for": (DatabaseError, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_review_reminders() -> int:
    """Daily: create the reminders due today and send every one not yet sent."""
    from .services import review_reminders_create

    return len(review_reminders_create())


@shared_task(**RETRY)
def send_review_reminder(*, reminder_id: int) -> int:
    """E-mail one reminder, once: a retried or repeated task sends nothing again."""
    with transaction.atomic():
        reminder = (
            ReviewReminder.objects.select_for_update(of=("self",))
            .select_related("sop__unit")
            .filter(pk=reminder_id, sent_at=None)
            .first()
        )
        if reminder is None:  # gone, or already sent
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            message = reminder_message(reminder)
        reminder.sent_at, reminder.recipients = timezone.now(), message.send() if message else 0
        reminder.save(update_fields=["sent_at", "recipients"])
    return reminder.recipients


@shared_task(**RETRY)
def take_indicator_snapshots() -> int:
    """Daily: store every unit's figures for the dashboard's trends."""
    from .services import snapshots_take

    return snapshots_take()
