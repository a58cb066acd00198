"""Every periodic job is in the one schedule of settings, and runs without Redis in the embedded mode."""

import datetime
import io

import pytest
import time_machine
from celery.beat import ScheduleEntry, Scheduler
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from esop.celery import app
from monitoring.models import IndicatorSnapshot, ReadRequest, ReviewReminder
from tests.conftest import at

JOBS = {
    "bring-into-force": ("workflow.tasks.bring_into_force", {0}, {5}),
    "review-reminders": ("monitoring.tasks.send_review_reminders", {6}, {0}),
    "indicator-snapshots": ("monitoring.tasks.take_indicator_snapshots", {0}, {30}),
    "read-requests": ("monitoring.tasks.sync_read_requests", set(range(24)), set(range(0, 60, 10))),
    "read-requests-newcomers": ("monitoring.tasks.sync_read_requests", {0}, {15}),
    "read-reminders": ("monitoring.tasks.send_weekly_read_reminders", {7}, {0}),
    "import-sweep": ("digitise.tasks.sweep_imports", set(range(24)), set(range(60))),
    "outbox-sweep": ("workflow.tasks.sweep_outbox", set(range(24)), set(range(60))),
    "case-lateness": ("cases.tasks.check_lateness", set(range(24)), set(range(0, 60, 15))),
}


def test_every_periodic_job_is_scheduled_at_its_hour_and_exists():
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert set(schedule) == set(JOBS)
    for name, (task, hours, minutes) in JOBS.items():
        assert schedule[name]["task"] == task and task in app.tasks
        assert (schedule[name]["schedule"].hour, schedule[name]["schedule"].minute) == (hours, minutes)


@pytest.mark.django_db
def test_scheduler_once_catches_up_every_job(in_force, agency, django_capture_on_commit_callbacks):
    version = in_force(datetime.date(2025, 10, 1))  # its review is overdue on the day below
    out = io.StringIO()
    with (
        time_machine.travel(at(datetime.date(2026, 11, 23), 7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("scheduler", "--once", stdout=out)
    assert "indicator-snapshots: 4" in out.getvalue()
    assert IndicatorSnapshot.objects.filter(day=datetime.date(2026, 11, 23)).count() == 4
    assert ReviewReminder.objects.get(sop=version.sop).week == 7  # 7 weeks after 1 October
    assert any("terlambat" in m.subject for m in mail.outbox)
    # The unit's people are asked to read the version in force, and told so.
    assert ReadRequest.objects.filter(version=version).count() == 2  # the author and the head
    assert any("Mohon baca" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_embedded_beat_runs_a_due_job_in_its_own_process(agency):
    """Beat hands a due entry to apply_async; eager (no broker), the job runs right there."""
    scheduler = Scheduler(app, lazy=True)
    entry = ScheduleEntry(
        name="indicator-snapshots",
        task="monitoring.tasks.take_indicator_snapshots",
        schedule=datetime.timedelta(1),
        app=app,
    )
    assert app.conf.task_always_eager  # as in `make run` without REDIS_URL (and in these tests)
    result = scheduler.apply_async(entry, producer=None, advance=False)
    assert result.get() == 4
    assert IndicatorSnapshot.objects.count() == 4
