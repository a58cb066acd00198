"""The official PDF: its text read back with pdftotext, its pages, its marks, its cache; the export
command and the verification page its QR code points to."""

import dataclasses
import datetime
import re
import subprocess
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from org.models import Role
from sop import documents, pdf, selectors
from sop.content import ActorData, StepData, VersionContent, content_of
from sop.models import SOPVersion
from tests.factories import UserFactory, grant, steps_in_order
from tests.sop.test_flowchart import procedure
from workflow import services as workflow


def text_of(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def pages_of(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ESOP_BASE_URL = "https://esop.example.go.id"


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("steps", "pages"), [(5, 2), (17, 3), (60, 6)])
def test_pdf_pages_identity_then_flowchart(steps, pages):
    content = procedure(steps, 4, seed=steps, loops=0)
    content = VersionContent(**{**content.__dict__, "status": "in_force", "signer_name": "Kepala"})
    data = pdf.render_pdf(content, content_hash="a" * 64)
    assert pages_of(data) == pages
    text = words(text_of(data))
    for step in content.steps:
        assert words(step.text)[:25] in text  # every kegiatan (wrapped lines joined back)
    assert f"Halaman 1 / {pages}" in text and f"Halaman {pages} / {pages}" in text


@pytest.mark.django_db
def test_demo_sop_pdf_has_identity_fields_kegiatan_and_footer(django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=StringIO())
    version = SOPVersion.objects.get(sop__number="SOP-001/UMUM/2025", revision=0)  # as signed on paper
    loaded = selectors.load_version_content(version.pk)
    data = documents.version_pdf(loaded, content_of(loaded))
    text = words(text_of(data))
    for expected in (
        "NOMOR SOP",
        "SOP-001/UMUM/2025",
        "TGL. PEMBUATAN",
        "25 Juli 2022",
        "TGL. REVISI",
        "2 Juni 2025",  # as the originals print dates: no leading zero
        "TGL. EFEKTIF",
        "DISAHKAN OLEH",
        "Kepala Bagian Umum",
        "Drs. Hendra Saputra, M.Si.",
        "NIP 197203141998031004",
        "PROSES UMUM PENATAUSAHAAN PERSEDIAAN",
        "DASAR HUKUM",
        "Undang-Undang Nomor 17 Tahun 2003 tentang Keuangan Negara",
        "KUALIFIKASI PELAKSANA",
        "KETERKAITAN",
        "PERALATAN/PERLENGKAPAN",
        "Filling Cabinet",
        "PERINGATAN",
        "PENCATATAN DAN PENDATAAN",
        "Pelaksana",
        "Mutu Baku",
        "Kelengkapan",
        "Waktu",
        "Output",
        "Keterangan",
        "Pejabat Pembuat",
        "Komitmen (PPK)",
        "SOP-001/UMUM/2025 · Revisi 0",
        "Halaman 3 / 3",
        f"Sidik isi (SHA-256): {version.content_hash}",
        f"verifikasi/{version.content_hash}",
        "Dokumen ini tidak ditandatangani secara elektronik",
    ):
        assert expected in text, expected
    for step in version.steps.all():
        assert words(step.text)[:30] in text
    assert "DRAF" not in text and "TIDAK BERLAKU" in text  # superseded by the demo's revision 1


@pytest.mark.django_db
def test_draft_pdf_marked_and_lists_problems_first(agency, drafter):
    from tests.factories import SOPVersionFactory

    version = SOPVersionFactory(sop__unit=agency.unit, sop__title="Draf Bermasalah")
    content = content_of(selectors.load_version_content(version.pk))
    text = words(text_of(documents.version_pdf(version, content)))
    assert "DRAF" in text and "Draf ini belum lengkap" in text and "Prosedur belum memiliki langkah." in text


def test_superseded_and_revoked_marked_not_in_force():
    for status in ("superseded", "revoked"):
        content = VersionContent(
            number="X-1",
            title="Lama",
            status=status,
            actors=(ActorData(1, "A"),),
            steps=(StepData(1, "start", "Mulai", 1, next=2), StepData(2, "end", "Selesai", 1)),
        )
        assert "TIDAK BERLAKU" in text_of(pdf.render_pdf(content, content_hash="b" * 64))


@pytest.mark.parametrize("paper", ["A4", "F4", "Letter", "Legal"])
def test_paper_size_setting_landscape(settings, paper):
    settings.ESOP_PAPER_SIZE = paper
    content = procedure(5, 3, seed=1)
    info = subprocess.run(
        ["pdfinfo", "-"], input=pdf.render_pdf(content), capture_output=True, check=True
    ).stdout.decode()
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    width, height = float(size[2]), float(size[4])
    expected = {"A4": (841.9, 595.3), "F4": (935.4, 609.4), "Letter": (792.0, 612.0), "Legal": (1008.0, 612.0)}[paper]
    assert abs(width - expected[0]) < 1.5 and abs(height - expected[1]) < 1.5


def test_hostile_text_comes_out_literally():
    evil = '<script>alert(1)</script> & "kutip" 🙂 مرحبا'
    content = VersionContent(
        number='SOP-"1"',
        title=evil,
        actors=(ActorData(1, evil),),
        qualifications=(evil,),
        steps=(StepData(1, "start", evil, 1, next=2), StepData(2, "end", "Selesai", 1)),
    )
    text = text_of(pdf.render_pdf(content))
    assert "<script>alert(1)</script>" in text and '& "kutip"' in text


@pytest.mark.django_db
def test_established_pdf_rendered_once_then_served_from_storage(agency, drafter, make_established):
    version = make_established()
    loaded = selectors.load_version_content(version.pk)
    first = documents.version_pdf(loaded, content_of(loaded))
    name = documents.cache_name(version, documents.paper_size())
    assert default_storage.exists(name)
    # Replace what is stored: if the next call rendered again, it would not return this.
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"%PDF-stored"))
    assert documents.version_pdf(loaded, content_of(loaded)) == b"%PDF-stored"
    assert first.startswith(b"%PDF")


