"""Typing on while a save is in flight: with the server slowed, a person types through whole rows of
the step editor at 80 and at 250 ms a key, Tab from field to field, and every field shows and keeps
exactly what was typed (the save of one field never puts back an older value in another)."""

import re

import pytest
from playwright.sync_api import expect

from sop.models import Step
from tests.browser.conftest import shot
from tests.factories import steps_in_order

pytestmark = pytest.mark.browser

ROWS = {  # step number -> (kelengkapan, waktu, output, keterangan)
    1: ("Formulir permohonan", "37 menit", "Berkas diterima", "Loket buka 08.00"),
    2: ("Berkas lengkap", "2,5 hari kerja", "Berkas diperiksa", "Bila kurang, kembalikan"),
    3: ("Surat keputusan", "1–3 hari", "Surat terbit", "Ditandatangani kepala"),
}


@pytest.fixture
def slow_draft(make_version, settings):
    settings.ESOP_EDITOR_SAVE_DELAY = 0.4  # every save of the editor waits 400 ms before answering
    from sop import services

    version = make_version("draft")
    services.version_replace_procedure(
        version=version,
        actor=version.created_by,
        actors=["Loket", "Kepala Seksi"],
        steps=steps_in_order(
            ("start", "Menerima berkas", 0, {"next": 2}),
            ("activity", "Memeriksa berkas", 1, {"next": 3}),
            ("end", "Menerbitkan surat", 1),
        ),
    )
    return version


def _type_rows(page, delay: int) -> None:
    for number, (requirements, duration, output, notes) in ROWS.items():
        row = page.locator("tbody tr[id^='row-']").nth(number - 1)
        row.locator("textarea[name$='requirements']").click()
        page.keyboard.type(requirements, delay=delay)
        page.keyboard.press("Tab")  # to Waktu: the save of Kelengkapan is now in flight
        page.keyboard.type(duration, delay=delay)  # as people write it: 2,5 hari kerja
        page.keyboard.press("Tab")  # to Output
        page.keyboard.type(output, delay=delay)
        page.keyboard.press("Tab")  # to Keterangan
        page.keyboard.type(notes, delay=delay)
        page.keyboard.press("Tab")


@pytest.mark.parametrize("delay", [80, 250])
def test_typing_through_rows_while_saves_are_in_flight_keeps_every_keystroke(login, author, slow_draft, delay):
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{slow_draft.sop_id}/versi/{slow_draft.pk}/langkah/")
    expect(page.locator("#editor")).to_be_visible()
    _type_rows(page, delay)
    saved_state = re.compile(r"^(Semua perubahan|Langkah \d+) tersimpan\.$")
    expect(page.locator("#save-state")).to_have_text(saved_state, timeout=15000)
    page.wait_for_timeout(1500)  # nothing more is on its way
    expect(page.locator("#save-state")).to_have_text(saved_state)
    for number, (requirements, duration, output, notes) in ROWS.items():
        row = page.locator("tbody tr[id^='row-']").nth(number - 1)
        expect(row.locator("textarea[name$='requirements']")).to_have_value(requirements)
        expect(row.locator("textarea[name$='-waktu']")).to_have_value(duration)
        expect(row.locator("textarea[name$='output']")).to_have_value(output)
        expect(row.locator("textarea[name$='notes']")).to_have_value(notes)
    shot(page, f"editor-typed-{delay}ms")
    saved = {s.number: s for s in Step.objects.filter(version=slow_draft)}
    for number, (requirements, duration, output, notes) in ROWS.items():
        step = saved[number]
        assert (step.requirements, step.duration_display, step.output, step.notes) == (
            requirements,
            duration,
            output,
            notes,
        ), number
    assert [(s.duration_unit, s.duration_minutes) for s in saved.values()] == [
        ("menit", 37),
        ("hari kerja", 1125),
        ("hari", 1350),
    ]


def test_focus_goes_to_the_neighbouring_row_after_delete_and_into_the_new_row_after_add(
    login, author, slow_draft, settings
):
    """Keyboard only: the focus never falls back to the page after the editor is redrawn."""
    settings.ESOP_EDITOR_SAVE_DELAY = 0
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{slow_draft.sop_id}/versi/{slow_draft.pk}/langkah/")
    rows = page.locator("tbody tr[id^='row-']")
    second_text = rows.nth(1).locator("textarea[name$='-text']")
    # Delete step 2 from the keyboard: the focus lands in the step that took its place.
    page.once("dialog", lambda dialog: dialog.accept())
    rows.nth(1).locator("button[id$='-delete']").focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(2)
    focused = page.evaluate("document.activeElement.name || ''")
    assert focused.endswith("-text") and page.evaluate("document.activeElement.value") == "Menerbitkan surat"
    # Insert a step below step 1: the focus lands in the new step's Kegiatan, ready to type.
    rows.nth(0).locator("button[id$='-insert']").focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(3)
    page.keyboard.type("Mencatat berkas", delay=40)
    page.keyboard.press("Tab")
    expect(rows.nth(1).locator("textarea[name$='-text']")).to_have_value("Mencatat berkas")
    assert second_text.count() == 1
    expect(page.locator("#save-state")).to_have_text(re.compile(r"tersimpan\.$"))  # the new text is saved
    # The last step deleted: the focus goes to the one before it.
    page.once("dialog", lambda dialog: dialog.accept())
    rows.nth(2).locator("button[id$='-delete']").focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(2)
    assert page.evaluate("document.activeElement.closest('tr') && document.activeElement.closest('tr').id") == (
        rows.nth(1).get_attribute("id")
    )
    assert list(Step.objects.filter(version=slow_draft).order_by("number").values_list("text", flat=True)) == [
        "Menerima berkas",
        "Mencatat berkas",
    ]


