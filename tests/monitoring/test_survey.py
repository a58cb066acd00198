"""Survei Kepuasan Masyarakat (Permen PANRB 14/2017): the figures worked by hand from the regulation's
formulas, the visitor's questionnaire with its abuse limits, the unit's report and its exports."""

import datetime
import io
import random
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import survey
from monitoring.indicators import unit_figures
from monitoring.models import IndicatorSnapshot, SurveyResponse
from monitoring.services import snapshots_take, survey_submit
from sop.models import SOP

ALL_FOUR = dict.fromkeys(survey.CODES, 4)
MOSTLY_THREE = {**dict.fromkeys(survey.CODES, 3), "u9": 2}


# --- The regulation's arithmetic ---------------------------------------------------------------------


def test_nrr_ikm_and_grade_of_two_respondents_worked_by_hand():
    # u1..u8: 4 + 3 = 7 over 2 answers, NRR 3.5; u9: 4 + 2 = 6, NRR 3.0
    totals = {**dict.fromkeys(survey.CODES, 7), "u9": 6}
    result = survey.compute(2, totals)
    assert [r.nrr for r in result.rows] == [Decimal("3.5")] * 8 + [Decimal("3")]
    assert result.rows[0].weighted == Decimal("0.3889")  # 3.5 / 9
    assert result.ikm == Decimal("3.4444")  # (8 x 3.5 + 3) / 9 = 31 / 9
    assert result.score == Decimal("86.11")  # x 25
    assert (result.grade, result.quality) == ("B", "Baik")
    assert result.meets_target


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25", "D"),
    ],
)
def test_the_grades_follow_the_regulations_intervals(score, grade):
    assert survey.grade(Decimal(score))[0] == grade


def test_every_answer_the_best_gives_100_and_every_answer_the_worst_25():
    assert survey.compute(3, dict.fromkeys(survey.CODES, 12)).score == Decimal("100.00")
    assert survey.compute(3, dict.fromkeys(survey.CODES, 3)).score == Decimal("25.00")
    assert survey.compute(0, {}) is None


@pytest.mark.parametrize(("population", "sample"), [(100, 80), (105, 86), (1000, 278), (10, 10), (250000, 384), (0, 0)])
def test_the_sample_needed_is_the_regulations_table(population, sample):
    assert survey.sample_size(population) == sample


