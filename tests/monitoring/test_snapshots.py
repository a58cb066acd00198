"""Indicator snapshots: the figures of a hand-built agency, once a day, in a fixed number of queries."""

import datetime
import math

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.indicators import unit_figures
from monitoring.models import IndicatorSnapshot
from monitoring.services import snapshots_take
from monitoring.tasks import take_indicator_snapshots
from org.models import Role
from sop.models import VersionStatus
from tests.conftest import at
from tests.factories import SOPFactory, SOPVersionFactory, UnitFactory, grant
from workflow import services as workflow_services

TODAY = datetime.date(2026, 11, 23)


def day(month, d, year=2026):
    return datetime.date(year, month, d)


@pytest.fixture
def built(agency, author, reviewer, head, make_version, in_force):
    """DINAS: 3 in force (one overdue, one due in 17 days) and a draft; BIDANG below it: one under
    review and one established after 10 days of review; LAIN: one returned once and resubmitted."""
    grant(author, agency.other, Role.DRAFTER)
    grant(reviewer, agency.other, Role.REVIEWER)
    agency.unit.planned_sop_count, agency.sub.planned_sop_count = 4, 2
    agency.unit.save(update_fields=["planned_sop_count"])
    agency.sub.save(update_fields=["planned_sop_count"])

    in_force(day(10, 1, 2025))  # due 1 October 2026: overdue
    in_force(day(1, 10))  # due 10 January 2027: not yet due
    in_force(day(12, 10, 2025))  # due 10 December 2026: due within 30 days
    make_version("draft")

    under_review = make_version("draft", unit=agency.sub)
    with time_machine.travel(at(day(11, 15)), tick=False):
        workflow_services.version_submit(version=under_review, actor=author)
    walked = make_version("draft", unit=agency.sub)
    with time_machine.travel(at(day(11, 10)), tick=False):
        workflow_services.version_submit(version=walked, actor=author)
    with time_machine.travel(at(day(11, 12)), tick=False):
        workflow_services.version_pass(version=walked, actor=reviewer)
    with time_machine.travel(at(day(11, 20)), tick=False):
        workflow_services.version_establish(
            version=walked, actor=head, effective_date=day(11, 20), reauthenticated=True
        )

    returned = make_version("draft", unit=agency.other)
    with time_machine.travel(at(day(11, 1)), tick=False):
        workflow_services.version_submit(version=returned, actor=author)
    with time_machine.travel(at(day(11, 5)), tick=False):
        workflow_services.version_return(version=returned, actor=reviewer, comment="Lengkapi dasar hukum")
        workflow_services.version_submit(version=returned, actor=author)
    return agency


@pytest.mark.django_db
def test_figures_of_every_unit_cover_its_sub_units(built):
    figures = unit_figures(today=TODAY)
    dinas, bidang, lain, root = (figures[u.pk] for u in (built.unit, built.sub, built.other, built.root))

    assert (bidang.sops, bidang.by_status) == (2, {VersionStatus.IN_REVIEW: 1, VersionStatus.IN_FORCE: 1})
    assert (bidang.in_force, bidang.planned, bidang.in_force_share) == (1, 2, 0.5)
    assert (bidang.established_90d, bidang.median_days_to_establish, bidang.returns_90d) == (1, 10.0, 0)

    assert dinas.sops == 6
    assert dinas.by_status == {VersionStatus.IN_FORCE: 4, VersionStatus.DRAFT: 1, VersionStatus.IN_REVIEW: 1}
    assert (dinas.in_force, dinas.planned, dinas.in_force_share) == (4, 6, 0.667)
    assert (dinas.reviews_due, dinas.reviews_overdue) == (1, 1)
    assert (dinas.established_90d, dinas.median_days_to_establish) == (1, 10.0)

    assert (lain.sops, lain.by_status, lain.returns_90d, lain.planned, lain.in_force_share) == (
        1,
        {VersionStatus.IN_REVIEW: 1},
        1,
        None,
        None,
    )
    assert (root.sops, root.in_force, root.planned, root.reviews_overdue, root.returns_90d) == (7, 4, 6, 1, 1)


@pytest.mark.django_db
def test_work_older_than_90_days_is_not_counted(built):
    later = unit_figures(today=TODAY + datetime.timedelta(days=95))[built.root.pk]
    assert (later.established_90d, later.median_days_to_establish, later.returns_90d) == (0, None, 0)


@pytest.mark.django_db
def test_snapshot_job_stores_one_row_per_unit_and_day_and_never_rewrites_it(built):
    with time_machine.travel(at(TODAY, 0), tick=False):
        assert take_indicator_snapshots() == 4
        SOPFactory(unit=built.unit)  # the day goes on; the morning's snapshot stays as it was
        SOPVersionFactory(sop=SOPFactory(unit=built.unit))
        take_indicator_snapshots()
    assert IndicatorSnapshot.objects.filter(day=TODAY).count() == 4
    stored = IndicatorSnapshot.objects.get(unit=built.unit, day=TODAY)
    assert (stored.sops, stored.in_force, stored.planned, stored.reviews_due, stored.reviews_overdue) == (6, 4, 6, 1, 1)
    assert (stored.established_90d, stored.median_days_to_establish, stored.returns_90d) == (1, 10.0, 0)
    assert stored.by_status == {"in_force": 4, "draft": 1, "in_review": 1}

    with time_machine.travel(at(TODAY + datetime.timedelta(days=1), 0), tick=False):
        take_indicator_snapshots()
    assert IndicatorSnapshot.objects.get(unit=built.unit, day=TODAY + datetime.timedelta(days=1)).sops == 8
    assert IndicatorSnapshot.objects.count() == 8


def _agency_of(units: int):
    """``units`` units in a tree three levels deep, each with two SOPs, one of them in force."""
    root = UnitFactory(code=f"R{units}", kind="instansi")
    parents = [root]
    for n in range(units - 1):
        unit = UnitFactory(parent=parents[n // 4], code=f"R{units}-{n}")
        parents.append(unit)
        SOPVersionFactory(sop__unit=unit, in_force=True)
        SOPVersionFactory(sop__unit=unit)


@pytest.mark.django_db
@pytest.mark.parametrize("units", [5, 50])
def test_snapshot_job_runs_the_same_number_of_queries_for_5_and_50_units(units, django_assert_num_queries):
    _agency_of(units)
    # Units; status counts; in force and reviews; penetapan durations; returns; read requests; the
    # agency's working day and the service times in force; the year's survey answers; complaints;
    # the cases' counts and their times (cases.figures); then the insert: one statement on PostgreSQL, as many as SQLite's 999 parameters per statement
    # need on SQLite (Django's own batching; units x fields > 999 at 50 units).
    fields = [f for f in IndicatorSnapshot._meta.concrete_fields if not f.primary_key]
    inserts = math.ceil(units / connection.ops.bulk_batch_size(fields, [None] * units))
    with django_assert_num_queries(12 + inserts):
        assert snapshots_take(today=TODAY) == units


@pytest.mark.django_db
def test_snapshot_query_count_does_not_grow_with_sops():
    _agency_of(5)
    with CaptureQueriesContext(connection) as few:
        snapshots_take(today=TODAY)
    for unit in list(IndicatorSnapshot.objects.values_list("unit", flat=True))[1:]:
        for _ in range(5):
            SOPVersionFactory(sop__unit_id=unit, in_force=True)
    with CaptureQueriesContext(connection) as many:
        snapshots_take(today=TODAY + datetime.timedelta(days=1))
    assert len(many) == len(few)
