"""Signed PDFs become draft SOPs: all of one or nothing, the original kept, from the portal and the command line."""

import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command

from digitise import batches as imports
from digitise.models import ImportBatch, ImportFile
from sop.models import SOP, Step, VersionAttachment, VersionStatus
from tests.factories import SOPFactory

from .pdfs import minimal_pdf, sample


def upload(path: Path | None = None, *, name: str = "", data: bytes | None = None) -> imports.Upload:
    data = path.read_bytes() if data is None else data
    return imports.Upload(name=name or path.name, file=ContentFile(data, name=name or path.name))


def import_one(agency, drafter, path: Path) -> ImportFile:
    batch = imports.import_batch_create(unit=agency.unit, actor=drafter, uploads=[upload(path)])
    return batch.files.get()


def test_import_sample_becomes_a_draft_with_its_identity_steps_and_original(
    agency, drafter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = import_one(agency, drafter, sample("bps-011"))
    item.refresh_from_db()
    assert item.status == ImportFile.Status.WARNINGS
    version = item.version
    sop = version.sop
    assert (sop.number, sop.title, sop.unit) == ("SOP-011/17000/2025", "REVISI ANGGARAN", agency.unit)
    assert version.status == VersionStatus.DRAFT and version.created_by == drafter
    assert str(version.date_created) == "2025-06-02" and version.date_revised is None
    assert (version.signer_name, version.signer_nip) == ("Ir. Win Rizal M.E.", "196608251988021001")
    assert [a.name for a in version.actors.all()] == [
        "Ketua Tim Kerja",
        "Tim Perencanaan, Penganggaran dan Evaluasi",
        "PPK",
        "Admin Anggaran",
        "KPA",
    ]
    steps = list(version.steps.select_related("actor", "next_step", "yes_step"))
    assert len(steps) == 12
    assert (steps[0].kind, steps[0].text, steps[0].actor.name) == ("start", "Menyusun matrik revisi", "Ketua Tim Kerja")
    # A time that is no number is kept as printed, in the Waktu cell (not moved to Keterangan).
    assert (steps[0].duration_text, steps[0].duration_value, steps[0].notes) == (
        "Sebelum periode revisi bulan berjalan",
        None,
        "",
    )
    assert (steps[1].duration_value, steps[1].duration_unit) == (1, "hari")
    assert steps[0].next_step == steps[1] and (steps[3].yes_step, steps[3].no_step) == (steps[4], steps[0])
    legal = version.legal_bases.get(position=2)
    assert (legal.kind, legal.number, legal.year) == ("Peraturan Presiden Republik Indonesia", "86", 2007)
    assert str(legal) == "Peraturan Presiden Republik Indonesia Nomor 86 Tahun 2007 tentang Badan Pusat Statistik;"
    attachment = version.attachments.get()
    original = sample("bps-011").read_bytes()
    assert attachment.sha256 == hashlib.sha256(original).hexdigest() and attachment.pages == 2
    assert attachment.file.read() == original
    assert item.result["identity"]["nomor"] == "SOP-011/17000/2025"


def test_import_refused_file_leaves_nothing_behind(agency, drafter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = imports.import_batch_create(
            unit=agency.unit,
            actor=drafter,
            uploads=[
                upload(
                    name="surat.pdf",
                    data=minimal_pdf(
                        text="Dengan hormat, kami mengundang Bapak/Ibu hadir dalam rapat koordinasi bulanan."
                    ),
                )
            ],
        )
    item = batch.files.get()
    assert item.status == ImportFile.Status.REFUSED and "bukan SOP AP" in item.message
    assert not SOP.objects.exists() and not VersionAttachment.objects.exists()


def test_import_number_taken_is_refused_and_changes_nothing(agency, drafter, django_capture_on_commit_callbacks):
    SOPFactory(unit=agency.unit, number="SOP-011/17000/2025")
    with django_capture_on_commit_callbacks(execute=True):
        item = import_one(agency, drafter, sample("bps-011"))
    item.refresh_from_db()
    assert item.status == ImportFile.Status.REFUSED
    assert item.message.startswith("Nomor SOP SOP-011/17000/2025 sudah ada di portal")
    assert SOP.objects.count() == 1 and not Step.objects.exists()


def test_import_failing_save_keeps_nothing_and_the_file_waits_for_another_try(agency, drafter, settings):
    item = import_one(agency, drafter, sample("bps-022"))  # queued, not yet read
    # The attachment cannot be written (a disk fault) after the SOP, its actors and steps were: a file
    # stands where its folder would be made.
    (Path(settings.MEDIA_ROOT) / "lampiran").write_text("in the way")
    with pytest.raises(OSError):
        imports.import_file_process(file_id=item.pk)
    item.refresh_from_db()
    assert (item.status, item.attempts) == (ImportFile.Status.PENDING, 1)
    assert not SOP.objects.exists() and not Step.objects.exists() and not VersionAttachment.objects.exists()


def test_import_file_done_is_not_read_twice(agency, drafter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = import_one(agency, drafter, sample("bps-014"))
    assert imports.import_file_process(file_id=item.pk) is None
    assert SOP.objects.count() == 1


def test_import_sweep_queues_lost_files(agency, drafter):
    item = import_one(agency, drafter, sample("bps-014"))  # its task was never run (no commit callbacks)
    assert imports.import_sweep() == 1
    item.refresh_from_db()
    assert item.status == ImportFile.Status.WARNINGS and item.version.sop.number == "SOP-014/17000/2025"
    assert imports.import_sweep() == 0


def test_import_by_reader_or_outsider_is_refused(agency, reviewer, outsider):
    for user in (reviewer, outsider):
        with pytest.raises(PermissionDenied):
            imports.import_batch_create(unit=agency.unit, actor=user, uploads=[upload(sample("bps-014"))])
    assert not ImportBatch.objects.exists()


def test_import_more_than_a_hundred_files_is_refused(agency, drafter):
    with pytest.raises(ValidationError, match="paling banyak 100 berkas"):
        imports.import_batch_create(
            unit=agency.unit, actor=drafter, uploads=[upload(name=f"{i}.pdf", data=b"%PDF-") for i in range(101)]
        )
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        (
            "Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan;",
            {"kind": "Undang-Undang", "number": "43", "year": 2009, "subject": "Kearsipan;"},
        ),
        (
            "PMK No. 210/PMK.05/2022 Tentang Tata Cara Pembayaran",
            {"kind": "PMK No. 210/PMK.05/2022 Tentang Tata Cara Pembayaran", "number": "", "year": None, "subject": ""},
        ),
    ],
)
def test_import_legal_basis_is_split_only_when_it_reads_back_the_same(text, entry):
    assert imports.legal_basis_of(text) == entry


def test_import_command_dry_run_json_prints_the_structure_and_saves_nothing(agency, drafter):
    out = StringIO()
    call_command("import_sop", "--unit", "DINAS", "--dry-run", "--json", str(sample("bps-025")), stdout=out)
    rows = json.loads(out.getvalue())
    assert not SOP.objects.exists()
    (row,) = rows
    assert row["status"] == "warnings" and row["file"].endswith("bps-025-pengelolaan-surat-masuk.pdf")
    identity = row["identity"]
    assert set(identity) >= {
        "nomor",
        "nama",
        "tanggal_pembuatan",
        "tanggal_revisi",
        "tanggal_efektif",
        "disahkan_oleh",
        "dasar_hukum",
        "kualifikasi_pelaksana",
        "keterkaitan",
        "peralatan",
        "peringatan",
        "pencatatan",
    }
    assert identity["tanggal_efektif"] == "2025-06-02" and identity["tanggal_revisi"] is None
    assert identity["disahkan_oleh"] == {
        "jabatan": "Kepala BPS Provinsi Bengkulu",
        "nama": "Ir. Win Rizal, M.E.",
        "nip": "196608251988021001",
    }
    assert row["actors"] == ["Tim Teknis", "Bagian Umum", "Sekretaris", "Kepala BPS Provinsi"]
    step = row["steps"][1]
    for key in (
        "number",
        "kegiatan",
        "actor",
        "kind",
        "kelengkapan",
        "waktu",
        "output",
        "keterangan",
        "next",
        "yes",
        "no",
    ):
        assert key in step
    assert (step["number"], step["actor"], step["kind"], step["next"]) == (2, "Bagian Umum", "activity", 4)


def test_import_command_imports_a_folder_and_prints_the_summary(agency, drafter, tmp_path):
    folder = tmp_path / "arsip"
    folder.mkdir()
    for name in ("bps-014", "bps-022"):
        (folder / sample(name).name).write_bytes(sample(name).read_bytes())
    (folder / "rusak.pdf").write_bytes(b"%PDF-1.4 broken")
    out = StringIO()
    call_command("import_sop", "--unit", "DINAS", "--user", drafter.username, str(folder), stdout=out)
    assert sorted(SOP.objects.values_list("number", flat=True)) == ["SOP-014/17000/2025", "SOP-022/17000/2025"]
    assert "Selesai: 0 diimpor, 2 diimpor dengan catatan, 1 ditolak." in out.getvalue()
    assert "rusak.pdf: PDF ini rusak" in out.getvalue()


@pytest.mark.postgresql
def test_import_is_not_skipped_while_the_unit_row_is_locked(agency, drafter, transactional_db):
    """A worker locks only the file it takes: a transaction holding the unit (an administrator
    editing it, another worker of the same batch) must not make it skip the file."""
    import threading

    from django.db import connection, transaction

    from org.models import Unit

    batch = imports.import_batch_create(
        unit=agency.unit, actor=drafter, uploads=[upload(sample("bps-014"))], queue=False
    )
    held, release = threading.Event(), threading.Event()

    def hold_unit():
        with transaction.atomic():
            Unit.objects.select_for_update(no_key=True).get(pk=agency.unit.pk)  # as an UPDATE of its name
            held.set()
            release.wait(30)
        connection.close()

    holder = threading.Thread(target=hold_unit)
    holder.start()
    try:
        assert held.wait(30)
        item = imports.import_file_process(file_id=batch.files.get().pk)
        assert item is not None and item.status == ImportFile.Status.WARNINGS
    finally:
        release.set()
        holder.join(30)


def dev2(name: str) -> Path:
    """A signed sample of shared/samples/import-dev2 (the layouts agencies really print)."""
    from .pdfs import SAMPLES

    return next((SAMPLES / "import-dev2").glob(f"{name}*.pdf"))


def test_import_procurement_sop_whose_matrix_begins_on_the_identity_page(
    agency, drafter, django_capture_on_commit_callbacks
):
    """bps-262: the matrix starts under the identity sheet, its header shaded with its row of numbers
    "(1) (2) ..." and headed "Aktivitas/Kegiatan"; times in working days."""
    with django_capture_on_commit_callbacks(execute=True):
        item = import_one(agency, drafter, dev2("bps-262"))
    item.refresh_from_db()
    version = item.version
    assert [a.name for a in version.actors.all()] == ["Pokja Pemilihan", "Peserta"]
    steps = list(version.steps.select_related("actor"))
    assert len(steps) == 13 and steps[0].number == 1
    assert (steps[0].kind, steps[0].actor.name, steps[0].duration_unit) == ("start", "Pokja Pemilihan", "hari kerja")
    assert steps[0].text.startswith("Pokja Pemilihan mengundang Peserta")
    # The identity sheet's last boxes end where the matrix begins: none of its text in them.
    records = list(version.list_items.filter(kind="pencatatan").values_list("text", flat=True))
    warnings = list(version.list_items.filter(kind="peringatan").values_list("text", flat=True))
    assert records and not any("Aktivitas" in t or "hari kerja" in t for t in records + warnings)


def test_import_flowchart_printed_as_a_picture_keeps_the_identity_and_says_the_steps_are_to_be_typed(
    agency, drafter, django_capture_on_commit_callbacks
):
    """bps-209: the identity sheet has its text, the flowchart page is a scanned picture."""
    with django_capture_on_commit_callbacks(execute=True):
        item = import_one(agency, drafter, dev2("bps-209"))
    item.refresh_from_db()
    assert item.status == ImportFile.Status.WARNINGS
    assert any("berupa gambar" in w for w in item.result["warnings"])
    version = item.version
    assert version.sop.number == "SOP-209/17000/2025"
    assert not version.steps.exists()
    assert version.attachments.get().pages == 2  # the original, to type the steps from


def test_import_every_signed_sample_is_read_none_refused():
    from digitise.reader.reader import read_pdf

    from .pdfs import SAMPLES

    for path in sorted(SAMPLES.glob("**/*.pdf")):
        read_pdf(path.read_bytes())  # raises Refused, naming the file in the traceback, if not read
