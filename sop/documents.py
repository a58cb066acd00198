"""The rendered documents of versions: the agency's paper, flowcharts drawn once per content, PDFs
rendered once and kept in storage. The renderers themselves (``sop.pdf``, ``sop.flowchart``) are
pure; this module is what remembers their work.

Established versions cannot change, so their flowchart is drawn once (cache, per renderer, paper
and language) and their PDF rendered once (storage, per renderer, paper and status).
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.safestring import mark_safe

from org.models import AgencySettings

from . import pdf
from .content import VersionContent
from .enums import FROZEN_STATUSES
from .flowchart.layout import PAPER_SIZES


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
    agency = AgencySettings.current()
    paper = paper_size(agency)
    if not _signed(version):
        return pdf.render_pdf(content, letterhead=letterhead, paper=paper, workday_minutes=agency.workday_minutes)
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
    )
    default_storage.save(name, ContentFile(data))
    return data
