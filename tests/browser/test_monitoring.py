"""A reviewer runs a monitoring round in the browser, with the keyboard-usable form; staff take the
competence quiz of an SOP they are asked to read."""

import pytest
from playwright.sync_api import expect

from monitoring.models import Monitoring
from tests.browser.conftest import shot
from tests.factories import SOPVersionFactory

pytestmark = pytest.mark.browser


def test_monitoring_round_saves_the_rows_filled_and_keeps_input_on_error(login, agency, reviewer, live_server):
    first = SOPVersionFactory(sop__unit=agency.unit, sop__title="Pelayanan Legalisir", in_force=True).sop
    second = SOPVersionFactory(sop__unit=agency.sub, sop__title="Pengaduan Masyarakat", in_force=True).sop
    page = login("pemeriksa", width=390)  # on a phone
    page.click(".navbar-toggler")  # the menu is folded on a phone
    page.click("nav >> text=Pemantauan")
    expect(page.locator("h1")).to_have_text("Pemantauan SOP")
    expect(page.locator(".badge:has-text('Perlu dipantau')")).to_have_count(2)

    # One row not running well but without the action: refused, the note stays on screen.
    page.select_option(f"#id_s{second.pk}-method", "wawancara_pengguna")
    page.check(f"#id_s{second.pk}-assessment_tidak")
    page.fill(f"#id_s{second.pk}-assessment_note", "Antrean lebih dari satu jam")
    page.click("button:has-text('Simpan hasil pemantauan')")
    expect(page.locator(".alert-danger")).to_contain_text("belum ada yang disimpan")
    expect(page.locator(f"#id_s{second.pk}-assessment_note")).to_have_value("Antrean lebih dari satu jam")
    assert not Monitoring.objects.exists()

    page.fill(f"#id_s{second.pk}-action", "Tambah petugas pada jam sibuk")
    page.select_option(f"#id_s{first.pk}-method", "observasi")
    page.check(f"#id_s{first.pk}-assessment_baik")
    page.click("button:has-text('Simpan hasil pemantauan')")
    expect(page.locator(".alert-success")).to_contain_text("2 hasil pemantauan tersimpan.")
    expect(page.locator(".badge:has-text('Perlu dipantau')")).to_have_count(0)
    shot(page, "monitoring-round-phone")
    assert {(m.sop_id, m.runs_well) for m in Monitoring.objects.all()} == {(first.pk, True), (second.pk, False)}


def test_staff_take_the_competence_quiz_with_the_keyboard_fail_then_pass(login, make_version, author, head, reviewer):
    from django.utils import timezone

    from monitoring import services
    from monitoring.models import ReadRequest
    from sop.models import SOPVersion
    from tests.monitoring.test_quiz import TEXT
    from workflow import services as workflow

    version = make_version("draft")
    services.quiz_save(version=version, actor=author, text=TEXT, pass_mark=70)
    SOPVersion.objects.filter(pk=version.pk).update(status="awaiting")
    workflow.version_establish(version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True)
    services.read_requests_sync(sop_ids=[version.sop_id])
    page = login("pemeriksa")
    page.click("nav >> text=Bacaan")
    page.click("text=Kerjakan kuis")
    expect(page.locator("h1")).to_contain_text("Kuis:")
    # Question 1 right (second answer), question 2 wrong, question 3 left out.
    page.focus("#q0-0")
    page.keyboard.press("ArrowDown")
    page.focus("#q1-1")
    page.keyboard.press("Space")
    page.click("button:has-text('Periksa jawaban')")
    expect(page.locator("#quiz-result")).to_contain_text("Nilai Anda 33: belum lulus.")
    expect(page.locator("#quiz-result")).to_contain_text("pertanyaan 2, 3")
    expect(page.locator("#q0-1")).to_be_checked()
    page.focus("#q1-0")
    page.keyboard.press("Space")
    page.focus("#q2-0")
    page.keyboard.press("ArrowDown")
    shot(page, "quiz")
    page.click("button:has-text('Periksa jawaban')")
    expect(page.locator("#quiz-result")).to_contain_text("Nilai Anda 100: lulus.")
    request = ReadRequest.objects.get(version=version, user=reviewer)
    assert request.quiz_score == 100 and request.quiz_passed_at is not None and request.confirmed_at is not None
