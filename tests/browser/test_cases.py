"""A case carried out in the browser by the people mapped to each actor column: started at the
counter with a tracking code, a step skipped with a reason (a deviation), the decision's Tidak
looping back, an approval left lying past twice its time (the clock moved on), and the end; the
applicant follows it on the public tracking page."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from cases.models import Case, CaseNotice, CaseStatus, NoticeKind
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def _mark_done(page, output: str = "", note: str = "") -> None:
    if output:
        page.locator("#step-form #id_output").focus()
        page.keyboard.type(output, delay=40)
    if note:
        page.keyboard.press("Tab")
        page.keyboard.type(note, delay=40)


def test_a_case_runs_through_every_actor_with_a_loop_a_deviation_and_a_late_step(
    login,
    live_server,
    browser,
    counter,
    head,
):
    head.email = "kepala@example.go.id"
    head.save()
    sop = counter.version.sop

    # The counter starts the case from the SOP page, typing the applicant's file number.
    loket = login("loket")
    loket.goto(f"{live_server.url}{counter.version.get_absolute_url()}")
    loket.click("text=Jalankan SOP")
    loket.locator("#id_reference").focus()
    loket.keyboard.type("REG-2026-0042", delay=60)
    loket.keyboard.press("Tab")  # the tracking box
    loket.keyboard.press("Space")
    expect(loket.locator("#id_tracking")).to_be_checked()
    loket.click("text=Mulai pelaksanaan")
    expect(loket.locator(".alert-success")).to_contain_text("Pelaksanaan dimulai")
    expect(loket.locator("#current-step")).to_contain_text("Langkah sekarang: 1")
    expect(loket.locator('svg [data-step="1"][data-state="current"]')).to_have_count(1)
    code = loket.locator("#case-code").inner_text()

    # Step 1, with output and note typed at human speed; the button pressed twice while the first
    # press is on its way records the step once.
    _mark_done(loket, "Berkas permohonan diterima", "Pemohon datang sendiri")
    loket.locator("#step-form button").dblclick()
    expect(loket.locator(".alert-success")).to_contain_text("Sekarang langkah 2 oleh Operator")
    shot(loket, "case-started")

    # The operator finds it in Tugas saya, skips the check (step 2) straight to the decision: refused
    # without a reason, with what was typed kept; recorded with one, as a deviation.
    operator = login("operator")
    operator.goto(f"{live_server.url}/tugas/")
    operator.click("text=REG-2026-0042")
    operator.locator("#other-step summary").click()
    operator.select_option("#other-step-number", "3")
    operator.locator("#other-step input[value='no']").check()
    operator.locator("#other_output").fill("Fotokopi KK kurang")
    operator.click("text=Catat langkah di luar urutan")
    expect(operator.locator("#other-step")).to_contain_text("hanya boleh dengan alasan")
    expect(operator.locator("#other_output")).to_have_value("Fotokopi KK kurang")
    operator.locator("#other_reason").focus()
    operator.keyboard.type("Berkas sudah diperiksa di loket", delay=40)
    operator.locator("#other-step input[value='no']").check()
    operator.click("text=Catat langkah di luar urutan")
    # Tidak: back to the check of the file.
    expect(operator.locator(".alert-success")).to_contain_text("Sekarang langkah 2 oleh Operator")
    _mark_done(operator, "Berkas lengkap setelah dilengkapi")
    operator.locator("#step-form button").click()
    expect(operator.locator("#current-step")).to_contain_text("Berkas lengkap?")
    operator.locator("#step-form input[value='yes']").focus()
    operator.keyboard.press("Space")
    operator.locator("#step-form button").click()
    expect(operator.locator(".alert-success")).to_contain_text("Sekarang langkah 4 oleh Kepala Seksi")

    # The applicant follows it without an account.
    visitor = browser.new_context(viewport={"width": 390, "height": 900}, locale="id-ID").new_page()
    visitor.goto(f"{live_server.url}/publik/lacak/")
    visitor.locator("#kode").focus()
    visitor.keyboard.type(code, delay=50)
    visitor.keyboard.press("Enter")
    expect(visitor.locator("#tracked-step")).to_contain_text("Langkah 4: Menyetujui permohonan")
    expect(visitor.locator("#tracked-case")).not_to_contain_text("REG-2026-0042")
    shot(visitor, "case-tracking")

    # The approval waits five days (past twice its 1 hari kerja): the scheduled check tells the
    # Kepala Seksi, then the head; the case page says it is late.
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5), tick=True):
        assert services.lateness_check() == 2
        kasi = login("kasi")
        kasi.goto(f"{live_server.url}/tugas/")
        expect(kasi.locator("#grup-case-steps")).to_contain_text("1")
        expect(kasi.locator("main")).to_contain_text("terlambat")
        kasi.click("text=REG-2026-0042")
        expect(kasi.locator("#case-status")).to_contain_text("terlambat")
        expect(kasi.locator("#current-step")).to_contain_text("Melewati waktu baku")
        shot(kasi, "case-late-step")
        _mark_done(kasi, "Permohonan disetujui")
        kasi.locator("#step-form button").click()
        expect(kasi.locator(".alert-success")).to_contain_text("Sekarang langkah 5 oleh Loket")

        loket = login("loket")
        loket.goto(f"{live_server.url}/pelaksanaan/")
        loket.click("text=REG-2026-0042")
        _mark_done(loket, "KTP diserahkan")
        loket.locator("#step-form button").click()
        expect(loket.locator(".alert-success")).to_contain_text("Pelaksanaan selesai")
        expect(loket.locator("#case-status")).to_have_text("Selesai")
        shot(loket, "case-finished")

        visitor.goto(f"{live_server.url}/publik/lacak/?kode={code}")
        expect(visitor.locator("#tracked-case")).to_contain_text("Selesai")

    case = Case.objects.get(sop=sop)
    assert case.status == CaseStatus.FINISHED and case.deviations == 1
    record = list(case.steps.order_by("done_at", "pk").values_list("step_number", "choice", "done_by__username"))
    assert record == [
        (1, "", "loket"),
        (3, "no", "operator"),
        (2, "", "operator"),
        (3, "yes", "operator"),
        (4, "", "kasi"),
        (5, "", "loket"),
    ]
    first = case.steps.get(step_number=1)
    assert (first.output, first.note) == ("Berkas permohonan diterima", "Pemohon datang sendiri")
    assert case.steps.get(step_number=3, choice="no").deviation_reason == "Berkas sudah diperiksa di loket"
    late = case.steps.get(step_number=4)
    assert late.actual_minutes > 2 * late.standard_minutes
    assert set(CaseNotice.objects.filter(case=case).values_list("kind", flat=True)) >= {
        NoticeKind.LATE,
        NoticeKind.ESCALATED,
    }
    assert ["kasi@example.go.id"] in [m.to for m in mail.outbox]
    assert ["kepala@example.go.id"] in [m.to for m in mail.outbox]
