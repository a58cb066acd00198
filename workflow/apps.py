from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from esop import outbox


def _inbox_changed(**kwargs):
    from . import selectors

    selectors.inbox_counts_forget_on_commit()


def _unsent_transition_emails(before):
    from .models import TransitionLog

    unsent = TransitionLog.objects.filter(notified_at=None, created_at__lt=before)
    return [{"log_id": pk} for pk in unsent.values_list("pk", flat=True)]


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Alur kerja")

    def ready(self):
        from guardian.models import UserObjectPermission

        from org.signals import rights_changed
        from sop.models import SOPVersion

        from . import panels  # noqa: F401  (registers the version-page panels)
        from .models import TransitionLog

        # What the navigation's "Tugas saya" counts depends on: every status move is logged, a
        # deleted draft leaves the counts, and rights decide whose it is. Bulk changes of rights
        # and changes of the unit tree are told by org (org.signals.rights_changed).
        rights_changed.connect(_inbox_changed, dispatch_uid="inbox.rights_changed")
        outbox.register_sweep("workflow.tasks.send_transition_email", _unsent_transition_emails)
        for sender, signal in [
            (TransitionLog, post_save),
            (SOPVersion, post_delete),
            (UserObjectPermission, post_save),
            (UserObjectPermission, post_delete),
        ]:
            signal.connect(_inbox_changed, sender=sender, dispatch_uid=f"inbox.{sender.__name__}.{signal is post_save}")
