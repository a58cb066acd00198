"""digitise's part of the version page: a draft made from a signed PDF opens beside its original."""

from django.utils.translation import gettext as _

from sop import selectors as sop_selectors
from sop.panels import Panel, register

from .models import ImportFile


@register
def original_panels(request, sop, version) -> list[Panel]:
    if not sop_selectors.may_edit(request.user, version):
        return []
    imported = ImportFile.objects.filter(version=version).only("pk").first()
    if imported is None:
        return []
    return [
        Panel(
            "header",
            "digitise/_original_link.html",
            {"url": imported.get_absolute_url(), "label": _("Bandingkan dengan PDF asli")},
        )
    ]
