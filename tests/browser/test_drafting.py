"""A penyusun drafts a complete SOP in the browser, and two sessions meet an edit conflict."""

import re

import pytest
from playwright.sync_api import expect

from org.models import Role
from sop import services
from sop.models import SOP, Step
from tests.browser.conftest import shot
from tests.factories import SOPVersionFactory, UserFactory, grant, steps_in_order

pytestmark = pytest.mark.browser

ACTORS = ["Petugas Loket", "Kepala Subbagian Umum", "Arsiparis"]
STEPS = [  # kind, kegiatan, actor index
    ("start", "Menerima surat masuk dari pengantar", 0),
    ("activity", "Mencatat surat dalam buku agenda", 0),
    ("activity", "Memeriksa kelengkapan surat", 1),
    ("activity", "Memindai surat ke aplikasi", 2),
    ("decision", "Surat perlu didisposisikan?", 1),
    ("activity", "Menyampaikan surat kepada pimpinan", 0),
    ("activity", "Mengarsipkan surat", 2),
    ("end", "Surat selesai ditindaklanjuti", 0),
]


def editor_post(page, action, status=None):
    """Do ``action`` and wait for the editor's answer to come back and be swapped in."""
    with page.expect_response(lambda r: r.request.method == "POST" and "/versi/" in r.url) as info:
        action()
    response = info.value
    if status is not None:
        errors = re.findall(r"invalid-feedback[^>]*>([^<]+)<", response.text())
        assert response.status == status, errors
    page.wait_for_timeout(50)  # let htmx settle the swap
    return response


def row(page, number):
    return page.locator("tbody tr[id^='row-']").nth(number - 1)


def test_drafter_drafts_complete_sop_with_looping_decision(login, agency, drafter):
    page = login("penyusun")
    page.click("text=SOP baru")
    page.fill("#id_title", "Pengelolaan Surat Masuk")
    page.click("button:has-text('Buat SOP')")
    expect(page.locator(".alert-success")).to_contain_text("Lengkapi identitasnya")

    # Identity sheet: one dasar hukum, two kualifikasi (the second added with the button).
    page.fill("#id_legal-0-kind", "Undang-Undang")
    page.fill("#id_legal-0-number", "25")
    page.fill("#id_legal-0-year", "2009")
    page.fill("#id_legal-0-subject", "Pelayanan Publik")
    page.fill("#id_qualifications-0-text", "Memahami tata naskah dinas")
    page.locator("[data-list='qualifications'] [data-list-action='add']").click()
    page.keyboard.type("Mampu mengoperasikan pemindai")  # the new row has the focus
    page.click("button:has-text('Simpan identitas')")
    expect(page.locator(".alert-success")).to_contain_text("Identitas SOP tersimpan")

    page.click("a.nav-link:has-text('Langkah')")
    for name in ACTORS:
        page.fill("#new-actor", name)
        editor_post(page, lambda: page.press("#new-actor", "Enter"), 200)
    for _ in STEPS:
        editor_post(page, lambda: page.click("#step-add-end"), 200)
    expect(page.locator("tbody tr[id^='row-']")).to_have_count(8)

    for number, (kind, text, actor) in enumerate(STEPS, 1):
        row(page, number).locator("textarea[name$='-text']").fill(text)
        editor_post(page, lambda: page.keyboard.press("Tab"), 200)
        if kind in ("activity", "end") and row(page, number).locator("select[name$='-kind']").input_value() != kind:
            editor_post(
                page, lambda n=number, k=kind: row(page, n).locator("select[name$='-kind']").select_option(k), 200
            )
        if actor != 0:
            editor_post(page, lambda n=number, a=actor: row(page, n).locator("input.actor-radio").nth(a).check(), 200)

    # The decision: switching the kind before its targets exist is kept, with a hint beside the step ...
    editor_post(page, lambda: row(page, 5).locator("select[name$='-kind']").select_option("decision"), 200)
    expect(row(page, 5)).to_contain_text('Keputusan pada langkah 5 belum memiliki tujuan jika "Ya".')
    expect(row(page, 5)).to_have_class("table-warning")
    shot(page, "drafting-decision-message")
    # ... and completed by choosing where "Ya" and "Tidak" lead (Tidak loops back to step 3).
    editor_post(page, lambda: row(page, 5).locator("select[name$='-yes']").select_option(label="Langkah 6"), 200)
    editor_post(page, lambda: row(page, 5).locator("select[name$='-no']").select_option(label="Langkah 3"), 200)
    expect(page.locator("#problems")).to_contain_text("Prosedur lengkap dan siap diajukan.")
    shot(page, "drafting-complete")

    page.reload()
    for number, (kind, text, actor) in enumerate(STEPS, 1):
        expect(row(page, number).locator("textarea[name$='-text']")).to_have_value(text)
        expect(row(page, number).locator("select[name$='-kind']")).to_have_value(kind)
        expect(row(page, number).locator("input.actor-radio").nth(actor)).to_be_checked()
    decision = Step.objects.get(version__sop__title="Pengelolaan Surat Masuk", number=5)
    assert (decision.yes_step.number, decision.no_step.number) == (6, 3)
    page.click("a.nav-link:has-text('Identitas')")
    expect(page.locator("#id_qualifications-1-text")).to_have_value("Mampu mengoperasikan pemindai")
    expect(page.locator("#id_legal-0-subject")).to_have_value("Pelayanan Publik")
    assert SOP.objects.get(title="Pengelolaan Surat Masuk").unit == agency.unit


