from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from esop import outbox


def _unsent_notices(before):
    from .models import CaseNotice

    unsent = CaseNotice.objects.filter(sent_at=None, created_at__lt=before)
    return [{"notice_id": pk} for pk in unsent.values_list("pk", flat=True)]


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Pelaksanaan SOP")

    def ready(self):
        from . import panels  # noqa: F401  (registers the version-page panels and the inbox's part)

        outbox.register_sweep("cases.tasks.send_case_notice", _unsent_notices)