@pytest.mark.django_db
def test_draft_pdf_never_cached(agency):
    from tests.factories import SOPVersionFactory

    version = SOPVersionFactory(sop__unit=agency.unit)
    documents.version_pdf(version, content_of(selectors.load_version_content(version.pk)))
    assert not default_storage.exists("pdf")


@pytest.fixture
def make_established(agency, drafter):
    def make():
        from sop import services

        head = UserFactory(full_name="Kepala Uji", position_title="Kepala Dinas")
        grant(head, agency.unit, Role.HEAD)
        version = services.sop_create(unit=agency.unit, title="Surat Masuk", actor=drafter).versions.get()
        services.version_replace_procedure(
            version=version,
            actor=drafter,
            actors=["Loket"],
            steps=steps_in_order(("start", "Menerima surat", 0), ("end", "Mengarsipkan", 0)),
        )
        version.refresh_from_db()
        SOPVersion.objects.filter(pk=version.pk).update(status="awaiting")
        workflow.version_establish(
            version=version, actor=head, effective_date=timezone.localdate(), reauthenticated=True
        )
        version.refresh_from_db()
        return version

    return make


@pytest.mark.django_db
def test_pdf_view_for_readers_404_for_others(client, drafter, outsider, make_established):
    version = make_established()
    url = reverse("sop:pdf", args=[version.sop_id, version.pk])
    client.force_login(drafter)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="SOP-001-DINAS-' in response["Content-Disposition"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_verification_page_says_in_force_then_superseded(client, agency, drafter, make_established):
    version = make_established()
    url = reverse("sop:verify", args=[version.content_hash])
    body = client.get(url).content.decode()  # anonymous: the QR code is scanned by anyone
    assert "Dokumen ini adalah versi yang sedang berlaku." in body and version.sop.number in body
    # Who established it and when, and the way to its PDF (a staff page: this SOP is not public).
    assert version.signer_name and version.signer_name in body and version.signer_position in body
    assert date_format(timezone.localdate(version.established_at), "j F Y") in body  # the agency's day, not UTC's
    assert date_format(version.date_effective, "j F Y") in body
    assert reverse("sop:pdf", args=[version.sop_id, version.pk]) in body and "perlu masuk" in body
    SOPVersion.objects.filter(pk=version.pk).update(status="superseded")
    assert "Dokumen ini tidak berlaku lagi." in client.get(url).content.decode()

    assert "Tidak ada SOP yang ditetapkan" in client.get(reverse("sop:verify", args=["0" * 64])).content.decode()


@pytest.mark.django_db
def test_verification_page_of_a_revoked_version_says_so(client, make_established):
    version = make_established()
    SOPVersion.objects.filter(pk=version.pk).update(status="revoked")
    assert "SOP ini dicabut" in client.get(reverse("sop:verify", args=[version.content_hash])).content.decode()


