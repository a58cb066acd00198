"""The import pages: who may use them, the upload, the batch's progress and the review beside the original."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from digitise import batches as imports
from digitise.models import ImportBatch, ImportFile
from sop.models import SOP

from .pdfs import sample


def pdf_upload(name: str) -> SimpleUploadedFile:
    path = sample(name)
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/pdf")


@pytest.fixture
def imported(agency, drafter, django_capture_on_commit_callbacks) -> ImportFile:
    with django_capture_on_commit_callbacks(execute=True):
        batch = imports.import_batch_create(
            unit=agency.unit,
            actor=drafter,
            uploads=[imports.Upload(name=sample("bps-022").name, file=pdf_upload("bps-022"))],
        )
    return batch.files.get()


def test_import_page_offers_the_drafters_units(client, drafter, agency):
    client.force_login(drafter)
    page = client.get(reverse("digitise:upload"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["unit"].queryset) == [agency.unit, agency.sub]
    assert 'multiple accept="application/pdf,.pdf"' in page.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "head", "outsider"])
def test_import_page_is_refused_without_a_drafter_role_here(client, role, request, agency):
    user = request.getfixturevalue(role)
    client.force_login(user)
    if role == "outsider":  # a drafter elsewhere: may not choose this unit
        response = client.post(reverse("digitise:upload"), {"unit": agency.unit.pk, "files": [pdf_upload("bps-014")]})
        assert response.status_code == 200 and "unit" in response.context["form"].errors
    else:
        assert client.get(reverse("digitise:upload")).status_code == 403
    assert not ImportBatch.objects.exists()


def test_import_page_sends_visitors_to_sign_in(client):
    response = client.get(reverse("digitise:upload"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_import_upload_reads_every_file_and_shows_the_summary(
    client, drafter, agency, django_capture_on_commit_callbacks
):
    client.force_login(drafter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("digitise:upload"),
            {
                "unit": agency.unit.pk,
                "files": [pdf_upload("bps-014"), pdf_upload("bps-022"), SimpleUploadedFile("foto.pdf", b"\x89PNG")],
            },
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    page = client.get(batch.get_absolute_url())
    assert page.context["counts"]["warnings"] == 2 and page.context["counts"]["refused"] == 1
    assert page.context["finished"] and page.context["percent"] == 100
    html = page.content.decode()
    assert "foto.pdf" in html and "Berkas ini bukan PDF." in html
    assert "hx-trigger" not in html  # finished: the page stops asking
    assert sorted(SOP.objects.values_list("number", flat=True)) == ["SOP-014/17000/2025", "SOP-022/17000/2025"]


def test_import_upload_without_files_says_so(client, drafter, agency):
    client.force_login(drafter)
    response = client.post(reverse("digitise:upload"), {"unit": agency.unit.pk})
    assert response.status_code == 200 and response.context["form"].errors["files"]
    assert not ImportBatch.objects.exists()


def test_import_progress_polls_while_files_wait(client, drafter, agency):
    batch = imports.import_batch_create(
        unit=agency.unit, actor=drafter, uploads=[imports.Upload(name="a.pdf", file=pdf_upload("bps-014"))]
    )  # not read yet: no commit
    client.force_login(drafter)
    part = client.get(reverse("digitise:progress", args=[batch.pk]))
    assert part.status_code == 200 and part.context["done"] == 0 and part.context["total"] == 1
    assert 'hx-trigger="every 2s"' in part.content.decode()


def test_import_review_shows_the_original_pages_beside_the_result(client, drafter, imported):
    client.force_login(drafter)
    page = client.get(imported.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("digitise:page", args=[imported.pk, 2]) in html
    assert "Langkah 3 (keputusan)" in html and "table-warning" in html  # the doubtful step is marked
    assert reverse("sop:edit_steps", args=[imported.version.sop_id, imported.version_id]) in html
    image = client.get(reverse("digitise:page", args=[imported.pk, 1]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"
    assert client.get(reverse("digitise:page", args=[imported.pk, 3])).status_code == 404
    original = client.get(reverse("digitise:original", args=[imported.pk]))
    assert original.content == sample("bps-022").read_bytes() and original["X-Content-Type-Options"] == "nosniff"
    detail = client.get(imported.version.get_absolute_url())
    assert imported.get_absolute_url() in detail.content.decode()  # the draft links back to its original


@pytest.mark.parametrize("role", ["outsider", "reviewer"])
def test_import_review_is_hidden_from_others(client, role, request, imported):
    client.force_login(request.getfixturevalue(role))
    for url in (
        imported.get_absolute_url(),
        reverse("digitise:page", args=[imported.pk, 1]),
        reverse("digitise:original", args=[imported.pk]),
        imported.batch.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url