def test_a_click_right_after_the_editor_is_redrawn_is_not_lost(login, author, slow_draft, settings):
    """The editor is swapped in whole after a save; a button pressed in the moment after (before htmx
    would have wired the new editor up) still does what it says."""
    settings.ESOP_EDITOR_SAVE_DELAY = 0
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{slow_draft.sop_id}/versi/{slow_draft.pk}/langkah/")
    rows = page.locator("tbody tr[id^='row-']")
    first = Step.objects.get(version=slow_draft, number=1)
    page.evaluate(
        """id => document.addEventListener("htmx:afterSwap", function (event) {
             if (event.detail.target.id === "editor") { setTimeout(function () { document.getElementById(id).click(); }, 0); }
           }, { once: true })""",
        f"step-{first.pk}-insert",
    )
    field = rows.nth(1).locator("textarea[name$='requirements']")
    field.fill("Berkas lengkap")
    field.dispatch_event("change")  # the save whose answer redraws the editor
    expect(rows).to_have_count(4)
    assert Step.objects.filter(version=slow_draft).count() == 4
    assert Step.objects.get(version=slow_draft, number=3).requirements == "Berkas lengkap"


def test_a_row_saved_alone_updates_its_hints_the_preview_and_waktu_without_redrawing_the_editor(
    login, author, slow_draft, settings
):
    """A save of text answers with the pieces it changed: the row's hint and colour, the check of the
    procedure, Waktu as the SOP prints it, and a moment later the flowchart preview; the fields the
    person is in are the very elements they were (nothing is redrawn under the typing)."""
    settings.ESOP_EDITOR_SAVE_DELAY = 0
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{slow_draft.sop_id}/versi/{slow_draft.pk}/langkah/")
    row = page.locator("tbody tr[id^='row-']").nth(1)
    page.evaluate("window.editorBefore = document.getElementById('editor')")
    text = row.locator("textarea[name$='-text']")
    text.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Tab")  # Kegiatan cleared: a hint, never a refusal
    expect(row.locator(".step-problem")).to_contain_text("belum berisi uraian kegiatan")
    expect(row).to_have_class(re.compile(r"\btable-warning\b"))
    expect(page.locator("#problems")).to_contain_text("Langkah 2 belum berisi uraian kegiatan.")
    text.click()
    page.keyboard.type("Memeriksa keaslian berkas", delay=30)
    page.keyboard.press("Tab")
    expect(row.locator(".step-problem")).to_have_count(0)
    expect(row).not_to_have_class(re.compile(r"\btable-warning\b"))
    expect(page.locator("#preview")).to_contain_text("Memeriksa keaslian berkas")  # drawn again, a moment later
    waktu = row.locator("textarea[name$='-waktu']")
    waktu.click()
    page.keyboard.type("1 Hari Kerja", delay=30)
    page.keyboard.press("Tab")
    expect(waktu).to_have_value("1 hari kerja")  # as the SOP prints it, once the person has left the field
    expect(page.locator("#save-state")).to_have_text("Langkah 2 tersimpan.")
    assert page.evaluate("window.editorBefore === document.getElementById('editor')")  # never redrawn
    step = Step.objects.get(version=slow_draft, number=2)
    assert (step.text, step.duration_display) == ("Memeriksa keaslian berkas", "1 hari kerja")


