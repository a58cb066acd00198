"""The SOP list as Excel: every SOP the filtered list shows (not one page), as literal text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import SOPFactory, SOPVersionFactory


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.django_db
def test_list_download_has_every_matching_sop_of_the_filter(client, make_version, drafter, agency, settings):
    settings.ESOP_PAGE_SIZE = 2  # more SOPs than one page
    versions = [make_version("draft") for _ in range(3)]
    in_force = make_version("in_force")
    other = SOPVersionFactory(sop__unit=agency.other)  # nobody here may read it
    client.force_login(drafter)
    rows = list(_sheet(client.get(reverse("sop:list_xlsx"))).iter_rows(values_only=True))
    header = rows.index(
        (
            "Nomor SOP",
            "Nama SOP",
            "Unit",
            "Status versi terakhir",
            "Revisi",
            "Tanggal efektif",
            "Pelayanan publik",
            "Jatuh tempo reviu",
        )
    )
    numbers = {row[0] for row in rows[header + 1 :]}
    assert numbers == {v.sop.number for v in [*versions, in_force]}
    assert other.sop.number not in numbers
    filtered = list(_sheet(client.get(reverse("sop:list_xlsx") + "?status=in_force")).iter_rows(values_only=True))
    assert [row[0] for row in filtered[header + 1 :]] == [in_force.sop.number]
    assert filtered[header + 1][3] == "Berlaku"


@pytest.mark.django_db
def test_list_download_keeps_a_formula_like_title_as_text(client, make_version, drafter):
    version = make_version("draft")
    version.sop.title = '=HYPERLINK("http://contoh")'
    version.sop.save()
    client.force_login(drafter)
    sheet = _sheet(client.get(reverse("sop:list_xlsx")))
    titles = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://contoh")' in titles


@pytest.mark.django_db
def test_list_page_links_to_the_download_with_its_filters(client, make_version, drafter):
    make_version("draft")
    client.force_login(drafter)
    page = client.get(reverse("sop:list") + "?status=draft").content.decode()
    assert 'href="/daftar.xlsx?status=draft' in page


@pytest.mark.django_db
def test_list_download_is_for_signed_in_people(client):
    SOPFactory()
    assert client.get(reverse("sop:list_xlsx")).status_code == 302
