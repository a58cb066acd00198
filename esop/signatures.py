"""Electronic signatures of PDF files (PAdES, with pyHanko) and the certificates behind them.

A leaf helper that knows no app: bytes and certificates in, bytes and verdicts out. Three signers
stand behind one interface (``Signer.sign(pdf, box=, appearance=)``): a PKCS#12 certificate held by
the portal (a head's own, or the agency's electronic seal) and the national signing service's remote
API (BSrE). ``verify`` reads any signed PDF, the portal's own or another's, without the network.

Key material stored by the portal is sealed with Fernet under ``ESOP_SIGNING_KEY`` (``seal`` /
``unseal``); passphrases typed at penetapan are used once and never kept.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import io
import json
import logging
import unicodedata
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

FIELD_NAME = "Penetapan"
DEMO_WORD = "DEMO"
BSRE_ISSUER = "Balai Sertifikasi Elektronik (BSrE), BSSN"


class SigningError(Exception):
    """Signing could not be done; the message is for the person who asked (Indonesian)."""


@dataclasses.dataclass(frozen=True)
class Box:
    """Where the visible signature goes: a page (0-based) and a rectangle in PDF points, origin
    at the bottom left (x1, y1, x2, y2)."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def rect(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))


@dataclasses.dataclass(frozen=True)
class Appearance:
    """What the signature says of itself: the signer as printed, why, and the page that verifies it."""

    name: str
    position: str
    nip: str
    reason: str
    location: str
    url: str
    picture: bytes = b""  # PNG of the verification QR code, for signers that draw a picture sent to them


@dataclasses.dataclass(frozen=True)
class CertificateInfo:
    """The facts of a certificate a person needs to recognise it."""

    subject: str
    organisation: str
    issuer: str
    serial: str
    fingerprint: str
    valid_from: datetime.datetime
    valid_until: datetime.datetime

    @property
    def is_demo(self) -> bool:
        return DEMO_WORD in self.subject.upper() or DEMO_WORD in self.issuer.upper()


class Signer(Protocol):
    method: str  # pribadi | segel | bsre
    issuer: str  # who issued the certificate, for the note at the foot of each page

    def sign(self, pdf: bytes, *, box: Box, appearance: Appearance) -> bytes: ...


# -- keeping key material ---------------------------------------------------------------------------


def _fernet():
    from cryptography.fernet import Fernet

    key = settings.ESOP_SIGNING_KEY
    if not key and settings.DEBUG:  # make run: derived from the development secret, never in production
        key = base64.urlsafe_b64encode(hashlib.sha256(b"esop-signing:" + settings.SECRET_KEY.encode()).digest())
    if not key:
        raise SigningError(
            _("Penyimpanan sertifikat belum disiapkan: administrator server perlu mengisi ESOP_SIGNING_KEY.")
        )
    try:
        return Fernet(key)
    except ValueError as error:
        raise SigningError(_("ESOP_SIGNING_KEY tidak sah: harus 32 bait dalam base64 (Fernet).")) from error


def seal(data: bytes) -> bytes:
    """``data`` encrypted under the portal's signing key (raises SigningError when none is set)."""
    return _fernet().encrypt(data)


def unseal(token: bytes) -> bytes:
    """The bytes ``seal`` was given; SigningError when the key changed since."""
    from cryptography.fernet import InvalidToken

    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as error:
        raise SigningError(
            _("Sertifikat tersimpan tidak dapat dibuka: kunci ESOP_SIGNING_KEY berubah sejak diunggah. Unggah ulang.")
        ) from error


# -- certificates -----------------------------------------------------------------------------------


