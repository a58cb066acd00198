"""An import batch for the demo (run after seed_demo): the archive of digitise/demo.py printed as
PDFs and read by the importer, as an agency's drafter would upload it. Running it again changes
nothing."""

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from digitise import batches, demo
from digitise.models import ImportBatch, ImportFile
from org.models import Unit, User
from sop import pdf


class Command(BaseCommand):
    help = "Isi halaman impor dengan satu kiriman contoh (SOP arsip bertanda tangan basah dan satu berkas bukan SOP)."

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=demo.UNIT).first()
        drafter = User.objects.filter(username=demo.DRAFTER).first()
        if unit is None or drafter is None:
            self.stdout.write("Jalankan seed_demo lebih dulu.")
            return
        if ImportBatch.objects.filter(unit=unit, created_by=drafter).exists():
            self.stdout.write("Kiriman impor contoh sudah ada.")
            return
        from weasyprint import HTML

        files = [
            (demo.SOP_FILE, pdf.render_pdf(demo.archive_sop())),
            (demo.LETTER_FILE, HTML(string=demo.LETTER_HTML).write_pdf()),
        ]
        uploads = [batches.Upload(name=name, file=ContentFile(data, name=name)) for name, data in files]
        batch = batches.import_batch_create(unit=unit, actor=drafter, uploads=uploads, queue=False)
        for item in batch.files.filter(status=ImportFile.Status.PENDING):
            batches.import_file_process(file_id=item.pk)
        for item in batch.files.order_by("pk"):
            self.stdout.write(f"Impor contoh: {item.name}: {item.get_status_display()}")
