"""Feedback from the floor on SOPs in force: who may send, who answers, links to the next revision."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring import services
from monitoring.models import Feedback
from monitoring.selectors import feedback_inbox
from monitoring.tasks import send_feedback_email
from sop.models import VersionStatus
from tests.factories import SOPVersionFactory

EFFECTIVE = datetime.date(2026, 3, 2)


@pytest.fixture
def public_in_force(in_force):
    version = in_force(EFFECTIVE)
    version.sop.is_public_service = True
    version.sop.save(update_fields=["is_public_service"])
    return version


@pytest.mark.django_db
def test_anyone_who_may_read_the_sop_sends_feedback_and_the_unit_is_told(
    client, public_in_force, outsider, author, head, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    url = reverse("monitoring:feedback_send", args=[public_in_force.sop_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "masalah", "text": "Loket tutup pukul 14.00"}, follow=True)
    assert "Masukan terkirim" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.version, feedback.kind) == (outsider, public_in_force, "masalah")
    told = [m.to[0] for m in mail.outbox if "Masukan baru" in m.subject]
    assert sorted(told) == sorted([author.email, head.email])  # the unit's drafters and head, not the sender
    assert send_feedback_email(feedback_id=feedback.pk) == 0  # never twice


@pytest.mark.django_db
def test_feedback_on_an_internal_sop_of_another_unit_is_404(client, in_force, outsider):
    version = in_force(EFFECTIVE)
    client.force_login(outsider)
    url = reverse("monitoring:feedback_send", args=[version.sop_id])
    assert client.post(url, {"kind": "saran", "text": "x"}).status_code == 404
    assert not Feedback.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "text", "field"),
    [("saran", "   ", "text"), ("lain", "Isi", "kind"), ("saran", "x" * 4001, "text"), ("pengaduan", "Isi", "kind")],
)
def test_feedback_needs_a_kind_and_text_and_keeps_nothing_when_wrong(public_in_force, outsider, kind, text, field):
    with pytest.raises(ValidationError) as error:
        services.feedback_send(sop=public_in_force.sop, actor=outsider, kind=kind, text=text)
    assert field in error.value.message_dict
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_bad_feedback_from_the_page_keeps_the_typed_text(client, public_in_force, outsider):
    client.force_login(outsider)
    url = reverse("monitoring:feedback_send", args=[public_in_force.sop_id])
    page = client.post(url, {"kind": "lain", "text": "Teks yang saya ketik"}, follow=True).content.decode()
    assert "Pilih jenis masukan" in page and "Teks yang saya ketik</textarea>" in page


@pytest.mark.django_db
def test_feedback_needs_a_version_in_force(make_version, drafter):
    version = make_version("draft")
    with pytest.raises(ValidationError):
        services.feedback_send(sop=version.sop, actor=drafter, kind="saran", text="Isi")


@pytest.mark.django_db
def test_drafters_and_head_answer_and_the_author_is_told(
    client, public_in_force, outsider, drafter, django_capture_on_commit_callbacks
):
    feedback = services.feedback_send(sop=public_in_force.sop, actor=outsider, kind="saran", text="Tambah loket")
    client.force_login(drafter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:feedback_answer", args=[feedback.pk]), {"answer": "Akan dibahas"})
    feedback.refresh_from_db()
    assert (feedback.answer, feedback.answered_by) == ("Akan dibahas", drafter)
    (message,) = [m for m in mail.outbox if "dijawab" in m.subject]
    assert message.to == [outsider.email] and "Akan dibahas" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reviewer", "unit_admin", "outsider"])
def test_others_cannot_answer_feedback(public_in_force, author, request, who):
    feedback = services.feedback_send(sop=public_in_force.sop, actor=author, kind="saran", text="Isi")
    with pytest.raises(PermissionDenied):
        services.feedback_answer(feedback=feedback, actor=request.getfixturevalue(who), answer="Tidak")
    with pytest.raises(PermissionDenied):
        services.feedback_link_revision(feedback=feedback, actor=request.getfixturevalue(who))


@pytest.mark.django_db
def test_feedback_is_linked_to_the_next_revision_once(public_in_force, outsider, drafter):
    feedback = services.feedback_send(sop=public_in_force.sop, actor=outsider, kind="masalah", text="Isi")
    draft = services.feedback_link_revision(feedback=feedback, actor=drafter)
    assert draft.status == VersionStatus.DRAFT and draft.revision == 1
    assert services.feedback_link_revision(feedback=feedback, actor=drafter) == draft
    other = services.feedback_send(sop=public_in_force.sop, actor=outsider, kind="saran", text="Lain")
    assert services.feedback_link_revision(feedback=other, actor=drafter) == draft  # the open draft, no second one
    assert public_in_force.sop.versions.count() == 2


@pytest.mark.django_db
def test_inbox_shows_the_feedback_of_the_own_units_only(client, public_in_force, outsider, drafter, agency):
    ours = services.feedback_send(sop=public_in_force.sop, actor=outsider, kind="saran", text="Milik kami")
    theirs_version = SOPVersionFactory(sop__unit=agency.other, in_force=True)
    theirs = services.feedback_send(sop=theirs_version.sop, actor=outsider, kind="saran", text="Milik lain")
    assert list(feedback_inbox(drafter)) == [ours]
    assert theirs in feedback_inbox(outsider)
    client.force_login(drafter)
    page = client.get(reverse("monitoring:feedback_inbox")).content.decode()
    assert "Milik kami" in page and "Milik lain" not in page


@pytest.mark.django_db
def test_inbox_is_refused_to_reviewers(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("monitoring:feedback_inbox")).status_code == 403


@pytest.mark.django_db
def test_sop_page_shows_all_feedback_to_the_unit_and_only_their_own_to_others(
    client, public_in_force, outsider, drafter, author
):
    services.feedback_send(sop=public_in_force.sop, actor=outsider, kind="saran", text="Dari luar")
    services.feedback_send(sop=public_in_force.sop, actor=author, kind="saran", text="Dari dalam")
    client.force_login(drafter)
    page = client.get(public_in_force.get_absolute_url()).content.decode()
    assert "Dari luar" in page and "Dari dalam" in page
    client.force_login(outsider)
    page = client.get(public_in_force.get_absolute_url()).content.decode()
    assert "Dari luar" in page and "Dari dalam" not in page
