from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitiseConfig(AppConfig):
    name = "digitise"
    verbose_name = _("Digitalisasi SOP")

    def ready(self):
        from . import panels  # noqa: F401  (registers the version page's link to the original PDF)