def test_a_refused_save_says_so_in_a_status_line_that_stays_and_points_at_the_field(
    login, author, slow_draft, settings
):
    """WCAG 3.3.1 and 4.1.3: a save the server refuses (422) never reads as saved; the status line is not
    redrawn (so screen readers announce it), the field in error carries aria-invalid and its message, and
    what was typed in the refused row stays on screen when another row is saved meanwhile."""
    settings.ESOP_EDITOR_SAVE_DELAY = 0
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{slow_draft.sop_id}/versi/{slow_draft.pk}/langkah/")
    page.evaluate("window.statusLine = document.getElementById('save-state')")
    row = page.locator("tbody tr[id^='row-']").nth(1)
    waktu = row.locator("textarea[name$='-waktu']")
    waktu.click()
    page.keyboard.type("0 jam", delay=30)
    page.keyboard.press("Tab")
    status = page.locator("#save-state")
    refused = "Belum tersimpan: periksa isian yang ditandai merah."
    expect(status).to_have_text(refused)
    # The lane moved with the arrow keys on the refused step: still not saved, and said so.
    lane = row.locator("input.actor-radio:checked")
    lane.focus()
    page.keyboard.press("ArrowLeft")
    expect(status).to_have_text(refused)
    expect(status).to_have_class(re.compile(r"text-danger"))
    assert page.evaluate("window.statusLine === document.getElementById('save-state')")  # never redrawn
    assert page.evaluate("document.getElementById('save-state').getAttribute('role')") == "status"
    expect(waktu).to_have_attribute("aria-invalid", "true")
    message = page.locator("#" + waktu.get_attribute("aria-describedby").split()[0])  # the message, then the help
    expect(message).to_contain_text("Waktu harus angka lebih dari 0.")
    step = Step.objects.get(version=slow_draft, number=2)
    assert (step.duration_value, step.actor.name) == (None, "Kepala Seksi")
    shot(page, "editor-refused-save")
    # Another row saved meanwhile: the refused row keeps what was typed, and still says it is not saved.
    first_output = page.locator("tbody tr[id^='row-']").nth(0).locator("textarea[name$='output']")
    first_output.click()
    page.keyboard.type("Berkas diterima", delay=30)
    page.keyboard.press("Tab")
    expect(status).to_have_text(refused)
    expect(waktu).to_have_value("0 jam")
    expect(row.locator("input.actor-radio").first).to_be_checked()
    assert Step.objects.get(version=slow_draft, number=1).output == "Berkas diterima"
    # Put right, it is saved, and the line says so.
    waktu.fill("")
    waktu.click()
    page.keyboard.type("2", delay=30)
    page.keyboard.press("Tab")
    expect(status).to_have_text(re.compile(r"tersimpan\.$"))
    expect(row).to_have_class(re.compile(r"table-warning"))  # saved, with a hint: the unit is missing
    waktu.click()
    page.keyboard.press("End")
    page.keyboard.type(" jam", delay=30)
    page.keyboard.press("Tab")
    expect(status).to_have_text(re.compile(r"tersimpan\.$"))
    expect(status).not_to_have_class(re.compile(r"text-danger"))
    expect(waktu).not_to_have_attribute("aria-invalid", "true")
    expect(row).not_to_have_class(re.compile(r"table-(danger|warning)"))  # the unit's hint is gone too
    step.refresh_from_db()
    assert (step.duration_value, step.duration_unit, step.actor.name) == (2, "jam", "Loket")


def test_typing_at_the_start_of_a_field_while_a_save_returns_keeps_the_caret_where_the_person_types(
    login, author, slow_draft
):
    """The save of Waktu answers while the person is typing at the start of Output: each key after
    the answer still lands where the caret was, not at the end of the text."""
    from sop.models import Step

    Step.objects.filter(version=slow_draft, number=2).update(output="berkas diperiksa")
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{slow_draft.sop_id}/versi/{slow_draft.pk}/langkah/")
    row = page.locator("tbody tr[id^='row-']").nth(1)
    row.locator("textarea[name$='-waktu']").click()
    page.keyboard.type("2 jam", delay=80)
    page.keyboard.press("Tab")  # to Output: the save of Waktu is now in flight (400 ms)
    page.keyboard.press("Control+Home")
    page.keyboard.type("Semua ", delay=120)  # the answer comes back in the middle of this
    page.keyboard.press("Tab")
    output = row.locator("textarea[name$='-output']")
    expect(output).to_have_value("Semua berkas diperiksa")
    expect(page.locator("#save-state")).to_have_text(re.compile(r"tersimpan\.$"), timeout=15000)
    page.wait_for_timeout(1000)
    step = Step.objects.get(version=slow_draft, number=2)
    assert (step.duration_display, step.output) == ("2 jam", "Semua berkas diperiksa")


def test_clicks_while_a_save_is_in_flight_wait_for_it_instead_of_conflicting_with_it(login, author, slow_draft):
    """Every answer carries the draft's new lock: a second request sent while one is out would be refused
    as a conflict with the person's own save. Changes and buttons used meanwhile wait their turn, and a
    delete already confirmed is not asked about again."""
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{slow_draft.sop_id}/versi/{slow_draft.pk}/langkah/")
    rows = page.locator("tbody tr[id^='row-']")
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    rows.nth(0).locator("input.actor-radio").nth(1).click()  # the save leaves; the server takes 400 ms
    rows.nth(1).locator("input.actor-radio").nth(0).click()
    rows.nth(2).locator("button[id$='-delete']").click()
    expect(rows).to_have_count(2)
    expect(page.locator("#save-state")).to_have_text(re.compile(r"tersimpan\.$"))
    expect(page.locator("#conflict")).to_have_count(0)
    assert questions == ["Hapus langkah 3?"]
    steps = Step.objects.filter(version=slow_draft).order_by("number").select_related("actor")
    assert [(s.text, s.actor.name) for s in steps] == [
        ("Menerima berkas", "Kepala Seksi"),
        ("Memeriksa berkas", "Loket"),
    ]
    expect(rows.nth(0).locator("input.actor-radio").nth(1)).to_be_checked()
    expect(rows.nth(1).locator("input.actor-radio").nth(0)).to_be_checked()
