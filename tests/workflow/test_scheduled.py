"""Versions established for a later date enter into force on that date, by the daily job."""

import datetime
import time

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from monitoring.models import IndicatorSnapshot
from monitoring.tasks import take_indicator_snapshots
from org.models import Role
from sop.models import SOPVersion, VersionStatus
from tests.factories import SOPVersionFactory, UserFactory, grant
from tests.workers import real_worker
from workflow import services
from workflow.models import TransitionLog
from workflow.tasks import bring_into_force


@pytest.fixture
def head(agency):
    user = UserFactory(username="kepala")
    grant(user, agency.unit, Role.HEAD)
    return user


def establish(version, head, days_ahead):
    services.version_establish(
        version=version,
        actor=head,
        effective_date=timezone.localdate() + datetime.timedelta(days=days_ahead),
        reauthenticated=True,
    )
    version.refresh_from_db()
    return version


def at(year, month, day, hour):
    """A moment given in Jakarta time (UTC+7)."""
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


@pytest.mark.django_db
def test_established_version_enters_into_force_on_its_date_and_supersedes(agency, author, head, make_version):
    from sop import services as sop_services

    with time_machine.travel(at(2026, 11, 23, 16), tick=False):
        first = establish(make_version("awaiting"), head, 0)  # effective today: in force at once
        second = sop_services.version_revise(
            sop=first.sop, actor=author, reason="lainnya", summary="Perbaikan untuk pengujian"
        )
        SOPVersion.objects.filter(pk=second.pk).update(status="awaiting")
        second = establish(second, head, 7)  # effective 30 November
        assert first.status == VersionStatus.IN_FORCE and second.status == VersionStatus.ESTABLISHED
        assert services.versions_enter_into_force() == []
    with time_machine.travel(at(2026, 11, 29, 23), tick=False):  # the evening before, Jakarta time
        assert services.versions_enter_into_force() == []
    with time_machine.travel(at(2026, 11, 30, 0), tick=False):  # midnight in Jakarta: the day has come
        assert services.versions_enter_into_force() == [second.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE)


@pytest.mark.django_db
def test_daily_job_moves_due_versions_once(agency, author, head, make_version):
    with time_machine.travel(at(2026, 11, 23, 10), tick=False):
        due_later = establish(make_version("awaiting"), head, 3)
        not_yet = establish(make_version("awaiting"), head, 10)
    with time_machine.travel(
        at(
            2026,
            11,
            26,
            0,
        ),
        tick=False,
    ):
        assert bring_into_force() == 1
        assert bring_into_force() == 0  # a second run finds nothing left to do
    due_later.refresh_from_db()
    not_yet.refresh_from_db()
    assert (due_later.status, not_yet.status) == (VersionStatus.IN_FORCE, VersionStatus.ESTABLISHED)
    log = TransitionLog.objects.get(version=due_later, action="enter_into_force")
    assert log.actor is None


def test_beat_schedule_runs_the_job_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["bring-into-force"]
    assert entry["task"] == "workflow.tasks.bring_into_force"
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {5}


@pytest.mark.postgresql
@pytest.mark.redis
def test_real_celery_worker_runs_the_job_end_to_end(flushable_db, agency):
    """A real worker process, fed through Redis, moves a due version into force in the database."""
    # Established earlier for today (an established version's dates cannot be edited afterwards).
    version = SOPVersionFactory(sop__unit=agency.unit, established=True, date_effective=timezone.localdate())
    with real_worker() as worker:
        bring_into_force.apply_async(queue=worker.queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if SOPVersion.objects.get(pk=version.pk).status == VersionStatus.IN_FORCE:
                break
            time.sleep(0.5)
        assert SOPVersion.objects.get(pk=version.pk).status == VersionStatus.IN_FORCE
        # The monitoring app's daily job goes the same way: one snapshot per unit, from the worker.
        take_indicator_snapshots.apply_async(queue=worker.queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not IndicatorSnapshot.objects.exists():
            time.sleep(0.5)
        assert IndicatorSnapshot.objects.filter(unit=agency.unit, in_force=1).count() == 1
    assert "Traceback" not in worker.output, worker.output
