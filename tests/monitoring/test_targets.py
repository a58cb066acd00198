"""The four indicators against their targets, with their status in words (pure), and the dashboard
and the Laporan capaian indikator that show them."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse

from monitoring import selectors, targets
from org.models import Unit

D = datetime.date


def test_coverage_is_met_at_100_percent_of_the_planned_sops():
    indicator = targets.coverage(10, 10, None, None, D(2026, 6, 1))
    assert (indicator.value, indicator.status, indicator.status_label) == ("100%", "met", "Tercapai")


def test_coverage_is_on_track_when_ahead_of_the_straight_line_from_start_to_target():
    # Halfway through the year (181 of 365 days): 50% expected; 6 of 10 is ahead.
    indicator = targets.coverage(6, 10, D(2026, 1, 1), D(2027, 1, 1), D(2026, 7, 1))
    assert (indicator.value, indicator.status) == ("60%", "on_track")
    assert "seharusnya 50% pada hari ini" in indicator.note
    behind = targets.coverage(3, 10, D(2026, 1, 1), D(2027, 1, 1), D(2026, 7, 1))
    assert (behind.status, behind.status_label) == ("behind", "Perlu perhatian")
    late = targets.coverage(9, 10, D(2025, 1, 1), D(2026, 1, 1), D(2026, 7, 1))
    assert late.status == "behind" and "seharusnya 100%" in late.note


def test_coverage_without_a_planned_inventory_is_not_measured():
    indicator = targets.coverage(4, None, None, None, D(2026, 7, 1))
    assert (indicator.status, indicator.status_label) == ("none", "Belum diukur")
    assert "Target jumlah SOP unit belum diisi." in indicator.note


def test_service_time_is_met_at_a_median_at_least_50_percent_shorter():
    assert targets.service_time(4, 3, -62.5).status == "met"
    assert targets.service_time(4, 3, -62.5).value == "−62%"  # rounded half to even, as Python rounds
    assert targets.service_time(4, 1, -20).status == "behind"
    assert targets.service_time(0, 0, None).status == "none"


def test_competence_and_satisfaction_against_90_percent_and_an_ikm_of_80():
    assert targets.competence(0.92, 25).status == "met"
    assert targets.competence(0.5, 25).value == "50%"
    assert targets.competence(None, 0).status == "none"
    assert targets.satisfaction(80.0, 40).status == "met"
    assert targets.satisfaction(79.99, 40).status == "behind"
    assert targets.satisfaction(86.11, 2).value == "86,11"
    assert targets.satisfaction(None, 0).status == "none"


@pytest.mark.django_db
def test_a_unit_takes_the_dates_of_the_nearest_unit_above_and_a_target_a_year_on(agency):
    assert selectors.digitisation_dates(agency.sub) == (None, None)
    Unit.objects.filter(pk=agency.unit.pk).update(digitisation_start=D(2026, 2, 1))
    assert selectors.digitisation_dates(Unit.objects.get(pk=agency.sub.pk)) == (D(2026, 2, 1), D(2027, 2, 1))
    Unit.objects.filter(pk=agency.sub.pk).update(digitisation_start=D(2026, 3, 1), digitisation_target=D(2026, 9, 1))
    assert selectors.digitisation_dates(Unit.objects.get(pk=agency.sub.pk)) == (D(2026, 3, 1), D(2026, 9, 1))


@pytest.mark.django_db
def test_the_dashboard_shows_the_four_indicators_with_their_status_in_words(client, head, agency, in_force):
    in_force(D(2026, 1, 10))
    Unit.objects.filter(pk=agency.unit.pk).update(planned_sop_count=1)
    client.force_login(head)
    page = client.get(reverse("monitoring:dashboard"), {"unit": agency.unit.pk}).content.decode()
    assert "Capaian indikator digitalisasi SOP" in page
    for key in ("coverage", "service", "competence", "satisfaction"):
        assert f'id="indikator-{key}"' in page
    assert "indicator-met" in page and "Tercapai" in page and "Belum diukur" in page


@pytest.mark.django_db
def test_the_indicator_report_lists_every_unit_below_in_excel_and_pdf(client, head, agency, in_force):
    from openpyxl import load_workbook

    in_force(D(2026, 1, 10))
    Unit.objects.filter(pk=agency.unit.pk).update(planned_sop_count=4)
    client.force_login(head)
    xlsx = client.get(reverse("monitoring:indicator_report"), {"unit": agency.unit.pk, "format": "xlsx"})
    assert xlsx.status_code == 200
    rows = [[c for c in r if c is not None] for r in load_workbook(io.BytesIO(xlsx.content)).active.values]
    assert ["LAPORAN CAPAIAN INDIKATOR DIGITALISASI SOP"] in rows
    mine = next(r for r in rows if agency.unit.name in r)
    assert "25% (1 dari 4 SOP)" in mine and "Sesuai jadwal" in mine  # no dates set: no schedule to be behind
    assert any(agency.sub.name in r for r in rows)
    pdf = client.get(reverse("monitoring:indicator_report"), {"unit": agency.unit.pk, "format": "pdf"})
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "LAPORAN CAPAIAN INDIKATOR DIGITALISASI SOP" in text and "Kepuasan masyarakat" in text
