from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from esop import outbox


def _unsent_feedback_emails(before):
    from .models import Feedback

    feedback = Feedback.objects.filter(notified_at=None, created_at__lt=before) | Feedback.objects.filter(
        answer_notified_at=None, answered_at__lt=before
    )
    return [{"feedback_id": pk} for pk in feedback.values_list("pk", flat=True).distinct()]


def _unsent_review_reminders(before):
    from .models import ReviewReminder

    unsent = ReviewReminder.objects.filter(sent_at=None, created_at__lt=before)
    return [{"reminder_id": pk} for pk in unsent.values_list("pk", flat=True)]


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Pemantauan")

    def ready(self):
        from . import panels  # noqa: F401  (registers the version-page panel of the periodic review)

        # The kept e-mails of monitoring that the every-minute sweep sends when their hand-over failed.
        outbox.register_sweep("monitoring.tasks.send_feedback_email", _unsent_feedback_emails)
        outbox.register_sweep("monitoring.tasks.send_review_reminder", _unsent_review_reminders)
