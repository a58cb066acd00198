"""Headers every answer carries: a Content-Security-Policy without inline scripts or style
elements, and a Permissions-Policy that turns off the browser features the portal never uses.

Every script of the portal is a file under /static/ (static/js/esop.js, htmx, Bootstrap), so a
string typed into a form that ever reached a page unescaped still could not run. Style elements come
from the portal's files only (htmx's own indicator style is in esop.css); style attributes stay
allowed (``style-src-attr``) for what varies per page: progress bars' widths. The flowchart SVG is
painted with presentation attributes, which no policy governs.

Written by hand rather than with django-csp: one fixed policy for every page, no nonces, no
per-view exceptions, and the test reads the same constant the middleware sends.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-elem 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Nothing of the portal uses the camera, the microphone, where the person is, payments, USB or the
# like; a page that were ever made to ask for them is refused by the browser itself.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
        "interest-cohort",
    )
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class IdleSessionMiddleware:
    """End a signed-in session left alone for ``ESOP_IDLE_TIMEOUT`` seconds.

    The moment of the last request is kept in the session, written at most once a minute (not on
    every request, which would be a database write per page). A session found idle is ended and the
    person sent to the login page with a message, and back to the page afterwards.
    """

    STAMP = "esop_seen"
    WRITE_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(self.STAMP)
            if seen is not None and now - seen > settings.ESOP_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi."))
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen >= self.WRITE_EVERY:
                request.session[self.STAMP] = now
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """The database lost in the middle of a request (restarted, unreachable): a 503 page that says
    nothing was saved, instead of a server error. Every save runs in one transaction, so a lost
    connection leaves nothing half-written; the next request connects again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logging.getLogger("esop.database").error("database unavailable during %s: %s", request.path, exception)
        for connection in connections.all():
            connection.close_if_unusable_or_obsolete()
        # Rendered without the request: the navigation's context processors would ask the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


def address_limited(request, group: str, rate: str) -> bool:
    """Whether the address of ``request`` has asked more than ``rate`` of ``group`` (the public
    lookups and uploads: tracking codes, verification), counted in the shared cache. Counts this ask."""
    from django_ratelimit.core import is_ratelimited

    return is_ratelimited(request, group=f"{group}.address", key="ip", rate=rate, increment=True)
