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

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.fields["effective_date"].initial = timezone.localdate()

    def clean_password(self):
        """The head's password, counted as a login by django-axes: guessing it here locks the account
        as guessing it at the login page does."""
        from axes.handlers.proxy import AxesProxyHandler
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        password = self.cleaned_data["password"]
        credentials = {"username": self.user.get_username()}
        if self.request is not None and AxesProxyHandler.is_locked(self.request, credentials):
            raise forms.ValidationError(
                _("Kata sandi salah terlalu sering: akun dikunci sementara. Coba lagi beberapa menit lagi.")
            )
        if not self.user.check_password(password):
            if self.request is not None:
                user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
            raise forms.ValidationError(_("Kata sandi salah."))
        if self.request is not None:  # a right password ends the count, as a login does
            user_logged_in.send(sender=type(self.user), request=self.request, user=self.user)
        return password


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Komentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    step = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