def _name(name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return values[0].value if values else ""


def describe(certificate) -> CertificateInfo:
    """CertificateInfo of a ``cryptography`` certificate."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    return CertificateInfo(
        subject=_name(certificate.subject, NameOID.COMMON_NAME) or certificate.subject.rfc4514_string(),
        organisation=_name(certificate.subject, NameOID.ORGANIZATION_NAME),
        issuer=_name(certificate.issuer, NameOID.ORGANIZATION_NAME)
        or _name(certificate.issuer, NameOID.COMMON_NAME)
        or certificate.issuer.rfc4514_string(),
        serial=format(certificate.serial_number, "x"),
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
        valid_from=certificate.not_valid_before_utc,
        valid_until=certificate.not_valid_after_utc,
    )


def read_pkcs12(data: bytes, passphrase: str):
    """(key, certificate, other certificates) of a PKCS#12 file; SigningError in words when the file
    or the passphrase is wrong, or the certificate is not valid today."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, certificate, others = pkcs12.load_key_and_certificates(bytes(data), passphrase.encode())
    except ValueError as error:
        raise SigningError(
            _("Sertifikat tidak dapat dibuka: frasa sandi salah atau berkas bukan PKCS#12 (.p12).")
        ) from error
    if key is None or certificate is None:
        raise SigningError(_("Berkas PKCS#12 tidak memuat kunci dan sertifikat penandatangan."))
    now = datetime.datetime.now(datetime.UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise SigningError(
            _("Sertifikat tidak berlaku hari ini (berlaku %(start)s s.d. %(end)s).")
            % {
                "start": certificate.not_valid_before_utc.date().isoformat(),
                "end": certificate.not_valid_after_utc.date().isoformat(),
            }
        )
    return key, certificate, list(others)


def inspect_pkcs12(data: bytes, passphrase: str) -> CertificateInfo:
    """What the PKCS#12 file holds, after checking it opens with ``passphrase``; demo certificates are
    refused unless ESOP_ALLOW_DEMO_CERTIFICATES (on in development only)."""
    _key, certificate, _others = read_pkcs12(data, passphrase)
    info = describe(certificate)
    refuse_demo(info)
    return info


def refuse_demo(info: CertificateInfo) -> None:
    if info.is_demo and not settings.ESOP_ALLOW_DEMO_CERTIFICATES:
        raise SigningError(_("Sertifikat DEMO tidak dapat dipakai di server produksi."))


def _ascii(text: str) -> str:
    """The stamp's built-in PDF font has Latin letters only: accents are dropped, not garbled."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class CertificateSigner:
    """Signs with a PKCS#12 certificate the portal holds: PAdES B-B, or B-T with a timestamp server."""

    def __init__(self, pkcs12_data: bytes, passphrase: str, *, method: str, tsa_url: str = ""):
        _key, certificate, _others = read_pkcs12(pkcs12_data, passphrase)  # checked here, in words
        info = describe(certificate)
        refuse_demo(info)
        self.method = method
        self.info = info
        self.issuer = info.issuer
        self.tsa_url = tsa_url
        self._pkcs12 = (bytes(pkcs12_data), passphrase)  # in memory for this one signature only

    def _pyhanko_signer(self):
        from pyhanko.sign import signers

        data, passphrase = self._pkcs12
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase.encode())

    def sign(self, pdf: bytes, *, box: Box, appearance: Appearance) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.text import TextBoxStyle
        from pyhanko.sign import fields, signers
        from pyhanko.stamp import QRStampStyle

        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        fields.append_signature_field(
            writer, sig_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=box.page, box=box.rect)
        )
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=appearance.reason,
            location=appearance.location,
            name=appearance.name,
        )
        style = QRStampStyle(
            stamp_text="Ditandatangani secara elektronik\n%(nama)s\n%(ts)s",
            timestamp_format="%d-%m-%Y %H:%M %Z",
            border_width=0,
            background=None,
            text_box_style=TextBoxStyle(font_size=6),
        )
        timestamper = None
        if self.tsa_url:
            from pyhanko.sign.timestamps import HTTPTimeStamper

            timestamper = HTTPTimeStamper(self.tsa_url, timeout=20)
        try:
            out = signers.PdfSigner(
                meta, signer=self._pyhanko_signer(), stamp_style=style, timestamper=timestamper
            ).sign_pdf(writer, appearance_text_params={"url": appearance.url, "nama": _ascii(appearance.name)})
        except Exception as error:  # pyHanko's own errors and the timestamp server's
            logging.getLogger(__name__).exception("signing failed")
            raise SigningError(_("Penandatanganan gagal: %(error)s") % {"error": error}) from error
        return out.getvalue()


