from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org import lockout, second_factor, signing
from org.forms import BootstrapForm, add_errors


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

    code = forms.CharField(
        label=_("Kode autentikasi"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Enam angka yang sedang tampil di aplikasi autentikator Anda."),
    )

    signing_method = forms.ChoiceField(label=_("Tanda tangan elektronik"), widget=forms.RadioSelect)
    passphrase = forms.CharField(
        label=_("Frasa sandi tanda tangan elektronik"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Frasa sandi sertifikat atau akun TTE Anda: dipakai sekali untuk menandatangani, tidak disimpan."),
    )
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("NIK yang terdaftar pada layanan TTE BSrE (16 angka)."),
    )

    def __init__(self, *args, user, request=None, methods=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.methods = list(methods if methods is not None else signing.methods_for(user))
        self.signer = None
        self.fields["effective_date"].initial = timezone.localdate()
        if not second_factor.enrolled(user):  # asked of everyone who has an authenticator app
            del self.fields["code"]
        if len(self.methods) > 1:
            self.fields["signing_method"].choices = [(m.kind, m.label) for m in self.methods]
            self.fields["signing_method"].initial = self.methods[0].kind
        else:
            del self.fields["signing_method"]
        if not any(m.needs_passphrase for m in self.methods):
            del self.fields["passphrase"]
        if not any(m.needs_nik for m in self.methods):
            del self.fields["nik"]

    @property
    def method(self) -> signing.Method | None:
        """The way the version will be signed: the one chosen, else the only one (None: no signature)."""
        if not self.methods:
            return None
        chosen = self.cleaned_data.get("signing_method") if hasattr(self, "cleaned_data") else None
        return next((m for m in self.methods if m.kind == chosen), self.methods[0])

    def clean_password(self):
        """The head's password, counted as a login by django-axes: guessing it here locks the account
        as guessing it at the login page does."""
        password = self.cleaned_data["password"]
        if self.request is not None and AxesProxyHandler.is_locked(self.request, self._credentials()):
            raise forms.ValidationError(
                _("Kata sandi salah terlalu sering: akun dikunci sementara. Coba lagi beberapa menit lagi.")
            )
        if not self.user.check_password(password):
            self._failed()
            raise forms.ValidationError(_("Kata sandi salah."))
        return password

    def clean(self):
        """After a right password, the code of this moment from the app (a wrong code counts as a
        wrong password). Both right end the count of failures, as a sign-in does."""
        data = super().clean()
        if self.errors:
            return data
        if "code" in self.fields and (wait := second_factor.wait_message(self.user)):
            self.add_error("code", wait)
            return data
        if "code" in self.fields and not second_factor.verify_app_code(user=self.user, code=data.get("code", "")):
            self._failed()
            self.add_error("code", _("Kode autentikasi salah. Masukkan kode yang sedang tampil di aplikasi."))
            return data
        if self.request is not None:
            lockout.unlock(self.user.get_username())
        self._prepare_signer(data)
        return data

    def _prepare_signer(self, data) -> None:
        """Open the certificate now, so that a wrong passphrase is said beside its field before anything
        is established."""
        method = self.method
        if method is None:
            return
        if method.needs_nik and not data.get("nik", "").strip():
            self.add_error("nik", _("Isi NIK Anda yang terdaftar pada layanan TTE."))
        if method.needs_passphrase and not data.get("passphrase"):
            self.add_error("passphrase", _("Isi frasa sandi tanda tangan elektronik Anda."))
        if self.errors:
            return
        try:
            self.signer = signing.signer_for(
                user=self.user, method=method, passphrase=data.get("passphrase", ""), nik=data.get("nik", "")
            )
        except ValidationError as error:
            add_errors(self, error)

    def _credentials(self) -> dict:
        return {"username": self.user.get_username()}

    def _failed(self) -> None:
        if self.request is not None:
            user_login_failed.send(sender=type(self), credentials=self._credentials(), request=self.request)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Komentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    step = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
