import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from org.forms import BootstrapForm

from . import durations
from .enums import ChangeReason
from .models import RelatedSOP, SOPTemplate, StepKind, VersionStatus
from .search import MAX_QUERY


class QueryField(forms.CharField):
    """Words to search: a longer text than the search reads is cut, never refused (a list page
    answers whatever is in its address)."""

    def __init__(self, *, max_length: int, **kwargs):
        self.cut_at = max_length  # widget_attrs, called by the parent's __init__, reads it
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.cut_at)}

    def to_python(self, value):
        return super().to_python(value)[: self.cut_at]


class SOPFilterForm(forms.Form):
    """The filters of the SOP list; they live in the URL, and a wrong value is simply ignored."""

    q = QueryField(label=_("Cari"), required=False, max_length=MAX_QUERY)
    unit = forms.IntegerField(label=_("Unit"), required=False, min_value=1)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *VersionStatus.choices]
    )
    public = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua")), ("1", _("Pelayanan publik")), ("0", _("Internal"))]
    )
    year = forms.IntegerField(label=_("Tahun efektif"), required=False, min_value=1990, max_value=2100)
    review = forms.ChoiceField(
        label=_("Reviu berkala"),
        required=False,
        choices=[("", _("Semua")), ("due", _("Jatuh tempo ≤30 hari")), ("overdue", _("Terlambat"))],
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = forms.Select(choices=[("", _("Semua unit"))] + [(u.pk, u.name) for u in units])

    @property
    def values(self) -> dict:
        """The valid filters only: one bad parameter does not throw the others away."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}

    @staticmethod
    def years() -> list[int]:
        return list(range(datetime.date.today().year + 1, 2009, -1))


class SOPCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Nama SOP"), max_length=255)
    number = forms.CharField(
        label=_("Nomor SOP"),
        max_length=100,
        required=False,
        help_text=_("Diusulkan dari pola nomor unit; boleh diubah. Kosongkan untuk memakai usulan."),
    )
    is_public_service = forms.BooleanField(label=_("SOP pelayanan publik"), required=False)
    review_period_months = forms.IntegerField(label=_("Periode reviu (bulan)"), min_value=1, max_value=36, initial=12)
    # The version this SOP starts as a copy of (the "Salin menjadi SOP baru" of an SOP's page).
    source = forms.IntegerField(required=False, widget=forms.HiddenInput)
    template = forms.ModelChoiceField(
        label=_("Mulai dari"),
        queryset=None,
        required=False,
        empty_label=_("Kosong"),
        help_text=_("Templat pustaka instansi: daftar identitas, pelaksana dan langkahnya ikut tersalin."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["template"].queryset = SOPTemplate.objects.all()


class IdentityForm(BootstrapForm):
    """The single fields of the identity sheet (the lists are formsets beside it)."""

    lock = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Nama SOP"), max_length=255)
    is_public_service = forms.BooleanField(label=_("SOP pelayanan publik"), required=False)
    review_period_months = forms.IntegerField(label=_("Periode reviu (bulan)"), min_value=1, max_value=36)
    date_created = forms.DateField(
        label=_("Tanggal pembuatan"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    purpose = forms.CharField(
        label=_("Tujuan"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    scope = forms.CharField(
        label=_("Ruang lingkup"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    definitions = forms.CharField(
        label=_("Definisi"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    baseline_time = forms.CharField(
        label=_("Waktu layanan sebelum digitalisasi/perbaikan"),
        required=False,
        max_length=durations.TEXT_MAX,
        help_text=_("Tidak wajib; diisi sekali, mis. 14 hari kerja. Pembanding waktu layanan di dasbor."),
    )
    baseline_source = forms.CharField(
        label=_("Sumber waktu sebelumnya"),
        required=False,
        max_length=255,
        help_text=_("Mis. SOP manual 2023, laporan survei waktu layanan."),
    )

    def clean_baseline_time(self) -> str:
        try:
            return str(durations.read_measured(self.cleaned_data["baseline_time"]))
        except durations.Unreadable as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("baseline_source", "").strip() and not cleaned.get("baseline_time"):
            self.add_error("baseline_time", _("Isi waktunya juga, atau kosongkan sumbernya."))
        return cleaned


class LegalBasisForm(forms.Form):
    kind = forms.CharField(label=_("Jenis peraturan"), max_length=200)
    number = forms.CharField(label=_("Nomor"), max_length=100, required=False)
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=1945, max_value=2100)
    subject = forms.CharField(label=_("Tentang"), max_length=2000, required=False)


class RelatedForm(forms.Form):
    # The initial value is what the select shows, so an untouched extra row is not "changed".
    relation = forms.ChoiceField(label=_("Hubungan"), choices=[], required=False, initial="terkait")
    target = forms.TypedChoiceField(label=_("SOP di portal"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(label=_("atau teks bebas"), max_length=500, required=False)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relation"].choices = RelatedSOP.Relation.choices
        self.fields["target"].choices = [("", "—")] + [(s.pk, f"{s.number} {s.title}") for s in targets]

    def clean(self):
        data = super().clean()
        empty = not data.get("target") and not (data.get("text") or "").strip()
        if empty and not data.get("DELETE") and self.has_changed():
            raise forms.ValidationError(_("Pilih SOP atau tuliskan nama SOP yang terkait."))
        return data


class ItemForm(forms.Form):
    text = forms.CharField(label=_("Isi"), max_length=2000)


def list_formset(form_class, prefix: str, data=None, initial=(), **kwargs):
    """An ordered list editor: rows can be added, deleted and reordered (ORDER field + buttons)."""
    FormSet = forms.formset_factory(form_class, extra=0 if initial else 1, can_delete=True, can_order=True)
    return FormSet(data, initial=list(initial), prefix=prefix, form_kwargs=kwargs)


def ordered_rows(formset) -> list[dict]:
    """The rows a valid formset keeps, in the user's order (Django drops deleted and untouched extra rows)."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k not in ("ORDER", "DELETE")} for form in formset.ordered_forms
    ]