@pytest.mark.django_db
def test_export_pdf_command_writes_each_sop(tmp_path):
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    folder = tmp_path / "out"
    call_command("export_pdf", "SOP-001/UMUM/2025", "SOP-001/DPMPTSP/2026", output=str(folder), stdout=out)
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["SOP-001-DPMPTSP-2026-rev0.pdf", "SOP-001-UMUM-2025-rev1.pdf"]  # the version in force
    assert "DRAF" in text_of((folder / "SOP-001-DPMPTSP-2026-rev0.pdf").read_bytes())
    call_command("export_pdf", all=True, unit="SETDA", output=str(tmp_path / "binder"), stdout=StringIO())
    assert [p.name for p in (tmp_path / "binder").iterdir()] == ["SOP-001-UMUM-2025-rev1.pdf"]
    with pytest.raises(CommandError):
        call_command("export_pdf", "SOP-999", output=str(tmp_path), stdout=StringIO())


@pytest.mark.django_db
def test_pdf_prints_the_nearest_address_and_uses_the_agency_paper(client, agency, drafter, make_established):
    from org.models import AgencySettings

    agency.root.address = "Jl. Jenderal Sudirman No. 1\nSukamaju 39111"
    agency.root.save(update_fields=["address"])
    AgencySettings.objects.create(pk=1, paper_size="F4")
    version = make_established()
    client.force_login(drafter)
    data = client.get(reverse("sop:pdf", args=[version.sop_id, version.pk])).content
    text = text_of(data)
    assert "Jl. Jenderal Sudirman No. 1" in text and "Sukamaju 39111" in text
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    width, height = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (330, 215)  # F4 landscape, in mm


def _printed(*steps, **fields) -> str:
    actors = (ActorData(1, "Pemohon"), ActorData(2, "Petugas"))
    content = VersionContent(**{"number": "SOP-7", "title": "Uji Cetak", "actors": actors, "steps": steps, **fields})
    return words(text_of(pdf.render_pdf(content)))


def test_pdf_prints_waktu_as_written_and_a_branch_that_ends_in_mid_flow():
    """Working days stay working days; ranges and free text print as typed, in the Waktu cell."""
    text = _printed(
        StepData(1, "start", "Mengajukan", 1, next=2, duration_value=Decimal(1), duration_unit="hari kerja"),
        StepData(
            2,
            "decision",
            "Ditarik?",
            2,
            yes=3,
            no=4,
            duration_value=Decimal(1),
            duration_value_max=Decimal(3),
            duration_unit="hari",
        ),
        StepData(3, "end", "Permohonan ditutup", 2, duration_text="Sesuai kebutuhan"),
        StepData(4, "activity", "Memeriksa", 2, next=5, duration_text="Semesteran"),
        StepData(5, "end", "Menerima hasil", 1),
    )
    for printed in ("1 hari kerja", "1–3 hari", "Sesuai kebutuhan", "Semesteran", "Permohonan ditutup"):
        assert printed in text, printed


def test_pdf_heading_date_and_single_entries_as_the_originals_print_them():
    text = _printed(
        StepData(1, "start", "Mulai", 1, next=2),
        StepData(2, "end", "Selesai", 2),
        title="SOP Pemeriksaan Berkas",
        date_created=datetime.date(2014, 1, 2),
        warnings=("Satu-satunya peringatan",),
        records=("Catatan pertama", "Catatan kedua"),
    )
    assert "Halaman 1 / 2 SOP PEMERIKSAAN BERKAS No Kegiatan" in text  # the flowchart's heading: one SOP
    assert "2 Januari 2014" in text and "02 Januari 2014" not in text
    # One Peringatan unnumbered; the two Pencatatan entries numbered (pdftotext puts the numbers after).
    assert "Satu-satunya peringatan Catatan pertama Catatan kedua 1. 2. DRAF" in text


def test_a_cell_longer_than_a_page_is_printed_whole_and_goes_on_overleaf():
    notes = " ".join(f"kata{i:04d}" for i in range(600))  # some 5,400 characters in the narrow Keterangan
    steps = (
        StepData(1, "start", "Mulai", 1, next=2),
        StepData(2, "activity", "Memeriksa berkas", 2, next=3, notes=notes),
        StepData(3, "end", "Selesai", 1),
    )
    text = words(
        text_of(
            pdf.render_pdf(
                VersionContent(
                    number="X", title="Panjang", actors=(ActorData(1, "Pemohon"), ActorData(2, "Petugas")), steps=steps
                )
            )
        )
    )
    found = set(re.findall(r"kata\d{4}", text))
    assert found == {f"kata{i:04d}" for i in range(600)}  # nothing cut
    assert "…" not in text and "(lanjutan)" in text


