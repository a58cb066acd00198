"""Electronic signatures at penetapan (PAdES with pyHanko): a head's own certificate, the agency's
seal and the national service's API; the signed file kept and downloaded; any file verified on the
public page and through the API. Signed files are checked with pyHanko's own validator and read back
with pdftotext."""

import datetime
import hashlib
import io
from io import StringIO
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from org import demo_pki, signing
from org.models import SigningCertificate
from sop import selectors
from sop.models import SignedDocument, SOPVersion, VersionStatus
from tests import signing as helpers
from tests.sop.test_pdf import text_of, words
from workflow import services as workflow

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "bps-001-penatausahaan-persediaan.pdf"
PASSWORD = "sandi-uji-123"


@pytest.fixture(scope="module")
def authority():
    return demo_pki.make_authority("CA Pengujian DEMO")


@pytest.fixture(autouse=True)
def _signing(settings, tmp_path, authority):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ESOP_BASE_URL = "https://esop.example.go.id"
    settings.ESOP_SIGNING_KEY = Fernet.generate_key().decode()
    settings.ESOP_ALLOW_DEMO_CERTIFICATES = True
    settings.ESOP_TSA_URL = ""
    settings.ESOP_BSRE_URL = ""


@pytest.fixture
def trusted(superuser, authority):
    signing.trusted_roots_set(actor=superuser, pem=authority.pem)


@pytest.fixture
def own_certificate(head, authority):
    data = demo_pki.make_certificate(authority, "Kepala Uji DEMO", "Dinas Uji", passphrase=helpers.PASSPHRASE)
    return signing.certificate_upload(actor=head, data=data, passphrase=helpers.PASSPHRASE)


def establish(client, head, version, **fields):
    client.force_login(head)
    url = reverse("workflow:establish", args=[version.sop_id, version.pk])
    return client.post(url, {"effective_date": timezone.localdate().isoformat(), "password": PASSWORD, **fields})


