"""A drafter opens a revision of an SOP in force with the keyboard: the page asks why and for a
one-line summary, keeps what was typed when something is missing, and records both."""

import datetime

import pytest
from playwright.sync_api import expect

from sop.models import SOPVersion
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_drafter_opens_a_revision_saying_why_with_the_keyboard(login, live_server, in_force):
    first = in_force(datetime.date(2026, 3, 2))
    page = login("penulis")
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    page.click("text=Buat revisi")
    expect(page.locator("h1")).to_have_text("Buat revisi")

    # The summary first, the reason forgotten: said, and the summary stays.
    page.locator("#id_summary").focus()
    page.keyboard.type("Menyesuaikan dengan Perbup 12/2026", delay=70)
    page.keyboard.press("Enter")
    expect(page.locator("#id_reason_error")).to_have_text("Pilih alasan perubahan.")
    expect(page.locator("#id_summary")).to_have_value("Menyesuaikan dengan Perbup 12/2026")

    page.locator("#id_reason").focus()
    page.keyboard.press("ArrowDown")  # Perubahan regulasi
    page.keyboard.press("Tab")
    expect(page.locator("#id_summary")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(": verifikasi 2 hari kerja.", delay=70)
    shot(page, "change-control-form")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Revisi 1 dibuat sebagai draf")
    revision = SOPVersion.objects.get(sop=first.sop, revision=1)
    assert revision.change_reason == "regulasi"
    assert revision.change_summary == "Menyesuaikan dengan Perbup 12/2026: verifikasi 2 hari kerja."