class RemoteSigner:
    """The national signing service's API (BSrE TTE, version 2: ``POST /api/v2/sign/pdf`` with NIK and
    passphrase, the file in base64, basic authentication of the agency's client account). Written to
    its published request and response formats and tested against a local server that follows them;
    not tried against the real service."""

    method = "bsre"
    issuer = BSRE_ISSUER

    def __init__(self, *, url: str, username: str, password: str, nik: str, passphrase: str, timeout: int = 60):
        if not (nik.isdigit() and len(nik) == 16):
            raise SigningError(_("NIK harus 16 angka."))
        if not passphrase:
            raise SigningError(_("Isi passphrase tanda tangan elektronik Anda."))
        self.url = url.rstrip("/") + "/api/v2/sign/pdf"
        self.auth = base64.b64encode(f"{username}:{password}".encode()).decode()
        self.nik, self.passphrase, self.timeout = nik, passphrase, timeout

    def sign(self, pdf: bytes, *, box: Box, appearance: Appearance) -> bytes:
        body = {
            "nik": self.nik,
            "passphrase": self.passphrase,
            "signatureProperties": [
                {
                    "tampilan": "VISIBLE",
                    "imageBase64": base64.b64encode(appearance.picture).decode(),
                    "page": box.page + 1,
                    "originX": round(box.x1, 2),
                    "originY": round(box.y1, 2),
                    "width": round(box.x2 - box.x1, 2),
                    "height": round(box.y2 - box.y1, 2),
                    "location": appearance.location,
                    "reason": appearance.reason,
                }
            ],
            "file": [base64.b64encode(pdf).decode()],
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Basic {self.auth}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise SigningError(_("Layanan TTE menolak: %(reason)s") % {"reason": _remote_reason(error)}) from error
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise SigningError(_("Layanan TTE tidak dapat dihubungi. Coba lagi nanti.")) from error
        try:
            signed = base64.b64decode(answer["file"][0], validate=True)
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise SigningError(_("Jawaban layanan TTE tidak memuat berkas bertanda tangan.")) from error
        if not signed.startswith(b"%PDF-"):
            raise SigningError(_("Jawaban layanan TTE bukan berkas PDF."))
        return signed


def _remote_reason(error) -> str:
    try:
        answer = json.loads(error.read())
        return str(answer.get("error") or answer.get("message") or error.code)
    except (ValueError, AttributeError):
        return str(error.code)


# -- verifying --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SignatureVerdict:
    """One signature of a file, in the terms a reader asks about."""

    signer: str
    organisation: str
    issuer: str
    signed_at: datetime.datetime | None
    timestamped: bool
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptography holds
    trusted: bool  # the certificate chains to a root the administrator trusts
    whole_file: bool  # nothing was added or changed after signing (beyond validation data)
    demo: bool

    @property
    def good(self) -> bool:
        return self.intact and self.valid and self.whole_file


@dataclasses.dataclass(frozen=True)
class FileVerdict:
    readable: bool
    signatures: tuple[SignatureVerdict, ...] = ()
    keywords: str = ""  # the PDF's /Keywords: the portal writes its content hash there

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def altered(self) -> bool:
        return any(not s.good for s in self.signatures)


def _roots(trusted_pem: str):
    from asn1crypto import pem, x509

    roots = []
    for _type, _headers, der in pem.unarmor(trusted_pem.encode(), multiple=True) if trusted_pem.strip() else ():
        roots.append(x509.Certificate.load(der))
    return roots


def check_roots(trusted_pem: str) -> list[CertificateInfo]:
    """The certificates of a PEM text (the administrator's trusted roots); SigningError when unreadable."""
    from cryptography import x509

    try:
        certificates = x509.load_pem_x509_certificates(trusted_pem.encode())
    except ValueError as error:
        raise SigningError(
            _("Sertifikat akar tidak terbaca: tempelkan sertifikat dalam format PEM (-----BEGIN CERTIFICATE-----).")
        ) from error
    return [describe(c) for c in certificates]


def verify(pdf: bytes, *, trusted_pem: str = "") -> FileVerdict:
    """Every signature of ``pdf`` checked offline against the trusted roots in ``trusted_pem``."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        try:
            info = reader.trailer["/Info"]
        except KeyError:
            info = {}
        keywords = str(info.get("/Keywords", "")) if info else ""
        embedded = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError):
        return FileVerdict(readable=False)
    roots = _roots(trusted_pem)
    verdicts = []
    # pyHanko's tracebacks for chains it cannot build are kept out of the log by settings.LOGGING.
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(signature, context)
        except (SignatureValidationError, ValueError, KeyError, TypeError):
            verdicts.append(_broken(signature))
            continue
        certificate = status.signing_cert
        when = status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and status.modification_level is not None
            and status.modification_level.name in ("NONE", "LTA_UPDATES")
        )
        subject = certificate.subject.native
        issuer = certificate.issuer.native
        verdicts.append(
            SignatureVerdict(
                signer=subject.get("common_name", ""),
                organisation=subject.get("organization_name", ""),
                issuer=issuer.get("common_name", "") or issuer.get("organization_name", ""),
                signed_at=when,
                timestamped=status.timestamp_validity is not None,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=whole,
                demo=DEMO_WORD in str(subject).upper() or DEMO_WORD in str(issuer).upper(),
            )
        )
    return FileVerdict(readable=True, signatures=tuple(verdicts), keywords=keywords)


def _broken(signature) -> SignatureVerdict:
    try:
        subject = signature.signer_cert.subject.native
    except Exception:
        subject = {}
    return SignatureVerdict(
        signer=subject.get("common_name", ""),
        organisation=subject.get("organization_name", ""),
        issuer="",
        signed_at=None,
        timestamped=False,
        intact=False,
        valid=False,
        trusted=False,
        whole_file=False,
        demo=False,
    )
