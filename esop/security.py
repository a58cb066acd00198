"""Headers every answer carries: a Content-Security-Policy without inline scripts.

Every script of the portal is a file under /static/ (static/js/esop.js, htmx, Bootstrap), so a
string typed into a form that ever reached a page unescaped still could not run. Inline styles stay
allowed: the flowchart SVG, progress bars and htmx's indicator use them, and a style cannot act.
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
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
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
