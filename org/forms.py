from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import PaperSize, Role, Unit, User
from .validators import validate_nip


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa kembali; huruf besar dan kecil dibedakan."),
        "inactive": _("Akun ini sudah dinonaktifkan. Hubungi admin unit Anda."),
    }


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on ``form``: beside the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class BootstrapForm(forms.Form):
    """Gives every widget Bootstrap's class, so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"
                widget.attrs["aria-invalid"] = "true"


def _unit_choices(units) -> list[tuple[int, str]]:
    return [(u.pk, ("· " * (u.depth - 1)) + f"{u.name} ({u.code})") for u in units]


class UnitForm(BootstrapForm):
    parent = forms.TypedChoiceField(label=_("Unit induk"), coerce=int, required=False, empty_value=None)
    code = forms.CharField(label=_("Kode"), max_length=30)
    name = forms.CharField(label=_("Nama"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Unit.Kind.choices)
    address = forms.CharField(
        label=_("Alamat (dicetak di lembar identitas)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    numbering_pattern = forms.CharField(
        label=_("Pola nomor SOP"),
        required=False,
        max_length=100,
        help_text=_("Contoh: SOP-{seq:03d}/{unit_code}/{year}. Kosong: pola unit induk."),
    )
    planned_sop_count = forms.IntegerField(label=_("Target jumlah SOP"), required=False, min_value=0)
    service_population = forms.IntegerField(
        label=_("Penerima layanan per tahun (populasi SKM)"),
        required=False,
        min_value=0,
        max_value=100_000_000,
        help_text=_("Untuk jumlah responden Survei Kepuasan Masyarakat yang dibutuhkan (tabel Permen PANRB 14/2017)."),
    )
    complaint_answer_days = forms.IntegerField(
        label=_("Batas jawaban pengaduan (hari kerja)"),
        required=False,
        min_value=1,
        max_value=60,
        initial=5,
        help_text=_("Pengaduan masyarakat atas SOP unit ini dijawab paling lambat sekian hari kerja."),
    )
    digitisation_start = forms.DateField(
        label=_("Awal digitalisasi SOP"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Kosong: tanggal unit di atasnya."),
    )
    digitisation_target = forms.DateField(
        label=_("Target seluruh SOP digital"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Kosong: satu tahun setelah awal digitalisasi."),
    )

    def clean_complaint_answer_days(self) -> int:
        return self.cleaned_data["complaint_answer_days"] or 5  # empty: the usual five working days

    def clean(self):
        cleaned = super().clean()
        start, target = cleaned.get("digitisation_start"), cleaned.get("digitisation_target")
        if start and target and target <= start:
            self.add_error("digitisation_target", _("Target harus setelah awal digitalisasi."))
        return cleaned

    logo = forms.ImageField(label=_("Logo (PNG/JPEG, paling besar 1 MB)"), required=False)

    def __init__(self, *args, units=(), editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [u for u in units if not (editing and u.path.startswith(editing.path))]
        self.fields["parent"].choices = [("", _("— tanpa induk (instansi) —")), *_unit_choices(allowed)]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise forms.ValidationError(_("Kode hanya boleh huruf, angka, titik, - dan _."))
        return code

    def clean_numbering_pattern(self):
        from string import Formatter

        pattern = self.cleaned_data["numbering_pattern"].strip()
        try:
            names = {name for _text, name, _spec, _conv in Formatter().parse(pattern) if name is not None}
        except ValueError:
            raise forms.ValidationError(_("Pola tidak sah: periksa kurung kurawalnya.")) from None
        unknown = names - {"seq", "unit_code", "year"}
        if unknown:
            raise forms.ValidationError(
                _("Pola hanya mengenal {seq}, {unit_code} dan {year}; bukan %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            )
        if pattern and "seq" not in names:
            raise forms.ValidationError(_("Pola harus memuat {seq} agar setiap nomor berbeda."))
        return pattern

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo.size > 1024 * 1024:
            raise forms.ValidationError(_("Logo paling besar 1 MB."))
        if logo and getattr(logo, "image", None) is not None and logo.image.format not in ("PNG", "JPEG"):
            raise forms.ValidationError(_("Logo harus berkas PNG atau JPEG."))
        return logo


class UserForm(BootstrapForm):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        error_messages={"invalid": _("Hanya huruf, angka dan . @ + - _.")},
    )
    full_name = forms.CharField(label=_("Nama lengkap (dengan gelar)"), max_length=150)
    nip = forms.CharField(label=_("NIP"), required=False, max_length=18, validators=[validate_nip])
    position_title = forms.CharField(label=_("Jabatan"), required=False, max_length=200)
    email = forms.EmailField(label=_("Surel"), required=False)


class MembershipForm(BootstrapForm):
    person = forms.CharField(label=_("Pengguna (nama pengguna atau NIP)"), max_length=150)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)

    def __init__(self, *args, units=(), roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units)
        if roles is not None:  # the roles the person managing may give (the service decides per unit)
            self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]

    def clean_person(self):
        value = self.cleaned_data["person"].strip()
        user = (
            User.objects.filter(is_active=True).filter(models.Q(username__iexact=value) | models.Q(nip=value)).first()
        )
        if user is None:
            raise forms.ValidationError(_("Tidak ada pengguna aktif dengan nama pengguna atau NIP itu."))
        return user


class ImportForm(BootstrapForm):
    file = forms.FileField(label=_("Berkas CSV atau Excel (.xlsx)"))


class AgencySettingsForm(BootstrapForm):
    paper_size = forms.ChoiceField(
        label=_("Ukuran kertas PDF"), required=False, choices=[("", _("Bawaan server")), *PaperSize.choices]
    )
    review_period_months = forms.IntegerField(label=_("Periode reviu bawaan (bulan)"), min_value=1, max_value=36)
    workday_hours = forms.DecimalField(
        label=_("Jam kerja sehari"),
        min_value=1,
        max_value=24,
        max_digits=4,
        decimal_places=2,
        help_text=_("Untuk menjumlahkan waktu layanan SOP: 1 hari kerja = sekian jam (bawaan 7,5)."),
    )


class PasswordLinkForm(PasswordResetForm):
    """«Lupa kata sandi» also reaches accounts that never had a password (made by the import)."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)


