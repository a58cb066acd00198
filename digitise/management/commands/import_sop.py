"""Migrate an archive of signed SOP AP PDFs: each file becomes a draft SOP of the unit."""

import json
from contextlib import ExitStack
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from digitise import batches
from digitise.models import ImportFile
from digitise.reader.result import Refused, to_json
from digitise.reader.sandbox import read_limited
from org.models import Unit, User


class Command(BaseCommand):
    help = (
        "Imports signed SOP AP PDFs (files, or folders of them) as draft SOPs of a unit and prints a "
        "summary. --dry-run --json prints what would be imported, per file, and saves nothing (the "
        "format is in the README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="PDF files or folders holding them")
        parser.add_argument("--unit", required=True, help="code of the unit the SOPs belong to")
        parser.add_argument("--user", help="username the drafts are made by (default: the first administrator)")
        parser.add_argument("--dry-run", action="store_true", help="read only; save nothing")
        parser.add_argument("--json", action="store_true", help="print the recovered structure as JSON")

    def handle(self, *args, paths, unit, user, dry_run, json: bool, **options):
        files = self._files(paths)
        try:
            target = Unit.objects.get(code=unit)
        except Unit.DoesNotExist:
            raise CommandError(_("Unit dengan kode %(code)s tidak ada.") % {"code": unit}) from None
        if dry_run:
            return self._dry_run(files, as_json=json)
        actor = self._actor(user)
        with ExitStack() as stack:
            uploads = [batches.Upload(name=f.name, file=File(stack.enter_context(f.open("rb")))) for f in files]
            batch = batches.import_batch_create(unit=target, actor=actor, uploads=uploads, queue=False)
        # Read here and now: a command line has no worker to wait for.
        for item in batch.files.filter(status=ImportFile.Status.PENDING):
            batches.import_file_process(file_id=item.pk)
        items = list(batch.files.select_related("version__sop"))
        if json:
            self.stdout.write(self._dump([self._row(i) for i in items]))
            return
        self._summary(items)

    def _files(self, paths: list[str]) -> list[Path]:
        found: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"))
            elif path.is_file():
                found.append(path)
            else:
                raise CommandError(_("Berkas atau folder %(path)s tidak ada.") % {"path": raw})
        if not found:
            raise CommandError(_("Tidak ada berkas PDF di %(paths)s.") % {"paths": ", ".join(paths)})
        return found

    def _actor(self, username: str | None) -> User:
        users = User.objects.filter(is_active=True)
        actor = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError(
                _("Pengguna %(user)s tidak ada atau tidak aktif.") % {"user": username}
                if username
                else _("Tidak ada administrator aktif; sebutkan --user.")
            )
        return actor

    def _dry_run(self, files: list[Path], *, as_json: bool) -> None:
        rows = []
        for path in files:
            try:
                result = read_limited(path.read_bytes())
            except Refused as refused:
                rows.append(
                    {
                        "file": str(path),
                        "status": "refused",
                        "warnings": [str(refused)],
                        "identity": None,
                        "actors": [],
                        "steps": [],
                    }
                )
                continue
            rows.append(to_json(result, file=str(path)))
        if as_json:
            self.stdout.write(self._dump(rows))
            return
        for row in rows:
            self.stdout.write(
                f"{row['status']:9} {row['file']}: {len(row['steps'])} langkah, {len(row['warnings'])} catatan"
            )
            for warning in row["warnings"]:
                self.stdout.write(f"          - {warning}")

    def _row(self, item: ImportFile) -> dict:
        if item.result:
            return {**item.result, "status": item.status, "sop": item.version.sop.number if item.version else None}
        return {
            "file": item.name,
            "status": item.status,
            "warnings": [item.message],
            "identity": None,
            "actors": [],
            "steps": [],
        }

    def _summary(self, items: list[ImportFile]) -> None:
        counts = {status: 0 for status in ImportFile.DONE}
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
            if item.version:
                line = f"{item.get_status_display():24} {item.name} -> {item.version.sop.number}"
            else:
                line = f"{item.get_status_display():24} {item.name}: {item.message}"
            self.stdout.write(line)
            for warning in item.warnings:
                self.stdout.write(f"{'':24} - {warning}")
        self.stdout.write(
            _("Selesai: %(imported)s diimpor, %(warnings)s diimpor dengan catatan, %(refused)s ditolak.")
            % {
                "imported": counts[ImportFile.Status.IMPORTED],
                "warnings": counts[ImportFile.Status.WARNINGS],
                "refused": counts[ImportFile.Status.REFUSED],
            }
        )

    @staticmethod
    def _dump(rows: list[dict]) -> str:
        return json.dumps(rows, ensure_ascii=False, indent=2)
