from .viewer import viewer


def unread_notifications(request):
    """The unread count the menu shows a signed-in member on every page (read with the role facts: .viewer).

    A callable, so a template that shows no menu (a fragment) does not read it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": lambda: viewer(user).unread}
