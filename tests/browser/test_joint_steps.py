"""A step carried out by two actors, drafted at human speed on a slow server: ticking the further
actor redraws the editor while the person goes on typing, and nothing typed is lost."""

import pytest
from playwright.sync_api import expect

from sop.models import Step, StepActor
from tests.factories import steps_in_order

from .conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def slow_joint_draft(make_version, settings):
    settings.ESOP_EDITOR_SAVE_DELAY = 0.4  # every save of the editor waits 400 ms before answering
    from sop import services

    version = make_version("draft")
    services.version_replace_procedure(
        version=version,
        actor=version.created_by,
        actors=["Loket", "Kepala Seksi", "Arsip"],
        steps=steps_in_order(
            ("start", "Menerima berkas", 0),
            ("activity", "Memeriksa berkas", 1),
            ("end", "Menerbitkan surat", 2),
        ),
    )
    return version


def test_ticking_a_further_actor_while_typing_keeps_every_keystroke_and_draws_the_joined_symbol(
    login, author, slow_joint_draft
):
    version = slow_joint_draft
    page = login(author.username)
    page.goto(page.url.rstrip("/") + f"/sop/{version.sop_id}/versi/{version.pk}/langkah/")
    rows = page.locator("tbody tr[id^='row-']")
    second, third = rows.nth(1), rows.nth(2)
    second.locator("textarea[name$='-text']").click()
    page.keyboard.press("End")
    page.keyboard.type(" dan mencatatnya", delay=80)
    # Out of the field by ticking Arsip for the step: the save of the text is still in flight.
    arsip = second.get_by_label("Langkah 2 juga dilaksanakan oleh Arsip")
    arsip.click()
    # And on at once to the next row, typing while the editor is drawn again for the new symbol.
    third.locator("textarea[name$='requirements']").click()
    page.keyboard.type("Buku agenda", delay=80)
    page.keyboard.press("Tab")
    expect(page.locator("#save-state")).to_have_text("Langkah 3 tersimpan.", timeout=15000)
    page.wait_for_timeout(1500)  # nothing more is on its way

    second, third = page.locator("tbody tr[id^='row-']").nth(1), page.locator("tbody tr[id^='row-']").nth(2)
    expect(second.locator("textarea[name$='-text']")).to_have_value("Memeriksa berkas dan mencatatnya")
    expect(second.get_by_label("Langkah 2 juga dilaksanakan oleh Arsip")).to_be_checked()
    expect(second.locator(".sym-joint")).to_have_count(1)
    expect(third.locator("textarea[name$='requirements']")).to_have_value("Buku agenda")
    # The flowchart preview draws the step in both lanes.
    expect(page.locator(".flowchart-page [data-step='2'][data-joint]")).to_have_count(1)
    expect(page.locator(".flowchart-page [data-step='2']")).to_have_count(2)
    shot(page, "editor-joint-step")

    step = Step.objects.get(version=version, number=2)
    assert step.text == "Memeriksa berkas dan mencatatnya"
    assert list(StepActor.objects.filter(step=step).values_list("actor__name", flat=True)) == ["Arsip"]
    assert Step.objects.get(version=version, number=3).requirements == "Buku agenda"

    # Keyboard only: the box is reached with Tab and unticked with Space.
    box = page.locator("tbody tr[id^='row-']").nth(1).get_by_label("Langkah 2 juga dilaksanakan oleh Arsip")
    box.focus()
    page.keyboard.press("Space")
    expect(page.locator(".flowchart-page [data-step='2']")).to_have_count(1, timeout=15000)
    expect(page.locator("tbody tr[id^='row-']").nth(1).locator(".sym-joint")).to_have_count(0)
    assert not StepActor.objects.filter(step=step).exists()
