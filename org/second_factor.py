"""Two-factor sign-in (autentikasi berlapis) with django-otp: an authenticator app (TOTP, RFC 6238)
and ten one-time recovery codes.

Why django-otp itself and not a package built on it: the portal has its own sign-in pages, in
Indonesian, and needs three things those packages do not give as they are: the code asked again at
penetapan, the enrolment required of pengesah and portal administrators before they establish,
revoke or administer, and a reset by the administrator written to the portal's own log. django-otp
gives the devices, the verification with throttling and replay protection, and the session's
"verified" state; this module and ``account_views`` are the rest.

- Whoever has a confirmed device signs in with the password, then a code (``SecondFactorMiddleware``
  sends a signed-in but not yet verified session to the code page, whatever page it asks for).
- ``required(user)``: with ``ESOP_REQUIRE_2FA`` (on in production, off in the demo) pengesah and
  portal administrators must enrol before the guarded pages open (``GUARDED``).
- A lost device: the portal administrator removes the user's devices (logged, the user e-mailed).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, Role, User
from .services import audit, require_admin

APP_DEVICE = "Aplikasi autentikator"
RECOVERY_DEVICE = "Kode pemulihan"
RECOVERY_CODES = 10
PENDING = "esop_second_factor_pending"  # the session signed in with the password, the code still due

# Pages that need the second factor of those who must have one: penetapan, revocation and every
# page of administration (the portal's and Django's).
GUARDED_VIEWS = {"workflow:establish"}
GUARDED_NAMESPACES = {"org", "admin"}
UNGUARDED_VIEWS = {"org:api_token", "org:security"}
# What a session waiting for its code may still open.
OPEN_WHILE_PENDING = {"login_code", "logout", "set_language", "health", "unlock"}


def required(user: User) -> bool:
    """Whether ``user`` must sign in with a second factor (pengesah and portal administrators)."""
    if not settings.ESOP_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or Membership.objects.filter(user=user, role=Role.HEAD).exists()


def enrolled(user: User) -> bool:
    """Whether ``user`` has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def enrolment_start(*, user: User) -> TOTPDevice:
    """A new unconfirmed authenticator for ``user`` (replacing an unconfirmed one): its secret is shown
    as a QR code until a code from the app confirms it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def enrolment_confirm(*, user: User, request, code: str, ip=None) -> list[str] | None:
    """Confirm the pending authenticator with a code from the app; returns the new recovery codes (to
    show once), or None when the code is wrong. Confirming one removes any older app."""
    device = pending_device(user)
    if device is None or not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes(user)
    otp_login(request, device)
    request.session.pop(PENDING, None)
    audit(actor=user, action="otp.enrol", target=f"{user.username} {user.full_name}", ip=ip)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User, ip=None) -> list[str]:
    """Ten new recovery codes for an enrolled user (the old ones stop working)."""
    if not enrolled(user):
        raise PermissionDenied(_("Aktifkan aplikasi autentikator dahulu."))
    codes = _recovery_codes(user)
    audit(actor=user, action="otp.recovery_codes", target=f"{user.username} {user.full_name}", ip=ip)
    return codes


def then_back(name: str, path: str) -> str:
    """The address of the page ``name`` that returns to ``path`` afterwards (``?next=``, encoded)."""
    return f"{reverse(name)}?{urlencode({'next': path})}"


def wait_message(user: User) -> str | None:
    """What to tell a person who tries a code during django-otp's wait after a wrong one (None: none)."""
    wait = wait_seconds(user)
    if not wait:
        return None
    return _("Terlalu cepat setelah kode yang salah: tunggu %(s)s detik, lalu coba lagi.") % {"s": wait}


def wait_seconds(user: User) -> int:
    """Seconds before the authenticator app's codes are checked again (django-otp waits longer after
    each wrong code: 1, 2, 4 ... seconds); 0 when a code can be checked now."""
    wait = 0
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            wait = max(wait, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)
    return wait


def verify(*, request, code: str) -> bool:
    """Check a code from the app (six digits) or a recovery code (used once) of the signed-in user; on
    success the session is verified. Each kind of code is tried on its own kind of device only, so a
    recovery code does not count as a wrong code of the app."""
    code = code.strip().replace(" ", "").lower()
    if not code:
        return False
    app = code.isdigit() and len(code) <= 8
    devices = TOTPDevice if app else StaticDevice
    for device in devices.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(code):
            otp_login(request, device)
            request.session.pop(PENDING, None)
            return True
    return False


def verify_app_code(*, user: User, code: str) -> bool:
    """Check a code of the authenticator app only (penetapan asks for the code of this moment)."""
    code = code.strip().replace(" ", "")
    return any(device.verify_token(code) for device in TOTPDevice.objects.filter(user=user, confirmed=True))


@transaction.atomic
def second_factor_reset(*, actor: User, user: User, ip=None) -> int:
    """A lost device: remove every device of ``user`` (portal administrators only); logged, and the
    user is e-mailed. They enrol again at their next sign-in."""
    require_admin(actor)
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    audit(
        actor=actor,
        action="otp.reset",
        target=f"{user.username} {user.full_name}",
        details={"devices": removed},
        ip=ip,
    )
    if user.email:
        body = "\n".join(
            [
                _("Yth. %(name)s,") % {"name": user.get_full_name()},
                "",
                _("%(admin)s menghapus aplikasi autentikator dan kode pemulihan akun Anda (%(username)s).")
                % {"admin": actor.get_full_name(), "username": user.username},
                _("Daftarkan aplikasi autentikator lagi di halaman Keamanan akun setelah masuk."),
                _("Bila Anda tidak memintanya, segera hubungi administrator portal."),
            ]
        )
        recipient = user.email
        transaction.on_commit(
            lambda: send_mail(_("[e-SOP] Autentikasi dua langkah disetel ulang"), body, None, [recipient])
        )
    return removed


def _mark_pending(sender, request, user, **kwargs):
    """A password sign-in of someone with a device: the code is still due (the session is not
    verified until ``verify``). Checked once here, so that other pages ask nothing of the database."""
    if request is not None and hasattr(request, "session") and user_has_device(user):
        request.session[PENDING] = True


user_logged_in.connect(_mark_pending, dispatch_uid="org.second_factor.pending")


def safe_next(request, default: str) -> str:
    """The ``next`` address of the request when it is of this site, else ``default``."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class SecondFactorMiddleware:
    """After ``django_otp.middleware.OTPMiddleware``: a session still owing its code is sent to the
    code page; a guarded page asks those who must enrol to enrol first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if request.session.get(PENDING) and not user.is_verified():
            if name in OPEN_WHILE_PENDING:
                return None
            return redirect(then_back("login_code", request.get_full_path()))
        if not _guarded(name, view_kwargs) or user.is_verified() or not required(user):
            return None
        if enrolled(user):  # enrolled since this session signed in: the code, then the page
            return redirect(then_back("login_code", request.get_full_path()))
        messages.warning(
            request,
            _(
                "Pengesah dan administrator portal wajib memakai autentikasi dua langkah sebelum menetapkan, "
                "mencabut atau mengelola. Daftarkan aplikasi autentikator Anda."
            ),
        )
        return redirect(then_back("org:security", request.get_full_path()))


def _guarded(name: str, kwargs: dict) -> bool:
    if name in UNGUARDED_VIEWS:
        return False
    if name in GUARDED_VIEWS or name.split(":")[0] in GUARDED_NAMESPACES:
        return True
    return name == "workflow:transition" and kwargs.get("action") == "revoke"