class StepForm(forms.Form):
    """One row of the step editor."""

    kind = forms.ChoiceField(label=_("Jenis"), choices=StepKind.choices)
    text = forms.CharField(
        label=_("Kegiatan"),
        max_length=1000,
        required=False,  # a hint while drafting (procedure.validate), refused only at submission
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    actor = forms.TypedChoiceField(
        label=_("Pelaksana"), coerce=int, error_messages={"required": _("Pilih satu pelaksana.")}
    )
    co_actors = forms.TypedMultipleChoiceField(
        label=_("Pelaksana bersama"),
        required=False,
        coerce=int,
        error_messages={
            "invalid_choice": _("Pelaksana bersama itu tidak ada lagi pada versi ini; muat ulang halaman."),
        },
    )
    requirements = forms.CharField(
        label=_("Kelengkapan"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    waktu = forms.CharField(
        label=_("Waktu"),
        required=False,
        help_text=_(
            "Angka dan satuan (menit, jam, hari, hari kerja, minggu, bulan, tahun), rentang seperti "
            "1–3 hari, atau teks seperti Sesuai kebutuhan."
        ),
    )
    output = forms.CharField(
        label=_("Output"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Keterangan"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next = forms.TypedChoiceField(label=_("Lanjut ke"), required=False, coerce=int, empty_value=None)
    yes = forms.TypedChoiceField(label=_("Jika Ya"), required=False, coerce=int, empty_value=None)
    no = forms.TypedChoiceField(label=_("Jika Tidak"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, actors, steps, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["actor"].choices = [(a.pk, a.name) for a in actors]
        self.fields["co_actors"].choices = [(a.pk, a.name) for a in actors]
        others = [(s.pk, _("Langkah %(n)s") % {"n": s.number}) for s in steps if s.pk != step.pk]
        self.fields["next"].choices = [("", _("langkah berikutnya")), *others]
        self.fields["yes"].choices = [("", "—"), *others]
        self.fields["no"].choices = [("", "—"), *others]

    @property
    def co_actor_keys(self) -> set[str]:
        """The further actors ticked, as the template compares them (strings)."""
        return {str(key) for key in self["co_actors"].value() or ()}

    def clean_waktu(self) -> durations.Duration:
        try:
            return durations.read(self.cleaned_data["waktu"])
        except durations.Unreadable as error:
            raise forms.ValidationError(str(error)) from None

    @classmethod
    def for_step(cls, step, *, actors, steps, data=None):
        initial = {
            "kind": step.kind,
            "text": step.text,
            "actor": step.actor_id,
            "co_actors": [c.actor_id for c in step.co_actors.all()],
            "requirements": step.requirements,
            "waktu": step.duration_display,
            "output": step.output,
            "notes": step.notes,
            "next": step.next_step_id,
            "yes": step.yes_step_id,
            "no": step.no_step_id,
        }
        return cls(data, initial=initial, actors=actors, steps=steps, step=step, prefix=f"step-{step.pk}")


class ActorForm(forms.Form):
    name = forms.CharField(label=_("Nama pelaksana"), max_length=150)


class VerifyFileForm(BootstrapForm):
    """A PDF to verify: limited in size and recognised by its content, not its name."""

    berkas = forms.FileField(
        label=_("Berkas PDF SOP"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Berkas PDF yang ingin diperiksa keabsahannya (paling besar 20 MB). Berkas tidak disimpan."),
    )

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        self.cleaned_data["data"] = pdf_upload_bytes(upload)
        return upload


def pdf_upload_bytes(upload) -> bytes:
    """The bytes of an uploaded PDF (the page's form and the API): ValidationError when it is too big
    or is not a PDF, whatever its name says."""
    limit = settings.ESOP_VERIFY_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        )
    data = upload.read(limit + 1)
    if data.lstrip()[:5] != b"%PDF-":
        raise forms.ValidationError(_("Berkas ini bukan PDF."))
    return data


class RevisionForm(BootstrapForm):
    """Change control: why a revision is opened, and what it will change."""

    reason = forms.ChoiceField(
        label=_("Alasan perubahan"),
        choices=[("", _("— pilih —")), *ChangeReason.choices],
        error_messages={"required": _("Pilih alasan perubahan."), "invalid_choice": _("Pilih alasan perubahan.")},
    )
    summary = forms.CharField(
        label=_("Ringkasan perubahan"),
        max_length=300,
        error_messages={"required": _("Tuliskan ringkasan perubahan dalam satu kalimat.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Satu kalimat, misalnya «Menyesuaikan dengan Perbup 12/2026: waktu verifikasi menjadi 2 hari kerja». "
            "Dicetak di tabel Riwayat perubahan dan dikirim kepada pegawai saat revisi berlaku."
        ),
    )
