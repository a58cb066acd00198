"""Digitising signed SOPs: batches of uploaded PDFs, each read (sandboxed) and saved as a draft SOP.

The reading itself is ``digitise.reader``; this module is the only code that writes what it found.
A file becomes a draft in one transaction or not at all, and the original PDF stays with the draft.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esop import outbox
from org import permissions
from org.models import Unit, User
from sop import services
from sop.content import StepData
from sop.models import SOP, SOPVersion, StepKind, VersionAttachment

from .models import ImportBatch, ImportFile
from .reader.result import ImportResult, Refused, from_json, to_json
from .reader.sandbox import MAX_BYTES, read_limited

logger = logging.getLogger(__name__)

MAX_FILES = 100
MAX_ATTEMPTS = 3
# A file still "being read" after this long lost its worker: the sweep hands it out again.
STALE_AFTER = datetime.timedelta(minutes=10)

_LEGAL = re.compile(
    r"^(?P<kind>.+?)\s+(?:Nomor|No\.?)\s*(?P<number>\S+?)\s+Tahun\s+(?P<year>\d{4})\s+tentang\s+(?P<subject>.+)$",
    re.IGNORECASE,
)


def legal_basis_of(text: str) -> dict:
    """A dasar hukum line as (kind, number, year, subject) when it has that shape and reads back the
    same; otherwise the whole line as its kind, so that nothing is lost or reworded."""
    match = _LEGAL.match(text)
    if match:
        entry = {
            "kind": match["kind"],
            "number": match["number"],
            "year": int(match["year"]),
            "subject": match["subject"],
        }
        rebuilt = f"{entry['kind']} Nomor {entry['number']} Tahun {entry['year']} tentang {entry['subject']}"
        if rebuilt == text and len(entry["kind"]) <= 200:
            return entry
    if len(text) <= 200:
        return {"kind": text, "number": "", "year": None, "subject": ""}
    head, _sep, rest = text.partition(" tentang ")
    if rest and len(head) <= 200:
        return {"kind": head, "number": "", "year": None, "subject": rest}
    return {"kind": text[:200], "number": "", "year": None, "subject": text[200:]}


@dataclass(frozen=True)
class Upload:
    """A file to import: its name and the file itself (an upload, or a file opened by the command)."""

    name: str
    file: File

    @property
    def size(self) -> int:
        return self.file.size


@transaction.atomic
def import_batch_create(*, unit: Unit, actor: User, uploads: Sequence[Upload], queue: bool = True) -> ImportBatch:
    """Keep the uploaded files as a batch and queue each for reading (``queue=False``: the caller reads
    them itself); raises PermissionDenied, ValidationError."""
    if not permissions.can_draft(actor, unit):
        raise PermissionDenied
    if not uploads:
        raise ValidationError(_("Pilih paling sedikit satu berkas PDF."))
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            _("Satu kali unggah paling banyak %(max)s berkas; Anda memilih %(count)s.")
            % {"max": MAX_FILES, "count": len(uploads)}
        )
    batch = ImportBatch.objects.create(unit=unit, created_by=actor)
    for upload in uploads:
        item = ImportFile(batch=batch, name=Path(upload.name).name[:255] or "berkas.pdf")
        if upload.size > MAX_BYTES:
            # Refused at once: a file this large is not kept at all.
            item.status, item.finished_at = ImportFile.Status.REFUSED, timezone.now()
            item.message = _("Berkas ini %(size)s MB; paling besar %(max)s MB.") % {
                "size": round(upload.size / 1024 / 1024, 1),
                "max": MAX_BYTES // 1024 // 1024,
            }
            item.save()
            continue
        item.upload.save(_safe_name(item.name), upload.file, save=True)
    if queue:
        transaction.on_commit(lambda: _queue(batch.pk))
    return batch


def _queue(batch_id: int) -> None:
    waiting = list(
        ImportFile.objects.filter(batch_id=batch_id, status=ImportFile.Status.PENDING).values_list("pk", flat=True)
    )
    if settings.ESOP_IMPORT_THREAD:
        threading.Thread(target=_read_in_thread, args=(waiting,), name=f"import-{batch_id}", daemon=True).start()
        return
    for pk in waiting:
        outbox.hand_over("digitise.tasks.read_import_file", file_id=pk)


def _read_in_thread(file_ids: list[int]) -> None:
    """The embedded mode's worker: read the files one after the other, then give the connection back.

    A file this thread does not finish (the server stopped) stays waiting; the sweep takes it up.
    """
    try:
        for pk in file_ids:
            for attempt in range(MAX_ATTEMPTS):
                try:
                    import_file_process(file_id=pk)
                    break
                except Exception:  # a passing fault (SQLite busy with a request's write): again shortly
                    logger.warning("import file %s: attempt %s failed", pk, attempt + 1, exc_info=True)
                    time.sleep(0.5 * (attempt + 1))
    finally:
        connection.close()


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem)[:80].strip("-.") or "berkas"
    return f"{stem}.pdf"


def import_file_process(*, file_id: int) -> ImportFile | None:
    """Read one waiting file and save it as a draft, or record why it was refused; None when it is
    gone or another worker has it (a repeated task does nothing twice)."""
    with transaction.atomic():
        item = (
            # Only this file's row: locking the batch, unit and user too would make a worker skip the
            # file whenever another transaction holds one of them (another worker of the same batch,
            # an administrator editing the unit).
            ImportFile.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("batch__unit", "batch__created_by")
            .filter(pk=file_id, status=ImportFile.Status.PENDING)
            .first()
        )
        if item is None:
            return None
        item.status, item.started_at = ImportFile.Status.RUNNING, timezone.now()
        item.save(update_fields=["status", "started_at"])
    try:
        with item.upload.open("rb") as handle:
            data = handle.read()
        result = read_limited(data)
        version = _save_draft(item, result, data)
    except (Refused, ValidationError, PermissionDenied) as refusal:
        _finish(item, status=ImportFile.Status.REFUSED, message=_refusal_text(refusal))
        return item
    except Exception:
        # Nothing of the draft was kept (one transaction). A passing fault (disk, database) gets the
        # file read again by the retried task or the sweep; a file that keeps failing is given up.
        item.attempts += 1
        if item.attempts >= MAX_ATTEMPTS:
            _finish(
                item,
                status=ImportFile.Status.REFUSED,
                message=_("Berkas ini gagal disimpan berulang kali; unggah lagi nanti."),
            )
            return item
        item.status = ImportFile.Status.PENDING
        item.save(update_fields=["status", "attempts"])
        raise
    _finish(
        item,
        status=ImportFile.Status.WARNINGS if result.warnings else ImportFile.Status.IMPORTED,
        warnings=result.warnings,
        result=to_json(result, file=item.name),
        version=version,
    )
    return item


def _refusal_text(refusal: Exception) -> str:
    if isinstance(refusal, PermissionDenied):
        return _("Pengunggah tidak lagi memegang peran penyusun di unit ini.")
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal)


def _finish(item: ImportFile, **fields) -> None:
    for name, value in fields.items():
        setattr(item, name, value)
    item.finished_at = timezone.now()
    item.save()


def _save_draft(item: ImportFile, result: ImportResult, data: bytes) -> SOPVersion:
    """The draft SOP for a read file, all of it or nothing; raises ValidationError, PermissionDenied."""
    unit, actor = item.batch.unit, item.batch.created_by
    identity = result.identity
    number = identity.nomor.strip()
    if number and SOP.objects.filter(number=number).exists():
        raise ValidationError(
            _("Nomor SOP %(number)s sudah ada di portal; buka SOP itu dan buat revisi bila perlu.") % {"number": number}
        )
    stored = None
    try:
        with transaction.atomic():
            sop = services.sop_create(
                unit=unit,
                actor=actor,
                number=number[:100],
                title=(identity.nama or Path(item.name).stem)[:255],
            )
            version = sop.versions.get()
            services.version_replace_identity(
                version=version,
                actor=actor,
                date_created=identity.tanggal_pembuatan,
                legal_bases=[legal_basis_of(text) for text in identity.dasar_hukum],
                qualifications=[t[:2000] for t in identity.kualifikasi_pelaksana],
                related=[{"text": t[:500]} for t in identity.keterkaitan],
                equipment=[t[:2000] for t in identity.peralatan],
                warnings=[t[:2000] for t in identity.peringatan],
                records=[t[:2000] for t in identity.pencatatan],
            )
            actors = _actor_names(result.actors)
            services.version_replace_procedure(
                version=version, actor=actor, actors=actors, steps=_step_inputs(result, actors)
            )
            # What the signed original says about its signing, shown on the draft; penetapan in the
            # portal writes its own.
            signer = identity.disahkan_oleh
            SOPVersion.objects.filter(pk=version.pk).update(
                date_revised=identity.tanggal_revisi,
                date_effective=identity.tanggal_efektif,
                signer_name=signer.nama[:150],
                signer_nip=signer.nip[:18],
                signer_position=signer.jabatan[:200],
            )
            attachment = VersionAttachment(
                version=version,
                name=item.name,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                pages=result.pages,
                uploaded_by=actor,
            )
            attachment.file.save(_safe_name(item.name), ContentFile(data), save=False)
            stored = attachment.file.name
            attachment.save()
    except BaseException:
        if stored:  # the transaction is gone; the file it wrote must go too
            VersionAttachment._meta.get_field("file").storage.delete(stored)
        raise
    return version


def _actor_names(names: Sequence[str]) -> list[str]:
    """Actor columns as names the editor accepts: none empty, none twice."""
    out: list[str] = []
    for i, name in enumerate(names, 1):
        name = (name.strip() or _("Pelaksana %(n)s") % {"n": i})[:150]
        while name.lower() in {n.lower() for n in out}:
            name = f"{name[:145]} ({i})"
        out.append(name)
    return out


def _step_inputs(result: ImportResult, actors: list[str]) -> list[StepData]:
    by_name = {name: i for i, name in enumerate(result.actors)}
    numbers = {s.number: position for position, s in enumerate(result.steps, 1)}
    steps = []
    for position, step in enumerate(result.steps, 1):
        steps.append(
            StepData(
                number=position,
                kind=step.kind if step.kind in StepKind.values else StepKind.ACTIVITY,
                text=step.kegiatan[:1000] or _("(kegiatan tidak terbaca)"),
                actor=by_name.get(step.actor) if step.actor else None,
                co_actors=tuple(by_name[name] for name in step.co_actors if name in by_name),
                requirements=step.kelengkapan[:2000],
                **step.duration.fields(),
                output=step.output[:2000],
                notes=step.keterangan[:2000],
                next=numbers.get(step.next),
                yes=numbers.get(step.yes),
                no=numbers.get(step.no),
            )
        )
    return steps


def import_sweep() -> int:
    """Queue every file still waiting (its task was lost: no broker at upload time, a worker killed);
    give back files whose reading stopped without a word. Returns how many were queued."""
    ImportFile.objects.filter(status=ImportFile.Status.RUNNING, started_at__lt=timezone.now() - STALE_AFTER).update(
        status=ImportFile.Status.PENDING
    )
    waiting = list(ImportFile.objects.filter(status=ImportFile.Status.PENDING).values_list("pk", flat=True))
    for pk in waiting:
        outbox.hand_over("digitise.tasks.read_import_file", file_id=pk)
    return len(waiting)


def import_result(item: ImportFile) -> ImportResult | None:
    """The recovered structure of an imported file, for the review page."""
    return from_json(item.result) if item.result else None


def step_warnings(item: ImportFile) -> dict[int, list[str]]:
    """The warnings of an imported file by the step number they name (0: about the whole document)."""
    found: dict[int, list[str]] = {}
    for text in item.warnings:
        match = re.search(r"[Ll]angkah (\d+)", text)
        found.setdefault(int(match.group(1)) if match else 0, []).append(text)
    return found
