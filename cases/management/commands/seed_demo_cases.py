import logging

from django.core.management.base import BaseCommand

from cases import demo


class Command(BaseCommand):
    help = "Isi pelaksanaan SOP contoh (kasus) untuk data demo. Aman dijalankan berulang kali."

    def handle(self, *args, **options):
        # Each move hands its e-mail to the worker; the demo's count as sent: no line per task.
        trace = logging.getLogger("celery.app.trace")
        level, trace.level = trace.level, logging.WARNING
        try:
            made = demo.seed()
        finally:
            trace.level = level
        if made:
            self.stdout.write(self.style.SUCCESS(f"Pelaksanaan SOP contoh: {made} kasus ({demo.SOP_NUMBER})."))
