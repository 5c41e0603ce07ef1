from django.conf import settings


def koers(request):
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        from koers.notifications.selectors import unread_count

        unread = unread_count(user=user)
    return {"site_url": settings.SITE_URL, "contact_email": settings.CONTACT_EMAIL, "unread_notifications": unread}
