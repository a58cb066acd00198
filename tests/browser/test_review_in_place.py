"""Review where the text is, in Chromium: the reviewer clicks a step's symbol in the flowchart or uses
the keyboard in the step table, types the remark in place, and the thread, the badge on the symbol and
the counts of the page follow without a reload; the drafter answers and marks it done the same way."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot
from workflow.models import ReviewComment

pytestmark = pytest.mark.browser


def test_comment_answer_and_done_in_place_from_the_flowchart_and_the_keyboard(login, reviewer, author, make_version):
    version = make_version("in_review")
    url = version.get_absolute_url()
    rev = login(reviewer.username)
    rev.goto(rev.url.rstrip("/") + url)
    expect(rev.locator(".comment-badge")).to_have_count(0)
    # A click on the symbol of step 2 opens its thread with the focus in the comment field.
    rev.locator(".flowchart-page [data-step='2']").first.click()
    field = rev.locator("#utas-2-teks")
    expect(field).to_be_focused()
    rev.keyboard.type("Siapa yang memeriksa keaslian dokumen?", delay=60)
    rev.keyboard.press("Tab")
    rev.keyboard.press("Enter")  # Kirim komentar, from the keyboard
    thread = rev.locator("#utas-2")
    expect(thread.locator(".review-comment")).to_contain_text("Siapa yang memeriksa keaslian dokumen?")
    expect(rev.locator("#utas-2-status")).to_have_text("Komentar tersimpan.")
    expect(field).to_be_focused()
    expect(field).to_have_value("")
    expect(rev.locator(".comment-badge[data-badge-step='2'] text").first).to_have_text("1")
    expect(rev.locator("#utas-2-tombol")).to_contain_text("1 komentar terbuka")
    expect(rev.locator("#komentar")).to_contain_text("Langkah 2: 1 komentar, 1 terbuka")
    shot(rev, "review-comment-in-place")
    # Keyboard only: the step table's button of step 1 opens that step's thread.
    rev.locator("#utas-1-tombol").focus()
    rev.keyboard.press("Enter")
    expect(rev.locator("#utas-1")).to_be_visible()
    expect(rev.locator("#utas-1-teks")).to_be_focused()
    assert ReviewComment.objects.get().step_number == 2

    # The drafter comes from the page's list to the thread, answers and marks it done, in place.
    page = login(author.username)
    page.goto(page.url.rstrip("/") + url)
    page.locator("#komentar a[data-thread-link='2']").click()
    reply = page.locator("#utas-2 .review-comment input[name='text']")
    expect(reply).to_be_visible()
    reply.click()
    page.keyboard.type("Petugas loket, sudah ditulis di Keterangan.", delay=40)
    page.keyboard.press("Enter")
    expect(page.locator("#utas-2")).to_contain_text("Petugas loket, sudah ditulis di Keterangan.")
    expect(page.locator("#utas-2-status")).to_have_text("Jawaban tersimpan.")
    page.locator("#utas-2").get_by_role("button", name="Tandai selesai").click()
    expect(page.locator("#utas-2-status")).to_have_text("Komentar ditandai selesai.")
    expect(page.locator("#utas-2 .review-comment")).to_contain_text("Selesai")
    expect(page.locator(".comment-badge")).to_have_count(0)
    expect(page.locator("#utas-2-tombol")).to_contain_text("1 komentar")
    expect(page.locator("#utas-2-tombol")).not_to_contain_text("terbuka")
    comment = ReviewComment.objects.get(parent=None)
    assert comment.is_resolved and comment.replies.get().text == "Petugas loket, sudah ditulis di Keterangan."


def test_on_a_phone_the_opened_step_table_and_thread_do_not_widen_the_page(login, reviewer, make_version):
    version = make_version("in_review")
    page = login(reviewer.username, width=390)
    page.goto(page.url.rstrip("/") + version.get_absolute_url())
    page.locator("details:has(.step-table) > summary").click()
    page.locator("#utas-2-tombol").click()
    expect(page.locator("#utas-2-teks")).to_be_focused()
    # The table scrolls within its card; its screen-reader-only texts do not push the page wider.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
