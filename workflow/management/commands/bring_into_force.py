"""Bring due established versions into force now (what the daily job does); `make run` calls it at start."""

from django.core.management.base import BaseCommand

from workflow.services import versions_enter_into_force


class Command(BaseCommand):
    help = "Berlakukan versi yang sudah ditetapkan dan tanggal efektifnya sudah tiba."

    def handle(self, *args, **options):
        moved = versions_enter_into_force()
        self.stdout.write(f"{len(moved)} versi mulai berlaku.")
