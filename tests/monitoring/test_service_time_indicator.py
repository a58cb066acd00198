"""The dashboard's service-time indicator: each SOP in force against its baseline (the time before the
portal) or else its first version in force; worked by hand from the steps' times."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.indicators import unit_figures
from monitoring.models import IndicatorSnapshot
from monitoring.services import snapshots_take
from sop import services as sop_services
from sop.models import SOP, SOPVersion
from tests.factories import steps_in_order
from tests.sop.test_service_time_pages import STEPS, timed
from workflow import services as workflow

FASTER = steps_in_order(  # 30 minutes + 1.5 hours along the main path: 120 minutes
    ("start", "Menerima berkas", 0, {"next": 2}),
    ("activity", "Memeriksa berkas", 1, timed("30 menit", next=3)),
    ("decision", "Berkas lengkap?", 1, timed("1,5 jam", yes=4, no=2)),
    ("activity", "Menerbitkan surat", 1, {"next": 5, "duration_text": "Sesuai kebutuhan"}),
    ("end", "Menyerahkan surat", 0),
)


def _establish(version, head, steps, author):
    sop_services.version_replace_procedure(version=version, actor=author, actors=["Loket", "Kepala Seksi"], steps=steps)
    SOPVersion.objects.filter(pk=version.pk).update(status="awaiting")
    version.refresh_from_db()
    workflow.version_establish(version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True)
    version.refresh_from_db()
    return version


@pytest.fixture
def measured(agency, make_version, head, author, drafter):
    """SOP A: in force (570 minutes) with a baseline of 4 working days (1800): −68%.
    SOP B: revision 0 (570 minutes), then revision 1 in force (120 minutes): −79%.
    SOP C: in force, no baseline, one version: nothing to compare with."""
    a = _establish(make_version("draft"), head, STEPS, author)
    SOP.objects.filter(pk=a.sop_id).update(baseline_time="4 hari kerja", baseline_source="SOP manual")
    b0 = _establish(make_version("draft"), head, STEPS, author)
    b1 = _establish(
        sop_services.version_revise(sop=b0.sop, actor=drafter, reason="lainnya", summary="Perbaikan untuk pengujian"),
        head,
        FASTER,
        author,
    )
    _establish(make_version("draft"), head, STEPS, author)
    return a, b1


@pytest.mark.django_db
def test_each_sop_in_force_is_compared_with_its_baseline_or_first_version(agency, measured):
    _a, b1 = measured
    assert b1.status == "in_force"
    figures = unit_figures()[agency.unit.pk]
    assert sorted(figures.service_changes) == [-79, -68]
    assert (figures.service_compared, figures.service_halved, figures.service_change_median) == (2, 2, -73.5)
    # the agency's root sees the same SOPs, its sub-unit none
    assert unit_figures()[agency.sub.pk].service_compared == 0


@pytest.mark.django_db
def test_the_daily_snapshot_keeps_the_service_time_figures(agency, measured):
    snapshots_take(today=datetime.date(2026, 12, 1))
    snap = IndicatorSnapshot.objects.get(unit=agency.unit, day=datetime.date(2026, 12, 1))
    assert (snap.service_compared, snap.service_halved, snap.service_change_median) == (2, 2, -73.5)


@pytest.mark.django_db
def test_the_dashboard_shows_the_median_change_and_the_sops_at_least_half_as_fast(client, agency, measured, head):
    client.force_login(head)
    page = client.get(reverse("monitoring:dashboard"), {"unit": agency.unit.pk}).content.decode()
    service = page[page.index('id="indikator-service"') :]
    assert '<div class="fs-3 fw-semibold">−74%</div>' in service  # the median −73.5, rounded
    assert "Tercapai" in service[:1000] and "median dari 2 SOP; 2 SOP ≥50% lebih cepat" in service
