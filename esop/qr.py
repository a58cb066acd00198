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
