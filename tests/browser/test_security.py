"""In a real browser under the portal's Content-Security-Policy: what used inline handlers works from
static/js/esop.js, the page raises no CSP violation, and a locked account is told when to retry."""

import pytest
from playwright.sync_api import expect

from org.models import Unit
from tests.factories import UnitFactory

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switch_and_confirmed_delete_work_without_inline_scripts(login, superuser, agency, live_server):
    superuser.set_password("sandi-uji-123")
    superuser.save()
    UnitFactory(parent=agency.root, code="KOSONG", name="Unit Kosong")
    page = login("super")
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    # The language: browsing the options changes nothing (WCAG 3.2.2); the button switches.
    page.focus("#lang")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.select_option("#lang", "en")
    page.click("#lang-switch")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("#lang", "id")
    page.click("#lang-switch")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    # Deleting a unit asks first: "no" keeps it, "yes" deletes it.
    page.goto(f"{live_server.url}/kelola/unit/")
    row = page.locator("tr", has_text="Unit Kosong")
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.locator("button:has-text('Hapus')").click()
    page.wait_for_timeout(300)
    assert Unit.objects.filter(code="KOSONG").exists()
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator("button:has-text('Hapus')").click()
    page.wait_for_load_state()
    expect(page.locator("tr", has_text="Unit Kosong")).to_have_count(0)
    assert not Unit.objects.filter(code="KOSONG").exists()
    assert violations == []


def test_a_locked_account_is_told_when_to_try_again(browser, live_server, drafter):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    for _ in range(5):
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", drafter.username)
        page.fill("#id_password", "salah")
        page.click("button:has-text('Masuk')")
    expect(page.locator("h1")).to_have_text("Akun dikunci sementara")
    expect(page.locator("body")).to_contain_text("Silakan coba lagi setelah 15 menit.")
    shot(page, "security-locked-phone")
    context.close()


def _code(secret: str, window: int | None = None) -> str:
    """What the authenticator app shows for ``secret`` (base32, as the page prints it): now, or in the
    30-second step ``window``."""
    import base64
    import time

    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    totp.time = window * 30 + 1 if window is not None else time.time()
    return f"{totp.token():06d}"


def _next_code(secret: str, user) -> str:
    """The code the app shows after the one last used: each code is taken once, and a code typed across
    the turn of a 30-second step moves the device's clock (django-otp's drift) by one step."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return _code(secret, window=TOTPDevice.objects.get(user=user).last_t + 1)


def test_a_head_enrols_an_authenticator_and_establishes_with_its_code(login, head, make_version, live_server, settings):
    import datetime

    from django.utils import timezone

    settings.ESOP_REQUIRE_2FA = True
    version = make_version("awaiting")
    page = login(head.username)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    # Penetapan first asks the head to enrol, and comes back afterwards.
    page.goto(f"{live_server.url}/sop/{version.sop_id}/versi/{version.pk}/tetapkan/")
    expect(page.locator(".alert-warning").first).to_contain_text("wajib memakai autentikasi dua langkah")
    page.click("button:has-text('Daftarkan aplikasi autentikator')")
    expect(page.locator(".otp-qr svg")).to_be_visible()
    secret = page.locator("#otp-secret").inner_text()
    page.locator("#id_code").press_sequentially(_code(secret), delay=60)
    page.keyboard.press("Enter")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    shot(page, "security-enrolled")
    page.click("a:has-text('Lanjutkan ke halaman tadi')")
    # The penetapan page: date, password and the code of this moment (the next one: each is used once).
    expect(page.locator("#id_code")).to_be_visible()
    page.fill("#id_effective_date", timezone.localdate().isoformat())
    page.locator("#id_password").press_sequentially("sandi-uji-123", delay=30)
    page.keyboard.press("Tab")
    page.keyboard.type(_next_code(secret, head), delay=60)
    shot(page, "security-establish-with-code")
    page.click("button:has-text('Tetapkan')")
    expect(page.locator(".alert-success")).to_contain_text("SOP ditetapkan")
    version.refresh_from_db()
    assert version.status in ("established", "in_force")
    assert version.established_at.date() >= datetime.date.today() - datetime.timedelta(days=1)
    assert violations == []


def test_pages_with_flowchart_editor_dashboard_and_api_docs_raise_no_csp_violation(
    login, head, in_force, make_version, live_server
):
    import datetime

    established = in_force(datetime.date(2026, 1, 5))
    draft = make_version("draft")
    page = login(head.username)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    for path in [
        established.sop.get_absolute_url(),
        draft.sop.get_absolute_url(),
        "/dasbor/",
        "/api/docs/",
        "/akun/keamanan/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    expect(page.locator("body")).to_be_visible()
    assert violations == []
