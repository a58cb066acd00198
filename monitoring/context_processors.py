from django.utils.functional import SimpleLazyObject

from org import permissions


def dashboard_link(request):
    """Whether the navigation bar offers the dashboard; asked only when a page shows the bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "may_see_dashboard": SimpleLazyObject(
            lambda: permissions.holds_any(user, {permissions.ESTABLISH, permissions.MANAGE})
        )
    }
