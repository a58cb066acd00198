from django.core.management.base import BaseCommand, CommandError

from org import backups


class Command(BaseCommand):
    help = "Pulihkan cadangan (make restore FROM=<folder>) ke basis data dan folder berkas yang dikonfigurasi."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="folder cadangan dari make backup")
        parser.add_argument("--replace", action="store_true", help="timpa basis data yang sudah berisi SOP")

    def handle(self, *args, **options):
        try:
            manifest = backups.restore(options["folder"], replace=options["replace"])
        except (backups.BackupError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        rows = manifest["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari cadangan {manifest['created']}: {rows.get('sop_sop', 0)} SOP, "
                f"{rows.get('sop_sopversion', 0)} versi, {len(manifest['media'])} berkas; semua diperiksa utuh."
            )
        )
