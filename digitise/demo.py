"""The demo's archive: what an agency really has before the portal (an SOP signed on paper years
ago, and a letter someone put in the same folder), printed as PDFs and imported as one batch by
``seed_demo_import``, so that the import pages of `make run` show a draft read from a PDF and a
refusal with its reason."""

from __future__ import annotations

import datetime

from sop.content import ActorData, LegalBasisData, VersionContent
from sop.demo import steps_from

UNIT, DRAFTER = "BKAD", "bagus"
SOP_FILE = "SOP Surat Keterangan Bebas Tunggakan (arsip 2023).pdf"
LETTER_FILE = "Undangan rapat koordinasi.pdf"

_STEPS = [
    # kind, actor, kegiatan, kelengkapan, waktu, output, keterangan, next / ya / tidak
    (
        "start",
        0,
        "Menerima permohonan surat keterangan bebas tunggakan pajak daerah",
        "Formulir permohonan, KTP, SPPT tahun berjalan",
        "15 menit",
        "Berkas permohonan",
        "",
        {},
    ),
    (
        "activity",
        0,
        "Memeriksa data tunggakan pajak pemohon pada aplikasi SIMPAD",
        "Berkas permohonan, aplikasi SIMPAD",
        "1 jam",
        "Hasil pemeriksaan tunggakan",
        "",
        {},
    ),
    (
        "decision",
        1,
        "Apakah seluruh kewajiban pajak telah lunas?",
        "Hasil pemeriksaan tunggakan",
        "30 menit",
        "Keputusan",
        "",
        {"yes": 5, "no": 4},
    ),
    (
        "activity",
        0,
        "Memberitahukan tunggakan kepada pemohon untuk dilunasi",
        "Rincian tunggakan",
        "1 hari kerja",
        "Surat pemberitahuan tunggakan",
        "",
        {"next": 2},
    ),
    (
        "activity",
        0,
        "Menyusun konsep surat keterangan bebas tunggakan",
        "Hasil pemeriksaan tunggakan",
        "1 jam",
        "Konsep surat keterangan",
        "",
        {},
    ),
    (
        "activity",
        2,
        "Memeriksa dan menandatangani surat keterangan",
        "Konsep surat keterangan",
        "1 hari kerja",
        "Surat keterangan bertanda tangan",
        "",
        {},
    ),
    (
        "end",
        0,
        "Menyerahkan surat keterangan kepada pemohon",
        "Surat keterangan bertanda tangan",
        "15 menit",
        "Surat keterangan bebas tunggakan",
        "",
        {},
    ),
]


def archive_sop() -> VersionContent:
    """The SOP as it was signed on paper in 2023 (not yet in the portal)."""
    return VersionContent(
        number="SOP-007/BKAD/2023",
        title="Pelayanan Surat Keterangan Bebas Tunggakan Pajak Daerah",
        status="in_force",
        unit_lines=("Pemerintah Kabupaten Sukamaju", "Badan Keuangan dan Aset Daerah"),
        date_created=datetime.date(2023, 3, 6),
        date_effective=datetime.date(2023, 4, 3),
        signer_name="Lestari Handayani, S.E., M.Ak.",
        signer_nip="197710252003122003",
        signer_position="Kepala Badan Keuangan dan Aset Daerah",
        legal_bases=(
            LegalBasisData(
                "Undang-Undang", "1", 2022, "Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah"
            ),
            LegalBasisData("Peraturan Daerah Kabupaten Sukamaju", "2", 2023, "Pajak Daerah dan Retribusi Daerah"),
        ),
        qualifications=("Memahami peraturan pajak daerah", "Mampu mengoperasikan aplikasi SIMPAD"),
        equipment=("PC/Laptop", "Aplikasi SIMPAD", "Printer"),
        warnings=("Surat keterangan tidak dapat diterbitkan bila masih ada tunggakan pajak daerah.",),
        records=("Register surat keterangan bebas tunggakan",),
        actors=(
            ActorData(0, "Pelaksana Pelayanan"),
            ActorData(1, "Bendahara Penerimaan"),
            ActorData(2, "Kepala Bidang Pendapatan"),
        ),
        steps=tuple(steps_from(_STEPS)),
    )


LETTER_HTML = """<!doctype html><html lang="id"><head><meta charset="utf-8"><style>
body { font-family: sans-serif; font-size: 11pt; margin: 30mm; }</style></head><body>
<p>PEMERINTAH KABUPATEN SUKAMAJU<br>BADAN KEUANGAN DAN ASET DAERAH</p>
<p>Nomor: 005/112/BKAD/2024<br>Perihal: Undangan rapat koordinasi</p>
<p>Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri rapat koordinasi penyusunan SOP pada
hari Senin, 5 Februari 2024, pukul 09.00 WIB, di ruang rapat BKAD.</p>
<p>Kepala Badan Keuangan dan Aset Daerah</p></body></html>"""
