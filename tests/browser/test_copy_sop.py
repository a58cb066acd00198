"""A drafter of a sub-unit starts a new SOP as a copy of the unit's SOP in force, from its page."""

import pytest
from playwright.sync_api import expect

from org.models import Role
from sop.models import SOP, SOPVersion
from tests.factories import UserFactory, grant

from .conftest import shot

pytestmark = pytest.mark.browser


def test_a_new_sop_begun_as_a_copy_from_the_sop_page(login, agency, make_version):
    source = make_version("draft")
    SOPVersion.objects.filter(pk=source.pk).update(status="in_force")
    drafter = UserFactory(username="penyusun_bidang")
    drafter.set_password("sandi-uji-123")
    drafter.save()
    grant(drafter, agency.sub, Role.DRAFTER)
    page = login("penyusun_bidang")
    page.goto(page.url.rstrip("/") + source.get_absolute_url())
    page.get_by_role("link", name="Salin menjadi SOP baru").click()
    expect(page.locator("#copy-source")).to_contain_text(source.sop.number)
    title = page.get_by_label("Nama SOP")
    expect(title).to_have_value(source.sop.title)
    title.fill("")
    title.type("Pelayanan di Bidang Uji", delay=40)
    shot(page, "copy-create")
    page.get_by_role("button", name="Buat SOP").click()
    expect(page.locator("h1")).to_contain_text("Pelayanan di Bidang Uji")
    sop = SOP.objects.get(title="Pelayanan di Bidang Uji")
    draft = sop.versions.get()
    assert sop.unit == agency.sub and draft.copied_from_id == source.pk
    page.goto(page.url.split("/sop/")[0] + draft.get_absolute_url())
    expect(page.locator("#copied-from")).to_contain_text(f"Disalin dari {source.sop.number}")
    expect(page.locator(".flowchart-page [data-step='1']").first).to_be_visible()
    assert draft.steps.count() == source.steps.count()


def test_a_new_sop_begun_from_a_template_of_the_library(login, agency, make_version):
    from sop.models import SOPTemplate

    source = make_version("draft")
    SOPVersion.objects.filter(pk=source.pk).update(status="in_force")
    SOPTemplate.objects.create(name="Layanan di loket", version=source)
    drafter = UserFactory(username="penyusun_lain")
    drafter.set_password("sandi-uji-123")
    drafter.save()
    grant(drafter, agency.other, Role.DRAFTER)  # a unit that may not read the template's SOP
    page = login("penyusun_lain")
    page.goto(page.url.rstrip("/") + "/sop/baru/")
    page.get_by_label("Mulai dari").select_option(label="Layanan di loket")
    page.get_by_label("Nama SOP").type("Layanan Dinas Lain", delay=40)
    shot(page, "create-from-template")
    page.get_by_role("button", name="Buat SOP").click()
    expect(page.locator("h1")).to_contain_text("Layanan Dinas Lain")
    draft = SOP.objects.get(title="Layanan Dinas Lain").versions.get()
    assert draft.steps.count() == source.steps.count() and draft.copied_from_id == source.pk