def validate(data: bytes, authority):
    """pyHanko's own validator, with the authority of the tests as the only trusted root."""
    reader = PdfFileReader(io.BytesIO(data))
    assert len(reader.embedded_signatures) == 1
    root = asn1_x509.Certificate.load(authority.certificate.public_bytes(Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return validate_pdf_signature(reader.embedded_signatures[0], context)


def verify_page(client, data: bytes, name="sop.pdf"):
    client.logout()
    return client.post(reverse("sop:verify_file"), {"berkas": SimpleUploadedFile(name, data, "application/pdf")})


@pytest.mark.django_db
def test_establish_with_own_certificate_signs_the_pdf_validated_by_pyhanko(
    client, head, make_version, own_certificate, authority, trusted
):
    version = make_version("awaiting")
    response = establish(client, head, version, passphrase=helpers.PASSPHRASE)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    document = SignedDocument.objects.get(version=version)
    assert document.method == "pribadi" and document.level == "PAdES B-B" and document.signer == "Kepala Uji DEMO"
    signed = document.signed.read()
    status = validate(signed, authority)
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == "Kepala Uji DEMO"
    assert status.coverage.name == "ENTIRE_FILE"
    # The download is the signed file, byte for byte, and it still reads as the SOP.
    downloaded = client.get(reverse("sop:pdf", args=[version.sop_id, version.pk])).content
    assert downloaded == signed and hashlib.sha256(signed).hexdigest() == document.sha256
    text = words(text_of(signed))
    assert (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan "
        "oleh e-SOP DEMO." in text  # the issuer's organisation, at the foot of every page
    )
    assert text.count("Dokumen ini telah ditandatangani secara elektronik") == text.count("Halaman ")
    assert version.content_hash in text and "DISAHKAN OLEH" in text
    for step in version.steps.all():
        assert words(step.text)[:25] in text
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Ditandatangani secara elektronik oleh Kepala Uji DEMO" in page and "PAdES B-B" in page
    public = client.get(reverse("sop:verify", args=[version.content_hash])).content.decode()
    assert "Ditandatangani secara elektronik oleh Kepala Uji DEMO" in public
    # The render before signing is kept too, and the signed file is that render with a signature added.
    unsigned = document.unsigned.read()
    assert signed.startswith(unsigned) and len(signed) > len(unsigned)


@pytest.mark.django_db
def test_establish_wrong_certificate_passphrase_changes_nothing(client, head, make_version, own_certificate):
    version = make_version("awaiting")
    response = establish(client, head, version, passphrase="bukan-ini")
    assert response.status_code == 200
    body = response.content.decode()
    assert "frasa sandi salah" in body and 'aria-invalid="true"' in body
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT and not version.content_hash
    assert not SignedDocument.objects.exists()


@pytest.mark.django_db
def test_establish_without_passphrase_is_asked_for_it(client, head, make_version, own_certificate):
    version = make_version("awaiting")
    response = establish(client, head, version)
    assert "Isi frasa sandi tanda tangan elektronik Anda." in response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT


@pytest.mark.django_db
def test_establish_with_agency_seal_when_head_has_no_certificate(
    client, head, superuser, make_version, authority, trusted
):
    data = demo_pki.make_certificate(authority, "Segel Instansi Uji DEMO", "Pemerintah Uji", passphrase="segel-1")
    signing.seal_configure(actor=superuser, data=data, passphrase="segel-1")
    version = make_version("awaiting")
    client.force_login(head)
    page = client.get(reverse("workflow:establish", args=[version.sop_id, version.pk])).content.decode()
    assert "Segel elektronik instansi: Segel Instansi Uji DEMO" in page and 'name="passphrase"' not in page
    assert establish(client, head, version).status_code == 302  # no passphrase asked: the seal's is kept
    document = SignedDocument.objects.get(version=version)
    assert document.method == "segel"
    status = validate(document.signed.read(), authority)
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == "Segel Instansi Uji DEMO"


@pytest.mark.django_db
def test_establish_without_any_signer_as_before_and_pdf_says_not_signed(client, head, make_version):
    version = make_version("awaiting")
    client.force_login(head)
    page = client.get(reverse("workflow:establish", args=[version.sop_id, version.pk])).content.decode()
    assert "Belum ada sertifikat elektronik untuk Anda atau instansi" in page
    assert establish(client, head, version).status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE and not SignedDocument.objects.exists()
    text = words(text_of(client.get(reverse("sop:pdf", args=[version.sop_id, version.pk])).content))
    assert "Dokumen ini tidak ditandatangani secara elektronik" in text


@pytest.mark.django_db
def test_timestamp_server_makes_the_signature_pades_b_t(settings, head, make_version, own_certificate, authority):
    serving, handler = helpers.timestamp_server(authority)
    with serving as url:
        settings.ESOP_TSA_URL = url
        version = make_version("awaiting")
        method = signing.methods_for(head)[0]
        signer = signing.signer_for(user=head, method=method, passphrase=helpers.PASSPHRASE)
        workflow.version_establish(
            version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True, signer=signer
        )
    assert handler.requests and set(handler.requests) == {"application/timestamp-query"}  # RFC 3161 over HTTP
    document = SignedDocument.objects.get(version=version)
    assert document.level == "PAdES B-T"
    status = validate(document.signed.read(), authority)
    assert status.intact and status.valid and status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid


@pytest.mark.django_db
def test_remote_signing_service_signs_through_its_protocol(settings, client, head, make_version, authority, trusted):
    serving, handler = helpers.bsre_server(authority)
    with serving as url:
        settings.ESOP_BSRE_URL = url
        settings.ESOP_BSRE_USERNAME, settings.ESOP_BSRE_PASSWORD = helpers.BSRE_USER, helpers.BSRE_PASSWORD
        version = make_version("awaiting")
        client.force_login(head)
        page = client.get(reverse("workflow:establish", args=[version.sop_id, version.pk])).content.decode()
        assert "Layanan TTE BSrE" in page and 'name="nik"' in page
        response = establish(client, head, version, nik=helpers.BSRE_NIK, passphrase=helpers.BSRE_PASSPHRASE)
    assert response.status_code == 302
    request = handler.bodies[-1]
    assert request["nik"] == helpers.BSRE_NIK and request["signatureProperties"][0]["tampilan"] == "VISIBLE"
    assert request["signatureProperties"][0]["page"] == 1 and request["signatureProperties"][0]["width"] > 100
    document = SignedDocument.objects.get(version=version)
    assert document.method == "bsre" and document.signer == "Pengesah Lewat TTE"
    signed = document.signed.read()
    status = validate(signed, authority)
    assert status.intact and status.valid and status.trusted
    assert "Balai Sertifikasi Elektronik (BSrE), BSSN" in words(text_of(signed))


@pytest.mark.django_db
def test_remote_signing_service_refusal_is_said_and_nothing_is_established(
    settings, client, head, make_version, authority
):
    serving, _handler = helpers.bsre_server(authority)
    with serving as url:
        settings.ESOP_BSRE_URL = url
        settings.ESOP_BSRE_USERNAME, settings.ESOP_BSRE_PASSWORD = helpers.BSRE_USER, helpers.BSRE_PASSWORD
        version = make_version("awaiting")
        wrong = establish(client, head, version, nik=helpers.BSRE_NIK, passphrase="keliru")
        short = establish(client, head, version, nik="12345", passphrase=helpers.BSRE_PASSPHRASE)
    assert "Layanan TTE menolak: Passphrase anda salah" in wrong.content.decode()
    assert "NIK harus 16 angka." in short.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT and not SignedDocument.objects.exists()


@pytest.mark.django_db
def test_remote_signing_service_unreachable_is_said(settings, client, head, make_version):
    settings.ESOP_BSRE_URL = "http://127.0.0.1:9"  # nothing listens there
    version = make_version("awaiting")
    response = establish(client, head, version, nik=helpers.BSRE_NIK, passphrase=helpers.BSRE_PASSPHRASE)
    assert "Layanan TTE tidak dapat dihubungi." in response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT


@pytest.mark.django_db
def test_verification_of_a_signed_file_then_altered_then_superseded_then_revoked(
    client, head, outsider, make_version, own_certificate, authority, trusted
):
    version = make_version("awaiting")
    establish(client, head, version, passphrase=helpers.PASSPHRASE)
    document = SignedDocument.objects.get(version=version)
    signed = document.signed.read()

    body = verify_page(client, signed).content.decode()
    assert "Tanda tangan sah dan utuh: berkas tidak diubah sejak ditandatangani." in body
    assert "Kepala Uji DEMO" in body and "Sampai ke sertifikat akar yang diakui portal ini." in body
    assert "sama persis dengan berkas bertanda tangan yang disimpan portal" in body
    assert "Dokumen ini adalah versi yang sedang berlaku." in body

    altered = bytearray(signed)
    where = signed.index(b"DISAHKAN") if b"DISAHKAN" in signed else len(signed) // 3
    altered[where] ^= 0x01  # one byte of the signed content
    body = verify_page(client, bytes(altered)).content.decode()
    assert "Tanda tangan tidak sah: isi berkas telah diubah sejak ditandatangani." in body
    assert "Berkas ini telah diubah setelah ditandatangani" in body
    assert "tidak sama persis" in body  # still recognised by the content hash it names

    # A newer revision comes into force: the answer changes, the signed file does not.
    head.refresh_from_db()
    draft = make_version("awaiting")
    SOPVersion.objects.filter(pk=draft.pk).update(sop=version.sop, revision=1)
    draft.refresh_from_db()
    workflow.version_establish(version=draft, actor=head, effective_date=timezone.localdate(), reauthenticated=True)
    body = verify_page(client, signed).content.decode()
    assert "Dokumen ini tidak berlaku lagi. Versi yang berlaku adalah revisi 1." in body
    assert "Tanda tangan sah dan utuh" in body
    document.refresh_from_db()
    assert hashlib.sha256(document.signed.read()).hexdigest() == document.sha256 == hashlib.sha256(signed).hexdigest()
    # Its download is now the render marked TIDAK BERLAKU; the signed original stays downloadable.
    client.force_login(head)
    marked = client.get(reverse("sop:pdf", args=[version.sop_id, version.pk])).content
    assert marked != signed and "TIDAK BERLAKU" in text_of(marked)
    original = client.get(reverse("sop:signed_pdf", args=[version.sop_id, version.pk]))
    assert original.content == signed and "attachment" in original["Content-Disposition"]
    unsigned = client.get(reverse("sop:signed_pdf", args=[draft.sop_id, draft.pk]))
    assert unsigned.status_code == 404
    client.force_login(outsider)  # another unit's drafter: not theirs to read
    assert client.get(reverse("sop:signed_pdf", args=[version.sop_id, version.pk])).status_code == 404

    workflow.version_revoke(version=draft, actor=head, reason="Tidak dipakai lagi")
    body = verify_page(client, signed).content.decode()
    assert "Tanda tangan sah dan utuh" in body  # revocation touches the answer, never the file
    document.refresh_from_db()
    assert document.signed.read() == signed


@pytest.mark.django_db
def test_verification_of_a_real_bsre_signed_sample_untrusted_without_its_root(client):
    body = verify_page(client, SAMPLE.read_bytes(), name="bps-001.pdf").content.decode()
    assert "Tanda tangan sah dan utuh" in body
    assert "Win Rizal" in body and "Badan Pusat Statistik" in body and "BSRE CA DS G1" in body
    assert "(dengan cap waktu)" in body
    assert "Tidak sampai ke sertifikat akar yang diakui portal ini" in body
    assert "tidak berasal dari portal ini" in body


@pytest.mark.django_db
def test_verification_without_signature_refuses_non_pdf_and_too_big(client, settings, head, make_version):
    version = make_version("awaiting")
    establish(client, head, version)  # no signer: hash and QR only
    version.refresh_from_db()
    unsigned = client.get(reverse("sop:pdf", args=[version.sop_id, version.pk])).content
    body = verify_page(client, unsigned).content.decode()
    assert "Berkas ini tidak memuat tanda tangan elektronik." in body and version.sop.number in body

    not_pdf = verify_page(client, b"MZ\x90\x00 bukan pdf", name="sop.pdf")
    assert not_pdf.status_code == 400 and "Berkas ini bukan PDF." in not_pdf.content.decode()
    settings.ESOP_VERIFY_MAX_BYTES = 1024
    big = verify_page(client, b"%PDF-1.7\n" + b"0" * 2048)
    assert big.status_code == 400 and "Berkas terlalu besar" in big.content.decode()
    broken = verify_page(client, b"%PDF-1.7\nrusak", name="rusak.pdf")
    assert "tidak dapat dibaca sebagai PDF" in broken.content.decode()


@pytest.mark.django_db
def test_verification_api_gives_the_same_answer(client, head, make_version, own_certificate, trusted):
    version = make_version("awaiting")
    establish(client, head, version, passphrase=helpers.PASSPHRASE)
    signed = SignedDocument.objects.get(version=version).signed.read()
    client.logout()
    answer = client.post(reverse("api:verify"), {"file": SimpleUploadedFile("a.pdf", signed)}).json()
    assert answer["signed"] and not answer["altered"] and answer["exact_file"]
    assert answer["signatures"][0]["signer"] == "Kepala Uji DEMO" and answer["signatures"][0]["trusted"]
    assert answer["version"]["status"] == "in_force" and answer["version"]["in_force_revision"] == 0
    refused = client.post(reverse("api:verify"), {"file": SimpleUploadedFile("a.pdf", b"bukan")})
    assert refused.status_code == 400 and refused.json() == {"file": ["Berkas ini bukan PDF."]}


@pytest.mark.django_db
def test_certificate_upload_checks_passphrase_and_never_keeps_it(client, head, authority):
    data = demo_pki.make_certificate(authority, "Kepala Uji DEMO", "Dinas Uji", passphrase=helpers.PASSPHRASE)
    client.force_login(head)
    url = reverse("org:certificate")
    wrong = client.post(url, {"certificate": SimpleUploadedFile("k.p12", data), "passphrase": "salah"})
    assert wrong.status_code == 400 and "frasa sandi salah" in wrong.content.decode()
    keyless = client.post(
        url,
        {
            "certificate": SimpleUploadedFile("k.p12", helpers.p12_without_key(authority)),
            "passphrase": helpers.PASSPHRASE,
        },
    )
    assert "tidak memuat kunci" in keyless.content.decode()
    assert not SigningCertificate.objects.exists()
    right = client.post(url, {"certificate": SimpleUploadedFile("k.p12", data), "passphrase": helpers.PASSPHRASE})
    assert right.status_code == 302
    held = SigningCertificate.objects.get(user=head)
    assert held.subject == "Kepala Uji DEMO" and held.issuer == "e-SOP DEMO"
    stored = bytes(held.sealed_pkcs12)
    assert data not in stored and helpers.PASSPHRASE.encode() not in stored and not held.sealed_passphrase
    assert "Kepala Uji DEMO" in client.get(url).content.decode()


@pytest.mark.django_db
def test_expired_and_demo_certificates_are_refused_where_they_must_be(settings, client, head, authority):
    expired = demo_pki.make_certificate(
        authority,
        "Kedaluwarsa",
        "Dinas Uji",
        passphrase=helpers.PASSPHRASE,
        not_before=timezone.now() - datetime.timedelta(days=400),
        days=30,
    )
    client.force_login(head)
    url = reverse("org:certificate")
    answer = client.post(url, {"certificate": SimpleUploadedFile("k.p12", expired), "passphrase": helpers.PASSPHRASE})
    assert "Sertifikat tidak berlaku hari ini" in answer.content.decode()
    settings.ESOP_ALLOW_DEMO_CERTIFICATES = False  # production
    demo = demo_pki.make_certificate(authority, "Kepala DEMO", "Dinas Uji", passphrase=helpers.PASSPHRASE)
    answer = client.post(url, {"certificate": SimpleUploadedFile("k.p12", demo), "passphrase": helpers.PASSPHRASE})
    assert "Sertifikat DEMO tidak dapat dipakai di server produksi." in answer.content.decode()
    assert not SigningCertificate.objects.exists()


@pytest.mark.django_db
def test_certificate_upload_without_signing_key_says_what_the_server_lacks(settings, client, head, authority):
    settings.ESOP_SIGNING_KEY = ""
    data = demo_pki.make_certificate(authority, "Kepala Uji DEMO", "Dinas Uji", passphrase=helpers.PASSPHRASE)
    client.force_login(head)
    answer = client.post(
        reverse("org:certificate"), {"certificate": SimpleUploadedFile("k.p12", data), "passphrase": helpers.PASSPHRASE}
    )
    assert answer.status_code == 400 and "ESOP_SIGNING_KEY" in answer.content.decode()
    assert not SigningCertificate.objects.exists()


@pytest.mark.django_db
def test_agency_signing_page_sets_roots_and_refuses_non_pem(client, superuser, head, authority):
    url = reverse("org:agency_signing")
    client.force_login(head)
    assert client.get(url).status_code == 403
    client.force_login(superuser)
    bad = client.post(url, {"action": "roots", "trusted_roots": "bukan sertifikat"})
    assert bad.status_code == 400 and "format PEM" in bad.content.decode()
    assert client.post(url, {"action": "roots", "trusted_roots": authority.pem}).status_code == 302
    assert "CA Pengujian DEMO" in client.get(url).content.decode()
    data = demo_pki.make_certificate(authority, "Segel DEMO", "Pemerintah Uji", passphrase="segel-1")
    sealed = client.post(
        url, {"action": "seal", "certificate": SimpleUploadedFile("s.p12", data), "passphrase": "segel-1"}
    )
    assert sealed.status_code == 302
    seal = SigningCertificate.objects.get(kind="segel")
    assert b"segel-1" not in bytes(seal.sealed_passphrase)
    assert client.post(url, {"action": "seal_remove"}).status_code == 302
    assert not SigningCertificate.objects.exists()


@pytest.mark.django_db
def test_signed_file_found_by_digest_is_the_version_it_was_made_for(head, make_version, own_certificate):
    version = make_version("awaiting")
    method = signing.methods_for(head)[0]
    workflow.version_establish(
        version=version,
        actor=head,
        effective_date=timezone.localdate() + datetime.timedelta(days=5),
        reauthenticated=True,
        signer=signing.signer_for(user=head, method=method, passphrase=helpers.PASSPHRASE),
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.ESTABLISHED
    check = selectors.check_file(SignedDocument.objects.get(version=version).signed.read())
    assert check.exact and check.version == version and check.current is None
    assert check.verdict.signatures[0].good and not check.verdict.signatures[0].trusted  # no root configured


@pytest.mark.django_db
def test_seed_demo_establishes_a_revision_signed_with_demo_certificates():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "SOP-001/UMUM/2025 revisi 1, bertanda tangan elektronik DEMO" in out.getvalue()
    document = SignedDocument.objects.get()
    assert document.version.revision == 1 and document.version.status == VersionStatus.IN_FORCE
    assert document.version.sop.versions.get(revision=0).status == VersionStatus.SUPERSEDED
    check = selectors.check_file(document.signed.read())
    signature = check.verdict.signatures[0]
    assert check.exact and signature.good and signature.trusted and signature.demo  # the demo root is trusted
    assert signature.signer == "Drs. Hendra Saputra, M.Si. (DEMO)"
    call_command("seed_demo", stdout=StringIO())
    assert SignedDocument.objects.count() == 1 and SigningCertificate.objects.count() == 4


@pytest.mark.django_db
def test_seed_demo_in_production_establishes_without_demo_certificates(settings):
    settings.ESOP_ALLOW_DEMO_CERTIFICATES = False
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Sertifikat DEMO tidak dapat dipakai di server produksi." in out.getvalue()
    assert "revisi 1, tanpa tanda tangan elektronik" in out.getvalue()
    assert not SignedDocument.objects.exists() and not SigningCertificate.objects.exists()
