"""A version -> the official SOP AP document as PDF bytes (WeasyPrint), and its cache.

Page 1 is the identity sheet laid out as signed SOPs are; the flowchart pages follow, drawn with the
same SVG the browser shows. A draft says DRAF on every page; a superseded or revoked version says
TIDAK BERLAKU; an established version carries its content hash and a QR code to the verification page.
Established versions cannot change, so their PDF is rendered once and then served from storage.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from esop.qr import qr_svg

from . import procedure
from .content import VersionContent
from .flowchart import layout, svg
from .flowchart.layout import PAPER_SIZES

STATIC = Path(__file__).resolve().parent.parent / "static"
FROZEN = {"established", "in_force", "superseded", "revoked"}
# Bump when the layout, the template or the fonts change: cached documents are then rendered anew.
RENDERER_VERSION = 5  # 5: shapes painted by attributes, not a <style> element


def server_paper_size() -> str:
    """The server's ESOP_PAPER_SIZE (A4 when unknown): what the pure renderers use unless told."""
    size = getattr(settings, "ESOP_PAPER_SIZE", "A4")
    return size if size in PAPER_SIZES else "A4"


def paper_size() -> str:
    """The agency's paper (Pengaturan instansi), else the server's; one query."""
    from org.models import AgencySettings

    size = AgencySettings.current().paper_size
    return size if size in PAPER_SIZES else server_paper_size()


def verification_url(content_hash: str) -> str:
    return settings.ESOP_BASE_URL.rstrip("/") + reverse("sop:verify", args=[content_hash])


def flowchart_svgs(content: VersionContent, paper: str | None = None) -> list[str]:
    """The flowchart pages as SVG strings (safe: every typed text is escaped by the renderer)."""
    return [mark_safe(svg(page, title=content.title)) for page in layout(content, paper or server_paper_size())]


def version_flowchart_svgs(version, content: VersionContent, paper: str) -> list[str]:
    """The flowchart pages of ``version`` for its page: drawn once per renderer, paper and language
    when the version is established (its content cannot change), drawn anew for a draft."""
    if version.status not in FROZEN or not version.content_hash:
        return flowchart_svgs(content, paper)
    key = f"flowchart:r{RENDERER_VERSION}:{version.pk}:{version.content_hash[:20]}:{paper}:{translation.get_language()}"
    pages = cache.get(key)
    if pages is None:
        pages = [str(page) for page in flowchart_svgs(content, paper)]
        cache.set(key, pages, timeout=7 * 24 * 3600)
    return [mark_safe(page) for page in pages]


def render_pdf(content: VersionContent, *, content_hash: str = "", letterhead=None, paper: str = "") -> bytes:
    """PDF bytes for ``content`` (pure apart from reading the static fonts and the logo file)."""
    from weasyprint import HTML

    paper = paper or server_paper_size()
    width, height = PAPER_SIZES[paper]
    frozen = content.status in FROZEN
    context = {
        "c": content,
        "paper": f"{width}mm {height}mm",
        "pages": flowchart_svgs(content, paper),
        "problems": [] if frozen else procedure.validate(content),
        "mark": "DRAF"
        if content.status in ("draft", "in_review", "awaiting")
        else "TIDAK BERLAKU"
        if content.status in ("superseded", "revoked")
        else "",
        "content_hash": content_hash,
        "qr": mark_safe(qr_svg(verification_url(content_hash))) if content_hash else "",
        "verify_url": verification_url(content_hash) if content_hash else "",
        "logo": letterhead.logo if letterhead else "",
        "address_lines": letterhead.address_lines if letterhead else (),
        "fonts": STATIC.joinpath("fonts").as_uri(),
    }
    with translation.override(settings.LANGUAGE_CODE):  # the document is Indonesian whoever asks
        html = render_to_string("sop/pdf.html", context)
    return HTML(string=html, base_url=str(STATIC)).write_pdf()


def cache_name(version, paper: str) -> str:
    return f"pdf/r{RENDERER_VERSION}/{version.pk}-{version.content_hash[:20]}-{version.status}-{paper}.pdf"


def version_pdf(version, content: VersionContent, *, letterhead=None) -> bytes:
    """The PDF of ``version`` on the agency's paper: from storage when it is established and was
    rendered before."""
    paper = paper_size()
    if version.status not in FROZEN or not version.content_hash:
        return render_pdf(content, letterhead=letterhead, paper=paper)
    name = cache_name(version, paper)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    data = render_pdf(content, content_hash=version.content_hash, letterhead=letterhead, paper=paper)
    default_storage.save(name, ContentFile(data))
    return data
