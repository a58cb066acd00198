import functools

from django.utils.functional import SimpleLazyObject

from org import permissions

from . import selectors


def monitoring_links(request):
    """Which monitoring pages the navigation bar offers; one query, asked only when a page shows the bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    held = functools.cache(lambda: permissions.held_codenames(user))
    return {
        "may_see_dashboard": SimpleLazyObject(lambda: bool(held() & {permissions.ESTABLISH, permissions.MANAGE})),
        "may_monitor": SimpleLazyObject(lambda: bool(held() & {permissions.REVIEW, permissions.ESTABLISH})),
        "may_handle_feedback": SimpleLazyObject(lambda: bool(held() & {permissions.DRAFT, permissions.ESTABLISH})),
        "reading_pending": SimpleLazyObject(lambda: selectors.reading_count(user)),
    }
