"""Wrong passwords: lock the account for the address guessing it first, the account itself later.

An outsider who types five wrong passwords for the head's account locks that account from their own
address only (account AND address), so the head still signs in from the office on the day of a
penetapan. An account is locked everywhere only after ``ESOP_ACCOUNT_FAILURE_LIMIT`` wrong
passwords from any addresses (ten by default: an office behind one router shares one address, so
the count per account must be higher than the pair's). Failures while locked are not counted, so a
lock ends after its cool-off.

Each lock e-mails the account's owner a one-time link that lifts it (``unlock_link``): the link
carries the moment of the newest failure, and lifting the lock removes the failures, so a link works
once and only for the lock it was sent for.
"""

from __future__ import annotations

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import User

logger = logging.getLogger("esop.lockout")
UNLOCK_SALT = "esop.unlock"
UNLOCK_MAX_AGE = 24 * 3600


class PairFirstHandler(AxesDatabaseHandler):
    """axes' database handler with two limits: ``AXES_FAILURE_LIMIT`` for one account from one
    address, ``ESOP_ACCOUNT_FAILURE_LIMIT`` for one account from anywhere.

    ``AXES_LOCKOUT_PARAMETERS`` is ``[["username", "ip_address"], "username"]``: axes counts both; the
    account's count is scaled to the pair's limit so that axes' one comparison applies both limits.
    """

    def get_failures(self, request, credentials=None) -> int:
        pair, account = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return max(pair, account * settings.AXES_FAILURE_LIMIT // settings.ESOP_ACCOUNT_FAILURE_LIMIT)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        already_locked = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and getattr(request, "axes_locked_out", False) and not already_locked:
            _tell_owner(
                credentials.get(settings.AXES_USERNAME_FORM_FIELD) or credentials.get("username") or "", request
            )


def _stamp(username: str) -> str:
    """The moment of the account's newest counted failure ("" when none is counted)."""
    newest = AccessAttempt.objects.filter(username=username).aggregate(at=Max("attempt_time"))["at"]
    return newest.isoformat() if newest else ""


def unlock_link(username: str) -> str:
    """The address that lifts the current lock of ``username`` once."""
    token = signing.dumps({"u": username, "s": _stamp(username)}, salt=UNLOCK_SALT, compress=True)
    return settings.ESOP_BASE_URL.rstrip("/") + reverse("unlock", args=[token])


def unlock_username(token: str) -> str | None:
    """The account a still-valid unlock token is for; None for a used, stale, foreign or broken one."""
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_MAX_AGE)
    except signing.BadSignature:
        return None
    username, stamp = data.get("u", ""), data.get("s", "")
    if not username or not stamp or stamp != _stamp(username):
        return None
    return username


def unlock(username: str) -> int:
    """Lift every lock of ``username`` (all addresses); the number of failure records removed."""
    return reset(username=username)


def _tell_owner(username: str, request) -> None:
    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None:
        return
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or "-"
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    link = unlock_link(username)
    subject = _("[e-SOP] Akun Anda dikunci sementara")
    body = "\n".join(
        [
            _("Yth. %(name)s,") % {"name": user.get_full_name()},
            "",
            _(
                "Kata sandi akun %(username)s salah dimasukkan berulang kali dari alamat %(address)s, sehingga "
                "akun dikunci sementara (%(minutes)s menit) untuk melindunginya."
            )
            % {"username": username, "address": address, "minutes": minutes},
            _("Bila itu Anda, buka kuncinya sekarang dengan tautan berikut (berlaku sekali, 24 jam):"),
            link,
            "",
            _("Bila bukan Anda, jangan bagikan kata sandi Anda dan laporkan kepada administrator portal."),
        ]
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
    logger.info("lock of %s from %s: unlock link e-mailed", username, address)
