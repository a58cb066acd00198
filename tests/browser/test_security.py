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
    # The language: chosen from the select, sent when changed (keyboard: focus and arrow).
    page.select_option("#lang", "en")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("#lang", "id")
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
