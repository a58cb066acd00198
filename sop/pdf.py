"""A version's content -> the official SOP AP document as PDF bytes (WeasyPrint); pure: data in,
bytes out, no query (the agency's paper, the cache and the storage of rendered files are in
``sop.documents`` beside it).

Page 1 is the identity sheet laid out as signed SOPs are; the flowchart pages follow, drawn with the
same SVG the browser shows. A draft says DRAF on every page; a superseded or revoked version says
TIDAK BERLAKU; an established version carries its content hash and a QR code to the verification page.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from esop.qr import qr_svg

from . import durations, procedure, service_time
from .content import VersionContent
from .enums import FROZEN_STATUSES, NO_LONGER_IN_FORCE, UNSIGNED_STATUSES
from .flowchart import layout, svg
from .flowchart import text as textmetrics
from .flowchart.layout import PAPER_SIZES

STATIC = Path(__file__).resolve().parent.parent / "static"
# Bump when the layout, the template or the fonts change: cached documents are then rendered anew.
RENDERER_VERSION = 11  # 6: waktu as written, rows carried over, dates unpadded, QR at the foot, the mark as
# outlines; 7: the service time under the flowchart; 8: the note on electronic signature at the foot,
# the table of changes (Riwayat perubahan) after the flowchart of a revision; 9: each symbol names its
# step (data-step), for the pages of cases; 10: steps of several actors (joined symbols); 11: the
# identity sheet's type as large as fits one page
SIGNATURE_SPACE_ID = "signature-space"
UNSIGNED_NOTE = (
    "Dokumen ini tidak ditandatangani secara elektronik; keabsahannya diperiksa dengan sidik isi dan kode QR."
)


def signed_note(issuer: str) -> str:
    """The note at the foot of each page of an electronically signed SOP, as on the signed originals."""
    return (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan "
        f"oleh {issuer}."
    )


def server_paper_size() -> str:
    """The server's ESOP_PAPER_SIZE (A4 when unknown): what the pure renderers use unless told."""
    size = getattr(settings, "ESOP_PAPER_SIZE", "A4")
    return size if size in PAPER_SIZES else "A4"


@functools.lru_cache(maxsize=4)
def mark_svg(text: str) -> str:
    """The DRAF / TIDAK BERLAKU mark as outlines of Noto Sans Bold, not text: it is printed across
    the page but stays out of the text layer (a reader of the PDF, the importer too, sees the table,
    not letters of the mark among its words). The footer says the status in words."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.ttLib import TTFont

    font = TTFont(textmetrics.FONTS / "NotoSans-Bold.woff")
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    spacing = font["head"].unitsPerEm // 12
    ascent, descent = font["hhea"].ascent, font["hhea"].descent
    paths, x = [], 0
    for char in text:
        glyph = glyphs[cmap[ord(char)]]
        pen = SVGPathPen(glyphs)
        glyph.draw(pen)
        if pen.getCommands():
            paths.append(f'<path transform="translate({x} 0)" d="{pen.getCommands()}"/>')
        x += glyph.width + spacing
    width, height = x - spacing, ascent - descent
    size = f'width="{25 * width / height:.1f}mm" height="25mm"'  # letters of some 72 pt
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} viewBox="0 {-ascent} {width} {height}">'
        f'<g transform="scale(1 -1)" fill="rgb(200,0,0)" fill-opacity="0.13">{"".join(paths)}</g></svg>'
    )


def verification_url(content_hash: str) -> str:
    return settings.ESOP_BASE_URL.rstrip("/") + reverse("sop:verify", args=[content_hash])


def flowchart_svgs(content: VersionContent, paper: str | None = None, pages=None, *, fit: bool = False) -> list[str]:
    """The flowchart pages (laid out here unless given) as SVG strings (safe: every typed text is
    escaped by the renderer); ``fit``: each only as tall as what is drawn on it (on screen)."""
    pages = pages if pages is not None else layout(content, paper or server_paper_size())
    return [mark_safe(svg(page, title=content.title, fit=fit)) for page in pages]


def render_pdf(
    content: VersionContent,
    *,
    content_hash: str = "",
    letterhead=None,
    paper: str = "",
    workday_minutes: int = durations.WORKDAY_MINUTES,
    history=(),
) -> bytes:
    """PDF bytes for ``content`` (pure apart from reading the static fonts and the logo file); the
    service time under the flowchart counts a working day as ``workday_minutes``. An established
    version's says at its foot that it is not electronically signed."""
    return _document(
        content,
        content_hash=content_hash,
        letterhead=letterhead,
        paper=paper,
        workday_minutes=workday_minutes,
        note=UNSIGNED_NOTE if content_hash else "",
        history=history,
    ).write_pdf()


