"""The public face: visitors without login read the public-service SOPs in force, and nothing else."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from tests.factories import SOPVersionFactory

EFFECTIVE = datetime.date(2026, 3, 2)


@pytest.fixture
def public(in_force):
    version = in_force(EFFECTIVE)
    version.sop.is_public_service = True
    version.sop.title = "Pelayanan Penerbitan Surat Keterangan"
    version.sop.save(update_fields=["is_public_service", "title"])
    return version


@pytest.mark.django_db
def test_public_list_shows_public_sops_in_force_only(client, public, in_force, make_version, agency):
    internal = in_force(EFFECTIVE)
    public_draft_only = SOPVersionFactory(sop__unit=agency.unit, sop__is_public_service=True)
    page = client.get(reverse("sop:public_list")).content.decode()
    assert public.sop.title in page
    assert internal.sop.title not in page and public_draft_only.sop.title not in page


@pytest.mark.django_db
def test_public_list_searches_and_filters_by_unit(client, public, agency):
    url = reverse("sop:public_list")
    assert public.sop.title in client.get(url, {"q": "berkas"}).content.decode()
    assert public.sop.title not in client.get(url, {"q": "Anggaran"}).content.decode()
    assert public.sop.title in client.get(url, {"unit": agency.unit.pk}).content.decode()


@pytest.mark.django_db
def test_public_page_shows_identity_sheet_and_flowchart(client, public):
    page = client.get(reverse("sop:public_detail", args=[public.sop_id])).content.decode()
    assert public.sop.number in page and "<svg" in page and "Menerima berkas" in page
    assert reverse("sop:verify", args=[public.content_hash]) in page
    assert "komentar" not in page.lower()  # nothing of the workflow


@pytest.mark.django_db
def test_public_pdf_is_the_document_in_force(client, public, tmp_path):
    response = client.get(reverse("sop:public_pdf", args=[public.sop_id]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "sop.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert public.sop.number in text and "DRAF" not in text


@pytest.mark.django_db
def test_internal_and_draft_pages_are_404_for_visitors(client, public, in_force, make_version):
    internal, draft = in_force(EFFECTIVE), make_version("draft")
    revision = SOPVersionFactory(sop=public.sop, revision=1)
    for url in [
        reverse("sop:detail", args=[internal.sop_id]),
        reverse("sop:version", args=[public.sop_id, revision.pk]),
        reverse("sop:pdf", args=[public.sop_id, revision.pk]),
        reverse("workflow:history", args=[public.sop_id]),
        reverse("monitoring:reading_sop", args=[public.sop_id]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert reverse("login") in response.content.decode()  # staff who followed a link can sign in
    for url in [
        reverse("sop:public_detail", args=[internal.sop_id]),
        reverse("sop:public_pdf", args=[draft.sop_id]),
        reverse("sop:public_detail", args=[999999]),
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_visitors_reach_the_public_page_from_the_portal_addresses(client, public):
    assert client.get(reverse("sop:list")).url == reverse("sop:public_list")
    assert client.get(reverse("sop:detail", args=[public.sop_id])).url == reverse(
        "sop:public_detail", args=[public.sop_id]
    )


@pytest.mark.django_db
def test_verification_page_needs_no_login(client, public):
    page = client.get(reverse("sop:verify", args=[public.content_hash])).content.decode()
    assert "versi yang sedang berlaku" in page
    assert reverse("sop:public_pdf", args=[public.sop_id]) in page and "perlu masuk" not in page
