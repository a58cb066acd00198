from django.utils.functional import SimpleLazyObject

from . import permissions


def admin_links(request):
    """Whether the navigation bar offers the administration; asked only when a page shows the bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"may_administer": SimpleLazyObject(lambda: permissions.MANAGE in permissions.held_codenames(user))}
