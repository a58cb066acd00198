"""Periodic review: the due date follows the version in force, and a review records its outcome."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring import services
from monitoring.models import PeriodicReview, ReviewOutcome
from sop import services as sop_services
from sop.models import SOPVersion, VersionStatus, add_months
from tests.conftest import at
from workflow import services as workflow_services

DAY = datetime.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 12, 31), 2, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 5, 15), 12, datetime.date(2027, 5, 15)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.django_db
def test_review_due_date_is_effective_date_plus_review_period(in_force):
    sop = in_force(DAY).sop
    assert (sop.review_cycle_start, sop.review_due_on) == (DAY, datetime.date(2027, 1, 31))


@pytest.mark.django_db
def test_review_period_change_moves_the_due_date_of_the_running_cycle(in_force, author):
    sop = in_force(DAY).sop
    sop_services.sop_update(sop=sop, actor=author, title=sop.title, is_public_service=False, review_period_months=6)
    sop.refresh_from_db()
    assert sop.review_due_on == datetime.date(2026, 7, 31)


@pytest.mark.django_db
def test_revoking_the_version_in_force_ends_the_review_cycle(in_force, head):
    version = in_force(DAY)
    workflow_services.version_revoke(version=version, actor=head, reason="Tidak dipakai lagi")
    version.sop.refresh_from_db()
    assert (version.sop.review_cycle_start, version.sop.review_due_on) == (None, None)


@pytest.mark.django_db
def test_still_valid_review_starts_a_new_cycle_and_keeps_the_version(in_force, reviewer):
    version = in_force(DAY)
    review_day = datetime.date(2027, 1, 20)
    with time_machine.travel(at(review_day), tick=False):
        review = services.review_record(sop=version.sop, actor=reviewer, outcome=ReviewOutcome.STILL_VALID)
    version.sop.refresh_from_db()
    assert version.sop.review_due_on == review.next_due_on == datetime.date(2028, 1, 20)
    assert review.due_on == datetime.date(2027, 1, 31) and review.version == version and review.revision is None
    assert list(version.sop.versions.values_list("status", flat=True)) == [VersionStatus.IN_FORCE]


@pytest.mark.django_db
def test_needs_revision_review_opens_a_revision_draft_and_keeps_the_due_date(in_force, drafter):
    version = in_force(DAY)
    review = services.review_record(
        sop=version.sop, actor=drafter, outcome=ReviewOutcome.NEEDS_REVISION, note="Dasar hukum sudah diganti."
    )
    draft = review.revision
    assert (draft.status, draft.revision, draft.created_by) == (VersionStatus.DRAFT, 1, drafter)
    assert draft.steps.count() == version.steps.count()
    version.sop.refresh_from_db()
    assert version.sop.review_due_on == datetime.date(2027, 1, 31)  # due until the revision is in force


@pytest.mark.django_db
def test_needs_revision_links_the_draft_already_open(in_force, author, drafter):
    version = in_force(DAY)
    open_draft = sop_services.version_revise(
        sop=version.sop, actor=author, reason="lainnya", summary="Perbaikan untuk pengujian"
    )
    review = services.review_record(sop=version.sop, actor=drafter, outcome=ReviewOutcome.NEEDS_REVISION, note="Ubah")
    assert review.revision == open_draft
    assert SOPVersion.objects.filter(sop=version.sop).count() == 2


@pytest.mark.django_db
def test_head_review_opens_a_draft_without_author_so_the_head_may_establish_it(in_force, head):
    version = in_force(DAY)
    review = services.review_record(sop=version.sop, actor=head, outcome=ReviewOutcome.NEEDS_REVISION, note="Ubah")
    assert (review.revision.created_by, review.revision.updated_by) == (None, None)


@pytest.mark.django_db
def test_revision_in_force_starts_the_next_cycle_from_its_effective_date(in_force, drafter, head):
    version = in_force(DAY)
    draft = services.review_record(
        sop=version.sop, actor=drafter, outcome=ReviewOutcome.NEEDS_REVISION, note="Ubah"
    ).revision
    SOPVersion.objects.filter(pk=draft.pk).update(status=VersionStatus.AWAITING_ESTABLISHMENT)
    later = datetime.date(2027, 2, 10)
    with time_machine.travel(at(later), tick=False):
        workflow_services.version_establish(version=draft, actor=head, effective_date=later, reauthenticated=True)
    version.sop.refresh_from_db()
    assert version.sop.review_due_on == datetime.date(2028, 2, 10)


@pytest.mark.django_db
def test_needs_revision_without_a_note_is_refused_and_changes_nothing(in_force, drafter):
    version = in_force(DAY)
    with pytest.raises(ValidationError) as error:
        services.review_record(sop=version.sop, actor=drafter, outcome=ReviewOutcome.NEEDS_REVISION, note="  ")
    assert "note" in error.value.message_dict
    assert not PeriodicReview.objects.exists() and version.sop.versions.count() == 1


@pytest.mark.django_db
def test_unknown_outcome_is_refused(in_force, drafter):
    with pytest.raises(ValidationError):
        services.review_record(sop=in_force(DAY).sop, actor=drafter, outcome="entahlah")


@pytest.mark.django_db
def test_review_of_an_sop_not_in_force_is_refused(make_version, drafter):
    with pytest.raises(ValidationError):
        services.review_record(sop=make_version("draft").sop, actor=drafter, outcome=ReviewOutcome.STILL_VALID)


@pytest.mark.django_db
def test_review_by_someone_of_another_unit_is_refused(in_force, agency):
    from org.models import Role
    from tests.factories import UserFactory, grant

    stranger = UserFactory(username="asing")
    grant(stranger, agency.other, Role.HEAD)
    with pytest.raises(PermissionDenied):
        services.review_record(sop=in_force(DAY).sop, actor=stranger, outcome=ReviewOutcome.STILL_VALID)
    assert not PeriodicReview.objects.exists()


@pytest.mark.django_db
def test_review_form_records_and_the_sop_page_shows_who_when_outcome_and_note(client, in_force, reviewer):
    version = in_force(DAY)
    client.force_login(reviewer)
    page = client.get(version.get_absolute_url())
    assert b'id="reviu-berkala"' in page.content and b'name="outcome"' in page.content
    response = client.post(
        reverse("monitoring:review_record", args=[version.sop_id]),
        {"outcome": ReviewOutcome.STILL_VALID, "note": "Masih dipakai tanpa kendala."},
        follow=True,
    )
    text = response.content.decode()
    assert "Hasil reviu tersimpan" in text
    assert reviewer.get_full_name() in text and "Masih dipakai tanpa kendala." in text and "Masih sesuai" in text


@pytest.mark.django_db
def test_review_form_with_missing_note_shows_the_message(client, in_force, drafter):
    version = in_force(DAY)
    client.force_login(drafter)
    response = client.post(
        reverse("monitoring:review_record", args=[version.sop_id]),
        {"outcome": ReviewOutcome.NEEDS_REVISION},
        follow=True,
    )
    assert "Tuliskan bagian yang perlu direvisi." in response.content.decode()
    assert not PeriodicReview.objects.exists()


@pytest.mark.django_db
def test_review_form_is_404_for_an_sop_the_user_cannot_see(client, in_force, agency):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="tamu"))
    sop = in_force(DAY).sop
    response = client.post(reverse("monitoring:review_record", args=[sop.pk]), {"outcome": ReviewOutcome.STILL_VALID})
    assert response.status_code == 404


@pytest.mark.django_db
def test_review_panel_has_no_form_for_readers_without_a_role(client, in_force, unit_admin):
    version = in_force(DAY)
    client.force_login(unit_admin)
    page = client.get(version.get_absolute_url())
    assert b'id="reviu-berkala"' in page.content and b'name="outcome"' not in page.content
