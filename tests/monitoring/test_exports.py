"""The monitoring and evaluation tables of a unit, as Excel and PDF, read back."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring import services

HOSTILE = '=HYPERLINK("http://x")<script>alert(1)</script>'


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


@pytest.fixture
def recorded(in_force, agency, reviewer, head):
    reviewer.full_name, reviewer.nip = "Dedi Penilai", "198001012005011001"
    reviewer.save()
    first = in_force(datetime.date(2026, 1, 5)).sop
    second = in_force(datetime.date(2026, 2, 5), unit=agency.sub).sop
    services.monitorings_record(
        actor=reviewer,
        date=datetime.date(2026, 5, 20),
        rows=[
            services.MonitoringInput(sop_id=first.pk, method="observasi", runs_well=True),
            services.MonitoringInput(
                sop_id=second.pk, method="diskusi", runs_well=False, assessment_note=HOSTILE, action="Tambah loket"
            ),
        ],
    )
    services.monitorings_record(  # outside the period asked for below
        actor=reviewer,
        date=datetime.date(2026, 1, 20),
        rows=[services.MonitoringInput(sop_id=first.pk, method="pengarahan", runs_well=True)],
    )
    services.evaluation_record(
        sop=first,
        actor=head,
        date=datetime.date(2026, 6, 1),
        answers=[True, False, True, True, True, True, True],
        notes=["", "Istilah belum dijelaskan", "", "", "", "", ""],
    )
    return first, second


def download(client, user, unit, follow=False, **params):
    client.force_login(user)
    query = {"unit": unit.pk, "start": "2026-03-01", "end": "2026-08-31", **params}
    return client.get(reverse("monitoring:report"), query, follow=follow)


@pytest.mark.django_db
def test_monitoring_excel_has_the_form_columns_and_the_rows_of_the_period(client, recorded, reviewer, agency):
    first, _second = recorded
    response = download(client, reviewer, agency.unit, kind="monitoring", format="xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="monitoring-DINAS-20260301-20260831.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert values[:5] == [
        ["PEMERINTAH KABUPATEN UJI"],
        ["DINAS UJI"],
        ["FORMULIR MONITORING SOP ADMINISTRASI PEMERINTAHAN"],
        ["Periode 1 Maret 2026 s.d. 31 Agustus 2026"],
        [],
    ]
    assert values[5] == [
        "No",
        "Prosedur",
        "Tanggal",
        "Metode",
        "Penilaian terhadap penerapan",
        "Catatan hasil penilaian",
        "Tindakan yang harus diambil",
        "Penilai",
    ]
    # Empty cells (no note, no action) read back as None and are left out above.
    assert values[6] == [
        "1",
        f"{first.number} {first.title}",
        "20 Mei 2026",
        "Observasi supervisor",
        "Berjalan dengan baik",
        "Dedi Penilai",
    ]
    # Text starting like a formula is kept, marked with an apostrophe so no spreadsheet program runs it.
    assert values[7][4:7] == ["Tidak berjalan dengan baik", "'" + HOSTILE, "Tambah loket"]
    assert len(values) == 8  # January's monitoring is outside the period
    hostile_cell = sheet.cell(row=8, column=6)
    assert hostile_cell.data_type == "s"  # literal text, never a formula


@pytest.mark.django_db
def test_monitoring_pdf_reads_back_with_rows_and_signature_space(client, recorded, reviewer, agency):
    response = download(client, reviewer, agency.unit, kind="monitoring", format="pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "FORMULIR MONITORING SOP ADMINISTRASI PEMERINTAHAN" in text
    assert "Tidak berjalan dengan baik" in text and "Observasi supervisor" in text
    # Literal, not markup (the narrow column wraps it, so compare without the line breaks).
    assert "".join(HOSTILE.split()) in "".join(text.split())
    assert "Penilai," in text and "Dedi Penilai" in text and "NIP 198001012005011001" in text


@pytest.mark.django_db
def test_evaluation_tables_list_each_criterion_with_its_answer(client, recorded, head, agency):
    response = download(client, head, agency.unit, kind="evaluasi", format="xlsx")
    rows = [r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    header, row = rows[5], rows[6]
    assert header[3] == "1. Mampu mendorong peningkatan kinerja" and header[9] == "7. Sinergi satu dengan lainnya"
    assert row[3] == "Ya" and row[4] == "Tidak — Istilah belum dijelaskan" and row[10] == head.get_full_name()
    text = " ".join(pdf_text(download(client, head, agency.unit, kind="evaluasi", format="pdf").content).split())
    assert "FORMULIR EVALUASI SOP ADMINISTRASI PEMERINTAHAN" in text and "Istilah belum dijelaskan" in text
    assert f"Evaluator, {head.get_full_name()}" in text


@pytest.mark.django_db
def test_export_of_a_sub_unit_leaves_out_the_parent_units_rows(client, recorded, reviewer, agency):
    response = download(client, reviewer, agency.sub, kind="monitoring", format="xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][0] == "BIDANG UJI"  # the sub-unit's own line under its parents
    body = rows[[r[0] for r in rows].index("No") + 1 :]
    assert [r[1] for r in body] == [f"{recorded[1].number} {recorded[1].title}"]


@pytest.mark.django_db
def test_export_with_a_reversed_period_explains_and_sends_nothing(client, recorded, reviewer, agency):
    response = download(client, reviewer, agency.unit, kind="monitoring", format="pdf", start="2026-09-01", follow=True)
    assert "Tanggal awal periode harus sebelum tanggal akhirnya." in response.content.decode()


@pytest.mark.django_db
def test_export_refused_to_drafters(client, recorded, drafter, agency):
    assert download(client, drafter, agency.unit, kind="monitoring", format="xlsx").status_code == 403
