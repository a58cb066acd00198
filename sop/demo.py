"""Demo content for ``seed_demo``: a fictional kabupaten with realistic SOPs.

Two SOPs are typed in from signed BPS Provinsi Bengkulu documents (shared/samples: bps-001
Penatausahaan Persediaan, bps-011 Revisi Anggaran); the others are typical public services.
Each step is (kind, actor index, kegiatan, kelengkapan, waktu, output, keterangan, targets), where
waktu is "value unit" and targets is {} for "the next step", or {"yes": n, "no": m} for decisions;
targets may also name, under "with", the actors who carry the step out together with its own (the
boxes the signed originals join across lanes).
"""

from sop import durations
from sop.content import StepData

S, A, D, E = "start", "activity", "decision", "end"

DEMO_PASSWORD = "esop-demo-2026"
# The heads who get a DEMO certificate (its passphrase is the demo password), and its organisation.
HEADS = ["hendra", "yusuf", "ahmad", "lestari"]
CERTIFICATE_ORGANISATION = "Pemerintah Kabupaten Sukamaju (DEMO)"
# The SOP that seed_demo revises and establishes with an electronic signature, and the revision's
# change: the stock opname of step 12 done in 3 working days instead of a week.
SIGNED_REVISION = ("SOP-001/UMUM/2025", {12: "3 hari kerja"})
SIGNED_REVISION_CHANGE = (
    "monitoring",
    "Opname fisik akhir periode dipersingkat dari 1 minggu menjadi 3 hari kerja (langkah 12).",
)

UNITS = [
    # code, name, kind, parent code, address
    ("SKM", "Pemerintah Kabupaten Sukamaju", "instansi", None, "Jl. Merdeka No. 1, Sukamaju 39111"),
    ("SETDA", "Sekretariat Daerah", "unit_kerja", "SKM", "Jl. Merdeka No. 1, Sukamaju 39111"),
    ("ORG", "Bagian Organisasi", "sub_unit", "SETDA", ""),
    ("UMUM", "Bagian Umum", "sub_unit", "SETDA", ""),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "unit_kerja", "SKM", "Jl. Sudirman No. 12, Sukamaju"),
    ("PDP", "Bidang Pelayanan Pendaftaran Penduduk", "sub_unit", "DUKCAPIL", ""),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "unit_kerja",
        "SKM",
        "Jl. Ahmad Yani No. 5, Sukamaju",
    ),
    ("BKAD", "Badan Keuangan dan Aset Daerah", "unit_kerja", "SKM", "Jl. Pemuda No. 3, Sukamaju"),
]

# New SOPs begun as a copy of a demo SOP ("Salin menjadi SOP baru"): source number, unit, title, drafter.
COPIES = [("SOP-001/PDP/2025", "PDP", "Pelayanan Penerbitan Kartu Keluarga", "wulan")]
# The agency's library of templates, each from a demo SOP in force: name, source number, description.
TEMPLATES = [
    (
        "Layanan di loket (permohonan, verifikasi berkas, penerbitan)",
        "SOP-001/PDP/2025",
        "Pola layanan publik: pemohon, petugas loket, operator, kepala bidang; keputusan kelengkapan berkas.",
    ),
    (
        "Penatausahaan barang persediaan",
        "SOP-001/UMUM/2025",
        "Pengadaan, pencatatan di kartu kendali dan aplikasi, opname fisik, pelaporan.",
    ),
]
# The SOP inventory each unit plans (an admin's target for the dashboard), by unit code.
PLANNED_SOPS = {"ORG": 6, "UMUM": 10, "PDP": 12, "DPMPTSP": 15, "BKAD": 8}
# People served a year by the units with public services (the satisfaction survey's population).
SERVICE_POPULATION = {"PDP": 9000, "DPMPTSP": 2500}
# The agency's plan to have every SOP in the portal: start and target (the dashboard's first indicator).
DIGITISATION = {"SKM": ("2026-01-05", "2026-12-31")}

