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
    1: ("Formulir permohonan", "37", "Berkas diterima", "Loket buka 08.00"),
    2: ("Berkas lengkap", "2,5", "Berkas diperiksa", "Bila kurang, kembalikan"),
    3: ("Surat keputusan", "710", "Surat terbit", "Ditandatangani kepala"),
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
        page.keyboard.type(duration, delay=delay)  # as people write it here: 2,5
        page.keyboard.press("Tab")  # to the unit
        page.keyboard.press("h")  # "hari", chosen from the keyboard
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
        expect(row.locator("input[name$='duration_value']")).to_have_value(duration)
        expect(row.locator("select[name$='duration_unit']")).to_have_value("hari")
        expect(row.locator("textarea[name$='output']")).to_have_value(output)
        expect(row.locator("textarea[name$='notes']")).to_have_value(notes)
    shot(page, f"editor-typed-{delay}ms")
    saved = {s.number: s for s in Step.objects.filter(version=slow_draft)}
    for number, (requirements, duration, output, notes) in ROWS.items():
        step = saved[number]
        waktu = f"{step.duration_value.normalize():f}".replace(".", ",")
        assert (step.requirements, waktu, step.duration_unit, step.output, step.notes) == (
            requirements,
            duration,
            "hari",
            output,
            notes,
        ), number


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
