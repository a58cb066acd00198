"""Bulk onboarding: users and their roles from a CSV or Excel file.

``parse`` reads the file (by its content, not its name) into rows; ``check`` validates every row
against the database and the other rows, so the preview can show every error before anything is
saved; ``users_import`` saves all rows or none.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from esop.text import looks_like_formula

from . import permissions, services
from .models import Role, Unit, User
from .validators import validate_nip

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# Accepted header names (lower case, spaces and underscores alike) for each column.
HEADERS = {
    "nip": {"nip"},
    "full_name": {"nama", "nama lengkap", "name", "full name"},
    "position_title": {"jabatan", "position", "position title"},
    "email": {"email", "e-mail", "surel"},
    "unit_code": {"kode unit", "unit", "unit code", "kode"},
    "role": {"peran", "role"},
}
REQUIRED = ("full_name", "email", "unit_code", "role")
ROLE_NAMES = {
    **{value: value for value in Role.values},
    **{str(label).lower(): value for value, label in Role.choices},
    "pengesah": Role.HEAD,
    "kepala unit": Role.HEAD,
    "admin unit": Role.UNIT_ADMIN,
    "drafter": Role.DRAFTER,
    "reviewer": Role.REVIEWER,
    "head": Role.HEAD,
}


class ImportFileError(Exception):
    """The file cannot be read at all (wrong kind, too large, no header)."""


@dataclass
class Row:
    line: int  # the line (CSV) or row (Excel) number people see in their file
    nip: str = ""
    full_name: str = ""
    position_title: str = ""
    email: str = ""
    unit_code: str = ""
    role: str = ""
    errors: list[str] = field(default_factory=list)
    existing_user: str = ""  # username of the user the row adds a role to, if they exist

    @property
    def username(self) -> str:
        return self.nip or self.email.split("@")[0].lower()


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("Berkas Excel tidak dapat dibaca.")) from error
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else str(v).strip() for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Berkas harus CSV (UTF-8) atau Excel (.xlsx).")) from None
    if "\x00" in text:
        raise ImportFileError(_("Berkas harus CSV (UTF-8) atau Excel (.xlsx)."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def parse(data: bytes) -> list[Row]:
    """Rows of the file; raises ImportFileError when it is not a readable CSV or Excel file."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Berkas terlalu besar (paling besar 2 MB)."))
    table = _read_xlsx(data) if data[:4] == b"PK\x03\x04" else _read_csv(data)
    table = [r for r in table if any(r)]
    if not table:
        raise ImportFileError(_("Berkas kosong."))
    header = [h.lower().replace("_", " ").strip() for h in table[0]]
    columns = {}
    for name, accepted in HEADERS.items():
        for index, title in enumerate(header):
            if title in accepted:
                columns[name] = index
                break
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportFileError(
            _(
                "Kolom wajib tidak ditemukan: %(cols)s. Baris pertama harus judul kolom: NIP, Nama, Jabatan, Email, Kode unit, Peran."
            )
            % {"cols": ", ".join(missing)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("Paling banyak %(n)s baris sekali impor.") % {"n": MAX_ROWS})
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = {name: (values[i] if i < len(values) else "") for name, i in columns.items()}
        rows.append(Row(line=number, **{k: v[:300] for k, v in cells.items()}))
    return rows


def check(rows: list[Row], actor: User) -> list[Row]:
    """Fill every row's ``errors`` (empty when it can be imported); a fixed number of queries."""
    units = {u.code.lower(): u for u in Unit.objects.all()}
    manageable = set(permissions.units_with_perm(actor, permissions.MANAGE).values_list("pk", flat=True))
    nips = [r.nip for r in rows if r.nip]
    emails = [r.email.lower() for r in rows if r.email]
    by_nip = {u.nip: u for u in User.objects.filter(nip__in=nips)}
    by_email = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    by_username = {u.username.lower(): u for u in User.objects.filter(username__in=[r.username for r in rows])}
    seen: dict[tuple, int] = {}
    person_of: dict[str, tuple] = {}
    for row in rows:
        row.errors = []
        if not row.full_name:
            row.errors.append(_("Nama wajib diisi."))
        for label, value in ((_("Nama"), row.full_name), (_("Jabatan"), row.position_title)):
            if looks_like_formula(value):
                row.errors.append(
                    _("%(field)s tidak boleh diawali = + - @ atau tab (dapat dijalankan sebagai rumus).")
                    % {"field": label}
                )
        if row.nip:
            try:
                validate_nip(row.nip)
            except ValidationError as error:
                row.errors += error.messages
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(_("Email tidak sah."))
        unit = units.get(row.unit_code.lower())
        if unit is None:
            row.errors.append(_("Kode unit %(code)s tidak ada.") % {"code": row.unit_code or "-"})
        elif not unit.is_active:
            row.errors.append(_("Unit %(code)s tidak aktif.") % {"code": unit.code})
        elif unit.pk not in manageable:
            row.errors.append(_("Anda tidak berwenang mengelola unit %(code)s.") % {"code": unit.code})
        role = ROLE_NAMES.get(row.role.lower().strip())
        if role is None:
            row.errors.append(
                _("Peran «%(role)s» tidak dikenal (penyusun, pemeriksa, pengesah, admin_unit).") % {"role": row.role}
            )
        else:
            row.role = role
        existing = by_nip.get(row.nip) if row.nip else None
        existing = existing or by_email.get(row.email.lower())
        if existing is not None:
            row.existing_user = existing.username
            if existing.pk == actor.pk:
                row.errors.append(_("Anda tidak dapat mengubah peran Anda sendiri."))
            if row.nip and existing.nip and existing.nip != row.nip:
                row.errors.append(_("Email ini milik pengguna lain dengan NIP berbeda."))
        elif row.username.lower() in by_username:
            row.errors.append(_("Nama pengguna %(u)s sudah dipakai orang lain.") % {"u": row.username})
        person = (row.nip, row.email.lower(), row.full_name)
        key = row.nip or row.email.lower()
        if key in person_of and person_of[key] != person:
            row.errors.append(_("Orang yang sama tertulis dengan data berbeda pada baris lain."))
        person_of.setdefault(key, person)
        duplicate = (key, row.unit_code.lower(), row.role)
        if duplicate in seen:
            row.errors.append(_("Sama dengan baris %(n)s.") % {"n": seen[duplicate]})
        seen.setdefault(duplicate, row.line)
    return rows


@dataclass(frozen=True)
class ImportResult:
    users_created: int
    memberships_created: int


@transaction.atomic
def users_import(*, actor: User, rows: list[Row], ip=None) -> ImportResult:
    """Create the users and grant the roles of every row, or nothing at all when any row is wrong.

    The rows are checked again here, inside the transaction: what the preview showed may have
    changed since. Raises ValidationError listing the rows in error.
    """
    services.require_admin(actor)
    check(rows, actor)
    wrong = [r for r in rows if r.errors]
    if wrong:
        raise ValidationError([_("Baris %(n)s: %(e)s") % {"n": r.line, "e": " ".join(r.errors)} for r in wrong[:50]])
    units = {u.code.lower(): u for u in Unit.objects.all()}
    users: dict[str, User] = {}
    created = granted = 0
    for row in rows:
        key = row.nip or row.email.lower()
        user = users.get(key)
        if user is None:
            user = User.objects.filter(username=row.existing_user).first() if row.existing_user else None
            if user is None:
                user = services.user_create(
                    actor=actor,
                    username=row.username,
                    ip=ip,
                    full_name=row.full_name,
                    nip=row.nip,
                    position_title=row.position_title,
                    email=row.email,
                )
                created += 1
            users[key] = user
        before = user.memberships.count()
        services.membership_grant(user=user, unit=units[row.unit_code.lower()], role=row.role, actor=actor, ip=ip)
        granted += user.memberships.count() - before
    services.audit(
        actor=actor,
        action="user.import",
        target=_("%(n)s baris") % {"n": len(rows)},
        details={"users_created": created, "memberships_created": granted},
        ip=ip,
    )
    return ImportResult(users_created=created, memberships_created=granted)


def to_session(rows: list[Row]) -> list[dict]:
    return [asdict(r) for r in rows]


def from_session(data: list[dict]) -> list[Row]:
    return [Row(**{k: v for k, v in d.items() if k != "errors"}) for d in data]
