from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms import BootstrapForm

from .models import Choice


class StartForm(BootstrapForm):
    reference = forms.CharField(
        label=_("Nomor rujukan"),
        max_length=100,
        help_text=_("Misalnya nomor berkas atau nomor registrasi pemohon, agar kasus ini mudah dicari."),
    )
    tracking = forms.BooleanField(
        label=_("Beri kode lacak untuk pemohon"),
        required=False,
        help_text=_("Pemohon dapat melihat tahap layanannya di halaman publik dengan kode ini, tanpa akun."),
    )

    def __init__(self, *args, public_service: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not public_service:
            del self.fields["tracking"]


class StepForm(BootstrapForm):
    step_number = forms.IntegerField(widget=forms.HiddenInput)
    seen_steps = forms.IntegerField(widget=forms.HiddenInput, required=False)
    choice = forms.ChoiceField(label=_("Keputusan"), choices=Choice.choices, widget=forms.RadioSelect, required=False)
    output = forms.CharField(
        label=_("Output"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Catatan"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Alasan menyimpang dari urutan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila langkah ini bukan langkah sekarang; dicatat sebagai penyimpangan."),
    )


class CancelForm(BootstrapForm):
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class MappingForm(BootstrapForm):
    """One multiple choice of the unit's people per actor column of the version in force."""

    def __init__(self, *args, actors: list[str], people, mapped: dict[str, list], **kwargs):
        super().__init__(*args, **kwargs)
        self.actor_fields = []
        for index, name in enumerate(actors):
            key = f"actor_{index}"
            self.fields[key] = forms.ModelMultipleChoiceField(
                label=name,
                queryset=people,
                required=False,
                initial=[u.pk for u in mapped.get(name, [])],
                widget=forms.CheckboxSelectMultiple,
            )
            self.actor_fields.append((key, name))

    def mapping(self) -> dict[str, list]:
        return {name: list(self.cleaned_data[key]) for key, name in self.actor_fields}
