"""A whole SOP drafted with the keyboard alone (WCAG 2.1.1, 2.4.3): actors added, moved and deleted,
steps added, given a kind, a lane and a decision's Ya/Tidak branches, moved and deleted; after every
redraw of the editor the focus is where the person would go on, never back on the page itself."""

import pytest
from playwright.sync_api import expect

from sop.models import Step
from tests.factories import SOPVersionFactory

from .conftest import shot

pytestmark = pytest.mark.browser

SAVING = "Menyimpan…"


def tab_to(page, selector: str, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focus is on ``selector``: reachable by the keyboard, in order."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"Tab never reached {selector}")


def press_and_save(page, key: str) -> None:
    """Press a key that sends a save, and wait until its answer is drawn and htmx has settled."""
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press(key)
    page.wait_for_function("(s) => document.getElementById('save-state').textContent !== s", arg=SAVING)
    page.wait_for_timeout(60)  # htmx settles (and puts the focus back) 20 ms after the swap


def focus_is(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def row(page, number: int):
    return page.locator("tbody tr[id^='row-']").nth(number - 1)


def test_a_whole_sop_is_drafted_with_the_keyboard_alone(login, author, agency, settings):
    settings.ESOP_EDITOR_SAVE_DELAY = 0
    version = SOPVersionFactory(sop__unit=agency.unit, created_by=author, updated_by=author)
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{version.sop_id}/versi/{version.pk}/langkah/")

    # Actors: three added from the "new actor" field, which keeps the focus for the next one.
    tab_to(page, "#new-actor")
    for name in ("Kepala Seksi", "Loket", "Arsip"):
        page.keyboard.type(name, delay=20)
        press_and_save(page, "Enter")
        assert focus_is(page, "#new-actor")
    expect(page.locator("form.actor-chip input[name='name']")).to_have_count(3)
    # "Arsip" deleted: the focus goes to the actor before it.
    arsip = version.actors.get(name="Arsip")
    page.keyboard.press("Shift+Tab")
    tab_to(page, f"#actor-{arsip.pk}-delete")
    press_and_save(page, "Enter")
    loket = version.actors.get(name="Loket")
    assert focus_is(page, f"#actor-{loket.pk}-name")
    # "Loket" moved to the first column: the focus stays on its button, which moved with it.
    tab_to(page, f"#actor-{loket.pk}-left")
    press_and_save(page, "Enter")
    assert focus_is(page, f"#actor-{loket.pk}-left")
    assert list(version.actors.order_by("position").values_list("name", flat=True)) == ["Loket", "Kepala Seksi"]

    # Steps: each added at the end puts the focus in its Kegiatan, ready to type.
    def add_step(text: str) -> None:
        tab_to(page, "#step-add-end")
        press_and_save(page, "Enter")
        assert focus_is(page, "tbody tr:last-child textarea[name$='-text']")
        page.keyboard.type(text, delay=20)
        press_and_save(page, "Tab")  # the save of the Kegiatan; the focus is in the row's first lane now

    add_step("Menerima berkas")  # the first step is a Mulai, in the first lane
    add_step("Berkas lengkap?")
    # Its lane: the arrow key moves it from Loket to Kepala Seksi.
    assert focus_is(page, "tbody tr:nth-child(2) input.actor-radio:checked")
    press_and_save(page, "ArrowRight")
    # Its kind: Keputusan, chosen in the select before the Kegiatan; on the way back, the box that
    # makes Loket carry out the step too (one in each other lane).
    page.keyboard.press("Shift+Tab")
    assert focus_is(page, "tbody tr:nth-child(2) input.co-actor")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focus_is(page, "tbody tr:nth-child(2) select[name$='-kind']")
    press_and_save(page, "ArrowDown")  # Kegiatan -> Keputusan
    expect(row(page, 2).locator("select[name$='-yes']")).to_be_visible()
    add_step("Menerbitkan surat")  # in the lane of the step before it: Kepala Seksi
    # The first lane, Loket, is not its lane: there the box that makes Loket carry it out too; then its own.
    assert focus_is(page, "tbody tr:nth-child(3) input.co-actor")
    page.keyboard.press("Tab")
    assert focus_is(page, "tbody tr:nth-child(3) input.actor-radio:checked")
    for _ in range(3):  # Loket's box, the Kegiatan, the kind
        page.keyboard.press("Shift+Tab")
    press_and_save(page, "ArrowDown")  # Kegiatan -> Keputusan
    press_and_save(page, "ArrowDown")  # Keputusan -> Selesai
    # The decision's branches: Ya to step 3, Tidak back to step 1 (options: —, Langkah 1, Langkah 3).
    tab_to(page, "tbody tr:nth-child(2) select[name$='-yes']", backwards=True)
    press_and_save(page, "ArrowDown")
    press_and_save(page, "ArrowDown")
    tab_to(page, "tbody tr:nth-child(2) select[name$='-no']")
    press_and_save(page, "ArrowDown")

    # A fourth step, moved up once (the focus follows it), then deleted (the focus goes to the step
    # that took its place).
    add_step("Mengarsipkan berkas")
    extra = Step.objects.get(version=version, text="Mengarsipkan berkas")
    tab_to(page, f"#step-{extra.pk}-up")
    press_and_save(page, "Enter")
    assert focus_is(page, f"#step-{extra.pk}-up")
    assert row(page, 3).get_attribute("id") == f"row-{extra.pk}"
    tab_to(page, f"#step-{extra.pk}-delete")
    page.once("dialog", lambda dialog: dialog.accept())
    press_and_save(page, "Enter")
    assert focus_is(page, "tbody tr:nth-child(3) textarea[name$='-text']")
    expect(page.locator("#problems")).to_contain_text("Prosedur lengkap dan siap diajukan.")
    shot(page, "editor-keyboard-only")

    steps = list(version.steps.select_related("actor", "yes_step", "no_step").order_by("number"))
    assert [(s.number, s.kind, s.text, s.actor.name) for s in steps] == [
        (1, "start", "Menerima berkas", "Loket"),
        (2, "decision", "Berkas lengkap?", "Kepala Seksi"),
        (3, "end", "Menerbitkan surat", "Kepala Seksi"),
    ]
    assert (steps[1].yes_step.number, steps[1].no_step.number) == (3, 1)