def render_for_signing(
    content: VersionContent,
    *,
    content_hash: str,
    issuer: str,
    letterhead=None,
    paper: str = "",
    workday_minutes: int = durations.WORKDAY_MINUTES,
    history=(),
):
    """(PDF bytes, Box) of an established version about to be signed: the note at the foot names the
    certificate's issuer, and the Box is the free space of DISAHKAN OLEH, for the visible signature."""
    from esop.signatures import Box

    document = _document(
        content,
        content_hash=content_hash,
        letterhead=letterhead,
        paper=paper,
        workday_minutes=workday_minutes,
        note=signed_note(issuer),
        history=history,
    )
    page = document.pages[0]
    space = next(
        box
        for box in page._page_box.descendants()
        if getattr(box, "element", None) is not None and box.element.get("id") == SIGNATURE_SPACE_ID
    )
    px = 0.75  # CSS pixels to PDF points
    height = page.height * px
    x1 = space.border_box_x() * px
    top = space.border_box_y() * px
    x2 = x1 + space.border_width() * px
    bottom = top + space.border_height() * px
    return document.write_pdf(), Box(page=0, x1=x1, y1=height - bottom, x2=x2, y2=height - top)


def _document(
    content: VersionContent,
    *,
    content_hash: str,
    letterhead,
    paper: str,
    workday_minutes: int,
    note: str,
    history=(),
):
    paper = paper or server_paper_size()
    width, height = PAPER_SIZES[paper]
    frozen = content.status in FROZEN_STATUSES
    mark = (
        "DRAF"
        if content.status in UNSIGNED_STATUSES
        else "TIDAK BERLAKU"
        if content.status in NO_LONGER_IN_FORCE
        else ""
    )
    laid_out = layout(content, paper)
    # The last page only as tall as what is drawn on it, so that the service time fits below it (the
    # last page keeps free at least the band of the connectors to a next page it does not have).
    pages = [mark_safe(svg(p, title=content.title, fit=p is laid_out[-1])) for p in laid_out]
    service = service_time.summary(service_time.compute(content), workday_minutes)
    context = {
        "c": content,
        "paper": f"{width}mm {height}mm",
        "pages": pages,
        "service_line": service.line if service else "",
        "problems": [] if frozen else procedure.validate(content),
        "mark": mark,
        "mark_svg": mark_svg(mark) if mark else "",
        "content_hash": content_hash,
        "qr": mark_safe(qr_svg(verification_url(content_hash))) if content_hash else "",
        "verify_url": verification_url(content_hash) if content_hash else "",
        "logo": letterhead.logo if letterhead else "",
        "address_lines": letterhead.address_lines if letterhead else (),
        "fonts": STATIC.joinpath("fonts").as_uri(),
        "note": note,
        "history": history,
        "space_id": SIGNATURE_SPACE_ID,
    }
    with translation.override(settings.LANGUAGE_CODE):  # the document is Indonesian whoever asks
        document = _laid_out({**context, "identity_size": IDENTITY_SIZES[0]})
        if _identity_pages(document, problems=bool(context["problems"])) > 1:
            document = _laid_out({**context, "identity_size": _identity_size(context)})
    return document


# The type of the identity sheet (points), largest first: the sheet takes the largest at which it fits
# its page, as the signed originals always do; below the last the type is too small to read, and a
# longer sheet goes on overleaf.
IDENTITY_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0)


def _laid_out(context: dict):
    from weasyprint import HTML

    return HTML(string=render_to_string("sop/pdf.html", context), base_url=str(STATIC)).render()


def _identity_pages(document, *, problems: bool) -> int:
    """How many pages the identity sheet of ``document`` takes: those before its first flowchart page
    (and after the page listing a draft's problems)."""
    for index, page in enumerate(document.pages):
        if any("flow" in _classes(box) for box in page._page_box.descendants()):
            return index - problems
    return len(document.pages) - problems


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _identity_size(context: dict) -> float:
    """The largest of ``IDENTITY_SIZES`` at which the identity sheet, with its verification line,
    stands on one page: the sheet alone is laid out (no flowchart, no list of problems before it)."""
    alone = {**context, "pages": [], "history": (), "problems": [], "service_line": ""}
    for size in IDENTITY_SIZES[1:-1]:
        if len(_laid_out({**alone, "identity_size": size}).pages) == 1:
            return size
    return IDENTITY_SIZES[-1]