def _reddish_share(data: bytes, page: int) -> float:
    """The share of a page's pixels tinted red (the mark), from pdftoppm's PPM at 20 dpi."""
    ppm = subprocess.run(
        ["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page)], input=data, capture_output=True, check=True
    ).stdout
    header, pixels = ppm.split(b"\n", 3)[:3], ppm.split(b"\n", 3)[3]
    assert header[0] == b"P6"
    rgb = [pixels[i : i + 3] for i in range(0, len(pixels) - 2, 3)]
    return sum(1 for r, g, b in rgb if r - g > 12 and r - b > 12) / len(rgb)


@pytest.mark.parametrize(("status", "mark"), [("draft", "DRAF"), ("revoked", "TIDAK BERLAKU")])
def test_the_mark_is_drawn_on_every_page_and_stays_out_of_the_text(status, mark):
    """Outlines, not letters: the table's text reads as typed (the importer reads it back), and the
    status is said in words in each page's footer."""
    content = procedure(12, 4, seed=12, loops=0)
    content = VersionContent(**{**content.__dict__, "status": status})
    data = pdf.render_pdf(content, content_hash="c" * 64 if status == "revoked" else "")
    pages = pages_of(data)
    text = text_of(data)
    assert text.count(mark) == pages  # once a page, in the footer: "DRAF · SOP-1 · Revisi 0"
    assert all(f"{mark} · SOP-1 · Revisi 0" in page for page in text.split("\f")[:pages])
    assert not re.search(r"(?m)^\s*[DRAFTIDKBERLAKU]\s*$", text)  # no stray letter of the mark
    for page in range(1, pages + 1):
        assert _reddish_share(data, page) > 0.002, f"page {page} carries the mark"
    established = pdf.render_pdf(VersionContent(**{**content.__dict__, "status": "in_force"}), content_hash="d" * 64)
    assert _reddish_share(established, 1) == 0 and mark not in text_of(established)


def test_pdf_prints_the_service_time_under_the_flowchart_with_the_agencys_working_day():
    steps = (
        StepData(1, "start", "Mengajukan", 1, next=2),
        StepData(2, "activity", "Memeriksa", 2, next=3, duration_value=Decimal(30), duration_unit="menit"),
        StepData(3, "decision", "Lengkap?", 2, yes=4, no=2, duration_value=Decimal(1), duration_unit="jam"),
        StepData(4, "activity", "Menerbitkan", 2, next=5, duration_value=Decimal(1), duration_unit="hari kerja"),
        StepData(5, "activity", "Mengarsipkan", 2, next=6, duration_text="Sesuai kebutuhan"),
        StepData(6, "end", "Selesai", 1),
    )
    content = VersionContent(number="SOP-8", title="Uji", actors=(ActorData(1, "A"), ActorData(2, "B")), steps=steps)
    text = words(text_of(pdf.render_pdf(content)))
    assert (
        "Waktu layanan (alur utama): 1 hari kerja 1 jam 30 menit; paling lama 1 hari kerja 3 jam bila setiap"
        " pengulangan terjadi sekali (sebagian: waktu langkah 5 berupa teks atau kosong, tidak ikut dijumlahkan)."
    ) in text
    eight_hours = words(text_of(pdf.render_pdf(content, workday_minutes=480)))
    assert "Waktu layanan (alur utama): 1 hari kerja 1 jam 30 menit" in eight_hours  # still one day
    assert pages_of(pdf.render_pdf(content)) == 2  # the line fits under the last flowchart page


@pytest.mark.parametrize("n_steps", [9, 10, 11, 12, 13, 14])
def test_the_service_time_line_never_adds_a_page(n_steps):
    """However full the last flowchart page is, the line fits below its rows."""
    timed = procedure(n_steps, 4, seed=n_steps)
    untimed = dataclasses.replace(timed, steps=tuple(dataclasses.replace(s, **NO_TIME) for s in timed.steps))
    assert pdf.render_pdf(timed) != pdf.render_pdf(untimed)
    assert "Waktu layanan" in text_of(pdf.render_pdf(timed))
    assert pages_of(pdf.render_pdf(timed)) == pages_of(pdf.render_pdf(untimed))


NO_TIME = {"duration_value": None, "duration_value_max": None, "duration_unit": "", "duration_text": ""}
