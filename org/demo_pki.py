"""A demo certificate authority and demo certificates, so that `make run` shows signed PDFs.

Every name carries the word DEMO: production refuses such certificates (ESOP_ALLOW_DEMO_CERTIFICATES
is on only with DEBUG). Keys are elliptic-curve (P-256): made in milliseconds, signed by pyHanko and
read by every PDF reader.
"""

from __future__ import annotations

import dataclasses
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_PASSPHRASE = "esop-demo-2026"


@dataclasses.dataclass(frozen=True)
class Authority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def make_authority(name: str = "e-SOP DEMO Root CA", *, years: int = 10) -> Authority:
    """A self-signed root that may sign certificates (and nothing else)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name, "e-SOP DEMO")
    start = _now() - datetime.timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, certificate)


def make_certificate(
    authority: Authority,
    name: str,
    organisation: str,
    *,
    passphrase: str = DEMO_PASSPHRASE,
    days: int = 730,
    timestamping: bool = False,
    not_before: datetime.datetime | None = None,
) -> bytes:
    """A PKCS#12 file (key, certificate, the authority's certificate) for ``name``; a signing
    certificate, or a timestamp server's (RSA, as pyHanko's test timestamper needs) when ``timestamping``."""
    key = rsa.generate_private_key(65537, 2048) if timestamping else ec.generate_private_key(ec.SECP256R1())
    start = not_before or _now() - datetime.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(name, organisation))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not timestamping,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()), critical=False)
    )
    if timestamping:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    certificate = builder.sign(authority.key, hashes.SHA256())
    return pkcs12.serialize_key_and_certificates(
        name.encode(),
        key,
        certificate,
        [authority.certificate],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
