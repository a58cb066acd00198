"""Signing in safely: the code page of two-factor sign-in, the account's security page (authenticator
app, recovery codes), the administrator's reset of a lost device, the link that lifts a lock, and
«lupa kata sandi» with its limits."""

from __future__ import annotations

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from esop.qr import qr_svg

from . import lockout, second_factor
from .decorators import member_required
from .forms import BootstrapForm, PasswordLinkForm
from .models import User
from .views import _ip


class CodeForm(BootstrapForm):
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


# --- Two-factor sign-in ---------------------------------------------------------------------------


@login_required
def login_code(request):
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    target = second_factor.safe_next(request, settings.LOGIN_REDIRECT_URL)
    if request.user.is_verified() or not request.session.get(second_factor.PENDING):
        return redirect(target)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = second_factor.wait_message(request.user)
        if wait:
            form.add_error("code", wait)
            return render(request, "registration/login_code.html", {"form": form, "next": target}, status=429)
        if second_factor.verify(request=request, code=form.cleaned_data["code"]):
            return redirect(target)
        # A wrong code counts as a wrong password: guessing codes locks the account (org.lockout).
        user_login_failed.send(sender=CodeForm, credentials={"username": request.user.get_username()}, request=request)
        if getattr(request, "axes_locked_out", False):
            return render(request, "registration/locked.html", _locked_context(), status=429)
        form.add_error("code", _("Kode salah atau sudah dipakai. Periksa jam ponsel Anda, lalu coba kode yang baru."))
    status = 400 if form.errors else 200
    return render(request, "registration/login_code.html", {"form": form, "next": target}, status=status)


def _locked_context() -> dict:
    return {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_timedelta": settings.AXES_COOLOFF_TIME}


@login_required
def security(request):
    """The account's second factor: enrol an authenticator app, renew recovery codes."""
    user = request.user
    codes = None
    form = CodeForm(request.POST or None)
    action = request.POST.get("action", "")
    status = 200
    if request.method == "POST":
        if action == "start":
            second_factor.enrolment_start(user=user)
        elif action == "confirm" and form.is_valid():
            codes = second_factor.enrolment_confirm(
                user=user, request=request, code=form.cleaned_data["code"], ip=_ip(request)
            )
            if codes is None:
                form.add_error("code", _("Kode salah. Masukkan enam angka yang sedang tampil di aplikasi."))
                status = 400
            else:
                messages.success(request, _("Autentikasi dua langkah aktif. Simpan kode pemulihan di bawah ini."))
        elif action == "recovery":
            if not user.is_verified():
                return redirect(second_factor.then_back("login_code", request.path))
            codes = second_factor.recovery_codes_renew(user=user, ip=_ip(request))
            messages.success(request, _("Kode pemulihan baru dibuat; kode lama tidak berlaku lagi."))
        elif action != "confirm":
            status = 400
    enrolled = second_factor.enrolled(user)
    device = second_factor.pending_device(user)
    context = {
        "enrolled": enrolled,
        "required": second_factor.required(user),
        "device": device,
        "qr": mark_safe(qr_svg(device.config_url, box_size=5)) if device else "",  # paths only, no text
        "secret": _base32(device) if device else "",
        "form": form,
        "codes": codes,
        "next": second_factor.safe_next(request, ""),
    }
    return render(request, "org/security.html", context, status=status)


def _base32(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@member_required
@require_POST
def user_second_factor_reset(request, pk: int):
    """The portal administrator removes a user's lost authenticator and recovery codes."""
    person = get_object_or_404(User, pk=pk)
    removed = second_factor.second_factor_reset(actor=request.user, user=person, ip=_ip(request))
    if removed:
        messages.success(
            request,
            _("Autentikasi dua langkah %(u)s disetel ulang; ia mendaftar lagi saat masuk berikutnya.")
            % {"u": person.username},
        )
    else:
        messages.info(request, _("%(u)s belum memakai autentikasi dua langkah.") % {"u": person.username})
    return redirect("org:user_edit", pk=person.pk)


# --- Locks and forgotten passwords ----------------------------------------------------------------


def unlock(request, token: str):
    """The link e-mailed with a lock: a page with one button (a mail program that opens links to look
    at them must not lift the lock), which lifts it once."""
    username = lockout.unlock_username(token)
    if username is None:
        return render(request, "registration/unlock.html", {"valid": False}, status=400)
    if request.method == "POST":
        lockout.unlock(username)
        messages.success(request, _("Kunci akun %(u)s dibuka. Silakan masuk.") % {"u": username})
        return redirect("login")
    return render(request, "registration/unlock.html", {"valid": True, "username": username})


def _typed_account(group: str, request) -> str:
    return request.POST.get("email", "").strip().lower()[:254]


class PasswordResetView(auth_views.PasswordResetView):
    """«Lupa kata sandi», at most ``ESOP_RESET_RATE_ADDRESS`` requests per address and
    ``ESOP_RESET_RATE_ACCOUNT`` per account typed: more answer 429 and send nothing."""

    form_class = PasswordLinkForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "limits": _reset_limits()}

    def form_valid(self, form):
        by_address = is_ratelimited(
            self.request,
            group="password_reset.address",
            key="ip",
            rate=settings.ESOP_RESET_RATE_ADDRESS,
            increment=True,
        )
        by_account = is_ratelimited(
            self.request,
            group="password_reset.account",
            key=_typed_account,
            rate=settings.ESOP_RESET_RATE_ACCOUNT,
            increment=True,
        )
        if by_address or by_account:
            form.add_error(
                None,
                _("Terlalu banyak permintaan tautan. Tidak ada surel yang dikirim; coba lagi dalam satu jam."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def _reset_limits() -> dict:
    return {
        "address": settings.ESOP_RESET_RATE_ADDRESS.split("/")[0],
        "account": settings.ESOP_RESET_RATE_ACCOUNT.split("/")[0],
    }
