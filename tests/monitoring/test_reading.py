"""Sosialisasi: the staff are asked to read each version in force, confirm it, and are reminded."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring import services
from monitoring.indicators import unit_figures
from monitoring.models import ReadRequest
from monitoring.selectors import reading_by_person, reading_by_sop, reading_count
from monitoring.tasks import send_read_invitations, send_weekly_read_reminders, sync_read_requests
from org.models import Role
from sop import services as sop_services
from tests.conftest import at
from tests.factories import UserFactory, grant
from workflow import services as workflow_services

EFFECTIVE = datetime.date(2026, 3, 2)


@pytest.fixture
def staff(agency, author, head):
    """Staff of the unit and of its sub-unit, someone above, someone beside, and a former employee."""
    sub_staff = UserFactory(username="staf_bidang")
    grant(sub_staff, agency.sub, Role.DRAFTER)
    above = UserFactory(username="staf_induk")
    grant(above, agency.root, Role.REVIEWER)
    beside = UserFactory(username="staf_lain")
    grant(beside, agency.other, Role.DRAFTER)
    gone = UserFactory(username="pensiun", is_active=False)
    grant(gone, agency.unit, Role.DRAFTER)
    return {"author": author, "head": head, "sub": sub_staff, "above": above, "beside": beside, "gone": gone}


def asked(version) -> set[str]:
    return set(ReadRequest.objects.filter(version=version).values_list("user__username", flat=True))


@pytest.mark.django_db
def test_staff_of_the_unit_and_its_sub_units_are_asked_to_read_a_version_in_force(in_force, staff):
    version = in_force(EFFECTIVE)
    assert sync_read_requests() == 3
    assert asked(version) == {"penulis", "pengesah", "staf_bidang"}  # not above, beside, nor inactive


@pytest.mark.django_db
def test_each_person_gets_one_invitation_listing_the_sops_and_never_twice(
    in_force, staff, django_capture_on_commit_callbacks
):
    first, second = in_force(EFFECTIVE), in_force(EFFECTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        sync_read_requests()
    invitations = [m for m in mail.outbox if "Mohon baca" in m.subject]
    assert sorted(m.to[0] for m in invitations) == sorted(
        staff[k].email for k in ("author", "head", "sub")
    )  # one e-mail a person, both SOPs in it
    assert all(first.sop.number in m.body and second.sop.number in m.body for m in invitations)
    assert send_read_invitations() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sync_read_requests() == 0
    assert len([m for m in mail.outbox if "Mohon baca" in m.subject]) == 3


@pytest.mark.django_db
def test_confirmation_is_for_that_exact_version_and_a_new_version_asks_again(in_force, make_version, staff, head):
    version = in_force(EFFECTIVE)
    sync_read_requests()
    sub = staff["sub"]
    first = services.read_confirm(version=version, actor=sub)
    again = services.read_confirm(version=version, actor=sub)
    assert first.confirmed_at is not None and again.confirmed_at == first.confirmed_at  # the first time counts
    assert reading_count(sub) == 0

    revision = sop_services.revision_open(
        sop=version.sop, author=staff["author"], reason="lainnya", summary="Perbaikan untuk pengujian"
    )
    revision.status = "awaiting"
    revision.save(update_fields=["status"])
    workflow_services.version_establish(
        version=revision, actor=head, effective_date=datetime.date.today(), reauthenticated=True
    )
    sync_read_requests()
    assert reading_count(sub) == 1  # the new revision waits for a new confirmation
    assert ReadRequest.objects.get(version=version, user=sub).confirmed_at == first.confirmed_at
    with pytest.raises(ValidationError):  # the superseded version is no longer asked for
        services.read_confirm(version=version, actor=sub)
    services.read_confirm(version=revision, actor=sub)
    assert reading_count(sub) == 0


@pytest.mark.django_db
def test_someone_not_asked_cannot_confirm(in_force, staff):
    version = in_force(EFFECTIVE)
    with pytest.raises(PermissionDenied):
        services.read_confirm(version=version, actor=staff["beside"])
    assert not ReadRequest.objects.filter(user=staff["beside"]).exists()


@pytest.mark.django_db
def test_confirming_before_the_job_ran_asks_everyone_at_once(in_force, staff):
    version = in_force(EFFECTIVE)
    services.read_confirm(version=version, actor=staff["sub"])
    assert asked(version) == {"penulis", "pengesah", "staf_bidang"}


@pytest.mark.django_db
def test_newcomers_are_asked_by_the_daily_full_run_not_the_frequent_one(in_force, staff, agency):
    version = in_force(EFFECTIVE)
    sync_read_requests()
    newcomer = UserFactory(username="pegawai_baru")
    grant(newcomer, agency.sub, Role.REVIEWER)
    assert sync_read_requests(fresh_only=True) == 0
    assert sync_read_requests(fresh_only=False) == 1
    assert "pegawai_baru" in asked(version)


@pytest.mark.django_db
def test_head_adds_another_unit_whose_staff_are_asked_at_once(in_force, staff, agency, head):
    version = in_force(EFFECTIVE)
    services.reading_unit_add(sop=version.sop, unit=agency.other, actor=head)
    assert "staf_lain" in asked(version)
    with pytest.raises(ValidationError):  # the own sub-unit is asked already
        services.reading_unit_add(sop=version.sop, unit=agency.sub, actor=head)
    for refused in (staff["author"], staff["above"]):
        with pytest.raises(PermissionDenied):
            services.reading_unit_add(sop=version.sop, unit=agency.root, actor=refused)


@pytest.mark.django_db
def test_weekly_reminder_goes_to_those_who_have_not_confirmed_once_a_week(
    in_force, staff, django_capture_on_commit_callbacks
):
    version = in_force(EFFECTIVE)
    start = at(EFFECTIVE, 8)
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        sync_read_requests()
    services.read_confirm(version=version, actor=staff["author"])
    mail.outbox.clear()

    def run(days: int) -> list[str]:
        with (
            time_machine.travel(start + datetime.timedelta(days=days, hours=1), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            send_weekly_read_reminders()
        sent = sorted(m.to[0] for m in mail.outbox)
        mail.outbox.clear()
        return sent

    unconfirmed = sorted([staff["head"].email, staff["sub"].email])
    assert run(6) == []
    assert run(7) == unconfirmed
    assert run(7) == []  # the same day again: nothing twice
    assert run(10) == []
    assert run(14) == unconfirmed
    assert all("Pengingat" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_reminder_button_reminds_the_unconfirmed_once_a_day(
    client, in_force, staff, head, django_capture_on_commit_callbacks
):
    version = in_force(EFFECTIVE)
    sync_read_requests()
    services.read_confirm(version=version, actor=staff["sub"])
    client.force_login(head)
    url = reverse("monitoring:read_remind", args=[version.sop_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Pengingat dikirim kepada 2 orang" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, staff["author"].email])
    response = client.post(url, follow=True)
    assert "24 jam terakhir" in response.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [("head", 200), ("unit_admin", 200), ("drafter", 403), ("reviewer", 403)])
def test_per_sop_reading_page_is_for_heads_and_unit_admins(client, in_force, request, who, status):
    version = in_force(EFFECTIVE)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("monitoring:reading_sop", args=[version.sop_id])).status_code == status
    assert client.get(reverse("monitoring:reading_unit")).status_code == status


@pytest.mark.django_db
def test_per_sop_reading_page_is_404_outside_the_unit(client, in_force, outsider):
    version = in_force(EFFECTIVE)
    client.force_login(outsider)
    assert client.get(reverse("monitoring:reading_sop", args=[version.sop_id])).status_code == 404
    assert client.post(reverse("monitoring:read_remind", args=[version.sop_id])).status_code == 404


@pytest.mark.django_db
def test_head_sees_per_sop_and_per_person_who_has_and_has_not_confirmed(client, in_force, staff, head, agency):
    first, second = in_force(EFFECTIVE), in_force(EFFECTIVE, unit=agency.sub)
    sync_read_requests()
    services.read_confirm(version=first, actor=staff["sub"])
    by_sop = {s.pk: (s.confirmed, s.asked) for s in reading_by_sop(agency.unit)}
    # The sub-unit's SOP is asked of the sub-unit's staff only; the unit's of both.
    assert by_sop == {first.sop_id: (1, 3), second.sop_id: (0, 1)}
    by_person = {
        r.user.username: (r.confirmed, r.asked, [s.pk for s in r.unread]) for r in reading_by_person(agency.unit)
    }
    assert by_person["staf_bidang"] == (1, 2, [second.sop_id])
    assert by_person["penulis"] == (0, 1, [first.sop_id])
    client.force_login(head)
    page = client.get(reverse("monitoring:reading_sop", args=[first.sop_id])).content.decode()
    assert "1 dari 3 orang sudah menyatakan membaca" in page
    assert staff["sub"].full_name in page


@pytest.mark.django_db
def test_reader_confirms_from_the_sop_page_and_the_badge_goes(client, in_force, staff):
    version = in_force(EFFECTIVE)
    sync_read_requests()
    client.force_login(staff["sub"])
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Saya sudah membaca dan memahami" in page
    assert "1 SOP belum dibaca" in page
    client.post(reverse("monitoring:read_confirm", args=[version.sop_id, version.pk]))
    page = client.get(reverse("monitoring:reading_list")).content.decode()
    assert "Semua SOP yang diminta sudah Anda baca" in page
    assert "SOP belum dibaca" not in page


@pytest.mark.django_db
def test_share_of_confirmations_feeds_the_dashboard_figures(in_force, staff, agency):
    version = in_force(EFFECTIVE)
    sync_read_requests()
    services.read_confirm(version=version, actor=staff["sub"])
    figures = unit_figures()
    assert (figures[agency.unit.pk].reads_requested, figures[agency.unit.pk].reads_confirmed) == (3, 1)
    assert figures[agency.root.pk].read_share == pytest.approx(0.333)
    assert figures[agency.other.pk].read_share is None
