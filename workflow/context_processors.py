from . import selectors


def inbox(request):
    """The navigation bar's "Tugas saya" counts; nothing for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_counts": selectors.inbox_counts(user)}
