"""Change control: a revision records why it was opened and what it changes; the record comes from
the evaluation, review, feedback or complaint that asked for it, and stands in the SOP's history, on
the reviewers' and the head's pages, in the read request and in the printed «Riwayat perubahan»."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring import services as monitoring
from monitoring.tasks import sync_read_requests
from sop import documents, selectors
from sop import services as sop_services
from sop.content import content_of
from sop.models import VersionStatus
from tests.conftest import VALID_STEPS, at
from tests.sop.test_pdf import text_of, words
from workflow import services as workflow

EFFECTIVE = datetime.date(2026, 3, 2)
SUMMARY = "Menyesuaikan dengan Perbup 12/2026: verifikasi berkas menjadi 2 hari kerja."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def revised(first, author, head, reviewer, *, day=EFFECTIVE + datetime.timedelta(days=30)):
    """Revision 1 of ``first``, opened for a change of regulation, checked and established on ``day``."""
    draft = sop_services.version_revise(sop=first.sop, actor=author, reason="regulasi", summary=SUMMARY)
    sop_services.version_replace_procedure(
        version=draft, actor=author, actors=["Loket", "Kepala Seksi"], steps=VALID_STEPS
    )
    with time_machine.travel(at(day), tick=False):
        workflow.version_submit(version=draft, actor=author)
        workflow.version_pass(version=draft, actor=reviewer)
        workflow.version_establish(version=draft, actor=head, effective_date=day, reauthenticated=True)
    draft.refresh_from_db()
    return draft


@pytest.mark.django_db
def test_revision_records_why_and_what_then_history_pages_and_pdf_show_it(client, in_force, author, head, reviewer):
    first = in_force(EFFECTIVE)
    second = revised(first, author, head, reviewer)
    assert (second.change_reason, second.change_summary) == ("regulasi", SUMMARY)
    client.force_login(head)
    history = client.get(reverse("workflow:history", args=[first.sop_id])).content.decode()
    assert "Perubahan regulasi:" in history and SUMMARY in history
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Alasan perubahan" in page and SUMMARY in page
    loaded = selectors.load_version_content(second.pk)
    text = words(text_of(documents.version_pdf(loaded, content_of(loaded))))
    assert "RIWAYAT PERUBAHAN" in text
    assert "0 2 Maret 2026 Penetapan awal" in text and f"1 1 April 2026 {SUMMARY}" in text
    # Revision 0 changed nothing: no table.
    loaded = selectors.load_version_content(first.pk)
    assert "RIWAYAT PERUBAHAN" not in text_of(documents.version_pdf(loaded, content_of(loaded)))


@pytest.mark.django_db
def test_reviewer_and_head_see_the_change_record_before_they_judge(client, in_force, author, head, reviewer):
    first = in_force(EFFECTIVE)
    draft = sop_services.version_revise(sop=first.sop, actor=author, reason="audit", summary="Temuan Inspektorat 2026")
    workflow.version_submit(version=draft, actor=author)
    client.force_login(reviewer)
    assert "Temuan audit" in client.get(draft.get_absolute_url()).content.decode()
    workflow.version_pass(version=draft, actor=reviewer)
    client.force_login(head)
    establish = client.get(reverse("workflow:establish", args=[draft.sop_id, draft.pk])).content.decode()
    assert 'id="change-record"' in establish and "Temuan Inspektorat 2026" in establish


@pytest.mark.django_db
def test_read_request_says_what_changed(in_force, author, head, reviewer, django_capture_on_commit_callbacks):
    first = in_force(EFFECTIVE)
    revised(first, author, head, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        sync_read_requests()
    invitation = next(m for m in mail.outbox if "Mohon baca" in m.subject and author.email in m.to)
    assert f"Apa yang berubah: {SUMMARY}" in invitation.body


@pytest.mark.django_db
def test_revision_from_feedback_complaint_review_and_evaluation_is_filled_in_from_it(
    in_force, author, head, drafter, outsider
):
    first = in_force(EFFECTIVE)
    feedback = monitoring.feedback_send(sop=first.sop, actor=outsider, kind="saran", text="Formulir terlalu panjang")
    draft = monitoring.feedback_link_revision(feedback=feedback, actor=drafter)
    assert (draft.change_reason, draft.change_summary) == ("masukan", "Masukan: Formulir terlalu panjang")

    other = in_force(EFFECTIVE)
    review = monitoring.review_record(sop=other.sop, actor=head, outcome="perlu_revisi", note="Dasar hukum berubah")
    assert review.revision.change_reason == "evaluasi"
    assert review.revision.change_summary == "Reviu berkala: Dasar hukum berubah"
    assert review.revision.status == VersionStatus.DRAFT


@pytest.mark.django_db
def test_a_long_complaint_makes_a_summary_of_at_most_300_characters(in_force, drafter):
    version = in_force(EFFECTIVE)
    version.sop.is_public_service = True
    version.sop.save(update_fields=["is_public_service"])
    complaint = monitoring.complaint_submit(sop=version.sop, text="Antrean sangat lama. " * 40)
    draft = monitoring.feedback_link_revision(feedback=complaint, actor=drafter)
    assert version.sop.versions.count() == 2
    assert draft.change_reason == "pengaduan" and draft.change_summary.startswith(
        f"Pengaduan {complaint.tracking_code}:"
    )
    assert len(draft.change_summary) == 300 and draft.change_summary.endswith("…")


@pytest.mark.django_db
def test_revision_without_reason_or_summary_is_refused_by_the_service(in_force, author):
    first = in_force(EFFECTIVE)
    for reason, summary in (("", SUMMARY), ("bukan-alasan", SUMMARY), ("regulasi", "  "), ("regulasi", "x" * 301)):
        with pytest.raises(ValidationError):
            sop_services.version_revise(sop=first.sop, actor=author, reason=reason, summary=summary)
    assert first.sop.versions.count() == 1


@pytest.mark.django_db
def test_revision_from_an_evaluation_names_its_unmet_criteria(in_force, head):
    first = in_force(EFFECTIVE)
    answers = [True, False, True, True, False, True, True]
    notes = ["", "Pelaksana belum sesuai struktur baru", "", "", "Waktu tidak realistis", "", ""]
    evaluation = monitoring.evaluation_record(
        sop=first.sop, actor=head, date=datetime.date(2026, 6, 1), answers=answers, notes=notes
    )
    draft = monitoring.evaluation_open_revision(evaluation=evaluation, actor=head)
    assert draft.change_reason == "evaluasi"
    assert draft.change_summary == "Evaluasi 2026-06-01: Pelaksana belum sesuai struktur baru; Waktu tidak realistis"
