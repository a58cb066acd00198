"""A drafter downloads the SOPs in force of a filtered list: the list as Excel, and the PDFs as one
ZIP made in the background, followed on its progress page."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_drafter_downloads_the_list_as_excel_and_its_pdfs_as_a_zip(login, live_server, in_force, make_version):
    first, second = in_force(datetime.date(2026, 3, 2)), in_force(datetime.date(2026, 3, 2))
    make_version("draft")
    page = login("penulis")
    page.goto(f"{live_server.url}/?status=in_force")
    with page.expect_download() as excel:
        page.click("#list-xlsx")
    with open(excel.value.path(), "rb") as downloaded:  # a download's path has no ".xlsx"
        sheet = load_workbook(io.BytesIO(downloaded.read())).active
    numbers = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {first.sop.number, second.sop.number} <= numbers

    page.locator("#export-start").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Unduhan PDF SOP berlaku")
    expect(page.locator("#export-state")).to_have_text("Selesai.")
    expect(page.locator(".progress")).to_have_attribute("aria-valuenow", "100")
    shot(page, "export-done")
    with page.expect_download() as archive:
        page.click("#export-download")
    names = zipfile.ZipFile(archive.value.path()).namelist()
    assert sorted(n for n in names if n.endswith(".pdf")) == sorted(
        f"{v.sop.number}-rev0".replace("/", "-") + ".pdf" for v in (first, second)
    )
    assert "DAFTAR.txt" in names
