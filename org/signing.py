"""Who can sign established SOPs electronically, and with what.

A head signs with their own certificate when they have uploaded one, else through the national
signing service when the server is configured for it (BSrE), else the agency's electronic seal
signs for them when an administrator set one; with none of these, penetapan is as before (content
hash and QR code) and the PDF says it is not electronically signed. The certificates are kept here
encrypted (``esop.signatures.seal``); the PDF work is ``esop.signatures``'.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from esop import signatures

from .models import AgencySettings, SigningCertificate, User
from .services import audit, require_admin

MAX_PKCS12_BYTES = 64 * 1024


@dataclasses.dataclass(frozen=True)
class Method:
    """The way a person will sign at penetapan, as the form asks for it."""

    kind: str  # pribadi | bsre | segel
    label: str
    needs_passphrase: bool
    needs_nik: bool
    certificate: SigningCertificate | None = None


def _check_file(data: bytes) -> None:
    if not data:
        raise ValidationError({"certificate": _("Pilih berkas sertifikat (.p12 atau .pfx).")})
    if len(data) > MAX_PKCS12_BYTES:
        raise ValidationError({"certificate": _("Berkas sertifikat terlalu besar (paling besar 64 KB).")})


def _info(data: bytes, passphrase: str) -> signatures.CertificateInfo:
    _check_file(data)
    try:
        return signatures.inspect_pkcs12(data, passphrase)
    except signatures.SigningError as error:
        raise ValidationError({"passphrase": str(error)}) from error


def _fields(info: signatures.CertificateInfo) -> dict:
    return {
        "subject": info.subject[:255],
        "organisation": info.organisation[:255],
        "issuer": info.issuer[:255],
        "serial": info.serial[:80],
        "fingerprint": info.fingerprint,
        "valid_from": info.valid_from,
        "valid_until": info.valid_until,
    }


def _sealed(data: bytes) -> bytes:
    try:
        return signatures.seal(data)
    except signatures.SigningError as error:
        raise ValidationError(str(error)) from error


@transaction.atomic
def certificate_upload(*, actor: User, data: bytes, passphrase: str, ip=None) -> SigningCertificate:
    """Keep ``actor``'s own PKCS#12 certificate (replacing any earlier one) after checking that it opens
    with ``passphrase`` and is valid today; the passphrase itself is not kept. Raises ValidationError."""
    info = _info(data, passphrase)
    SigningCertificate.objects.filter(user=actor).delete()
    certificate = SigningCertificate.objects.create(
        kind=SigningCertificate.Kind.PERSONAL,
        user=actor,
        sealed_pkcs12=_sealed(data),
        uploaded_by=actor,
        **_fields(info),
    )
    audit(
        actor=actor,
        action="certificate.upload",
        target=actor.get_full_name(),
        details={"subject": info.subject, "issuer": info.issuer, "until": info.valid_until.date().isoformat()},
        ip=ip,
    )
    return certificate


@transaction.atomic
def certificate_remove(*, actor: User, ip=None) -> None:
    """Forget ``actor``'s own certificate (already signed files stay as they are)."""
    if SigningCertificate.objects.filter(user=actor).delete()[0]:
        audit(actor=actor, action="certificate.remove", target=actor.get_full_name(), ip=ip)


@transaction.atomic
def seal_configure(*, actor: User, data: bytes, passphrase: str, ip=None) -> SigningCertificate:
    """Set the agency's electronic seal (administrators); its passphrase is kept, encrypted, since the
    seal signs without anyone typing it. Raises PermissionDenied or ValidationError."""
    require_admin(actor)
    info = _info(data, passphrase)
    SigningCertificate.objects.filter(kind=SigningCertificate.Kind.SEAL).delete()
    seal = SigningCertificate.objects.create(
        kind=SigningCertificate.Kind.SEAL,
        sealed_pkcs12=_sealed(data),
        sealed_passphrase=_sealed(passphrase.encode()),
        uploaded_by=actor,
        **_fields(info),
    )
    audit(actor=actor, action="certificate.seal", target=info.subject, details={"issuer": info.issuer}, ip=ip)
    return seal


