"""The step editor on a 1366 px laptop: with many actors the table scrolls sideways, but every row's
buttons stay in view at its right edge, never clipped nor covered, without scrolling to them."""

import pytest

from sop import services
from tests.factories import steps_in_order

pytestmark = pytest.mark.browser

IN_VIEW = """b => {
  const wrap = b.closest('.table-responsive').getBoundingClientRect();
  const r = b.getBoundingClientRect();
  const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return r.left >= wrap.left && r.right <= wrap.right && b.contains(at);
}"""


@pytest.mark.parametrize("actors", [4, 8])
def test_every_rows_buttons_are_in_view_at_1366_px(login, author, make_version, actors):
    version = make_version("draft")
    services.version_replace_procedure(
        version=version,
        actor=author,
        actors=[f"Kepala Subbagian {n}" for n in range(1, actors + 1)],
        steps=steps_in_order(
            ("start", "Menerima berkas permohonan", 0),
            ("activity", "Memeriksa kelengkapan berkas", actors - 1),
            ("end", "Menyerahkan surat", 1),
        ),
    )
    page = login(author.username, width=1366)
    page.goto(page.url.rstrip("/") + f"/sop/{version.sop_id}/versi/{version.pk}/langkah/")
    if actors == 8:  # wider than the window: the table scrolls, the page does not
        assert page.evaluate(
            "(t => t.scrollWidth > t.parentElement.clientWidth)(document.querySelector('.editor-table'))"
        )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    buttons = page.locator(".editor-table button[id^='step-']").all()
    assert len(buttons) == 12  # up, down, insert, delete on each of the three rows
    for button in buttons:
        # Scrolled to vertically only, as a person reading down the table would.
        button.evaluate("b => window.scrollTo(0, b.getBoundingClientRect().top + window.scrollY - 300)")
        assert page.evaluate("document.querySelector('.table-responsive').scrollLeft") == 0
        assert button.evaluate(IN_VIEW), button.get_attribute("id")
