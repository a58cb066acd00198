"""A penyusun turns a folder of signed PDFs into drafts: upload, summary, review beside the original."""

import pytest
from playwright.sync_api import expect

from sop.models import SOP
from tests.browser.conftest import shot
from tests.digitise.pdfs import sample

pytestmark = pytest.mark.browser


def test_drafter_imports_signed_pdfs_and_reviews_a_draft(login, agency, drafter, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    broken = tmp_path / "bukan-sop.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    page = login("penyusun")
    page.click("text=Impor dari PDF")
    page.set_input_files("#id_files", [str(sample("bps-025")), str(sample("bps-043")), str(broken)])
    page.click("button:has-text('Unggah dan impor')")

    expect(page.locator("#import-progress")).to_contain_text("3 dari 3 berkas")
    expect(page.locator("#import-progress")).to_contain_text("Selesai")
    expect(page.get_by_text("PDF ini rusak atau tidak lengkap sehingga tidak dapat dibaca.")).to_be_visible()
    shot(page, "import-batch")
    assert sorted(SOP.objects.values_list("number", flat=True)) == ["SOP-025/17000/2025", "SOP-043/17000/2025"]

    # The draft's own page draws its flowchart with the decisions where the layout put them (the
    # step table's symbol style used to rotate the SVG diamonds off their place).
    page.get_by_role("link", name="SOP-025/17000/2025").click()
    diamond = page.locator("svg polygon.sym-decision").first
    expect(diamond).to_be_visible()
    assert diamond.evaluate("p => getComputedStyle(p).transform") == "none"
    page.go_back()
    page.locator("tr", has_text="bps-025").get_by_role("link", name="Periksa").click()
    expect(page.locator("h1")).to_have_text("Pengelolaan Surat Masuk")
    expect(page.locator("img[alt='Halaman 2 dokumen asli']")).to_be_visible()
    # Polled with evaluate: wait_for_function evaluates a string, which the portal's CSP forbids.
    loaded = "() => (document.querySelector(\"img[alt='Halaman 1 dokumen asli']\") || {}).naturalWidth > 500"
    for _ in range(100):
        if page.evaluate(loaded):
            break
        page.wait_for_timeout(100)
    assert page.evaluate(loaded)
    expect(page.locator("tr.table-warning").first).to_contain_text("simbol di beberapa kolom")
    shot(page, "import-review")

    page.click("text=Perbaiki di editor")
    expect(page.locator("tbody tr[id^='row-']")).to_have_count(11)
    expect(page.locator("tbody tr[id^='row-']").first.locator("textarea[name$='-text']")).to_have_value(
        "Menerima surat Masuk"
    )


def test_import_review_reads_on_a_phone(login, agency, drafter, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    page = login("penyusun", width=390)
    page.goto(page.url + "impor/")
    page.set_input_files("#id_files", [str(sample("bps-014"))])
    page.click("button:has-text('Unggah dan impor')")
    page.get_by_role("link", name="Periksa").click()
    expect(page.locator("img[alt='Halaman 1 dokumen asli']")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(page, "import-review-phone")


@pytest.mark.postgresql
def test_import_without_a_worker_answers_at_once_and_shows_the_progress(login, agency, drafter, tmp_path, settings):
    """make run has no Redis: a thread of the web process reads the batch while the page follows it.

    On PostgreSQL only: the test runs' in-memory SQLite locks whole tables between connections, which
    the file database of make run (WAL: readers never wait for the writer) does not.
    """
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ESOP_IMPORT_THREAD = True
    page = login("penyusun")
    page.goto(page.url + "impor/")
    files = [sample(n) for n in ("bps-029", "bps-014", "bps-022", "bps-050")]
    page.set_input_files("#id_files", [str(f) for f in files])
    page.click("button:has-text('Unggah dan impor')")
    expect(page.locator("#import-progress")).to_contain_text("Sedang membaca berkas")  # the upload did not wait
    expect(page.locator("#import-progress")).to_contain_text("4 dari 4 berkas", timeout=60000)
    expect(page.locator("#import-progress")).to_contain_text("Selesai")
    assert SOP.objects.count() == 4