def test_periods_are_years_and_semesters():
    assert survey.Period.parse("2026-2").bounds == (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
    assert survey.Period.parse("2026").bounds == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert str(survey.Period.parse("2026-1")) == "Semester I tahun 2026"
    assert survey.Period.parse("2026-3") is None and survey.Period.parse("kemarin") is None


# --- The visitor's questionnaire -----------------------------------------------------------------------


@pytest.fixture
def public_sop(in_force):
    version = in_force(timezone.localdate() - datetime.timedelta(days=30))
    SOP.objects.filter(pk=version.sop_id).update(is_public_service=True)
    return SOP.objects.get(pk=version.sop_id)


def answers(values: dict[str, int], **extra) -> dict:
    return {**{code: str(v) for code, v in values.items()}, "situs": "", **extra}


def url(sop) -> str:
    return reverse("monitoring:survey_form", args=[sop.pk])


@pytest.mark.django_db
def test_a_visitor_answers_without_an_account_and_nothing_of_them_is_kept_beyond_the_form(client, public_sop):
    page = client.get(url(public_sop)).content.decode()
    assert "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?" in page
    response = client.post(url(public_sop), answers(ALL_FOUR, age="34", sex="P", suggestion="Antrean lebih tertib."))
    assert response.status_code == 302 and response["Location"].endswith("#survei")
    kept = SurveyResponse.objects.get()
    assert [getattr(kept, c) for c in survey.CODES] == [4] * 9
    assert (kept.age, kept.sex, kept.education, kept.suggestion) == (34, "P", "", "Antrean lebih tertib.")
    assert kept.version.status == "in_force"
    assert not any("ip" in f.name for f in SurveyResponse._meta.get_fields())
    public = client.get(reverse("sop:public_detail", args=[public_sop.pk])).content.decode()
    assert "Terima kasih, jawaban survei Anda sudah kami terima." in public
    assert "<strong>100,00</strong>" in public and "dari 1 responden" in public


@pytest.mark.django_db
def test_a_missing_answer_is_named_and_the_other_answers_stay_chosen(client, public_sop):
    partial = answers(ALL_FOUR)
    del partial["u3"]
    response = client.post(url(public_sop), partial)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ada pertanyaan yang belum dijawab" in page and "Pilih salah satu jawaban." in page
    assert 'id="id_u1_3" value="4" checked' in page
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_one_device_answers_once_a_day_per_service(client, public_sop):
    assert client.post(url(public_sop), answers(ALL_FOUR)).status_code == 302
    again = client.post(url(public_sop), answers(MOSTLY_THREE))
    assert again.status_code == 429 and "sudah mengisi survei untuk layanan ini hari ini" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


@pytest.mark.django_db
def test_an_address_sending_too_many_answers_is_refused(client, public_sop, settings):
    settings.RATELIMIT_ENABLE, settings.ESOP_SURVEY_RATE_ADDRESS = True, "2/h"
    address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"  # its own count
    for _ in range(2):
        client.cookies.clear()  # other devices behind the same address
        assert client.post(url(public_sop), answers(ALL_FOUR), REMOTE_ADDR=address).status_code == 302
    client.cookies.clear()
    refused = client.post(url(public_sop), answers(ALL_FOUR), REMOTE_ADDR=address)
    assert refused.status_code == 429 and "Terlalu banyak jawaban survei dari alamat ini" in refused.content.decode()
    assert SurveyResponse.objects.count() == 2


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_field_is_thanked_and_its_answer_dropped(client, public_sop):
    response = client.post(url(public_sop), answers(ALL_FOUR, situs="http://spam.example"))
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_an_sop_that_is_not_a_public_service_takes_no_survey(client, in_force):
    version = in_force(timezone.localdate() - datetime.timedelta(days=3))
    assert client.get(url(version.sop)).status_code == 404
    assert client.post(url(version.sop), answers(ALL_FOUR)).status_code == 404
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_answers_outside_the_scale(public_sop):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        survey_submit(sop=public_sop, answers={**ALL_FOUR, "u4": 5})
    assert not SurveyResponse.objects.exists()


# --- The unit's report, the dashboard and the snapshot ---------------------------------------------------


@pytest.fixture
def answered(public_sop, agency):
    survey_submit(sop=public_sop, answers=ALL_FOUR, suggestion="Ruang tunggu kurang kursi.")
    survey_submit(sop=public_sop, answers=MOSTLY_THREE)
    agency.unit.service_population = 100
    agency.unit.save(update_fields=["service_population"])
    return public_sop


@pytest.mark.django_db
def test_the_head_reads_the_unit_report_per_element_with_the_sample_needed(client, answered, head, agency):
    client.force_login(head)
    page = client.get(reverse("monitoring:survey_results"), {"unit": agency.unit.pk}).content.decode()
    assert '<div class="fs-3 fw-semibold" id="skm-score">86,11</div>' in page
    assert "Mutu B (Baik)" in page and "mencapai target 80" in page
    assert '2 <span class="fs-6 text-secondary">/ 80</span>' in page  # population 100: 80 needed
    assert '<td>Sarana dan prasarana</td><td class="text-end">6</td>' in page
    assert "Ruang tunggu kurang kursi." in page


@pytest.mark.django_db
def test_the_report_exports_as_excel_and_pdf(client, answered, head, agency):
    from openpyxl import load_workbook

    client.force_login(head)
    params = {"unit": agency.unit.pk, "periode": str(timezone.localdate().year)}
    xlsx = client.get(reverse("monitoring:survey_results"), {**params, "format": "xlsx"})
    rows = [[c for c in row if c is not None] for row in load_workbook(io.BytesIO(xlsx.content)).active.values]
    assert ["9", "Sarana dan prasarana", "6", "2", "3.0000", "0.3333"] in rows
    assert ["IKM unit pelayanan (IKM × 25)", "86.11"] in rows
    assert ["Jumlah responden", "2 / 80 dibutuhkan"] in rows
    pdf = client.get(reverse("monitoring:survey_results"), {**params, "format": "pdf"})
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text and "86.11" in text and "B (Baik)" in text


@pytest.mark.django_db
def test_the_report_is_for_heads_and_administrators_only(client, answered, drafter):
    client.force_login(drafter)
    assert client.get(reverse("monitoring:survey_results")).status_code == 403


@pytest.mark.django_db
def test_the_dashboard_and_the_snapshot_carry_this_years_ikm(client, answered, head, agency):
    figures = unit_figures()[agency.unit.pk]
    assert (figures.survey_responses, figures.ikm) == (2, 86.11)
    snapshots_take(today=timezone.localdate())
    snap = IndicatorSnapshot.objects.get(unit=agency.unit, day=timezone.localdate())
    assert (snap.survey_responses, snap.ikm) == (2, 86.11)
    client.force_login(head)
    page = client.get(reverse("monitoring:dashboard"), {"unit": agency.unit.pk}).content.decode()
    satisfaction = page[page.index('id="indikator-satisfaction"') :][:1500]
    assert '<div class="fs-3 fw-semibold">86,11</div>' in satisfaction and "Tercapai" in satisfaction
