from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.forms import BootstrapForm


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Catatan"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EstablishForm(BootstrapForm):
    effective_date = forms.DateField(
        label=_("Tanggal efektif"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    password = forms.CharField(
        label=_("Kata sandi Anda"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Penetapan adalah persetujuan elektronik: konfirmasikan dengan kata sandi Anda."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["effective_date"].initial = timezone.localdate()

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah."))
        return password


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Komentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    step = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
