"""Pages of an uploaded PDF as pictures, for the review beside the recovered structure."""

from __future__ import annotations

import io
import threading

# PDFium is not thread-safe: a threaded server rendering two pages at once crashed the process.
_PDFIUM = threading.Lock()


def page_png(data: bytes, page: int, *, scale: float = 1.5) -> bytes:
    """Page ``page`` (1-based) of the PDF ``data`` as PNG bytes; raises IndexError past the last page."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(data)
        try:
            if not 1 <= page <= len(document):
                raise IndexError(page)
            image = document[page - 1].render(scale=scale).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
