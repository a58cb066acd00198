"""Scheduled work of the periodic review and the dashboard: thin tasks over the services."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from .models import Feedback, ReadRequest, ReviewReminder
from .notifications import feedback_message, reading_message, reminder_message
from .services import read_reminders_weekly, read_requests_sync, review_reminders_create, snapshots_take

RETRY = {"autoretry_for": (DatabaseError, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_review_reminders() -> int:
    """Daily: create the reminders due today and send every one not yet sent."""
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
    return snapshots_take()


@shared_task(**RETRY)
def sync_read_requests(*, fresh_only: bool = True) -> int:
    """Ask the staff to read versions in force: often for new versions, daily (full) for newcomers."""
    return read_requests_sync(fresh_only=fresh_only)


def _send_reading(pending: Q, stamp: str, reminder: bool) -> int:
    """E-mail each person one digest of their ``pending`` requests, then set ``stamp`` on them: a
    retried or repeated task finds nothing pending and sends nothing twice."""
    sent = 0
    with transaction.atomic():
        requests = list(
            ReadRequest.objects.select_for_update(of=("self",))
            .filter(pending, confirmed_at=None, user__is_active=True)
            .select_related("user", "sop", "version")
            .order_by("user_id", "sop__number")
        )
        by_user: dict[int, list[ReadRequest]] = {}
        for request in requests:
            by_user.setdefault(request.user_id, []).append(request)
        with translation.override(settings.LANGUAGE_CODE):
            for rows in by_user.values():
                message = reading_message(rows[0].user, rows, reminder=reminder)
                sent += message.send() if message else 0
        ReadRequest.objects.filter(pk__in=[r.pk for r in requests]).update(**{stamp: timezone.now()})
    return sent


@shared_task(**RETRY)
def send_read_invitations() -> int:
    """E-mail everyone asked to read and not yet told, one e-mail a person."""
    return _send_reading(Q(invited_at=None), "invited_at", reminder=False)


@shared_task(**RETRY)
def send_read_reminders() -> int:
    """E-mail every reminder queued and not yet sent, one e-mail a person."""
    queued = Q(remind_queued_at__isnull=False) & (Q(reminded_at=None) | Q(reminded_at__lt=F("remind_queued_at")))
    return _send_reading(queued, "reminded_at", reminder=True)


@shared_task(**RETRY)
def send_weekly_read_reminders() -> int:
    """Daily: queue the weekly reminders of those who have not confirmed."""
    return read_reminders_weekly()


@shared_task(**RETRY)
def send_feedback_email(*, feedback_id: int) -> int:
    """Tell the unit of new feedback, or the author of an answer, once."""
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("sop__unit", "author", "answered_by")
            .filter(pk=feedback_id)
            .first()
        )
        if feedback is None:
            return 0
        answered = feedback.answered_at is not None
        stamp = "answer_notified_at" if answered else "notified_at"
        if getattr(feedback, stamp) is not None:  # already told
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            message = feedback_message(feedback, answered=answered)
        sent = message.send() if message else 0
        setattr(feedback, stamp, timezone.now())
        feedback.save(update_fields=[stamp])
    return sent
