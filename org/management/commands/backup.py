from django.core.management.base import BaseCommand, CommandError

from org import backups


class Command(BaseCommand):
    help = "Cadangkan basis data dan semua berkas unggahan ke satu folder (make backup)."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="folder tujuan (bawaan: var/backups/esop-<waktu>)")

    def handle(self, *args, **options):
        try:
            folder = backups.backup(options["to"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Cadangan tersimpan di {folder}"))
