"""The rendered documents of versions: the agency's paper, flowcharts drawn once per content, PDFs
rendered once and kept in storage. The renderers themselves (``sop.pdf``, ``sop.flowchart``) are
pure; this module is what remembers their work.

Established versions cannot change, so their flowchart is drawn once (cache, per renderer, paper
and language) and their PDF rendered once (storage, per renderer, paper and status). A version signed
electronically at penetapan keeps its signed file (``SignedDocument``), which is what is downloaded
while it is established or in force; once it is no longer in force, the download is the render
marked TIDAK BERLAKU and the signed file stays, untouched, for verification.
"""

from __future__ import annotations

import hashlib
import io
import zipfile

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from esop import signatures
from esop.qr import qr_png
from org.models import AgencySettings

from . import pdf, selectors
from .content import VersionContent, content_of
from .enums import FROZEN_STATUSES, VersionStatus
from .flowchart.layout import PAPER_SIZES
from .models import ExportJob, SignedDocument


def paper_size(agency: AgencySettings | None = None) -> str:
    """The agency's paper (Pengaturan instansi), else the server's; one query unless ``agency`` is given."""
    size = (agency or AgencySettings.current()).paper_size
    return size if size in PAPER_SIZES else pdf.server_paper_size()


def _signed(version) -> bool:
    return version.status in FROZEN_STATUSES and bool(version.content_hash)


def version_flowchart_svgs(version, content: VersionContent, paper: str) -> list[str]:
    """The flowchart pages of ``version`` for its page, each as tall as what is drawn on it: drawn once
    per renderer, paper and language when the version is established (its content cannot change),
    drawn anew for a draft."""
    if not _signed(version):
        return pdf.flowchart_svgs(content, paper, fit=True)
    key = (
        f"flowchart-fit:r{pdf.RENDERER_VERSION}:{version.pk}:{version.content_hash[:20]}:{paper}:"
        f"{translation.get_language()}"
    )
    pages = cache.get(key)
    if pages is None:
        pages = [str(page) for page in pdf.flowchart_svgs(content, paper, fit=True)]
        cache.set(key, pages, timeout=7 * 24 * 3600)
    return [mark_safe(page) for page in pages]  # drawn by the renderer, every typed text escaped


def cache_name(version, paper: str) -> str:
    return f"pdf/r{pdf.RENDERER_VERSION}/{version.pk}-{version.content_hash[:20]}-{version.status}-{paper}.pdf"


def version_pdf(version, content: VersionContent, *, letterhead=None) -> bytes:
    """The PDF of ``version`` on the agency's paper: from storage when it is established and was
    rendered before."""
    if version.status in (VersionStatus.ESTABLISHED, VersionStatus.IN_FORCE):
        document = SignedDocument.objects.filter(version=version).first()
        if document is not None:
            with document.signed.open("rb") as stored:
                return stored.read()
    agency = AgencySettings.current()
    paper = paper_size(agency)
    history = selectors.change_history(version)
    if not _signed(version):
        return pdf.render_pdf(
            content, letterhead=letterhead, paper=paper, workday_minutes=agency.workday_minutes, history=history
        )
    name = cache_name(version, paper)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    data = pdf.render_pdf(
        content,
        content_hash=version.content_hash,
        letterhead=letterhead,
        paper=paper,
        workday_minutes=agency.workday_minutes,
        history=history,
    )
    default_storage.save(name, ContentFile(data))
    return data


def sign_version(*, version, signer: signatures.Signer, letterhead, location: str) -> SignedDocument:
    """Render the just-established ``version`` with room for the signature, have ``signer`` sign it,
    check what came back and keep both files; raises SigningError (nothing is kept then)."""
    content = content_of(version)
    agency = AgencySettings.current()
    data, box = pdf.render_for_signing(
        content,
        content_hash=version.content_hash,
        issuer=signer.issuer,
        letterhead=letterhead,
        paper=paper_size(agency),
        workday_minutes=agency.workday_minutes,
        history=selectors.change_history(version),
    )
    appearance = signatures.Appearance(
        name=content.signer_name,
        position=content.signer_position,
        nip=content.signer_nip,
        reason=f"Penetapan {content.number} revisi {content.revision}",
        location=location,
        url=pdf.verification_url(version.content_hash),
        picture=qr_png(pdf.verification_url(version.content_hash)),
    )
    signed = signer.sign(data, box=box, appearance=appearance)
    # Whatever signed it (the remote service too), the file kept must carry one whole signature.
    verdict = signatures.verify(signed)
    if not verdict.signed or not verdict.signatures[-1].good:
        raise signatures.SigningError(_("Berkas yang ditandatangani tidak memuat tanda tangan yang utuh."))
    signature = verdict.signatures[-1]
    base = f"signed/{version.pk}-{version.content_hash[:20]}"
    return SignedDocument.objects.create(
        version=version,
        unsigned=default_storage.save(f"{base}-render.pdf", ContentFile(data)),
        signed=default_storage.save(f"{base}-ttd.pdf", ContentFile(signed)),
        sha256=hashlib.sha256(signed).hexdigest(),
        method=signer.method,
        signer=signature.signer[:255],
        issuer=(signature.issuer or signer.issuer)[:255],
        level="PAdES B-T" if signature.timestamped else "PAdES B-B",
        signed_at=signature.signed_at or timezone.now(),
    )


# --- Many at once: the PDFs of a list's SOPs in force as one ZIP ----------------------------------

EXPORT_MAX = 1000  # SOPs in one ZIP; a larger list is narrowed with the filters first


def _zip_name(version) -> str:
    return f"{version.sop.number}-rev{version.revision}".replace("/", "-") + ".pdf"


def export_build(job) -> None:
    """Render (or take from storage) the PDF of the version in force of each SOP of ``job`` that its
    requester may still read, into one ZIP with a DAFTAR.txt of what it holds and what not, counting
    progress on the job as it goes. Raises what rendering raises (the task records the failure)."""
    user = job.requested_by
    versions = list(
        selectors.versions_visible_to(user)
        .filter(sop_id__in=job.sop_ids, status=VersionStatus.IN_FORCE)
        .select_related("sop__unit")
        .order_by("sop__number")
    )
    included = {v.sop_id for v in versions}
    skipped = list(
        selectors.sops_visible_to(user)
        .filter(pk__in=job.sop_ids)
        .exclude(pk__in=included)
        .order_by("number")
        .values_list("number", flat=True)
    )
    ExportJob.objects.filter(pk=job.pk).update(total=len(versions), skipped=skipped)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, version in enumerate(versions, start=1):
            data = version_pdf(version, content_of(version), letterhead=selectors.letterhead(version))
            archive.writestr(_zip_name(version), data)
            ExportJob.objects.filter(pk=job.pk).update(done=done)
        lines = [f"Diunduh dari e-SOP pada {timezone.localtime():%d-%m-%Y %H.%M} oleh {user.get_full_name()}.", ""]
        lines += ["SOP berlaku dalam berkas ini:"] + [f"- {_zip_name(v)}: {v.sop.title}" for v in versions]
        if skipped:
            lines += ["", "Tanpa versi berlaku (tidak disertakan):"] + [f"- {number}" for number in skipped]
        archive.writestr("DAFTAR.txt", "\n".join(lines) + "\n")
    name = default_storage.save(
        f"exports/sop-{job.pk}-{timezone.now():%Y%m%d%H%M%S}.zip", ContentFile(buffer.getvalue())
    )
    ExportJob.objects.filter(pk=job.pk).update(
        file=name, status=ExportJob.Status.DONE, finished_at=timezone.now(), done=len(versions)
    )
