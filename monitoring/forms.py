from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.forms import BootstrapForm

from . import survey
from .models import EVALUATION_CRITERIA, Education, MonitoringMethod, Occupation, Sex

ASSESSMENT_CHOICES = [("baik", _("Berjalan dengan baik")), ("tidak", _("Tidak berjalan dengan baik"))]


class DateForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError(_("Tanggal tidak boleh setelah hari ini."))
        return day


class MonitoringRowForm(forms.Form):
    """One SOP's row of a monitoring round; a row without an assessment is simply not recorded."""

    method = forms.ChoiceField(label=_("Metode"), choices=[("", "—"), *MonitoringMethod.choices], required=False)
    assessment = forms.ChoiceField(label=_("Penilaian"), choices=ASSESSMENT_CHOICES, required=False)
    assessment_note = forms.CharField(label=_("Catatan hasil penilaian"), max_length=4000, required=False)
    action = forms.CharField(label=_("Tindakan yang harus diambil"), max_length=4000, required=False)
    cite_cases = forms.BooleanField(label=_("Kutip data pelaksanaan dalam catatan"), required=False)

    @property
    def filled(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("assessment")))

    def clean(self):
        data = super().clean()
        if not data.get("assessment"):
            return data
        if not data.get("method"):
            self.add_error("method", _("Pilih metode pemantauan."))
        if data["assessment"] == "tidak":
            if not data.get("assessment_note", "").strip():
                self.add_error("assessment_note", _("Tuliskan catatan bila tidak berjalan dengan baik."))
            if not data.get("action", "").strip():
                self.add_error("action", _("Tuliskan tindakan yang harus diambil."))
        return data


class EvaluationForm(DateForm):
    """The Formulir Evaluasi: Ya/Tidak and a note for each of the seven criteria."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, criterion in enumerate(EVALUATION_CRITERIA, start=1):
            self.fields[f"c{number}"] = forms.ChoiceField(
                label=criterion,
                choices=[("ya", _("Ya")), ("tidak", _("Tidak"))],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"n{number}"] = forms.CharField(label=_("Catatan"), max_length=2000, required=False)

    @property
    def rows(self):
        return [(n, self[f"c{n}"], self[f"n{n}"]) for n in range(1, len(EVALUATION_CRITERIA) + 1)]

    def clean(self):
        data = super().clean()
        for n in range(1, len(EVALUATION_CRITERIA) + 1):
            if data.get(f"c{n}") == "tidak" and not data.get(f"n{n}", "").strip():
                self.add_error(f"n{n}", _("Tuliskan catatan untuk jawaban «Tidak»."))
        return data

    def answers(self) -> tuple[list[bool], list[str]]:
        count = len(EVALUATION_CRITERIA)
        return (
            [self.cleaned_data[f"c{n}"] == "ya" for n in range(1, count + 1)],
            [self.cleaned_data[f"n{n}"] for n in range(1, count + 1)],
        )


class ReportForm(forms.Form):
    """Which table, for which period, in which format (the export links of the monitoring page)."""

    kind = forms.ChoiceField(choices=[("monitoring", _("Monitoring")), ("evaluasi", _("Evaluasi"))])
    start = forms.DateField(label=_("Dari"))
    end = forms.DateField(label=_("Sampai"))
    format = forms.ChoiceField(choices=[("xlsx", "Excel"), ("pdf", "PDF")])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("Tanggal awal periode harus sebelum tanggal akhirnya."))
        return data


class PublicForm(BootstrapForm):
    """A form the public sends without an account. ``situs`` is a trap for robots: hidden from people
    and from assistive technology (monitoring/_trap_field.html), it stays empty when a person fills
    the form."""

    situs = forms.CharField(required=False, label=_("Jangan diisi"))

    @property
    def is_trap_filled(self) -> bool:
        return bool(self.data.get("situs", "").strip())


class SurveyForm(PublicForm):
    """The SKM questionnaire of Permen PANRB 14/2017: the nine elements (required), the respondent's
    profile (optional) and a suggestion."""

    age = forms.IntegerField(label=_("Umur (tahun)"), required=False, min_value=10, max_value=110)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), required=False, choices=[("", "—"), *Sex.choices])
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"), required=False, choices=[("", "—"), *Education.choices]
    )
    occupation = forms.ChoiceField(label=_("Pekerjaan"), required=False, choices=[("", "—"), *Occupation.choices])
    suggestion = forms.CharField(
        label=_("Saran untuk perbaikan layanan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n, element in enumerate(survey.ELEMENTS, start=1):
            self.fields[element.code] = forms.TypedChoiceField(
                label=f"{n}. {element.question}",
                choices=[(str(value), label) for value, label in enumerate(element.options, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )

    @property
    def element_fields(self):
        return [self[code] for code in survey.CODES]

    @property
    def profile_fields(self):
        return [self[name] for name in ("age", "sex", "education", "occupation")]


class ComplaintForm(PublicForm):
    """A complaint about how a public-service SOP was carried out."""

    text = forms.CharField(
        label=_("Pengaduan Anda"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ceritakan apa yang terjadi, kapan dan di mana. Jangan menuliskan data pribadi."),
        error_messages={"required": _("Tuliskan pengaduan Anda.")},
    )


class QuizForm(BootstrapForm):
    text = forms.CharField(
        label=_("Pertanyaan dan jawaban"),
        widget=forms.Textarea(attrs={"rows": 16, "class": "font-monospace"}),
        max_length=12000,
        help_text=_(
            "3–10 pertanyaan, dipisahkan satu baris kosong. Di bawah setiap pertanyaan tulis 2–5 pilihan, "
            "masing-masing satu baris: awali dengan * untuk jawaban benar dan - untuk jawaban salah."
        ),
        error_messages={"required": _("Tuliskan pertanyaan kuis.")},
    )
    pass_mark = forms.IntegerField(label=_("Nilai lulus (%)"), min_value=50, max_value=100, initial=70)
    material_url = forms.URLField(
        label=_("Tautan bahan pelatihan"),
        required=False,
        max_length=200,
        help_text=_("Tidak wajib: video, presentasi atau modul yang dipelajari sebelum kuis."),
    )
