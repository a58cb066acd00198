"""The demo's year of snapshots: every unit has a daily history ending in today's measured figures'
neighbourhood, the charts of the dashboard are drawn, and a second run adds nothing."""

import datetime
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from monitoring.indicators import unit_figures
from monitoring.models import Feedback, IndicatorSnapshot, SurveyResponse
from org.models import Unit, User
from sop.models import SOP


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_history", stdout=StringIO())


@pytest.mark.django_db
def test_the_demo_has_a_year_of_daily_snapshots_for_every_unit(demo):
    units = Unit.objects.count()
    assert IndicatorSnapshot.objects.count() == 365 * units
    root = Unit.get_first_root_node()
    history = list(IndicatorSnapshot.objects.filter(unit=root).order_by("day"))
    assert history[0].day == timezone.localdate() - datetime.timedelta(days=365)
    now = unit_figures()[root.pk]
    assert history[0].in_force < now.in_force and history[-1].in_force <= now.in_force
    assert all(a.in_force <= b.in_force for a, b in itertools.pairwise(history))  # a steady rise
    call_command("seed_demo_history", stdout=StringIO())
    assert IndicatorSnapshot.objects.count() == 365 * units


@pytest.mark.django_db
def test_the_demos_dashboard_draws_its_charts_and_the_service_time_figure(client, demo):
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert "Belum ada potret harian" not in page and "<svg" in page
    assert "Belum ada SOP berlaku dengan pembanding waktu" not in page  # the demo SOPs have baselines
    assert "IKM tahun berjalan dari" in page


@pytest.mark.django_db
def test_the_demo_has_a_year_of_survey_answers_for_its_public_services(client, demo):
    public = SOP.objects.filter(is_public_service=True, versions__status="in_force")
    assert public.exists()
    for sop in public:
        answers = SurveyResponse.objects.filter(sop=sop)
        assert answers.count() > 50
        assert answers.filter(submitted_at__lt=timezone.now() - datetime.timedelta(days=180)).exists()
    client.force_login(User.objects.get(username="admin"))
    page = client.get(reverse("monitoring:survey_results")).content.decode()
    assert "Belum ada jawaban survei" not in page and "Mutu " in page and "Saran responden" in page
    before = SurveyResponse.objects.count()
    call_command("seed_demo_history", stdout=StringIO())
    assert SurveyResponse.objects.count() == before


@pytest.mark.django_db
def test_the_demo_has_public_complaints_answered_waiting_and_overdue(client, demo):
    complaints = Feedback.objects.filter(kind="pengaduan")
    assert complaints.filter(answered_at__isnull=False).count() == 3
    assert complaints.filter(answered_at__isnull=True, due_on__lt=timezone.localdate()).count() == 1
    assert all(c.tracking_code for c in complaints)
    page = client.get(reverse("monitoring:complaint_track"), {"kode": complaints.first().tracking_code})
    assert page.status_code == 200


@pytest.mark.django_db
def test_the_demo_sops_have_baselines_and_their_pages_report_the_change(client, demo):
    sop = SOP.objects.get(number="SOP-001/PDP/2025")
    assert (sop.baseline_time, sop.baseline_source) == ("14 hari kerja", "Survei waktu layanan Disdukcapil, 2024")
    client.force_login(User.objects.get(username="admin"))
    page = client.get(sop.get_absolute_url()).content.decode()
    assert "Waktu layanan" in page and "dari waktu sebelum digitalisasi/perbaikan (14 hari kerja" in page