USERS = [
    # username, full name, NIP, position, [(unit code, role)]
    ("admin", "Administrator Portal", None, "Administrator e-SOP", []),
    ("rina", "Rina Marlina, S.E.", "198805122014022001", "Pengelola Barang Milik Daerah", [("UMUM", "penyusun")]),
    (
        "bagus",
        "Bagus Prasetyo, S.Kom.",
        "199001172015031003",
        "Analis Kebijakan",
        [("UMUM", "penyusun"), ("BKAD", "penyusun")],
    ),
    (
        "dedi",
        "Dedi Kurniawan, S.Sos., M.AP.",
        "197907202006041002",
        "Analis Organisasi Ahli Muda",
        [("SKM", "pemeriksa")],
    ),
    ("hendra", "Drs. Hendra Saputra, M.Si.", "197203141998031004", "Kepala Bagian Umum", [("UMUM", "pengesah")]),
    ("wulan", "Wulandari, S.H.", "198511032010012002", "Pranata Komputer", [("PDP", "penyusun")]),
    # Staff of the KTP-el counter who carry out SOP-001/PDP/2025 as cases (cases/demo.py).
    ("joko", "Joko Susilo, A.Md.", "199107142019031005", "Petugas Loket Pelayanan", [("PDP", "pegawai")]),
    ("maya", "Maya Anggraini, S.Kom.", "199405302020122004", "Operator Perekaman Data", [("PDP", "pegawai")]),
    (
        "rudi",
        "Rudi Hartono, S.Sos., M.Si.",
        "197808172003121002",
        "Kepala Bidang Pelayanan Pendaftaran Penduduk",
        [("PDP", "pegawai")],
    ),
    (
        "yusuf",
        "Yusuf Hidayat, S.STP., M.Si.",
        "197612112000121001",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        [("DUKCAPIL", "pengesah")],
    ),
    ("sari", "Sari Indah Permata, S.E.", "199203252017082001", "Analis Perizinan", [("DPMPTSP", "penyusun")]),
    (
        "ahmad",
        "Ir. Ahmad Fauzi, M.T.",
        "196909081995031002",
        "Kepala Dinas Penanaman Modal dan PTSP",
        [("DPMPTSP", "pengesah")],
    ),
    (
        "lestari",
        "Lestari Handayani, S.E., M.Ak.",
        "197710252003122003",
        "Kepala Badan Keuangan dan Aset Daerah",
        [("BKAD", "pengesah")],
    ),
    ("tono", "Tono Sutrisno, A.Md.", "198301052009011004", "Pengadministrasi Umum", [("ORG", "admin_unit")]),
]

COMMON_LEGAL = [
    {"kind": "Undang-Undang", "number": "30", "year": 2014, "subject": "Administrasi Pemerintahan"},
    {
        "kind": "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        "number": "35",
        "year": 2012,
        "subject": "Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan",
    },
]

