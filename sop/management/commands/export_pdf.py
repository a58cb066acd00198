"""Write the official PDF of SOPs to a folder, for a printed binder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from org.models import Unit
from sop import documents, selectors
from sop.content import content_of
from sop.models import SOP, VersionStatus


class Command(BaseCommand):
    help = "Tulis PDF SOP (versi berlaku, atau versi terbaru bila belum ada yang berlaku) ke sebuah folder."

    def add_arguments(self, parser):
        parser.add_argument("numbers", nargs="*", help="nomor SOP")
        parser.add_argument("--output", required=True, help="folder tujuan")
        parser.add_argument("--all", action="store_true", help="semua SOP dari --unit (dan sub-unitnya)")
        parser.add_argument("--unit", help="kode unit, bersama --all")

    def handle(self, *args, numbers, output, all, unit, **options):
        if all == bool(numbers):
            raise CommandError("Sebutkan nomor SOP, atau --all --unit KODE (tidak keduanya).")
        if all:
            root = Unit.objects.filter(code=unit).first() if unit else None
            if root is None:
                raise CommandError(f"Unit dengan kode {unit!r} tidak ada.")
            sops = list(SOP.objects.filter(unit__path__startswith=root.path).order_by("number"))
        else:
            sops = list(SOP.objects.filter(number__in=numbers))
            missing = set(numbers) - {s.number for s in sops}
            if missing:
                raise CommandError("SOP tidak ditemukan: " + ", ".join(sorted(missing)))
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for sop in sops:
            chosen = (
                sop.versions.filter(status=VersionStatus.IN_FORCE).first() or sop.versions.order_by("-revision").first()
            )
            if chosen is None:
                self.stderr.write(f"{sop.number}: belum punya versi, dilewati")
                continue
            version = selectors.load_version_content(chosen.pk)
            data = documents.version_pdf(version, content_of(version), letterhead=selectors.letterhead(version))
            path = folder / (sop.number.replace("/", "-") + f"-rev{version.revision}.pdf")
            path.write_bytes(data)
            self.stdout.write(f"{path}  ({version.get_status_display()}, {len(data) // 1024} KB)")
        self.stdout.write(self.style.SUCCESS(f"{len(sops)} SOP diekspor ke {folder}"))
