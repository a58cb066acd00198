"""A visitor answers the Survei Kepuasan Masyarakat on a phone with the keyboard, at human speed:
a forgotten question is named and nothing typed is lost; the device cannot answer twice a day. A
visitor complains and follows the complaint by its code."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from monitoring.models import Feedback, SurveyResponse
from sop.models import SOP
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_a_visitor_answers_the_survey_with_the_keyboard_on_a_phone(flushable_db, browser, live_server, in_force):
    version = in_force(timezone.localdate() - datetime.timedelta(days=20))
    SOP.objects.filter(pk=version.sop_id).update(is_public_service=True)
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="id-ID")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/publik/sop/{version.sop_id}/")
    expect(page.locator("#survei")).to_contain_text("Belum ada jawaban survei periode ini")
    page.click("text=Isi survei kepuasan")
    expect(page.locator("h1")).to_have_text("Survei Kepuasan Masyarakat")

    # Each question: focus its first answer, the arrow keys move to the one meant. Question 9 is forgotten.
    for n, steps in enumerate([3, 2, 2, 3, 2, 3, 3, 1], start=1):
        page.focus(f"#id_u{n}_0")
        page.keyboard.press("Space")
        for _ in range(steps):
            page.keyboard.press("ArrowRight")
    page.focus("#id_age")
    page.keyboard.type("41", delay=120)
    page.keyboard.press("Tab")
    page.select_option("#id_sex", "L")
    page.focus("#id_suggestion")
    page.keyboard.type("Loket dibuka tepat waktu.", delay=60)
    page.keyboard.press("Tab")
    page.click("button:has-text('Kirim jawaban')")
    expect(page.locator(".alert-danger")).to_contain_text("belum dijawab")
    expect(page.locator("#id_u9_0")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_u1_3")).to_be_checked()  # what was chosen stays chosen
    expect(page.locator("#id_u8_1")).to_be_checked()
    expect(page.locator("#id_suggestion")).to_have_value("Loket dibuka tepat waktu.")
    expect(page.locator("#id_age")).to_have_value("41")
    assert not SurveyResponse.objects.exists()

    page.focus("#id_u9_0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    shot(page, "survey-phone")
    page.click("button:has-text('Kirim jawaban')")
    expect(page.locator(".alert-success")).to_contain_text("Terima kasih")
    answer = SurveyResponse.objects.get()
    assert [answer.u1, answer.u2, answer.u3, answer.u4, answer.u5, answer.u6, answer.u7, answer.u8, answer.u9] == [
        4, 3, 3, 4, 3, 4, 4, 2, 3,
    ]  # fmt: skip
    assert (answer.age, answer.sex, answer.suggestion) == (41, "L", "Loket dibuka tepat waktu.")
    # (4+3+3+4+3+4+4+2+3) / 9 x 25 = 83,33: grade B
    expect(page.locator("#survei")).to_contain_text("83,33")
    expect(page.locator("#survei")).to_contain_text("mutu B")

    page.click("text=Isi survei kepuasan")
    for n in range(1, 10):
        page.check(f"#id_u{n}_3")
    page.click("button:has-text('Kirim jawaban')")
    expect(page.locator(".alert-warning")).to_contain_text("sudah mengisi survei untuk layanan ini hari ini")
    assert SurveyResponse.objects.count() == 1


def test_a_visitor_complains_with_the_keyboard_and_follows_the_complaint_by_its_code(
    flushable_db, browser, live_server, in_force
):
    version = in_force(timezone.localdate() - datetime.timedelta(days=20))
    SOP.objects.filter(pk=version.sop_id).update(is_public_service=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="id-ID")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/publik/sop/{version.sop_id}/")
    page.click("text=Sampaikan pengaduan")
    expect(page.locator("h1")).to_have_text("Sampaikan pengaduan")
    page.click("button:has-text('Kirim pengaduan')")
    expect(page.locator(".alert-danger")).to_contain_text("Pengaduan belum terkirim")
    expect(page.locator("#id_text")).to_have_attribute("aria-invalid", "true")
    page.focus("#id_text")
    page.keyboard.type("Loket dibuka pukul 09.30, bukan 08.00.", delay=60)
    page.keyboard.press("Tab")  # the robots' trap is never reached by the keyboard
    assert page.evaluate("document.activeElement.id") != "id_situs"
    page.click("button:has-text('Kirim pengaduan')")
    expect(page.locator(".alert-success")).to_contain_text("Simpan kode pelacakan ini")
    complaint = Feedback.objects.get()
    assert complaint.text == "Loket dibuka pukul 09.30, bukan 08.00." and complaint.author is None
    shot(page, "complaint-sent")

    page.goto(f"{live_server.url}/publik/pengaduan/")
    page.focus("#kode")
    page.keyboard.type(complaint.tracking_code.lower(), delay=40)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Diterima, menunggu jawaban")
    page.fill("#kode", "ADU-ZZZZ-ZZZZ")
    page.keyboard.press("Enter")
    expect(page.locator("#kode_error")).to_contain_text("Kode pelacakan tidak ditemukan")
    expect(page.locator("#kode")).to_have_attribute("aria-invalid", "true")