SOPS = [
    {
        "unit": "UMUM",
        "number": "SOP-001/UMUM/2025",
        "baseline": (
            "10 hari kerja",
            "Pencatatan manual Bagian Umum, 2024",
        ),  # waktu layanan sebelum digitalisasi, and its source
        "title": "Proses Umum Penatausahaan Persediaan",
        "public": False,
        "state": "in_force",
        "drafter": "rina",
        "reviewer": "dedi",
        "signer": "hendra",
        "date_created": "2022-07-25",
        "date_revised": "2025-06-02",
        "date_effective": "2025-06-02",
        "legal_bases": [
            {"kind": "Undang-Undang", "number": "17", "year": 2003, "subject": "Keuangan Negara"},
            {"kind": "Undang-Undang", "number": "1", "year": 2004, "subject": "Perbendaharaan Negara"},
            {
                "kind": "Peraturan Pemerintah",
                "number": "28",
                "year": 2020,
                "subject": "Perubahan atas Peraturan Pemerintah Nomor 27 Tahun 2014 tentang Pengelolaan Barang Milik Negara/Daerah",
            },
            {"kind": "Peraturan Pemerintah", "number": "71", "year": 2010, "subject": "Standar Akuntansi Pemerintahan"},
            {
                "kind": "Peraturan Menteri Keuangan",
                "number": "181/PMK.06/2016",
                "year": None,
                "subject": "Penatausahaan Barang Milik Negara",
            },
            *COMMON_LEGAL[1:],
        ],
        "qualifications": [
            "Memahami peraturan terkait penatausahaan barang persediaan",
            "Memiliki kemampuan dalam penatausahaan barang persediaan",
            "Mengetahui mekanisme pengelolaan gudang persediaan",
            "Mengetahui tugas dan fungsinya serta peraturan dan prosedur yang terkait dengan pelayanan gudang persediaan",
            "Memahami dan mampu mengoperasionalkan PC/Laptop",
        ],
        "related": [
            "SOP Proses Utama Pengadaan Barang/Jasa",
            "SOP Alur Barang Persediaan Masuk dengan Cara Pembelian",
            "SOP Alur Barang Persediaan Keluar dengan Cara Pemakaian",
            "SOP Alur Distribusi Barang Persediaan dengan Cara Transfer",
            "SOP Alur Pelaporan Barang Persediaan",
        ],
        "equipment": [
            "PC/Laptop",
            "Alat Tulis Kantor (ATK)",
            "Jaringan Internet",
            "Kartu Kendali Barang Persediaan",
            "Filling Cabinet",
        ],
        "warnings": [
            "Jika SOP ini tidak dilaksanakan, pengelolaan barang persediaan tidak berjalan dengan baik dan berimbas "
            "pada penilaian kinerja serta sanksi sesuai peraturan yang berlaku"
        ],
        "records": [
            "Pencatatan barang persediaan pada Kartu Kendali Barang Persediaan dan Aplikasi SAKTI Modul Persediaan"
        ],
        "actors": [
            "Bagian Umum/Subbag Umum",
            "Pejabat Pembuat Komitmen (PPK)",
            "Operator/Approver SAKTI Modul Persediaan",
        ],
        "steps": [
            (
                S,
                0,
                "Membuat matriks/daftar kebutuhan barang persediaan berupa ATK/bahan cetakan/computer supplies",
                "1. Data persediaan terakhir\n2. Data pemakaian tahun lalu\n3. Rencana kebutuhan barang dari subject matter",
                "10 hari",
                "Matriks Kebutuhan Barang",
                "SOP Proses Utama Pengadaan Barang/Jasa",
                {},
            ),
            (
                A,
                1,
                "Melaksanakan perencanaan pengadaan barang persediaan",
                "1. Renja K/L\n2. RKA K/L\n3. DIPA",
                "60 hari",
                "1. Draf spesifikasi teknis/KAK\n2. HPS/RAB\n3. Jadwal\n4. RUP",
                "SOP Proses Utama Pengadaan Barang/Jasa",
                {},
            ),
            (
                A,
                1,
                "Melaksanakan pengadaan barang persediaan",
                "1. Draf spesifikasi teknis/KAK\n2. HPS/RAB\n3. Jadwal\n4. RUP",
                "Sesuai masa kontrak",
                "1. SPPBJ\n2. Kontrak\n3. Pelaksanaan pekerjaan\n4. BAST",
                "SOP Proses Utama Pengadaan Barang/Jasa",
                {},
            ),
            (
                A,
                0,
                "Menerima hasil pekerjaan pengadaan barang persediaan",
                "Salinan BAST/Kwitansi/Faktur/Invoice",
                "1 hari",
                "Hasil pekerjaan/barang diterima",
                "SOP Proses Utama Pengadaan Barang/Jasa",
                {},
            ),
            (
                A,
                0,
                "Menyerahkan BAST hasil pekerjaan/kwitansi/faktur/invoice pengadaan barang persediaan",
                "Salinan BAST/Kwitansi/Faktur/Invoice",
                "10 menit",
                "Arsip salinan BAST/Kwitansi/Faktur/Invoice",
                "SOP Alur Barang Persediaan Masuk dengan Cara Pembelian",
                {},
            ),
            (
                A,
                2,
                "Menerima dan menyimpan barang persediaan yang diperoleh dengan cara pengadaan",
                "Salinan BAST/Kwitansi/Faktur/Invoice",
                "1 hari",
                "Barang tersimpan",
                "SOP Alur Barang Persediaan Masuk dengan Cara Pembelian",
                {},
            ),
            (
                A,
                2,
                "Mencatat barang persediaan masuk di Kartu Kendali Barang Persediaan dan Aplikasi SAKTI Modul Persediaan",
                "Salinan BAST/Kwitansi/Faktur/Invoice",
                "2 jam",
                "Data barang pada Kartu Kendali dan Aplikasi SAKTI terbarui",
                "SOP Alur Barang Persediaan Masuk dengan Cara Pembelian",
                {"with": [0]},
            ),
            (
                A,
                2,
                "Mempersiapkan barang persediaan sesuai dengan permintaan barang persediaan yang telah disetujui",
                "Bon Permintaan Barang",
                "15 menit",
                "Barang sesuai bon permintaan yang disetujui",
                "SOP Alur Barang Persediaan Keluar dengan Cara Pemakaian",
                {},
            ),
            (
                A,
                2,
                "Menyerahkan barang dan salinan bon permintaan barang yang sudah disetujui sebagai bukti serah terima barang",
                "1. Permintaan barang yang disetujui\n2. Salinan bon permintaan barang",
                "10 menit",
                "1. Barang terdistribusi\n2. Arsip bon permintaan barang",
                "SOP Alur Barang Persediaan Keluar dengan Cara Pemakaian",
                {},
            ),
            (
                A,
                2,
                "Mencatat barang persediaan keluar pada Kartu Kendali Barang Persediaan dan Aplikasi SAKTI Modul Persediaan",
                "1. Kartu Kendali Barang Persediaan\n2. ATK\n3. PC/Laptop\n4. Jaringan internet",
                "1 jam",
                "Data barang pada Kartu Kendali dan Aplikasi SAKTI terbarui",
                "SOP Alur Barang Persediaan Keluar dengan Cara Pemakaian",
                {"with": [0]},
            ),
            (
                A,
                2,
                "Mencatat seluruh transaksi keluar masuk barang persediaan lainnya",
                "1. Kartu Kendali Barang Persediaan\n2. ATK\n3. PC/Laptop\n4. Jaringan internet",
                "2 jam",
                "Data barang pada Kartu Kendali dan Aplikasi SAKTI terbarui",
                "SOP Alur Pelaporan Barang Persediaan",
                {},
            ),
            (
                A,
                0,
                "Melakukan opname fisik pada setiap akhir periode pelaporan",
                "1. Dokumen bahan opname fisik\n2. ATK",
                "1 minggu",
                "Dokumen bahan opname fisik yang sudah terisi stok terakhir gudang",
                "SOP Alur Pelaporan Barang Persediaan",
                {},
            ),
            (
                A,
                0,
                "Membuat Berita Acara Opname Fisik",
                "1. Dokumen bahan opname fisik\n2. PC/Laptop",
                "1 hari",
                "Berita Acara Opname Fisik",
                "SOP Alur Pelaporan Barang Persediaan",
                {},
            ),
            (
                A,
                2,
                "Mencatat hasil opname fisik pada Kartu Kendali Barang Persediaan dan Aplikasi SAKTI Modul Persediaan",
                "1. Kartu Kendali Barang Persediaan\n2. ATK\n3. PC/Laptop\n4. Jaringan internet",
                "1 jam",
                "Data barang pada Kartu Kendali dan Aplikasi SAKTI terbarui",
                "SOP Alur Pelaporan Barang Persediaan",
                {"with": [0]},
            ),
            (
                A,
                2,
                "Melakukan tutup periode pelaporan pada Aplikasi SAKTI Modul Persediaan",
                "1. PC/Laptop\n2. Jaringan internet",
                "10 menit",
                "Saldo akhir (periode balance) persediaan per periode",
                "SOP Alur Pelaporan Barang Persediaan",
                {},
            ),
            (
                A,
                2,
                "Melakukan penyusunan Laporan Persediaan",
                "1. PC/Laptop\n2. Jaringan internet",
                "1 hari",
                "Laporan Persediaan yang disertai Berita Acara Opname Fisik",
                "SOP Alur Pelaporan Barang Persediaan",
                {},
            ),
            (
                E,
                0,
                "Mengarsipkan Laporan Persediaan, Berita Acara Opname Fisik, dan dokumen pendukung keluar masuk barang persediaan",
                "1. Filling Cabinet\n2. PC/Laptop",
                "10 menit",
                "Arsip Laporan Persediaan, Berita Acara Opname Fisik, dan dokumen pendukung",
                "SOP Alur Pelaporan Barang Persediaan",
                {},
            ),
        ],
    },
    {
        "unit": "BKAD",
        "number": "SOP-002/BKAD/2025",
        "baseline": (
            "15 hari kerja",
            "SOP Revisi Anggaran lama (2019)",
        ),  # waktu layanan sebelum digitalisasi, and its source
        "title": "Revisi Anggaran",
        "public": False,
        "state": "in_force",
        "signer": "lestari",
        "date_created": "2025-06-02",
        "date_revised": None,
        "date_effective": "2025-06-02",
        "legal_bases": [
            {"kind": "Undang-Undang", "number": "17", "year": 2003, "subject": "Keuangan Negara"},
            {
                "kind": "Peraturan Menteri Keuangan",
                "number": "62",
                "year": 2023,
                "subject": "Perencanaan Anggaran, serta Akuntansi dan Pelaporan Keuangan",
            },
            *COMMON_LEGAL[1:],
        ],
        "qualifications": [
            "Eselon II",
            "Eselon III / Fungsional Ahli Madya",
            "Tim Kerja",
            "Staf Pelaksana / Fungsional Tertentu",
            "Instansi Terkait",
        ],
        "related": ["SOP Penyusunan Rencana Kerja dan Anggaran", "Standar Biaya Masukan (SBM) 2025"],
        "equipment": ["Komputer/Laptop", "Microsoft Excel", "Printer", "Kertas", "Aplikasi BOS", "Aplikasi SAKTI"],
        "warnings": ["Kegiatan dilakukan sesuai PMK, SBM, dan standar biaya kegiatan tahun berjalan"],
        "records": ["Melakukan revisi di Aplikasi Back Office Selindo (BOS) dan Aplikasi SAKTI"],
        "actors": ["Ketua Tim Kerja", "Tim Perencanaan, Penganggaran dan Evaluasi", "PPK", "Admin Anggaran", "KPA"],
        "steps": [
            (
                S,
                0,
                "Menyusun matriks revisi",
                "POK dan realisasi anggaran",
                "Sebelum periode revisi bulan berjalan",  # as the signed original writes it
                "Matriks usulan perubahan anggaran tim kerja",
                "",
                {},
            ),
            (
                A,
                1,
                "Menginput usulan revisi melalui Sistem Backoffice Selindo (BOS)",
                "Aplikasi BOS, matriks revisi",
                "1 hari",
                "Usulan revisi pada BOS",
                "",
                {},
            ),
            (
                A,
                1,
                "Mengirim usulan revisi ke PPK",
                "Aplikasi BOS",
                "1 hari",
                "Usulan revisi terinput pada BOS",
                "",
                {},
            ),
            (
                A,
                2,
                "Memeriksa, menguji, dan menyetujui usulan revisi",
                "Aplikasi BOS",
                "1 hari",
                "Usulan revisi yang diperiksa",
                "",
                {},
            ),
            (
                D,
                3,
                "Perubahan yang diusulkan sudah sesuai dengan aturan yang berlaku?",
                "Aplikasi BOS, PMK, SBM, Bagan Akun Standar",
                "1 hari",
                "Validasi usulan revisi",
                "Tidak: kembali ke langkah 2",
                {"yes": 6, "no": 2},
            ),
            (
                D,
                2,
                "Usulan revisi disetujui PPK?",
                "Aplikasi BOS",
                "1 hari",
                "Persetujuan usulan revisi",
                "Tidak: kembali ke langkah 2",
                {"yes": 7, "no": 2},
            ),
            (
                A,
                3,
                "Menyampaikan rekomendasi revisi kepada KPA",
                "Aplikasi BOS",
                "1 hari",
                "Rekomendasi revisi",
                "",
                {},
            ),
            (
                D,
                4,
                "Revisi disetujui KPA?",
                "Aplikasi BOS",
                "1 hari",
                "Approval revisi",
                "Tidak: kembali ke langkah 7",
                {"yes": 9, "no": 7},
            ),
            (
                A,
                3,
                "Memproses (input, validasi, backup) data perubahan anggaran pada Aplikasi SAKTI",
                "Aplikasi SAKTI",
                "2 hari",
                "Revisi tersedia pada Aplikasi SAKTI",
                "",
                {},
            ),
            (
                A,
                3,
                "Mencetak hasil revisi dan melaporkan kepada KPA dan PPK untuk dilegalisasi",
                "Aplikasi SAKTI",
                "1 hari",
                "Hasil revisi SAKTI",
                "",
                {},
            ),
            (
                A,
                4,
                "Menyetujui dan melegalisasi hasil revisi di SAKTI",
                "Aplikasi SAKTI",
                "1 hari",
                "Revisi terverifikasi",
                "",
                {"with": [2]},
            ),
            (
                E,
                0,
                "Menerima daftar hasil revisi",
                "Aplikasi SAKTI, Aplikasi BOS",
                "1 hari",
                "Hasil revisi siap digunakan",
                "",
                {},
            ),
        ],
    },
    {
        "unit": "PDP",
        "number": "SOP-001/PDP/2025",
        "baseline": (
            "14 hari kerja",
            "Survei waktu layanan Disdukcapil, 2024",
        ),  # waktu layanan sebelum digitalisasi, and its source
        "title": "Pelayanan Penerbitan KTP Elektronik",
        "public": True,
        "state": "in_force",
        "signer": "yusuf",
        "date_created": "2025-01-10",
        "date_revised": None,
        "date_effective": "2025-02-03",
        "legal_bases": [
            {
                "kind": "Undang-Undang",
                "number": "24",
                "year": 2013,
                "subject": "Perubahan atas Undang-Undang Nomor 23 Tahun 2006 tentang Administrasi Kependudukan",
            },
            {
                "kind": "Peraturan Presiden",
                "number": "96",
                "year": 2018,
                "subject": "Persyaratan dan Tata Cara Pendaftaran Penduduk dan Pencatatan Sipil",
            },
            {"kind": "Undang-Undang", "number": "25", "year": 2009, "subject": "Pelayanan Publik"},
            *COMMON_LEGAL[1:],
        ],
        "qualifications": [
            "Memahami peraturan administrasi kependudukan",
            "Mampu mengoperasikan aplikasi SIAK Terpusat",
            "Mampu mengoperasikan alat perekaman biometrik",
            "Mampu berkomunikasi dengan baik kepada pemohon",
        ],
        "related": [
            "SOP Pelayanan Perekaman Data Kependudukan",
            "SOP Pengelolaan Blangko KTP-el",
            {"sop": "SOP-001/UMUM/2025", "relation": "terkait"},  # blangko are persediaan: an SOP of the portal
        ],
        "equipment": [
            "Komputer dengan aplikasi SIAK Terpusat",
            "Alat perekaman biometrik (sidik jari, iris, kamera)",
            "Printer kartu KTP-el",
            "Blangko KTP-el",
            "Jaringan internet",
        ],
        "warnings": [
            "Jika SOP ini tidak dilaksanakan, penerbitan KTP-el terlambat dan pelayanan publik tidak memenuhi standar pelayanan"
        ],
        "records": ["Buku register penerbitan KTP-el", "Basis data kependudukan SIAK Terpusat"],
        "actors": ["Pemohon", "Petugas Loket", "Operator Perekaman", "Kepala Bidang Pelayanan Pendaftaran Penduduk"],
        "steps": [
            (
                S,
                0,
                "Menyerahkan berkas permohonan KTP-el",
                "Fotokopi Kartu Keluarga, surat pengantar (bila ada)",
                "5 menit",
                "Berkas permohonan",
                "",
                {},
            ),
            (
                A,
                1,
                "Menerima dan memeriksa kelengkapan berkas permohonan",
                "Berkas permohonan",
                "10 menit",
                "Berkas diperiksa",
                "",
                {},
            ),
            (
                D,
                1,
                "Berkas lengkap dan sah?",
                "Berkas permohonan",
                "5 menit",
                "Hasil pemeriksaan berkas",
                "Tidak: berkas dikembalikan kepada pemohon untuk dilengkapi",
                {"yes": 4, "no": 1},
            ),
            (
                A,
                1,
                "Mencatat permohonan dalam buku register dan memberikan nomor antrean perekaman",
                "Berkas lengkap",
                "5 menit",
                "Nomor antrean",
                "",
                {},
            ),
            (
                A,
                2,
                "Melakukan perekaman data biometrik pemohon",
                "Nomor antrean, alat perekaman",
                "15 menit",
                "Data biometrik terekam",
                "SOP Pelayanan Perekaman Data Kependudukan",
                {},
            ),
            (
                D,
                2,
                "Data biometrik berhasil dipadankan (tidak ganda)?",
                "Data biometrik",
                "1 hari",
                "Status padan data",
                "Tidak: perekaman ulang",
                {"yes": 7, "no": 5},
            ),
            (
                A,
                3,
                "Memverifikasi dan menyetujui pencetakan KTP-el",
                "Status padan data",
                "30 menit",
                "Persetujuan cetak",
                "",
                {},
            ),
            (
                A,
                2,
                "Mencetak KTP-el",
                "Blangko KTP-el, printer kartu",
                "10 menit",
                "KTP-el tercetak",
                "SOP Pengelolaan Blangko KTP-el",
                {},
            ),
            (
                A,
                1,
                "Menyerahkan KTP-el kepada pemohon dan meminta tanda terima",
                "KTP-el, buku register",
                "5 menit",
                "Tanda terima",
                "",
                {},
            ),
            (E, 0, "Menerima KTP-el", "Tanda terima", "5 menit", "KTP-el diterima pemohon", "", {}),
        ],
    },
    {
        "unit": "DPMPTSP",
        "number": "SOP-001/DPMPTSP/2026",
        "baseline": (
            "30 hari kerja",
            "Rekapitulasi pengaduan 2025",
        ),  # waktu layanan sebelum digitalisasi, and its source
        "title": "Penanganan Pengaduan Masyarakat atas Layanan Perizinan",
        "public": True,
        "state": "draft",
        # Submitted by its drafter, then returned by the reviewer with remarks to answer.
        "review": {
            "drafter": "sari",
            "reviewer": "dedi",
            "comments": [
                (3, "Siapa yang memutuskan kewenangan? Sebutkan dasar penolakannya di kolom Keterangan."),
                (None, "Lengkapi dasar hukum dengan Peraturan Bupati tentang pelayanan perizinan."),
            ],
            "return": "Waktu penanganan langkah 4 dan 5 belum sesuai janji 14 hari kerja; mohon diperbaiki.",
            "fixes": [
                (
                    3,
                    {
                        "notes": "Diputuskan Kepala Bidang Pelayanan. Tidak: diteruskan ke instansi berwenang "
                        "(Perbup Sukamaju No. 12 Tahun 2024 Pasal 8)."
                    },
                )
            ],
            "answers": [(3, "Kepala Bidang Pelayanan yang memutuskan; dasar penolakan sudah di Keterangan.")],
        },
        "signer": None,
        "date_created": "2026-10-01",
        "date_revised": None,
        "date_effective": None,
        "legal_bases": [
            {"kind": "Undang-Undang", "number": "25", "year": 2009, "subject": "Pelayanan Publik"},
            {
                "kind": "Peraturan Presiden",
                "number": "76",
                "year": 2013,
                "subject": "Pengelolaan Pengaduan Pelayanan Publik",
            },
            *COMMON_LEGAL[1:],
        ],
        "qualifications": [
            "Memahami standar pelayanan perizinan",
            "Mampu mengoperasikan aplikasi SP4N-LAPOR!",
            "Mampu berkomunikasi dengan baik",
        ],
        "related": [{"text": "SOP Penerbitan Perizinan Berusaha", "relation": "prasyarat"}],
        "purpose": "Menjamin setiap pengaduan masyarakat atas layanan perizinan dicatat, ditangani dan dijawab "
        "dalam 14 hari kerja.",
        "scope": "Pengaduan atas layanan perizinan DPMPTSP yang masuk melalui loket, telepon atau SP4N-LAPOR!.",
        "definitions": "Pengaduan: penyampaian keluhan masyarakat atas layanan yang tidak sesuai standar pelayanan.",
        "equipment": ["Komputer", "Aplikasi SP4N-LAPOR!", "Formulir pengaduan", "Telepon"],
        "warnings": ["Pengaduan yang tidak ditangani dalam 14 hari kerja menurunkan indeks kepuasan masyarakat"],
        "records": ["Register pengaduan", "Laporan bulanan penanganan pengaduan"],
        "actors": ["Petugas Pengaduan", "Kepala Bidang Pelayanan", "Tim Teknis", "Kepala Dinas"],
        "steps": [
            (
                S,
                0,
                "Menerima pengaduan dari masyarakat melalui loket, telepon, atau SP4N-LAPOR!",
                "Formulir pengaduan",
                "15 menit",
                "Pengaduan tercatat",
                "",
                {},
            ),
            (
                A,
                0,
                "Mencatat pengaduan dalam register dan memberikan nomor tiket",
                "Pengaduan tercatat",
                "10 menit",
                "Nomor tiket pengaduan",
                "",
                {},
            ),
            (
                D,
                1,
                "Pengaduan termasuk kewenangan DPMPTSP?",
                "Register pengaduan",
                "1 hari",
                "Disposisi",
                "Tidak: diteruskan ke instansi berwenang",
                {"yes": 4, "no": 8},
            ),
            (
                A,
                2,
                "Menelaah pengaduan dan menyiapkan tanggapan",
                "Disposisi, berkas perizinan terkait",
                "5 hari",
                "Draf tanggapan",
                "",
                {},
            ),
            (
                D,
                1,
                "Draf tanggapan sudah tepat?",
                "Draf tanggapan",
                "1 hari",
                "Hasil telaah",
                "Tidak: diperbaiki Tim Teknis",
                {"yes": 6, "no": 4},
            ),
            (A, 3, "Menandatangani surat tanggapan pengaduan", "Draf tanggapan", "1 hari", "Surat tanggapan", "", {}),
            (
                A,
                0,
                "Menyampaikan tanggapan kepada pengadu dan memperbarui status tiket",
                "Surat tanggapan",
                "30 menit",
                "Tanggapan terkirim",
                "",
                {},
            ),
            (
                E,
                0,
                "Menutup tiket pengaduan dan mengarsipkan berkas",
                "Register pengaduan",
                "10 menit",
                "Tiket ditutup",
                "",
                {},
            ),
        ],
    },
]


def steps_from(rows, times: dict[int, str] | None = None) -> list[StepData]:
    """Steps from rows of (kind, actor, kegiatan, kelengkapan, waktu, output, keterangan, targets), as
    the demo's specs write them; ``targets`` may give next, yes and no, ``times`` other waktu by step."""
    steps = []
    for n, (kind, actor, text, requirements, duration, output, notes, targets) in enumerate(rows, 1):
        steps.append(
            StepData(
                number=n,
                kind=kind,
                text=text,
                actor=actor,
                requirements=requirements,
                **durations.read((times or {}).get(n, duration)).fields(),
                output=output,
                notes=notes,
                next=targets.get("next", None if kind in ("end", "decision") else n + 1),
                yes=targets.get("yes"),
                no=targets.get("no"),
                co_actors=tuple(targets.get("with", ())),
            )
        )
    return steps
