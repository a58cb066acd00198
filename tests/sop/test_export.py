"""The PDFs of a list's SOPs in force as one ZIP, made in the background with its progress shown."""

import datetime
import io
import subprocess
import zipfile

import pytest
from django.urls import reverse

from sop.models import ExportJob
from tests.factories import UserFactory

DAY = datetime.date(2026, 3, 2)


def _zip(client, job) -> zipfile.ZipFile:
    response = client.get(reverse("sop:export_file", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_export_puts_the_pdf_of_each_sop_in_force_of_the_list_in_one_zip(
    client, in_force, make_version, author, django_capture_on_commit_callbacks
):
    first, second = in_force(DAY), in_force(DAY)
    draft = make_version("draft")
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sop:export_start"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.skipped) == ("done", 2, 2, [draft.sop.number])
    archive = _zip(client, job)
    pdfs = sorted(n for n in archive.namelist() if n.endswith(".pdf"))
    expected = sorted(f"{v.sop.number}-rev0".replace("/", "-") + ".pdf" for v in (first, second))
    assert pdfs == expected
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=archive.read(pdfs[0]), capture_output=True, check=True
    ).stdout.decode()
    assert min(first.sop.number, second.sop.number) in text
    listing = archive.read("DAFTAR.txt").decode()
    assert "Tanpa versi berlaku" in listing and draft.sop.number in listing


@pytest.mark.django_db
def test_export_takes_the_filters_of_the_list(client, in_force, author, django_capture_on_commit_callbacks):
    first, _other = in_force(DAY), in_force(DAY)
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("sop:export_start") + f"?q={first.sop.number}")
    job = ExportJob.objects.get()
    assert job.sop_ids == [first.sop_id]


@pytest.mark.django_db
def test_export_of_an_empty_list_is_refused_with_a_message(client, author):
    client.force_login(author)
    response = client.post(reverse("sop:export_start"), follow=True)
    assert "Daftar ini kosong" in response.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_export_page_and_file_are_the_requesters_only(client, in_force, author, django_capture_on_commit_callbacks):
    in_force(DAY)
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("sop:export_start"))
    job = ExportJob.objects.get()
    client.force_login(UserFactory())
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("sop:export_file", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_export_progress_polls_until_finished(client, in_force, author):
    in_force(DAY)
    client.force_login(author)
    client.post(reverse("sop:export_start"))  # not committed in this test: the job waits
    job = ExportJob.objects.get()
    part = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith("<div") and 'hx-trigger="every 2s"' in part and "Menunggu giliran" in part
    from sop.tasks import build_export

    assert build_export(job_id=job.pk) == 1
    assert build_export(job_id=job.pk) == 0  # taken once
    part = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in part and 'id="export-download"' in part and 'aria-valuenow="100"' in part