def test_two_sessions_editing_same_draft_second_is_refused_with_changes(login, agency, drafter):
    colleague = UserFactory(username="rekan", full_name="Rekan Penyusun")
    grant(colleague, agency.unit, Role.DRAFTER)
    version = SOPVersionFactory(sop__unit=agency.unit, sop__title="Surat Keluar")
    services.version_replace_procedure(
        version=version,
        actor=drafter,
        actors=["Loket"],
        steps=steps_in_order(("start", "Menerima konsep", 0), ("end", "Mengirim surat", 0)),
    )
    url = f"/sop/{version.sop_id}/versi/{version.pk}/langkah/"
    first, second = login("penyusun"), login("rekan")
    for page in (first, second):
        page.goto(page.url.rstrip("/") + url)

    row(first, 1).locator("textarea[name$='-text']").fill("Menerima konsep surat yang sudah diparaf")
    editor_post(first, lambda: first.keyboard.press("Tab"), 200)

    row(second, 2).locator("textarea[name$='-text']").fill("Teks dari sesi kedua")
    editor_post(second, lambda: second.keyboard.press("Tab"), 409)
    conflict = second.locator("#conflict")
    expect(conflict).to_contain_text("Perubahan Anda belum disimpan")
    expect(conflict).to_contain_text(re.compile("Langkah 1"))
    expect(conflict).to_contain_text("Menerima konsep surat yang sudah diparaf")
    expect(row(second, 2).locator("textarea[name$='-text']")).to_have_value("Teks dari sesi kedua")
    shot(second, "drafting-conflict")
    texts = list(version.steps.order_by("number").values_list("text", flat=True))
    assert texts == ["Menerima konsep surat yang sudah diparaf", "Mengirim surat"]
    status = second.locator("#save-state")
    expect(status).to_have_text(re.compile("belum disimpan"))
    expect(conflict).to_contain_text("Kegiatan")  # the field as people call it, not its name in the code
    expect(conflict).not_to_contain_text(re.compile(r"\btext\b"))

    # "Simpan versi saya": the second session's row goes over the newer draft, the first session's row stays.
    editor_post(second, lambda: second.click("#conflict-mine"), 200)
    expect(second.locator("#conflict")).to_have_count(0)
    expect(status).to_have_text("Langkah 2 tersimpan.")
    texts = list(version.steps.order_by("number").values_list("text", flat=True))
    assert texts == ["Menerima konsep surat yang sudah diparaf", "Teks dari sesi kedua"]

    # "Pakai versi mereka": the draft as it now is, the unsaved input dropped.
    first.reload()
    row(first, 2).locator("textarea[name$='-text']").fill("Mengirim surat yang sudah ditandatangani")
    editor_post(first, lambda: first.keyboard.press("Tab"), 200)
    row(second, 2).locator("textarea[name$='-text']").fill("Versi kedua yang kalah")
    editor_post(second, lambda: second.keyboard.press("Tab"), 409)
    with second.expect_navigation():
        second.click("#conflict-theirs")
    expect(row(second, 2).locator("textarea[name$='-text']")).to_have_value("Mengirim surat yang sudah ditandatangani")
    expect(second.locator("#conflict")).to_have_count(0)
    assert version.steps.get(number=2).text == "Mengirim surat yang sudah ditandatangani"


def test_a_date_field_says_the_chosen_date_in_words(login, agency, drafter):
    """12/02/2026 in a browser's own format could be read as 2 December: the date is written out beside it."""
    version = SOPVersionFactory(sop__unit=agency.unit, sop__title="Surat Keluar")
    page = login("penyusun")
    page.goto(page.url.rstrip("/") + f"/sop/{version.sop_id}/versi/{version.pk}/identitas/")
    field = page.locator("#id_date_created")
    field.fill("2026-02-12")
    words = page.locator("#id_date_created-words")
    expect(words).to_have_text("Kamis, 12 Februari 2026")
    assert "id_date_created-words" in field.get_attribute("aria-describedby").split()
    field.fill("2026-12-02")
    expect(words).to_have_text("Rabu, 2 Desember 2026")
