from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


def _drop_triggers(sender, using, **kwargs):
    from django.db import connections

    from . import db_triggers

    db_triggers.uninstall(connections[using])


def _install_triggers(sender, using, **kwargs):
    from django.db import connections

    from . import db_triggers

    db_triggers.install(connections[using])


def _waiting_exports(before):
    from .models import ExportJob

    waiting = ExportJob.objects.filter(status=ExportJob.Status.WAITING, created_at__lt=before)
    return [{"job_id": pk} for pk in waiting.values_list("pk", flat=True)]


class SopConfig(AppConfig):
    name = "sop"
    verbose_name = _("SOP")

    def ready(self):
        # Schema upkeep, not a domain rule: the frozen-version triggers live outside migrations
        # (see sop/db_triggers.py) and are taken down and put back around every migrate/flush.
        pre_migrate.connect(_drop_triggers, sender=self, dispatch_uid="esop-drop-triggers")
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="esop-install-triggers")
        # An export whose hand-over failed while Redis was down is made once it is back (esop.outbox).
        from esop import outbox

        outbox.register_sweep("sop.tasks.build_export", _waiting_exports)
