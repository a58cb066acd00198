from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _forget_covered_units(**kwargs):
    from . import permissions

    permissions.memo_clear()


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Organisasi")

    def ready(self):
        from .models import Unit

        # A unit added, changed or removed changes which units a right held above it covers.
        post_save.connect(_forget_covered_units, sender=Unit, dispatch_uid="org.unit.saved")
        post_delete.connect(_forget_covered_units, sender=Unit, dispatch_uid="org.unit.deleted")
