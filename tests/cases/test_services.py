import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, CaseNotice, CaseStatus, NoticeKind
from org.models import Role
from sop.models import VersionStatus
from tests.cases.conftest import MONDAY, moment
from tests.factories import UserFactory, grant

TUESDAY = MONDAY + datetime.timedelta(days=1)


def start(counter, when=None, **kwargs):
    return services.case_start(
        sop=counter.version.sop, actor=counter.loket, reference="REG-001", now=when or moment(MONDAY, 8), **kwargs
    )


def done(case, person, number, when, **kwargs):
    return services.case_step_done(case=case, actor=person, step_number=number, now=when, **kwargs)


def test_case_start_takes_the_version_in_force_and_its_first_step(counter):
    case = start(counter)
    assert case.version == counter.version and case.status == CaseStatus.RUNNING
    assert (case.current_step, case.current_actor) == (1, "Loket")
    assert case.standard_minutes == 510
    assert case.current_due_at == moment(MONDAY, 8, 10)  # 10 menit
    assert case.tracking_code is None


def test_case_start_outside_the_unit_is_refused(counter, agency):
    stranger = UserFactory()
    grant(stranger, agency.other, Role.DRAFTER)
    with pytest.raises(PermissionDenied):
        services.case_start(sop=counter.version.sop, actor=stranger, reference="X")
    assert not Case.objects.exists()


def test_case_start_without_reference_changes_nothing(counter):
    with pytest.raises(ValidationError) as error:
        services.case_start(sop=counter.version.sop, actor=counter.loket, reference="  ")
    assert "reference" in error.value.message_dict
    assert not Case.objects.exists()


def test_case_start_of_an_sop_not_in_force_is_refused(make_version, agency, author):
    draft = make_version("draft")
    with pytest.raises(ValidationError):
        services.case_start(sop=draft.sop, actor=author, reference="X")


def test_case_start_with_tracking_gives_a_code_for_a_public_service(counter):
    case = start(counter, tracking=True)
    assert case.tracking_code.startswith("LYN-") and len(case.tracking_code) == 13


def test_case_walks_the_decision_and_loop_back_to_the_end(counter):
    case = start(counter)
    case = done(case, counter.loket, 1, moment(MONDAY, 8, 5), output="Berkas diterima")
    assert (case.current_step, case.current_actor) == (2, "Operator")
    case = done(case, counter.operator, 2, moment(MONDAY, 8, 40))
    case = done(case, counter.operator, 3, moment(MONDAY, 8, 45), choice="no")
    assert case.current_step == 2  # Tidak: back to the check
    case = done(case, counter.operator, 2, moment(MONDAY, 9, 30))
    case = done(case, counter.operator, 3, moment(MONDAY, 9, 33), choice="yes")
    assert (case.current_step, case.current_actor) == (4, "Kepala Seksi")
    case = done(case, counter.kasi, 4, moment(TUESDAY, 10))
    case = done(case, counter.loket, 5, moment(TUESDAY, 10, 10))
    assert case.status == CaseStatus.FINISHED and case.current_step is None
    assert case.actual_minutes == 420 + 160  # Monday 08:00-15:00 and Tuesday 07:30-10:10
    record = list(
        case.steps.order_by("done_at").values_list("step_number", "choice", "actual_minutes", "standard_minutes")
    )
    assert record == [
        (1, "", 5, 10),
        (2, "", 35, 30),
        (3, "no", 5, 5),
        (2, "", 45, 30),
        (3, "yes", 3, 5),
        (4, "", 420 - 93 + 150, 450),  # 09:33-15:00 Monday and 07:30-10:00 Tuesday
        (5, "", 10, 15),
    ]
    # On time: 1, both 3s and 5; late: both 2s (35 and 45 of 30) and 4 (477 of 450).
    assert (case.steps_done, case.steps_timed, case.steps_on_time, case.deviations) == (7, 7, 4, 0)


def test_decision_without_a_choice_changes_nothing(counter):
    case = start(counter)
    case = done(case, counter.loket, 1, moment(MONDAY, 8, 5))
    case = done(case, counter.operator, 2, moment(MONDAY, 8, 10))
    with pytest.raises(ValidationError) as error:
        done(case, counter.operator, 3, moment(MONDAY, 8, 15))
    assert "choice" in error.value.message_dict
    case.refresh_from_db()
    assert (case.current_step, case.steps_done) == (3, 2)


def test_step_by_someone_not_mapped_to_its_actor_is_refused(counter):
    case = start(counter)
    with pytest.raises(PermissionDenied):
        done(case, counter.operator, 1, moment(MONDAY, 8, 5))
    case.refresh_from_db()
    assert case.steps_done == 0


def test_step_of_an_actor_nobody_fills_is_open_to_the_unit(counter, drafter, head):
    services.assignments_set(sop=counter.version.sop, actor=head, mapping={"Loket": []})
    case = start(counter)
    case = done(case, drafter, 1, moment(MONDAY, 8, 5))
    assert case.current_step == 2


