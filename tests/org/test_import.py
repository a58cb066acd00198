"""Bulk onboarding from CSV or Excel: a preview with every row's errors, then all rows or none."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from org import onboarding, permissions
from org.models import AuditEntry, Membership, User

HEADER = "NIP;Nama;Jabatan;Email;Kode unit;Peran\n"
GOOD = [
    "198805122014022001;Rina Baru, S.E.;Analis;rina.baru@example.go.id;DINAS;penyusun",
    "198805122014022001;Rina Baru, S.E.;Analis;rina.baru@example.go.id;BIDANG;Pemeriksa",
    ";Tono Honorer;Pengadministrasi;tono@example.go.id;BIDANG;admin_unit",
]
BAD = [
    "12345;Salah NIP;Analis;salah@example.go.id;DINAS;penyusun",
    "199001172015031003;Tanpa Unit;Analis;unit@example.go.id;TIDAKADA;penyusun",
    "199001172015031004;Peran Aneh;Analis;peran@example.go.id;DINAS;ketua",
    ";;Analis;bukan-email;DINAS;penyusun",
]


def csv_file(lines, name="pegawai.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + "\n".join(lines) + "\n").encode(), content_type="text/csv")


def xlsx_file(lines, name="pegawai.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for line in [HEADER.strip(), *lines]:
        sheet.append(line.split(";"))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def admin_client(client, superuser, agency):
    client.force_login(superuser)
    return client


def imported() -> int:
    return User.objects.filter(email__endswith="@example.go.id", username__in=["198805122014022001", "tono"]).count()


@pytest.mark.django_db
def test_preview_shows_every_rows_errors_and_saves_nothing(admin_client):
    users, memberships = User.objects.count(), Membership.objects.count()
    response = admin_client.post(reverse("org:user_import"), {"file": csv_file(GOOD + BAD)})
    page = response.content.decode()
    assert "4 baris salah" in page
    for message in [
        "NIP harus terdiri atas 18 angka",
        "Kode unit TIDAKADA tidak ada",
        "Peran «ketua» tidak dikenal",
        "Nama wajib diisi",
        "Email tidak sah",
    ]:
        assert message in page
    assert "Impor 7 baris" not in page  # no import button while a row is wrong
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)


@pytest.mark.django_db
def test_confirming_a_file_with_bad_rows_saves_nothing(admin_client):
    admin_client.post(reverse("org:user_import"), {"file": csv_file(GOOD + BAD)})
    response = admin_client.post(reverse("org:user_import"), {"confirm": "1"}, follow=True)
    assert "tidak ada yang disimpan" in response.content.decode()
    assert imported() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_good_file_imports_users_and_roles_and_mails_the_link(
    admin_client, agency, make_file, django_capture_on_commit_callbacks
):
    preview = admin_client.post(reverse("org:user_import"), {"file": make_file(GOOD)}).content.decode()
    assert "Impor 3 baris" in preview
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("org:user_import"), {"confirm": "1"}, follow=True)
    assert "2 pengguna baru, 3 peran baru" in response.content.decode()
    rina = User.objects.get(nip="198805122014022001")
    assert rina.username == "198805122014022001" and not rina.has_usable_password()
    assert permissions.can_draft(rina, agency.unit) and permissions.can_review(rina, agency.sub)
    tono = User.objects.get(username="tono")
    assert permissions.can_manage_unit(tono, agency.sub) and tono.nip is None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "rina.baru@example.go.id",
        "tono@example.go.id",
    ]
    assert AuditEntry.objects.filter(action="user.import").exists()


@pytest.mark.django_db
def test_rows_that_went_wrong_since_the_preview_save_nothing(admin_client, agency):
    admin_client.post(reverse("org:user_import"), {"file": csv_file(GOOD)})
    agency.sub.is_active = False  # someone deactivates a unit between the preview and the import
    agency.sub.save(update_fields=["is_active"])
    admin_client.post(reverse("org:user_import"), {"confirm": "1"})
    assert imported() == 0 and not Membership.objects.filter(user__email="rina.baru@example.go.id").exists()


@pytest.mark.django_db
def test_a_role_for_an_existing_user_is_added_without_a_new_account(admin_client, agency, drafter):
    drafter.nip = "198805122014022001"
    drafter.save(update_fields=["nip"])
    line = f"198805122014022001;{drafter.full_name};Analis;{drafter.email};BIDANG;pemeriksa"
    preview = admin_client.post(reverse("org:user_import"), {"file": csv_file([line])}).content.decode()
    assert f"Peran baru untuk pengguna {drafter.username}" in preview
    users = User.objects.count()
    admin_client.post(reverse("org:user_import"), {"confirm": "1"})
    assert User.objects.count() == users and permissions.can_review(drafter, agency.sub)


@pytest.mark.django_db
def test_the_same_row_twice_is_an_error(superuser, agency):
    rows = onboarding.check(onboarding.parse((HEADER + GOOD[0] + "\n" + GOOD[0] + "\n").encode()), superuser)
    assert rows[0].errors == [] and rows[1].errors == ["Sama dengan baris 2."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "CSV (UTF-8) atau Excel"),
        (b"PK\x03\x04 bukan excel", "Excel tidak dapat dibaca"),
        (b"Nama,Email\nA,a@example.go.id\n", "Kolom wajib tidak ditemukan"),
        (b"", "Berkas kosong"),
        (b"x" * (onboarding.MAX_BYTES + 1), "terlalu besar"),
    ],
)
def test_unreadable_files_are_refused_by_content_with_a_clear_message(admin_client, content, message):
    response = admin_client.post(reverse("org:user_import"), {"file": SimpleUploadedFile("pegawai.csv", content)})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_importing_roles_is_refused_to_unit_heads(client, head, agency):
    client.force_login(head)
    assert client.post(reverse("org:user_import"), {"file": csv_file(GOOD)}).status_code == 403
    assert imported() == 0
