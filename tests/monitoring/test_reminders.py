"""Reminders of the periodic review: which e-mail goes out on which day, to whom, and never twice."""

import datetime

import pytest
import time_machine
from django.core import mail

from monitoring import services
from monitoring.models import ReminderKind, ReviewReminder
from monitoring.services import reminder_slot
from monitoring.tasks import send_review_reminder, send_review_reminders
from org.models import Role
from tests.conftest import at
from tests.factories import UserFactory, grant

EFFECTIVE = datetime.date(2026, 1, 15)
DUE = datetime.date(2027, 1, 15)


@pytest.fixture
def people(agency, author, head):
    """Drafters of the unit (the author included), its head, and a drafter of an unrelated unit."""
    second = UserFactory(username="penyusun2", email="penyusun2@example.go.id")
    grant(second, agency.unit, Role.DRAFTER)
    stranger = UserFactory(username="asing", email="asing@example.go.id")
    grant(stranger, agency.other, Role.DRAFTER)
    head.email = "kepala@example.go.id"
    head.save(update_fields=["email"])
    return {"drafters": {author.email, second.email}, "head": {head.email}}


def run_day(day, on_commit):
    with time_machine.travel(at(day, 6), tick=False), on_commit(execute=True):
        send_review_reminders()


@pytest.mark.parametrize(
    ("days_left", "slot"),
    [
        (31, None),
        (30, (ReminderKind.BEFORE_30, 0)),
        (8, (ReminderKind.BEFORE_30, 0)),
        (7, (ReminderKind.BEFORE_7, 0)),
        (1, (ReminderKind.BEFORE_7, 0)),
        (0, (ReminderKind.DUE_DAY, 0)),
        (-6, (ReminderKind.DUE_DAY, 0)),
        (-7, (ReminderKind.OVERDUE, 1)),
        (-13, (ReminderKind.OVERDUE, 1)),
        (-14, (ReminderKind.OVERDUE, 2)),
    ],
)
def test_reminder_slot_for_each_day_around_the_due_date(days_left, slot):
    assert reminder_slot(DUE, DUE - datetime.timedelta(days=days_left)) == slot


@pytest.mark.django_db
def test_reminders_go_out_30_and_7_days_before_on_the_day_and_weekly_after(
    in_force, people, django_capture_on_commit_callbacks
):
    version = in_force(EFFECTIVE)
    assert version.sop.review_due_on == DUE
    mail.outbox.clear()
    sent = {}
    day = DUE - datetime.timedelta(days=40)
    while day <= DUE + datetime.timedelta(days=22):
        before = len(mail.outbox)
        run_day(day, django_capture_on_commit_callbacks)
        run_day(day, django_capture_on_commit_callbacks)  # a second run the same day sends nothing
        if len(mail.outbox) > before:
            sent[(day - DUE).days] = (
                {m.to[0] for m in mail.outbox[before:]},
                {m.subject for m in mail.outbox[before:]},
                len(mail.outbox) - before,
            )
        day += datetime.timedelta(days=1)
    number = version.sop.number
    assert sent == {
        -30: (people["drafters"], {f"[e-SOP] Reviu SOP {number} jatuh tempo 15 Januari 2027"}, 2),
        -7: (people["drafters"], {f"[e-SOP] Reviu SOP {number} jatuh tempo 15 Januari 2027"}, 2),
        0: (people["drafters"], {f"[e-SOP] Reviu SOP {number} jatuh tempo hari ini"}, 2),
        7: (people["head"], {f"[e-SOP] Reviu SOP {number} terlambat sejak 15 Januari 2027"}, 1),
        14: (people["head"], {f"[e-SOP] Reviu SOP {number} terlambat sejak 15 Januari 2027"}, 1),
        21: (people["head"], {f"[e-SOP] Reviu SOP {number} terlambat sejak 15 Januari 2027"}, 1),
    }
    assert version.sop.get_absolute_url() in mail.outbox[0].body


@pytest.mark.django_db
def test_a_missed_day_is_caught_up_once_by_the_next_run(in_force, people, django_capture_on_commit_callbacks):
    in_force(EFFECTIVE)
    mail.outbox.clear()
    run_day(DUE - datetime.timedelta(days=25), django_capture_on_commit_callbacks)  # the job was off on day -30
    run_day(DUE - datetime.timedelta(days=24), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert set(ReviewReminder.objects.values_list("kind", flat=True)) == {ReminderKind.BEFORE_30}


@pytest.mark.django_db
def test_still_valid_review_ends_the_reminders_of_the_cycle(
    in_force, people, reviewer, django_capture_on_commit_callbacks
):
    from monitoring.models import ReviewOutcome

    version = in_force(EFFECTIVE)
    run_day(DUE - datetime.timedelta(days=30), django_capture_on_commit_callbacks)
    with time_machine.travel(at(DUE - datetime.timedelta(days=20)), tick=False):
        services.review_record(sop=version.sop, actor=reviewer, outcome=ReviewOutcome.STILL_VALID)
    mail.outbox.clear()
    for days in (-7, 0, 7):
        run_day(DUE + datetime.timedelta(days=days), django_capture_on_commit_callbacks)
    assert mail.outbox == []


@pytest.mark.django_db
def test_sending_a_reminder_twice_sends_one_email(in_force, people, django_capture_on_commit_callbacks):
    version = in_force(EFFECTIVE)
    with time_machine.travel(at(DUE), tick=False):
        reminder = ReviewReminder.objects.create(sop=version.sop, due_on=DUE, kind=ReminderKind.DUE_DAY)
    mail.outbox.clear()
    assert send_review_reminder(reminder_id=reminder.pk) == 2
    assert send_review_reminder(reminder_id=reminder.pk) == 0
    assert len(mail.outbox) == 2
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.recipients == 2


@pytest.mark.django_db
def test_revoked_sop_gets_no_reminders(in_force, people, head, django_capture_on_commit_callbacks):
    from workflow import services as workflow_services

    version = in_force(EFFECTIVE)
    workflow_services.version_revoke(version=version, actor=head, reason="Dicabut")
    mail.outbox.clear()
    for days in (-30, 0, 7):
        run_day(DUE + datetime.timedelta(days=days), django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not ReviewReminder.objects.exists()
