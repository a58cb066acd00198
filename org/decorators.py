"""View decorators about who is signed in."""

from functools import wraps

from django.shortcuts import render


def member_required(view):
    """``login_required`` for the pages of one object (an SOP, a version, a comment).

    An anonymous visitor gets 404, exactly as for an object that does not exist, so an address
    reveals nothing; the page offers the login with the way back, for staff who followed a link.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return render(request, "404.html", status=404)
        return view(request, *args, **kwargs)

    return wrapped
