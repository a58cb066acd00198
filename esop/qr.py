"""A QR code as inline SVG (the PDF's verification code, the authenticator app's enrolment code)."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(text: str, *, box_size: int = 6) -> str:
    """``text`` as an SVG element with paths only (no script, no external reference)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def qr_png(text: str, *, box_size: int = 4) -> bytes:
    """``text`` as a PNG image (the picture sent with a remote signing request)."""
    image = qrcode.make(text, box_size=box_size, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
