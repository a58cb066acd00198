"""A head signs an SOP electronically at penetapan with the keyboard alone, at human speed; a visitor
has the downloaded file checked, then a copy with one byte changed. Every page is audited by axe."""

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import expect

from org import demo_pki, signing
from sop.models import SignedDocument, VersionStatus
from tests import signing as helpers
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def signing_ready(settings, tmp_path, head, superuser):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ESOP_SIGNING_KEY = Fernet.generate_key().decode()
    settings.ESOP_ALLOW_DEMO_CERTIFICATES = True
    authority = demo_pki.make_authority("CA Pengujian DEMO")
    data = demo_pki.make_certificate(authority, "Kepala Uji DEMO", "Dinas Uji", passphrase=helpers.PASSPHRASE)
    signing.certificate_upload(actor=head, data=data, passphrase=helpers.PASSPHRASE)
    signing.trusted_roots_set(actor=superuser, pem=authority.pem)


def test_head_signs_by_keyboard_and_a_visitor_verifies_the_file_then_an_altered_copy(
    login, browser, live_server, make_version, signing_ready, tmp_path
):
    version = make_version("awaiting")
    boss = login("pengesah")
    boss.goto(f"{live_server.url}/sop/{version.sop_id}/versi/{version.pk}/tetapkan/")
    expect(boss.locator("#signing-summary")).to_contain_text("Sertifikat elektronik pribadi: Kepala Uji DEMO")

    # A wrong passphrase first: said beside its field, nothing established, what was typed stays.
    boss.locator("#id_password").focus()
    boss.keyboard.type("sandi-uji-123", delay=90)
    boss.keyboard.press("Tab")
    expect(boss.locator("#id_passphrase")).to_be_focused()
    boss.keyboard.type("bukan-frasa", delay=90)
    boss.keyboard.press("Enter")
    expect(boss.locator("#id_passphrase_error")).to_contain_text("frasa sandi salah")
    expect(boss.locator("#id_passphrase")).to_have_attribute("aria-invalid", "true")
    version.refresh_from_db()
    assert version.status == VersionStatus.AWAITING_ESTABLISHMENT

    boss.locator("#id_password").focus()
    boss.keyboard.type("sandi-uji-123", delay=90)
    boss.keyboard.press("Tab")
    boss.keyboard.type(helpers.PASSPHRASE, delay=90)
    boss.keyboard.press("Enter")
    expect(boss.locator(".alert-success")).to_contain_text("SOP ditetapkan")
    expect(boss.locator("#signature-state")).to_contain_text("Ditandatangani secara elektronik oleh Kepala Uji DEMO")
    shot(boss, "signing-established")
    signed = SignedDocument.objects.get(version=version).signed.read()
    downloaded = boss.request.get(f"{live_server.url}/sop/{version.sop_id}/versi/{version.pk}/pdf/").body()
    assert downloaded == signed

    # A visitor checks the file, with the keyboard.
    visitor = browser.new_context(viewport={"width": 390, "height": 900}, locale="id-ID").new_page()
    file = tmp_path / "sop.pdf"
    file.write_bytes(downloaded)
    visitor.goto(f"{live_server.url}/verifikasi/")
    visitor.set_input_files("#id_berkas", str(file))
    visitor.locator("#id_berkas").focus()
    visitor.keyboard.press("Tab")
    visitor.keyboard.press("Enter")
    result = visitor.locator("#verify-result")
    expect(result).to_contain_text("Tanda tangan sah dan utuh: berkas tidak diubah sejak ditandatangani.")
    expect(result).to_contain_text("Kepala Uji DEMO")
    expect(result).to_contain_text("Sampai ke sertifikat akar yang diakui portal ini.")
    expect(result).to_contain_text("Dokumen ini adalah versi yang sedang berlaku.")
    shot(visitor, "signing-verified")

    altered = bytearray(downloaded)
    altered[downloaded.index(b"DISAHKAN") if b"DISAHKAN" in downloaded else len(downloaded) // 3] ^= 0x01
    file.write_bytes(bytes(altered))
    visitor.set_input_files("#id_berkas", str(file))
    visitor.click("button:has-text('Periksa')")
    expect(result).to_contain_text("Berkas ini telah diubah setelah ditandatangani")
    expect(result).to_contain_text("Tanda tangan tidak sah")
    shot(visitor, "signing-altered")