class AuditFilterForm(forms.Form):
    """The filters of the administrators' log (GET parameters, in Indonesian as the page's address)."""

    ACTIONS = [
        ("", _("Semua tindakan")),
        ("version", _("Alur kerja SOP")),
        ("unit", _("Unit")),
        ("user", _("Pengguna")),
        ("membership", _("Peran")),
        ("settings", _("Pengaturan")),
        ("token", _("Token API")),
    ]
    tindakan = forms.ChoiceField(label=_("Tindakan"), choices=ACTIONS, required=False)
    sop = forms.CharField(label=_("SOP (nomor atau judul)"), max_length=100, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=100, required=False)
    oleh = forms.CharField(label=_("Oleh (nama atau nama pengguna)"), max_length=100, required=False)
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CertificateForm(BootstrapForm):
    """A PKCS#12 certificate and the passphrase that opens it (checked, then forgotten, for a head's own)."""

    certificate = forms.FileField(
        label=_("Berkas sertifikat (.p12 / .pfx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx,application/x-pkcs12"}),
        help_text=_("Sertifikat elektronik beserta kunci privatnya, dalam satu berkas PKCS#12 (paling besar 64 KB)."),
    )
    passphrase = forms.CharField(
        label=_("Frasa sandi sertifikat"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class TrustedRootsForm(BootstrapForm):
    trusted_roots = forms.CharField(
        label=_("Sertifikat akar tepercaya (PEM)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "wrap": "off", "class": "font-monospace small"}),
        help_text=_(
            "Tempelkan sertifikat akar penerbit yang diakui (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), "
            "boleh lebih dari satu. Tanda tangan yang rantainya sampai ke salah satunya dinyatakan tepercaya."
        ),
    )
