"""PDF files for the importer's tests, written byte by byte (nothing to download or keep)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.conf import settings

SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.pdf")) + sorted((SAMPLES / "import-dev").glob("*.pdf"))
EXPECTED = Path(__file__).parent / "expected"


def sample(name: str) -> Path:
    """The signed sample whose file name starts with ``name`` (e.g. "bps-011")."""
    found = [p for p in SAMPLE_FILES if p.name.startswith(name)]
    if not found:
        raise FileNotFoundError(f"no sample {name}*.pdf in {SAMPLES} (shared/ must lie beside the checkout)")
    return found[0]


def minimal_pdf(
    pages: int = 1, *, text: str = "", encrypted: bool = False, width: int = 612, height: int = 792
) -> bytes:
    """A valid PDF of ``pages`` pages, the first carrying ``text``; ``encrypted``: locked with a password."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font = 3 + 2 * pages
    for i in range(pages):
        content = f"BT /F1 11 Tf 72 {height - 72} Td ({text}) Tj ET".encode() if text and i == 0 else b""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    trailer_extra = b""
    if encrypted:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <"
            + os.urandom(32).hex().encode()
            + b"> /U <"
            + os.urandom(32).hex().encode()
            + b"> >>"
        )
        identifier = os.urandom(16).hex().encode()
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), identifier, identifier)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    )
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A signed sample's first page as a picture only: what a scanner makes (no text layer)."""
    from PIL import Image

    from digitise.reader.pages import page_png

    picture = Image.open(io.BytesIO(page_png(sample("bps-001").read_bytes(), 1, scale=1)))
    out = io.BytesIO()
    picture.convert("RGB").save(out, format="PDF")
    return out.getvalue()
