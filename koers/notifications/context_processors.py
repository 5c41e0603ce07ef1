from .selectors import unread_count


def unread_notifications(request):
    """The unread count the menu shows a signed-in member on every page."""
    user = getattr(request, "user", None)
    unread = unread_count(user=user) if user is not None and user.is_authenticated else 0
    return {"unread_notifications": unread}