@transaction.atomic
def seal_remove(*, actor: User, ip=None) -> None:
    """Stop sealing (administrators)."""
    require_admin(actor)
    if SigningCertificate.objects.filter(kind=SigningCertificate.Kind.SEAL).delete()[0]:
        audit(actor=actor, action="certificate.seal_remove", target=str(_("Segel elektronik instansi")), ip=ip)


@transaction.atomic
def trusted_roots_set(*, actor: User, pem: str, ip=None) -> AgencySettings:
    """Set the roots that verification trusts (administrators); refuses text that is not PEM."""
    require_admin(actor)
    pem = pem.strip()
    names = []
    if pem:
        try:
            names = [info.subject for info in signatures.check_roots(pem)]
        except signatures.SigningError as error:
            raise ValidationError({"trusted_roots": str(error)}) from error
    row = AgencySettings.objects.select_for_update().filter(pk=1).first() or AgencySettings(pk=1)
    row.trusted_roots = pem + ("\n" if pem else "")
    row.save()
    audit(
        actor=actor,
        action="settings.trusted_roots",
        target=str(_("Pengaturan instansi")),
        details={"roots": names},
        ip=ip,
    )
    return row


def remote_configured() -> bool:
    return bool(settings.ESOP_BSRE_URL)


def methods_for(user: User) -> list[Method]:
    """The ways ``user`` can sign, best first (the first is what penetapan uses); empty: no signature."""
    methods = []
    own = SigningCertificate.objects.filter(user=user).first()
    if own is not None:
        methods.append(
            Method(
                SigningCertificate.Kind.PERSONAL,
                _("Sertifikat elektronik pribadi: %(subject)s, diterbitkan %(issuer)s")
                % {"subject": own.subject, "issuer": own.issuer},
                needs_passphrase=True,
                needs_nik=False,
                certificate=own,
            )
        )
    if remote_configured():
        methods.append(
            Method("bsre", _("Layanan TTE BSrE (NIK dan passphrase)"), needs_passphrase=True, needs_nik=True)
        )
    seal = SigningCertificate.objects.filter(kind=SigningCertificate.Kind.SEAL).first()
    if seal is not None:
        methods.append(
            Method(
                SigningCertificate.Kind.SEAL,
                _("Segel elektronik instansi: %(subject)s") % {"subject": seal.subject},
                needs_passphrase=False,
                needs_nik=False,
                certificate=seal,
            )
        )
    return methods


def signer_for(*, user: User, method: Method, passphrase: str = "", nik: str = "") -> signatures.Signer:
    """The signer of ``method`` for ``user``, ready to sign; ValidationError in words when the
    passphrase does not open the certificate or the NIK is not one."""
    try:
        if method.kind == "bsre":
            return signatures.RemoteSigner(
                url=settings.ESOP_BSRE_URL,
                username=settings.ESOP_BSRE_USERNAME,
                password=settings.ESOP_BSRE_PASSWORD,
                nik=nik.strip(),
                passphrase=passphrase,
            )
        certificate = method.certificate
        if certificate is None or (
            certificate.kind == SigningCertificate.Kind.PERSONAL and certificate.user_id != user.pk
        ):
            raise PermissionDenied
        if certificate.kind == SigningCertificate.Kind.SEAL:
            passphrase = signatures.unseal(certificate.sealed_passphrase).decode()
        elif not passphrase:
            raise ValidationError({"passphrase": _("Isi frasa sandi sertifikat Anda.")})
        return signatures.CertificateSigner(
            signatures.unseal(certificate.sealed_pkcs12),
            passphrase,
            method=certificate.kind,
            tsa_url=settings.ESOP_TSA_URL,
        )
    except signatures.SigningError as error:
        field = "nik" if method.needs_nik and "NIK" in str(error) else "passphrase" if method.needs_passphrase else None
        raise ValidationError({field: str(error)} if field else str(error)) from error
