"""Monitoring rounds and evaluations of SOPs in force (Permen PANRB 35/2012 forms)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring import services
from monitoring.models import Evaluation, Monitoring
from monitoring.selectors import monitoring_round
from org.models import Role
from sop.models import VersionStatus
from tests.conftest import at
from tests.factories import UserFactory, grant

TODAY = datetime.date(2026, 11, 23)
ALL_YES = {f"c{n}": "ya" for n in range(1, 8)}


def row(sop, **fields):
    return services.MonitoringInput(sop_id=sop.pk, **{"method": "observasi", "runs_well": True, **fields})


@pytest.fixture
def two_in_force(in_force, agency):
    return in_force(datetime.date(2026, 1, 5)).sop, in_force(datetime.date(2026, 2, 5), unit=agency.sub).sop


@pytest.mark.django_db
def test_round_lists_every_sop_in_force_with_its_latest_monitoring_and_due_flag(two_in_force, reviewer, agency):
    first, second = two_in_force
    services.monitorings_record(actor=reviewer, date=datetime.date(2026, 5, 20), rows=[row(first)])
    services.monitorings_record(
        actor=reviewer,
        date=datetime.date(2026, 9, 1),
        rows=[row(first, runs_well=False, assessment_note="Antrean", action="Tambah loket")],
    )
    sops = {s.pk: s for s in monitoring_round(agency.unit, TODAY)}
    assert set(sops) == {first.pk, second.pk}
    assert (sops[first.pk].last_monitored, sops[first.pk].last_runs_well) == (datetime.date(2026, 9, 1), False)
    assert sops[first.pk].monitoring_due is False
    assert (sops[second.pk].last_monitored, sops[second.pk].monitoring_due) == (None, True)
    # Six months after the last monitoring it is due again.
    assert {s.pk: s.monitoring_due for s in monitoring_round(agency.unit, datetime.date(2027, 3, 1))}[first.pk]


@pytest.mark.django_db
def test_monitoring_not_running_well_needs_note_and_action_and_saves_nothing(two_in_force, reviewer):
    first, second = two_in_force
    with pytest.raises(ValidationError):
        services.monitorings_record(
            actor=reviewer, date=TODAY, rows=[row(first), row(second, runs_well=False, assessment_note="Lambat")]
        )
    assert not Monitoring.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DRAFTER, Role.UNIT_ADMIN])
def test_monitoring_by_staff_without_reviewer_or_head_role_is_refused(two_in_force, agency, role):
    user = UserFactory(username=f"staf-{role}")
    grant(user, agency.unit, role)
    with pytest.raises(PermissionDenied):
        services.monitorings_record(actor=user, date=TODAY, rows=[row(two_in_force[0])])


@pytest.mark.django_db
def test_monitoring_in_the_future_is_refused(two_in_force, reviewer):
    with pytest.raises(ValidationError):
        services.monitorings_record(actor=reviewer, date=datetime.date.today() + datetime.timedelta(days=2), rows=[])


@pytest.mark.django_db
def test_round_page_saves_the_filled_rows_only(client, two_in_force, head):
    first, _second = two_in_force
    client.force_login(head)
    response = client.post(
        reverse("monitoring:round"),
        {
            "date": "2026-11-20",
            f"s{first.pk}-method": "wawancara_pelaksana",
            f"s{first.pk}-assessment": "tidak",
            f"s{first.pk}-assessment_note": "Waktu layanan melebihi baku mutu",
            f"s{first.pk}-action": "Tambah petugas loket",
        },
        follow=True,
    )
    assert "1 hasil pemantauan tersimpan." in response.content.decode()
    saved = Monitoring.objects.get()
    assert (saved.sop, saved.runs_well, saved.assessor, saved.date) == (first, False, head, datetime.date(2026, 11, 20))
    assert saved.version.status == VersionStatus.IN_FORCE


@pytest.mark.django_db
def test_round_page_with_a_bad_row_keeps_the_input_and_saves_nothing(client, two_in_force, head):
    first, second = two_in_force
    client.force_login(head)
    response = client.post(
        reverse("monitoring:round"),
        {
            "date": "2026-11-20",
            f"s{first.pk}-method": "observasi",
            f"s{first.pk}-assessment": "baik",
            f"s{second.pk}-assessment": "tidak",
            f"s{second.pk}-assessment_note": "Catatan yang tidak boleh hilang",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Pilih metode pemantauan." in text and "Tuliskan tindakan yang harus diambil." in text
    assert "Catatan yang tidak boleh hilang" in text
    assert not Monitoring.objects.exists()


@pytest.mark.django_db
def test_round_page_is_refused_to_drafters(client, drafter):
    client.force_login(drafter)
    assert client.get(reverse("monitoring:round")).status_code == 403


@pytest.mark.django_db
def test_evaluation_with_all_criteria_met_is_recorded(client, two_in_force, reviewer):
    sop = two_in_force[0]
    client.force_login(reviewer)
    response = client.post(
        reverse("monitoring:evaluate", args=[sop.pk]), {"date": "2026-11-20", **ALL_YES}, follow=True
    )
    assert "semua kriteria terpenuhi" in response.content.decode()
    evaluation = Evaluation.objects.get()
    assert evaluation.all_met and evaluation.answers == [True] * 7 and evaluation.evaluator == reviewer


@pytest.mark.django_db
def test_evaluation_tidak_needs_a_note(client, two_in_force, reviewer):
    sop = two_in_force[0]
    client.force_login(reviewer)
    response = client.post(
        reverse("monitoring:evaluate", args=[sop.pk]), {"date": "2026-11-20", **ALL_YES, "c3": "tidak"}
    )
    assert response.status_code == 400 and "Tuliskan catatan untuk jawaban «Tidak»." in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.mark.django_db
def test_one_evaluation_per_evaluator_per_version_per_day(two_in_force, reviewer, head):
    sop = two_in_force[0]
    answers, notes = [True] * 7, [""] * 7
    services.evaluation_record(sop=sop, actor=reviewer, date=TODAY, answers=answers, notes=notes)
    with pytest.raises(ValidationError, match="sudah mengevaluasi"):
        services.evaluation_record(sop=sop, actor=reviewer, date=TODAY, answers=answers, notes=notes)
    services.evaluation_record(sop=sop, actor=head, date=TODAY, answers=answers, notes=notes)  # another evaluator
    services.evaluation_record(
        sop=sop, actor=reviewer, date=TODAY - datetime.timedelta(days=1), answers=answers, notes=notes
    )
    assert Evaluation.objects.count() == 3


@pytest.mark.django_db
def test_evaluation_with_a_tidak_opens_a_revision_draft_linked_to_it(client, two_in_force, head):
    sop = two_in_force[0]
    answers = [True, False, True, True, True, True, True]
    notes = ["", "Istilah teknis tidak dijelaskan", "", "", "", "", ""]
    evaluation = services.evaluation_record(sop=sop, actor=head, date=TODAY, answers=answers, notes=notes)
    assert not evaluation.all_met
    client.force_login(head)
    page = client.get(sop.get_absolute_url()).content.decode()
    assert "Buka draf revisi" in page and "Istilah teknis tidak dijelaskan" in page
    response = client.post(reverse("monitoring:evaluation_revision", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.revision.status == VersionStatus.DRAFT and evaluation.revision.revision == 1
    assert response["Location"] == evaluation.revision.get_absolute_url()
    client.post(reverse("monitoring:evaluation_revision", args=[evaluation.pk]))  # twice: still one draft
    assert sop.versions.count() == 2


@pytest.mark.django_db
def test_evaluation_with_all_met_cannot_open_a_revision(two_in_force, head):
    sop = two_in_force[0]
    evaluation = services.evaluation_record(sop=sop, actor=head, date=TODAY, answers=[True] * 7, notes=[""] * 7)
    with pytest.raises(ValidationError):
        services.evaluation_open_revision(evaluation=evaluation, actor=head)


@pytest.mark.django_db
def test_evaluation_page_refused_to_staff_and_404_outside_the_unit(client, two_in_force, drafter, agency):
    sop = two_in_force[0]
    client.force_login(drafter)
    assert client.get(reverse("monitoring:evaluate", args=[sop.pk])).status_code == 403
    outsider = UserFactory(username="luar")
    grant(outsider, agency.other, Role.HEAD)
    client.force_login(outsider)
    assert client.get(reverse("monitoring:evaluate", args=[sop.pk])).status_code == 404


@pytest.mark.django_db
def test_navigation_offers_monitoring_to_reviewers_and_not_to_drafters(client, reviewer, drafter):
    client.force_login(reviewer)
    assert 'href="/pemantauan/"' in client.get(reverse("sop:list")).content.decode()
    client.force_login(drafter)
    assert 'href="/pemantauan/"' not in client.get(reverse("sop:list")).content.decode()


def test_at_helper_is_jakarta_time():
    assert at(TODAY).utcoffset() == datetime.timedelta(hours=7)
    assert time_machine  # the module is used by the fixtures