def test_step_out_of_order_needs_a_reason_and_counts_as_a_deviation(counter):
    case = start(counter)
    case = done(case, counter.loket, 1, moment(MONDAY, 8, 5))
    with pytest.raises(ValidationError) as error:
        done(case, counter.kasi, 4, moment(MONDAY, 9))
    assert "reason" in error.value.message_dict
    case = done(case, counter.kasi, 4, moment(MONDAY, 9), reason="Pemeriksaan dilakukan di luar portal")
    assert case.current_step == 5 and case.deviations == 1
    assert case.steps.get(step_number=4).deviation_reason == "Pemeriksaan dilakukan di luar portal"


def test_the_same_press_arriving_twice_records_one_step(counter):
    case = start(counter)
    first = done(case, counter.loket, 1, moment(MONDAY, 8, 5), output="Berkas")
    again = done(
        case,
        counter.loket,
        1,
        moment(
            MONDAY,
            8,
            5,
        )
        + datetime.timedelta(seconds=2),
        output="Berkas",
    )
    assert again.steps_done == first.steps_done == 1 and again.current_step == 2


def test_a_stale_page_records_nothing(counter):
    case = start(counter)
    done(case, counter.loket, 1, moment(MONDAY, 8, 5))
    with pytest.raises(ValidationError):
        done(case, counter.loket, 1, moment(MONDAY, 8, 9), seen_steps=0, output="lain")
    case.refresh_from_db()
    assert case.steps_done == 1


def test_case_keeps_its_version_when_a_revision_comes_into_force(counter, head, author):
    from sop import services as sop_services
    from workflow import services as workflow_services

    case = start(counter)
    revision = sop_services.version_revise(sop=counter.version.sop, actor=author, reason="regulasi", summary="Uji")
    revision.status = VersionStatus.AWAITING_ESTABLISHMENT
    revision.save(update_fields=["status"])
    with time_machine.travel(moment(MONDAY, 9), tick=False):
        workflow_services.version_establish(version=revision, actor=head, effective_date=MONDAY, reauthenticated=True)
    case.refresh_from_db()
    assert case.version == counter.version
    case = done(case, counter.loket, 1, moment(MONDAY, 9, 5))
    assert case.current_step == 2
    assert services.case_start(sop=counter.version.sop, actor=counter.loket, reference="B").version == revision


def test_lateness_is_told_to_the_actor_then_to_the_head_once_each(counter, head, django_capture_on_commit_callbacks):
    head.email = "kepala@example.go.id"
    head.save()
    case = start(counter)
    case = done(case, counter.loket, 1, moment(MONDAY, 8, 5))  # step 2 (30 menit) current from 08:05
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lateness_check(now=moment(MONDAY, 8, 30)) == 0
        assert services.lateness_check(now=moment(MONDAY, 8, 40)) == 1
        assert services.lateness_check(now=moment(MONDAY, 8, 50)) == 0
        assert services.lateness_check(now=moment(MONDAY, 9, 10)) == 1
        assert services.lateness_check(now=moment(MONDAY, 11)) == 0
    kinds = list(CaseNotice.objects.filter(case=case).values_list("kind", "step_number"))
    assert kinds[-2:] == [(NoticeKind.LATE, 2), (NoticeKind.ESCALATED, 2)]
    assert [m.to for m in mail.outbox] == [["operator@example.go.id"], ["kepala@example.go.id"]]
    assert "melewati waktu baku" in mail.outbox[0].subject
    assert "dua kali" in mail.outbox[1].subject


def test_the_next_actor_is_told_by_email(counter, django_capture_on_commit_callbacks):
    case = start(counter)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done(case, counter.loket, 1, moment(MONDAY, 8, 5))
    assert [m.to for m in mail.outbox] == [["operator@example.go.id"]]
    assert "menunggu Anda" in mail.outbox[0].subject and "REG-001" in mail.outbox[0].subject


def test_cancel_needs_a_reason_and_stops_the_case(counter):
    case = start(counter)
    with pytest.raises(ValidationError):
        services.case_cancel(case=case, actor=counter.loket, reason="")
    case = services.case_cancel(case=case, actor=counter.loket, reason="Pemohon menarik berkas")
    assert case.status == CaseStatus.CANCELLED and case.current_step is None
    with pytest.raises(ValidationError):
        done(case, counter.loket, 1, moment(MONDAY, 9))


def test_mapping_only_by_head_or_unit_admin_and_only_of_unit_people(counter, drafter, head, agency):
    with pytest.raises(PermissionDenied):
        services.assignments_set(sop=counter.version.sop, actor=drafter, mapping={"Loket": [drafter]})
    stranger = UserFactory()
    grant(stranger, agency.other, Role.STAFF)
    with pytest.raises(ValidationError):
        services.assignments_set(sop=counter.version.sop, actor=head, mapping={"Loket": [stranger]})
    assert list(counter.version.sop.actor_assignments.filter(actor_name="Loket").values_list("user", flat=True)) == [
        counter.loket.pk
    ]
